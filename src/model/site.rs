//! `content/site.yaml`: settings that apply to the whole site.

use serde::Deserialize;

use super::Localized;
use crate::source::{Spanned, SpannedList};

/// Site settings.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// `site.yaml` in [`super::Sources`].
    #[serde(skip)]
    pub file: crate::source::FileId,
    /// The site's title, per language.
    pub title: Localized,
    /// A one-line description under the title on the index page, per language.
    #[serde(default)]
    pub description: Localized,
    /// Language codes; the first is the source language every other one is checked against.
    pub languages: SpannedList<String>,
    /// Where the site is published (used for absolute links such as the PDF's QR code).
    /// Pages themselves only use relative links.
    #[serde(default)]
    pub base_url: Option<Spanned<String>>,
    /// Whether `base_url` was given on the command line (`--base-url`) instead of read from the
    /// file: its rules were checked there, and it has no position in the file.
    #[serde(skip)]
    pub base_url_overridden: bool,
    /// The theme folder under `themes/`; templates it lacks come from the default theme.
    #[serde(default = "default_theme")]
    pub theme: Spanned<String>,
    /// How many days a verification date stays fresh before `check` warns (default 180).
    #[serde(default = "default_max_age")]
    pub max_age_days: u32,
    /// The member state whose authorities e-mails copy by default (`BE`), a key of
    /// `content/countries.yaml`.
    #[serde(default)]
    pub country: Option<Spanned<String>>,
    /// Where a procedure's words can be edited online: the start of the address, to which the
    /// path of a language file is added (`https://github.com/acme/handbook/edit/main/` gives
    /// `…/edit/main/content/procedures/<id>/<lang>.md`). Each page then has an "edit this page"
    /// link.
    #[serde(default)]
    pub edit_url: Option<Spanned<String>>,
    /// The groups procedures are filed under, in the order the index shows them. A procedure
    /// names its group with `category:`; without categories the index is one list.
    #[serde(default)]
    pub categories: Vec<Category>,
}

/// A group of procedures on the index ("Timber imports into the EU"), declared once here so
/// its title is translated once and a mistyped `category:` is an error, not a new group.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stable id: the `category:` of a procedure, the anchor of the group on the index.
    pub id: Spanned<String>,
    /// The group's heading, per language.
    pub title: Localized,
    /// A sentence under the heading, per language.
    #[serde(default)]
    pub description: Localized,
    /// Procedure ids in the order they are meant to be followed. When given, the index lists
    /// them in this order and each of their pages links to the previous and next one;
    /// procedures of the category it does not name come after them, without such links.
    #[serde(default)]
    pub order: SpannedList<String>,
}

fn default_max_age() -> u32 {
    180
}

fn default_theme() -> Spanned<String> {
    Spanned::new("default".to_string())
}

impl Default for Site {
    fn default() -> Self {
        Site {
            file: crate::source::FileId::default(),
            title: Localized::default(),
            description: Localized::default(),
            languages: SpannedList::default(),
            base_url: None,
            base_url_overridden: false,
            theme: default_theme(),
            max_age_days: default_max_age(),
            country: None,
            edit_url: None,
            categories: Vec::new(),
        }
    }
}
