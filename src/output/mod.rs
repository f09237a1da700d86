//! Writes the built site to the output folder so that a reader never sees half of it, and so
//! that one whole site is always kept.
//!
//! Files are written into a fresh sibling folder ([`Staging`], uniquely named), which then takes
//! the output folder's place in one step ([`Staging::commit`]): on Linux `renameat2(RENAME_EXCHANGE)`
//! swaps the two folders atomically, so a crash or `kill -9` at any moment leaves either the old
//! or the new output whole; elsewhere (and on file systems that refuse the exchange) two renames
//! do it, and a kill between them leaves the old site whole as `.{name}.stepbook-old`, which the
//! next build renames back before anything else. If anything fails before the swap, the previous
//! output is untouched. Builds into one output folder take turns: each holds an advisory lock
//! (`flock`) on the output's parent folder from the start of its writing to the end of its swap.
//!
//! A marker file records that stepbook made the folder, and a folder without it is never replaced
//! (it might be someone's documents), unless it is empty or holds only a `.gitkeep`. Before any
//! of this, [`check_target`] refuses output folders whose replacement would destroy the project
//! or more (the project root, `content/`, `themes/`, `/`, the home folder, or an ancestor).
//! Symbolic links are never followed: an output folder that is a link is refused (the site would
//! be published through it while the link is replaced), a kept file that is a link is refused
//! (it could publish a file from anywhere), and leftovers that are links are removed as links.
//! A mount point is refused too, with what to do: it cannot be renamed, so it cannot be swapped.

pub mod paths;

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use thiserror::Error;

/// A file of the built site: its path under the output folder and its bytes, or the next
/// piece of a file handed on in pieces (`append`), as the search index of a large site is: its
/// first piece is a file of its own, every later one goes at the end of it, in the order
/// given, so the whole is never held in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder, with `/` separators.
    pub path: PathBuf,
    /// Content.
    pub bytes: Vec<u8>,
    /// Whether `bytes` go at the end of the file at `path`, made by an earlier piece.
    pub append: bool,
}

impl OutputFile {
    /// A file at `path` with `bytes`.
    pub fn new(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
            append: false,
        }
    }

    /// `bytes` to add at the end of the file at `path`, begun by an earlier [`OutputFile::new`].
    pub fn appended(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            append: true,
            ..OutputFile::new(path, bytes)
        }
    }
}

/// Files collected in memory (`render`, `serve`): pieces joined to the file they continue.
#[derive(Debug, Default)]
pub struct Gathered {
    files: Vec<OutputFile>,
    /// Where each path is in `files`, for the pieces.
    at: std::collections::HashMap<PathBuf, usize>,
}

impl Gathered {
    /// Adds a batch as the driver hands it on.
    pub fn extend(&mut self, batch: Vec<OutputFile>) {
        for file in batch {
            match self.at.get(&file.path) {
                Some(&i) if file.append => self.files[i].bytes.extend_from_slice(&file.bytes),
                _ => {
                    self.at.insert(file.path.clone(), self.files.len());
                    self.files.push(OutputFile {
                        append: false,
                        ..file
                    });
                }
            }
        }
    }

    /// The whole files, in the order they were begun.
    pub fn into_files(self) -> Vec<OutputFile> {
        self.files
    }
}

/// The name of the marker file in every output folder stepbook writes.
pub const MARKER: &str = ".stepbook";

/// Files kept from the old output folder: they belong to the repository, not to the build.
/// Only plain files are carried over, never a symbolic link (which could publish a file from
/// anywhere the build can read).
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
    /// The output folder is a symbolic link.
    #[error(
        "refusing to write the site to `{out}`: it is a symbolic link to `{target}`, and stepbook replaces the output folder as a whole rather than writing through a link; use `--out {target}` if that is where the site belongs"
    )]
    Link {
        /// The output folder as given.
        out: PathBuf,
        /// Where the link points.
        target: PathBuf,
    },
    /// The output folder is a mount point, which cannot be renamed.
    #[error(
        "refusing to write the site to `{0}`: it is a mount point, and stepbook publishes by putting a complete new folder in the output folder's place, which a mount point does not allow; use a folder inside it (for example `--out {0}/site`) and point the web server there"
    )]
    MountPoint(PathBuf),
    /// A file the build would carry over from the old output is not a plain file.
    #[error(
        "refusing to carry `{0}` over into the new output: it is not a plain file (a symbolic link could publish a file from outside the project); replace it with an empty file"
    )]
    NotPlain(PathBuf),
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

/// The folders a build of one output folder uses next to it, in the output's parent:
/// `.{name}.stepbook-new.{unique}` (a build being written), `.{name}.stepbook-old` (the last
/// whole site, between the two renames of the fallback swap) and `.{name}.stepbook-trash.{unique}`
/// (an old tree being removed).
struct Siblings {
    parent: PathBuf,
    name: String,
}

