//! Rules for the words of a procedure: every language file against the structure, and every
//! reference and link in the text.

use std::collections::BTreeSet;

use super::check_link;
use crate::load::id_range;
use crate::model::{Block, Library, Procedure, SharedGroup, Target, Words, step_items};
use crate::source::Diagnostic;
use crate::source::Problem;
use crate::source::suggest::closest;

pub(super) fn check(library: &Library, procedure: &Procedure, diagnostics: &mut Vec<Diagnostic>) {
    let items = procedure.items();
    let all: BTreeSet<&str> = items.iter().map(|item| item.id()).collect();
    let own: Vec<&str> = items
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
    let all: BTreeSet<&str> = own.iter().copied().collect();
    check_words(library, &owner, &own, &all, diagnostics);
}

/// The step references of a shared group no procedure includes, against its own steps.
pub(super) fn check_unused_shared(
    library: &Library,
    group: &SharedGroup,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let own: BTreeSet<&str> = own_ids(group).into_iter().collect();
    for words in group.words.values() {
        check_step_references(library, words, &own, None, diagnostics);
    }
}

/// The ids a shared group writes itself (its includes have none yet), in reading order.
fn own_ids(group: &SharedGroup) -> Vec<&str> {
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
    words: &'a std::collections::BTreeMap<String, Box<Words>>,
    is_procedure: bool,
    /// The procedure's e-mail templates, which front matter may explain (none for shared steps).
    emails: Option<&'a crate::model::UniqueMap<String, Box<crate::model::EmailTemplate>>>,
}

fn check_words(
    library: &Library,
    owner: &Owner,
    own: &[&str],
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

/// Every item has words, and every heading names an item. `ids` are the items in reading order.
fn check_blocks(
    library: &Library,
    owner: &Owner,
    words: &Words,
    ids: &[&str],
    is_source: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let text = library.sources.text(words.file);
    let source_lang = library.source_language();
    let known: BTreeSet<&str> = ids.iter().copied().collect();
    let mut unknown: Vec<(&str, &Block)> = words
        .blocks
        .iter()
        .filter(|(id, _)| !known.contains(id.as_str()))
        .map(|(id, block)| (id.as_str(), block))
        .collect();
    unknown.sort_by_key(|(_, block)| block.heading.start);
    let mut missing: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !words.blocks.contains_key(*id))
        .collect();
    let renames = likely_renames(&unknown, &missing);
    missing.retain(|id| !renames.iter().any(|(_, expected)| expected == id));
    for (id, block) in unknown {
        let location = library
            .sources
            .locate(words.file, id_range(text, &block.heading, id));
        let severity = if is_source {
            Diagnostic::error
        } else {
            Diagnostic::warning
        };
        let problem = if let Some((_, expected)) = renames.iter().find(|(from, _)| *from == id) {
            Problem::LikelyRename {
                id: id.to_string(),
                expected: expected.to_string(),
                owner: owner.name.clone(),
                lang: words.lang.clone(),
                source_lang: source_lang.to_string(),
            }
        } else if is_source {
            Problem::UnknownWordsId {
                id: id.to_string(),
                owner: owner.name.clone(),
                suggestion: closest(id, missing.iter().copied()),
            }
        } else {
            Problem::ExtraTranslation {
                id: id.to_string(),
                lang: words.lang.clone(),
                source_lang: source_lang.to_string(),
                owner: owner.name.clone(),
            }
        };
        diagnostics.push(severity(location, problem));
    }
    for id in missing {
        let (location, before) = heading_place(library, words, ids, id);
        diagnostics.push(if is_source {
            Diagnostic::error(
                location,
                Problem::MissingWords {
                    id: id.to_string(),
                    lang: words.lang.clone(),
                    before,
                },
            )
        } else {
            Diagnostic::warning(
                location,
                Problem::MissingTranslation {
                    id: id.to_string(),
                    lang: words.lang.clone(),
                    source_lang: source_lang.to_string(),
                    before,
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
                Problem::UnknownEmail {
                    id: id.clone(),
                    suggestion: owner
                        .emails
                        .and_then(|emails| closest(id, emails.keys().map(String::as_str))),
                },
            ));
        }
    }
}

fn check_references(library: &Library, words: &Words, diagnostics: &mut Vec<Diagnostic>) {
    for reference in words.references.all() {
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
                        suggestion: closest_label(library, system, id),
                    })
            }
            Some(Target::Field(id)) => {
                (!library.fields.contains_key(id)).then(|| Problem::UnknownField {
                    id: id.clone(),
                    suggestion: closest(id, library.fields.keys().map(String::as_str)),
                })
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

/// Headings whose id matches nothing, paired with the item without words each most likely
/// means: the closest id ("did you mean"), or, when one heading is unknown and one item lacks
/// words, those two. Pairs are `(heading id, item id)`; each item is paired at most once.
fn likely_renames<'a>(
    unknown: &[(&'a str, &Block)],
    missing: &[&'a str],
) -> Vec<(&'a str, &'a str)> {
    if let ([(id, _)], [expected]) = (unknown, missing) {
        return vec![(*id, *expected)];
    }
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for (id, _) in unknown {
        let free = missing
            .iter()
            .copied()
            .filter(|m| !pairs.iter().any(|(_, taken)| taken == m));
        if let Some(expected) = closest(id, free) {
            let expected = missing.iter().copied().find(|m| *m == expected);
            pairs.extend(expected.map(|expected| (*id, expected)));
        }
    }
    pairs
}

/// Where the heading of `id` belongs in a language file that lacks it: before the heading of
/// the next item (in reading order) that the file has, or else after the file's last line.
/// Returns that place and the id of the heading it is before (none: the end of the file).
fn heading_place(
    library: &Library,
    words: &Words,
    ids: &[&str],
    id: &str,
) -> (crate::source::Location, Option<String>) {
    let after = ids.iter().skip_while(|other| **other != id).skip(1);
    let next = after
        .filter_map(|other| Some((*other, words.blocks.get(*other)?)))
        .next();
    let text = library.sources.text(words.file);
    match next {
        Some((next, block)) => {
            let line = &text[block.heading.clone()];
            let end = block.heading.start + line.trim_end().len();
            (
                library.sources.locate(words.file, block.heading.start..end),
                Some(next.to_string()),
            )
        }
        None => {
            let body = text.trim_end();
            let last_line = body.rfind('\n').map_or(0, |at| at + 1);
            (
                library.sources.locate(words.file, last_line..body.len()),
                None,
            )
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
    let references =
        words
            .references
            .all()
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
                    suggestion: closest(&id, ids.iter().copied()),
                    id,
                    procedure: procedure.to_string(),
                },
                None => Problem::UnknownStep {
                    suggestion: closest(&id, ids.iter().copied()),
                    id,
                },
            };
            let diagnostic = Diagnostic::error(location, problem);
            if !diagnostics.contains(&diagnostic) {
                diagnostics.push(diagnostic);
            }
        }
    }
}

/// The label reference closest to `system:id`: a label of the same system, or the same label
/// id in another system (`[[trace:create]]` → `traces:create`).
fn closest_label(library: &Library, system: &str, id: &str) -> Option<String> {
    let all: Vec<String> = library
        .labels
        .values()
        .flat_map(|registry| {
            registry
                .labels
                .keys()
                .map(move |label| format!("{}:{label}", registry.id))
        })
        .collect();
    closest(&format!("{system}:{id}"), all.iter().map(String::as_str))
}
