//! Reads a project's `content/` folder into a [`Library`].
//!
//! Loading never stops at the first problem: every file that can be read is read, and every
//! problem becomes a [`Diagnostic`] with its position. Rules that span files are left to
//! [`crate::validate`].

pub mod files;
mod images;
mod include;
pub mod profile;
mod screens;
mod words;

pub use words::id_range;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use files::{Disk, Files, MAX_FILE_BYTES};

use crate::model::{Library, Procedure, SharedGroup, Site, UniqueMap, Words};
use crate::project::Project;
use crate::source::FileId;
use crate::source::Problem;
use crate::source::{Diagnostic, Location, SourceFile};

/// How many procedure folders are loaded (in parallel) before the next ones: enough to keep
/// every core busy, few enough that their intermediate parts stay small.
const LOAD_BATCH: usize = 64;

/// Loads everything under `content/`. The library holds what could be read; the diagnostics
/// say what could not.
pub fn load(project: &Project) -> (Library, Vec<Diagnostic>) {
    load_from(project, &Disk::new(&project.root))
}

/// Loads everything under `content/` from `files` (the disk, or memory for fuzzing).
pub fn load_from(project: &Project, files: &dyn Files) -> (Library, Vec<Diagnostic>) {
    let (library, diagnostics, ()) = load_then(project, files, |_| ());
    (library, diagnostics)
}

/// [`load_from`], calling `after_shared` with the library as soon as the shared files
/// (`site.yaml` above all) are loaded and before the procedures are: `build` starts loading
/// the theme and its fonts there, on a thread of their own.
pub fn load_then<T>(
    project: &Project,
    files: &dyn Files,
    after_shared: impl FnOnce(&Library) -> T,
) -> (Library, Vec<Diagnostic>, T) {
    let (loaded, early) = Loaded::from_then(project, files, after_shared);
    let diagnostics = loaded.diagnostics().cloned().collect();
    (loaded.library, diagnostics, early)
}

/// The content, with each problem the loader found kept with the part it belongs to, so that
/// `serve` can reload one procedure folder and replace only that folder's problems. A full load
/// ([`load_from`]) and a session's reloads go through the same functions.
#[derive(Debug, Default)]
pub struct Loaded {
    /// What could be read.
    pub library: Library,
    /// Problems of the shared files (site, fields, labels, countries, shared steps).
    shared: Vec<Diagnostic>,
    /// Problems of listing `content/procedures/` itself (an entry that cannot be read).
    listing: Vec<Diagnostic>,
    /// Problems of each procedure folder, by folder name.
    procedures: std::collections::BTreeMap<String, Vec<Diagnostic>>,
}

impl Loaded {
    /// Loads everything under `content/`.
    pub fn from(project: &Project, files: &dyn Files) -> Loaded {
        Loaded::from_then(project, files, |_| ()).0
    }

    /// [`Loaded::from`], calling `after_shared` between the shared files and the procedures.
    fn from_then<T>(
        project: &Project,
        files: &dyn Files,
        after_shared: impl FnOnce(&Library) -> T,
    ) -> (Loaded, T) {
        let (library, shared) = load_shared_from(project, files);
        let early = after_shared(&library);
        let mut loaded = Loaded {
            library,
            shared,
            ..Loaded::default()
        };
        if files.is_dir(&project.content()) {
            let all: Vec<String> = loaded.procedure_folders(project, files);
            loaded.reload_procedures(project, files, &all);
        }
        (loaded, early)
    }

