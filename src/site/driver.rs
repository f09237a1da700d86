//! The one driver: plan the units of a checked library, make each unit's view, render it and
//! hand the file to a sink. `build` sinks into the staging folder, `render` into memory, and
//! `serve` runs the same driver with a [`Cache`] so that units whose inputs did not change are
//! not made again.
//!
//! Per language, the procedures' summaries come first (the index and every page's navigation
//! list them all), then each procedure's files are made from one view made for all of them
//! (page, changelog, checklist, search entries, manifest part), in parallel batches handed to the
//! sink in a fixed order (a small site's languages are made side by side, see
//! [`Driver::ahead`]). Views are made, used and dropped, so a site of 10 000 procedures is
//! never in memory whole; with a cache the views are kept instead, keyed by procedure.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::cache::{Cache, Viewed, hash_of};
use super::manifest::{Gathered, Page};
use super::plan::{Plan, Unit};
use crate::model::{Library, Procedure};
use crate::output::OutputFile;
use crate::render::html::{Pages, Shared};
use crate::render::pdf::Checklists;
use crate::render::search;
use crate::source::Diagnostic;
use crate::theme::Theme;
use crate::view::{self, ProcedureSummary, ProcedureView};

/// How many procedures are made (in parallel) before their files are handed on together: enough
/// to keep every core busy, few enough that a large site is never in memory whole.
pub const BATCH: usize = 64;

/// Takes each batch of made files, in order: keeps them, or writes them out. It runs on the
/// rendering threads' pool, while the next batch renders (hence `Send`).
pub type Sink<'a, E> = dyn FnMut(Vec<OutputFile>) -> Result<(), E> + Send + 'a;

/// How far a run has come, told as it goes: (procedure pages done, of how many), one per
/// procedure and language. Called from the rendering threads, hence `Sync`.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Why a run stopped.
#[derive(Debug)]
pub enum Stop<E> {
    /// The content or theme has errors (all of them, not only the first).
    Content(Vec<Diagnostic>),
    /// The sink failed.
    Sink(E),
}

/// What a run made.
#[derive(Debug, Default)]
pub struct Made {
    /// HTML pages in the site.
    pub pages: usize,
    /// PDF checklists in the site.
    pub checklists: usize,
    /// Files in the site (the manifest not counted).
    pub files: usize,
    /// Files made this time; the others were reused from the cache.
    pub rendered: usize,
    /// The manifest, gathered page by page, if the plan has one.
    pub manifest: Option<Gathered>,
    /// With a cache: every unit's path and key.
    pub keys: Vec<(String, u64)>,
}

/// The driver of one site.
pub struct Driver<'a> {
    library: &'a Library,
    theme: &'a Theme,
    plan: Plan<'a>,
    checklists: Option<Checklists<'a>>,
    /// Where the manifest's parts are spilled as they come (see [`Gathered::spilling_in`]).
    spill: Option<std::path::PathBuf>,
    /// The most procedures a site may have for its languages to be made side by side (see
    /// [`Driver::ahead`]); a test sets 0 to compare the two ways.
    side_by_side: usize,
}

impl<'a> Driver<'a> {
    /// The driver for `plan`; `checklists` makes the PDFs if the plan has them.
    pub fn new(
        library: &'a Library,
        theme: &'a Theme,
        plan: Plan<'a>,
        checklists: Option<Checklists<'a>>,
    ) -> Self {
        Driver {
            library,
            theme,
            checklists: checklists.filter(|_| plan.options().checklists),
            plan,
            spill: None,
            side_by_side: BATCH,
        }
    }

    /// Spills the manifest's parts to a temporary file in `dir` instead of holding them.
    pub fn spill_manifest_in(mut self, dir: &std::path::Path) -> Self {
        self.spill = Some(dir.to_path_buf());
        self
    }

    /// The view of `procedure` in `lang`, as every unit of it is made from.
    pub fn view(&self, procedure: &Procedure, lang: &str) -> ProcedureView {
        let mut view = view::procedure(self.library, procedure, lang);
        if self.checklists.is_none() {
            // No checklist, so no page links to one.
            view.pdf.clear();
        }
        view
    }

