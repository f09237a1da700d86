//! Incremental rebuilds for `stepbook serve`: after an edit, only what the edit can change is
//! loaded, checked and rendered again.
//!
//! The unit of work is a procedure folder. A change inside `content/procedures/<id>/` reloads and
//! re-checks that procedure only; any other change under `content/` (site settings, fields,
//! labels) reloads everything, and a change under `themes/` reloads the theme. Rendering is
//! decided per output file: each page and checklist has a key, a hash of everything it is made
//! from (its view-model, the list of procedures for index pages, the site settings and the
//! theme). A file whose key did not change is served from the previous build. The renderers
//! themselves are the ones `stepbook build` uses, so a rebuild gives the same bytes as a build.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::model::Library;
use crate::output::OutputFile;
use crate::project::Project;
use crate::render;
use crate::source::{Diagnostic, diagnostic};
use crate::theme::Theme;
use crate::view::{self, ProcedureSummary, ProcedureView};
use crate::{Error, Report, load, validate};

/// Rebuilding after this many procedure edits starts from scratch once, so the sources of
/// replaced files do not pile up in a long session.
const FULL_RELOAD_EVERY: usize = 500;

/// The built site, by path under the output root (`nl/flegt-access/index.html`).
pub type Site = BTreeMap<String, Arc<[u8]>>;

/// What changed on disk since the last rebuild, as the watcher saw it.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    /// Procedures whose folder changed, by id.
    pub procedures: BTreeSet<String>,
    /// Something else under `content/` changed: reload everything.
    pub content: bool,
    /// Something under `themes/` changed: reload the theme.
    pub theme: bool,
}

impl Changes {
    /// Everything: the first build of a session.
    pub fn all() -> Changes {
        Changes {
            content: true,
            theme: true,
            ..Changes::default()
        }
    }

    /// Sorts changed paths into procedures, other content and theme files; other paths are
    /// ignored. `content` and `themes` are the watched folders as the watcher reports them
    /// (absolute).
    pub fn from_paths<'a>(
        paths: impl IntoIterator<Item = &'a Path>,
        content: &Path,
        themes: &Path,
    ) -> Changes {
        let mut changes = Changes::default();
        for path in paths {
            if is_scratch(path) {
                continue;
            }
            if path.starts_with(themes) {
                changes.theme = true;
            } else if let Ok(relative) = path.strip_prefix(content.join("procedures"))
                && let Some(std::path::Component::Normal(id)) = relative.components().next()
            {
                changes.procedures.insert(id.to_string_lossy().into_owned());
            } else if path.starts_with(content) {
                changes.content = true;
            }
            // Anything else (the output folder, files next to content/) is not read by a build.
        }
        changes
    }

    /// Whether there is anything to do.
    pub fn is_empty(&self) -> bool {
        self.procedures.is_empty() && !self.content && !self.theme
    }

    fn merge(&mut self, other: &Changes) {
        self.procedures.extend(other.procedures.iter().cloned());
        self.content |= other.content;
        self.theme |= other.theme;
    }
}

/// What one rebuild did.
#[derive(Debug)]
pub struct Rebuild {
    /// Counts of the whole site, as `build` reports them.
    pub report: Report,
    /// Files rendered (or, for static files, copied) this time; the others were reused.
    pub rendered: usize,
    /// How long the rebuild took.
    pub elapsed: Duration,
}

/// Hashes of a view-model's serialized form and of its summary (what index pages show).
#[derive(Debug, Clone, Copy)]
struct ViewHash {
    view: u64,
    summary: u64,
}

