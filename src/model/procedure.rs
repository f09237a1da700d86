//! `content/procedures/<id>/procedure.yaml`: the structure of a procedure, without its words.

use serde::Deserialize;

use super::{UniqueMap, Words};
use crate::source::{FileId, Span, Spanned, SpannedList};
use std::collections::BTreeMap;

/// A procedure: sections of steps, the fields it asks for and the e-mails it sends.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// The folder name; the procedure's URL segment.
    #[serde(skip)]
    pub id: String,
    /// `procedure.yaml` in [`super::Sources`].
    #[serde(skip)]
    pub file: FileId,
    /// The version readers can match a printed copy against (`stepbook release` raises it).
    pub version: Spanned<String>,
    /// What its author decided: `draft` (not finished, left out of `build` unless `--drafts`),
    /// `published` or `withdrawn` (still online, marked as no longer to be followed). Whether it
    /// matches the screens is not written here: it is computed from the screen labels' dates
    /// ([`super::verification`]).
    #[serde(default)]
    pub status: Spanned<Status>,
    /// The category it is filed under on the index, an `id` of `categories` in
    /// `content/site.yaml`.
    #[serde(default)]
    pub category: Option<Spanned<String>>,
    /// Words readers can filter the index by (`TRACES`, `EU Login`), shown as written in every
    /// language: names of systems and regulations rather than sentences.
    #[serde(default)]
    pub tags: SpannedList<String>,
    /// No longer written (an error says so): verification dates go on the screen labels.
    #[serde(default)]
    #[schemars(skip)]
    pub verified: Option<Spanned<String>>,
    /// The ids of the fields this procedure asks for, in the order of its form.
    #[serde(default)]
    pub fields: SpannedList<String>,
    /// The sections, in order.
    pub sections: Spanned<Vec<Section>>,
    /// E-mail templates, by id; steps refer to them with `email: <id>`.
    #[serde(default)]
    pub emails: UniqueMap<String, Box<EmailTemplate>>,
    /// What changed in each version, newest first: shown on the changelog page, and the steps
    /// it names get a "changed in version X" marker.
    #[serde(default)]
    pub changelog: Vec<ChangelogEntry>,
    /// The words, per language code (`nl.md` → `nl`).
    #[serde(skip)]
    pub words: BTreeMap<String, Box<Words>>,
}

/// One version in a procedure's changelog.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangelogEntry {
    /// The version this entry describes.
    pub version: String,
    /// When it was published (YYYY-MM-DD).
    pub date: Spanned<String>,
    /// What changed, for readers, per language.
    #[serde(default)]
    pub notes: super::Localized,
    /// The ids of the steps that changed (`stepbook diff` lists them).
    #[serde(default)]
    pub steps: SpannedList<String>,
}

/// What the author decided about a procedure.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not finished: left out of `build` unless `--drafts`.
    Draft,
    /// Published.
    #[default]
    Published,
    /// Still online, but no longer to be followed.
    Withdrawn,
    /// Written by earlier versions, now an error: whether a procedure matches the screens is
    /// computed from its screen labels' dates. (Read so the error can say what to write, and so
    /// older manifests still read.)
    #[schemars(skip)]
    Verified,
    /// Written by earlier versions, now an error (see `Verified`).
    #[schemars(skip)]
    Outdated,
}

impl Status {
    /// The word content writes (`draft`).
    pub fn word(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Published => "published",
            Status::Withdrawn => "withdrawn",
            Status::Verified => "verified",
            Status::Outdated => "outdated",
        }
    }
}

/// A numbered part of a procedure (`1.`, `2.`, …).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id: anchor, translation key.
    pub id: Spanned<String>,
    /// The steps, in order.
    #[serde(deserialize_with = "spanned_steps")]
    pub steps: Vec<Step>,
}

