//! The HTML site: an index per language, a page per procedure and language, and the theme's
//! static files.
//!
//! Every link is relative (`root` is `../../` on a procedure page), so the site works under any
//! sub-path of a server and straight from disk; links to folders name `index.html` for `file://`.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Value};

use super::{OutputFile, Sink, Stop, in_batches};
use crate::diagnostic::Diagnostic;
use crate::model::Library;
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

/// Renders every page of the site, in memory.
pub fn render(
    library: &Library,
    views: &BTreeMap<String, Vec<ProcedureView>>,
    theme: &Theme,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    super::collect(|sink| render_into(library, views, theme, sink))
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
    let mut diagnostics = Vec::new();
    for (lang, procedures) in views {
        let summaries: Vec<ProcedureSummary> =
            procedures.iter().map(ProcedureSummary::from).collect();
        let pages = Pages::new(library, theme, lang, &summaries);
        in_batches(&[()], |()| pages.indexes(), &mut diagnostics, sink).map_err(Stop::Sink)?;
        let procedure = |view: &ProcedureView| vec![pages.procedure(view)];
        in_batches(procedures, procedure, &mut diagnostics, sink).map_err(Stop::Sink)?;
    }
    if !diagnostics.is_empty() {
        return Err(Stop::Content(diagnostics));
    }
    sink(assets(theme)).map_err(Stop::Sink)
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
        let lang = self.lang;
        let mut pages = Vec::new();
        if lang == self.library.source_language() {
            pages.push(
                self.index("")
                    .map(|html| OutputFile::new("index.html", html)),
            );
        }
        let dir = format!("{lang}/");
        pages.push(
            self.index(&dir)
                .map(|html| OutputFile::new(format!("{dir}index.html"), html)),
        );
        pages
    }

    /// The page of one procedure.
    pub fn procedure(&self, view: &ProcedureView) -> Result<OutputFile, Diagnostic> {
        let path = format!("{}/{}/index.html", self.lang, view.id);
        self.procedure_html(view)
            .map(|html| OutputFile::new(path, html))
    }
}

impl Pages<'_> {
    fn index(&self, dir: &str) -> Result<String, Diagnostic> {
        let mut context = self.context(dir, |lang| format!("{lang}/index.html"));
        context.insert("page_kind", "index");
        self.theme.render("index.html", &context)
    }

    fn procedure_html(&self, view: &ProcedureView) -> Result<String, Diagnostic> {
        let dir = format!("{}/{}/", self.lang, view.id);
        let mut context = self.context(&dir, |lang| format!("{lang}/{}/index.html", view.id));
        context.insert("page_kind", "procedure");
        context.insert("procedure", view);
        self.theme.render("procedure.html", &context)
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
