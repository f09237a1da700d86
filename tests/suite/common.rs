//! Helpers shared by the integration tests: fixture projects copied into a temporary folder and
//! the real `stepbook` binary run on them.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Every content file of `tests/fixtures/minimal`, in the order the fuzz target `loader` splits
/// its input into (see `fuzz/fuzz_targets/loader.rs`, which keeps its own copy of this list).
pub const MINIMAL_CONTENT_FILES: [&str; 6] = [
    "content/site.yaml",
    "content/fields.yaml",
    "content/labels/app.yaml",
    "content/procedures/demo/procedure.yaml",
    "content/procedures/demo/nl.md",
    "content/procedures/demo/en.md",
];

/// The repository root (where the shipped `content/` is).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture project in a temporary folder.
pub struct Project {
    /// Keeps the folder alive.
    pub dir: tempfile::TempDir,
}

impl Project {
    /// A copy of `tests/fixtures/minimal`, a small valid project in two languages.
    pub fn minimal() -> Project {
        Project::copy_of(&repo().join("tests/fixtures/minimal"))
    }

    /// A copy of the shipped project (`content/` and `themes/`).
    pub fn shipped() -> Project {
        let project = Project::empty();
        copy_dir(&repo().join("content"), &project.root().join("content"));
        copy_dir(&repo().join("themes"), &project.root().join("themes"));
        project
    }

    /// Lays a case of a fixture corpus (`tests/fixtures/<corpus>/<case>/`) over this project:
    /// its `content/` and `themes/` files are copied in, the paths in its `remove.txt` removed.
    pub fn overlay(&self, corpus: &str, case: &str) -> &Self {
        let overlay = repo().join("tests/fixtures").join(corpus).join(case);
        for part in ["content", "themes"] {
            if overlay.join(part).is_dir() {
                copy_dir(&overlay.join(part), &self.root().join(part));
            }
        }
        if let Ok(removals) = fs::read_to_string(overlay.join("remove.txt")) {
            for path in removals.lines().filter(|l| !l.trim().is_empty()) {
                fs::remove_file(self.root().join(path.trim())).expect("remove fixture file");
            }
        }
        self
    }

    /// A copy of any folder.
    pub fn copy_of(source: &Path) -> Project {
        let project = Project::empty();
        copy_dir(source, project.root());
        project
    }

    fn empty() -> Project {
        Project {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// The project folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes (or replaces) a file of the project.
    pub fn write(&self, relative: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.root().join(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        fs::write(path, text).expect("write file");
        self
    }

    /// Reads a file of the project (or of its output) as text.
    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.root().join(relative))
            .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
    }

    /// Runs `stepbook ARGS` in the project folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Runs `stepbook ARGS` in the project folder with these environment variables set.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_stepbook"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .output()
            .expect("run stepbook");
        Run(output)
    }
}

/// The outcome of a run of the binary.
pub struct Run(pub Output);

impl Run {
    /// Standard error as text.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    /// Standard output as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    /// Asserts the run succeeded and returns itself.
    pub fn success(self) -> Self {
        assert!(
            self.0.status.success(),
            "stepbook failed:\n{}",
            self.stderr()
        );
        self
    }

    /// Asserts the run failed with exit code 1 and returns itself.
    pub fn failure(self) -> Self {
        assert_eq!(
            self.0.status.code(),
            Some(1),
            "expected exit code 1:\n{}",
            self.stderr()
        );
        self
    }
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("create folder");
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Every file under `dir` with its bytes, by relative path, for comparing whole trees.
pub fn snapshot_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).expect("inside").to_path_buf();
            (relative, fs::read(e.path()).expect("read"))
        })
        .collect();
    files.sort();
    files
}

/// Poppler's tools (`pdftoppm`, `pdfimages`), if they are here; `STEPBOOK_REQUIRE_POPPLER=1`
/// (set by `.ci/run`) makes their absence a failure instead of a skip.
pub fn poppler() -> bool {
    let here = std::process::Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
    if !here {
        assert!(
            std::env::var_os("STEPBOOK_REQUIRE_POPPLER").is_none(),
            "STEPBOOK_REQUIRE_POPPLER is set, but pdftoppm is not installed (poppler-utils)"
        );
        eprintln!("skipped: pdftoppm is not installed (poppler-utils)");
    }
    here
}
