//! What the fuzz targets share: the small valid project whose first step takes the fuzzed words
//! (`markdown_html` and `pdf_layout` feed the same words to the two renderers), and the
//! built-in theme, loaded once.

use std::path::PathBuf;
use std::sync::LazyLock;

use stepbook::load::{self, files::Memory};
use stepbook::model::Library;
use stepbook::project::Project;
use stepbook::source::Location;
use stepbook::theme::Theme;

const SITE: &str = "title:\n  nl: Demo\nlanguages: [nl]\n";
const FIELDS: &str = "eori:\n  kind: eori\n  label:\n    nl: EORI-nummer\n";
const LABELS: &str = "name: App\nlabels:\n  save:\n    text: Opslaan\n";
const PROCEDURE: &str = "version: \"1\"\nfields: [eori]\nsections:\n  - id: start\n    steps:\n      - id: open\n      - id: next\n";

/// The built-in theme (no project folder: `/nonexistent-…` has no `themes/`).
pub static THEME: LazyLock<Theme> = LazyLock::new(|| {
    let project = Project::new("/nonexistent-stepbook-fuzz", None);
    Theme::load(&project, "default", Location::file("site.yaml".as_ref()))
        .unwrap_or_else(|_| panic!("built-in theme"))
});

/// The small project (a field, a screen label, a step to refer to) with `words` as the body of
/// its first step. `{#` is broken up so the words cannot declare ids of their own and take the
/// project's headings apart.
pub fn project(words: &str) -> Memory {
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

/// The project with `words`, loaded and judged: `None` if it has an error (the input stops
/// there), else the library.
pub fn library(words: &str) -> Option<Library> {
    let (library, diagnostics) = load::load_from(&Project::new(".", None), &project(words));
    let problems = stepbook::validate::validate(&library, None);
    let failed = diagnostics.iter().chain(&problems).any(|d| d.is_error());
    (!failed).then_some(library)
}

/// The project itself must be valid, or every input would stop before the renderer: checked
/// once, with plain words.
pub static VALID: LazyLock<()> = LazyLock::new(|| {
    assert!(library("Woorden.").is_some(), "the fuzz project is valid");
});
