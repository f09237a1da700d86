//! `stepbook init DIR` and `stepbook new procedure ID`: files a new author starts from. What they
//! write builds and checks clean at once, in every configured language, and names its JSON
//! Schema so editors validate and complete it. `init` uses the default theme built into the
//! binary; it copies no template (a `themes/default/` folder overrides it file by file later).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::load;
use crate::model::is_id;
use crate::project::Project;
use crate::source::Diagnostic;

pub mod schema;
pub mod starter;

use starter::starter;

/// The procedure `init` starts a project with.
pub const FIRST_PROCEDURE: &str = "first-procedure";

/// Why nothing (or not everything) was written.
#[derive(Debug, Error)]
pub enum ScaffoldError {
    /// The procedure id is not lowercase words joined by hyphens.
    #[error("`{0}` is not a valid id: use lowercase letters and digits, words joined by hyphens")]
    InvalidId(String),
    /// A language code is not a two-letter code.
    #[error("`{0}` is not a language code such as `en`, `nl` or `pt-br`")]
    InvalidLanguage(String),
    /// A language is given twice.
    #[error("`{0}` is given twice in the languages; nothing was written")]
    DuplicateLanguage(String),
    /// Something is in the way.
    #[error("`{0}` already exists; nothing was written")]
    Exists(PathBuf),
    /// The project's shared content has errors, so a new procedure could not be fitted to it.
    #[error("the project's content has errors; fix them first")]
    Content(Vec<Diagnostic>),
    /// A procedure needs a field and a screen label to refer to, and the project has none.
    #[error("{0}")]
    Missing(String),
    /// Writing failed.
    #[error("cannot write `{path}`: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The reason.
        source: io::Error,
    },
}

/// A CI service whose configuration `init` and `new ci` write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ci {
    /// `.github/workflows/stepbook.yml`: check, build, publish to GitHub Pages.
    Github,
    /// `.gitlab-ci.yml`: check (with a Code Quality report), build, publish to GitLab Pages.
    Gitlab,
}

impl Ci {
    /// Where the file goes in a project, and its text: it installs the release of this very
    /// stepbook from the repository's releases (no compiling), checks with warnings denied,
    /// builds and publishes.
    pub fn file(self) -> (&'static str, String) {
        let (path, template) = match self {
            Ci::Github => (
                ".github/workflows/stepbook.yml",
                include_str!("ci/github.yml"),
            ),
            Ci::Gitlab => (".gitlab-ci.yml", include_str!("ci/gitlab.yml")),
        };
        let releases = format!(
            "{}/releases",
            env!("CARGO_PKG_REPOSITORY").trim_end_matches('/')
        );
        let text = template
            .replace("{version}", env!("CARGO_PKG_VERSION"))
            .replace("{releases}", &releases);
        (path, text)
    }
}

