//! The words of a procedure in one language (`<lang>.md`).
//!
//! A language file is Markdown. Its front matter holds the short texts (title, summary, e-mail
//! notes); every heading with an id (`## Ga naar … {#open-eu-login}`) starts the words of the
//! structure item with that id: the heading's text is the item's title and what follows, up to the
//! next such heading, its body. Text before the first one is the procedure's introduction.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;

use super::{ImageUse, Reference, UniqueMap};
use crate::source::FileId;

/// The words of one procedure in one language.
#[derive(Debug, Clone)]
pub struct Words {
    /// The language code.
    pub lang: String,
    /// The `<lang>.md` file.
    pub file: FileId,
    /// The front matter.
    pub front: FrontMatter,
    /// Markdown before the first id heading.
    pub intro: Range<usize>,
    /// Title and body per item id.
    pub blocks: BTreeMap<String, Block>,
    /// Every `[[…]]` reference in the file, in order.
    pub references: Vec<Reference>,
    /// Every link target in the file with its position, in order.
    pub links: Vec<(String, Range<usize>)>,
    /// Every image in the file (`![alt](src)`), in order.
    pub images: Vec<ImageUse>,
}

/// The words of one item: byte ranges into the language file.
#[derive(Debug, Clone)]
pub struct Block {
    /// The whole heading line, for diagnostics.
    pub heading: Range<usize>,
    /// The heading's inline Markdown, without `#` marks and `{#id}`.
    pub title: Range<usize>,
    /// The Markdown after the heading, up to the next id heading.
    pub body: Range<usize>,
}

/// The YAML front matter of a language file.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The procedure's title in this language.
    pub title: String,
    /// One or two sentences for the index page.
    #[serde(default)]
    pub summary: Option<String>,
    /// Explanations around each e-mail template, by template id.
    #[serde(default)]
    pub emails: UniqueMap<String, EmailWords>,
}

/// The words around an e-mail template; the addresses and the body stay in `procedure.yaml`.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailWords {
    /// A caption for the e-mail block.
    #[serde(default)]
    pub title: Option<String>,
    /// Who sends it ("the address you entered in TRACES").
    #[serde(default)]
    pub from: Option<String>,
    /// Who the recipients are.
    #[serde(default)]
    pub to: Option<String>,
    /// Who the copies go to.
    #[serde(default)]
    pub cc: Option<String>,
    /// A note under the body.
    #[serde(default)]
    pub body: Option<String>,
}
