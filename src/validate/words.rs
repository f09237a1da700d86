//! Rules for the words of a procedure: every language file against the structure, and every
//! reference and link in the text.

use std::collections::BTreeSet;

use super::check_link;
use crate::diagnostic::Diagnostic;
use crate::load::id_range;
use crate::model::{Library, Procedure, Target, Words};
use crate::problem::Problem;

pub(super) fn check(library: &Library, procedure: &Procedure, diagnostics: &mut Vec<Diagnostic>) {
    let source = library.source_language();
    let ids: BTreeSet<&str> = procedure.items().iter().map(|item| item.id()).collect();
    for lang in &library.site.languages {
        if procedure.words.contains_key(lang) {
            continue;
        }
        let location = library.sources.get(procedure.file).start();
        if lang == source {
            diagnostics.push(Diagnostic::error(
                location,
                Problem::Missing {
                    what: format!(
                        "`{lang}.md` for procedure `{}` (the source language)",
                        procedure.id
                    ),
                },
            ));
        } else {
            diagnostics.push(Diagnostic::warning(
                location,
                Problem::MissingLanguageFile {
                    procedure: procedure.id.clone(),
                    lang: lang.clone(),
                    source_lang: source.to_string(),
                },
            ));
        }
    }
    for words in procedure.words.values() {
        if !library.site.languages.contains(&words.lang) {
            diagnostics.push(Diagnostic::warning(
                library.sources.get(words.file).start(),
                Problem::UnlistedLanguage {
                    lang: words.lang.clone(),
                },
            ));
            continue;
        }
        check_blocks(
            library,
            procedure,
            words,
            &ids,
            words.lang == source,
            diagnostics,
        );
        check_references(library, words, &ids, diagnostics);
    }
}

fn check_blocks(
    library: &Library,
    procedure: &Procedure,
    words: &Words,
    ids: &BTreeSet<&str>,
    is_source: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let text = library.sources.text(words.file);
    for (id, block) in &words.blocks {
        if !ids.contains(id.as_str()) {
            diagnostics.push(Diagnostic::error(
                library
                    .sources
                    .locate(words.file, id_range(text, &block.heading, id)),
                Problem::UnknownWordsId {
                    id: id.clone(),
                    procedure: procedure.id.clone(),
                },
            ));
        }
    }
    for id in ids.iter().filter(|id| !words.blocks.contains_key(**id)) {
        let location = library.sources.get(words.file).start();
        diagnostics.push(if is_source {
            Diagnostic::error(
                location,
                Problem::MissingWords {
                    id: id.to_string(),
                    lang: words.lang.clone(),
                },
            )
        } else {
            Diagnostic::warning(
                location,
                Problem::MissingTranslation {
                    id: id.to_string(),
                    lang: words.lang.clone(),
                    source_lang: library.source_language().to_string(),
                },
            )
        });
    }
    for id in words.front.emails.keys() {
        if !procedure.emails.contains_key(id) {
            let range = crate::load::locate::key(text, id).unwrap_or(0..0);
            diagnostics.push(Diagnostic::error(
                library.sources.locate(words.file, range),
                Problem::UnknownEmail { id: id.clone() },
            ));
        }
    }
}

fn check_references(
    library: &Library,
    words: &Words,
    ids: &BTreeSet<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for reference in &words.references {
        let location = || {
            library
                .sources
                .locate(reference.file, reference.range.clone())
        };
        let problem = match &reference.target {
            None => Some(Problem::MalformedReference {
                text: reference.text.clone(),
            }),
            Some(Target::Label { system, id }) => {
                library
                    .label(system, id)
                    .is_none()
                    .then(|| Problem::UnknownLabel {
                        reference: reference.text.trim().to_string(),
                    })
            }
            Some(Target::Field(id)) => {
                (!library.fields.contains_key(id)).then(|| Problem::UnknownField { id: id.clone() })
            }
            Some(Target::Step(id)) => {
                (!ids.contains(id.as_str())).then(|| Problem::UnknownStep { id: id.clone() })
            }
        };
        if let Some(problem) = problem {
            diagnostics.push(Diagnostic::error(location(), problem));
        }
    }
    for (url, range) in &words.links {
        let problem = match url.strip_prefix('#') {
            Some(anchor) if !ids.contains(anchor) => Some(Problem::UnknownStep {
                id: anchor.to_string(),
            }),
            Some(_) => None,
            None => check_link(url),
        };
        if let Some(problem) = problem {
            diagnostics.push(Diagnostic::error(
                library.sources.locate(words.file, range.clone()),
                problem,
            ));
        }
    }
}
