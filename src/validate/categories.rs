//! Rules for the categories of `content/site.yaml` and the `category:` of each procedure.
//!
//! A category is declared once (id, title per language, optional order) so a mistyped
//! `category:` is an error with a suggestion rather than a new group of one on the index.

use std::collections::{BTreeMap, BTreeSet};

use super::at;
use crate::model::{Library, Procedure, is_id};
use crate::source::{Diagnostic, Location, Problem, Span, suggest};

/// The declared categories: ids, titles per language, and the procedures their orders name.
pub(super) fn check(library: &Library, diagnostics: &mut Vec<Diagnostic>) {
    check_procedures(library, diagnostics);
    let site = &library.site;
    let procedures: BTreeMap<&str, &Procedure> = library
        .procedures
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect();
    let mut seen: BTreeMap<&str, Location> = BTreeMap::new();
    for category in &site.categories {
        let id = category.id.as_str();
        let here = at(library, site.file, category.id.span);
        if !is_id(id) {
            diagnostics.push(Diagnostic::error(
                here.clone(),
                Problem::InvalidId { id: id.to_string() },
            ));
        }
        if let Some(first) = seen.get(id) {
            diagnostics.push(Diagnostic::error(
                here.clone(),
                Problem::DuplicateId {
                    id: id.to_string(),
                    first: first.clone(),
                },
            ));
        } else {
            seen.insert(id, here.clone());
        }
        super::missing_languages(
            library,
            |lang| category.title.contains_key(lang),
            || here.clone(),
            |lang| Problem::MissingCategoryTitle {
                id: id.to_string(),
                lang: lang.to_string(),
            },
            diagnostics,
        );
        // Places are looked up only for a problem: locating every listed name on every check
        // (each a scan of `site.yaml`) was 2.7 M instructions of a `serve` rebuild with 100
        // ordered procedures.
        let mut listed: BTreeMap<&str, Span> = BTreeMap::new();
        for (name, span) in category.order.spanned() {
            let place = || at(library, site.file, span);
            if let Some(first) = listed.get(name.as_str()) {
                diagnostics.push(Diagnostic::error(
                    place(),
                    Problem::DuplicateId {
                        id: name.clone(),
                        first: at(library, site.file, *first),
                    },
                ));
                continue;
            }
            listed.insert(name, span);
            match procedures.get(name.as_str()) {
                None => diagnostics.push(Diagnostic::error(
                    place(),
                    Problem::UnknownOrderedProcedure {
                        category: id.to_string(),
                        id: name.clone(),
                        suggestion: suggest::closest(name, procedures.keys().copied()),
                    },
                )),
                Some(procedure) if procedure.category.as_ref().map(|c| c.as_str()) != Some(id) => {
                    diagnostics.push(Diagnostic::error(
                        place(),
                        Problem::OrderedElsewhere {
                            category: id.to_string(),
                            id: name.clone(),
                            actual: procedure.category.as_ref().map(|c| c.value.clone()),
                        },
                    ));
                }
                Some(_) => {}
            }
        }
    }
}

/// Each procedure's `category:` names a declared category, and that category's order (if it
/// has one) lists the procedure. One pass over the procedures with the orders as sets, so a
/// category of 1 000 ordered procedures costs 1 000 look-ups, not a million comparisons.
fn check_procedures(library: &Library, diagnostics: &mut Vec<Diagnostic>) {
    let categories = &library.site.categories;
    let orders: BTreeMap<&str, BTreeSet<&str>> = categories
        .iter()
        .map(|c| (c.id.as_str(), c.order.iter().map(String::as_str).collect()))
        .collect();
    for procedure in &library.procedures {
        let Some(name) = &procedure.category else {
            continue;
        };
        let place = || at(library, procedure.file, name.span);
        match orders.get(name.as_str()) {
            None => diagnostics.push(Diagnostic::error(
                place(),
                Problem::UnknownCategory {
                    id: name.value.clone(),
                    suggestion: suggest::closest(name, categories.iter().map(|c| c.id.as_str())),
                },
            )),
            Some(order) if !order.is_empty() && !order.contains(procedure.id.as_str()) => {
                diagnostics.push(Diagnostic::warning(
                    place(),
                    Problem::NotInOrder {
                        id: procedure.id.clone(),
                        category: name.value.clone(),
                    },
                ));
            }
            Some(_) => {}
        }
    }
}
