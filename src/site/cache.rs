//! `stepbook serve`'s session: the same load, rules and driver as `stepbook build`, with a cache
//! so that an edit reloads and re-renders only what it can change.
//!
//! Loading is incremental per procedure folder: a change inside `content/procedures/<id>/`
//! reloads that folder only ([`Loaded::reload_procedures`]); any other change under `content/`
//! reloads everything, and a change under `themes/` reloads the theme. The rules are then run
//! over the whole library exactly as `check` runs them ([`super::judge`]), so `serve` shows the
//! same diagnostics. Rendering goes through the one driver ([`super::driver`]) with a
//! [`Cache`]: each unit of the site plan has a key, a hash of what it is made from, and a unit
//! whose key did not change keeps the bytes it was made with. Views are kept per procedure and
//! language until the procedure (or the shared content) changes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::driver::{Driver, Stop};
use super::plan::{Options, Plan};
use super::{Error, Report};
use crate::load::Loaded;
use crate::load::files::Disk;
use crate::output::OutputFile;
use crate::project::Project;
use crate::render::html::Shared;
use crate::render::pdf::fonts::Fonts;
use crate::render::pdf::{Checklists, Values};
use crate::render::search;
use crate::source::Diagnostic;
use crate::theme::Theme;
use crate::view::{ProcedureSummary, ProcedureView};

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
    /// Counts of the whole site, as `build` reports them, and the warnings.
    pub report: Report,
    /// Files rendered (or, for static files, copied) this time; the others were reused.
    pub rendered: usize,
    /// How long the rebuild took.
    pub elapsed: Duration,
}

/// A view kept between rebuilds, with what the driver needs of it without looking inside.
#[derive(Debug)]
pub struct Viewed {
    /// The view.
    pub view: ProcedureView,
    /// A hash of its serialized form: part of the key of every unit made from it.
    pub hash: u64,
    /// What index pages show of it.
    pub summary: ProcedureSummary,
    /// A hash of `summary`: the key of the language's procedure list is made from these, so an
    /// edit hashes one summary, not all of them.
    pub summary_hash: u64,
    /// Its entries in the language's search index.
    pub search: String,
    /// A hash of `search`: part of the search index's key, so that an edit that does not change
    /// what is searched (a version number) does not make the index again.
    pub search_hash: u64,
    /// The paths of the procedure's units in this language, in the plan's order
    /// ([`super::plan::Plan::procedure`]): formatted once with the view rather than twice per
    /// unit on every rebuild (12.6 M instructions of a rebuild at 1 000 procedures). They
    /// depend on the language, the id, whether there is a changelog and whether the site has
    /// checklists; the view is dropped when the first three can change, and the last is fixed
    /// for a session.
    pub paths: Vec<String>,
}

impl Viewed {
    /// Keeps `view` (of a procedure in `lang`) with its hash, summary, search entries and the
    /// `paths` of its units.
    pub fn new(view: ProcedureView, lang: &str, paths: Vec<String>) -> Viewed {
        let search = search::entries(lang, &view);
        let summary = ProcedureSummary::from(&view);
        Viewed {
            hash: hash_of(&view),
            summary_hash: hash_of(&summary),
            summary,
            search_hash: hash_of(&search),
            search,
            view,
            paths,
        }
    }
}

/// What the driver reuses between runs: views by language and procedure, and the bytes of
/// every unit with the key they were made from.
#[derive(Debug, Default)]
pub struct Cache {
    /// Changes whenever the theme or the shared content changes; part of every key.
    base: u64,
    views: HashMap<String, HashMap<String, Arc<Viewed>>>,
    files: BTreeMap<String, (u64, Arc<[u8]>)>,
    /// What the pages of each language share, with the key of the language's procedure list
    /// it was made for (the summaries, the site settings and the theme; see [`Cache::shared`]).
    shared: HashMap<String, (u64, Arc<Shared>)>,
}

impl Cache {
    /// The part of every key that stands for the theme and the shared content.
    pub fn base(&self) -> u64 {
        self.base
    }

