//! Markdown with references → HTML: the input is the words of one step of a small valid
//! project (with a field, a screen label and a step to refer to), loaded, validated and
//! rendered to its page with the built-in theme. Never a panic; a page that renders is whole
//! HTML, and no link leaves it with a scheme other than http, https or mailto.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use stepbook::render::html::Pages;
use stepbook_fuzz::{THEME, VALID, library};

fuzz_target!(|words: &str| {
    LazyLock::force(&VALID);
    let Some(library) = library(words) else {
        return;
    };
    let theme = &*THEME;
    for (lang, views) in stepbook::view::all(&library) {
        let summaries: Vec<_> = library
            .procedures
            .iter()
            .map(|p| stepbook::view::summary(&library, p, &lang))
            .collect();
        let pages = Pages::new(&library, theme, &lang, &summaries);
        for view in &views {
            let Ok(page) = pages.procedure(view) else {
                continue;
            };
            let html = String::from_utf8(page.bytes).expect("UTF-8 page");
            assert!(html.trim_end().ends_with("</html>"), "a whole page");
            for (at, _) in html.match_indices("href=\"") {
                let target = &html[at + 6..];
                let target = &target[..target.find('"').unwrap_or(target.len())];
                if let Some((scheme, _)) = target.split_once(':')
                    && !scheme.contains(['/', '?', '#'])
                {
                    // Schemes are case-insensitive: `Https:` is https to a browser.
                    let scheme = scheme.to_ascii_lowercase();
                    assert!(
                        matches!(scheme.as_str(), "http" | "https" | "mailto"),
                        "link `{target}` in the page"
                    );
                }
            }
        }
    }
});