    /// Makes every unit of the plan (or, with `cache`, every unit whose key changed), handing
    /// the files to `sink` batch by batch. After the first problem nothing more goes to the
    /// sink, but every unit is still made so that all problems are reported at once.
    pub fn run<E: Send>(
        &self,
        mut cache: Option<&mut Cache>,
        progress: Progress<'_>,
        sink: &mut Sink<'_, E>,
    ) -> Result<Made, Stop<E>> {
        let library = self.library;
        let mut made = Made {
            manifest: self.plan.options().manifest.then(|| match &self.spill {
                Some(dir) => Gathered::spilling_in(dir),
                None => Gathered::default(),
            }),
            ..Made::default()
        };
        let mut run = Run {
            made: &mut made,
            diagnostics: Vec::new(),
            sink,
        };
        count(&self.plan, run.made);
        let with_manifest = run.made.manifest.is_some();
        let total = library.procedures.len() * self.plan.languages().len();
        let done = AtomicUsize::new(0);
        let languages = self.plan.languages();
        let mut ahead = match cache.is_none() {
            true => self.ahead(&languages, with_manifest, progress, &done),
            false => Vec::new(),
        };
        for (nth, lang) in languages.into_iter().enumerate() {
            if let Some(Ahead { indexes, outs }) = ahead.get_mut(nth).and_then(Option::take) {
                run.take(indexes.0, indexes.1)?;
                let mut script = search::Script::new();
                let (mut files, unit_keys) = gather(outs, lang, &mut script, &mut run);
                // The language's whole search index, in one piece.
                files.push(Ok(script.finish(lang)));
                run.take(files, unit_keys)?;
                continue;
            }
            let viewed = cache.as_deref_mut().map(|cache| self.viewed(cache, lang));
            let list = viewed
                .as_ref()
                .zip(cache.as_deref())
                .map(|(viewed, cache)| {
                    let hashes: Vec<u64> = viewed.iter().map(|v| v.summary_hash).collect();
                    hash_of(&(cache.base(), lang, &hashes))
                });
            let make_shared =
                |summaries: &[ProcedureSummary]| Shared::new(library, self.theme, lang, summaries);
            // With a cache, what the pages share is made again only when the list changed.
            let shared = match (cache.as_deref_mut(), &viewed, list) {
                (Some(cache), Some(viewed), Some(list)) => cache.shared(lang, list, || {
                    let summaries: Vec<ProcedureSummary> =
                        viewed.iter().map(|v| v.summary.clone()).collect();
                    make_shared(&summaries)
                }),
                _ => Arc::new(self.shared(lang)),
            };
            let cached = cache.as_deref();
            let keys = Keys {
                cache: cached,
                list,
            };
            let pages = Pages::with(library, self.theme, lang, shared);

            let indexes: Vec<(Unit, Option<u64>)> = self
                .plan
                .indexes(lang)
                .into_iter()
                .map(|unit| (unit, keys.list))
                .collect();
            let indexes = planned(indexes);
            // The index pages list every procedure (at 10 000 procedures some 100 ms of one
            // core): they are made on the side while the batches render, and handed to the
            // sink first once they are there.
            let made_indexes: std::sync::Mutex<Option<Files>> = std::sync::Mutex::new(None);
            let make_indexes = || {
                let files = keys.stale(&indexes, |unit| index_page(&pages, unit));
                if let Ok(mut slot) = made_indexes.lock() {
                    *slot = Some(files);
                }
            };
            // The files made last wait here and are handed to the sink while the next batch
            // renders, so writing them does not leave the cores without rendering to do; the
            // sink still takes every batch in order (the index pages first), and nothing more
            // once one failed.
            let mut pending: Vec<(Files, UnitKeys)> = Vec::new();
            let mut indexes_taken = false;
            // The index pages, in front of what waits, once they are made.
            let mut ready = |pending: &mut Vec<(Files, UnitKeys)>| {
                if !indexes_taken
                    && let Some(files) = made_indexes.lock().ok().and_then(|mut s| s.take())
                {
                    pending.insert(0, (files, keys.of(&indexes)));
                    indexes_taken = true;
                }
                indexes_taken
            };

            let mut script = search::Script::new();
            rayon::scope(|scope| -> Result<(), Stop<E>> {
                scope.spawn(|_| make_indexes());
                for (batch, chunk) in library.procedures.chunks(BATCH).enumerate() {
                    let render = || -> Vec<Procedural> {
                        chunk
                            .par_iter()
                            .enumerate()
                            .map(|(i, procedure)| {
                                let cached = viewed.as_ref().map(|v| &*v[batch * BATCH + i]);
                                let out = self.procedure(
                                    procedure,
                                    lang,
                                    cached,
                                    &keys,
                                    &pages,
                                    with_manifest,
                                );
                                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                                out
                            })
                            .collect()
                    };
                    let waiting = match ready(&mut pending) {
                        true => std::mem::take(&mut pending),
                        false => Vec::new(),
                    };
                    let (taken, outs) = rayon::join(|| run.take_all(waiting), render);
                    taken?;
                    let (mut files, unit_keys) = gather(outs, lang, &mut script, &mut run);
                    // The search entries of the batch go on as the next piece of the index
                    // file.
                    if viewed.is_none() {
                        files.extend(script.piece(lang).map(Ok));
                    }
                    pending.push((files, unit_keys));
                }
                Ok(())
            })?;
            // The scope has waited for the index pages.
            ready(&mut pending);
            run.take_all(pending)?;

            let unit = Unit::SearchIndex(lang);
            let key = viewed.as_ref().zip(cached).map(|(viewed, cache)| {
                let hashes: Vec<u64> = viewed.iter().map(|v| v.search_hash).collect();
                hash_of(&(cache.base(), lang, &hashes))
            });
            let search = planned([(unit, key)]);
            let files = keys.stale(&search, |_| {
                if let Some(viewed) = &viewed {
                    script = search::Script::new();
                    // Each entry and its comma, and the end of the script.
                    script.reserve(viewed.iter().map(|v| v.search.len() + 1).sum::<usize>() + 3);
                    for v in viewed {
                        script.push(&v.search);
                    }
                }
                let whole = std::mem::take(&mut script);
                Some(Ok(whole.finish(lang)))
            });
            run.take(files, keys.of(&search))?;
        }

        let keys = Keys {
            cache: cache.as_deref(),
            list: None,
        };
        let assets: Vec<(Unit, Option<u64>)> = self
            .plan
            .assets()
            .into_iter()
            .map(|unit| {
                let key = keys.cache.map(|c| match unit {
                    Unit::Asset(path) => asset_key(c.base(), &self.theme.assets[path]),
                    _ => 0,
                });
                (unit, key)
            })
            .collect();
        let assets = planned(assets);
        let files = keys.stale(&assets, |unit| match unit {
            Unit::Asset(path) => Some(Ok(OutputFile::new(
                unit.path(),
                self.theme.assets.get(path)?.clone(),
            ))),
            _ => None,
        });
        run.take(files, keys.of(&assets))?;

        // Images: the name is the hash of the bytes, so a file of that name never changes.
        let images: BTreeMap<&str, &crate::model::Image> = library
            .images
            .used
            .values()
            .map(|image| (image.name.as_str(), image))
            .collect();
        let units: Vec<(Unit, Option<u64>)> = self
            .plan
            .images()
            .into_iter()
            .map(|unit| (unit, keys.cache.map(|c| hash_of(&(c.base(), unit.path())))))
            .collect();
        let units = planned(units);
        let files = keys.stale(&units, |unit| match unit {
            Unit::Image(name) => Some(Ok(OutputFile::new(
                unit.path(),
                images.get(name)?.bytes.to_vec(),
            ))),
            _ => None,
        });
        run.take(files, keys.of(&units))?;

        if !run.diagnostics.is_empty() {
            return Err(Stop::Content(run.diagnostics));
        }
        drop(run);
        Ok(made)
    }

