//! Writes the built site to the output folder so that a reader never sees half of it.
//!
//! Files are written into a fresh sibling folder, which then replaces the output folder; if
//! anything fails before the swap, the previous output is untouched. A marker file records that
//! stepbook made the folder, and a folder without it is never replaced (it might be someone's
//! documents), unless it is empty or holds only a `.gitkeep`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use thiserror::Error;

use crate::render::OutputFile;

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
    out: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    committed: bool,
}

fn io(path: &Path) -> impl FnOnce(io::Error) -> OutputError {
    let path = path.to_path_buf();
    move |source| OutputError::Io { path, source }
}

impl Staging {
    /// Checks that `out` may be replaced and makes the empty staging folder.
    pub fn begin(out: &Path) -> Result<Staging, OutputError> {
        if out.exists() && !is_replaceable(out) {
            return Err(OutputError::NotOurs(out.to_path_buf()));
        }
        let parent = match out.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(io(&parent))?;
        let name = out
            .file_name()
            .map_or("output".into(), |n| n.to_string_lossy().into_owned());
        let staging = parent.join(format!(".{name}.stepbook-new"));
        let retired = parent.join(format!(".{name}.stepbook-old"));
        for leftover in [&staging, &retired] {
            remove(leftover)?;
        }
        fs::create_dir(&staging).map_err(io(&staging))?;
        Ok(Staging {
            out: out.to_path_buf(),
            staging,
            retired,
            committed: false,
        })
    }

    /// Writes one file into the staging folder (plain writes: no sync, the swap is what makes
    /// the build visible). Safe to call from several threads at once.
    pub fn put(&self, file: &OutputFile) -> Result<(), OutputError> {
        let path = self.staging.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io(dir))?;
        }
        fs::write(&path, &file.bytes).map_err(io(&path))
    }

    /// Writes one file at `path` by handing a buffered writer to `write`, for a file made as it
    /// is written (the build manifest) rather than held in memory whole first.
    pub fn put_with(
        &self,
        path: &str,
        write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<(), OutputError> {
        let path = self.staging.join(path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io(dir))?;
        }
        let mut file = io::BufWriter::new(fs::File::create(&path).map_err(io(&path))?);
        write(&mut file).map_err(io(&path))?;
        io::Write::flush(&mut file).map_err(io(&path))
    }

    /// Writes a batch of files, in parallel.
    pub fn put_all(&self, files: &[OutputFile]) -> Result<(), OutputError> {
        files.par_iter().try_for_each(|file| self.put(file))
    }

    /// Adds the marker and kept files, then replaces the output folder with the staging folder.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let (out, staging, retired) = (&self.out, &self.staging, &self.retired);
        for kept in KEPT {
            let old = out.join(kept);
            if old.is_file() {
                fs::copy(&old, staging.join(kept)).map_err(io(&old))?;
            }
        }
        fs::write(
            staging.join(MARKER),
            "made by stepbook; this folder is replaced on every build\n",
        )
        .map_err(io(staging))?;
        if out.exists() {
            fs::rename(out, retired).map_err(io(out))?;
        }
        fs::rename(staging, out).map_err(io(out))?;
        self.committed = true;
        remove(retired)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
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
