//! Rules for the site settings and the shared registries (fields, screen labels).

use super::{at, check_link, is_date};
use crate::model::is_id;
use crate::model::{LabelSystem, Library, Region, Screen};
use crate::source::Problem;
use crate::source::{Diagnostic, Spanned};

pub(super) fn check(library: &Library, diagnostics: &mut Vec<Diagnostic>) {
    check_site(library, diagnostics);
    check_edit_url(library, diagnostics);
    check_fields(library, diagnostics);
    check_labels(library, diagnostics);
}

fn check_site(library: &Library, diagnostics: &mut Vec<Diagnostic>) {
    let site = &library.site;
    let file = site.file;
    if site.languages.is_empty() {
        diagnostics.push(Diagnostic::error(
            at(library, file, site.languages.list_span()),
            Problem::NoLanguage,
        ));
    }
    for (index, (code, span)) in site.languages.spanned().enumerate() {
        let location = at(library, file, span);
        if !is_language(code) {
            diagnostics.push(Diagnostic::error(
                location.clone(),
                Problem::InvalidLanguage { code: code.clone() },
            ));
        }
        if let Some(first) = site.languages[..index].iter().position(|c| c == code) {
            diagnostics.push(Diagnostic::error(
                location,
                Problem::DuplicateId {
                    id: code.clone(),
                    first: at(library, file, site.languages.span(first)),
                },
            ));
        }
    }
    if let Some(url) = site.base_url.as_ref().filter(|_| !site.base_url_overridden) {
        let at = || at(library, file, url.span);
        if let Some(problem) = check_link(url) {
            diagnostics.push(Diagnostic::error(at(), problem));
        } else if is_example_url(url) {
            diagnostics.push(Diagnostic::warning(
                at(),
                Problem::ExampleBaseUrl {
                    url: url.value.clone(),
                },
            ));
        }
    }
}

/// `edit_url` is an absolute http(s) address (a page's link is it plus a file's path).
fn check_edit_url(library: &Library, diagnostics: &mut Vec<Diagnostic>) {
    let site = &library.site;
    let Some(url) = &site.edit_url else {
        return;
    };
    let absolute = url.starts_with("https://") || url.starts_with("http://");
    let problem = check_link(url).or_else(|| {
        (!absolute).then(|| Problem::MalformedUrl {
            url: url.value.clone(),
        })
    });
    if let Some(problem) = problem {
        diagnostics.push(Diagnostic::error(at(library, site.file, url.span), problem));
    }
}

/// Whether `url`'s host is a placeholder that cannot be where a site is published: a name under
/// a domain labelled `example` (`example.com`, `intranet.example.be`), or under the reserved
/// top-level domains `.example`, `.invalid` and `.test` (RFC 2606).
pub fn is_example_url(url: &str) -> bool {
    let Some(host) = url::Url::parse(url).ok().and_then(|u| {
        u.host_str()
            .map(|h| h.trim_end_matches('.').to_ascii_lowercase())
    }) else {
        return false;
    };
    let labels: Vec<&str> = host.split('.').collect();
    let Some((tld, rest)) = labels.split_last() else {
        return false;
    };
    matches!(*tld, "example" | "invalid" | "test") || rest.contains(&"example")
}

/// A two-letter lowercase language code, optionally with a region (`nl`, `pt-br`).
fn is_language(code: &str) -> bool {
    let two_letters = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase());
    match code.split_once('-') {
        Some((language, region)) => two_letters(language) && two_letters(region),
        None => two_letters(code),
    }
}

fn check_fields(library: &Library, diagnostics: &mut Vec<Diagnostic>) {
    let Some(file) = library.fields_file else {
        return;
    };
    for (id, field) in library.fields.iter() {
        let key = at(library, file, library.fields.span(id));
        if !is_id(id) {
            diagnostics.push(Diagnostic::error(
                key.clone(),
                Problem::InvalidId { id: id.clone() },
            ));
        }
        super::missing_languages(
            library,
            |lang| field.label.contains_key(lang),
            || key.clone(),
            |lang| Problem::MissingFieldLabel {
                id: id.clone(),
                lang: lang.to_string(),
            },
            diagnostics,
        );
    }
}

