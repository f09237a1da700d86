//! Themes: Tera templates, static assets and fixed texts, layered so a site's theme only needs
//! the files it changes.
//!
//! Layers, later ones winning file by file: the default theme built into the binary, the
//! project's `themes/default/` (so the shipped theme can be edited without recompiling), and the
//! theme the site names in `site.yaml`. A theme folder holds `templates/*.html`, `static/**`
//! (copied to `output/static/`), `fonts/*` (embedded in PDF checklists) and `theme.yaml` (fixed
//! texts per language, and the PDF's page geometry, fonts and colours under `pdf:`).

mod escape;
pub mod pdf;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use serde::Deserialize;
use tera::{Context, ErrorKind, Kwargs, State, Tera};
use walkdir::WalkDir;

use crate::project::Project;
use crate::source::Problem;
use crate::source::yaml;
use crate::source::{Diagnostic, Location, SourceFile};
use crate::theme::pdf::PdfSettings;

static BUILT_IN: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A loaded theme, ready to render.
pub struct Theme {
    tera: Tera,
    /// Template sources by template name, to point at the failing line of a template error.
    templates: BTreeMap<String, SourceFile>,
    /// Fixed texts of the templates: language → key → text.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Names of languages in their own language (`nl` → `Nederlands`).
    pub language_names: BTreeMap<String, String>,
    /// Files to copy to `output/static/`, by path under `static/`.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Font files for the PDF checklist, by path under `fonts/`.
    pub fonts: BTreeMap<String, Vec<u8>>,
    /// Page geometry, fonts and colours of the PDF checklist (`pdf:` in `theme.yaml`).
    pub pdf: PdfSettings,
}

/// `theme.yaml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    /// language → key → text.
    #[serde(default)]
    strings: BTreeMap<String, BTreeMap<String, String>>,
    /// language code → name of the language in that language.
    #[serde(default)]
    languages: BTreeMap<String, String>,
    /// The PDF checklist's page geometry, fonts and colours; a later layer replaces it whole.
    #[serde(default)]
    pdf: Option<PdfSettings>,
}

/// The files of a theme folder before they are merged.
#[derive(Default)]
struct Layer {
    templates: BTreeMap<String, SourceFile>,
    assets: BTreeMap<String, Vec<u8>>,
    fonts: BTreeMap<String, Vec<u8>>,
    settings: Option<SourceFile>,
}

