//! The content loader from memory: YAML and Markdown files → library → validation → views.
//!
//! The input is split at NUL bytes into the files of a small project (site, fields, labels,
//! procedure structure, two language files), so the fuzzer can change any of them. Whatever
//! the bytes, loading must report problems, never panic; valid content must also go through
//! validation and the view-models.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use stepbook::load::{self, files::Memory};
use stepbook::project::Project;

/// The content files of `tests/fixtures/minimal` (the suite shares the same list as
/// `common::MINIMAL_CONTENT_FILES`; this crate builds apart from it).
const FILES: [&str; 6] = [
    "content/site.yaml",
    "content/fields.yaml",
    "content/labels/app.yaml",
    "content/procedures/demo/procedure.yaml",
    "content/procedures/demo/nl.md",
    "content/procedures/demo/en.md",
];

fuzz_target!(|bytes: &[u8]| {
    let mut memory = Memory::default();
    for (path, part) in FILES.iter().zip(bytes.split(|b| *b == 0)) {
        memory.files.insert(PathBuf::from(path), part.to_vec());
    }
    let project = Project::new(".", None);
    let (library, diagnostics) = load::load_from(&project, &memory);
    if diagnostics.iter().any(|d| d.is_error()) {
        return;
    }
    let problems = stepbook::validate::validate(&library, None);
    if problems.iter().any(|d| d.is_error()) {
        return;
    }
    for views in stepbook::view::all(&library).values() {
        assert_eq!(
            views.len(),
            library.procedures.len(),
            "a view per procedure"
        );
    }
});
