//! Rules for the words of a procedure: every language file against the structure, and every
//! reference and link in the text.

use std::collections::BTreeSet;

use super::check_link;
use crate::load::id_range;
use crate::model::{Library, Procedure, SharedGroup, Target, Words, step_items};
use crate::source::Diagnostic;
use crate::source::Problem;

pub(super) fn check(library: &Library, procedure: &Procedure, diagnostics: &mut Vec<Diagnostic>) {
    let items = procedure.items();
    let all: BTreeSet<&str> = items.iter().map(|item| item.id()).collect();
    let own: BTreeSet<&str> = items
        .iter()
        .filter(|item| item.origin().is_none())
        .map(|item| item.id())
        .collect();
    let owner = Owner {
        name: format!("procedure `{}`", procedure.id),
        file: procedure.file,
        words: &procedure.words,
        is_procedure: true,
        emails: Some(&procedure.emails),
    };
    check_words(library, &owner, &own, &all, diagnostics);
    // The step references of shared words must resolve on every page that includes them.
    let groups: BTreeSet<&str> = items.iter().filter_map(|item| item.origin()).collect();
    for group in groups.iter().filter_map(|id| library.shared.get(*id)) {
        for words in group.words.values() {
            check_step_references(library, words, &all, Some(&procedure.id), diagnostics);
        }
    }
}

/// Checks the words of a shared group: every item has words, and labels and fields resolve.
/// Step references are checked per procedure that includes the group ([`check`]), or by
/// [`check_unused_shared`] if none does.
pub(super) fn check_shared(
    library: &Library,
    group: &SharedGroup,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let own = own_ids(group);
    let owner = Owner {
        name: format!("shared steps `{}`", group.id),
        file: group.file,
        words: &group.words,
        is_procedure: false,
        emails: None,
    };
    check_words(library, &owner, &own, &own, diagnostics);
}

/// The step references of a shared group no procedure includes, against its own steps.
pub(super) fn check_unused_shared(
    library: &Library,
    group: &SharedGroup,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let own = own_ids(group);
    for words in group.words.values() {
        check_step_references(library, words, &own, None, diagnostics);
    }
}

/// The ids a shared group writes itself (its includes have none yet).
fn own_ids(group: &SharedGroup) -> BTreeSet<&str> {
    step_items(&group.steps)
        .iter()
        .map(|item| item.id())
        .filter(|id| !id.is_empty())
        .collect()
}

/// A procedure or a shared group: whatever has words per language.
struct Owner<'a> {
    /// "procedure `demo`" or "shared steps `eu-login`", for messages.
    name: String,
    file: crate::source::FileId,
    words: &'a std::collections::BTreeMap<String, Words>,
    is_procedure: bool,
    /// The procedure's e-mail templates, which front matter may explain (none for shared steps).
    emails: Option<&'a crate::model::UniqueMap<String, crate::model::EmailTemplate>>,
}

fn check_words(
    library: &Library,
    owner: &Owner,
    own: &BTreeSet<&str>,
    all: &BTreeSet<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let source = library.source_language();
    for lang in &library.site.languages {
        if owner.words.contains_key(lang) || (!owner.is_procedure && own.is_empty()) {
            continue;
        }
        let location = library.sources.get(owner.file).start();
        if lang == source {
            diagnostics.push(Diagnostic::error(
                location,
                Problem::Missing {
                    what: format!("`{lang}.md` for {} (the source language)", owner.name),
                },
            ));
        } else {
            diagnostics.push(Diagnostic::warning(
                location,
                Problem::MissingLanguageFile {
                    owner: owner.name.clone(),
                    lang: lang.clone(),
                    source_lang: source.to_string(),
                },
            ));
        }
    }
    for words in owner.words.values() {
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
            owner,
            words,
            own,
            words.lang == source,
            diagnostics,
        );
        check_references(library, words, diagnostics);
        if owner.is_procedure {
            check_step_references(library, words, all, None, diagnostics);
        }
    }
}

fn check_blocks(
    library: &Library,
    owner: &Owner,
    words: &Words,
    ids: &BTreeSet<&str>,
    is_source: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let text = library.sources.text(words.file);
    for (id, block) in &words.blocks {
        if !ids.contains(id.as_str()) {
            let location = library
                .sources
                .locate(words.file, id_range(text, &block.heading, id));
            diagnostics.push(if is_source {
                Diagnostic::error(
                    location,
                    Problem::UnknownWordsId {
                        id: id.clone(),
                        owner: owner.name.clone(),
                    },
                )
            } else {
                Diagnostic::warning(
                    location,
                    Problem::ExtraTranslation {
                        id: id.clone(),
                        lang: words.lang.clone(),
                        source_lang: library.source_language().to_string(),
                        owner: owner.name.clone(),
                    },
                )
            });
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
        if owner.emails.is_none_or(|emails| !emails.contains_key(id)) {
            diagnostics.push(Diagnostic::error(
                library
                    .sources
                    .locate_node(words.file, words.front.emails.span(id)),
                Problem::UnknownEmail { id: id.clone() },
            ));
        }
    }
}

fn check_references(library: &Library, words: &Words, diagnostics: &mut Vec<Diagnostic>) {
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
            Some(Target::Step(_)) => None,
        };
        if let Some(problem) = problem {
            diagnostics.push(Diagnostic::error(location(), problem));
        }
    }
    for (url, range) in &words.links {
        let problem = match url.strip_prefix('#') {
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

/// `[[#id]]` references and `#anchor` links must name an item of the page they are shown on;
/// for shared words, of every procedure `including` them.
fn check_step_references(
    library: &Library,
    words: &Words,
    ids: &BTreeSet<&str>,
    including: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let references = words
        .references
        .iter()
        .filter_map(|reference| match &reference.target {
            Some(Target::Step(id)) => Some((id.as_str(), reference.range.clone())),
            _ => None,
        });
    let anchors = words
        .links
        .iter()
        .filter_map(|(url, range)| Some((url.strip_prefix('#')?, range.clone())));
    for (id, range) in references.chain(anchors) {
        if !ids.contains(id) {
            let location = library.sources.locate(words.file, range);
            let id = id.to_string();
            let problem = match including {
                Some(procedure) => Problem::UnknownSharedStep {
                    id,
                    procedure: procedure.to_string(),
                },
                None => Problem::UnknownStep { id },
            };
            let diagnostic = Diagnostic::error(location, problem);
            if !diagnostics.contains(&diagnostic) {
                diagnostics.push(diagnostic);
            }
        }
    }
}
