//! Rules that span files: references resolve, ids are unique, every language has its words.
//!
//! Validation reads a [`Library`] and returns every problem it finds; it never stops early and
//! never changes the library. Errors stop a build; warnings are printed and the build goes on.

mod categories;
pub mod checklist;
mod countries;
mod freshness;
mod procedure;
mod registry;
mod translate;
mod usage;
mod words;

pub use freshness::Freshness;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::model::{Library, Procedure};
use crate::source::FileId;
use crate::source::Problem;
use crate::source::{Diagnostic, Location, Span};

/// Checks the whole library. Verification dates are only judged if `freshness` says when
/// today is.
pub fn validate(library: &Library, freshness: Option<Freshness>) -> Vec<Diagnostic> {
    validate_kept(library, freshness, &mut Kept::default())
}

/// The problems [`one_procedure`] found and what the procedure uses of the registries
/// ([`usage::Uses`]), by procedure id, kept between runs by `serve`: a procedure's rules read
/// only that procedure and the shared content (site, fields, labels, countries, shared steps),
/// never another procedure, so its result stays valid until the procedure is reloaded
/// ([`Kept::forget`]) or the shared content changes ([`Kept::clear`]). The site-wide count of
/// uses ([`usage::Used`]) follows every change, so the unused-label rule reads it instead of
/// every procedure's references.
#[derive(Debug, Default)]
pub struct Kept {
    results: HashMap<String, (Vec<Diagnostic>, usage::Uses)>,
    used: usage::Used,
}

impl Kept {
    /// Drops the result of procedure `id` (its folder was read again).
    pub fn forget(&mut self, id: &str) {
        if let Some((_, uses)) = self.results.remove(id) {
            self.used.remove(&uses);
        }
    }

    /// Drops every result (the shared content was read again).
    pub fn clear(&mut self) {
        self.results.clear();
        self.used = usage::Used::default();
    }

    /// How many procedures have a kept result.
    pub fn len(&self) -> usize {
        self.results.len()
    }

    /// Whether no procedure has a kept result.
    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }
}

/// [`validate`], running [`one_procedure`] only for the procedures `kept` has no result for,
/// and keeping their results there. The site-wide rules run every time, over the kept counts.
pub fn validate_kept(
    library: &Library,
    freshness: Option<Freshness>,
    kept: &mut Kept,
) -> Vec<Diagnostic> {
    let mut diagnostics = registries(library);
    // Each procedure's rules read the library and nothing else: in parallel, kept in order.
    let known: &Kept = kept;
    let fresh: Vec<(String, (Vec<Diagnostic>, usage::Uses))> = library
        .procedures
        .par_iter()
        .filter(|procedure| !known.results.contains_key(&procedure.id))
        .map(|procedure| {
            let mut found = one_procedure(library, procedure);
            let uses = usage::of_procedure(library, procedure, &mut found);
            (procedure.id.clone(), (found, uses))
        })
        .collect();
    for (id, result) in fresh {
        // `fresh` holds only procedures without a kept result: nothing is counted twice.
        kept.used.add(&result.1);
        kept.results.insert(id, result);
    }
    // A procedure gone since the last run leaves nothing behind.
    if kept.results.len() > library.procedures.len() {
        let ids: std::collections::HashSet<&str> =
            library.procedures.iter().map(|p| p.id.as_str()).collect();
        let gone: Vec<String> = kept
            .results
            .keys()
            .filter(|id| !ids.contains(id.as_str()))
            .cloned()
            .collect();
        for id in gone {
            kept.forget(&id);
        }
    }
    for procedure in &library.procedures {
        if let Some((found, _)) = kept.results.get(&procedure.id) {
            diagnostics.extend(found.iter().cloned());
        }
    }
    // Step references in shared words are checked per including procedure; a group nobody
    // includes is checked against its own steps. Who includes what is counted with the kept
    // results: walking every procedure's steps here was a serial part of each build and edit.
    for group in library.shared.values() {
        if !kept.used.includes_shared(&group.id) {
            words::check_unused_shared(library, group, &mut diagnostics);
        }
    }
    // Categories, usage and age are judged over the whole site.
    categories::check(library, &mut diagnostics);
    usage::check(library, &kept.used, &mut diagnostics);
    if let Some(freshness) = freshness {
        freshness::check(library, freshness, &mut diagnostics);
    }
    diagnostics
}

/// Checks what all procedures share: site settings, fields, screen labels, countries and the
/// words of shared steps.
pub fn registries(library: &Library) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    registry::check(library, &mut diagnostics);
    countries::check(library, &mut diagnostics);
    for group in library.shared.values() {
        words::check_shared(library, group, &mut diagnostics);
    }
    translate::check_shared(library, &mut diagnostics);
    diagnostics
}

