//! The HTML pages of a site: an index per language, and per procedure and language its page and
//! changelog page. Which pages a site has is decided by the site plan ([`crate::site::plan`]);
//! this module renders the one it is asked for.
//!
//! Every link is relative (`root` is `../../` on a procedure page), so the site works under any
//! sub-path of a server and straight from disk; links to folders name `index.html` for `file://`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::value::RawValue;
use tera::{Context, Value};

use crate::model::eori;
use crate::model::{FieldKind, Library};
use crate::output::{OutputFile, paths};
use crate::source::Diagnostic;
use crate::theme::Theme;
use crate::view::navigation::Catalogue;
use crate::view::{ProcedureSummary, ProcedureView};

use super::page::ProcedureValue;

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
/// procedure page the procedure id and, if it asks for an EORI number, the EORI rules. The
/// strings and the rules are the same on every page of a language, so they are serialised once
/// ([`RawValue`]) and copied into each page's JSON: escaping them again for every page was 3 %
/// of a page's instructions.
#[derive(Debug, Serialize)]
struct ScriptConfig<'a> {
    lang: &'a str,
    /// The search index script, relative to the page.
    search_index: String,
    /// The global the search index sets.
    search_global: &'static str,
    strings: &'a RawValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    procedure: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    eori: Option<&'a RawValue>,
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

/// `value` as compact JSON, to be copied into other JSON as it is (maps of strings and the EORI
/// rules, which cannot fail to serialise; `null` if they did).
fn raw_json(value: &impl Serialize) -> Box<RawValue> {
    serde_json::value::to_raw_value(value)
        .unwrap_or_else(|_| RawValue::from_string("null".into()).expect("`null` is JSON"))
}

/// What every page of one language shares: the procedure list and its groups as template
/// values, the base context and the script's strings. Owned, so that `serve`'s session can keep
/// it ([`crate::site::cache`]) while no summary, site setting or theme file changed: converting
/// 1 000 summaries to template values was 15 M instructions of a 96 M rebuild after one edit.
#[derive(Debug)]
pub struct Shared {
    /// The procedures of the language, as a template value.
    summaries: Value,
    /// The procedures grouped by category, for the index and each page's navigation.
    catalogue: Catalogue,
    /// `catalogue`'s groups and tags, as template values (made once, shared by the indexes).
    groups: Value,
    tags: Value,
    /// The values every page of the language shares (`site`, `lang`, `t`).
    base: Context,
    /// The script's strings of the language (the theme's `script_*`, prefix removed) as JSON,
    /// made once per language rather than per page: completing the theme's strings from the
    /// fallback languages copies every one of them.
    script_strings: Box<RawValue>,
    /// The EORI rules as JSON, for the pages that ask for an EORI number.
    eori_rules: Box<RawValue>,
}

impl Shared {
    /// What the pages of `lang` share, whose index lists `summaries`. Made from `summaries`,
    /// the site settings and the theme, and nothing else.
    pub fn new(
        library: &Library,
        theme: &Theme,
        lang: &str,
        summaries: &[ProcedureSummary],
    ) -> Self {
        let catalogue = Catalogue::new(library, lang, summaries);
        Shared {
            groups: Value::from_serializable(&catalogue.groups),
            tags: Value::from_serializable(&catalogue.tags),
            catalogue,
            // Converted to a template value once per language: tera values share their
            // contents, so giving the list to every page costs nothing per page.
            summaries: Value::from_serializable(summaries),
            base: super::base_context(library, theme, lang),
            script_strings: raw_json(
                &theme
                    .strings_for(lang, library.source_language())
                    .into_iter()
                    .filter_map(|(k, v)| Some((k.strip_prefix("script_")?.to_string(), v)))
                    .collect::<BTreeMap<String, String>>(),
            ),
            eori_rules: raw_json(&*eori::RULES),
        }
    }
}

/// The pages of one language: what they share is made once ([`Shared`]), then each page is
/// asked for.
pub struct Pages<'a> {
    library: &'a Library,
    theme: &'a Theme,
    lang: &'a str,
    shared: std::sync::Arc<Shared>,
}

impl<'a> Pages<'a> {
    /// The pages of `lang`, whose index lists `summaries`.
    pub fn new(
        library: &'a Library,
        theme: &'a Theme,
        lang: &'a str,
        summaries: &[ProcedureSummary],
    ) -> Self {
        let shared = Shared::new(library, theme, lang, summaries);
        Pages::with(library, theme, lang, std::sync::Arc::new(shared))
    }

    /// The pages of `lang` with what they share made already (kept by `serve`; it must have
    /// been made from the same library's site settings, theme and summaries).
    pub fn with(
        library: &'a Library,
        theme: &'a Theme,
        lang: &'a str,
        shared: std::sync::Arc<Shared>,
    ) -> Self {
        Pages {
            library,
            theme,
            lang,
            shared,
        }
    }