/// Writes the CI configuration of each service into the project at `dir`; nothing if any of the
/// files exists already. Returns the files written.
pub fn ci(dir: &Path, services: &[Ci]) -> Result<Vec<PathBuf>, ScaffoldError> {
    let files: Vec<(PathBuf, String)> = services
        .iter()
        .map(|service| {
            let (path, text) = service.file();
            (dir.join(path), text)
        })
        .collect();
    if let Some((path, _)) = files.iter().find(|(path, _)| path.exists()) {
        return Err(ScaffoldError::Exists(path.clone()));
    }
    let mut written = Vec::new();
    for (path, text) in files {
        write_new(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

/// Creates a new project in `dir` (which must not exist or be empty) with the given languages
/// (the first is the source language) and the CI configuration of `services`. Returns the files
/// written.
///
/// All or nothing: if anything fails once writing has begun, what was written is removed again
/// (the folder itself if `init` made it), so "nothing was written" is true.
pub fn init(
    dir: &Path,
    languages: &[String],
    services: &[Ci],
) -> Result<Vec<PathBuf>, ScaffoldError> {
    if let Some(bad) = languages.iter().find(|code| !is_language(code)) {
        return Err(ScaffoldError::InvalidLanguage(bad.clone()));
    }
    if let Some(twice) = languages
        .iter()
        .enumerate()
        .find(|(index, code)| languages[..*index].contains(code))
        .map(|(_, code)| code)
    {
        return Err(ScaffoldError::DuplicateLanguage(twice.clone()));
    }
    let is_empty = |dir: &Path| fs::read_dir(dir).is_ok_and(|mut e| e.next().is_none());
    let existed = fs::symlink_metadata(dir).is_ok();
    if existed && !is_empty(dir) {
        return Err(ScaffoldError::Exists(dir.to_path_buf()));
    }
    let result = write_project(dir, languages, services);
    if result.is_err() {
        // The folder was empty or missing before: everything in it now is ours.
        if existed {
            if let Ok(entries) = fs::read_dir(dir) {
                for entry in entries.filter_map(Result::ok) {
                    let path = entry.path();
                    let _ = match entry.file_type() {
                        Ok(kind) if kind.is_dir() => fs::remove_dir_all(&path),
                        _ => fs::remove_file(&path),
                    };
                }
            }
        } else {
            let _ = fs::remove_dir_all(dir);
        }
    }
    result
}

/// The files of a new project, written into `dir`.
fn write_project(
    dir: &Path,
    languages: &[String],
    services: &[Ci],
) -> Result<Vec<PathBuf>, ScaffoldError> {
    let per_language = |indent: &str, text: fn(starter::Starter) -> String| {
        languages
            .iter()
            .map(|lang| format!("{indent}{lang}: {}\n", text(starter(lang))))
            .collect::<String>()
    };
    let mut written = Vec::new();
    let mut write = |relative: &str, text: String| -> Result<(), ScaffoldError> {
        let path = dir.join(relative);
        write_new(&path, &text)?;
        written.push(path);
        Ok(())
    };
    write(
        "content/site.yaml",
        format!(
            "{}# Site settings. The first language is the source language: every other one is\n\
             # checked against it, and falls back to it where a translation is missing.\n\
             title:\n{}description:\n{}languages: [{}]\n\
             # Where the site will be published, with a final `/`: the PDF checklists' QR codes and\n\
             # \"online version\" links point at it (see `stepbook build --base-url` for a staging copy).\n\
             # base_url: https://intranet.example.org/procedures/\n\
             # The default theme is built into stepbook; a folder themes/default/ overrides it file\n\
             # by file (templates/, static/, theme.yaml).\ntheme: default\n\
             # With many procedures, group them on the index: declare each group once here and\n\
             # write `category: <id>` in a procedure's procedure.yaml (`order` adds previous/next).\n\
             # categories:\n\
             #   - id: import\n\
             #     title: {{ {}: … }}\n\
             #     order: [first-procedure]\n",
            schema::modeline("site.schema.json", 1),
            per_language("  ", |s| s.site_title),
            per_language("  ", |s| s.site_description),
            languages.join(", "),
            languages.first().map_or("en", String::as_str)
        ),
    )?;
    write(
        "content/fields.yaml",
        format!(
            "{}# Fill-in fields, declared once. A procedure lists the ones it asks for; text refers\n\
             # to them as [[field:<id>]], e-mail templates as {{<id>}}.\n\
             company-name:\n  kind: text    # text | email | eori | date | checkbox\n\
             \x20 # What the browser may fill in (given-name, family-name, email, …; see the schema).\n\
             \x20 autocomplete: organization\n  label:\n{}",
            schema::modeline("fields.schema.json", 1),
            per_language("    ", |s| s.company_name)
        ),
    )?;
    write(
        "content/labels/example-app.yaml",
        format!(
            "{}# Screen labels of one application, spelled exactly as on screen. Text refers to them\n\
             # as [[example-app:<id>]].\nname: Example application\n\
             # The screens the labels are on; add `image: main.png` (a screenshot next to this\n\
             # file) and a label's `region` to show it highlighted on the steps that name it.\n\
             screens:\n  main:\n    title:\n{}\
             labels:\n  save:\n    text: Save\n    screen: main\n",
            schema::modeline("labels.schema.json", 2),
            per_language("      ", |s| s.main_screen)
        ),
    )?;
    for (name, text) in schema::all() {
        write(&format!("{}/{name}", schema::FOLDER), text)?;
    }
    write(".gitignore", "/output/\n".to_string())?;
    // Editors: VS Code offers the YAML extension, which reads the `$schema` lines above.
    write(
        ".vscode/extensions.json",
        include_str!("ci/vscode-extensions.json").to_string(),
    )?;
    let project = Project::new(dir, None);
    written.extend(new_procedure(&project, FIRST_PROCEDURE)?);
    written.extend(ci(dir, services)?);
    Ok(written)
}

/// Creates `content/procedures/<id>/` with a structure (one section, one step, one field) and
/// words in every language of the site (one screen-label and one field reference). Returns the
/// files written.
pub fn new_procedure(project: &Project, id: &str) -> Result<Vec<PathBuf>, ScaffoldError> {
    if !is_id(id) {
        return Err(ScaffoldError::InvalidId(id.to_string()));
    }
    let (library, diagnostics) = load::load_shared(project);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(ScaffoldError::Content(diagnostics));
    }
    let folder = project.path(Path::new("content/procedures").join(id));
    if folder.exists() {
        return Err(ScaffoldError::Exists(folder));
    }
    let field = library.fields.keys().next().ok_or_else(|| {
        ScaffoldError::Missing(
            "content/fields.yaml declares no field for the new procedure to ask for; add one first"
                .into(),
        )
    })?;
    let (system, label) = library
        .labels
        .values()
        .find_map(|system| Some((&system.id, system.labels.keys().next()?)))
        .ok_or_else(|| {
            ScaffoldError::Missing(
                "content/labels/ has no screen label for the new procedure to refer to; add one first"
                    .into(),
            )
        })?;
    let mut written = Vec::new();
    let structure = folder.join("procedure.yaml");
    write_new(
        &structure,
        &format!(
            "{}# The structure of the procedure, written once for all languages. Every id is an\n\
             # anchor on the page, a checkbox in the PDF and the key of its words in <lang>.md.\n\
             version: \"0.1\"\nstatus: draft    # draft | published | withdrawn\nfields: [{field}]\n\
             sections:\n  - id: getting-started\n    steps:\n      - id: first-step\n",
            schema::modeline("procedure.schema.json", 3)
        ),
    )?;
    written.push(structure);
    for lang in &library.site.languages {
        let words = folder.join(format!("{lang}.md"));
        let texts = starter(lang);
        // The first procedure's title is a starter text; a new one's is its id, the author's
        // own words.
        let title = if id == FIRST_PROCEDURE {
            texts.first_procedure
        } else {
            sentence(id)
        };
        write_new(
            &words,
            &format!(
                "---\ntitle: {title}\nsummary: {summary}\n---\n\n{intro}\n\n\
                 # {getting_started} {{#getting-started}}\n\n\
                 ## {first_step} {{#first-step}}\n\n{have_at_hand}\n",
                summary = texts.summary,
                intro = texts.intro,
                getting_started = texts.getting_started,
                first_step = texts
                    .first_step
                    .replace("{label}", &format!("[[{system}:{label}]]")),
                have_at_hand = texts
                    .have_at_hand
                    .replace("{field}", &format!("[[field:{field}]]")),
            ),
        )?;
        written.push(words);
    }
    Ok(written)
}

/// `first-procedure` → `First procedure`.
fn sentence(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Writes a file that must not exist yet, with its folders.
fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if path.exists() {
        return Err(ScaffoldError::Exists(path.to_path_buf()));
    }
    let io = |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io)?;
    }
    fs::write(path, text).map_err(io)
}

/// A two-letter lowercase language code, optionally with a region (`nl`, `pt-br`).
fn is_language(code: &str) -> bool {
    let two_letters = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase());
    match code.split_once('-') {
        Some((language, region)) => two_letters(language) && two_letters(region),
        None => two_letters(code),
    }
}