/// Checks one procedure against the shared registries; an incremental rebuild re-checks only
/// the procedures that changed.
pub fn one_procedure(library: &Library, procedure: &Procedure) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    procedure::check(library, procedure, &mut diagnostics);
    countries::check_procedure(library, procedure, &mut diagnostics);
    words::check(library, procedure, &mut diagnostics);
    translate::check_procedure(library, procedure, &mut diagnostics);
    diagnostics
}

/// Where a value or key of a YAML file is written, as its parser read it.
/// One problem for each site language a per-language text lacks (`has` tells which it has): an
/// error in the source language, which every other falls back to, a warning in the others.
/// The location is made only when there is a problem (building one looks up the line).
fn missing_languages(
    library: &Library,
    has: impl Fn(&str) -> bool,
    location: impl Fn() -> Location,
    problem: impl Fn(&str) -> Problem,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let source = library.source_language();
    for lang in &library.site.languages {
        if has(lang) {
            continue;
        }
        diagnostics.push(if lang == source {
            Diagnostic::error(location(), problem(lang))
        } else {
            Diagnostic::warning(location(), problem(lang))
        });
    }
}

fn at(library: &Library, file: FileId, span: Span) -> Location {
    library.sources.locate_node(file, span)
}

/// Whether `date` is a real calendar date written `YYYY-MM-DD`.
pub fn is_date(date: &str) -> bool {
    crate::model::date::parse(date).is_some()
}

/// Whether `address` looks like a deliverable e-mail address (`local@domain.tld`, no spaces).
pub fn is_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !address
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"".contains(c))
}

/// Checks a link target: only `http`, `https`, `mailto` and relative links are allowed, and
/// absolute web links must parse.
///
/// Browsers forgive a lot before they read a scheme (leading spaces and control characters,
/// tabs and newlines inside it, `//host` or `\\host` taking the page's scheme), so a link with
/// any of these is refused rather than guessed about: a hand-written link never needs them.
pub fn check_link(url: &str) -> Option<Problem> {
    let disallowed = || {
        Some(Problem::DisallowedLink {
            url: url.escape_debug().to_string(),
        })
    };
    if url.starts_with(char::is_whitespace) || url.chars().any(char::is_control) {
        return disallowed();
    }
    if url.starts_with("//") || url.starts_with(['\\', '/']) && url[1..].starts_with(['\\', '/']) {
        return disallowed();
    }
    let scheme = url
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|scheme| !scheme.contains(['/', '?', '#']));
    match scheme.map(str::to_ascii_lowercase).as_deref() {
        None => None,
        Some("http" | "https") => url::Url::parse(url)
            .ok()
            .filter(|parsed| parsed.host_str().is_some_and(|host| !host.is_empty()))
            .is_none()
            .then(|| Problem::MalformedUrl {
                url: url.to_string(),
            }),
        Some("mailto") => (!is_email(&url[7..])).then(|| Problem::InvalidEmailAddress {
            address: url[7..].to_string(),
        }),
        Some(_) => disallowed(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("24-01-01"));
        assert!(!is_date("2024-1-01"));
    }

    #[test]
    fn email_addresses() {
        assert!(is_email("sante-traces@ec.europa.eu"));
        assert!(is_email("flegt@environment.belgium.be"));
        assert!(!is_email("flegt@environment"));
        assert!(!is_email("a b@c.be"));
        assert!(!is_email("@c.be"));
        assert!(!is_email("a@@c.be"));
    }

    #[test]
    fn links_are_limited_to_safe_schemes() {
        assert_eq!(check_link("https://webgate.ec.europa.eu/cas"), None);
        assert_eq!(check_link("../x/index.html#a"), None);
        assert_eq!(check_link("#step"), None);
        assert_eq!(check_link("mailto:flegt@environment.belgium.be"), None);
        assert!(matches!(
            check_link("javascript:alert(1)"),
            Some(Problem::DisallowedLink { .. })
        ));
        assert!(matches!(
            check_link("JavaScript:alert(1)"),
            Some(Problem::DisallowedLink { .. })
        ));
        for hostile in [
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "//evil.example/x",
            "\\\\evil.example/x",
            "/\\evil.example/x",
            "file:///etc/passwd",
        ] {
            assert!(
                matches!(check_link(hostile), Some(Problem::DisallowedLink { .. })),
                "{hostile:?}"
            );
        }
        assert_eq!(check_link("/absolute/path.html"), None);
        // Schemes are case-insensitive: what the fuzz target `markdown_html` stopped on (its
        // own check compared them case-sensitively) is https, and allowed.
        assert_eq!(check_link("Https:pxam/el/e.org"), None);
        assert_eq!(check_link("HTTPS://example.org"), None);
        assert!(matches!(
            check_link("https://"),
            Some(Problem::MalformedUrl { .. })
        ));
        assert!(matches!(
            check_link("http://exa mple.org"),
            Some(Problem::MalformedUrl { .. })
        ));
    }
}