    /// Every problem found, shared files first, then each procedure folder in name order.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.shared
            .iter()
            .chain(&self.listing)
            .chain(self.procedures.values().flatten())
    }

    /// Reads the procedure folders named `ids` again (a folder that is gone removes its
    /// procedure), keeping the library's procedures in folder-name order.
    pub fn reload_procedures(&mut self, project: &Project, files: &dyn Files, ids: &[String]) {
        let folder = project.path("content/procedures");
        // Whether the edited folders are there, looked at one by one: listing and inspecting
        // every procedure's folder was a fifth of a serve rebuild at 1 000 procedures. The
        // folder is listed again when a link is involved or the last listing had a problem,
        // as only a listing judges those.
        let is_link = |id: &String| {
            std::fs::symlink_metadata(folder.join(id)).is_ok_and(|meta| meta.is_symlink())
        };
        let present: std::collections::BTreeSet<String> =
            match self.listing.is_empty() && !ids.iter().any(is_link) {
                true => ids
                    .iter()
                    .filter(|id| !id.starts_with('.') && files.is_dir(&folder.join(id)))
                    .cloned()
                    .collect(),
                false => self.procedure_folders(project, files).into_iter().collect(),
            };
        // Removed all at once: one `retain` per id made a full load quadratic (10^8 id
        // comparisons at 10 000 procedures).
        let reloaded: std::collections::BTreeSet<&str> = ids.iter().map(String::as_str).collect();
        self.library
            .procedures
            .retain(|p| !reloaded.contains(p.id.as_str()));
        for id in ids {
            self.procedures.remove(id);
        }
        // Read and parsed in parallel, then given their file ids in the order of `ids`, as a
        // serial load gave them (they order diagnostics and whatever is iterated by file),
        // then finished in parallel. Each folder's problems come in the order a serial load
        // finds them.
        let present: Vec<&String> = ids.iter().filter(|id| present.contains(*id)).collect();
        // A batch at a time: all folders' intermediate parts at once (each procedure's steps
        // before its includes are expanded, freed only after the expanded ones are made) put
        // 35 MB on the peak at 10 000 procedures; a batch's are reused by the next.
        for batch in present.chunks(LOAD_BATCH) {
            let read: Vec<Read<Procedure>> = batch
                .par_iter()
                .map(|id| Read::folder(files, &folder.join(id), "procedure.yaml"))
                .collect();
            let registered: Vec<Registered<Procedure>> = read
                .into_iter()
                .map(|read| read.register(&mut self.library.sources))
                .collect();
            let found = images::Found::new(&self.library.images.used);
            let library = &self.library;
            let finished: Vec<(Option<Procedure>, Vec<Diagnostic>)> = batch
                .par_iter()
                .zip(registered)
                .map(|(id, registered)| {
                    registered.finish_procedure(files, &folder.join(id), library, &found)
                })
                .collect();
            found.done().add_to(&mut self.library.images);
            for (id, (loaded, diagnostics)) in batch.iter().zip(finished) {
                if let Some(procedure) = loaded {
                    let at = self
                        .library
                        .procedures
                        .partition_point(|p| p.id.as_str() < id.as_str());
                    self.library.procedures.insert(at, procedure);
                }
                self.procedures.insert((*id).clone(), diagnostics);
            }
        }
    }

    /// The names of the procedure folders, sorted; lists `content/procedures/` again, replacing
    /// the problems of doing so.
    fn procedure_folders(&mut self, project: &Project, files: &dyn Files) -> Vec<String> {
        self.listing.clear();
        let folder = project.path("content/procedures");
        children(files, &folder, true, &mut self.listing)
            .into_iter()
            .filter_map(|path| Some(path.file_name()?.to_string_lossy().into_owned()))
            .collect()
    }
}

/// Loads what all procedures share (`site.yaml`, `fields.yaml`, `labels/`, `countries.yaml`,
/// the shared steps of `shared/`), without the procedures.
pub fn load_shared(project: &Project) -> (Library, Vec<Diagnostic>) {
    load_shared_from(project, &Disk::new(&project.root))
}

