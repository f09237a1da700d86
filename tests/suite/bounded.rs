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

/// The minimal project with `extra` more steps after its six, in a section of their own, with
/// words in both languages; the last one is step number `6 + extra`.
fn with_steps(project: &Project, extra: usize) {
    let mut structure = project.read("content/procedures/demo/procedure.yaml");
    let at = structure.find("emails:").expect("emails");
    let mut steps = String::from("  - id: more\n    steps:\n");
    for number in 7..7 + extra {
        steps.push_str(&format!("      - id: extra-{number}\n"));
    }
    structure.insert_str(at, &steps);
    project.write("content/procedures/demo/procedure.yaml", structure);
    for lang in ["nl", "en"] {
        let path = format!("content/procedures/demo/{lang}.md");
        let mut words = project.read(&path);
        words.push_str("\n# Meer {#more}\n");
        for number in 7..7 + extra {
            words.push_str(&format!("\n## Stap {number} {{#extra-{number}}}\n"));
        }
        project.write(&path, words);
    }
}

/// A checklist holds at most 2 000 steps (issue 15: 5 000 steps took 384 MB for a 252-page
/// checklist, 100 000 would take several GB): the 2 001st step is an error at its line that says
/// what to do, the last site stays whole, and the HTML site (`--no-pdf`) has no such limit.
#[test]
fn a_procedure_too_long_for_a_checklist_is_an_error_at_its_first_step_over_the_limit() {
    let project = Project::minimal();
    project.run(&["build", "--quiet"]).success();
    assert!(project.root().join("output/nl/demo/demo-nl.pdf").exists());
    let before = crate::common::snapshot_tree(&project.root().join("output"));
    with_steps(&project, 1_995);
    let structure = project.read("content/procedures/demo/procedure.yaml");
    let line = structure
        .lines()
        .position(|l| l.trim() == "- id: extra-2001")
        .expect("step 2001")
        + 1;
    let expected = format!(
        "procedure.yaml:{line}:13: error: procedure `demo` has more than 2000 steps (step \
         `extra-2001` is number 2001)"
    );
    for args in [&["build"][..], &["check"]] {
        let run = project.run(args).failure();
        let stderr = run.stderr();
        assert!(stderr.contains(&expected), "{args:?}: {stderr}");
        assert!(stderr.contains("--no-pdf"), "{stderr}");
    }
    assert_eq!(
        crate::common::snapshot_tree(&project.root().join("output")),
        before,
        "the last site is left whole"
    );
    project.run(&["check", "--no-pdf"]).success();
    project.run(&["build", "--no-pdf", "--quiet"]).success();
    let page = project.read("output/nl/demo/index.html");
    assert!(
        page.contains("id=\"extra-2001\""),
        "the page has every step"
    );
    assert!(!project.root().join("output/nl/demo/demo-nl.pdf").exists());

    // 2 000 steps, counted in reading order with the choices' and sub-steps', are allowed.
    let at_the_limit = Project::minimal();
    with_steps(&at_the_limit, 1_994);
    at_the_limit.run(&["check"]).success();
}
