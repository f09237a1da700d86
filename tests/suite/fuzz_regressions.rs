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