/// The state kept between rebuilds.
pub struct Session {
    project: Project,
    library: Library,
    /// Problems of the shared files (load and validation).
    shared_problems: Vec<Diagnostic>,
    /// Problems of each procedure folder, by id.
    procedure_problems: BTreeMap<String, Vec<Diagnostic>>,
    /// View-models by language, in the library's procedure order (the form the renderers take,
    /// so a rebuild passes them without copying).
    views: BTreeMap<String, Vec<ProcedureView>>,
    /// The hashes of each view-model, by language, in the same order as `views`.
    hashes: BTreeMap<String, Vec<ViewHash>>,
    /// Procedures whose view-models must be computed again.
    stale: BTreeSet<String>,
    /// Changes not yet applied because a rebuild failed before using them.
    pending: Changes,
    theme: Option<Theme>,
    /// Changes whenever the theme or the shared content is reloaded; part of every key.
    generation: u64,
    /// The rendered files with the key they were rendered from.
    files: BTreeMap<String, (u64, Arc<[u8]>)>,
    edits_since_full_reload: usize,
}

impl Session {
    /// A session for `project`; nothing is loaded until the first [`Session::rebuild`].
    pub fn new(project: Project) -> Session {
        Session {
            project,
            library: Library::default(),
            shared_problems: Vec::new(),
            procedure_problems: BTreeMap::new(),
            views: BTreeMap::new(),
            hashes: BTreeMap::new(),
            stale: BTreeSet::new(),
            pending: Changes::all(),
            theme: None,
            generation: 0,
            files: BTreeMap::new(),
            edits_since_full_reload: 0,
        }
    }

