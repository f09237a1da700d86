//! What the theme's checklist template renders to: the fixed words of the checklist and the
//! order of its blocks. The layout consumes this; the procedure's own words come from the view.

use serde::Deserialize;

/// The checklist of one procedure in one language, as the theme words and orders it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// Running header on every page but the first.
    #[serde(default)]
    pub header: String,
    /// Left part of the footer on every page; `{page}` and `{pages}` are replaced.
    #[serde(default)]
    pub footer_left: String,
    /// Right part of the footer on every page; `{page}` and `{pages}` are replaced.
    #[serde(default)]
    pub footer_right: String,
    /// Fixed texts used inside blocks.
    #[serde(default)]
    pub texts: Texts,
    /// The blocks, top to bottom.
    pub blocks: Vec<Block>,
}

/// Fixed texts used inside the blocks.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Texts {
    /// Above the options of a choice ("tick the one that applies").
    pub choice: String,
    /// Caption of a step's expected result.
    pub result: String,
    /// E-mail row captions.
    pub email_from: String,
    /// "To".
    pub email_to: String,
    /// "Cc".
    pub email_cc: String,
    /// "Subject".
    pub email_subject: String,
    /// "Body".
    pub email_body: String,
    /// Captions of notes by kind (`important`, `tip`, …).
    pub notes: std::collections::BTreeMap<String, String>,
    /// Before the version under a step the changelog names ("Changed in version"), as the
    /// page marks it; none if empty.
    #[serde(default)]
    pub changed_in: String,
}

/// One block of the checklist.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    /// The title block: title, subtitle, facts (version, status, …) and an optional QR code.
    Title {
        /// The title.
        text: String,
        /// A line under the title.
        #[serde(default)]
        subtitle: String,
        /// Label/value rows.
        #[serde(default)]
        facts: Vec<Fact>,
        /// A QR code to the web page.
        #[serde(default)]
        qr: Option<Qr>,
    },
    /// A heading of the theme's own.
    Heading {
        /// The heading text.
        text: String,
    },
    /// A paragraph of the theme's own.
    Text {
        /// The text.
        text: String,
    },
    /// The procedure's introduction.
    Intro,
    /// The fill-in fields of the procedure.
    Fields {
        /// Heading over the fields.
        heading: String,
        /// A line under the heading.
        #[serde(default)]
        note: String,
    },
    /// The numbered sections and their steps.
    Sections,
    /// Lines to write on by hand (name, date, signature).
    Lines {
        /// Heading over the lines.
        heading: String,
        /// The caption of each line.
        lines: Vec<String>,
    },
}

/// A label and its value in the title block.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// The label.
    pub label: String,
    /// The value.
    pub value: String,
}

/// A QR code and its caption.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Qr {
    /// What the code encodes.
    pub url: String,
    /// The caption under it.
    #[serde(default)]
    pub caption: String,
}
