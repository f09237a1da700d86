//! The HTML site: an index per language, a page per procedure and language, and the theme's
//! static files.
//!
//! Every link is relative (`root` is `../../` on a procedure page), so the site works under any
//! sub-path of a server and straight from disk; links to folders name `index.html` for `file://`.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Value};

use super::{OutputFile, Sink, Stop, in_batches};
use crate::model::eori;
use crate::model::{FieldKind, Library};
use crate::source::Diagnostic;
use crate::theme::Theme;
use crate::view::{ProcedureSummary, ProcedureView};

/// A link to the same page in another language.
#[derive(Debug, Serialize)]
struct LanguageLink {
    code: String,
    name: String,
    href: String,
    current: bool,
}

/// What the page's script (`static/stepbook.js`) needs to know, written into the page as JSON:
/// the theme's `script_*` strings in the page's language, where the search index is, and on a
/// procedure page the procedure id and, if it asks for an EORI number, the EORI rules.
#[derive(Debug, Serialize)]
struct ScriptConfig<'a> {
    lang: &'a str,
    /// The search index script, relative to the page.
    search_index: String,
    /// The global the search index sets.
    search_global: &'static str,
    strings: BTreeMap<&'a str, &'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    procedure: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    eori: Option<&'a eori::Rules>,
}

impl ScriptConfig<'_> {
    /// JSON safe inside a `<script>` element: no `<` at all (only inside strings can there be
    /// one, written `\u003c` there), so neither `</script>` nor `<!--` can end it early.
    fn to_json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_else(|_| "{}".into())
            .replace('<', "\\u003c")
    }
}

/// Renders every page of the site, and copies the theme's static files, in memory.
pub fn render(
    library: &Library,
    views: &BTreeMap<String, Vec<ProcedureView>>,
    theme: &Theme,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    super::collect(|sink| render_into(library, views, theme, sink))
}

/// Renders the pages whose output path `wanted` accepts, in memory: all of them for a build,
/// the ones whose inputs changed for an incremental rebuild ([`crate::site::cache`]).
pub fn render_pages(
    library: &Library,
    views: &BTreeMap<String, Vec<ProcedureView>>,
    theme: &Theme,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    super::collect(|sink| pages_into(library, views, theme, wanted, sink))
}

/// Renders every page of the site and the theme's static files, handing them to `sink` in
/// batches. Procedure pages are rendered in parallel (rayon); the order of the files is that of
/// the views, the same on every run.
pub fn render_into<E>(
    library: &Library,
    views: &BTreeMap<String, Vec<ProcedureView>>,
    theme: &Theme,
    sink: &mut Sink<'_, E>,
) -> Result<(), Stop<E>> {
    pages_into(library, views, theme, &|_| true, sink)?;
    sink(assets(theme)).map_err(Stop::Sink)
}

fn pages_into<E>(
    library: &Library,
    views: &BTreeMap<String, Vec<ProcedureView>>,
    theme: &Theme,
    wanted: &dyn Fn(&str) -> bool,
    sink: &mut Sink<'_, E>,
) -> Result<(), Stop<E>> {
    let mut diagnostics = Vec::new();
    for (lang, procedures) in views {
        let summaries: Vec<ProcedureSummary> =
            procedures.iter().map(ProcedureSummary::from).collect();
        let pages = Pages::new(library, theme, lang, &summaries);
        // Rendered here, since the parallel part cannot share `wanted`; two pages at most.
        let indexes = pages.index_pages(wanted);
        in_batches(&indexes, |page| vec![page.clone()], &mut diagnostics, sink)
            .map_err(Stop::Sink)?;
        // Chosen before the parallel part, for the same reason: the procedure's page, and its
        // changelog page if it has a changelog.
        let chosen: Vec<(&ProcedureView, bool, bool)> = procedures
            .iter()
            .map(|view| {
                let changelog = !view.changelog.is_empty() && wanted(&changelog_path(lang, view));
                (view, wanted(&page_path(lang, view)), changelog)
            })
            .filter(|(_, page, changelog)| *page || *changelog)
            .collect();
        let procedure = |(view, page, changelog): &(&ProcedureView, bool, bool)| {
            let mut files = Vec::new();
            if *page {
                files.push(pages.procedure(view));
            }
            if *changelog {
                files.push(pages.changelog_page(view));
            }
            files
        };
        in_batches(&chosen, procedure, &mut diagnostics, sink).map_err(Stop::Sink)?;
        if wanted(&format!("{lang}/search-index.js")) && diagnostics.is_empty() {
            sink(vec![super::search::index_file(lang, procedures)]).map_err(Stop::Sink)?;
        }
    }
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(Stop::Content(diagnostics))
    }
}

/// The path of a procedure's changelog page under the output folder.
fn changelog_path(lang: &str, view: &ProcedureView) -> String {
    format!("{lang}/{}/changelog.html", view.id)
}

/// The path of a procedure's page under the output folder.
fn page_path(lang: &str, view: &ProcedureView) -> String {
    format!("{lang}/{}/index.html", view.id)
}

/// The theme's static files, under `static/`.
pub fn assets(theme: &Theme) -> Vec<OutputFile> {
    theme
        .assets
        .iter()
        .map(|(path, bytes)| OutputFile::new(format!("static/{path}"), bytes.clone()))
        .collect()
}

/// The pages of one language: what they share is made once, then each page is asked for.
pub struct Pages<'a> {
    library: &'a Library,
    theme: &'a Theme,
    lang: &'a str,
    /// The procedures of the language, as a template value.
    summaries: Value,
    /// The values every page of the language shares (`site`, `lang`, `t`).
    base: Context,
}