/// [`load_shared`] from `files`.
pub fn load_shared_from(project: &Project, files: &dyn Files) -> (Library, Vec<Diagnostic>) {
    let mut library = Library::default();
    let mut diagnostics = Vec::new();
    let content = project.content();
    if !files.is_dir(&content) {
        diagnostics.push(Diagnostic::error(
            Location::file(&content),
            Problem::Missing {
                what: format!("content folder `{}`", content.display()),
            },
        ));
        return (library, diagnostics);
    }

    let site_path = project.path("content/site.yaml");
    if let Some((file, site)) = read_yaml::<Site>(files, &site_path, &mut library, &mut diagnostics)
    {
        library.site = Site { file, ..site };
    }
    if let Some(url) = &project.base_url {
        library.site.base_url = Some(crate::source::Spanned::new(url.clone()));
        library.site.base_url_overridden = true;
    }
    // An invalid `--today` leaves no freshness here: `site::judge` reports it and stops.
    library.freshness = crate::model::date::today(project.today.as_deref())
        .ok()
        .map(|today| crate::model::Freshness {
            today,
            max_age_days: project.max_age_days.unwrap_or(library.site.max_age_days),
        });
    let fields_path = project.path("content/fields.yaml");
    if files.exists(&fields_path)
        && let Some((file, fields)) =
            read_yaml::<UniqueMap<_, _>>(files, &fields_path, &mut library, &mut diagnostics)
    {
        library.fields = fields;
        library.fields_file = Some(file);
    }
    // A label file may end in `.yaml` or `.yml`; both for one system would replace each other.
    let mut label_files: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    for path in children(
        files,
        &project.path("content/labels"),
        false,
        &mut diagnostics,
    ) {
        if path.extension().is_none_or(|e| e != "yaml" && e != "yml") {
            continue;
        }
        if let Some(first) = label_files.get(&stem(&path)) {
            diagnostics.push(Diagnostic::error(
                Location::file(&path),
                Problem::SameFileTwice {
                    first: first.display().to_string(),
                    second: path.display().to_string(),
                },
            ));
            continue;
        }
        label_files.insert(stem(&path), path.clone());
        if let Some((file, mut system)) =
            read_yaml::<crate::model::LabelSystem>(files, &path, &mut library, &mut diagnostics)
        {
            system.id = stem(&path);
            system.file = file;
            library.labels.insert(system.id.clone(), system);
        }
    }
    screens::load(files, &content, &mut library, &mut diagnostics);
    let countries_path = project.path("content/countries.yaml");
    if files.exists(&countries_path)
        && let Some((file, countries)) =
            read_yaml::<UniqueMap<_, _>>(files, &countries_path, &mut library, &mut diagnostics)
    {
        library.countries = countries;
        library.countries_file = Some(file);
    }
    for folder in children(
        files,
        &project.path("content/shared"),
        true,
        &mut diagnostics,
    ) {
        if let Some(group) = load_shared_group(files, &folder, &mut library, &mut diagnostics) {
            library.shared.insert(group.id.clone(), group);
        }
    }
    images::list(files, &content, &mut library);
    include::check_groups(&library, &mut diagnostics);
    (library, diagnostics)
}

/// A content folder (a procedure's, or a shared group's) whose files are read, decoded and
/// whose structure file is parsed, but not yet kept in the library's sources: the first step of
/// loading it, which needs nothing of the library and so runs on many threads at once.
struct Read<T> {
    /// Its problems so far, in the order they were found.
    diagnostics: Vec<Diagnostic>,
    /// The structure file (`procedure.yaml`, `steps.yaml`), if it could be read.
    structure: Option<SourceFile>,
    /// What it holds, if it could be parsed; only then are the language files read.
    parsed: Option<T>,
    /// Every `<lang>.md` of the folder: its language and text, or why it could not be read.
    words: Vec<Result<(String, SourceFile), Diagnostic>>,
}

/// A [`Read`] folder whose files have their ids: the files are kept in the sources.
struct Registered<T> {
    diagnostics: Vec<Diagnostic>,
    parsed: Option<(FileId, T)>,
    words: Vec<Result<(String, FileId), Diagnostic>>,
}

impl<T: serde::de::DeserializeOwned> Read<T> {
    /// Reads the structure file `name` of `folder` and, if it parses, the folder's language
    /// files; a folder without a structure file is reported at the folder.
    fn folder(files: &dyn Files, folder: &Path, name: &str) -> Self {
        let mut read = Read {
            diagnostics: Vec::new(),
            structure: None,
            parsed: None,
            words: Vec::new(),
        };
        let structure = folder.join(name);
        if !files.exists(&structure) {
            read.diagnostics.push(Diagnostic::error(
                Location::file(folder),
                Problem::Missing {
                    what: format!("`{}`", structure.display()),
                },
            ));
            return read;
        }
        let Some(source) = read_source(files, &structure, &mut read.diagnostics) else {
            return read;
        };
        match crate::source::yaml::parse(&source, 0, source.text.len()) {
            Ok(value) => read.parsed = Some(value),
            Err(diagnostic) => read.diagnostics.push(diagnostic),
        }
        read.structure = Some(source);
        if read.parsed.is_some() {
            for path in children(files, folder, false, &mut read.diagnostics) {
                if path.extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let file = match files.read(&path) {
                    Ok(bytes) => decode(&path, &bytes),
                    Err(problem) => Err(Diagnostic::error(Location::file(&path), problem)),
                };
                read.words.push(file.map(|file| (stem(&path), file)));
            }
        }
        read
    }