    /// Applies `changes` and renders what they affect. On error the previous site stays
    /// available through [`Session::site`], and the changes are kept for the next attempt.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Rebuild, Error> {
        let started = Instant::now();
        self.pending.merge(changes);
        let mut changes = std::mem::take(&mut self.pending);
        self.edits_since_full_reload += changes.procedures.len();
        if self.edits_since_full_reload > FULL_RELOAD_EVERY {
            changes.content = true;
        }
        let result = self.apply(&changes).and_then(|()| self.render());
        match result {
            Ok((report, rendered)) => Ok(Rebuild {
                report,
                rendered,
                elapsed: started.elapsed(),
            }),
            Err(error) => {
                // A broken theme or template is retried in full once it is fixed.
                if self.theme.is_none() {
                    changes.theme = true;
                }
                self.pending.merge(&changes);
                Err(error)
            }
        }
    }

    /// The site of the last successful rebuild.
    pub fn site(&self) -> Site {
        self.files
            .iter()
            .map(|(path, (_, bytes))| (path.clone(), Arc::clone(bytes)))
            .collect()
    }

    /// Loads and checks what changed; every problem of the content, or `Ok`.
    fn apply(&mut self, changes: &Changes) -> Result<(), Error> {
        if changes.content {
            self.reload_everything();
        } else {
            for id in &changes.procedures {
                self.reload_procedure(id);
            }
        }
        let mut problems = self.shared_problems.clone();
        problems.extend(self.procedure_problems.values().flatten().cloned());
        diagnostic::sort(&mut problems);
        if problems.iter().any(Diagnostic::is_error) {
            return Err(Error::Content(problems));
        }
        if changes.theme || changes.content || self.theme.is_none() {
            self.theme = None;
            self.theme = Some(super::theme(&self.project, &self.library)?);
            self.generation += 1;
        }
        Ok(())
    }

    fn reload_everything(&mut self) {
        let (library, mut problems) = load::load_shared(&self.project);
        self.library = library;
        if !problems.iter().any(Diagnostic::is_error) {
            problems.extend(validate::registries(&self.library));
        }
        self.shared_problems = problems;
        self.procedure_problems.clear();
        self.views.clear();
        self.hashes.clear();
        self.stale.clear();
        self.generation += 1;
        self.edits_since_full_reload = 0;
        let ids: Vec<String> = procedure_folders(&self.project)
            .into_iter()
            .filter_map(|folder| folder.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        for id in ids {
            self.reload_procedure(&id);
        }
    }

    /// Reads one procedure folder again, replacing (or removing) the procedure.
    fn reload_procedure(&mut self, id: &str) {
        self.library.procedures.retain(|p| p.id != id);
        self.procedure_problems.remove(id);
        self.stale.insert(id.to_string());
        let folder = self.project.path(Path::new("content/procedures").join(id));
        if !folder.is_dir() || id.starts_with('.') {
            return;
        }
        let mut problems = Vec::new();
        let files = load::files::Disk::new(&self.project.root);
        let loaded = load::load_procedure(&files, &folder, &mut self.library, &mut problems);
        if let Some(procedure) = loaded {
            let shared_ok = !self.shared_problems.iter().any(Diagnostic::is_error);
            if shared_ok && !problems.iter().any(Diagnostic::is_error) {
                problems.extend(validate::one_procedure(&self.library, &procedure));
            }
            let at = self
                .library
                .procedures
                .partition_point(|p| p.id.as_str() < id);
            self.library.procedures.insert(at, procedure);
        }
        self.procedure_problems.insert(id.to_string(), problems);
    }

    /// Computes stale view-models and renders every file whose key changed.
    fn render(&mut self) -> Result<(Report, usize), Error> {
        self.refresh_views();
        let Some(theme) = &self.theme else {
            return Err(Error::Content(Vec::new()));
        };

        // Every key starts from the theme and shared content (generation) and the site settings.
        let site_text = self.library.sources.text(self.library.site.file);
        let base = hash_of(&(self.generation, site_text));
        let mut keys: HashMap<String, u64> = HashMap::with_capacity(self.files.len() + 16);
        let mut pdf_views: BTreeMap<String, Vec<ProcedureView>> = BTreeMap::new();
        let source = self.library.source_language().to_string();
        let mut stale_langs: Vec<String> = Vec::new();
        for (lang, views) in &self.views {
            let mut page_keys = Vec::with_capacity(views.len() + 2);
            let hashes = self.hashes.get(lang).map_or(&[][..], Vec::as_slice);
            let summaries: Vec<u64> = hashes.iter().map(|h| h.summary).collect();
            let list = hash_of(&(base, lang, &summaries));
            if *lang == source {
                page_keys.push(("index.html".to_string(), list));
            }
            page_keys.push((format!("{lang}/index.html"), list));
            // The search index holds the words of every procedure of the language.
            let views_hash: Vec<u64> = hashes.iter().map(|h| h.view).collect();
            page_keys.push((
                format!("{lang}/search-index.js"),
                hash_of(&(base, lang, &views_hash)),
            ));
            for (view, hash) in views.iter().zip(hashes) {
                page_keys.push((
                    format!("{lang}/{}/index.html", view.id),
                    hash_of(&(list, hash.view)),
                ));
                if !view.changelog.is_empty() {
                    // Made from the same view-model as the procedure's page.
                    page_keys.push((
                        format!("{lang}/{}/changelog.html", view.id),
                        hash_of(&(list, hash.view)),
                    ));
                }
                let pdf = render::pdf::path(view);
                let pdf_key = hash_of(&(base, hash.view));
                if self.files.get(&pdf).is_none_or(|(key, _)| *key != pdf_key) {
                    pdf_views
                        .entry(lang.clone())
                        .or_default()
                        .push(view.clone());
                }
                // The checklist's fill script is made with it (see render::pdf::fill).
                keys.insert(render::pdf::fill::script_path(&pdf), pdf_key);
                keys.insert(pdf, pdf_key);
            }
            let changed = |(path, key): &(String, u64)| {
                self.files.get(path).is_none_or(|(old, _)| old != key)
            };
            if page_keys.iter().any(changed) {
                stale_langs.push(lang.clone());
            }
            keys.extend(page_keys);
        }
        for (path, bytes) in &theme.assets {
            keys.insert(format!("static/{path}"), hash_bytes(base, bytes));
        }
        let files = &self.files;
        let stale = |path: &str| {
            files
                .get(path)
                .is_none_or(|(key, _)| Some(key) != keys.get(path))
        };
        // Only languages with a stale page go to the renderer (moved out and back, not copied).
        let mut page_views: BTreeMap<String, Vec<ProcedureView>> = stale_langs
            .iter()
            .filter_map(|lang| Some((lang.clone(), self.views.remove(lang)?)))
            .collect();
        let pages = render::html::render_pages(&self.library, &page_views, theme, &stale);
        self.views.append(&mut page_views);
        let mut fresh = pages.map_err(Error::Content)?;
        let values = render::pdf::Values::new();
        fresh.extend(
            render::pdf::render(&self.library, &pdf_views, theme, &values)
                .map_err(Error::Content)?,
        );
        for (path, bytes) in &theme.assets {
            let path = format!("static/{path}");
            if stale(&path) {
                fresh.push(OutputFile::new(path, bytes.clone()));
            }
        }
        let rendered = fresh.len();
        self.files.retain(|path, _| keys.contains_key(path));
        for file in fresh {
            let path = file.path.to_string_lossy().replace('\\', "/");
            let key = keys.get(&path).copied().unwrap_or_default();
            self.files.insert(path, (key, file.bytes.into()));
        }
        let report = self.report();
        Ok((report, rendered))
    }

    /// Computes the view-models of stale procedures, and of procedures new to a language; the
    /// others are kept. Old and new lists are both in procedure-id order, so one walk pairs them.
    fn refresh_views(&mut self) {
        let mut old_views = std::mem::take(&mut self.views);
        let mut old_hashes = std::mem::take(&mut self.hashes);
        for lang in &self.library.site.languages {
            let old = old_views.remove(lang).unwrap_or_default();
            let hashes = old_hashes.remove(lang).unwrap_or_default();
            let mut old = old.into_iter().zip(hashes).peekable();
            let mut views = Vec::with_capacity(self.library.procedures.len());
            let mut new_hashes = Vec::with_capacity(self.library.procedures.len());
            for procedure in &self.library.procedures {
                while old.next_if(|(view, _)| view.id < procedure.id).is_some() {}
                let kept = old.next_if(|(view, _)| view.id == procedure.id);
                match kept {
                    Some((view, hash)) if !self.stale.contains(&procedure.id) => {
                        views.push(view);
                        new_hashes.push(hash);
                    }
                    _ => {
                        let view = view::procedure(&self.library, procedure, lang);
                        new_hashes.push(ViewHash {
                            view: hash_of(&view),
                            summary: hash_of(&ProcedureSummary::from(&view)),
                        });
                        views.push(view);
                    }
                }
            }
            self.views.insert(lang.clone(), views);
            self.hashes.insert(lang.clone(), new_hashes);
        }
        self.stale.clear();
    }

    fn report(&self) -> Report {
        let count = |ext: &str| self.files.keys().filter(|p| p.ends_with(ext)).count();
        Report {
            warnings: {
                let mut warnings: Vec<Diagnostic> = self.shared_problems.clone();
                warnings.extend(self.procedure_problems.values().flatten().cloned());
                diagnostic::sort(&mut warnings);
                warnings
            },
            procedures: self.library.procedures.len(),
            languages: self.library.site.languages.len(),
            pages: count(".html"),
            checklists: count(".pdf"),
            files: self.files.len(),
            ..Report::default()
        }
    }
}

/// Editors' swap and backup files (`.nl.md.swp`, `nl.md~`): `load` ignores hidden files, and
/// neither kind is content.
fn is_scratch(path: &Path) -> bool {
    path.file_name().is_some_and(|name| {
        let name = name.to_string_lossy();
        name.starts_with('.') || name.ends_with('~')
    })
}

/// The procedure folders of the project, as `load` finds them.
fn procedure_folders(project: &Project) -> Vec<PathBuf> {
    let folder = project.path("content/procedures");
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut folders: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    folders.sort();
    folders
}

/// A hash of a value's serialized form. Keys are only compared within one process, so the
/// standard hasher is enough.
fn hash_of(value: &impl serde::Serialize) -> u64 {
    match serde_json::to_vec(value) {
        Ok(bytes) => hash_bytes(0, &bytes),
        // Cannot happen for our types (every map key is a string); if it did, the file would be
        // rendered every time rather than reused wrongly.
        Err(_) => std::collections::hash_map::RandomState::new().hash_one(0u8),
    }
}

fn hash_bytes(base: u64, bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    base.hash(&mut hasher);
    bytes.hash(&mut hasher);
    hasher.finish()
}