impl Theme {
    /// Loads the built-in default theme, overridden by `themes/default/` and by `themes/<name>/`.
    pub fn load(
        project: &Project,
        name: &str,
        named_at: Location,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let mut diagnostics = Vec::new();
        if !crate::model::is_id(name) {
            return Err(vec![Diagnostic::error(
                named_at,
                Problem::InvalidThemeName { name: name.into() },
            )]);
        }
        let mut layers = vec![built_in_layer()];
        let folders = if name == "default" {
            vec!["default"]
        } else {
            vec!["default", name]
        };
        for folder_name in folders {
            let folder = project.themes().join(folder_name);
            if folder.is_dir() {
                layers.push(folder_layer(
                    project,
                    folder_name,
                    &folder,
                    &mut diagnostics,
                ));
            } else if folder_name != "default" {
                diagnostics.push(Diagnostic::error(
                    named_at.clone(),
                    Problem::UnknownTheme { name: name.into() },
                ));
            }
        }
        let mut theme = Theme {
            tera: Tera::new(),
            templates: BTreeMap::new(),
            strings: BTreeMap::new(),
            language_names: BTreeMap::new(),
            assets: BTreeMap::new(),
            fonts: BTreeMap::new(),
            pdf: PdfSettings::default(),
        };
        // The text of the `theme.yaml` merged last: a layer with the same text (a project
        // holding a copy of the built-in theme, as this repository does) would merge the
        // same settings over themselves, which changes nothing, so it is not read again.
        let mut last_settings: Option<String> = None;
        for layer in layers {
            theme.templates.extend(layer.templates);
            theme.assets.extend(layer.assets);
            theme.fonts.extend(layer.fonts);
            if let Some(file) = layer.settings {
                if last_settings.as_deref() == Some(file.text.as_str()) {
                    continue;
                }
                match yaml::parse::<Settings>(&file, 0, file.text.len()) {
                    Ok(settings) => {
                        theme.merge(settings);
                        last_settings = Some(file.text);
                    }
                    Err(diagnostic) => {
                        diagnostics.push(diagnostic);
                        last_settings = None;
                    }
                }
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        theme.tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
        theme.tera.set_escape_fn(escape::html);
        // `{{ x | yaml }}` writes any text as a quoted YAML scalar (for `*.yaml` templates).
        theme
            .tera
            .register_filter("yaml", |text: &str, _: Kwargs, _: &State| yaml_quote(text));
        let sources = theme
            .templates
            .iter()
            .map(|(name, file)| (name.clone(), file.text.clone()));
        if let Err(error) = theme.tera.add_raw_templates(sources.collect::<Vec<_>>()) {
            return Err(vec![theme.template_error(&error)]);
        }
        Ok(theme)
    }

    fn merge(&mut self, settings: Settings) {
        for (lang, strings) in settings.strings {
            self.strings.entry(lang).or_default().extend(strings);
        }
        self.language_names.extend(settings.languages);
        if let Some(pdf) = settings.pdf {
            self.pdf = pdf;
        }
    }

    /// Whether the theme has a template of this name.
    pub fn has_template(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }

    /// Renders a template; a failure points at the template line.
    pub fn render(&self, template: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|error| self.template_error(&error))
    }

    /// The fixed texts for `lang`, completed from the source language and then English.
    pub fn strings_for(&self, lang: &str, source: &str) -> BTreeMap<String, String> {
        let mut strings = BTreeMap::new();
        for fallback in ["en", source, lang] {
            if let Some(texts) = self.strings.get(fallback) {
                strings.extend(texts.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        strings
    }

    fn template_error(&self, error: &tera::Error) -> Diagnostic {
        let report = match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => Some(report),
            _ => None,
        };
        let location = report.and_then(|report| {
            let file = self.templates.get(report.filename())?;
            Some(file.locate(report.span().range.clone()))
        });
        if let Some(location) = location {
            let message = report.map_or_else(String::new, |r| r.message().to_string());
            return Diagnostic::error(location, Problem::Template { message });
        }
        // Checks across templates (an unknown include) come as finished reports in the text:
        // `error: <message>` then ` --> <template>:<line>:<column>`.
        let text = error.to_string();
        let pointed = text.lines().find_map(|line| {
            let (name, position) = line.trim().strip_prefix("--> ")?.rsplit_once(':')?;
            let (name, row) = name.rsplit_once(':')?;
            let (row, column) = (row.parse::<usize>().ok()?, position.parse::<usize>().ok()?);
            let file = self.templates.get(name)?;
            let line_start = file.text.split_inclusive('\n').take(row.checked_sub(1)?);
            let at = line_start.map(str::len).sum::<usize>() + column.saturating_sub(1);
            let message = text
                .lines()
                .next()?
                .trim_start_matches("error: ")
                .to_string();
            Some(Diagnostic::error(
                file.locate(at..at),
                Problem::Template { message },
            ))
        });
        pointed.unwrap_or_else(|| {
            Diagnostic::error(
                Location::file(Path::new("themes")),
                Problem::Template { message: text },
            )
        })
    }
}

fn built_in_layer() -> Layer {
    let mut layer = Layer::default();
    let mut stack = vec![&BUILT_IN];
    while let Some(dir) = stack.pop() {
        stack.extend(dir.dirs());
        for file in dir.files() {
            let path = file.path().to_string_lossy().replace('\\', "/");
            let shown = PathBuf::from(format!("(built-in) themes/default/{path}"));
            // The built-in theme is UTF-8 (a unit test reads it through here).
            let mut problems = Vec::new();
            add_file(
                &mut layer,
                &path,
                file.contents().to_vec(),
                shown,
                &mut problems,
            );
            debug_assert!(problems.is_empty(), "{problems:?}");
        }
    }
    layer
}

fn folder_layer(
    project: &Project,
    name: &str,
    folder: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Layer {
    let mut layer = Layer::default();
    // Theme files are read only from inside the project: a link leading out is refused.
    let disk = crate::load::files::Disk::new(&project.root);
    let refuse = |path: &Path, diagnostics: &mut Vec<Diagnostic>| match disk.check_inside(path) {
        Ok(()) => false,
        Err(problem) => {
            diagnostics.push(Diagnostic::error(Location::file(path), problem));
            true
        }
    };
    if refuse(folder, diagnostics) {
        return layer;
    }
    for entry in WalkDir::new(folder).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().unwrap_or(folder).to_path_buf();
                diagnostics.push(Diagnostic::error(
                    Location::file(&path),
                    Problem::Unreadable {
                        message: error.to_string(),
                    },
                ));
                continue;
            }
        };
        if entry.path_is_symlink() {
            if refuse(entry.path(), diagnostics) || !entry.path().is_file() {
                continue;
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(folder) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        let shown = project.path(Path::new("themes").join(name).join(&relative));
        match std::fs::read(entry.path()) {
            Ok(bytes) => add_file(&mut layer, &relative, bytes, shown, diagnostics),
            Err(error) => diagnostics.push(Diagnostic::error(
                Location::file(&shown),
                Problem::Unreadable {
                    message: error.to_string(),
                },
            )),
        }
    }
    layer
}

/// Adds a file of the theme to its layer. Templates and `theme.yaml` are text and read like
/// content files: text that is not UTF-8 is an error at its first bad byte (never published as
/// U+FFFD), a byte-order mark is dropped.
fn add_file(
    layer: &mut Layer,
    relative: &str,
    bytes: Vec<u8>,
    shown: PathBuf,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut text = || match crate::load::decode(&shown, &bytes) {
        Ok(file) => Some(file),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    };
    if let Some(name) = relative.strip_prefix("templates/") {
        if let Some(file) = text() {
            layer.templates.insert(name.to_string(), file);
        }
    } else if let Some(asset) = relative.strip_prefix("static/") {
        layer.assets.insert(asset.to_string(), bytes);
    } else if let Some(font) = relative.strip_prefix("fonts/") {
        layer.fonts.insert(font.to_string(), bytes);
    } else if relative == "theme.yaml" {
        layer.settings = text();
    }
}

/// `text` as a double-quoted YAML scalar.
fn yaml_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