    /// Keeps the folder's files in `sources`, the structure file first, in the order a serial
    /// load read them.
    fn register(self, sources: &mut crate::source::Sources) -> Registered<T> {
        let structure = self.structure.map(|file| sources.add(file));
        Registered {
            diagnostics: self.diagnostics,
            parsed: structure.zip(self.parsed),
            words: self
                .words
                .into_iter()
                .map(|file| file.map(|(lang, file)| (lang, sources.add(file))))
                .collect(),
        }
    }
}

impl<T> Registered<T> {
    /// Parses the language files and loads their images (into `found`): the rest of loading
    /// a folder, which reads the library but does not change it, so it runs on many threads.
    fn words(
        &mut self,
        files: &dyn Files,
        folder: &Path,
        needs_title: bool,
        library: &Library,
        found: &images::Found<'_>,
    ) -> BTreeMap<String, Box<Words>> {
        let mut all = BTreeMap::new();
        for file in std::mem::take(&mut self.words) {
            let (lang, file) = match file {
                Ok(file) => file,
                Err(diagnostic) => {
                    self.diagnostics.push(diagnostic);
                    continue;
                }
            };
            let words = words::parse(
                &lang,
                file,
                library.sources.get(file),
                needs_title,
                &mut self.diagnostics,
            );
            // `folder` is `content/procedures/<id>` or `content/shared/<group>`.
            if let Some(content) = folder.parent().and_then(Path::parent) {
                let sources = &library.sources;
                images::load(
                    files,
                    content,
                    folder,
                    &words,
                    sources,
                    found,
                    &mut self.diagnostics,
                );
            }
            all.insert(lang, Box::new(words));
        }
        all
    }
}

impl Registered<Procedure> {
    /// The procedure of `folder` (`None` if its structure could not be read) and its problems.
    fn finish_procedure(
        mut self,
        files: &dyn Files,
        folder: &Path,
        library: &Library,
        found: &images::Found<'_>,
    ) -> (Option<Procedure>, Vec<Diagnostic>) {
        let Some((file, mut procedure)) = self.parsed.take() else {
            return (None, self.diagnostics);
        };
        procedure.id = folder
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        procedure.file = file;
        procedure.words = self.words(files, folder, true, library, found);
        include::expand(library, &mut procedure, &mut self.diagnostics);
        (Some(procedure), self.diagnostics)
    }
}

