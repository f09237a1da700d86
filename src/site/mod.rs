//! The site: what files a site consists of, and the one driver that makes them, for `build`,
//! `check` and `serve` alike.

pub mod cache;
pub mod manifest;

use thiserror::Error;

use crate::model::{self, Library};
use crate::output::{self, OutputError, OutputFile};
use crate::project::Project;
use crate::source::{Diagnostic, diagnostic};

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::render::{self, Sink, in_batches};
use crate::theme::Theme;
use crate::view::{self, ProcedureSummary};
use rayon::prelude::*;

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
    /// For `check`: what changed since the build whose manifest is in the output folder.
    pub changes: Option<manifest::Diff>,
    /// For `check --uses LABEL`: the items that use the label.
    pub uses: Option<Vec<manifest::LabelUse>>,
}

/// Loads and validates the content: the library and its warnings, or every problem.
pub fn check(project: &Project) -> Result<(Library, Report), Error> {
    let today = model::date::today(project.today.as_deref()).map_err(Error::Usage)?;
    let (library, mut diagnostics) = crate::load::load(project);
    if !diagnostics.iter().any(Diagnostic::is_error) {
        let freshness = crate::validate::Freshness {
            today,
            max_age_days: project.max_age_days.unwrap_or(library.site.max_age_days),
        };
        diagnostics.extend(crate::validate::validate(&library, Some(freshness)));
    }
    diagnostic::sort(&mut diagnostics);
    // Two rules can find the same problem at the same place (a placeholder in a subject line
    // shared by every language); it is shown once.
    diagnostics.dedup();
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(diagnostics));
    }
    let report = Report {
        procedures: library.procedures.len(),
        languages: library.site.languages.len(),
        warnings: diagnostics,
        ..Report::default()
    };
    Ok((library, report))
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
    let now = manifest::of_library(&library);
    report.changes = last.map(|old| manifest::diff(&old, &now));
    if let Some(label) = uses {
        if !now.labels.contains_key(label) {
            return Err(Error::Usage(format!(
                "unknown screen label `{label}`: use `system:id`, as in `[[{label}]]`"
            )));
        }
        report.uses = Some(now.uses_of(label));
    }
    Ok((library, report))
}

/// The manifest's file name in the output folder.
pub const MANIFEST: &str = "manifest.json";

/// Compares the content with an earlier build's manifest (`stepbook diff`).
pub fn diff(project: &Project, old: &std::path::Path) -> Result<(manifest::Diff, Report), Error> {
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
    let now = manifest::of_library(&library);
    Ok((manifest::diff(&old, &now), report))
}

/// Renders the whole site in memory, without writing anything: the same files, in the same
/// order and with the same bytes, that [`build`] writes (less the manifest).
pub fn render(project: &Project) -> Result<(Vec<OutputFile>, Report), Error> {
    let mut files = Vec::new();
    let (report, _) = render_into(project, false, &|_, _| {}, &mut |batch| {
        files.extend(batch);
        Ok(())
    })?;
    Ok((files, report))
}

/// Renders the site and writes it to the project's output folder. Files are written as they
/// are rendered, batch by batch, into a staging folder that replaces the output at the end, with
/// the build manifest (`manifest.json`) as the record of what was published; nothing is written
/// if the content has errors.
pub fn build(project: &Project) -> Result<Report, Error> {
    build_with_progress(project, &|_, _| {})
}