    /// What every page of `lang` shares, made from the procedures' summaries (without a cache).
    fn shared(&self, lang: &str) -> Shared {
        let library = self.library;
        let summaries: Vec<ProcedureSummary> = library
            .procedures
            .par_iter()
            .map(|p| view::summary(library, p, lang))
            .collect();
        Shared::new(library, self.theme, lang, &summaries)
    }

    /// A small site built without a cache (the shipped project: one procedure in four
    /// languages) has a single batch per language, and made language after language the
    /// batch of one procedure keeps one core busy while the other waits. Such a site's
    /// languages are made side by side instead: every (language, procedure) pair in one
    /// parallel pass, handed on in the usual order afterwards. Larger sites (more than one
    /// batch) or a single language give nothing: the empty list.
    fn ahead(
        &self,
        languages: &[&'a str],
        with_manifest: bool,
        progress: Progress<'_>,
        done: &AtomicUsize,
    ) -> Vec<Option<Ahead>> {
        let library = self.library;
        let total = library.procedures.len() * languages.len();
        if languages.len() < 2 || library.procedures.len() > self.side_by_side {
            return Vec::new();
        }
        let keys = Keys {
            cache: None,
            list: None,
        };
        let pages: Vec<Pages<'_>> = languages
            .par_iter()
            .map(|lang| Pages::with(library, self.theme, lang, Arc::new(self.shared(lang))))
            .collect();
        let pairs: Vec<(usize, &Procedure)> = (0..languages.len())
            .flat_map(|nth| library.procedures.iter().map(move |p| (nth, p)))
            .collect();
        let mut outs: Vec<Procedural> = pairs
            .par_iter()
            .map(|&(nth, procedure)| {
                let out = self.procedure(
                    procedure,
                    languages[nth],
                    None,
                    &keys,
                    &pages[nth],
                    with_manifest,
                );
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                out
            })
            .collect();
        let per_language = library.procedures.len();
        let mut made = Vec::with_capacity(languages.len());
        for (nth, lang) in languages.iter().enumerate().rev() {
            let indexes = planned(self.plan.indexes(lang).into_iter().map(|u| (u, None)));
            let files = keys.stale(&indexes, |unit| index_page(&pages[nth], unit));
            let outs = outs.split_off(nth * per_language);
            made.push(Some(Ahead {
                indexes: (files, keys.of(&indexes)),
                outs,
            }));
        }
        made.reverse();
        made
    }

    /// With a cache: the view of every procedure in `lang`, kept from the last run where the
    /// procedure did not change, made (in parallel) where it did.
    fn viewed(&self, cache: &mut Cache, lang: &str) -> Vec<Arc<Viewed>> {
        let kept: &Cache = cache;
        let viewed: Vec<(Arc<Viewed>, bool)> = self
            .library
            .procedures
            .par_iter()
            .map(|procedure| match kept.view(lang, &procedure.id) {
                Some(viewed) => (viewed, false),
                None => {
                    let view = self.view(procedure, lang);
                    let paths = self
                        .plan
                        .procedure(lang, &procedure.id, !procedure.changelog.is_empty())
                        .iter()
                        .map(Unit::path)
                        .collect();
                    (Arc::new(Viewed::new(view, lang, paths)), true)
                }
            })
            .collect();
        // Only the views made now are added: the map of a language is not made again per edit.
        cache.add_views(
            lang,
            viewed.iter().filter(|(_, made)| *made).map(|(v, _)| v),
        );
        viewed.into_iter().map(|(v, _)| v).collect()
    }

    /// The files of one procedure in one language whose keys changed, its search entries and
    /// its part of the manifest.
    fn procedure(
        &self,
        procedure: &Procedure,
        lang: &str,
        cached: Option<&Viewed>,
        keys: &Keys<'_>,
        pages: &Pages<'_>,
        manifest: bool,
    ) -> Procedural {
        let planned = self
            .plan
            .procedure(lang, &procedure.id, !procedure.changelog.is_empty());
        let kept_paths = cached
            .map(|viewed| &viewed.paths)
            .filter(|paths| paths.len() == planned.len());
        let units: Vec<Planned> = planned
            .into_iter()
            .enumerate()
            .map(|(i, unit)| {
                let path = match kept_paths {
                    Some(paths) => Cow::Borrowed(paths[i].as_str()),
                    None => Cow::Owned(unit.path()),
                };
                let key = keys.procedure_key(&unit, cached);
                (unit, path, key)
            })
            .collect();
        let own;
        let view = match cached {
            Some(viewed) => &viewed.view,
            None => {
                own = self.view(procedure, lang);
                &own
            }
        };
        // The checklist and its fill script are made together (the script waits for its unit,
        // which comes right after the checklist's).
        let (pdf, html): (Vec<Planned>, Vec<Planned>) = units.iter().cloned().partition(|unit| {
            matches!(
                unit.0,
                Unit::Checklist { .. } | Unit::ChecklistScript { .. }
            )
        });
        let make_html = || {
            keys.stale(&html, |unit| match unit {
                Unit::Page { .. } => Some(pages.procedure(view)),
                Unit::Changelog { .. } => Some(pages.changelog_page(view)),
                _ => None,
            })
        };
        let make_pdf = || {
            let mut script = None;
            keys.stale(&pdf, |unit| match unit {
                Unit::Checklist { .. } => {
                    Some(self.checklists.as_ref()?.files(view).map(|(pdf, js)| {
                        script = Some(js);
                        pdf
                    }))
                }
                Unit::ChecklistScript { .. } => Some(match script.take() {
                    Some(js) => Ok(js),
                    None => self.checklists.as_ref()?.files(view).map(|(_, js)| js),
                }),
                _ => None,
            })
        };
        let (mut files, pdf_files) =
            if keys.cache.is_some() && keys.any_stale(&html) && keys.any_stale(&pdf) {
                beside(make_html, make_pdf)
            } else {
                (make_html(), make_pdf())
            };
        files.extend(pdf_files);
        Procedural {
            files,
            keys: keys.of(&units),
            search: cached.is_none().then(|| search::entries(lang, view)),
            page: manifest.then(|| Page::of(self.library, procedure, lang, view)),
        }
    }
}

/// The stack of the thread [`beside`] starts: a main thread's 8 MiB. With the default 2 MiB of
/// a spawned thread, a debug build's checklist of Markdown nested 10 000 levels deep overflowed
/// it (`tests/suite/incremental.rs`); the space is reserved, and used only as deep as needed.
const CHECKLIST_STACK: usize = 8 << 20;

/// Runs `first` here and `second` on a thread of its own, and returns both results: `serve`'s
/// edit of one procedure has only its page and its checklist to make, and two cores. Not
/// `rayon::join`: with it, `build` of the 10 000-level Markdown of `tests/suite/inputs.rs`
/// overflowed a worker's stack (a worker waiting in a join runs other jobs on top of its own).
/// If no thread can be started, both are made here.
fn beside<A, B: Send>(first: impl FnOnce() -> A, second: impl FnOnce() -> B + Send) -> (A, B) {
    // The slot lets `second` be run here if the thread cannot be started.
    let slot = std::sync::Mutex::new(Some(second));
    let take = || slot.lock().ok().and_then(|mut second| second.take());
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("stepbook-checklist".into())
            .stack_size(CHECKLIST_STACK)
            .spawn_scoped(scope, || take().map(|second| second()));
        let a = first();
        let b = match thread.map(|thread| thread.join()) {
            Ok(Ok(Some(b))) => Some(b),
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Ok(Ok(None)) | Err(_) => None,
        };
        let b = b.or_else(|| take().map(|second| second()));
        match b {
            Some(b) => (a, b),
            // The thread took `second` and returned its result, or it is still in the slot.
            None => unreachable!("`second` runs on the thread or here"),
        }
    })
}

