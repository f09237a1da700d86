//! The HTML site: an index per language, a page per procedure and language, and the theme's
//! static files.
//!
//! Every link is relative (`root` is `../../` on a procedure page), so the site works under any
//! sub-path of a server and straight from disk; links to folders name `index.html` for `file://`.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use super::OutputFile;
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

/// Renders every page of the site.
///
/// Pages are rendered in parallel (rayon), procedure by procedure within each language; the
/// output keeps the order of the views, so the file list is the same on every run.
pub fn render(
    library: &Library,
    views: &BTreeMap<String, Vec<ProcedureView>>,
    theme: &Theme,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let source = library.source_language();
    let mut rendered: Vec<(String, Result<String, Diagnostic>)> = Vec::new();
    for (lang, procedures) in views {
        let summaries: Vec<ProcedureSummary> =
            procedures.iter().map(ProcedureSummary::from).collect();
        let page = Page {
            library,
            theme,
            lang,
            // Converted to a template value once per language: tera values share their
            // contents, so giving the list to every page costs nothing per page.
            summaries: Value::from_serializable(&summaries),
            base: super::base_context(library, theme, lang),
        };
        if lang == source {
            rendered.push(("index.html".into(), page.index("")));
        }
        rendered.push((
            format!("{lang}/index.html"),
            page.index(&format!("{lang}/")),
        ));
        rendered.par_extend(procedures.par_iter().map(|view| {
            (
                format!("{lang}/{}/index.html", view.id),
                page.procedure(view),
            )
        }));
    }
    let mut files = Vec::with_capacity(rendered.len() + theme.assets.len());
    let mut diagnostics = Vec::new();
    for (path, result) in rendered {
        match result {
            Ok(html) => files.push(OutputFile::new(path, html)),
            Err(diagnostic) => {
                if !diagnostics.contains(&diagnostic) {
                    diagnostics.push(diagnostic);
                }
            }
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    for (path, bytes) in &theme.assets {
        files.push(OutputFile::new(format!("static/{path}"), bytes.clone()));
    }
    Ok(files)
}

struct Page<'a> {
    library: &'a Library,
    theme: &'a Theme,
    lang: &'a str,
    /// The procedures of the language, as a template value.
    summaries: Value,
    /// The values every page of the language shares (`site`, `lang`, `t`).
    base: Context,
}

impl Page<'_> {
    fn index(&self, dir: &str) -> Result<String, Diagnostic> {
        let mut context = self.context(dir, |lang| format!("{lang}/index.html"));
        context.insert("page_kind", "index");
        self.theme.render("index.html", &context)
    }

    fn procedure(&self, view: &ProcedureView) -> Result<String, Diagnostic> {
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
