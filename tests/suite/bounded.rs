//! Inputs that must not hang or flood (issue 15, items 6, 8 and 15): a diagnostic on a huge line
//! quotes a window around the problem, a profile is read like a content file (a regular file,
//! bounded in size, UTF-8 with positioned errors), and so is a theme's text. The line breaker's
//! and the profile values' linear work is counted in `render::pdf::layout::tests`.

use std::fs;
use std::process::Command;

use crate::common::Project;

/// The minimal project with `line` as a paragraph of its procedure.
fn with_line(line: &str) -> Project {
    let project = Project::minimal();
    let path = "content/procedures/demo/nl.md";
    let text = project.read(path).replace("Inleiding.", line);
    project.write(path, text);
    project
}

#[test]
fn a_problem_on_a_huge_line_is_quoted_as_a_window_around_it() {
    let mut sizes = Vec::new();
    for length in [1_000_000, 4_000_000] {
        let filler = "woord ".repeat(length / 12);
        let project = with_line(&format!("{filler}[[app:nope]] {filler}"));
        let run = project.run(&["check"]).failure();
        let stderr = run.stderr();
        let column = filler.chars().count() + 1;
        assert!(
            stderr.contains(&format!("nl.md:6:{column}: error: unknown screen label")),
            "{}",
            &stderr[..stderr.len().min(2_000)]
        );
        // The quote is a window with the problem underlined under it, not the whole line.
        let quote = stderr
            .lines()
            .find(|l| l.starts_with("6 | "))
            .expect("quote");
        let caret = stderr
            .lines()
            .skip_while(|l| !l.starts_with("6 | "))
            .nth(1)
            .expect("caret");
        assert!(
            quote.starts_with("6 | …woord") && quote.ends_with('…'),
            "{quote}"
        );
        let under = caret.find('^').expect("underline");
        let underlined: String = quote.chars().skip(under).take(12).collect();
        assert_eq!(underlined, "[[app:nope]]");
        assert!(caret.ends_with(&"^".repeat("[[app:nope]]".len())));
        sizes.push(stderr.len());
    }
    // Four times the line, the same message (but for the column's digits).
    assert!(sizes[0] < 2_000 && sizes[1] < sizes[0] + 10, "{sizes:?}");
}

#[test]
fn a_profile_is_a_regular_file_of_bounded_size_in_utf8() {
    let project = Project::minimal();
    let folder = tempfile::tempdir().expect("temporary folder");
    let fifo = folder.path().join("fifo.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let large = folder.path().join("large.yaml");
    fs::write(&large, format!("company-name: {}\n", "a".repeat(9 << 20))).expect("write");
    let latin1 = folder.path().join("latin1.yaml");
    fs::write(
        &latin1,
        b"address: Korenmarkt 1\ncompany-name: Caf\xe9 Eclair\n",
    )
    .expect("write");
    let cases = [
        (
            &fifo,
            ":1:1: error: cannot read file: it is not a regular file".to_string(),
        ),
        (&large, "error: file is larger than 8 MiB".to_string()),
        (&latin1, ":2:18: error:".to_string()),
    ];
    for (path, expected) in cases {
        let path = path.display().to_string();
        let run = project.run(&["build", "--profile", &path]).failure();
        assert!(run.stderr().contains(&expected), "{path}: {}", run.stderr());
        assert!(!project.root().join("output").exists());
    }
}

#[test]
fn a_theme_template_that_is_not_utf8_is_an_error_at_its_position() {
    let project = Project::minimal();
    let templates = project.root().join("themes/default/templates");
    fs::create_dir_all(&templates).expect("theme folder");
    let base = crate::common::repo().join("themes/default/templates/base.html");
    let mut text = fs::read(base).expect("built-in template");
    let second_line = text.iter().position(|&b| b == b'\n').expect("two lines") + 1;
    text.splice(
        second_line..second_line,
        b"<!-- caf\xe9 -->\n".iter().copied(),
    );
    fs::write(templates.join("base.html"), text).expect("write");
    let run = project.run(&["build", "-q"]).failure();
    assert!(
        run.stderr()
            .contains("themes/default/templates/base.html:2:9: error:"),
        "{}",
        run.stderr()
    );
    assert!(!project.root().join("output").exists());
}
