//! Rules for one procedure's structure (`procedure.yaml`).

use std::collections::BTreeMap;

use super::{at_token, at_value, is_date, is_email};
use crate::model::is_id;
use crate::model::{EmailTemplate, EmailText, Library, Procedure, Segment, StepItem, segments};
use crate::source::Problem;
use crate::source::{Diagnostic, FileId, Location};

pub(super) fn check(library: &Library, procedure: &Procedure, diagnostics: &mut Vec<Diagnostic>) {
    let file = procedure.file;
    if !is_id(&procedure.id) {
        diagnostics.push(Diagnostic::error(
            library.sources.get(file).start(),
            Problem::InvalidId {
                id: procedure.id.clone(),
            },
        ));
    }
    if procedure.sections.is_empty() {
        diagnostics.push(Diagnostic::error(
            super::at_key(library, file, "sections"),
            Problem::EmptyProcedure {
                id: procedure.id.clone(),
            },
        ));
    }
    if let Some(date) = procedure.verified.as_ref().filter(|date| !is_date(date)) {
        diagnostics.push(Diagnostic::error(
            at_value(library, file, "verified", date, 0),
            Problem::InvalidDate { date: date.clone() },
        ));
    }
    check_ids(library, procedure, diagnostics);
    check_steps(library, procedure, diagnostics);
    check_depth(library, procedure, diagnostics);
    for (nth, id) in procedure.fields.iter().enumerate() {
        if !library.fields.contains_key(id) {
            let earlier = procedure.fields[..nth].iter().filter(|f| *f == id).count();
            diagnostics.push(Diagnostic::error(
                at_token(library, file, id, earlier),
                Problem::UnknownField { id: id.clone() },
            ));
        }
    }
    for (id, email) in procedure.emails.iter() {
        check_email(library, procedure, id, email, diagnostics);
    }
    check_changelog(library, procedure, diagnostics);
}

/// Changelog entries have real dates and name steps that exist.
fn check_changelog(library: &Library, procedure: &Procedure, diagnostics: &mut Vec<Diagnostic>) {
    let file = procedure.file;
    let ids: std::collections::BTreeSet<&str> =
        procedure.items().iter().map(|item| item.id()).collect();
    for entry in &procedure.changelog {
        if !is_date(&entry.date) {
            diagnostics.push(Diagnostic::error(
                at_value(library, file, "date", &entry.date, 0),
                Problem::InvalidDate {
                    date: entry.date.clone(),
                },
            ));
        }
        for id in entry.steps.iter().filter(|id| !ids.contains(id.as_str())) {
            let text = library.sources.text(file);
            let start = crate::source::locate::value_of(text, "version", &entry.version, 0)
                .map_or(0, |range| range.end);
            let range = crate::source::locate::token(&text[start..], id, 0)
                .map_or(0..0, |r| start + r.start..start + r.end);
            diagnostics.push(Diagnostic::error(
                library.sources.locate(file, range),
                Problem::UnknownChangelogStep {
                    version: entry.version.clone(),
                    id: id.clone(),
                },
            ));
        }
    }
}

/// Ids of sections, steps, options, results and e-mails share one namespace per procedure: each
/// is an anchor on the same page.
fn check_ids(library: &Library, procedure: &Procedure, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let items = procedure.items();
    let ids = items
        .iter()
        .map(|item| {
            let key = if matches!(item, StepItem::Result(_)) {
                "result"
            } else {
                "id"
            };
            (item.id(), key)
        })
        .chain(procedure.emails.keys().map(|id| (id.as_str(), "")));
    for (id, key) in ids {
        let count = seen.entry(id).or_insert(0);
        let location = locate_id(library, procedure, id, key, *count);
        *count += 1;
        if !is_id(id) {
            diagnostics.push(Diagnostic::error(
                location.clone(),
                Problem::InvalidId { id: id.into() },
            ));
        }
        if *count > 1 {
            let first = locate_id(library, procedure, id, key, 0);
            diagnostics.push(Diagnostic::error(
                location,
                Problem::DuplicateId {
                    id: id.into(),
                    first,
                },
            ));
        }
    }
}

fn locate_id(
    library: &Library,
    procedure: &Procedure,
    id: &str,
    key: &str,
    nth: usize,
) -> Location {
    if key.is_empty() {
        super::at_key(library, procedure.file, id)
    } else {
        at_value(library, procedure.file, key, id, nth)
    }
}

/// How deep steps may nest (a section's steps are level 1). Real procedures use three or four
/// levels; the theme renders each level with Tera components, whose nesting Tera caps at 20
/// (two per level where a choice sits between), so 8 leaves room and keeps a clear message.
pub const MAX_STEP_DEPTH: usize = 8;

