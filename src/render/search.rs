//! The offline search index: one script per language (`<lang>/search-index.js`) that sets a
//! global the page's script searches, so search works from `file://` (where `fetch` does not).
//!
//! An entry per procedure, section, step and option: its link (relative to the site root, with
//! the step's anchor), number, title and the plain text of its words, screen labels included.
//! The script matches every query word as a prefix of a word of the entry, after folding case
//! and accents; a linear scan over a few thousand entries takes well under a millisecond.

use serde::Serialize;

use crate::output::{OutputFile, paths};
use crate::view::{Item, ProcedureView};

/// One searchable item.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    /// Link from the site root.
    url: String,
    /// `procedure`, `section`, `step` or `option`.
    kind: &'static str,
    /// The full number (`2.d.b.3`); empty for a procedure.
    number: &'a str,
    /// The item's title.
    title: &'a str,
    /// The procedure's title, to show where a step belongs.
    procedure: &'a str,
    /// The item's own words (not those of nested steps), for matching.
    text: String,
}

/// The global the index script sets.
pub const GLOBAL: &str = "stepbookSearchIndex";

/// An index script being written, one procedure's [`entries`] at a time: at 10 000 procedures
/// the index is tens of megabytes, so the parts are added as they come and handed on in pieces
/// ([`Script::piece`]), never held whole; or, for `serve`, kept whole ([`Script::finish`]).
#[derive(Debug)]
pub struct Script {
    /// What was added since the last piece.
    text: String,
    /// No entry yet: the next one needs no comma before it.
    first: bool,
    /// A piece was handed on: the next ones continue its file.
    begun: bool,
}

impl Script {
    /// An index with no entries yet.
    pub fn new() -> Self {
        Script {
            text: format!("window.{GLOBAL} = ["),
            first: true,
            begun: false,
        }
    }

    /// Makes room for `additional` more bytes of entries: `serve` joins the whole index from
    /// its kept entries on an edit, and growing it by doubling copied it about twice over.
    pub fn reserve(&mut self, additional: usize) {
        self.text.reserve(additional);
    }

    /// Adds one procedure's [`entries`].
    pub fn push(&mut self, part: &str) {
        if part.is_empty() {
            return;
        }
        if !self.first {
            self.text.push(',');
        }
        self.first = false;
        self.text.push_str(part);
    }

    /// What was added since the last piece, as the next piece of the script file of `lang`
    /// (the first piece begins the file); none if nothing was added.
    pub fn piece(&mut self, lang: &str) -> Option<OutputFile> {
        if self.text.is_empty() {
            return None;
        }
        let text = std::mem::take(&mut self.text);
        let path = paths::search_index(lang);
        Some(match std::mem::replace(&mut self.begun, true) {
            true => OutputFile::appended(path, text),
            false => OutputFile::new(path, text),
        })
    }

    /// The end of the script file of `lang`: its last piece, or the whole file if no piece
    /// was handed on.
    pub fn finish(mut self, lang: &str) -> OutputFile {
        self.text.push_str("];\n");
        let path = paths::search_index(lang);
        match self.begun {
            true => OutputFile::appended(path, self.text),
            false => OutputFile::new(path, self.text),
        }
    }
}

impl Default for Script {
    fn default() -> Self {
        Script::new()
    }
}

/// The index entries of one procedure, as JSON objects separated by commas.
pub fn entries(lang: &str, procedure: &ProcedureView) -> String {
    let mut entries = Vec::new();
    let page = Page {
        url: paths::page(lang, &procedure.id),
        title: &procedure.title,
    };
    entries.push(Entry {
        url: page.url.clone(),
        ..page.entry(
            "procedure",
            "",
            "",
            &procedure.title,
            join(&[&procedure.summary, &procedure.intro.text]),
        )
    });
    for item in procedure.items() {
        match item {
            Item::Section(section) => entries.push(page.entry(
                "section",
                &section.id,
                &section.number,
                &section.title.text,
                section.body.text.clone(),
            )),
            Item::Step { step, .. } => {
                let mut text = vec![step.body.text.as_str()];
                if let Some(result) = &step.result {
                    text.extend([result.title.text.as_str(), &result.body.text]);
                }
                if let Some(email) = &step.email {
                    text.extend([email.title.as_str(), &email.subject_text, &email.body_text]);
                }
                entries.push(page.entry(
                    "step",
                    &step.id,
                    &step.path,
                    &step.title.text,
                    join(&text),
                ));
            }
            Item::Option { option, .. } => entries.push(page.entry(
                "option",
                &option.id,
                &option.path,
                &option.title.text,
                option.body.text.clone(),
            )),
            // A result's words are searched as part of its step's.
            Item::Result { .. } => {}
        }
    }
    entries
        .iter()
        .filter_map(|entry| serde_json::to_string(entry).ok())
        .collect::<Vec<_>>()
        .join(",")
}

/// The procedure page entries link to.
struct Page<'a> {
    url: String,
    title: &'a str,
}

impl<'a> Page<'a> {
    fn entry(
        &self,
        kind: &'static str,
        id: &str,
        number: &'a str,
        title: &'a str,
        text: String,
    ) -> Entry<'a> {
        Entry {
            url: format!("{}#{id}", self.url),
            kind,
            number,
            title,
            procedure: self.title,
            text,
        }
    }
}

fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index `build` writes in pieces is the one `serve` keeps whole, whatever the batches.
    #[test]
    fn pieces_join_to_the_whole_script() {
        let parts = ["{\"a\":1}", "", "{\"b\":2},{\"c\":3}", "{\"d\":4}"];
        let mut whole = Script::new();
        for part in parts {
            whole.push(part);
        }
        let whole = whole.finish("nl");
        assert!(!whole.append);
        for cuts in [vec![], vec![0], vec![1, 2], vec![0, 1, 2, 3]] {
            let mut script = Script::new();
            let mut pieces = Vec::new();
            for (i, part) in parts.iter().enumerate() {
                script.push(part);
                if cuts.contains(&i) {
                    pieces.extend(script.piece("nl"));
                }
            }
            pieces.push(script.finish("nl"));
            assert!(!pieces[0].append && pieces[1..].iter().all(|p| p.append));
            let joined: Vec<u8> = pieces.into_iter().flat_map(|p| p.bytes).collect();
            assert_eq!(
                String::from_utf8(joined),
                String::from_utf8(whole.bytes.clone())
            );
        }
        let text = String::from_utf8(whole.bytes).expect("UTF-8");
        assert_eq!(
            text,
            "window.stepbookSearchIndex = [{\"a\":1},{\"b\":2},{\"c\":3},{\"d\":4}];\n"
        );
    }
}
