//! Registries shared by all procedures: screen labels and fill-in fields.

use serde::Deserialize;

use super::{Localized, UniqueMap};
use crate::source::Spanned;

/// The screen labels of one external system (`content/labels/<system>.yaml`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelSystem {
    /// The system's id: the file name without `.yaml`, used in references (`[[traces:create]]`).
    #[serde(skip)]
    pub id: String,
    /// The label file in [`super::Sources`].
    #[serde(skip)]
    pub file: crate::source::FileId,
    /// The system's name as readers know it (`TRACES NT`).
    pub name: String,
    /// Its labels, by id.
    pub labels: UniqueMap<String, Label>,
}

/// A text exactly as it appears on a screen of an external system.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Label {
    /// The text, spelled exactly as on screen.
    pub text: String,
    /// The screen it appears on.
    #[serde(default)]
    pub screen: Option<String>,
    /// When someone last saw it on screen (YYYY-MM-DD).
    #[serde(default)]
    pub verified: Option<Spanned<String>>,
    /// Where it was seen (a URL).
    #[serde(default)]
    pub source: Option<Spanned<String>>,
}

/// A fill-in field (`content/fields.yaml`): an input on the page, an AcroForm field in the PDF.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// What kind of value it holds.
    pub kind: FieldKind,
    /// Its label, per language.
    pub label: Localized,
    /// A short help text, per language.
    #[serde(default)]
    pub hint: Localized,
}

/// The kind of a field decides its input type, its validation and its PDF widget.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// Free text.
    Text,
    /// An e-mail address.
    Email,
    /// An EU EORI number (two-letter country code and up to 15 letters or digits).
    Eori,
    /// A calendar date.
    Date,
    /// A yes/no tick.
    Checkbox,
}

impl FieldKind {
    /// The longest value the field accepts, if it has a limit (EORI: 2 + 15 characters).
    pub fn max_len(self) -> Option<usize> {
        match self {
            FieldKind::Eori => Some(17),
            _ => None,
        }
    }
}
