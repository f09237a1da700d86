//! Writes the built site to the output folder so that a reader never sees half of it.
//!
//! Files are written into a fresh sibling folder ([`Staging`]), which then takes the output
//! folder's place in one step ([`Staging::commit`]): on Linux `renameat2(RENAME_EXCHANGE)` swaps
//! the two folders atomically, so a crash or `kill -9` at any moment leaves either the old or the
//! new output whole; elsewhere two renames do it, with a short window in which the output folder
//! is missing (never mixed). If anything fails before the swap, the previous output is untouched.
//!
//! A marker file records that stepbook made the folder, and a folder without it is never replaced
//! (it might be someone's documents), unless it is empty or holds only a `.gitkeep`. Before any
//! of this, [`check_target`] refuses output folders whose replacement would destroy the project
//! or more (the project root, `content/`, `themes/`, `/`, the home folder, or an ancestor).

pub mod paths;

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use thiserror::Error;

/// A file of the built site: its path under the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder, with `/` separators.
    pub path: PathBuf,
    /// Content.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file at `path` with `bytes`.
    pub fn new(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// The name of the marker file in every output folder stepbook writes.
pub const MARKER: &str = ".stepbook";

/// Files kept from the old output folder: they belong to the repository, not to the build.
const KEPT: &[&str] = &[".gitkeep"];

/// Why the output could not be written.
#[derive(Debug, Error)]
pub enum OutputError {
    /// A file system operation failed.
    #[error("cannot write `{path}`: {source}")]
    Io {
        /// The path it failed on.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
    /// The output folder exists and was not made by stepbook.
    #[error(
        "refusing to replace `{0}`: it holds files and was not made by stepbook (no `.stepbook` marker); remove it or choose another `--out`"
    )]
    NotOurs(PathBuf),
    /// Replacing the output folder would delete the project, its sources, or more.
    #[error("refusing to write the site to `{out}`: it is {what}; choose another `--out`")]
    Dangerous {
        /// The output folder as given.
        out: PathBuf,
        /// What the folder is, e.g. "the project folder".
        what: String,
    },
}

/// Refuses an output folder that is, or holds, something a build must never replace: `/`, the
/// home folder, the project folder, its `content/` or `themes/` (or anything inside those two).
///
/// Paths are compared after resolving `..` and symbolic links, so `--out content/..` or a link
/// to the project folder are caught too.
pub fn check_target(out: &Path, root: &Path) -> Result<(), OutputError> {
    let out_abs = resolve(out);
    let root_abs = resolve(root);
    let refuse = |what: &str| {
        Err(OutputError::Dangerous {
            out: out.to_path_buf(),
            what: what.to_string(),
        })
    };
    if out_abs.parent().is_none() {
        return refuse("the root of the file system");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        let home = resolve(Path::new(&home));
        if home.starts_with(&out_abs) {
            return refuse(if home == out_abs {
                "the home folder"
            } else {
                "a folder holding the home folder"
            });
        }
    }
    if root_abs.starts_with(&out_abs) {
        return refuse(if root_abs == out_abs {
            "the project folder"
        } else {
            "a folder holding the project"
        });
    }
    for source in ["content", "themes"] {
        if out_abs.starts_with(root_abs.join(source)) {
            return refuse(&format!("inside the project's `{source}/` folder"));
        }
    }
    Ok(())
}

/// An absolute path with `.`/`..` and symbolic links resolved as far as the path exists; the
/// part that does not exist yet is appended lexically.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut resolved = real;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        resolved.pop();
                    }
                    Component::Normal(name) => resolved.push(name),
                    _ => {}
                }
            }
            return resolved;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Replaces `out` with a folder holding exactly `files` (plus the marker and kept files).
pub fn write(out: &Path, files: &[OutputFile]) -> Result<(), OutputError> {
    let staging = Staging::begin(out)?;
    for file in files {
        staging.put(file)?;
    }
    staging.commit()
}

