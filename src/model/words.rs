//! The words of a procedure in one language (`<lang>.md`).
//!
//! A language file is Markdown. Its front matter holds the short texts (title, summary, e-mail
//! notes); every heading with an id (`## Ga naar … {#open-eu-login}`) starts the words of the
//! structure item with that id: the heading's text is the item's title and what follows, up to the
//! next such heading, its body. Text before the first one is the procedure's introduction.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

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
    /// Every `[[…]]` reference in the file, in order of position.
    pub references: References,
    /// Every link target in the file with its position, in order.
    pub links: Vec<(String, Range<usize>)>,
    /// Every image in the file (`![alt](src)`), in order.
    pub images: Vec<ImageUse>,
}

/// Every `[[…]]` reference of a language file, in order of position (the Markdown reader's
/// document order). Read through [`References::all`] or [`References::starting_in`], which count
/// the references they hand out ([`references_visited`]): a lookup per item that walked all of
/// a file's references made a 100 000-step procedure quadratic (27 % of a 2 000-step build), and
/// the count lets a test hold every such walk to linear work without timing anything.
#[derive(Debug, Clone, Default)]
pub struct References(Vec<Reference>);

/// How many references [`References`] has handed out, over the whole process.
static VISITED: AtomicU64 = AtomicU64::new(0);

/// How many references have been handed out so far (see [`References`]); for tests of linear
/// work (`tests/linear.rs`).
pub fn references_visited() -> u64 {
    VISITED.load(Ordering::Relaxed)
}

impl From<Vec<Reference>> for References {
    fn from(references: Vec<Reference>) -> Self {
        debug_assert!(
            references
                .windows(2)
                .all(|w| w[0].range.start <= w[1].range.start),
            "references in order of position"
        );
        References(references)
    }
}

impl References {
    /// Every reference of the file.
    pub fn all(&self) -> &[Reference] {
        VISITED.fetch_add(self.0.len() as u64, Ordering::Relaxed);
        &self.0
    }

    /// The references that start inside `span` (a range of the file), found by binary search:
    /// an item's references cost their own number, not the file's.
    pub fn starting_in(&self, span: Range<usize>) -> &[Reference] {
        let first = self.0.partition_point(|r| r.range.start < span.start);
        let end = first + self.0[first..].partition_point(|r| r.range.start < span.end);
        VISITED.fetch_add((end - first) as u64, Ordering::Relaxed);
        &self.0[first..end]
    }
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
    pub emails: UniqueMap<String, Box<EmailWords>>,
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
