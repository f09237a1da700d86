//! The site: what files a site consists of ([`plan`]), the one driver that makes them
//! ([`driver`]), and the commands built on it. `check` loads and runs the rules; `build` checks,
//! then drives the plan into a staging folder that replaces the output folder; `render` does the
//! same into memory; `serve` runs the same check and driver with a cache ([`cache`]).
//! `diff` and `check` compare the manifest ([`manifest`], [`diff`]) with an earlier one.

pub mod cache;
pub mod diff;
pub mod driver;
pub mod manifest;
pub mod plan;
pub mod release;

use std::sync::Arc;

use rayon::prelude::*;
use thiserror::Error;

use crate::load;
use crate::model::{self, Library};
use crate::output::{self, OutputError, OutputFile};
use crate::project::Project;
use crate::render::pdf::fonts::Fonts;
use crate::render::pdf::{Checklists, Values, load_fonts};
use crate::source::{Diagnostic, diagnostic};
use crate::theme::Theme;
use crate::validate;
pub use driver::Progress;
use driver::{Driver, Made, Sink, Stop};
use plan::{Options, Plan};

/// Why a command failed.
#[derive(Debug, Error)]
pub enum Error {
    /// The content or theme has errors; the diagnostics say which (warnings included).
    #[error("{} error(s) in the content", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),
    /// The output folder could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// An option or environment variable has a value stepbook cannot use.
    #[error("{0}")]
    Usage(String),
}

/// What a successful build or check did.
#[derive(Debug, Default)]
pub struct Report {
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
    /// Procedures in the content.
    pub procedures: usize,
    /// Languages of the site.
    pub languages: usize,
    /// HTML pages rendered.
    pub pages: usize,
    /// PDF checklists rendered.
    pub checklists: usize,
    /// Files written (pages and assets).
    pub files: usize,
    /// Procedures with `status: draft` left out of the build (see [`Project::drafts`]).
    pub drafts_left_out: usize,
    /// For `check`: what changed since the build whose manifest is in the output folder.
    pub changes: Option<diff::Diff>,
    /// For `check --uses LABEL`: the items that use the label.
    pub uses: Option<Vec<manifest::LabelUse>>,
    /// Every procedure's verification state, in id order (`check` states them).
    pub verifications: Vec<ProcedureState>,
}

/// A procedure's status and verification state, as `check` states them.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ProcedureState {
    /// The procedure id.
    pub id: String,
    /// What its author decided.
    pub status: model::Status,
    /// Whether it matches the screens.
    pub verification: model::Verification,
}

/// The manifest's file name in the output folder.
pub const MANIFEST: &str = "manifest.json";

/// Loads and validates the content and loads the theme it names: the library and its
/// warnings, or every problem. (Template errors that only rendering finds are `build`'s.)
pub fn check(project: &Project) -> Result<(Library, Report), Error> {
    checked(project).map(|(library, _, report)| (library, report))
}

/// [`check`], keeping the theme for the build that follows.
fn checked(project: &Project) -> Result<(Library, Theme, Report), Error> {
    checked_with(project, false).map(|(library, theme, report, _)| (library, theme, report))
}

/// The checklists' fonts ([`load_fonts`]), or the problem with them.
type PreparedFonts = Option<Result<Fonts, Diagnostic>>;

