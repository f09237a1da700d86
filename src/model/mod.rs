//! The content model: plain data, no I/O.
//!
//! The structure of a procedure (sections, steps, choices, fields, e-mail templates) is written
//! once in `procedure.yaml`; its words live per language in `<lang>.md` ([`Words`]). Screen labels
//! and fields are registries shared by all procedures. Everything here is produced by
//! [`crate::load`] and checked by [`crate::validate`]; nothing here reads files.

pub mod date;
pub mod eori;
pub mod image;
mod procedure;
mod reference;
mod registry;
mod shared;
mod site;
mod unique_map;
pub mod verification;
mod words;

pub use image::{Image, ImageUse, Images, PdfEncoding, PdfImage};
pub use procedure::{
    ChangelogEntry, ChoiceOption, EmailTemplate, EmailText, Insertion, Procedure, Section, Segment,
    Status, Step, StepItem, segments, step_items,
};
pub use reference::{Reference, Target, is_id};
pub use registry::{Autocomplete, Field, FieldKind, Label, LabelSystem, Region, Screen};
pub use shared::{Authority, Country, SharedGroup};
pub use site::{Category, Site};
pub use unique_map::UniqueMap;
pub use verification::{Freshness, Verification};
pub use words::{Block, EmailWords, FrontMatter, References, Words, references_visited};

use std::collections::BTreeMap;

use crate::source::{FileId, Sources};

/// The mark `init` and `new` put before a starter text they have no translation for (a language
/// other than `nl`, `fr`, `de` and `en`): `check` warns about every text that still has it.
pub const TO_TRANSLATE: &str = "(translate)";

/// Text in several languages, keyed by language code (`nl: Voornaam`).
pub type Localized = BTreeMap<String, String>;

/// Everything loaded from a project's `content/` folder.
#[derive(Debug, Default)]
pub struct Library {
    /// `content/site.yaml`.
    pub site: Site,
    /// `content/fields.yaml`: fill-in fields, by id.
    pub fields: UniqueMap<String, Field>,
    /// `content/fields.yaml` in [`Sources`], if the project has one.
    pub fields_file: Option<FileId>,
    /// `content/labels/<system>.yaml`: screen labels, by system id.
    pub labels: BTreeMap<String, LabelSystem>,
    /// `content/shared/<group>/`: steps several procedures include, by group id.
    pub shared: BTreeMap<String, SharedGroup>,
    /// `content/countries.yaml`: member states and their authorities, by country code.
    pub countries: UniqueMap<String, Country>,
    /// `content/countries.yaml` in [`Sources`], if the project has one.
    pub countries_file: Option<FileId>,
    /// `content/procedures/<id>/`, sorted by id.
    pub procedures: Vec<Procedure>,
    /// The images that language files show, and every image file of `content/`.
    pub images: Images,
    /// The text of every file read, for diagnostics.
    pub sources: Sources,
    /// Today and the allowed age of verification dates, for the procedures' verification
    /// state ([`verification::of`]); set by the loader from the project and the site.
    pub freshness: Option<Freshness>,
}

impl Library {
    /// The source language: the first of the site's languages.
    pub fn source_language(&self) -> &str {
        self.site.languages.first().map_or("en", String::as_str)
    }

    /// The words of an item: the procedure's own, or its shared group's if it was included.
    pub fn words_of<'a>(
        &'a self,
        procedure: &'a Procedure,
        origin: Option<&str>,
    ) -> &'a BTreeMap<String, Box<Words>> {
        match origin.and_then(|group| self.shared.get(group)) {
            Some(group) => &group.words,
            None => &procedure.words,
        }
    }

    /// Looks up a screen label by system and id.
    pub fn label(&self, system: &str, id: &str) -> Option<(&LabelSystem, &Label)> {
        let registry = self.labels.get(system)?;
        Some((registry, registry.labels.get(id)?))
    }
}
