//! The HTML site: an index per language, a page per procedure and language, and the theme's
//! static files.
//!
//! Every link is relative (`root` is `../../` on a procedure page), so the site works under any
//! sub-path of a server and straight from disk; links to folders name `index.html` for `file://`.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

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

/// Renders every page of the site, and copies the theme's static files.
pub fn render(
    library: &Library,
    views: &BTreeMap<String, Vec<ProcedureView>>,
    theme: &Theme,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = render_pages(library, views, theme, &|_| true)?;
    for (path, bytes) in &theme.assets {
        files.push(OutputFile::new(format!("static/{path}"), bytes.clone()));
    }
    Ok(files)
}

/// Renders the pages whose output path `wanted` accepts: all of them for a build, the ones whose
/// inputs changed for an incremental rebuild ([`crate::incremental`]).
pub fn render_pages(
    library: &Library,
    views: &BTreeMap<String, Vec<ProcedureView>>,
    theme: &Theme,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let source = library.source_language();
    let mut push = |path: String, render: &dyn Fn() -> Result<String, Diagnostic>| {
        if !wanted(&path) {
            return;
        }
        match render() {
            Ok(html) => files.push(OutputFile::new(path, html)),
            Err(diagnostic) => {
                if !diagnostics.contains(&diagnostic) {
                    diagnostics.push(diagnostic);
                }
            }
        }
    };
    for (lang, procedures) in views {
        let summaries: Vec<ProcedureSummary> =
            procedures.iter().map(ProcedureSummary::from).collect();
        let page = Page {
            library,
            theme,
            lang,
            summaries: &summaries,
        };
        if lang == source {
            push("index.html".into(), &|| page.index(""));
        }
        push(format!("{lang}/index.html"), &|| {
            page.index(&format!("{lang}/"))
        });
        for view in procedures {
            push(format!("{lang}/{}/index.html", view.id), &|| {
                page.procedure(view)
            });
        }
    }
    if diagnostics.is_empty() {
        Ok(files)
    } else {
        Err(diagnostics)
    }
}

struct Page<'a> {
    library: &'a Library,
    theme: &'a Theme,
    lang: &'a str,
    summaries: &'a [ProcedureSummary],
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
        let mut context = super::base_context(self.library, self.theme, self.lang);
        context.insert("root", &root);
        context.insert("home", &format!("{root}{}/index.html", self.lang));
        context.insert("procedures", self.summaries);
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