    /// The site's root index (the source language's index, at the root).
    pub fn root_index(&self) -> Result<OutputFile, Diagnostic> {
        self.index_at(paths::ROOT_INDEX)
    }

    /// `404.html`: where the reader is, and the way to every procedure. Web servers show it at
    /// any address, so its links start from a `<base>`: the site's `base_url`, else `/`.
    pub fn not_found(&self) -> Result<OutputFile, Diagnostic> {
        let path = paths::NOT_FOUND;
        let mut context = self.context(path, paths::index);
        context.insert("page_kind", "not-found");
        let base = self
            .library
            .site
            .base_url
            .as_ref()
            .map_or("/".to_string(), |url| {
                format!("{}/", url.as_str().trim_end_matches('/'))
            });
        context.insert("base_href", &base);
        context.insert("script_config", &self.script_config(path).to_json());
        self.theme
            .render("404.html", &context)
            .map(|html| OutputFile::new(path, html))
    }

    /// The language's index page.
    pub fn index(&self) -> Result<OutputFile, Diagnostic> {
        self.index_at(&paths::index(self.lang))
    }

    /// The changelog page of one procedure.
    pub fn changelog_page(&self, view: &ProcedureView) -> Result<OutputFile, Diagnostic> {
        let path = paths::changelog(self.lang, &view.id);
        self.changelog(&path, view)
            .map(|html| OutputFile::new(path, html))
    }

    /// The page of one procedure.
    pub fn procedure(&self, view: &ProcedureView) -> Result<OutputFile, Diagnostic> {
        let path = paths::page(self.lang, &view.id);
        self.procedure_html(&path, view)
            .map(|html| OutputFile::new(path, html))
    }

    fn index_at(&self, path: &str) -> Result<OutputFile, Diagnostic> {
        self.index_html(path)
            .map(|html| OutputFile::new(path, html))
    }
}

impl Pages<'_> {
    fn index_html(&self, path: &str) -> Result<String, Diagnostic> {
        let mut context = self.context(path, paths::index);
        context.insert("page_kind", "index");
        context.insert_value("groups", self.shared.groups.clone());
        context.insert_value("tags", self.shared.tags.clone());
        context.insert("categorised", &self.shared.catalogue.categorised);
        context.insert("script_config", &self.script_config(path).to_json());
        self.theme.render("index.html", &context)
    }

    fn procedure_html(&self, path: &str, view: &ProcedureView) -> Result<String, Diagnostic> {
        let mut context = self.context(path, |lang| paths::page(lang, &view.id));
        context.insert("page_kind", "procedure");
        context.insert("procedure", &ProcedureValue::from(view));
        context.insert("nav", &self.shared.catalogue.page(&view.id));
        context.insert("categorised", &self.shared.catalogue.categorised);
        let has_eori = view.fields.iter().any(|f| f.kind == FieldKind::Eori);
        let config = ScriptConfig {
            procedure: Some(&view.id),
            eori: has_eori.then_some(&*self.shared.eori_rules),
            ..self.script_config(path)
        };
        context.insert("script_config", &config.to_json());
        self.theme.render("procedure.html", &context)
    }

    fn changelog(&self, path: &str, view: &ProcedureView) -> Result<String, Diagnostic> {
        let mut context = self.context(path, |lang| paths::changelog(lang, &view.id));
        context.insert("page_kind", "changelog");
        context.insert("procedure", &ProcedureValue::from(view));
        context.insert("script_config", &self.script_config(path).to_json());
        self.theme.render("changelog.html", &context)
    }

    fn script_config(&self, path: &str) -> ScriptConfig<'_> {
        let root = paths::root_from(path);
        ScriptConfig {
            lang: self.lang,
            search_index: format!("{root}{}", paths::search_index(self.lang)),
            search_global: super::search::GLOBAL,
            strings: &self.shared.script_strings,
            procedure: None,
            eori: None,
        }
    }

    /// The values every page has. `path` is the page's path under the output root (to make
    /// relative links); `page_in` gives the path of the same page in another language.
    fn context(&self, path: &str, page_in: impl Fn(&str) -> String) -> Context {
        let site = &self.library.site;
        let root = paths::root_from(path);
        let mut context = self.shared.base.clone();
        context.insert("root", &root);
        context.insert("home", &format!("{root}{}", paths::index(self.lang)));
        context.insert_value("procedures", self.shared.summaries.clone());
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
            strings: &raw_json(&BTreeMap::from([("reset", "</script><!-- <b>")])),
            procedure: None,
            eori: None,
        };
        let json = config.to_json();
        assert!(!json.contains('<'), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).expect("still JSON");
        assert_eq!(back["strings"]["reset"], "</script><!-- <b>");
    }
}
