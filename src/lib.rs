//! stepbook turns administrative procedures, written once as YAML structure and Markdown words
//! per language, into a documentation site and printable PDF checklists with fill-in fields.
//!
//! The pipeline, one module per stage:
//! [`load`] (files → [`model::Library`]) → [`validate`] (all problems at once) →
//! [`view`] (numbered, resolved view-models) → [`render`] (files in memory) →
//! [`output`] (atomic swap of the output folder).

pub mod date;
pub mod diagnostic;
pub mod eori;
pub mod incremental;
pub mod load;
pub mod manifest;
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
    let today = date::today(project.today.as_deref()).map_err(Error::Usage)?;
    let (library, mut diagnostics) = load::load(project);
    if !diagnostics.iter().any(Diagnostic::is_error) {
        let freshness = validate::Freshness {
            today,
            max_age_days: project.max_age_days.unwrap_or(library.site.max_age_days),
        };
        diagnostics.extend(validate::validate(&library, Some(freshness)));
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
    let now = manifest::build(&library, &view::all(&library));
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
    let now = manifest::build(&library, &view::all(&library));
    Ok((manifest::diff(&old, &now), report))
}

/// Renders the whole site in memory, without writing anything.
pub fn render(project: &Project) -> Result<(Vec<OutputFile>, Report), Error> {
    render_site(project, false)
}

/// Renders the site, with the build manifest (`manifest.json`) if `with_manifest`: a build
/// writes it as the record of what it published; `serve` and [`render`] have no use for it.
/// Pages and checklists are rendered in parallel (see [`render::in_batches`]).
fn render_site(project: &Project, with_manifest: bool) -> Result<(Vec<OutputFile>, Report), Error> {
    // The profile is checked first: a typo in it should not wait for the whole site to render.
    let values = match &project.profile {
        Some(path) => profile::load(path).map_err(Error::Content)?,
        None => render::pdf::Values::new(),
    };
    let (library, mut report) = check(project)?;
    let theme = theme(project, &library)?;
    let mut views = view::all(&library);
    if !project.checklists {
        // No checklist, so no page links to one.
        views
            .values_mut()
            .flatten()
            .for_each(|view| view.pdf.clear());
    }
    let mut files = render::html::render(&library, &views, &theme).map_err(Error::Content)?;
    if with_manifest {
        let manifest = manifest::build(&library, &views);
        let mut json = serde_json::to_string_pretty(&manifest).unwrap_or_default();
        json.push('\n');
        files.push(OutputFile::new(MANIFEST, json));
    }
    if project.checklists {
        files.extend(
            render::pdf::render(&library, &views, &theme, &values).map_err(Error::Content)?,
        );
    }
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
    let (files, report) = render_site(project, true)?;
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
