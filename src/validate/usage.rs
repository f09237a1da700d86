//! Warnings for registry entries nothing uses: a label or field left behind after an edit is
//! usually a typo elsewhere, or dead weight a maintainer keeps verifying for nothing.
//!
//! What a procedure uses is collected per procedure ([`of_procedure`], with the procedure's
//! empty-alt-text warnings) and counted site-wide in [`Used`]: `serve` keeps each procedure's
//! [`Uses`] with its rule results ([`super::Kept`]) and updates the counts for the procedures
//! that changed, so the site-wide rule does not walk every reference of every procedure on each
//! edit (10.9 M of a 117 M rebuild at 1 000 procedures).

use std::collections::{BTreeSet, HashMap};

use super::at;
use crate::model::{Library, Procedure, Segment, Target, Words, segments};
use crate::source::Diagnostic;
use crate::source::Problem;

/// The screen labels (`system`, `id`) and fields one procedure's files use, and the shared
/// groups it includes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Uses {
    labels: Vec<(String, String)>,
    fields: Vec<String>,
    shared: Vec<String>,
}

/// How many procedures use each label and field: the sum of every kept procedure's [`Uses`].
#[derive(Debug, Default)]
pub struct Used {
    /// By system, then label id.
    labels: HashMap<String, HashMap<String, usize>>,
    fields: HashMap<String, usize>,
    /// By shared group id: how many procedures include it (steps of it).
    shared: HashMap<String, usize>,
}

impl Used {
    /// Counts the uses of one procedure.
    pub fn add(&mut self, uses: &Uses) {
        for (system, id) in &uses.labels {
            count_up(self.labels.entry(system.clone()).or_default(), id);
        }
        for field in &uses.fields {
            count_up(&mut self.fields, field);
        }
        for group in &uses.shared {
            count_up(&mut self.shared, group);
        }
    }

    /// Takes back the uses of one procedure (it was reloaded or removed).
    pub fn remove(&mut self, uses: &Uses) {
        for (system, id) in &uses.labels {
            if let Some(ids) = self.labels.get_mut(system) {
                count_down(ids, id);
            }
        }
        for field in &uses.fields {
            count_down(&mut self.fields, field);
        }
        for group in &uses.shared {
            count_down(&mut self.shared, group);
        }
    }

    /// Whether any procedure includes steps of the shared group `id`.
    pub fn includes_shared(&self, id: &str) -> bool {
        self.shared.contains_key(id)
    }

    fn has_label(&self, system: &str, id: &str) -> bool {
        self.labels
            .get(system)
            .is_some_and(|ids| ids.contains_key(id))
    }

    fn has_field(&self, id: &str) -> bool {
        self.fields.contains_key(id)
    }
}

/// One more use of `key`.
fn count_up(counts: &mut HashMap<String, usize>, key: &str) {
    match counts.get_mut(key) {
        Some(count) => *count += 1,
        None => {
            counts.insert(key.to_string(), 1);
        }
    }
}

/// One use of `key` fewer; a key no longer used is removed.
fn count_down(counts: &mut HashMap<String, usize>, key: &str) {
    if let Some(count) = counts.get_mut(key) {
        *count -= 1;
        if *count == 0 {
            counts.remove(key);
        }
    }
}

/// What `procedure` uses of the registries, and a warning for each image of its files with no
/// alternative text.
pub(super) fn of_procedure(
    library: &Library,
    procedure: &Procedure,
    diagnostics: &mut Vec<Diagnostic>,
) -> Uses {
    let mut labels: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut fields: BTreeSet<&str> = BTreeSet::new();
    for words in procedure.words.values() {
        collect(words, &mut labels, &mut fields);
        alt_texts(library, words, diagnostics);
    }
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
    // The shared groups its steps come from.
    let shared: BTreeSet<&str> = procedure
        .items()
        .iter()
        .filter_map(|item| item.origin())
        .collect();
    Uses {
        labels: labels
            .into_iter()
            .map(|(system, id)| (system.to_string(), id.to_string()))
            .collect(),
        fields: fields.into_iter().map(str::to_string).collect(),
        shared: shared.into_iter().map(str::to_string).collect(),
    }
}

/// The site-wide part: labels, screens and fields no procedure (counted in `used`) and no shared
/// step uses, images no file shows, and empty alternative texts in shared steps.
pub(super) fn check(library: &Library, used: &Used, diagnostics: &mut Vec<Diagnostic>) {
    let mut labels: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut fields: BTreeSet<&str> = BTreeSet::new();
    for words in library.shared.values().flat_map(|g| g.words.values()) {
        collect(words, &mut labels, &mut fields);
        alt_texts(library, words, diagnostics);
    }
    for path in &library.images.files {
        if !library.images.used.contains_key(path) {
            diagnostics.push(Diagnostic::warning(
                crate::source::Location::file(&library.images.content.join(path)),
                Problem::UnusedImage { path: path.clone() },
            ));
        }
    }
    let label_used =
        |system: &str, id: &str| labels.contains(&(system, id)) || used.has_label(system, id);
    for system in library.labels.values() {
        for screen in system.screens.keys() {
            let shown = system
                .labels_on(screen)
                .any(|(id, _)| label_used(&system.id, id));
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
            if !label_used(&system.id, id) {
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
            if !fields.contains(id.as_str()) && !used.has_field(id) {
                diagnostics.push(Diagnostic::warning(
                    at(library, file, library.fields.span(id)),
                    Problem::UnusedField { id: id.clone() },
                ));
            }
        }
    }
}

fn alt_texts(library: &Library, words: &Words, diagnostics: &mut Vec<Diagnostic>) {
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