/// Files made (or the problem that stopped one), in the order they go to the sink.
type Files = Vec<Result<OutputFile, Diagnostic>>;

/// Units' paths and keys, to remember with a cache.
type UnitKeys = Vec<(String, u64)>;

/// One language of a small site, made ahead (see [`Driver::ahead`]): its index pages with
/// their keys, and what each procedure gave.
struct Ahead {
    indexes: (Files, UnitKeys),
    outs: Vec<Procedural>,
}

/// An index page of `pages`' language.
fn index_page(pages: &Pages<'_>, unit: Unit) -> Option<Result<OutputFile, Diagnostic>> {
    Some(match unit {
        Unit::RootIndex => pages.root_index(),
        Unit::NotFound => pages.not_found(),
        _ => pages.index(),
    })
}

/// The files and keys of a batch's procedures, in order; their search entries go on `script`
/// and their parts of the manifest to the run's.
fn gather<E>(
    outs: Vec<Procedural>,
    lang: &str,
    script: &mut search::Script,
    run: &mut Run<'_, '_, E>,
) -> (Files, UnitKeys) {
    let mut files = Vec::new();
    let mut unit_keys = Vec::new();
    for out in outs {
        if let Some(entries) = &out.search {
            script.push(entries);
        }
        if let (Some(manifest), Some(page)) = (&mut run.made.manifest, out.page) {
            manifest.add(lang, page);
        }
        files.extend(out.files);
        unit_keys.extend(out.keys);
    }
    (files, unit_keys)
}

