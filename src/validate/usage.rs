//! Warnings for registry entries nothing uses: a label or field left behind after an edit is
//! usually a typo elsewhere, or dead weight a maintainer keeps verifying for nothing.

use std::collections::BTreeSet;

use super::at;
use crate::model::{Library, Segment, Target, Words, segments};
use crate::source::Diagnostic;
use crate::source::Problem;

pub(super) fn check(library: &Library, diagnostics: &mut Vec<Diagnostic>) {
    let words = library
        .procedures
        .iter()
        .flat_map(|p| p.words.values())
        .chain(library.shared.values().flat_map(|g| g.words.values()));
    let mut labels: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut fields: BTreeSet<&str> = BTreeSet::new();
    for words in words {
        collect(words, &mut labels, &mut fields);
        for image in &words.images {
            if image.alt.trim().is_empty() {
                diagnostics.push(Diagnostic::warning(
                    library.sources.locate(words.file, image.range.clone()),
                    Problem::EmptyAltText {
                        src: image.src.clone(),
                    },
                ));
            }
        }
    }
    for path in &library.images.files {
        if !library.images.used.contains_key(path) {
            diagnostics.push(Diagnostic::warning(
                crate::source::Location::file(&library.images.content.join(path)),
                Problem::UnusedImage { path: path.clone() },
            ));
        }
    }
    for procedure in &library.procedures {
        fields.extend(procedure.fields.iter().map(String::as_str));
        for email in procedure.emails.values() {
            fields.extend(email.from.as_ref().map(|from| from.as_str()));
            fields.extend(email.country_field.as_ref().map(|field| field.as_str()));
            let texts = email.subject.texts().into_iter().chain(email.body.texts());
            for (_, part) in texts {
                fields.extend(segments(part).into_iter().filter_map(|s| match s {
                    Segment::Placeholder(name) => Some(name),
                    Segment::Text(_) => None,
                }));
            }
        }
    }
    for system in library.labels.values() {
        for screen in system.screens.keys() {
            let shown = system
                .labels_on(screen)
                .any(|(id, _)| labels.contains(&(system.id.as_str(), id.as_str())));
            if !shown {
                diagnostics.push(Diagnostic::warning(
                    at(library, system.file, system.screens.span(screen)),
                    Problem::UnusedScreen {
                        reference: format!("{}:{screen}", system.id),
                    },
                ));
            }
        }
        for id in system.labels.keys() {
            if !labels.contains(&(system.id.as_str(), id.as_str())) {
                diagnostics.push(Diagnostic::warning(
                    at(library, system.file, system.labels.span(id)),
                    Problem::UnusedLabel {
                        reference: format!("{}:{id}", system.id),
                    },
                ));
            }
        }
    }
    if let Some(file) = library.fields_file {
        for id in library.fields.keys() {
            if !fields.contains(id.as_str()) {
                diagnostics.push(Diagnostic::warning(
                    at(library, file, library.fields.span(id)),
                    Problem::UnusedField { id: id.clone() },
                ));
            }
        }
    }
}

fn collect<'a>(
    words: &'a Words,
    labels: &mut BTreeSet<(&'a str, &'a str)>,
    fields: &mut BTreeSet<&'a str>,
) {
    for reference in words.references.all() {
        match &reference.target {
            Some(Target::Label { system, id }) => {
                labels.insert((system, id));
            }
            Some(Target::Field(id)) => {
                fields.insert(id);
            }
            _ => {}
        }
    }
}
