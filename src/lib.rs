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
use render::OutputFile;
use theme::Theme;

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

/// Renders the whole site in memory, without writing anything.
pub fn render(project: &Project) -> Result<(Vec<OutputFile>, Report), Error> {
    // The profile is checked first: a typo in it should not wait for the whole site to render.
    let values = match &project.profile {
        Some(path) => profile::load(path).map_err(Error::Content)?,
        None => render::pdf::Values::new(),
    };
    let (library, mut report) = check(project)?;
    let theme = theme(project, &library)?;
    let views = view::all(&library);
    let mut files = render::html::render(&library, &views, &theme).map_err(Error::Content)?;
    files.extend(render::pdf::render(&library, &views, &theme, &values).map_err(Error::Content)?);
    report.pages = files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
        .count();
    report.checklists = files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "pdf"))
        .count();
    report.files = files.len();
    Ok((files, report))
}

/// Renders the site and writes it to the project's output folder.
pub fn build(project: &Project) -> Result<Report, Error> {
    output::check_target(&project.out, &project.root)?;
    let (files, report) = render(project)?;
    output::write(&project.out, &files)?;
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