/// What one procedure gave in one language.
struct Procedural {
    files: Vec<Result<OutputFile, Diagnostic>>,
    keys: Vec<(String, u64)>,
    search: Option<String>,
    page: Option<Page>,
}

/// The state of one run: what was made, the problems so far, and where files go.
struct Run<'m, 's, E> {
    made: &'m mut Made,
    diagnostics: Vec<Diagnostic>,
    sink: &'m mut Sink<'s, E>,
}

impl<E> Run<'_, '_, E> {
    /// Counts a batch of units, keeps their problems, and hands their files on while there
    /// are no problems.
    /// [`Run::take`] of each in turn.
    fn take_all(&mut self, waiting: Vec<(Files, UnitKeys)>) -> Result<(), Stop<E>> {
        for (files, keys) in waiting {
            self.take(files, keys)?;
        }
        Ok(())
    }

    fn take(
        &mut self,
        files: Vec<Result<OutputFile, Diagnostic>>,
        keys: Vec<(String, u64)>,
    ) -> Result<(), Stop<E>> {
        self.made.keys.extend(keys);
        let mut batch = Vec::with_capacity(files.len());
        for file in files {
            match file {
                Ok(file) => batch.push(file),
                Err(diagnostic) => {
                    if !self.diagnostics.contains(&diagnostic) {
                        self.diagnostics.push(diagnostic);
                    }
                }
            }
        }
        // A piece of a file (the search index) is not a file made.
        self.made.rendered += batch.iter().filter(|file| !file.append).count();
        if self.diagnostics.is_empty() && !batch.is_empty() {
            (self.sink)(batch).map_err(Stop::Sink)?;
        }
        Ok(())
    }
}