/// `content/shared/<group>/`: `steps.yaml` and the words of its steps per language.
fn load_shared_group(
    files: &dyn Files,
    folder: &Path,
    library: &mut Library,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SharedGroup> {
    let mut registered =
        Read::<SharedGroup>::folder(files, folder, "steps.yaml").register(&mut library.sources);
    let group = registered.parsed.take().map(|(file, mut group)| {
        let found = images::Found::new(&library.images.used);
        group.id = stem(folder);
        group.file = file;
        group.words = registered.words(files, folder, false, library, &found);
        (group, found.done())
    });
    diagnostics.append(&mut registered.diagnostics);
    let (group, found) = group?;
    found.add_to(&mut library.images);
    Some(group)
}

/// Reads and deserializes a whole YAML file.
fn read_yaml<T: serde::de::DeserializeOwned>(
    files: &dyn Files,
    path: &Path,
    library: &mut Library,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(FileId, T)> {
    let file = read(files, path, library, diagnostics)?;
    let source = library.sources.get(file);
    match crate::source::yaml::parse(source, 0, source.text.len()) {
        Ok(value) => Some((file, value)),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    }
}

/// Reads a text file into the library's sources (see [`decode`]).
fn read(
    files: &dyn Files,
    path: &Path,
    library: &mut Library,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<FileId> {
    read_source(files, path, diagnostics).map(|file| library.sources.add(file))
}

/// Reads a text file (see [`decode`]), or says why it cannot be read.
fn read_source(
    files: &dyn Files,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SourceFile> {
    let file = match files.read(path) {
        Ok(bytes) => decode(path, &bytes),
        Err(problem) => Err(Diagnostic::error(Location::file(path), problem)),
    };
    file.map_err(|diagnostic| diagnostics.push(diagnostic)).ok()
}

/// The text of a file read as bytes (content, profile or theme file). A byte-order mark is
/// dropped; text that is not UTF-8 is reported at the first bad byte, a file over
/// [`MAX_FILE_BYTES`] where it passes the limit.
pub(crate) fn decode(path: &Path, bytes: &[u8]) -> Result<SourceFile, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.len() > MAX_FILE_BYTES {
        let lossy = SourceFile::new(
            path,
            String::from_utf8_lossy(&bytes[..MAX_FILE_BYTES]).into_owned(),
        );
        let at = lossy.text.len();
        return Err(Diagnostic::error(
            lossy.locate(at..at),
            Problem::TooLarge {
                limit: MAX_FILE_BYTES,
            },
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text.to_string())),
        Err(error) => {
            let lossy = SourceFile::new(path, String::from_utf8_lossy(bytes).into_owned());
            let at = error.valid_up_to();
            Err(Diagnostic::error(
                lossy.locate(at..at + 1),
                Problem::NotUtf8,
            ))
        }
    }
}

/// The entries of a folder (folders if `dirs`, else files), sorted by name so every run reads
/// in the same order, hidden ones left out. A missing folder has no entries; an entry that cannot
/// be read is reported rather than skipped, so no content is silently left out.
fn children(
    files: &dyn Files,
    folder: &Path,
    dirs: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<std::path::PathBuf> {
    if !files.exists(folder) {
        return Vec::new();
    }
    let mut paths = Vec::new();
    for entry in files.list(folder, dirs) {
        match entry {
            Ok(path) => {
                let hidden = path
                    .file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with('.'));
                if !hidden {
                    paths.push(path);
                }
            }
            Err((path, problem)) => {
                diagnostics.push(Diagnostic::error(Location::file(&path), problem))
            }
        }
    }
    paths
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::files::Memory;
    use super::*;
    use std::path::PathBuf;

    /// The minimal project's shared files and `n` copies of its procedure, every tenth with
    /// `procedure.yaml` broken (then its language files are not read), in memory.
    fn project(n: usize) -> Memory {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let mut memory = Memory::default();
        for entry in walkdir::WalkDir::new(&root).into_iter().flatten() {
            let relative = entry.path().strip_prefix(&root).expect("inside");
            if entry.file_type().is_file() && !relative.starts_with("content/procedures") {
                let bytes = std::fs::read(entry.path()).expect("read the fixture");
                memory.files.insert(relative.to_path_buf(), bytes);
            }
        }
        let demo = root.join("content/procedures/demo");
        for i in 0..n {
            let folder = PathBuf::from(format!("content/procedures/p{i:03}"));
            for name in ["procedure.yaml", "en.md", "nl.md"] {
                let mut bytes = std::fs::read(demo.join(name)).expect("read the fixture");
                if i % 10 == 3 && name == "procedure.yaml" {
                    bytes.extend_from_slice(b"\nsections: [\n");
                }
                memory.files.insert(folder.join(name), bytes);
            }
        }
        memory
    }

    /// Folders are read on many threads, but each file gets the id a serial load gives it:
    /// folder by folder in name order, `procedure.yaml` first, then its language files in name
    /// order; and each folder's problems are its own, in folder order.
    #[test]
    fn parallel_loading_gives_the_file_ids_and_problems_of_a_serial_load() {
        let n = 2 * LOAD_BATCH + 7;
        let files = project(n);
        let (library, diagnostics) = load_from(&Project::new(".", None), &files);
        // p000 is whole: the shared files come before it.
        let mut expected = library.procedures[0].file.index();
        let mut broken = 0;
        for i in 0..n {
            let id = format!("p{i:03}");
            if i % 10 == 3 {
                // Its `procedure.yaml` was read (one id), its language files were not.
                assert!(library.procedures.iter().all(|p| p.id != id));
                expected += 1;
                broken += 1;
                continue;
            }
            let procedure = library
                .procedures
                .iter()
                .find(|p| p.id == id)
                .expect("loaded");
            assert_eq!(procedure.file.index(), expected, "{id}");
            let path = format!("content/procedures/{id}/procedure.yaml");
            assert_eq!(library.sources.get(procedure.file).path, Path::new(&path));
            let langs: Vec<(&String, usize)> = procedure
                .words
                .iter()
                .map(|(lang, words)| (lang, words.file.index()))
                .collect();
            assert_eq!(langs.len(), 2);
            assert_eq!(
                langs,
                vec![
                    (&"en".to_string(), expected + 1),
                    (&"nl".to_string(), expected + 2)
                ],
                "{id}"
            );
            expected += 3;
        }
        let errors: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect();
        assert_eq!(errors.len(), broken, "{errors:?}");
        let broken_ids: Vec<usize> = (0..n).filter(|i| i % 10 == 3).collect();
        for (error, i) in errors.iter().zip(broken_ids) {
            assert!(
                error.contains(&format!("p{i:03}/procedure.yaml")),
                "{error}"
            );
        }
    }
}