    /// The kept view of procedure `id` in `lang`, if it is still valid.
    pub fn view(&self, lang: &str, id: &str) -> Option<Arc<Viewed>> {
        self.views.get(lang)?.get(id).cloned()
    }

    /// Keeps views of `lang` made in this run. (Views of a procedure that changed or went away
    /// are dropped when it is reloaded, every view when the shared content is.)
    pub fn add_views<'v>(&mut self, lang: &str, made: impl Iterator<Item = &'v Arc<Viewed>>) {
        let views = self.views.entry(lang.to_string()).or_default();
        for viewed in made {
            views.insert(viewed.view.id.clone(), Arc::clone(viewed));
        }
    }

    /// What the pages of `lang` share, kept if it was made for the same procedure list (`list`,
    /// the key of the language's index, which stands for its summaries, the site settings and
    /// the theme), else made by `make` and kept.
    pub fn shared(&mut self, lang: &str, list: u64, make: impl FnOnce() -> Shared) -> Arc<Shared> {
        if let Some((made_for, shared)) = self.shared.get(lang)
            && *made_for == list
        {
            return Arc::clone(shared);
        }
        let shared = Arc::new(make());
        self.shared
            .insert(lang.to_string(), (list, Arc::clone(&shared)));
        shared
    }

    /// Whether the file at `path` was made from `key`.
    pub fn has(&self, path: &str, key: u64) -> bool {
        self.files.get(path).is_some_and(|(made, _)| *made == key)
    }

    fn forget_procedure(&mut self, id: &str) {
        for views in self.views.values_mut() {
            views.remove(id);
        }
    }

    /// Keeps the units of the last run: `keys` are all of them (each path once), `fresh` the
    /// files made again.
    fn update(&mut self, keys: Vec<(String, u64)>, fresh: Vec<OutputFile>) {
        // Updated in place: after an edit nearly every unit keeps its bytes and its key, and
        // making the map again cost a few thousand inserts per rebuild. The few fresh files
        // first, then every key: no lookup of every path in the fresh files.
        for file in fresh {
            let path = file.path.to_string_lossy().replace('\\', "/");
            match self.files.get_mut(&path) {
                Some(kept) => kept.1 = Arc::from(file.bytes),
                None => {
                    // Its key follows: every file made has one.
                    self.files.insert(path, (0, Arc::from(file.bytes)));
                }
            }
        }
        let mut absent = 0;
        for (path, key) in &keys {
            match self.files.get_mut(path) {
                Some(kept) => kept.0 = *key,
                None => absent += 1,
            }
        }
        // A unit no longer in the plan (a procedure removed) leaves the site: the map holds
        // every key's file but the absent ones, and anything more is such a unit.
        if self.files.len() + absent > keys.len() {
            let planned: std::collections::HashSet<&str> =
                keys.iter().map(|(path, _)| path.as_str()).collect();
            self.files.retain(|path, _| planned.contains(path.as_str()));
        }
    }
}

/// The state kept between rebuilds.
pub struct Session {
    project: Project,
    loaded: Loaded,
    theme: Option<Theme>,
    /// The theme's fonts for the checklists, parsed and subset once per theme load.
    fonts: Option<Arc<Fonts>>,
    cache: Cache,
    /// Each procedure's rule results, dropped with the procedure or the shared content.
    rules: crate::validate::Kept,
    /// Changes not yet applied because a rebuild failed before using them.
    pending: Changes,
    /// Counts reloads of the theme; part of every key, with the site settings.
    generation: u64,
    /// The name of the loaded theme (`site.yaml`'s `theme`).
    theme_name: String,
    edits_since_full_reload: usize,
}