/// One thing to do. It may have sub-steps or a choice between alternatives, an e-mail to send
/// and an expected result.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Stable id: anchor, PDF checkbox name, translation key. Empty for an `include`.
    #[serde(default)]
    pub id: Spanned<String>,
    /// Shared steps to use here instead of writing a step: `<group>` (all the steps of
    /// `content/shared/<group>/`) or `<group>/<step-id>` (one step with everything under it).
    /// Replaced by the shared steps when the content is loaded.
    #[serde(default)]
    pub include: Option<Spanned<String>>,
    /// Steps of this procedure to add inside included shared steps.
    #[serde(default)]
    pub insert: Vec<Insertion>,
    /// The shared group the step comes from (its words are there), if it was included.
    #[serde(skip)]
    pub origin: Option<String>,
    /// Smaller steps that together make this one.
    #[serde(default, deserialize_with = "spanned_steps")]
    pub substeps: Vec<Step>,
    /// Alternatives, of which the reader follows exactly one.
    #[serde(default)]
    pub choice: Vec<ChoiceOption>,
    /// The id of an e-mail template to show with this step.
    #[serde(default)]
    pub email: Option<Spanned<String>>,
    /// The id of the words that describe what the reader should see after this step.
    #[serde(default)]
    pub result: Option<Spanned<String>>,
    /// Where the step is written (its mapping, in the file of its `origin` or its procedure).
    #[serde(skip)]
    pub span: Span,
}

/// A list of steps, each told where it is written ([`Step::span`]).
fn spanned_steps<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<Step>, D::Error> {
    let steps = Vec::<Spanned<Step>>::deserialize(deserializer)?;
    Ok(steps
        .into_iter()
        .map(|step| Step {
            span: step.span,
            ..step.value
        })
        .collect())
}

/// Procedure steps added inside included shared steps, right after the step `after`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Insertion {
    /// The id of a step of the included steps.
    pub after: Spanned<String>,
    /// The steps to add after it, written in this procedure.
    #[serde(deserialize_with = "spanned_steps")]
    pub steps: Vec<Step>,
}

/// One alternative of a choice ("your company already exists in TRACES").
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// Stable id: anchor, PDF checkbox name, translation key.
    pub id: Spanned<String>,
    /// The shared group the option comes from, if it was included.
    #[serde(skip)]
    pub origin: Option<String>,
    /// The steps of this alternative.
    #[serde(deserialize_with = "spanned_steps")]
    pub steps: Vec<Step>,
}

/// An e-mail the reader sends; placeholders such as `{first-name}` name fields.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailTemplate {
    /// The field holding the sender's address.
    #[serde(default)]
    pub from: Option<Spanned<String>>,
    /// Recipients.
    pub to: SpannedList<String>,
    /// Copies.
    #[serde(default)]
    pub cc: SpannedList<String>,
    /// An authority to copy as well, by its id in `content/countries.yaml` (`flegt`): the
    /// one of the company's country, the site's `country` until the reader chooses another.
    #[serde(default)]
    pub cc_authority: Option<Spanned<String>>,
    /// The field holding the company's country, if the reader may choose it.
    #[serde(default)]
    pub country_field: Option<Spanned<String>>,
    /// The subject line, sent as written (it may contain placeholders): one text for every
    /// page, or one per language.
    pub subject: Spanned<EmailText>,
    /// The body, sent as written (it may contain placeholders): one text for every page, or one
    /// per language.
    pub body: Spanned<EmailText>,
}

/// The subject or body of an e-mail: one text sent from every language's page (to a support
/// team that reads one language), or a text per language code, the source language's used
/// where a language has none.
#[derive(Debug, Clone, PartialEq, Eq, schemars::JsonSchema)]
#[serde(untagged)]
pub enum EmailText {
    /// The same text from every page.
    One(String),
    /// A text per language code (`nl: …`, `fr: …`).
    PerLanguage(UniqueMap<String, String>),
}

impl EmailText {
    /// The text sent from a page in `lang`: its own, else the source language's, else none.
    pub fn get(&self, lang: &str, source: &str) -> &str {
        match self {
            EmailText::One(text) => text,
            EmailText::PerLanguage(texts) => texts
                .get(lang)
                .or_else(|| texts.get(source))
                .map_or("", String::as_str),
        }
    }

    /// Every text given, with its language code if it has one.
    pub fn texts(&self) -> Vec<(Option<&str>, &str)> {
        match self {
            EmailText::One(text) => vec![(None, text.as_str())],
            EmailText::PerLanguage(texts) => texts
                .iter()
                .map(|(lang, text)| (Some(lang.as_str()), text.as_str()))
                .collect(),
        }
    }
}

