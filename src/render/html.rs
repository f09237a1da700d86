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
use crate::eori;
use crate::model::{FieldKind, Library};
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
    let mut indexes = Vec::new();
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
        let index = format!("{lang}/search-index.js");
        if wanted(&index) {
            indexes.push(super::search::index_file(lang, procedures));
        }
        for view in procedures {
            push(format!("{lang}/{}/index.html", view.id), &|| {
                page.procedure(view)
            });
            if !view.changelog.is_empty() {
                push(format!("{lang}/{}/changelog.html", view.id), &|| {
                    page.changelog(view)
                });
            }
        }
    }
    if diagnostics.is_empty() {
        files.extend(indexes);
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
        let strings = self.strings();
        context.insert(
            "script_config",
            &self.script_config(dir, &strings).to_json(),
        );
        self.theme.render("index.html", &context)
    }

    fn procedure(&self, view: &ProcedureView) -> Result<String, Diagnostic> {
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