/// The keys of units, with a cache; without one every unit is made.
struct Keys<'c> {
    cache: Option<&'c Cache>,
    /// The key of the language's procedure list (index pages, navigation).
    list: Option<u64>,
}

impl Keys<'_> {
    /// The key of one of a procedure's units: its view, and for pages also the list.
    fn procedure_key(&self, unit: &Unit, viewed: Option<&Viewed>) -> Option<u64> {
        let cache = self.cache?;
        let view = viewed?.hash;
        Some(match unit {
            Unit::Checklist { .. } | Unit::ChecklistScript { .. } => hash_of(&(cache.base(), view)),
            _ => hash_of(&(self.list?, view)),
        })
    }

    /// Whether any of `units` is to be made.
    fn any_stale(&self, units: &[Planned<'_>]) -> bool {
        units.iter().any(|unit| self.is_stale(unit))
    }

    fn is_stale(&self, (_, path, key): &Planned<'_>) -> bool {
        match (self.cache, key) {
            (Some(cache), Some(key)) => !cache.has(path, *key),
            _ => true,
        }
    }

    /// Makes the units whose key is not the one their file was made from.
    fn stale(
        &self,
        units: &[Planned<'_>],
        mut make: impl FnMut(Unit) -> Option<Result<OutputFile, Diagnostic>>,
    ) -> Vec<Result<OutputFile, Diagnostic>> {
        units
            .iter()
            .filter(|unit| self.is_stale(unit))
            .filter_map(|(unit, _, _)| make(*unit))
            .collect()
    }

    /// The units' paths and keys, to remember with a cache.
    fn of(&self, units: &[Planned<'_>]) -> Vec<(String, u64)> {
        units
            .iter()
            .filter_map(|(_, path, key)| Some((path.to_string(), (*key)?)))
            .collect()
    }
}

/// A unit of the plan with its path (formatted once, or kept with the view) and, with a cache,
/// its key.
type Planned<'u> = (Unit<'u>, Cow<'u, str>, Option<u64>);

/// `units` with their paths and keys.
fn planned<'u>(units: impl IntoIterator<Item = (Unit<'u>, Option<u64>)>) -> Vec<Planned<'u>> {
    units
        .into_iter()
        .map(|(unit, key)| (unit, Cow::Owned(unit.path()), key))
        .collect()
}