/// By hand for a message that says what is expected (an untagged enum says only "did not match
/// any variant").
impl<'de> Deserialize<'de> for EmailText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = EmailText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text, or one text per language code (`nl: …`, `fr: …`)")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<EmailText, E> {
                Ok(EmailText::One(text.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<EmailText, E> {
                Ok(EmailText::One(text))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<EmailText, A::Error> {
                let texts: UniqueMap<String, String> =
                    Deserialize::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(EmailText::PerLanguage(texts))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A piece of an e-mail subject or body: literal text or a `{field}` placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Text sent as written.
    Text(&'a str),
    /// The id between the braces of a placeholder.
    Placeholder(&'a str),
}

/// Splits a subject or body into text and placeholders. The one parser of the placeholder
/// syntax, shared by validation and the view so they cannot disagree: a placeholder runs from a
/// `{` to the next `}` and holds no `{`; any other brace is text.
pub fn segments(template: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    let mut text_start = 0;
    let mut search = 0;
    while let Some(open) = template[search..].find('{').map(|i| search + i) {
        let inner = &template[open + 1..];
        let Some(close) = inner
            .find(['{', '}'])
            .filter(|&i| inner[i..].starts_with('}'))
        else {
            search = open + 1;
            continue;
        };
        if open > text_start {
            segments.push(Segment::Text(&template[text_start..open]));
        }
        segments.push(Segment::Placeholder(inner[..close].trim()));
        text_start = open + 1 + close + 1;
        search = text_start;
    }
    if text_start < template.len() {
        segments.push(Segment::Text(&template[text_start..]));
    }
    segments
}

/// Something in the structure that has an id and words of its own.
#[derive(Debug, Clone, Copy)]
pub enum StepItem<'a> {
    /// A section.
    Section(&'a Section),
    /// A step or sub-step.
    Step(&'a Step),
    /// An option of a choice.
    Option(&'a ChoiceOption),
    /// The expected result of the step.
    Result(&'a Step),
}

impl<'a> StepItem<'a> {
    /// The item's id.
    pub fn id(&self) -> &'a str {
        match self {
            StepItem::Section(section) => &section.id,
            StepItem::Step(step) => &step.id,
            StepItem::Option(option) => &option.id,
            StepItem::Result(step) => step.result.as_ref().map_or("", |result| result.as_str()),
        }
    }

    /// Where the item's id is written.
    pub fn span(&self) -> Span {
        match self {
            StepItem::Section(section) => section.id.span,
            StepItem::Step(step) => step.id.span,
            StepItem::Option(option) => option.id.span,
            StepItem::Result(step) => step.result.as_ref().map(|r| r.span).unwrap_or_default(),
        }
    }

    /// The shared group the item's words come from, if it was included.
    pub fn origin(&self) -> Option<&'a str> {
        match self {
            StepItem::Section(_) => None,
            StepItem::Step(step) | StepItem::Result(step) => step.origin.as_deref(),
            StepItem::Option(option) => option.origin.as_deref(),
        }
    }
}

impl Procedure {
    /// Every item with an id, in reading order.
    pub fn items(&self) -> Vec<StepItem<'_>> {
        let mut items = Vec::new();
        for section in &self.sections {
            items.push(StepItem::Section(section));
            collect_steps(&section.steps, &mut items);
        }
        items
    }
}

/// Every item with an id under `steps`, in reading order.
pub fn step_items(steps: &[Step]) -> Vec<StepItem<'_>> {
    let mut items = Vec::new();
    collect_steps(steps, &mut items);
    items
}

fn collect_steps<'a>(steps: &'a [Step], items: &mut Vec<StepItem<'a>>) {
    for step in steps {
        items.push(StepItem::Step(step));
        collect_steps(&step.substeps, items);
        for option in &step.choice {
            items.push(StepItem::Option(option));
            collect_steps(&option.steps, items);
        }
        if step.result.is_some() {
            items.push(StepItem::Result(step));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Segment, segments};

    #[test]
    fn splits_placeholders_from_text() {
        assert_eq!(
            segments("Dear {first-name},\n{ last-name }"),
            [
                Segment::Text("Dear "),
                Segment::Placeholder("first-name"),
                Segment::Text(",\n"),
                Segment::Placeholder("last-name"),
            ]
        );
        assert_eq!(
            segments("a {b {c} d}"),
            [
                Segment::Text("a {b "),
                Segment::Placeholder("c"),
                Segment::Text(" d}")
            ]
        );
        assert_eq!(segments("no { close"), [Segment::Text("no { close")]);
    }
}