impl Siblings {
    fn of(out: &Path) -> Siblings {
        let parent = match out.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = out
            .file_name()
            .map_or("output".into(), |n| n.to_string_lossy().into_owned());
        Siblings { parent, name }
    }

    /// A name no other build uses, even one of this process.
    fn unique(&self, kind: &str) -> PathBuf {
        static COUNT: AtomicU64 = AtomicU64::new(0);
        let count = COUNT.fetch_add(1, Ordering::Relaxed);
        let pid = std::process::id();
        self.parent
            .join(format!(".{}.stepbook-{kind}.{pid}.{count}", self.name))
    }

    fn old(&self) -> PathBuf {
        self.parent.join(format!(".{}.stepbook-old", self.name))
    }

    /// Whether `file_name` is a staging folder or an old tree being removed, which an
    /// interrupted build may leave (`.{name}.stepbook-new` alone is what older versions made).
    fn is_leftover(&self, file_name: &str) -> bool {
        ["new", "trash"].iter().any(|kind| {
            file_name
                .strip_prefix(&format!(".{}.stepbook-{kind}", self.name))
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        })
    }
}

/// A build being written: files go into a fresh sibling of the output folder as they are
/// rendered (so a large site is never held in memory whole), and [`Staging::commit`] swaps it
/// in. Dropped without a commit, it removes its folder and the output is untouched.
///
/// It holds an advisory lock on the output's parent folder from [`Staging::begin`] to the end
/// of the commit, so two builds into one output folder (an editor's on-save hook and a
/// terminal, two CI jobs in one workspace) take turns: each publishes a whole site.
pub struct Staging {
    /// The output folder it will replace.
    out: PathBuf,
    /// The folders next to it.
    siblings: Siblings,
    /// The sibling folder the files are written into.
    dir: PathBuf,
    /// Whether the swap happened (else dropping removes the staging folder).
    committed: bool,
    /// Held until the staging is committed or dropped.
    _lock: Lock,
}