/// A build being written: files go into a fresh sibling of the output folder as they are
/// rendered (so a large site is never held in memory whole), and [`Staging::commit`] swaps it
/// in. Dropped without a commit, it removes its folder and the output is untouched.
pub struct Staging {
    /// The output folder it will replace.
    out: PathBuf,
    /// The sibling folder the files are written into.
    dir: PathBuf,
    /// Whether the swap happened (else dropping removes the staging folder).
    committed: bool,
}

impl Staging {
    /// Checks that `out` may be replaced, removes what an interrupted build left behind, and
    /// creates the empty staging folder next to `out`.
    pub fn begin(out: &Path) -> Result<Staging, OutputError> {
        if out.exists() && !is_replaceable(out) {
            return Err(OutputError::NotOurs(out.to_path_buf()));
        }
        let parent = match out.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(io_at(&parent))?;
        let name = out
            .file_name()
            .map_or("output".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.stepbook-new"));
        // A build killed before its swap leaves the staging folder; one killed between the
        // two-rename fallback's steps leaves the old tree as `-old`. Neither is ever read.
        for leftover in [&dir, &parent.join(format!(".{name}.stepbook-old"))] {
            remove(leftover)?;
        }
        fs::create_dir(&dir).map_err(io_at(&dir))?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            committed: false,
        })
    }

    /// Writes one file into the staging folder (plain writes: no sync, the swap is what makes
    /// the build visible). Safe to call from several threads at once. A path that would leave
    /// the staging folder (`..`, a root) is refused.
    pub fn put(&self, file: &OutputFile) -> Result<(), OutputError> {
        if !is_plain_relative(&file.path) {
            return Err(OutputError::Io {
                path: file.path.clone(),
                source: io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "an output file must stay inside the output folder",
                ),
            });
        }
        let path = self.dir.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io_at(dir))?;
        }
        fs::write(&path, &file.bytes).map_err(io_at(&path))
    }

    /// Writes one file at `path` by handing a buffered writer to `write`, for a file made as it
    /// is written (the build manifest) rather than held in memory whole first.
    pub fn put_with(
        &self,
        path: &str,
        write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<(), OutputError> {
        if !is_plain_relative(Path::new(path)) {
            return Err(OutputError::Io {
                path: path.into(),
                source: io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "an output file must stay inside the output folder",
                ),
            });
        }
        let path = self.dir.join(path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io_at(dir))?;
        }
        let mut file = io::BufWriter::new(fs::File::create(&path).map_err(io_at(&path))?);
        write(&mut file).map_err(io_at(&path))?;
        io::Write::flush(&mut file).map_err(io_at(&path))
    }

    /// Writes a batch of files, in parallel.
    pub fn put_all(&self, files: &[OutputFile]) -> Result<(), OutputError> {
        files.par_iter().try_for_each(|file| self.put(file))
    }

    /// Adds the marker and kept files, then puts the staging folder in the output folder's
    /// place and removes the old tree.
    pub fn commit(self) -> Result<(), OutputError> {
        for kept in KEPT {
            let old = self.out.join(kept);
            if old.is_file() {
                fs::copy(&old, self.dir.join(kept)).map_err(io_at(&old))?;
            }
        }
        fs::write(
            self.dir.join(MARKER),
            "made by stepbook; this folder is replaced on every build\n",
        )
        .map_err(io_at(&self.dir))?;
        self.swap(exchange)
    }

    /// Puts the staging folder in place, swapping with `exchange` if it can.
    fn swap(mut self, exchange: fn(&Path, &Path) -> io::Result<bool>) -> Result<(), OutputError> {
        if !self.out.exists() {
            fs::rename(&self.dir, &self.out).map_err(io_at(&self.out))?;
            self.committed = true;
            return Ok(());
        }
        if exchange(&self.dir, &self.out).map_err(io_at(&self.out))? {
            self.committed = true;
            // The staging path now holds the old tree.
            return remove(&self.dir);
        }
        let retired = self.dir.with_file_name(
            self.dir
                .file_name()
                .map(|n| n.to_string_lossy().replace("-new", "-old"))
                .unwrap_or_default(),
        );
        fs::rename(&self.out, &retired).map_err(io_at(&self.out))?;
        fs::rename(&self.dir, &self.out).map_err(io_at(&self.out))?;
        self.committed = true;
        remove(&retired)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Swaps two folders atomically; `Ok(false)` if the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(errno) => Err(errno.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// A relative path with only plain names: no `..`, no root, no prefix.
fn is_plain_relative(path: &Path) -> bool {
    path.components().next().is_some()
        && path
            .components()
            .all(|part| matches!(part, Component::Normal(_)))
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> OutputError {
    let path = path.to_path_buf();
    move |source| OutputError::Io { path, source }
}

/// A folder may be replaced if stepbook made it, or if it holds nothing but kept files.
fn is_replaceable(out: &Path) -> bool {
    if out.join(MARKER).is_file() {
        return true;
    }
    match fs::read_dir(out) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .all(|entry| KEPT.iter().any(|kept| entry.file_name() == *kept)),
        Err(_) => false,
    }
}

fn remove(path: &Path) -> Result<(), OutputError> {
    match fs::remove_dir_all(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(OutputError::Io {
            path: path.to_path_buf(),
            source: error,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dangerous(out: &Path, root: &Path) -> bool {
        matches!(check_target(out, root), Err(OutputError::Dangerous { .. }))
    }

    #[test]
    fn refuses_outputs_that_would_replace_the_project_or_more() {
        let project = tempfile::tempdir().expect("temporary folder");
        let root = project.path();
        fs::create_dir_all(root.join("content/procedures")).expect("content");
        fs::create_dir_all(root.join("themes")).expect("themes");
        assert!(dangerous(root, root));
        assert!(dangerous(&root.join("content/.."), root));
        assert!(dangerous(&root.join("content"), root));
        assert!(dangerous(&root.join("content/procedures/site"), root));
        assert!(dangerous(&root.join("themes"), root));
        assert!(dangerous(root.parent().expect("parent"), root));
        assert!(dangerous(Path::new("/"), root));
        assert!(!dangerous(&root.join("output"), root));
        assert!(!dangerous(&root.join("public/site"), root));
        assert!(!dangerous(&root.join("contents"), root));
    }

    #[test]
    fn refuses_files_that_would_land_outside_the_output() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let out = folder.path().join("output");
        let staging = Staging::begin(&out).expect("staging");
        for path in ["../escape.html", "/etc/escape", ""] {
            let file = OutputFile {
                path: PathBuf::from(path),
                bytes: b"x".to_vec(),
            };
            assert!(staging.put(&file).is_err(), "{path}");
        }
        assert!(!folder.path().join("escape.html").exists());
    }

    #[test]
    fn the_two_rename_fallback_also_replaces_the_output() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let out = folder.path().join("output");
        write(&out, &[]).expect("first build");
        let staging = Staging::begin(&out).expect("staging");
        let file = OutputFile {
            path: PathBuf::from("new.html"),
            bytes: b"new".to_vec(),
        };
        staging.put(&file).expect("add");
        fs::write(staging.dir.join(MARKER), "").expect("marker");
        staging.swap(|_, _| Ok(false)).expect("swap by renames");
        assert_eq!(fs::read(out.join("new.html")).expect("read"), b"new");
        assert_eq!(fs::read_dir(folder.path()).expect("list").count(), 1);
    }

    #[test]
    fn swaps_the_new_output_in_and_removes_the_old_tree() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let out = folder.path().join("output");
        for (round, name) in ["old.html", "new.html"].iter().enumerate() {
            let file = OutputFile {
                path: PathBuf::from(name),
                bytes: vec![b'0' + round as u8],
            };
            write(&out, std::slice::from_ref(&file)).expect("write");
        }
        assert!(out.join("new.html").is_file());
        assert!(!out.join("old.html").exists());
        let mut names: Vec<_> = fs::read_dir(folder.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["output"]);
    }
}