fn asset_key(base: u64, bytes: &[u8]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    base.hash(&mut hasher);
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// Counts the units of a plan by kind, as the report shows them.
pub fn count(plan: &Plan<'_>, made: &mut Made) {
    for unit in plan.units() {
        match unit {
            Unit::Manifest => continue,
            Unit::Checklist { .. } => made.checklists += 1,
            Unit::RootIndex | Unit::Index(_) | Unit::Page { .. } | Unit::Changelog { .. } => {
                made.pages += 1
            }
            // The 404 page is no page of the site's: no link leads to it.
            Unit::NotFound
            | Unit::ChecklistScript { .. }
            | Unit::SearchIndex(_)
            | Unit::Asset(_)
            | Unit::Image(_) => {}
        }
        made.files += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::Project;
    use crate::site::plan::Options;
    use std::path::Path;

    /// The minimal project with `n` copies of its procedure: several batches per language.
    fn project(n: usize) -> (tempfile::TempDir, Library, Theme) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        for entry in walkdir::WalkDir::new(&from).into_iter().flatten() {
            let relative = entry.path().strip_prefix(&from).expect("inside");
            if entry.file_type().is_file() && !relative.starts_with("content/procedures") {
                let to = dir.path().join(relative);
                std::fs::create_dir_all(to.parent().expect("a parent")).expect("folder");
                std::fs::copy(entry.path(), to).expect("copy");
            }
        }
        let demo = from.join("content/procedures/demo");
        for i in 0..n {
            let to = dir.path().join(format!("content/procedures/p{i:03}"));
            std::fs::create_dir_all(&to).expect("folder");
            for name in ["procedure.yaml", "en.md", "nl.md"] {
                std::fs::copy(demo.join(name), to.join(name)).expect("copy");
            }
        }
        let project = Project::new(dir.path(), None);
        let (library, found) = crate::load::load(&project);
        assert!(!found.iter().any(Diagnostic::is_error), "{found:?}");
        let theme = crate::site::theme(&project, &library).expect("the default theme");
        (dir, library, theme)
    }

    /// The number of the procedure `p<number>` a path is of.
    fn procedure(path: &str) -> Option<usize> {
        path.split(['/', '.'])
            .find_map(|part| part.strip_prefix('p')?.parse().ok())
    }

    fn driver<'a>(library: &'a Library, theme: &'a Theme) -> Driver<'a> {
        let options = Options {
            checklists: false,
            manifest: false,
        };
        Driver::new(library, theme, Plan::new(library, theme, options), None)
    }

    /// The sink takes the batches in the order they were made while the next batch renders:
    /// per language the index pages, then each batch's files and its piece of the search index.
    #[test]
    fn the_sink_takes_every_batch_in_order_and_nothing_after_a_failure() {
        let (_dir, library, theme) = project(2 * BATCH + 5);
        let mut batches: Vec<Vec<String>> = Vec::new();
        driver(&library, &theme)
            .run(None, &|_, _| {}, &mut |batch: Vec<OutputFile>| {
                let paths = batch.iter().map(|f| f.path.display().to_string());
                batches.push(paths.collect());
                Ok::<(), ()>(())
            })
            .expect("the run");
        let languages = library.site.languages.len();
        assert_eq!(languages, 2);
        // Per language: the index pages, three batches, the search index; then the assets.
        let procedure_batches: Vec<&Vec<String>> = batches
            .iter()
            .filter(|b| b.iter().any(|p| procedure(p).is_some()))
            .collect();
        assert_eq!(procedure_batches.len(), 3 * languages);
        for (i, batch) in procedure_batches.iter().enumerate() {
            let first = i % 3 * BATCH;
            let ids: Vec<usize> = batch.iter().filter_map(|p| procedure(p)).collect();
            assert_eq!(ids.first(), Some(&first), "batch {i}: {batch:?}");
            assert!(ids.is_sorted(), "batch {i}: {batch:?}");
            // Its piece of the search index comes last.
            assert!(
                batch.last().is_some_and(|p| p.contains("search")),
                "{batch:?}"
            );
        }
        let position = |needle: &dyn Fn(&Vec<String>) -> bool| batches.iter().position(needle);
        let first_procedures = position(&|b| b.iter().any(|p| p.contains("/p000")));
        let index = position(&|b| {
            b.iter()
                .any(|p| p.ends_with("index.html") && !p.contains("/p"))
        });
        assert!(index < first_procedures, "the index pages come first");

        // A sink that fails on its third batch: the run stops with its error, and the sink is
        // called no more, although the batch after was rendering while it wrote.
        let mut calls = 0;
        let stopped = driver(&library, &theme).run(None, &|_, _| {}, &mut |_| {
            calls += 1;
            match calls {
                3 => Err("disk full"),
                _ => Ok(()),
            }
        });
        assert!(matches!(stopped, Err(Stop::Sink("disk full"))));
        assert_eq!(calls, 3);
    }

    /// The whole site a run hands to its sink (pieces joined), its counts and its manifest.
    fn site(driver: &Driver<'_>, library: &Library) -> (BTreeMap<String, Vec<u8>>, Vec<u8>) {
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let made = driver
            .run(None, &|_, _| {}, &mut |batch: Vec<OutputFile>| {
                for file in batch {
                    let path = file.path.display().to_string();
                    match file.append {
                        true => files.entry(path).or_default().extend(file.bytes),
                        false => assert!(files.insert(path, file.bytes).is_none()),
                    }
                }
                Ok::<(), ()>(())
            })
            .expect("the run");
        let counts = format!(
            "{} {} {} {}",
            made.pages, made.checklists, made.files, made.rendered
        );
        files.insert("counts".into(), counts.into_bytes());
        let mut manifest = Vec::new();
        let gathered = made.manifest.expect("a manifest");
        gathered
            .write(&crate::site::manifest::labels(library), &mut manifest)
            .expect("in memory");
        (files, manifest)
    }

    /// A small site's languages made side by side give the same files, counts and manifest
    /// as made one language after the other.
    #[test]
    fn languages_side_by_side_give_the_same_site() {
        let (_dir, library, theme) = project(3);
        let options = Options {
            checklists: false,
            manifest: true,
        };
        let mut driver = Driver::new(&library, &theme, Plan::new(&library, &theme, options), None);
        assert_eq!(library.site.languages.len(), 2);
        let side_by_side = site(&driver, &library);
        driver.side_by_side = 0;
        let one_after_the_other = site(&driver, &library);
        assert!(side_by_side.0.keys().any(|p| p.starts_with("nl/p002")));
        assert_eq!(side_by_side, one_after_the_other);
    }
}