/// [`checked`], with the checklists' fonts prepared if `fonts`. The theme is known once
/// `site.yaml` is loaded: it is loaded, and its fonts parsed, subset and compressed (35 M
/// instructions in the shipped project, a fifth of its build), on a thread of their own while
/// the procedures load and the content is checked. Problems come in the same order as before:
/// the content's, then the theme's, then (from the build) the fonts'.
fn checked_with(
    project: &Project,
    fonts: bool,
) -> Result<(Library, Theme, Report, PreparedFonts), Error> {
    let disk = load::files::Disk::new(&project.root);
    let (library, found, early) = load::load_then(project, &disk, |library| {
        let name = library.site.theme.clone();
        let named_at = theme_named_at(library);
        let project = project.clone();
        let prepare = move || {
            let theme = Theme::load(&project, &name, named_at);
            let fonts = match &theme {
                Ok(theme) if fonts => Some(load_fonts(theme)),
                _ => None,
            };
            (theme, fonts)
        };
        // The work waits in a slot the thread takes it from, so that if no thread can be
        // started (the system's limit reached) it is done here after all, not a panic.
        let slot = std::sync::Arc::new(std::sync::Mutex::new(Some(prepare)));
        let taken = std::sync::Arc::clone(&slot);
        let thread = std::thread::Builder::new()
            .name("stepbook-theme".into())
            .spawn(move || take(&taken).map(|prepare| prepare()));
        (thread, slot)
    });
    let early = || {
        let (thread, slot) = early;
        let done = match thread.map(|thread| thread.join()) {
            Ok(Ok(done)) => done,
            // A panic on that thread is passed on, as it was when the theme was loaded here.
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => None,
        };
        match done.or_else(|| take(&slot).map(|prepare| prepare())) {
            Some(done) => done,
            None => unreachable!("the theme is prepared on the thread or here"),
        }
    };
    // The site-wide rules at the end of the checks run on one core; each procedure's
    // verification state (read from the library, whatever the checks find) is worked out
    // beside them.
    let (judged, verifications) = rayon::join(
        || judge(project, &library, found),
        || -> Vec<ProcedureState> {
            library
                .procedures
                .par_iter()
                .map(|procedure| ProcedureState {
                    id: procedure.id.clone(),
                    status: *procedure.status,
                    verification: model::verification::of(&library, procedure),
                })
                .collect()
        },
    );
    let mut warnings = judged?;
    // Released procedures whose readers would see something else under the same version.
    warnings.extend(release::unreleased(project, &library)?);
    diagnostic::sort(&mut warnings);
    if project.require_verified {
        require_verified(&library, &verifications, &mut warnings)?;
    }
    let (theme, fonts) = early();
    let theme = theme.map_err(Error::Content)?;
    let report = Report {
        procedures: library.procedures.len(),
        languages: library.site.languages.len(),
        warnings,
        verifications,
        ..Report::default()
    };
    Ok((library, theme, report, fonts))
}

/// The work in `slot`, if nobody took it yet.
fn take<F>(slot: &std::sync::Mutex<Option<F>>) -> Option<F> {
    slot.lock().ok().and_then(|mut work| work.take())
}

/// `--require-verified`: an error for every procedure that is published (or withdrawn) and not
/// verified, with the warnings found so far.
fn require_verified(
    library: &Library,
    states: &[ProcedureState],
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), Error> {
    let mut errors: Vec<Diagnostic> = library
        .procedures
        .iter()
        .zip(states)
        .filter(|(_, state)| state.status != model::Status::Draft)
        .filter(|(_, state)| !state.verification.is_verified())
        .map(|(procedure, state)| {
            let at = match procedure.status.span.end {
                0 => library.sources.get(procedure.file).start(),
                _ => library
                    .sources
                    .locate_node(procedure.file, procedure.status.span),
            };
            Diagnostic::error(
                at,
                crate::source::Problem::NotVerified {
                    id: state.id.clone(),
                    state: state.verification.to_string(),
                },
            )
        })
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    errors.append(warnings);
    diagnostic::sort(&mut errors);
    Err(Error::Content(errors))
}

/// The rules, in one place for `check`, `build` and `serve`: given the library and what the
/// loader found, every problem sorted and shown once; the warnings if there is no error.
/// Verification dates are judged against today (`--today`, `SOURCE_DATE_EPOCH` or the clock).
pub fn judge(
    project: &Project,
    library: &Library,
    diagnostics: Vec<Diagnostic>,
) -> Result<Vec<Diagnostic>, Error> {
    judge_kept(
        project,
        library,
        diagnostics,
        &mut validate::Kept::default(),
    )
}

/// [`judge`], with each procedure's rule results kept in `kept` between runs (`serve`; see
/// [`validate::Kept`] for when they must be dropped).
pub fn judge_kept(
    project: &Project,
    library: &Library,
    mut diagnostics: Vec<Diagnostic>,
    kept: &mut validate::Kept,
) -> Result<Vec<Diagnostic>, Error> {
    let today = model::date::today(project.today.as_deref()).map_err(Error::Usage)?;
    if !diagnostics.iter().any(Diagnostic::is_error) {
        let freshness = validate::Freshness {
            today,
            max_age_days: project.max_age_days.unwrap_or(library.site.max_age_days),
        };
        diagnostics.extend(validate::validate_kept(library, Some(freshness), kept));
        if project.checklists {
            diagnostics.extend(validate::checklist::check(library));
        }
    }
    diagnostic::sort(&mut diagnostics);
    // Two rules can find the same problem at the same place (a placeholder in a subject line
    // shared by every language); it is shown once.
    diagnostics.dedup();
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(diagnostics));
    }
    Ok(diagnostics)
}