impl<'a> Pages<'a> {
    /// The pages of `lang`, whose index lists `summaries`.
    pub fn new(
        library: &'a Library,
        theme: &'a Theme,
        lang: &'a str,
        summaries: &[ProcedureSummary],
    ) -> Self {
        Pages {
            library,
            theme,
            lang,
            // Converted to a template value once per language: tera values share their
            // contents, so giving the list to every page costs nothing per page.
            summaries: Value::from_serializable(summaries),
            base: super::base_context(library, theme, lang),
        }
    }

    /// The language's index page, and the site's root index in the source language.
    pub fn indexes(&self) -> Vec<Result<OutputFile, Diagnostic>> {
        self.index_pages(&|_| true)
    }

    /// The index pages whose path `wanted` accepts.
    fn index_pages(&self, wanted: &dyn Fn(&str) -> bool) -> Vec<Result<OutputFile, Diagnostic>> {
        let mut dirs = Vec::new();
        if self.lang == self.library.source_language() {
            dirs.push(String::new());
        }
        dirs.push(format!("{}/", self.lang));
        dirs.into_iter()
            .filter(|dir| wanted(&format!("{dir}index.html")))
            .map(|dir| {
                let path = format!("{dir}index.html");
                self.index(&dir).map(|html| OutputFile::new(path, html))
            })
            .collect()
    }

    /// The changelog page of one procedure.
    pub fn changelog_page(&self, view: &ProcedureView) -> Result<OutputFile, Diagnostic> {
        let path = changelog_path(self.lang, view);
        self.changelog(view).map(|html| OutputFile::new(path, html))
    }

    /// The page of one procedure.
    pub fn procedure(&self, view: &ProcedureView) -> Result<OutputFile, Diagnostic> {
        let path = page_path(self.lang, view);
        self.procedure_html(view)
            .map(|html| OutputFile::new(path, html))
    }
}

impl Pages<'_> {
    fn index(&self, dir: &str) -> Result<String, Diagnostic> {
        let mut context = self.context(dir, |lang| format!("{lang}/index.html"));
        context.insert("page_kind", "index");
        let strings = self.strings();
        context.insert(
            "script_config",
            &self.script_config(dir, &strings).to_json(),
        );
        self.theme.render("index.html", &context)
    }

    fn procedure_html(&self, view: &ProcedureView) -> Result<String, Diagnostic> {
        let dir = format!("{}/{}/", self.lang, view.id);
        let mut context = self.context(&dir, |lang| format!("{lang}/{}/index.html", view.id));
        context.insert("page_kind", "procedure");
        context.insert("procedure", view);
        let strings = self.strings();
        let has_eori = view.fields.iter().any(|f| f.kind == FieldKind::Eori);
        let config = ScriptConfig {
            procedure: Some(&view.id),
            eori: has_eori.then_some(&*eori::RULES),
            ..self.script_config(&dir, &strings)
        };
        context.insert("script_config", &config.to_json());
        self.theme.render("procedure.html", &context)
    }

    fn changelog(&self, view: &ProcedureView) -> Result<String, Diagnostic> {
        let dir = format!("{}/{}/", self.lang, view.id);
        let mut context = self.context(&dir, |lang| format!("{lang}/{}/changelog.html", view.id));
        context.insert("page_kind", "changelog");
        context.insert("procedure", view);
        let strings = self.strings();
        context.insert(
            "script_config",
            &self.script_config(&dir, &strings).to_json(),
        );
        self.theme.render("changelog.html", &context)
    }

    fn strings(&self) -> BTreeMap<String, String> {
        self.theme
            .strings_for(self.lang, self.library.source_language())
    }

    fn script_config<'s>(
        &'s self,
        dir: &str,
        strings: &'s BTreeMap<String, String>,
    ) -> ScriptConfig<'s> {
        let root = "../".repeat(dir.matches('/').count());
        ScriptConfig {
            lang: self.lang,
            search_index: format!("{root}{}/search-index.js", self.lang),
            search_global: super::search::GLOBAL,
            strings: strings
                .iter()
                .filter_map(|(k, v)| Some((k.strip_prefix("script_")?, v.as_str())))
                .collect(),
            procedure: None,
            eori: None,
        }
    }

    /// The values every page has. `dir` is the page's folder under the output root (to make
    /// relative links); `page_in` gives the path of the same page in another language.
    fn context(&self, dir: &str, page_in: impl Fn(&str) -> String) -> Context {
        let site = &self.library.site;
        let root = "../".repeat(dir.matches('/').count());
        let mut context = self.base.clone();
        context.insert("root", &root);
        context.insert("home", &format!("{root}{}/index.html", self.lang));
        context.insert_value("procedures", self.summaries.clone());
        let languages: Vec<LanguageLink> = site
            .languages
            .iter()
            .map(|code| LanguageLink {
                code: code.clone(),
                name: self
                    .theme
                    .language_names
                    .get(code)
                    .cloned()
                    .unwrap_or_else(|| code.clone()),
                href: format!("{root}{}", page_in(code)),
                current: code == self.lang,
            })
            .collect();
        context.insert("languages", &languages);
        context
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_config_cannot_close_its_script_element() {
        let config = ScriptConfig {
            lang: "en",
            search_index: "../en/search-index.js".into(),
            search_global: "g",
            strings: BTreeMap::from([("reset", "</script><!-- <b>")]),
            procedure: None,
            eori: None,
        };
        let json = config.to_json();
        assert!(!json.contains('<'), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).expect("still JSON");
        assert_eq!(back["strings"]["reset"], "</script><!-- <b>");
    }
}
