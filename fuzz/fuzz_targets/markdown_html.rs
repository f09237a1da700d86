//! Markdown with references → HTML: the input is the words of one step of a small valid
//! project (with a field, a screen label and a step to refer to), loaded, validated and
//! rendered to its page with the built-in theme. Never a panic; a page that renders is whole
//! HTML, and no link leaves it with a scheme other than http, https or mailto.
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use stepbook::load::{self, files::Memory};
use stepbook::project::Project;
use stepbook::render::html::Pages;
use stepbook::source::Location;
use stepbook::theme::Theme;

const SITE: &str = "title:\n  nl: Demo\nlanguages: [nl]\n";
const FIELDS: &str = "eori:\n  kind: eori\n  label:\n    nl: EORI-nummer\n";
const LABELS: &str = "name: App\nlabels:\n  save:\n    text: Opslaan\n";
const PROCEDURE: &str = "version: \"1\"\nfields: [eori]\nsections:\n  - id: start\n    steps:\n      - id: open\n      - id: next\n";

static THEME: LazyLock<Theme> = LazyLock::new(|| {
    let project = Project::new("/nonexistent-stepbook-fuzz", None);
    Theme::load(&project, "default", Location::file("site.yaml".as_ref()))
        .unwrap_or_else(|_| panic!("built-in theme"))
});

/// The small project with `words` as the body of its first step.
fn project(words: &str) -> Memory {
    let words = words.replace("{#", "{ #");
    let nl = format!(
        "---\ntitle: Demo\n---\n\n# Begin {{#start}}\n\n## Open {{#open}}\n\n{words}\n\n## Verder {{#next}}\n"
    );
    let mut memory = Memory::default();
    for (path, text) in [
        ("content/site.yaml", SITE),
        ("content/fields.yaml", FIELDS),
        ("content/labels/app.yaml", LABELS),
        ("content/procedures/demo/procedure.yaml", PROCEDURE),
        ("content/procedures/demo/nl.md", &nl),
    ] {
        memory
            .files
            .insert(PathBuf::from(path), text.as_bytes().to_vec());
    }
    memory
}

fuzz_target!(|words: &str| {
    let memory = project(words);
    let (library, diagnostics) = load::load_from(&Project::new(".", None), &memory);
    if diagnostics.iter().any(|d| d.is_error())
        || stepbook::validate::validate(&library, None)
            .iter()
            .any(|d| d.is_error())
    {
        return;
    }
    let theme = &*THEME;
    for (lang, views) in stepbook::view::all(&library) {
        let summaries: Vec<_> = library
            .procedures
            .iter()
            .map(|p| stepbook::view::summary(&library, p, &lang))
            .collect();
        let pages = Pages::new(&library, theme, &lang, &summaries);
        for view in &views {
            let Ok(page) = pages.procedure(view) else {
                continue;
            };
            let html = String::from_utf8(page.bytes).expect("UTF-8 page");
            assert!(html.trim_end().ends_with("</html>"), "a whole page");
            for (at, _) in html.match_indices("href=\"") {
                let target = &html[at + 6..];
                let target = &target[..target.find('"').unwrap_or(target.len())];
                if let Some((scheme, _)) = target.split_once(':')
                    && !scheme.contains(['/', '?', '#'])
                {
                    assert!(
                        matches!(scheme, "http" | "https" | "mailto"),
                        "link `{target}` in the page"
                    );
                }
            }
        }
    }
});