/// [`check`], what changed since the last build (if the output folder has a manifest), and
/// where the label `uses` (`system:id`) is used, if asked.
pub fn check_changes(project: &Project, uses: Option<&str>) -> Result<(Library, Report), Error> {
    let (library, mut report) = check(project)?;
    let last = std::fs::read_to_string(project.out.join(MANIFEST))
        .ok()
        .and_then(|text| serde_json::from_str::<manifest::Manifest>(&text).ok());
    if last.is_none() && uses.is_none() {
        return Ok((library, report));
    }
    let now = manifest_of(&library);
    report.changes = last.map(|old| diff::diff(&old, &published(&now, &old)));
    if let Some(label) = uses {
        if now.labels.contains_key(label) {
            report.uses = Some(now.uses_of(label));
        } else if let Some(labels) = labels_on_screen(&library, label) {
            report.uses = Some(now.uses_of_any(&labels));
        } else {
            return Err(Error::Usage(format!(
                "unknown screen label or screen `{label}`: use `system:id`, as in `[[{label}]]`, or `system:screen`"
            )));
        }
    }
    Ok((library, report))
}

/// The labels (`system:id`) on screen `reference` (`system:screen`), if there is such a screen.
fn labels_on_screen(library: &Library, reference: &str) -> Option<Vec<String>> {
    let (system, screen) = reference.split_once(':')?;
    let system = library.labels.get(system)?;
    system.screens.get(screen)?;
    Some(
        system
            .labels_on(screen)
            .map(|(id, _)| format!("{}:{id}", system.id))
            .collect(),
    )
}

/// Compares the content with an earlier build's manifest (`stepbook diff`).
pub fn diff(project: &Project, old: &std::path::Path) -> Result<(diff::Diff, Report), Error> {
    let text = std::fs::read_to_string(old)
        .map_err(|e| Error::Usage(format!("cannot read `{}`: {e}", old.display())))?;
    let old: manifest::Manifest = serde_json::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "`{}` is not a stepbook manifest: {e}",
            old.display()
        ))
    })?;
    if old.format != manifest::FORMAT {
        return Err(Error::Usage(format!(
            "the manifest has format {}, this stepbook reads format {}",
            old.format,
            manifest::FORMAT
        )));
    }
    let (library, report) = check(project)?;
    let now = manifest_of(&library);
    Ok((diff::diff(&old, &published(&now, &old)), report))
}

/// `now` less the drafts the earlier build did not publish: `build` leaves drafts out unless
/// `--drafts`, so a draft that was never published is no change.
fn published(now: &manifest::Manifest, old: &manifest::Manifest) -> manifest::Manifest {
    let mut now = now.clone();
    now.procedures.retain(|id, entry| {
        entry.status != model::Status::Draft || old.procedures.contains_key(id)
    });
    now
}

/// The manifest of the content as it is now, for `check` and `diff`: gathered from the same
/// per-page parts, made from the same views, as the one `build` writes; each (procedure,
/// language) view made in parallel and dropped once its part is taken.
pub fn manifest_of(library: &Library) -> manifest::Manifest {
    let mut gathered = manifest::Gathered::default();
    let mut languages: Vec<&String> = library.site.languages.iter().collect();
    languages.sort_unstable();
    languages.dedup();
    for lang in languages {
        let pages: Vec<manifest::Page> = library
            .procedures
            .par_iter()
            .map(|procedure| {
                let view = crate::view::procedure(library, procedure, lang);
                manifest::Page::of(library, procedure, lang, &view)
            })
            .collect();
        for page in pages {
            gathered.add(lang, page);
        }
    }
    gathered.into_manifest(manifest::labels(library))
}

/// Renders the whole site in memory, without writing anything: the same files, with the same
/// bytes, that [`build`] writes (less the manifest).
pub fn render(project: &Project) -> Result<(Vec<OutputFile>, Report), Error> {
    let mut files = output::Gathered::default();
    let (report, _) = drive(project, false, &|_, _| {}, &mut |batch| {
        files.extend(batch);
        Ok(())
    })?;
    Ok((files.into_files(), report))
}

/// Renders the site and writes it to the project's output folder. Files are written as they
/// are rendered, batch by batch, into a staging folder that replaces the output at the end, with
/// the build manifest (`manifest.json`) as the record of what was published; nothing is written
/// if the content has errors.
pub fn build(project: &Project) -> Result<Report, Error> {
    build_with_progress(project, &|_, _| {})
}

