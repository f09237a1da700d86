//! stepbook turns administrative procedures, written once as YAML structure and Markdown words
//! per language, into a documentation site and printable PDF checklists with fill-in fields.
//!
//! The pipeline, one module per stage:
//! [`load`] (files → [`model::Library`]) → [`validate`] (all problems at once) →
//! [`view`] (numbered, resolved view-models) → [`render`] (files in memory) →
//! [`output`] (atomic swap of the output folder).

pub mod diagnostic;
pub mod eori;
pub mod incremental;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod problem;
pub mod profile;
pub mod project;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod theme;
pub mod validate;
pub mod view;

use thiserror::Error;

use diagnostic::Diagnostic;
use model::Library;
use output::OutputError;
use project::Project;
use rayon::prelude::*;

use render::{OutputFile, Sink, in_batches};
use theme::Theme;
use view::ProcedureSummary;

/// Why a command failed.
#[derive(Debug, Error)]
pub enum Error {
    /// The content or theme has errors; the diagnostics say which (warnings included).
    #[error("{} error(s) in the content", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),
    /// The output folder could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
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
}

/// Loads and validates the content: the library and its warnings, or every problem.
pub fn check(project: &Project) -> Result<(Library, Report), Error> {
    let (library, mut diagnostics) = load::load(project);
    if !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.extend(validate::validate(&library));
    }
    diagnostic::sort(&mut diagnostics);
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

/// Renders the whole site in memory, without writing anything.
pub fn render(project: &Project) -> Result<(Vec<OutputFile>, Report), Error> {
    let mut files = Vec::new();
    let report = render_into(project, &mut |batch| {
        files.extend(batch);
        Ok(())
    })?;
    Ok((files, report))
}

/// Renders the site and writes it to the project's output folder. Files are written as they
/// are rendered, batch by batch, into a staging folder that replaces the output at the end;
/// nothing is written if the content has errors.
pub fn build(project: &Project) -> Result<Report, Error> {
    let mut staging: Option<output::Staging> = None;
    let report = render_into(project, &mut |batch| {
        let staging = match &mut staging {
            Some(staging) => staging,
            none => none.insert(output::Staging::begin(&project.out)?),
        };
        staging.put_all(&batch).map_err(Error::Output)
    })?;
    match staging {
        Some(staging) => staging.commit()?,
        // An empty site: no batch came, but the output is still replaced.
        None => output::write(&project.out, &[])?,
    }
    Ok(report)
}

/// Renders the site, handing the files to `sink` batch by batch, and counts them.
fn render_into(project: &Project, sink: &mut Sink<'_, Error>) -> Result<Report, Error> {
    // The profile is checked first: a typo in it should not wait for the whole site to render.
    let values = match &project.profile {
        Some(path) => profile::load(path).map_err(Error::Content)?,
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
    let mut diagnostics = Vec::new();
    for lang in &library.site.languages {
        // The index lists every procedure, so the summaries come first; each view is made,
        // summarised and dropped, so the views of a large site are never in memory all at once.
        // The search index is made from the same passing views.
        let (summaries, search): (Vec<ProcedureSummary>, Vec<String>) = library
            .procedures
            .par_iter()
            .map(|p| {
                let view = view::procedure(&library, p, lang);
                (
                    ProcedureSummary::from(&view),
                    render::search::entries(lang, &view),
                )
            })
            .unzip();
        let pages = render::html::Pages::new(&library, &theme, lang, &summaries);
        in_batches(&[()], |()| pages.indexes(), &mut diagnostics, &mut counting)?;
        // Then each procedure's page and checklist, from one view made for both.
        let unit = |procedure: &model::Procedure| {
            let mut view = view::procedure(&library, procedure, lang);
            let Some(checklists) = &checklists else {
                // No checklist, so no page links to one.
                view.pdf.clear();
                return vec![pages.procedure(&view)];
            };
            vec![pages.procedure(&view), checklists.checklist(&view)]
        };
        in_batches(&library.procedures, unit, &mut diagnostics, &mut counting)?;
        if diagnostics.is_empty() {
            counting(vec![render::search::index_of(lang, search)])?;
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error::Content(diagnostics));
    }
    counting(render::html::assets(&theme))?;
    Ok(report)
}

/// Loads the theme the site names (layered over the default theme).
pub fn theme(project: &Project, library: &Library) -> Result<Theme, Error> {
    let file = library.site.file;
    let text = library.sources.text(file);
    let range = load::locate::value_of(text, "theme", &library.site.theme, 0).unwrap_or(0..0);
    let named_at = library.sources.locate(file, range);
    Theme::load(project, &library.site.theme, named_at).map_err(Error::Content)
}
