//! Reads a project's `content/` folder into a [`Library`].
//!
//! Loading never stops at the first problem: every file that can be read is read, and every
//! problem becomes a [`Diagnostic`] with its position. Rules that span files are left to
//! [`crate::validate`].

mod include;
pub mod locate;
mod words;
pub mod yaml;

pub use include::users as shared_users;
pub use words::id_range;

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Location, SourceFile};
use crate::model::{FileId, Library, Procedure, SharedGroup, Site, UniqueMap, Words};
use crate::problem::Problem;
use crate::project::Project;

/// Loads everything under `content/`. The library holds what could be read; the diagnostics
/// say what could not.
pub fn load(project: &Project) -> (Library, Vec<Diagnostic>) {
    let (mut library, mut diagnostics) = load_shared(project);
    if project.content().is_dir() {
        for folder in children(&project.path("content/procedures"), true, &mut diagnostics) {
            if let Some(procedure) = load_procedure(&folder, &mut library, &mut diagnostics) {
                library.procedures.push(procedure);
            }
        }
    }
    (library, diagnostics)
}

/// Loads what all procedures share (`site.yaml`, `fields.yaml`, `labels/`, `countries.yaml`,
/// the shared steps of `shared/`), without the procedures.
pub fn load_shared(project: &Project) -> (Library, Vec<Diagnostic>) {
    let mut library = Library::default();
    let mut diagnostics = Vec::new();
    let content = project.content();
    if !content.is_dir() {
        diagnostics.push(Diagnostic::error(
            Location::file(&content),
            Problem::Missing {
                what: format!("content folder `{}`", content.display()),
            },
        ));
        return (library, diagnostics);
    }

    let site_path = project.path("content/site.yaml");
    if let Some((file, site)) = read_yaml::<Site>(&site_path, &mut library, &mut diagnostics) {
        library.site = Site { file, ..site };
    }
    let fields_path = project.path("content/fields.yaml");
    if fields_path.exists()
        && let Some((file, fields)) =
            read_yaml::<UniqueMap<_, _>>(&fields_path, &mut library, &mut diagnostics)
    {
        library.fields = fields;
        library.fields_file = Some(file);
    }
    for path in children(&project.path("content/labels"), false, &mut diagnostics) {
        if path.extension().is_some_and(|e| e == "yaml" || e == "yml")
            && let Some((file, mut system)) =
                read_yaml::<crate::model::LabelSystem>(&path, &mut library, &mut diagnostics)
        {
            system.id = stem(&path);
            system.file = file;
            library.labels.insert(system.id.clone(), system);
        }
    }
    let countries_path = project.path("content/countries.yaml");
    if countries_path.exists()
        && let Some((file, countries)) =
            read_yaml::<UniqueMap<_, _>>(&countries_path, &mut library, &mut diagnostics)
    {
        library.countries = countries;
        library.countries_file = Some(file);
    }
    for folder in children(&project.path("content/shared"), true, &mut diagnostics) {
        if let Some(group) = load_shared_group(&folder, &mut library, &mut diagnostics) {
            library.shared.insert(group.id.clone(), group);
        }
    }
    include::check_groups(&library, &mut diagnostics);
    (library, diagnostics)
}

/// Loads one procedure folder (`procedure.yaml` and its `<lang>.md` files) into `library`'s
/// sources; `None` if its structure could not be read (the diagnostics say why).
pub fn load_procedure(
    folder: &Path,
    library: &mut Library,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Procedure> {
    let structure = folder.join("procedure.yaml");
    if !structure.exists() {
        diagnostics.push(Diagnostic::error(
            Location::file(folder),
            Problem::Missing {
                what: format!("`{}`", structure.display()),
            },
        ));
        return None;
    }
    let (file, mut procedure) = read_yaml::<Procedure>(&structure, library, diagnostics)?;
    procedure.id = folder
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    procedure.file = file;
    procedure.words = load_words(folder, true, library, diagnostics);
    include::expand(library, &mut procedure, diagnostics);
    Some(procedure)
}

/// `content/shared/<group>/`: `steps.yaml` and the words of its steps per language.
fn load_shared_group(
    folder: &Path,
    library: &mut Library,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SharedGroup> {
    let structure = folder.join("steps.yaml");
    if !structure.exists() {
        diagnostics.push(Diagnostic::error(
            Location::file(folder),
            Problem::Missing {
                what: format!("`{}`", structure.display()),
            },
        ));
        return None;
    }
    let (file, mut group) = read_yaml::<SharedGroup>(&structure, library, diagnostics)?;
    group.id = stem(folder);
    group.file = file;
    group.words = load_words(folder, false, library, diagnostics);
    Some(group)
}

/// Every `<lang>.md` of a folder, by language.
fn load_words(
    folder: &Path,
    needs_title: bool,
    library: &mut Library,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Words> {
    let mut all = BTreeMap::new();
    for path in children(folder, false, diagnostics) {
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let lang = stem(&path);
        if let Some(file) = read(&path, library, diagnostics) {
            let words = words::parse(
                &lang,
                file,
                library.sources.get(file),
                needs_title,
                diagnostics,
            );
            all.insert(lang, words);
        }
    }
    all
}

/// Reads and deserializes a whole YAML file.
fn read_yaml<T: serde::de::DeserializeOwned>(
    path: &Path,
    library: &mut Library,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(FileId, T)> {
    let file = read(path, library, diagnostics)?;
    let source = library.sources.get(file);
    match yaml::parse(source, 0, source.text.len()) {
        Ok(value) => Some((file, value)),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    }
}

/// Reads a text file into the library's sources. A byte-order mark is dropped; text that is not
/// UTF-8 is reported at the first bad byte.
fn read(path: &Path, library: &mut Library, diagnostics: &mut Vec<Diagnostic>) -> Option<FileId> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            let problem = if error.kind() == std::io::ErrorKind::NotFound {
                Problem::Missing {
                    what: format!("`{}`", path.display()),
                }
            } else {
                Problem::Unreadable {
                    message: error.to_string(),
                }
            };
            diagnostics.push(Diagnostic::error(Location::file(path), problem));
            return None;
        }
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(library.sources.add(SourceFile::new(path, text.to_string()))),
        Err(error) => {
            let lossy = SourceFile::new(path, String::from_utf8_lossy(bytes).into_owned());
            let at = error.valid_up_to();
            diagnostics.push(Diagnostic::error(
                lossy.locate(at..at + 1),
                Problem::NotUtf8,
            ));
            None
        }
    }
}

/// The entries of a folder (files, or folders if `dirs`), sorted by name so every run reads
/// in the same order. A missing folder has no entries; an entry that cannot be read is reported
/// rather than skipped, so no content is silently left out.
fn children(
    folder: &Path,
    dirs: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<std::path::PathBuf> {
    if !folder.exists() {
        return Vec::new();
    }
    let mut paths = Vec::new();
    let entries = WalkDir::new(folder)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let hidden = entry.file_name().to_string_lossy().starts_with('.');
                if !hidden && entry.file_type().is_dir() == dirs {
                    paths.push(entry.into_path());
                }
            }
            Err(error) => diagnostics.push(Diagnostic::error(
                Location::file(error.path().unwrap_or(folder)),
                Problem::Unreadable {
                    message: error.to_string(),
                },
            )),
        }
    }
    paths
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}