/// Reports the first step of each branch that is nested deeper than [`MAX_STEP_DEPTH`], without
/// recursion (the YAML parser already caps nesting, but this walk need not rely on it).
fn check_depth(library: &Library, procedure: &Procedure, diagnostics: &mut Vec<Diagnostic>) {
    let mut stack: Vec<(&crate::model::Step, usize)> = procedure
        .sections
        .iter()
        .flat_map(|section| section.steps.iter().map(|step| (step, 1)))
        .collect();
    while let Some((step, depth)) = stack.pop() {
        if depth > MAX_STEP_DEPTH {
            diagnostics.push(Diagnostic::error(
                at_value(library, procedure.file, "id", &step.id, 0),
                Problem::TooDeep {
                    id: step.id.clone(),
                    depth,
                    max: MAX_STEP_DEPTH,
                },
            ));
            continue;
        }
        let children = step
            .substeps
            .iter()
            .chain(step.choice.iter().flat_map(|option| option.steps.iter()));
        stack.extend(children.map(|child| (child, depth + 1)));
    }
}

fn check_steps(library: &Library, procedure: &Procedure, diagnostics: &mut Vec<Diagnostic>) {
    let file = procedure.file;
    for item in procedure.items() {
        let StepItem::Step(step) = item else { continue };
        let at_step = || at_value(library, file, "id", &step.id, 0);
        if !step.substeps.is_empty() && !step.choice.is_empty() {
            diagnostics.push(Diagnostic::error(
                at_step(),
                Problem::SubstepsAndChoice {
                    id: step.id.clone(),
                },
            ));
        }
        if step.choice.len() == 1 {
            diagnostics.push(Diagnostic::error(
                at_step(),
                Problem::LonelyOption {
                    id: step.id.clone(),
                },
            ));
        }
        if let Some(email) = &step.email
            && !procedure.emails.contains_key(email)
        {
            diagnostics.push(Diagnostic::error(
                at_value(library, file, "email", email, 0),
                Problem::UnknownEmail { id: email.clone() },
            ));
        }
    }
}

/// A subject or body given per language: only the site's languages, and at least the source
/// language's text (a language without its own text sends the source language's, reported).
fn check_email_languages(
    library: &Library,
    file: FileId,
    id: &str,
    email: &EmailTemplate,
    template_start: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let text = library.sources.text(file);
    let source = library.source_language();
    for (part, email_text) in [("subject", &email.subject), ("body", &email.body)] {
        let EmailText::PerLanguage(texts) = email_text else {
            continue;
        };
        // The `subject:`/`body:` key of this template, for problems that have no line of their own.
        let part_range = crate::source::locate::key(&text[template_start..], part)
            .map_or(0..0, |r| template_start + r.start..template_start + r.end);
        let part_start = part_range.start;
        for lang in texts.keys() {
            if !library.site.languages.contains(lang) {
                let range = crate::source::locate::key(&text[part_start..], lang)
                    .map_or(part_range.clone(), |r| {
                        part_start + r.start..part_start + r.end
                    });
                diagnostics.push(Diagnostic::error(
                    library.sources.locate(file, range),
                    Problem::EmailLanguage {
                        email: id.to_string(),
                        part,
                        lang: lang.clone(),
                    },
                ));
            }
        }
        for lang in &library.site.languages {
            if texts.contains_key(lang) {
                continue;
            }
            let problem = Problem::MissingEmailText {
                email: id.to_string(),
                part,
                lang: lang.clone(),
                source_lang: source.to_string(),
            };
            let location = library.sources.locate(file, part_range.clone());
            diagnostics.push(if lang == source {
                Diagnostic::error(location, problem)
            } else {
                Diagnostic::warning(location, problem)
            });
        }
    }
}

fn check_email(
    library: &Library,
    procedure: &Procedure,
    id: &str,
    email: &EmailTemplate,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let file = procedure.file;
    let text = library.sources.text(file);
    for address in email.to.iter().chain(&email.cc) {
        if !is_email(address) {
            diagnostics.push(Diagnostic::error(
                at_token(library, file, address, 0),
                Problem::InvalidEmailAddress {
                    address: address.clone(),
                },
            ));
        }
    }
    let template_start = crate::source::locate::key(text, id).map_or(0, |range| range.start);
    check_email_languages(library, file, id, email, template_start, diagnostics);
    let mut check_field = |field: &str, location: Location| {
        if !library.fields.contains_key(field) {
            diagnostics.push(Diagnostic::error(
                location,
                Problem::UnknownPlaceholder { name: field.into() },
            ));
        } else if !procedure.fields.iter().any(|f| f == field) {
            diagnostics.push(Diagnostic::error(
                location,
                Problem::FieldNotInProcedure {
                    id: field.into(),
                    procedure: procedure.id.clone(),
                },
            ));
        }
    };
    if let Some(from) = &email.from {
        check_field(from, at_value(library, file, "from", from, 0));
    }
    let texts = email.subject.texts().into_iter().chain(email.body.texts());
    for (_, part) in texts {
        for name in segments(part)
            .into_iter()
            .filter_map(|segment| match segment {
                Segment::Placeholder(name) => Some(name),
                Segment::Text(_) => None,
            })
        {
            let needle = format!("{{{name}}}");
            let range = text[template_start..].find(&needle).map_or(0..0, |at| {
                template_start + at..template_start + at + needle.len()
            });
            check_field(name, library.sources.locate(file, range));
        }
    }
}