impl Staging {
    /// Waits for any other build into the same parent folder to finish, restores the last
    /// whole site if an interrupted build left the output missing, removes what interrupted
    /// builds left behind, checks that `out` may be replaced, and creates the empty staging
    /// folder next to `out`.
    pub fn begin(out: &Path) -> Result<Staging, OutputError> {
        // `output/.` and `output/` name the folder itself (renaming `output/.` fails).
        let out: PathBuf = out.components().collect();
        let siblings = Siblings::of(&out);
        fs::create_dir_all(&siblings.parent).map_err(io_at(&siblings.parent))?;
        let lock = Lock::take(&siblings.parent)?;
        seam::at("locked").map_err(io_at(&out))?;
        let out_meta = match fs::symlink_metadata(&out) {
            Ok(meta) => Some(meta),
            Err(error) if error.kind() == io::ErrorKind::NotFound => None,
            Err(error) => return Err(io_at(&out)(error)),
        };
        if out_meta.as_ref().is_some_and(fs::Metadata::is_symlink) {
            return Err(OutputError::Link {
                target: fs::read_link(&out).map_err(io_at(&out))?,
                out,
            });
        }
        recover(&out, out_meta.is_some(), &siblings)?;
        let exists = fs::symlink_metadata(&out).is_ok();
        if exists && !is_replaceable(&out) {
            return Err(OutputError::NotOurs(out));
        }
        if exists && is_mount_point(&out) {
            return Err(OutputError::MountPoint(out));
        }
        for kept in KEPT {
            let path = out.join(kept);
            if fs::symlink_metadata(&path).is_ok_and(|meta| !meta.is_file()) {
                return Err(OutputError::NotPlain(path));
            }
        }
        let dir = siblings.unique("new");
        fs::create_dir(&dir).map_err(io_at(&dir))?;
        Ok(Staging {
            out,
            siblings,
            dir,
            committed: false,
            _lock: lock,
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
        if file.append {
            let mut to = fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .map_err(io_at(&path))?;
            return io::Write::write_all(&mut to, &file.bytes).map_err(io_at(&path));
        }
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

    /// Writes a batch of files, in parallel, then the pieces appended to files, in order (a
    /// piece's file was begun in an earlier batch or in this one).
    pub fn put_all(&self, files: &[OutputFile]) -> Result<(), OutputError> {
        files
            .par_iter()
            .filter(|file| !file.append)
            .try_for_each(|file| self.put(file))?;
        files
            .iter()
            .filter(|file| file.append)
            .try_for_each(|file| self.put(file))
    }

    /// Adds the marker and kept files, then puts the staging folder in the output folder's
    /// place and removes the old tree.
    pub fn commit(self) -> Result<(), OutputError> {
        for kept in KEPT {
            carry_over(&self.out.join(kept), &self.dir.join(kept))?;
        }
        fs::write(
            self.dir.join(MARKER),
            "made by stepbook; this folder is replaced on every build\n",
        )
        .map_err(io_at(&self.dir))?;
        seam::at("staged").map_err(io_at(&self.dir))?;
        if seam::no_exchange() {
            self.swap(|_, _| Ok(false))
        } else {
            self.swap(exchange)
        }
    }

    /// Puts the staging folder in place, swapping with `exchange` if it can, else by the
    /// two-rename fallback: the old output is renamed to `.{name}.stepbook-old`, the new one
    /// into its place, and the old tree is then renamed away and removed. A kill between the two
    /// renames leaves no output folder but the old site whole as `-old`, which the next
    /// [`Staging::begin`] puts back before anything else.
    fn swap(mut self, exchange: fn(&Path, &Path) -> io::Result<bool>) -> Result<(), OutputError> {
        let out = self.out.clone();
        let busy = |error: io::Error| match error.kind() {
            io::ErrorKind::ResourceBusy => OutputError::MountPoint(out.clone()),
            _ => OutputError::Io {
                path: out.clone(),
                source: error,
            },
        };
        if fs::symlink_metadata(&self.out).is_err() {
            fs::rename(&self.dir, &self.out).map_err(busy)?;
            self.committed = true;
            seam::at("published").map_err(io_at(&self.out))?;
            return Ok(());
        }
        if exchange(&self.dir, &self.out).map_err(busy)? {
            self.committed = true;
            seam::at("exchanged").map_err(io_at(&self.out))?;
            // The staging path now holds the old tree.
            return remove(&self.dir);
        }
        let old = self.siblings.old();
        fs::rename(&self.out, &old).map_err(busy)?;
        seam::at("retired").map_err(io_at(&self.out))?;
        if let Err(error) = fs::rename(&self.dir, &self.out) {
            // Put the old site back; if even that fails, the next build does.
            let _ = fs::rename(&old, &self.out);
            return Err(busy(error));
        }
        self.committed = true;
        seam::at("published").map_err(io_at(&self.out))?;
        let trash = self.siblings.unique("trash");
        fs::rename(&old, &trash).map_err(io_at(&old))?;
        seam::at("discarded").map_err(io_at(&self.out))?;
        remove(&trash)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Puts the output folder back in order after an interrupted build, under the lock: if the
/// output is missing and `.{name}.stepbook-old` holds a site stepbook made, that is the last
/// whole site (a kill between the fallback's two renames) and is renamed back first; an `-old`
/// next to an output of ours is superseded and removed; staging folders and old trees being
/// removed are removed. Nothing else is touched.
fn recover(out: &Path, out_exists: bool, siblings: &Siblings) -> Result<(), OutputError> {
    let old = siblings.old();
    if fs::symlink_metadata(&old).is_ok_and(|meta| !meta.is_dir()) {
        // Never a site: a link (removed itself, never followed) or a stray file.
        fs::remove_file(&old).map_err(io_at(&old))?;
    }
    let old_is_site = fs::symlink_metadata(&old).is_ok_and(|meta| meta.is_dir())
        && fs::symlink_metadata(old.join(MARKER)).is_ok_and(|meta| meta.is_file());
    if old_is_site {
        if !out_exists {
            fs::rename(&old, out).map_err(io_at(out))?;
        } else if fs::symlink_metadata(out.join(MARKER)).is_ok_and(|meta| meta.is_file()) {
            let trash = siblings.unique("trash");
            fs::rename(&old, &trash).map_err(io_at(&old))?;
            remove(&trash)?;
        }
    }
    let entries = fs::read_dir(&siblings.parent).map_err(io_at(&siblings.parent))?;
    for entry in entries {
        let entry = entry.map_err(io_at(&siblings.parent))?;
        if siblings.is_leftover(&entry.file_name().to_string_lossy()) {
            // `remove_dir_all` removes a link itself, never what it points to.
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => remove(&path)?,
                _ => fs::remove_file(&path).map_err(io_at(&path))?,
            }
        }
    }
    Ok(())
}

/// Copies a kept file from the old output into the staging folder, if it is there: only a
/// plain file, opened without following a link (a link swapped in since [`Staging::begin`]
/// checked is refused too).
fn carry_over(from: &Path, to: &Path) -> Result<(), OutputError> {
    match fs::symlink_metadata(from) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(io_at(from)(error)),
        Ok(meta) if !meta.is_file() => return Err(OutputError::NotPlain(from.to_path_buf())),
        Ok(_) => {}
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
        options.custom_flags(flags.bits() as i32);
    }
    let mut source = match options.open(from) {
        Ok(file) => file,
        Err(_) if fs::symlink_metadata(from).is_ok_and(|meta| !meta.is_file()) => {
            return Err(OutputError::NotPlain(from.to_path_buf()));
        }
        Err(error) => return Err(io_at(from)(error)),
    };
    if !source.metadata().map_err(io_at(from))?.is_file() {
        return Err(OutputError::NotPlain(from.to_path_buf()));
    }
    let mut target = fs::File::create(to).map_err(io_at(to))?;
    io::copy(&mut source, &mut target).map_err(io_at(to))?;
    Ok(())
}

/// An advisory lock on a folder, held while the value lives (the operating system releases it
/// when the process ends, however it ends).
struct Lock(#[allow(dead_code)] Option<fs::File>);

impl Lock {
    /// Waits for and takes the lock on `folder`.
    #[cfg(unix)]
    fn take(folder: &Path) -> Result<Lock, OutputError> {
        use rustix::fs::{FlockOperation, flock};
        let file = fs::File::open(folder).map_err(io_at(folder))?;
        flock(&file, FlockOperation::LockExclusive)
            .map_err(|errno| io_at(folder)(io::Error::from(errno)))?;
        Ok(Lock(Some(file)))
    }

    #[cfg(not(unix))]
    fn take(_: &Path) -> Result<Lock, OutputError> {
        Ok(Lock(None))
    }
}

/// Whether `path` is a mount point, which cannot be renamed or swapped.
#[cfg(target_os = "linux")]
fn is_mount_point(path: &Path) -> bool {
    use rustix::fs::{AtFlags, CWD, StatxAttributes, StatxFlags, statx};
    let flags = AtFlags::NO_AUTOMOUNT | AtFlags::SYMLINK_NOFOLLOW;
    match statx(CWD, path, flags, StatxFlags::empty()) {
        Ok(stat)
            if stat
                .stx_attributes_mask
                .contains(StatxAttributes::MOUNT_ROOT) =>
        {
            stat.stx_attributes.contains(StatxAttributes::MOUNT_ROOT)
        }
        _ => on_another_device(path),
    }
}

#[cfg(all(unix, not(target_os = "linux")))]
fn is_mount_point(path: &Path) -> bool {
    on_another_device(path)
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path) -> bool {
    false
}

/// Whether `path` is on another file system than its parent folder.
#[cfg(unix)]
fn on_another_device(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let parent = Siblings::of(path).parent;
    match (fs::symlink_metadata(path), fs::metadata(parent)) {
        (Ok(a), Ok(b)) => a.dev() != b.dev(),
        _ => false,
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

/// Test seams, in debug builds only (the test suite runs the debug binary): environment
/// variables that make the build stop, fail or wait at a named step of publishing, and force
/// the two-rename fallback, so the tests can put a kill at every step deterministically.
/// Release builds ignore them.
mod seam {
    use std::io;

    /// At `step` (`locked`, `staged`, `exchanged`, `retired`, `published`, `discarded`):
    /// `STEPBOOK_TEST_EXIT_AT=step` ends the process at once, as `kill -9` would (no cleanup
    /// runs); `STEPBOOK_TEST_FAIL_AT=step` fails the build there; `STEPBOOK_TEST_PAUSE_AT=step`
    /// creates `$STEPBOOK_TEST_PAUSE_FILE.reached` and waits until `$STEPBOOK_TEST_PAUSE_FILE`
    /// exists.
    pub(super) fn at(step: &str) -> io::Result<()> {
        #[cfg(debug_assertions)]
        {
            let is = |var: &str| std::env::var_os(var).is_some_and(|value| value == step);
            if is("STEPBOOK_TEST_EXIT_AT") {
                std::process::exit(137);
            }
            if is("STEPBOOK_TEST_FAIL_AT") {
                return Err(io::Error::other(format!("stopped at `{step}` by a test")));
            }
            if is("STEPBOOK_TEST_PAUSE_AT")
                && let Some(file) = std::env::var_os("STEPBOOK_TEST_PAUSE_FILE")
            {
                let file = std::path::PathBuf::from(file);
                let mut reached = file.clone().into_os_string();
                reached.push(".reached");
                std::fs::write(reached, step)?;
                while !file.exists() {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
            }
        }
        #[cfg(not(debug_assertions))]
        let _ = step;
        Ok(())
    }

    /// Whether `STEPBOOK_TEST_NO_EXCHANGE` asks for the two-rename fallback.
    pub(super) fn no_exchange() -> bool {
        cfg!(debug_assertions) && std::env::var_os("STEPBOOK_TEST_NO_EXCHANGE").is_some()
    }
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
    if fs::symlink_metadata(out.join(MARKER)).is_ok_and(|meta| meta.is_file()) {
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
            let file = OutputFile::new(path, b"x".to_vec());
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
        let file = OutputFile::new("new.html", b"new".to_vec());
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
            let file = OutputFile::new(*name, vec![b'0' + round as u8]);
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