/// How far a build has come, told as it goes: (procedure pages done, of how many), one per
/// procedure and language. Called from the rendering threads, hence `Sync`.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// [`build`], telling `progress` how far it has come (for a progress bar).
pub fn build_with_progress(project: &Project, progress: Progress<'_>) -> Result<Report, Error> {
    output::check_target(&project.out, &project.root)?;
    let mut staging: Option<output::Staging> = None;
    let (report, manifest) = render_into(project, true, progress, &mut |batch| {
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
    if let Some((library, manifest)) = manifest {
        staging.put_with(MANIFEST, |out| manifest.write(&library, out))?;
    }
    staging.commit()?;
    Ok(report)
}

/// Renders the site, handing the files to `sink` batch by batch, and counts them; with the
/// build manifest gathered along the way if `with_manifest`.
///
/// Each (procedure, language) view is made, used and dropped, so the views of a large site are
/// never in memory all at once: a first pass per language makes the procedure summaries the
/// index lists, the search index entries and the manifest's part of each page; a second renders
/// each procedure's page, changelog page and checklist from one view made for all three.
/// Pages and checklists are rendered in parallel ([`render::in_batches`]), in a fixed order.
fn render_into(
    project: &Project,
    with_manifest: bool,
    progress: Progress<'_>,
    sink: &mut Sink<'_, Error>,
) -> Result<(Report, Option<(Library, manifest::Gathered)>), Error> {
    // The profile is checked first: a typo in it should not wait for the whole site to render.
    let values = match &project.profile {
        Some(path) => crate::load::profile::load(path).map_err(Error::Content)?,
        None => render::pdf::Values::new(),
    };
    let (library, mut report) = check(project)?;
    let theme = theme(project, &library)?;
    let checklists = match project.checklists {
        true => Some(
            render::pdf::Checklists::new(&library, &theme, &values)
                .map_err(|d| Error::Content(vec![d]))?,
        ),
        false => None,
    };
    let view_of = |procedure: &model::Procedure, lang: &str| {
        let mut view = view::procedure(&library, procedure, lang);
        if checklists.is_none() {
            // No checklist, so no page links to one.
            view.pdf.clear();
        }
        view
    };
    let mut counting = |batch: Vec<OutputFile>| {
        for file in &batch {
            match file.path.extension().and_then(|e| e.to_str()) {
                Some("html") => report.pages += 1,
                Some("pdf") => report.checklists += 1,
                _ => {}
            }
        }
        report.files += batch.len();
        sink(batch)
    };
    let mut manifest = with_manifest.then(manifest::Gathered::default);
    let units = library.procedures.len() * library.site.languages.len();
    let done = AtomicUsize::new(0);
    let mut diagnostics = Vec::new();
    // In the order of the language codes, as the in-memory renderers go.
    let languages: std::collections::BTreeSet<&String> = library.site.languages.iter().collect();
    for lang in languages {
        let lang = lang.as_str();
        let mut summaries = Vec::with_capacity(library.procedures.len());
        let mut search = render::search::Script::new();
        // In chunks, each part added and dropped as it comes: the search entries of a language
        // are tens of megabytes at 10 000 procedures.
        for chunk in library.procedures.chunks(render::BATCH * 4) {
            let first: Vec<(ProcedureSummary, String, Option<manifest::Page>)> = chunk
                .par_iter()
                .map(|p| {
                    let view = view_of(p, lang);
                    let page = with_manifest.then(|| manifest::Page::of(&library, p, lang, &view));
                    (
                        ProcedureSummary::from(&view),
                        render::search::entries(lang, &view),
                        page,
                    )
                })
                .collect();
            for (summary, entries, page) in first {
                summaries.push(summary);
                search.push(&entries);
                if let (Some(manifest), Some(page)) = (&mut manifest, page) {
                    manifest.add(lang, page);
                }
            }
        }
        let pages = render::html::Pages::new(&library, &theme, lang, &summaries);
        in_batches(&[()], |()| pages.indexes(), &mut diagnostics, &mut counting)?;
        let unit = |procedure: &model::Procedure| {
            let view = view_of(procedure, lang);
            let mut files = vec![pages.procedure(&view)];
            if !view.changelog.is_empty() {
                files.push(pages.changelog_page(&view));
            }
            if let Some(checklists) = &checklists {
                files.extend(checklists.files(&view));
            }
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, units);
            files
        };
        in_batches(&library.procedures, unit, &mut diagnostics, &mut counting)?;
        if diagnostics.is_empty() {
            counting(vec![search.finish(lang)])?;
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error::Content(diagnostics));
    }
    counting(render::html::assets(&theme))?;
    Ok((report, manifest.map(|m| (library, m))))
}

/// Loads the theme the site names (layered over the default theme).
pub fn theme(project: &Project, library: &Library) -> Result<Theme, Error> {
    let file = library.site.file;
    let text = library.sources.text(file);
    let range =
        crate::source::locate::value_of(text, "theme", &library.site.theme, 0).unwrap_or(0..0);
    let named_at = library.sources.locate(file, range);
    Theme::load(project, &library.site.theme, named_at).map_err(Error::Content)
}
