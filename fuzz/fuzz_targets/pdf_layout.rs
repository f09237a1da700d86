//! Markdown → PDF text layout: the input is the words of one step of a small valid project;
//! the checklist words come from the theme's template and are laid out on pages with the
//! theme's real fonts. Never a panic, never an endless loop, every text inside the page.
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use stepbook::source::Location;
use stepbook::load::{self, files::Memory};
use stepbook::project::Project;
use stepbook::render::pdf::{self, fonts::Fonts, layout};
use stepbook::theme::Theme;

const SITE: &str = "title:\n  nl: Demo\nlanguages: [nl]\n";
const FIELDS: &str = "eori:\n  kind: eori\n  label:\n    nl: EORI-nummer\n";
const LABELS: &str = "name: App\nlabels:\n  save:\n    text: Opslaan\n";
const PROCEDURE: &str = "version: \"1\"\nfields: [eori]\nsections:\n  - id: start\n    steps:\n      - id: open\n      - id: next\n";

static THEME: LazyLock<(Theme, Fonts)> = LazyLock::new(|| {
    let project = Project::new("/nonexistent-stepbook-fuzz", None);
    let theme = Theme::load(&project, "default", Location::file("site.yaml".as_ref()))
        .unwrap_or_else(|_| panic!("built-in theme"));
    let fonts = Fonts::parse(
        &theme.fonts[&theme.pdf.fonts.regular],
        &theme.fonts[&theme.pdf.fonts.bold],
    )
    .expect("built-in fonts");
    (theme, fonts)
});

/// The small project with `words` as the body of its first step.
fn project(words: &str) -> Memory {
    // Keep the id headings of the project: the fuzzed words go inside the first step.
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

/// The project itself must be valid, or every input would stop before the layout.
static VALID: LazyLock<()> = LazyLock::new(|| {
    let (library, diagnostics) = load::load_from(&Project::new(".", None), &project("Woorden."));
    let problems = stepbook::validate::validate(&library, None);
    assert!(
        !diagnostics.iter().chain(&problems).any(|d| d.is_error()),
        "{diagnostics:?} {problems:?}"
    );
});

fuzz_target!(|words: &str| {
    LazyLock::force(&VALID);
    let memory = project(words);
    let (library, diagnostics) = load::load_from(&Project::new(".", None), &memory);
    if diagnostics.iter().any(|d| d.is_error())
        || stepbook::validate::validate(&library, None)
            .iter()
            .any(|d| d.is_error())
    {
        return;
    }
    let (theme, fonts) = &*THEME;
    let frame = layout::Frame::new(&theme.pdf);
    for view in stepbook::view::all(&library).values().flatten() {
        let Ok(checklist) = pdf::words(&library, view, theme) else {
            continue;
        };
        let pages = layout::layout(&checklist, view, &Default::default(), &frame, fonts);
        assert!(!pages.is_empty());
    }
});
