//! Rules for one procedure's structure (`procedure.yaml`).

use std::collections::BTreeMap;

use super::{at, is_date, is_email};
use crate::model::is_id;
use crate::model::{
    EmailTemplate, EmailText, Library, Procedure, Segment, Status, StepItem, segments,
};
use crate::source::Problem;
use crate::source::suggest::closest;
use crate::source::{Diagnostic, FileId, Location, Span};

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
            at(library, file, procedure.sections.span),
            Problem::EmptyProcedure {
                id: procedure.id.clone(),
            },
        ));
    }
    if let Some(date) = &procedure.verified {
        diagnostics.push(Diagnostic::error(
            at(library, file, date.span),
            Problem::ProcedureVerifiedDate,
        ));
    }
    let instead = match *procedure.status {
        Status::Verified => Some("`status: published`"),
        Status::Outdated => Some(
            "`status: published` (the page will say which labels are out of date), or \
             `status: withdrawn` if it should no longer be followed",
        ),
        _ => None,
    };
    if let Some(instead) = instead {
        diagnostics.push(Diagnostic::error(
            at(library, file, procedure.status.span),
            Problem::ComputedStatus {
                written: procedure.status.word().to_string(),
                instead: instead.to_string(),
            },
        ));
    }
    check_ids(library, procedure, diagnostics);
    check_steps(library, procedure, diagnostics);
    check_depth(library, procedure, diagnostics);
    for (id, span) in procedure.fields.spanned() {
        if !library.fields.contains_key(id) {
            diagnostics.push(Diagnostic::error(
                at(library, file, span),
                Problem::UnknownField {
                    id: id.clone(),
                    suggestion: closest(id, library.fields.keys().map(String::as_str)),
                },
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
                at(library, file, entry.date.span),
                Problem::InvalidDate {
                    date: entry.date.value.clone(),
                },
            ));
        }
        for (id, span) in entry.steps.spanned() {
            if ids.contains(id.as_str()) {
                continue;
            }
            diagnostics.push(Diagnostic::error(
                at(library, file, span),
                Problem::UnknownChangelogStep {
                    version: entry.version.clone(),
                    id: id.clone(),
                    suggestion: closest(id, ids.iter().copied()),
                },
            ));
        }
    }
}

/// Ids of sections, steps, options, results and e-mails share one namespace per procedure: each
/// is an anchor on the same page.
fn check_ids(library: &Library, procedure: &Procedure, diagnostics: &mut Vec<Diagnostic>) {
    // By id: where it was first written.
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    let items = procedure.items();
    let ids = items.iter().map(|item| (item.id(), item.span())).chain(
        procedure
            .emails
            .keys()
            .map(|id| (id.as_str(), procedure.emails.span(id))),
    );
    for (id, span) in ids {
        // Located only for a problem: turning a span into a line and column is most of the
        // work of this loop otherwise.
        let location = || at(library, procedure.file, span);
        if !is_id(id) {
            diagnostics.push(Diagnostic::error(
                location(),
                Problem::InvalidId { id: id.into() },
            ));
        }
        match seen.get(id) {
            Some(first) => diagnostics.push(Diagnostic::error(
                location(),
                Problem::DuplicateId {
                    id: id.into(),
                    first: at(library, procedure.file, *first),
                },
            )),
            None => {
                seen.insert(id, span);
            }
        }
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
                at(library, procedure.file, step.id.span),
                Problem::TooDeep {
                    id: step.id.value.clone(),
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
        let at_step = || at(library, file, step.id.span);
        if !step.substeps.is_empty() && !step.choice.is_empty() {
            diagnostics.push(Diagnostic::error(
                at_step(),
                Problem::SubstepsAndChoice {
                    id: step.id.value.clone(),
                },
            ));
        }
        if step.choice.len() == 1 {
            diagnostics.push(Diagnostic::error(
                at_step(),
                Problem::LonelyOption {
                    id: step.id.value.clone(),
                },
            ));
        }
        if let Some(email) = &step.email
            && !procedure.emails.contains_key(email.as_str())
        {
            diagnostics.push(Diagnostic::error(
                at(library, file, email.span),
                Problem::UnknownEmail {
                    id: email.value.clone(),
                    suggestion: closest(
                        email.as_str(),
                        procedure.emails.keys().map(String::as_str),
                    ),
                },
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
    diagnostics: &mut Vec<Diagnostic>,
) {
    let source = library.source_language();
    for (part, email_text) in [("subject", &email.subject), ("body", &email.body)] {
        let EmailText::PerLanguage(texts) = &email_text.value else {
            continue;
        };
        for lang in texts.keys() {
            if !library.site.languages.contains(lang) {
                diagnostics.push(Diagnostic::error(
                    at(library, file, texts.span(lang)),
                    Problem::EmailLanguage {
                        email: id.to_string(),
                        part,
                        lang: lang.clone(),
                    },
                ));
            }
        }
        super::missing_languages(
            library,
            |lang| texts.contains_key(lang),
            || at(library, file, email_text.span),
            |lang| Problem::MissingEmailText {
                email: id.to_string(),
                part,
                lang: lang.to_string(),
                source_lang: source.to_string(),
            },
            diagnostics,
        );
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
    for (address, span) in email.to.spanned().chain(email.cc.spanned()) {
        if !is_email(address) {
            diagnostics.push(Diagnostic::error(
                at(library, file, span),
                Problem::InvalidEmailAddress {
                    address: address.clone(),
                },
            ));
        }
    }
    check_email_languages(library, file, id, email, diagnostics);
    // The location is made only for a problem.
    let mut check_field = |field: &str, location: &dyn Fn() -> Location| {
        if !library.fields.contains_key(field) {
            diagnostics.push(Diagnostic::error(
                location(),
                Problem::UnknownPlaceholder { name: field.into() },
            ));
        } else if !procedure.fields.iter().any(|id| id == field) {
            diagnostics.push(Diagnostic::error(
                location(),
                Problem::FieldNotInProcedure {
                    id: field.into(),
                    procedure: procedure.id.clone(),
                },
            ));
        }
    };
    if let Some(from) = &email.from {
        check_field(from, &|| at(library, file, from.span));
    }
    for part in [&email.subject, &email.body] {
        // A placeholder is found in the text of its own subject or body as written (for texts per
        // language, within the mapping); if the YAML spells it differently (an escape inside
        // it), the value itself is pointed at.
        let mut written = part.span.range();
        for (_, words) in part.texts() {
            for name in segments(words)
                .into_iter()
                .filter_map(|segment| match segment {
                    Segment::Placeholder(name) => Some(name),
                    Segment::Text(_) => None,
                })
            {
                let range = placeholder(text, &mut written, name);
                check_field(name, &|| {
                    range.clone().map_or_else(
                        || at(library, file, part.span),
                        |range| library.sources.locate(file, range),
                    )
                });
            }
        }
    }
}

/// The byte range of the next `{name}` (spaces allowed inside the braces) in `text[written]`,
/// which then starts after it, so a placeholder used twice is found twice.
fn placeholder(
    text: &str,
    written: &mut std::ops::Range<usize>,
    name: &str,
) -> Option<std::ops::Range<usize>> {
    let value = text.get(written.clone())?;
    let mut search = 0;
    while let Some(open) = value[search..].find('{').map(|i| search + i) {
        let close = open + value[open..].find('}')?;
        if value[open + 1..close].trim() == name {
            let range = written.start + open..written.start + close + 1;
            written.start = range.end;
            return Some(range);
        }
        search = open + 1;
    }
    None
}
