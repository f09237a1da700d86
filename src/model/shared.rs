//! Steps written once and used by several procedures (`content/shared/<group>/`), and the
//! member states' authorities (`content/countries.yaml`).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Localized, Step, UniqueMap, Words};
use crate::source::{FileId, Spanned};

/// A group of shared steps: `content/shared/<group>/steps.yaml` for the structure and
/// `<lang>.md` for the words, in the same form as a procedure's (front matter optional).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SharedGroup {
    /// The folder name, used in `include: <group>`.
    #[serde(skip)]
    pub id: String,
    /// `steps.yaml` in [`super::Sources`].
    #[serde(skip)]
    pub file: FileId,
    /// The steps, in order, as written (includes not yet replaced).
    pub steps: Vec<Step>,
    /// The words, per language code.
    #[serde(skip)]
    pub words: BTreeMap<String, Box<Words>>,
}

/// A member state (`content/countries.yaml`, keyed by its ISO 3166 code such as `BE`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// The country's name, per language.
    pub name: Localized,
    /// Its authorities, by the id e-mail templates copy them by (`cc_authority: flegt`).
    pub authorities: UniqueMap<String, Authority>,
}

/// A national competent authority and where its address comes from.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// Its name, per language.
    #[serde(default)]
    pub name: Localized,
    /// The address e-mails copy.
    pub email: Spanned<String>,
    /// Where the address was found (a URL or a document).
    #[serde(default)]
    pub source: Option<Spanned<String>>,
    /// When someone last checked it (YYYY-MM-DD).
    #[serde(default)]
    pub verified: Option<Spanned<String>>,
}
