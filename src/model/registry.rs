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
    /// Its screens, by id: each with a title per language and, when someone has captured it, a
    /// screenshot. Labels name the screen they are on (`screen: operator-search`).
    #[serde(default)]
    pub screens: UniqueMap<String, Screen>,
    /// Its labels, by id.
    pub labels: UniqueMap<String, Label>,
}

impl LabelSystem {
    /// The labels on screen `screen`, by id.
    pub fn labels_on<'a>(
        &'a self,
        screen: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a Label)> {
        self.labels
            .iter()
            .filter(move |(_, label)| label.screen.as_deref().is_some_and(|s| s == screen))
    }
}

/// A screen of an external system, as a maintainer captured it.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Screen {
    /// Its title, per language (`en: Operator search`): the caption of its picture.
    pub title: Localized,
    /// The screenshot (PNG or JPEG), relative to this label file, or from the `content/` folder
    /// with a leading `/` (`/screens/traces/operator-search.png`). Without one, the screen is a
    /// title only and steps show no picture of it.
    #[serde(default)]
    pub image: Option<Spanned<String>>,
    /// A screenshot per language, for a system whose screens differ by language: it replaces
    /// `image` on the pages and checklists of that language (`de: operator-search-de.png`).
    #[serde(default)]
    pub image_per_language: UniqueMap<String, Spanned<String>>,
    /// Boxes blacked out in the published copy of the screenshot (names, e-mail addresses,
    /// operator numbers), in image pixels. The file under `content/` is left as it is.
    #[serde(default)]
    pub redact: Vec<Spanned<Region>>,
}

impl Screen {
    /// The screenshot shown in `lang`, as written, if the screen has one.
    pub fn image_in(&self, lang: &str) -> Option<&Spanned<String>> {
        self.image_per_language.get(lang).or(self.image.as_ref())
    }

    /// Every screenshot of the screen as written: the common one, then one per language.
    pub fn images(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.image.iter().chain(self.image_per_language.values())
    }
}

/// A box on a screenshot, in image pixels from its top left corner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl Region {
    /// Whether the box lies inside an image of `width` × `height` pixels and is not empty.
    pub fn fits(&self, width: u32, height: u32) -> bool {
        self.width > 0
            && self.height > 0
            && self
                .x
                .checked_add(self.width)
                .is_some_and(|right| right <= width)
            && self
                .y
                .checked_add(self.height)
                .is_some_and(|bottom| bottom <= height)
    }
}

/// A text exactly as it appears on a screen of an external system.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Label {
    /// The text, spelled exactly as on screen.
    pub text: String,
    /// The screen it appears on: the id of one of this file's `screens`.
    #[serde(default)]
    pub screen: Option<Spanned<String>>,
    /// Where it is on the screen's image, in pixels: highlighted on every step that names it.
    #[serde(default)]
    pub region: Option<Spanned<Region>>,
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
    /// What the browser may fill in from what it knows of the reader (the HTML `autocomplete`
    /// token, WCAG 2.1 SC 1.3.5): `given-name`, `family-name`, `organization`, `email`, …, or
    /// `off`. Without it, an `email` field gets `email` and other kinds none.
    #[serde(default)]
    pub autocomplete: Option<Autocomplete>,
}

impl Field {
    /// The `autocomplete` token of the field's input: the declared one, else its kind's. None
    /// for a checkbox, which browsers do not fill in.
    pub fn autocomplete(&self) -> Option<&'static str> {
        if self.kind == FieldKind::Checkbox {
            return None;
        }
        match self.autocomplete {
            Some(token) => Some(token.as_str()),
            None => (self.kind == FieldKind::Email).then_some("email"),
        }
    }
}

/// Declares [`Autocomplete`] with each variant's token written once.
macro_rules! autocomplete_tokens {
    ($($(#[$doc:meta])* $variant:ident = $token:literal,)*) => {
        /// An autofill field name of the HTML standard (`autocomplete="…"`), the ones that
        /// describe a person or a company (no passwords, payment cards or one-time codes).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
        pub enum Autocomplete {
            $($(#[$doc])* #[serde(rename = $token)] $variant,)*
        }

        impl Autocomplete {
            /// The token as written in HTML.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Autocomplete::$variant => $token,)*
                }
            }
        }
    };
}

autocomplete_tokens! {
    /// Nothing to fill in from the browser's memory.
    Off = "off",
    /// Full name.
    Name = "name",
    /// Title before the name (Mr, Dr).
    HonorificPrefix = "honorific-prefix",
    /// First name.
    GivenName = "given-name",
    /// Middle name.
    AdditionalName = "additional-name",
    /// Last name.
    FamilyName = "family-name",
    /// Suffix after the name.
    HonorificSuffix = "honorific-suffix",
    /// Nickname.
    Nickname = "nickname",
    /// Job title.
    OrganizationTitle = "organization-title",
    /// Company or organisation name.
    Organization = "organization",
    /// Street address (several lines).
    StreetAddress = "street-address",
    /// First line of the street address.
    AddressLine1 = "address-line1",
    /// Second line of the street address.
    AddressLine2 = "address-line2",
    /// Third line of the street address.
    AddressLine3 = "address-line3",
    /// Region or province.
    AddressLevel1 = "address-level1",
    /// City or town.
    AddressLevel2 = "address-level2",
    /// District.
    AddressLevel3 = "address-level3",
    /// Finest administrative level.
    AddressLevel4 = "address-level4",
    /// Country code.
    Country = "country",
    /// Country name.
    CountryName = "country-name",
    /// Postal code.
    PostalCode = "postal-code",
    /// Preferred language.
    Language = "language",
    /// Birthday.
    Bday = "bday",
    /// Day of the birthday.
    BdayDay = "bday-day",
    /// Month of the birthday.
    BdayMonth = "bday-month",
    /// Year of the birthday.
    BdayYear = "bday-year",
    /// Web address.
    Url = "url",
    /// Full telephone number.
    Tel = "tel",
    /// Country code of the telephone number.
    TelCountryCode = "tel-country-code",
    /// Telephone number without the country code.
    TelNational = "tel-national",
    /// E-mail address.
    Email = "email",
    /// User name of an account.
    Username = "username",
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

#[cfg(test)]
mod tests {
    use super::*;

    fn field(kind: FieldKind, autocomplete: Option<Autocomplete>) -> Field {
        Field {
            kind,
            label: Localized::default(),
            hint: Localized::default(),
            autocomplete,
        }
    }

    #[test]
    fn the_declared_token_wins_an_email_field_defaults_to_email_a_checkbox_has_none() {
        let given = Some(Autocomplete::GivenName);
        assert_eq!(
            field(FieldKind::Text, given).autocomplete(),
            Some("given-name")
        );
        assert_eq!(field(FieldKind::Email, None).autocomplete(), Some("email"));
        let off = Some(Autocomplete::Off);
        assert_eq!(field(FieldKind::Email, off).autocomplete(), Some("off"));
        assert_eq!(field(FieldKind::Text, None).autocomplete(), None);
        assert_eq!(field(FieldKind::Eori, None).autocomplete(), None);
        assert_eq!(field(FieldKind::Checkbox, given).autocomplete(), None);
        assert_eq!(Autocomplete::AddressLine1.as_str(), "address-line1");
    }
}