/// [`build`], telling `progress` how far it has come (for a progress bar).
pub fn build_with_progress(project: &Project, progress: Progress<'_>) -> Result<Report, Error> {
    output::check_target(&project.out, &project.root)?;
    let mut staging: Option<output::Staging> = None;
    let (report, made) = drive(project, true, progress, &mut |batch| {
        let staging = match &mut staging {
            Some(staging) => staging,
            none => none.insert(output::Staging::begin(&project.out)?),
        };
        staging.put_all(&batch).map_err(Error::Output)
    })?;
    // The theme's static files always come, so a successful render has begun the staging.
    let staging = match staging {
        Some(staging) => staging,
        None => output::Staging::begin(&project.out)?,
    };
    match made {
        Some((library, manifest)) => {
            // What the build held (at 10 000 procedures some 150 ms of freeing, one small
            // allocation at a time) is freed on a thread of its own, beside the manifest
            // (which needs only the labels) and the swap; `stepbook build` exits without
            // waiting for it, which frees it all at once.
            let labels = manifest::labels(&library);
            free_aside(library);
            staging.put_with(MANIFEST, |out| manifest.write(&labels, out))?;
            staging.commit()?;
        }
        None => staging.commit()?,
    }
    Ok(report)
}

/// Drops `value` on a thread of its own that nobody waits for. If no thread can be started,
/// `spawn` drops the closure, and with it `value`, here.
fn free_aside<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("stepbook-free".into())
        .spawn(move || drop(value));
}

/// Checks the project, then runs the driver over its whole plan into `sink`; with the manifest
/// (and the library it describes) if `with_manifest`.
fn drive(
    project: &Project,
    with_manifest: bool,
    progress: Progress<'_>,
    sink: &mut Sink<'_, Error>,
) -> Result<(Report, Option<(Library, manifest::Gathered)>), Error> {
    // The profile is checked first: a typo in it should not wait for the whole site to render.
    let values = match &project.profile {
        Some(path) => load::profile::load(path).map_err(Error::Content)?,
        None => Values::new(),
    };
    let (mut library, theme, mut report, fonts) = checked_with(project, project.checklists)?;
    if !project.drafts {
        // A published build leaves drafts out (checked all the same); `build --drafts` keeps them.
        let drafts: std::collections::BTreeSet<crate::source::FileId> = library
            .procedures
            .iter()
            .filter(|p| *p.status == model::Status::Draft)
            .flat_map(|p| std::iter::once(p.file).chain(p.words.values().map(|w| w.file)))
            .collect();
        library
            .procedures
            .retain(|p| *p.status != model::Status::Draft);
        // Nor their images, unless a published page shows them too.
        library.images.leave_out(&drafts);
        report.drafts_left_out = report.procedures - library.procedures.len();
        report.procedures = library.procedures.len();
    }
    let checklists = match fonts {
        Some(fonts) => {
            let fonts = Arc::new(fonts.map_err(|d| Error::Content(vec![d]))?);
            Some(Checklists::with_fonts(&library, &theme, &values, fonts))
        }
        None => None,
    };
    let options = Options {
        checklists: project.checklists,
        manifest: with_manifest,
    };
    let plan = Plan::new(&library, &theme, options);
    let mut driver = Driver::new(&library, &theme, plan, checklists);
    if with_manifest {
        // Next to the output folder, where the staging folder will be.
        let parent = match project.out.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => std::path::Path::new("."),
        };
        driver = driver.spill_manifest_in(parent);
    }
    let made: Made = driver
        .run(None, progress, sink)
        .map_err(|stop| match stop {
            Stop::Content(diagnostics) => Error::Content(diagnostics),
            Stop::Sink(error) => error,
        })?;
    report.pages = made.pages;
    report.checklists = made.checklists;
    report.files = made.files;
    drop(theme);
    Ok((report, made.manifest.map(|m| (library, m))))
}

/// Loads the theme the site names (layered over the default theme).
pub fn theme(project: &Project, library: &Library) -> Result<Theme, Error> {
    Theme::load(project, &library.site.theme, theme_named_at(library)).map_err(Error::Content)
}

/// Where `site.yaml` names the theme.
fn theme_named_at(library: &Library) -> crate::source::Location {
    library
        .sources
        .locate_node(library.site.file, library.site.theme.span)
}
