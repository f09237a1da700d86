//! Where the loader's files come from: the project folder on disk, or memory (for fuzzing and
//! tests). The disk side is also where the path rules live: a symbolic link is followed only if
//! it stays inside the project, only regular files are read (a FIFO would block), and no file
//! is read past [`MAX_FILE_BYTES`], so memory stays bounded whatever the content holds.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use walkdir::WalkDir;

use crate::source::Problem;

/// The largest content file stepbook reads: 8 MiB. The shipped procedure's language file is
/// about 10 KiB, so only a mistake (a pasted log, a generated file) comes near it; larger files
/// are refused rather than turned into a huge page and checklist.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// A read-only view of the files under a project; shared by the threads that load procedure
/// folders in parallel.
pub trait Files: Sync {
    /// The bytes of a file, at most [`MAX_FILE_BYTES`] + 1 of them (so the caller can tell a
    /// file that is too large).
    fn read(&self, path: &Path) -> Result<Vec<u8>, Problem>;
    /// Whether `path` is a folder.
    fn is_dir(&self, path: &Path) -> bool;
    /// Whether anything exists at `path`.
    fn exists(&self, path: &Path) -> bool;
    /// The folders (`dirs`) or other entries directly in `folder`, sorted by name; an entry that
    /// may not or cannot be read is an error with its path.
    fn list(&self, folder: &Path, dirs: bool) -> Vec<Result<PathBuf, (PathBuf, Problem)>>;
}

/// The project folder on disk.
pub struct Disk {
    /// The project folder with links resolved: every file read must be under it.
    root: PathBuf,
    /// Paths found inside the project during this load. A file or folder that is no link, in a
    /// folder found inside, is inside too: checking it costs one `lstat` instead of resolving
    /// every component of its path (a `readlink` each, and `getcwd`), which was two thirds of
    /// a load's system calls. A `Disk` lives for one load, so a folder swapped for a link
    /// later is checked again by the next.
    ///
    /// Both are hash tables: only looked up, never iterated, and a `BTreeSet` of paths compared
    /// paths component by component, 15 M instructions of loading 200 procedures.
    inside: Mutex<HashSet<PathBuf>>,
    /// The folders listed during this load.
    listings: Mutex<HashMap<PathBuf, Arc<Listing>>>,
}

impl Disk {
    /// Reads the project at `root`.
    pub fn new(root: &Path) -> Disk {
        Disk {
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            inside: Mutex::default(),
            listings: Mutex::default(),
        }
    }

    /// Whether `path` is no link, in a folder already found inside the project; a folder is
    /// remembered for the paths in it.
    fn known_inside(&self, path: &Path) -> bool {
        // `file_name` is none for a path ending in `..`, which may lead anywhere.
        let (Some(parent), Some(_)) = (path.parent(), path.file_name()) else {
            return false;
        };
        // The lock is not held over the `lstat`: the threads loading procedures check their
        // files at the same time.
        let known = |path: &Path| self.inside.lock().is_ok_and(|inside| inside.contains(path));
        if !known(parent) {
            return false;
        }
        match fs::symlink_metadata(path) {
            Ok(meta) if !meta.is_symlink() => {
                if meta.is_dir()
                    && let Ok(mut inside) = self.inside.lock()
                {
                    inside.insert(path.to_path_buf());
                }
                true
            }
            _ => false,
        }
    }

    /// Refuses a path whose links lead out of the project, or nowhere.
    pub fn check_inside(&self, path: &Path) -> Result<(), Problem> {
        if self.known_inside(path) {
            return Ok(());
        }
        let link = fs::read_link(path).ok();
        match path.canonicalize() {
            Ok(real) if real.starts_with(&self.root) => {
                if let Ok(mut inside) = self.inside.lock() {
                    inside.insert(path.to_path_buf());
                }
                Ok(())
            }
            Ok(real) => Err(match link {
                Some(target) => Problem::OutsideProject {
                    path: path.display().to_string(),
                    target: target.display().to_string(),
                },
                None => Problem::ResolvesOutside {
                    path: path.display().to_string(),
                    target: real.display().to_string(),
                },
            }),
            Err(error) => Err(match link {
                Some(target) if error.kind() == std::io::ErrorKind::NotFound => {
                    Problem::Unreadable {
                        message: format!(
                            "it is a symbolic link to `{}`, which does not exist",
                            target.display()
                        ),
                    }
                }
                _ if error.kind() == std::io::ErrorKind::NotFound => Problem::Missing {
                    what: format!("`{}`", path.display()),
                },
                _ => Problem::Unreadable {
                    message: error.to_string(),
                },
            }),
        }
    }
}