impl Session {
    /// A session for `project`; nothing is loaded until the first [`Session::rebuild`].
    pub fn new(project: Project) -> Session {
        Session {
            project,
            loaded: Loaded::default(),
            theme: None,
            fonts: None,
            cache: Cache::default(),
            rules: crate::validate::Kept::default(),
            pending: Changes::all(),
            generation: 0,
            theme_name: String::new(),
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
        let result = self
            .apply(&changes)
            .and_then(|warnings| self.render(warnings));
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
        self.cache
            .files
            .iter()
            .map(|(path, (_, bytes))| (path.clone(), Arc::clone(bytes)))
            .collect()
    }

    /// Loads what changed and runs the rules over the whole library: its warnings, or every
    /// problem.
    fn apply(&mut self, changes: &Changes) -> Result<Vec<Diagnostic>, Error> {
        let files = Disk::new(&self.project.root);
        if changes.content {
            self.loaded = Loaded::from(&self.project, &files);
            // Views are made from the shared content too (labels, fields, shared steps): all
            // are made again, and each unit whose view did not change keeps its bytes.
            self.cache.views.clear();
            // So are the rules' results: a procedure's rules read the shared content.
            self.rules.clear();
            self.edits_since_full_reload = 0;
        } else if !changes.procedures.is_empty() {
            let ids: Vec<String> = changes.procedures.iter().cloned().collect();
            self.loaded.reload_procedures(&self.project, &files, &ids);
            for id in &ids {
                self.cache.forget_procedure(id);
                self.rules.forget(id);
            }
        }
        let found = self.loaded.diagnostics().cloned().collect();
        let warnings =
            super::judge_kept(&self.project, &self.loaded.library, found, &mut self.rules)?;
        let named = &self.loaded.library.site.theme;
        if changes.theme || self.theme.is_none() || *named != self.theme_name {
            self.theme = None;
            self.fonts = None;
            self.theme = Some(super::theme(&self.project, &self.loaded.library)?);
            self.theme_name = named.value.clone();
            self.generation += 1;
        }
        Ok(warnings)
    }

    /// Runs the driver with the cache: renders every unit whose key changed.
    fn render(&mut self, warnings: Vec<Diagnostic>) -> Result<(Report, usize), Error> {
        let library = &self.loaded.library;
        let Some(theme) = &self.theme else {
            return Err(Error::Content(Vec::new()));
        };
        let site_text = library.sources.text(library.site.file);
        self.cache.base = hash_of(&(self.generation, site_text));
        let values = Values::new();
        let fonts = match &self.fonts {
            Some(fonts) => Arc::clone(fonts),
            None => {
                let fonts = Arc::new(
                    crate::render::pdf::load_fonts(theme).map_err(|d| Error::Content(vec![d]))?,
                );
                self.fonts = Some(Arc::clone(&fonts));
                fonts
            }
        };
        let checklists = Checklists::with_fonts(library, theme, &values, fonts);
        let options = Options {
            checklists: self.project.checklists,
            manifest: false,
        };
        let driver = Driver::new(
            library,
            theme,
            Plan::new(library, theme, options),
            Some(checklists),
        );
        let mut fresh = crate::output::Gathered::default();
        let made = driver
            .run(Some(&mut self.cache), &|_, _| {}, &mut |batch| {
                fresh.extend(batch);
                Ok::<(), std::convert::Infallible>(())
            })
            .map_err(|stop| match stop {
                Stop::Content(diagnostics) => Error::Content(diagnostics),
                Stop::Sink(never) => match never {},
            })?;
        let rendered = made.rendered;
        let report = Report {
            warnings,
            procedures: library.procedures.len(),
            languages: library.site.languages.len(),
            pages: made.pages,
            checklists: made.checklists,
            files: made.files,
            ..Report::default()
        };
        self.cache.update(made.keys, fresh.into_files());
        Ok((report, rendered))
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

/// A hash of a value's serialized form. Keys are only compared within one process, so the
/// standard hasher is enough.
pub fn hash_of(value: &impl serde::Serialize) -> u64 {
    match serde_json::to_vec(value) {
        Ok(bytes) => {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut hasher);
            hasher.finish()
        }
        // Cannot happen for our types (every map key is a string); if it did, the file would be
        // rendered every time rather than reused wrongly.
        Err(_) => std::collections::hash_map::RandomState::new().hash_one(0u8),
    }
}
