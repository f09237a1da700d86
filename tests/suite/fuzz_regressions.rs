//! Every input that once crashed a fuzz target (`fuzz/regressions/<target>/`) is replayed the
//! way the target runs it: it must now give diagnostics, not a panic.

use std::path::PathBuf;

use stepbook::load::{self, files::Memory};
use stepbook::project::Project;

use crate::common::{MINIMAL_CONTENT_FILES, repo};

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let folder = repo().join("fuzz/regressions").join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("read input");
            (path.display().to_string(), bytes)
        })
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn loader_crashes_stay_fixed() {
    let inputs = inputs("loader");
    assert!(!inputs.is_empty());
    for (name, bytes) in inputs {
        let mut memory = Memory::default();
        for (path, part) in MINIMAL_CONTENT_FILES.iter().zip(bytes.split(|b| *b == 0)) {
            memory.files.insert(PathBuf::from(path), part.to_vec());
        }
        let (library, diagnostics) = load::load_from(&Project::new(".", None), &memory);
        // Every diagnostic can be shown (showing is where the crash was).
        let shown: String = diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(!diagnostics.is_empty() && !shown.is_empty(), "{name}");
        if !diagnostics.iter().any(|d| d.is_error()) {
            stepbook::validate::validate(&library, None);
            stepbook::view::all(&library);
        }
    }
}

/// The project of the `markdown_html` target (`fuzz/src/lib.rs`): `words` as the body of its
/// first step.
fn markdown_project(words: &str) -> Memory {
    let words = words.replace("{#", "{ #");
    let nl = format!(
        "---\ntitle: Demo\n---\n\n# Begin {{#start}}\n\n## Open {{#open}}\n\n{words}\n\n## Verder {{#next}}\n"
    );
    let mut memory = Memory::default();
    for (path, text) in [
        ("content/site.yaml", "title:\n  nl: Demo\nlanguages: [nl]\n"),
        (
            "content/fields.yaml",
            "eori:\n  kind: eori\n  label:\n    nl: EORI-nummer\n",
        ),
        (
            "content/labels/app.yaml",
            "name: App\nlabels:\n  save:\n    text: Opslaan\n",
        ),
        (
            "content/procedures/demo/procedure.yaml",
            "version: \"1\"\nfields: [eori]\nsections:\n  - id: start\n    steps:\n      - id: open\n      - id: next\n",
        ),
        ("content/procedures/demo/nl.md", &nl),
    ] {
        memory
            .files
            .insert(PathBuf::from(path), text.as_bytes().to_vec());
    }
    memory
}

/// Inputs the `markdown_html` target stopped on. The first (a link `[…](Https:…)`) was the
/// target's mistake, not stepbook's: schemes are case-insensitive and `Https:` is https, which
/// the link rule rightly lets through; the target now compares schemes in lower case, as this
/// replay does. Every page renders whole, with no link of another scheme.
#[test]
fn markdown_html_inputs_stay_fixed() {
    let theme = stepbook::theme::Theme::load(
        &Project::new("/nonexistent-stepbook-fuzz", None),
        "default",
        stepbook::source::Location::file("site.yaml".as_ref()),
    )
    .expect("built-in theme");
    let inputs = inputs("markdown_html");
    assert!(!inputs.is_empty());
    for (name, bytes) in inputs {
        let words = String::from_utf8_lossy(&bytes);
        let (library, diagnostics) =
            load::load_from(&Project::new(".", None), &markdown_project(&words));
        assert!(
            !diagnostics.iter().any(|d| d.is_error()),
            "{name}: {diagnostics:?}"
        );
        for (lang, views) in stepbook::view::all(&library) {
            let summaries: Vec<_> = library
                .procedures
                .iter()
                .map(|p| stepbook::view::summary(&library, p, &lang))
                .collect();
            let pages = stepbook::render::html::Pages::new(&library, &theme, &lang, &summaries);
            for view in &views {
                let page = pages.procedure(view).expect("renders");
                let html = String::from_utf8(page.bytes).expect("UTF-8");
                assert!(html.trim_end().ends_with("</html>"), "{name}");
                for (at, _) in html.match_indices("href=\"") {
                    let target = &html[at + 6..];
                    let target = &target[..target.find('"').unwrap_or(target.len())];
                    if let Some((scheme, _)) = target.split_once(':')
                        && !scheme.contains(['/', '?', '#'])
                    {
                        let scheme = scheme.to_ascii_lowercase();
                        assert!(
                            matches!(scheme.as_str(), "http" | "https" | "mailto"),
                            "{name}: link `{target}`"
                        );
                    }
                }
            }
        }
    }
}