/// The bytes of a regular file, at most [`MAX_FILE_BYTES`] + 1 of them: a folder, a pipe (which
/// would block), a socket or a device is refused.
pub fn read_regular(path: &Path) -> Result<Vec<u8>, Problem> {
    let unreadable = |error: std::io::Error| Problem::Unreadable {
        message: error.to_string(),
    };
    let meta = fs::metadata(path).map_err(unreadable)?;
    if meta.is_dir() {
        return Err(Problem::Unreadable {
            message: "it is a folder, not a file".into(),
        });
    }
    if !meta.is_file() {
        return Err(Problem::Unreadable {
            message: "it is not a regular file (a pipe, socket or device)".into(),
        });
    }
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    Ok(bytes)
}

impl Files for Disk {
    fn read(&self, path: &Path) -> Result<Vec<u8>, Problem> {
        self.check_inside(path)?;
        read_regular(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    fn exists(&self, path: &Path) -> bool {
        fs::symlink_metadata(path).is_ok()
    }

    fn list(&self, folder: &Path, dirs: bool) -> Vec<Result<PathBuf, (PathBuf, Problem)>> {
        let cached = self
            .listings
            .lock()
            .ok()
            .and_then(|listings| listings.get(folder).cloned());
        let listing = cached.unwrap_or_else(|| {
            let listing = Arc::new(self.listing(folder));
            if let Ok(mut listings) = self.listings.lock() {
                listings.insert(folder.to_path_buf(), Arc::clone(&listing));
            }
            listing
        });
        listing
            .iter()
            .filter_map(|entry| match entry {
                Ok((path, is_dir)) if *is_dir == dirs => Some(Ok(path.clone())),
                Ok(_) => None,
                Err(problem) => Some(Err(problem.clone())),
            })
            .collect()
    }
}

/// What a folder holds: each entry and whether it is a folder (a link followed), or why it
/// cannot be read.
type Listing = Vec<Result<(PathBuf, bool), (PathBuf, Problem)>>;

impl Disk {
    /// Lists `folder` (once per load: the loader asks for its files and its folders, and the
    /// images' walk asks again).
    fn listing(&self, folder: &Path) -> Listing {
        // Listing a folder out of the project is already reading outside it.
        if let Err(problem) = self.check_inside(folder) {
            return vec![Err((folder.to_path_buf(), problem))];
        }
        let mut entries = Vec::new();
        let walk = WalkDir::new(folder)
            .min_depth(1)
            .max_depth(1)
            .sort_by_file_name();
        for entry in walk {
            match entry {
                Ok(entry) => {
                    // The listing says what an entry is (no `lstat`); a link is followed.
                    let is_link = entry.path_is_symlink();
                    let is_dir = !is_link && entry.file_type().is_dir();
                    let path = entry.into_path();
                    if is_link && let Err(problem) = self.check_inside(&path) {
                        entries.push(Err((path, problem)));
                    } else {
                        let is_dir = if is_link { path.is_dir() } else { is_dir };
                        entries.push(Ok((path, is_dir)));
                    }
                }
                Err(error) => entries.push(Err((
                    error.path().unwrap_or(folder).to_path_buf(),
                    Problem::Unreadable {
                        message: error.to_string(),
                    },
                ))),
            }
        }
        entries
    }
}

/// Files held in memory, by path (folders are implied by the paths of their files).
#[derive(Debug, Default, Clone)]
pub struct Memory {
    /// Path → bytes.
    pub files: BTreeMap<PathBuf, Vec<u8>>,
}

impl Files for Memory {
    fn read(&self, path: &Path) -> Result<Vec<u8>, Problem> {
        match self.files.get(path) {
            Some(bytes) => Ok(bytes[..bytes.len().min(MAX_FILE_BYTES + 1)].to_vec()),
            None if self.is_dir(path) => Err(Problem::Unreadable {
                message: "it is a folder, not a file".into(),
            }),
            None => Err(Problem::Missing {
                what: format!("`{}`", path.display()),
            }),
        }
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.files
            .keys()
            .any(|file| file != path && file.starts_with(path))
    }

    fn exists(&self, path: &Path) -> bool {
        self.files.contains_key(path) || self.is_dir(path)
    }

    fn list(&self, folder: &Path, dirs: bool) -> Vec<Result<PathBuf, (PathBuf, Problem)>> {
        let children: BTreeSet<PathBuf> = self
            .files
            .keys()
            .filter_map(|file| {
                let name = file.strip_prefix(folder).ok()?.components().next()?;
                Some(folder.join(name))
            })
            .collect();
        children
            .into_iter()
            .filter(|child| self.is_dir(child) == dirs)
            .map(Ok)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::Project;

    #[test]
    fn memory_and_disk_load_the_same_library() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let mut memory = Memory::default();
        for entry in WalkDir::new(&root).into_iter().filter_map(Result::ok) {
            if entry.file_type().is_file() {
                let relative = entry.path().strip_prefix(&root).expect("inside");
                let bytes = fs::read(entry.path()).expect("read fixture");
                memory.files.insert(relative.to_path_buf(), bytes);
            }
        }
        let (from_disk, disk_problems) = crate::load::load(&Project::new(&root, None));
        let (from_memory, memory_problems) =
            crate::load::load_from(&Project::new(".", None), &memory);
        assert!(disk_problems.is_empty() && memory_problems.is_empty());
        let ids = |library: &crate::model::Library| -> Vec<String> {
            library.procedures.iter().map(|p| p.id.clone()).collect()
        };
        assert_eq!(ids(&from_disk), ids(&from_memory));
        assert_eq!(from_disk.labels.len(), from_memory.labels.len());
        assert_eq!(from_disk.fields.len(), from_memory.fields.len());
    }

    #[cfg(unix)]
    #[test]
    fn links_out_are_refused_in_folders_already_found_inside() {
        use std::os::unix::fs::symlink;
        let project = tempfile::tempdir().expect("temporary folder");
        let outside = tempfile::tempdir().expect("temporary folder");
        fs::write(outside.path().join("secret.md"), "secret").expect("write");
        let folder = project.path().join("content/procedures/p");
        fs::create_dir_all(folder.join("sub")).expect("folders");
        fs::write(folder.join("nl.md"), "ok").expect("write");
        symlink(outside.path().join("secret.md"), folder.join("en.md")).expect("link");
        symlink(outside.path(), folder.join("out")).expect("link");
        symlink(folder.join("sub"), folder.join("in")).expect("link");
        fs::write(folder.join("sub/de.md"), "ok").expect("write");

        let disk = Disk::new(project.path());
        // Listing finds the folder inside; its files are then checked the short way.
        let listed = disk.list(&folder, true);
        let found = listed.iter().filter(|entry| entry.is_ok()).count();
        assert_eq!(
            (found, listed.len()),
            (2, 4),
            "sub and in; the links out refused"
        );
        assert!(disk.known_inside(&folder.join("nl.md")));
        assert_eq!(disk.read(&folder.join("nl.md")), Ok(b"ok".to_vec()));
        assert_eq!(disk.read(&folder.join("sub/de.md")), Ok(b"ok".to_vec()));
        // A link is never taken the short way, whatever folder it is in.
        assert!(!disk.known_inside(&folder.join("en.md")));
        assert!(matches!(
            disk.read(&folder.join("en.md")),
            Err(Problem::OutsideProject { .. })
        ));
        assert!(matches!(
            disk.read(&folder.join("out/secret.md")),
            Err(Problem::ResolvesOutside { .. })
        ));
        assert!(!disk.known_inside(&folder.join("sub/../../../../../secret.md")));
        // A link to a folder inside leads inside.
        assert_eq!(disk.read(&folder.join("in/de.md")), Ok(b"ok".to_vec()));
    }

    #[test]
    fn memory_reads_stop_at_the_limit() {
        let mut memory = Memory::default();
        let path = PathBuf::from("content/big.md");
        memory
            .files
            .insert(path.clone(), vec![b'a'; MAX_FILE_BYTES + 100]);
        assert_eq!(memory.read(&path).map(|b| b.len()), Ok(MAX_FILE_BYTES + 1));
        assert!(matches!(
            memory.read(Path::new("content")),
            Err(Problem::Unreadable { .. })
        ));
    }
}
