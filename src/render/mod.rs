//! Renderers turn view-models into files in memory; they never touch the disk. Which files a
//! site has, and in which order they are made, is the site plan's and the driver's business
//! ([`crate::site`]); a renderer makes the one file it is asked for.

pub mod html;
pub mod page;
pub mod pdf;
pub mod search;

use serde::Serialize;
use tera::Context;

use crate::model::Library;
use crate::theme::Theme;
use crate::view::prose::localized;

/// Site-wide values every template gets, HTML page or PDF checklist alike.
#[derive(Debug, Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: &'a str,
    base_url: Option<&'a str>,
}

/// The template context shared by every renderer: `site`, `lang` and the theme's strings `t`
/// in that language, so HTML and PDF say the same things in the same words.
pub fn base_context(library: &Library, theme: &Theme, lang: &str) -> Context {
    let site = &library.site;
    let source = library.source_language();
    let mut context = Context::new();
    context.insert(
        "site",
        &SiteInfo {
            title: localized(&site.title, lang, source),
            description: localized(&site.description, lang, source),
            base_url: site.base_url.as_ref().map(|url| url.as_str()),
        },
    );
    context.insert("lang", lang);
    context.insert("t", &theme.strings_for(lang, source));
    context
}
