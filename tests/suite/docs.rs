//! The documentation cannot drift from the code: `docs/diagnostics.md` is regenerated from
//! `Problem::catalogue()` and compared (`STEPBOOK_BLESS=1 cargo test --test suite docs` rewrites
//! it), and every relative link and anchor in the README and `docs/` must resolve.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use stepbook::source::Problem;
use stepbook::source::problem::Reported;

use crate::common::repo;

/// `docs/diagnostics.md` as `Problem::catalogue()` describes it.
fn diagnostics_markdown() -> String {
    let catalogue = Problem::catalogue();
    let count = |reported: Reported| catalogue.iter().filter(|e| e.reported == reported).count();
    let mut md = String::new();
    md.push_str(
        "<!-- Generated from `Problem::catalogue()` (src/source/problem.rs) by tests/suite/docs.rs.\n     \
         Do not edit: change the problem's doc comment or example, then run\n     \
         `STEPBOOK_BLESS=1 cargo test --test suite docs` to rewrite this file. -->\n\n",
    );
    md.push_str("# Diagnostics\n\n");
    md.push_str(&format!(
        "Every problem stepbook reports about a project, with its code. {} kinds: {} always errors, \
         {} always warnings, {} an error or a warning depending on the language.\n\n",
        catalogue.len(),
        count(Reported::Error),
        count(Reported::Warning),
        count(Reported::ErrorInSourceLanguage),
    ));
    md.push_str(
        "A diagnostic is printed as `path:line:column: severity: message`, followed by the line \
         it is about with the place underlined (see [the guide](guide.md#problems-and-exit-codes)). \
         `stepbook check --format json` gives the same as data, with the `code` below \
         ([reference](reference.md#stepbook-check)). **Codes are stable** across releases; \
         messages may be reworded, and the examples below show one wording with made-up details.\n\n\
         An **error** stops `build` and `serve`'s rebuild (exit code 1; the previous `output/` is \
         left as it was). A **warning** is printed and the build goes on; \
         `stepbook check --deny-warnings` fails on warnings too.\n\n",
    );
    md.push_str("| code | severity | meaning |\n|---|---|---|\n");
    for entry in &catalogue {
        md.push_str(&format!(
            "| [`{code}`](#{code}) | {} | {} |\n",
            entry.reported.describe(),
            entry.meaning.replace('|', "\\|"),
            code = entry.code,
        ));
    }
    md.push_str("\n## Examples\n");
    for entry in &catalogue {
        let severity = match entry.reported {
            Reported::Warning => "warning",
            Reported::Error | Reported::ErrorInSourceLanguage => "error",
        };
        md.push_str(&format!(
            "\n### `{}`\n\n{}. {}\n\n```text\n{severity}: {}\n```\n",
            entry.code,
            capitalise(entry.reported.describe()),
            entry.meaning,
            entry.example,
        ));
    }
    md
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[test]
fn diagnostics_md_is_generated_from_problem() {
    let path = repo().join("docs/diagnostics.md");
    let generated = diagnostics_markdown();
    if std::env::var_os("STEPBOOK_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write docs/diagnostics.md");
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    if on_disk != generated {
        panic!(
            "docs/diagnostics.md differs from Problem::catalogue(); rewrite it with \
             `STEPBOOK_BLESS=1 cargo test --test suite docs` and review the change.\n{}",
            line_diff(&on_disk, &generated)
        );
    }
}

/// Every diagnostic of a `check --format json` report has the severity `docs/diagnostics.md`
/// (that is, `Problem::catalogue()`) gives its code. Run on every error and warning fixture.
pub fn assert_severities_are_documented(json: &str) {
    let catalogue = Problem::catalogue();
    let report: serde_json::Value = serde_json::from_str(json).expect("check --format json");
    for diagnostic in report["diagnostics"].as_array().expect("diagnostics") {
        let code = diagnostic["code"].as_str().expect("code");
        let severity = diagnostic["severity"].as_str().expect("severity");
        let entry = catalogue
            .iter()
            .find(|entry| entry.code == code)
            .unwrap_or_else(|| panic!("`{code}` is not in Problem::catalogue()"));
        let documented = match severity {
            "error" => entry.reported.can_be_error(),
            "warning" => entry.reported.can_be_warning(),
            other => panic!("unknown severity `{other}`"),
        };
        assert!(
            documented,
            "`{code}` is reported as {severity}, but docs/diagnostics.md says: {}",
            entry.reported.describe()
        );
    }
}

/// The lines only in `old` (`-`) and only in `new` (`+`), in order: enough to see what changed.
fn line_diff(old: &str, new: &str) -> String {
    let old_lines: BTreeSet<&str> = old.lines().collect();
    let new_lines: BTreeSet<&str> = new.lines().collect();
    let removed = old.lines().filter(|l| !new_lines.contains(l));
    let added = new.lines().filter(|l| !old_lines.contains(l));
    removed
        .map(|l| format!("- {l}\n"))
        .chain(added.map(|l| format!("+ {l}\n")))
        .collect()
}

#[test]
fn every_code_of_the_catalogue_is_documented_once() {
    let text = diagnostics_markdown();
    for entry in Problem::catalogue() {
        assert_eq!(
            text.matches(&format!("\n### `{}`\n", entry.code)).count(),
            1,
            "{}",
            entry.code
        );
    }
}

/// The Markdown files of the repository's documentation.
fn documentation() -> Vec<PathBuf> {
    let root = repo();
    let mut files = vec![root.join("README.md"), root.join("tests/README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/")
        .map(|entry| entry.expect("docs/ entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// The anchors GitHub gives a Markdown file's headings: lowercase, punctuation dropped, spaces
/// as hyphens, `-1`, `-2`, … for repeats.
fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut anchors = BTreeSet::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut heading: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(heading) = heading.as_mut() {
                    heading.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let text = heading.take().unwrap_or_default();
                let slug: String = text
                    .to_lowercase()
                    .chars()
                    .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
                    .map(|c| if c == ' ' { '-' } else { c })
                    .collect();
                let repeat = seen.entry(slug.clone()).or_insert(0);
                anchors.insert(if *repeat == 0 {
                    slug
                } else {
                    format!("{slug}-{repeat}")
                });
                *repeat += 1;
            }
            _ => {}
        }
    }
    anchors
}

#[test]
fn heading_anchors_are_githubs() {
    let found = anchors(
        "# stepbook\n## `site.yaml`\n### `procedures/<id>/<lang>.md`\n## Keeping procedures current\n\
         ## Shared steps: `shared/<group>/`\n## Notes\n## Notes\n",
    );
    let expected: BTreeSet<String> = [
        "stepbook",
        "siteyaml",
        "proceduresidlangmd",
        "keeping-procedures-current",
        "shared-steps-sharedgroup",
        "notes",
        "notes-1",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(found, expected);
}

#[test]
fn links_in_the_readme_and_docs_resolve() {
    let root = repo();
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in documentation() {
        let text = std::fs::read_to_string(&file).expect("read documentation");
        let shown = file
            .strip_prefix(&root)
            .unwrap_or(&file)
            .display()
            .to_string();
        for event in Parser::new(&text) {
            let target = match event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
                _ => continue,
            };
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (path, anchor) = match target.split_once('#') {
                Some((path, anchor)) => (path, Some(anchor)),
                None => (&*target, None),
            };
            let resolved = if path.is_empty() {
                file.clone()
            } else {
                file.parent().unwrap_or(Path::new(".")).join(path)
            };
            if !resolved.exists() {
                broken.push(format!("{shown}: `{target}`: no such file"));
                continue;
            }
            let Some(anchor) = anchor else { continue };
            if resolved.extension().is_none_or(|e| e != "md") {
                broken.push(format!(
                    "{shown}: `{target}`: an anchor into a non-Markdown file"
                ));
                continue;
            }
            let target_text = std::fs::read_to_string(&resolved).expect("read link target");
            if !anchors(&target_text).contains(anchor) {
                broken.push(format!("{shown}: `{target}`: no heading with that anchor"));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(checked > 20, "only {checked} relative links found");
}

#[test]
fn the_readme_gives_the_commands_ci_runs() {
    let root = repo();
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let ci = std::fs::read_to_string(root.join(".ci/run")).expect(".ci/run");
    // The README's first code block: the build command, then the test command.
    let block = readme
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a ```sh block in README.md");
    let commands: Vec<&str> = block
        .lines()
        .map(|line| line.split(" #").next().unwrap_or(line).trim())
        .filter(|line| !line.is_empty())
        .collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    for command in commands {
        assert!(
            ci.lines().any(|line| line.trim() == command),
            "`{command}` (README.md) is not a line of .ci/run"
        );
    }
}