fn check_labels(library: &Library, diagnostics: &mut Vec<Diagnostic>) {
    for system in library.labels.values() {
        let file = system.file;
        if !is_id(&system.id) {
            diagnostics.push(Diagnostic::error(
                library.sources.get(file).start(),
                Problem::InvalidId {
                    id: system.id.clone(),
                },
            ));
        }
        for (id, label) in system.labels.iter() {
            if !is_id(id) {
                diagnostics.push(Diagnostic::error(
                    at(library, file, system.labels.span(id)),
                    Problem::InvalidId { id: id.clone() },
                ));
            }
            if let Some(date) = label.verified.as_ref().filter(|date| !is_date(date)) {
                diagnostics.push(Diagnostic::error(
                    at(library, file, date.span),
                    Problem::InvalidDate {
                        date: date.value.clone(),
                    },
                ));
            }
            if let Some(url) = &label.source
                && let Some(problem) = check_link(url)
            {
                diagnostics.push(Diagnostic::error(at(library, file, url.span), problem));
            }
            let Some(screen_id) = &label.screen else {
                continue;
            };
            let Some(screen) = system.screens.get(screen_id.as_str()) else {
                diagnostics.push(Diagnostic::error(
                    at(library, file, screen_id.span),
                    Problem::UnknownScreen {
                        screen: screen_id.value.clone(),
                        system: system.name.clone(),
                        known: system.screens.keys().cloned().collect(),
                    },
                ));
                continue;
            };
            if let Some(region) = &label.region {
                let what = format!("the region of label `{id}`");
                check_region(library, system, screen, &what, region, diagnostics);
            }
        }
        check_screens(library, system, diagnostics);
    }
}

/// The screens of one system: ids, a title in every language, redaction boxes on their images.
fn check_screens(library: &Library, system: &LabelSystem, diagnostics: &mut Vec<Diagnostic>) {
    let file = system.file;
    for (id, screen) in system.screens.iter() {
        let key = at(library, file, system.screens.span(id));
        if !is_id(id) {
            diagnostics.push(Diagnostic::error(
                key.clone(),
                Problem::InvalidId { id: id.clone() },
            ));
        }
        super::missing_languages(
            library,
            |lang| screen.title.contains_key(lang),
            || key.clone(),
            |lang| Problem::MissingScreenTitle {
                reference: format!("{}:{id}", system.id),
                lang: lang.to_string(),
            },
            diagnostics,
        );
        for (index, region) in screen.redact.iter().enumerate() {
            let what = format!("redaction box {} of screen `{id}`", index + 1);
            check_region(library, system, screen, &what, region, diagnostics);
        }
    }
}

/// A box must lie inside every image of its screen (one per language, if it has several).
fn check_region(
    library: &Library,
    system: &LabelSystem,
    screen: &Screen,
    what: &str,
    region: &Spanned<Region>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for src in screen.images() {
        let Some(image) = library.images.of(system.file, src) else {
            continue;
        };
        if !region.fits(image.width, image.height) {
            diagnostics.push(Diagnostic::error(
                at(
                    library,
                    system.file,
                    flow_mapping(library, system, region.span),
                ),
                Problem::RegionOutsideImage {
                    what: what.to_string(),
                    x: region.x,
                    y: region.y,
                    width: region.width,
                    height: region.height,
                    image: src.value.clone(),
                    image_width: image.width,
                    image_height: image.height,
                },
            ));
        }
    }
}

/// A flow mapping's span reaches from its `{` to its `}` (the reader gives its start only), so
/// the whole box is underlined; any other span is left as it is.
fn flow_mapping(
    library: &Library,
    system: &LabelSystem,
    span: crate::source::Span,
) -> crate::source::Span {
    let text = library.sources.text(system.file);
    let rest = text.get(span.start..).unwrap_or_default();
    match (rest.starts_with('{'), rest.find('}'), rest.find('\n')) {
        (true, Some(end), newline) if newline.is_none_or(|line| end < line) => {
            crate::source::Span {
                start: span.start,
                end: span.start + end + 1,
            }
        }
        _ => span,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn language_codes() {
        assert!(super::is_language("nl"));
        assert!(super::is_language("pt-br"));
        assert!(!super::is_language("NL"));
        assert!(!super::is_language("dutch"));
        assert!(!super::is_language("nl-"));
    }

    #[test]
    fn tells_example_domains_from_real_ones() {
        for url in [
            "https://intranet.example.be/procedures/",
            "https://example.com",
            "http://docs.EXAMPLE.org./x",
            "https://site.example/",
            "https://a.b.test/",
            "https://example/",
        ] {
            assert!(super::is_example_url(url), "{url}");
        }
        for url in [
            "https://intranet.federation.be/procedures/",
            "https://examples.com/",
            "https://example-corp.be/",
            "not a url",
        ] {
            assert!(!super::is_example_url(url), "{url}");
        }
    }
}
