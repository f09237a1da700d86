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
/// the index is tens of megabytes, so the parts are added as they come and dropped, not
/// collected, joined and copied.
#[derive(Debug)]
pub struct Script(String, bool);

impl Script {
    /// An index with no entries yet.
    pub fn new() -> Self {
        Script(format!("window.{GLOBAL} = ["), true)
    }

    /// Adds one procedure's [`entries`].
    pub fn push(&mut self, part: &str) {
        if part.is_empty() {
            return;
        }
        if !self.1 {
            self.0.push(',');
        }
        self.1 = false;
        self.0.push_str(part);
    }

    /// The script file of `lang`.
    pub fn finish(mut self, lang: &str) -> OutputFile {
        self.0.push_str("];\n");
        OutputFile::new(paths::search_index(lang), self.0)
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
