//! View-models: what every renderer shows, computed once per procedure and language.
//!
//! Numbering, the branch structure of choices, which fields a procedure asks for, e-mail
//! templates with their `mailto:` link, and the words in the right language (falling back to the
//! source language) are all decided here. Renderers (HTML now, PDF later) only present these
//! structs; they never look at the [`Library`] themselves.

mod email;
mod items;
pub mod navigation;
mod numbering;
pub mod prose;
pub mod screens;

use std::collections::BTreeMap;

use serde::Serialize;

pub use email::{EmailView, TemplatePart};
pub use items::Item;
pub use prose::Prose;
pub use screens::{MarkView, RegionView, ScreenView};

use crate::model::{
    Block, ChoiceOption, FieldKind, Library, Procedure, Section, Status, Step, Verification, Words,
};
use prose::{Resolver, localized};

/// One procedure in one language.
#[derive(Debug, Clone, Serialize)]
pub struct ProcedureView {
    /// The procedure id (its folder and URL segment).
    pub id: String,
    /// The page's language.
    pub lang: String,
    /// The language the words actually come from, if the page's language has no file.
    pub fallback_lang: Option<String>,
    /// Title in plain text.
    pub title: String,
    /// Summary in plain text (may be empty).
    pub summary: String,
    /// Introduction before the first section.
    pub intro: Prose,
    /// Version, as written.
    pub version: String,
    /// What the author decided: draft, published or withdrawn.
    pub status: Status,
    /// Whether it matches the screens, computed from its screen labels' dates.
    pub verification: Verification,
    /// The date of this version (its changelog entry's), if it has one. Printed with the
    /// version on every page of the checklist.
    pub date: Option<String>,
    /// "Last updated": the newest date of the procedure's changelog (none without one).
    pub updated: Option<String>,
    /// The page's "edit this page" link: the site's `edit_url` and this language's file.
    pub edit_url: Option<String>,
    /// What changed in each version, newest first.
    pub changelog: Vec<ChangelogView>,
    /// File name of the printable checklist, next to the procedure's page (`flegt-access-nl.pdf`).
    pub pdf: String,
    /// The fill-in fields, in the procedure's order.
    pub fields: Vec<FieldView>,
    /// The sections, numbered.
    pub sections: Vec<SectionView>,
    /// How many checkable steps the procedure has (every step, sub-step and option step).
    pub step_count: usize,
    /// The id of its category (`content/site.yaml`), if it has one.
    pub category: Option<String>,
    /// Its tags, as written.
    pub tags: Vec<String>,
}

/// A fill-in field as shown in one language.
#[derive(Debug, Clone, Serialize)]
pub struct FieldView {
    /// Field id: input name and PDF field name.
    pub id: String,
    /// The field's kind.
    pub kind: FieldKind,
    /// The label in the page's language.
    pub label: String,
    /// Help text (may be empty).
    pub hint: String,
    /// The HTML input type for the kind.
    pub input_type: &'static str,
    /// Maximum length, if the kind has one.
    pub max_len: Option<usize>,
    /// The input's `autocomplete` token, if it has one.
    pub autocomplete: Option<&'static str>,
}

/// A numbered section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// Anchor.
    pub id: String,
    /// `1`, `2`, …
    pub number: String,
    /// The title.
    pub title: Prose,
    /// Text under the title.
    pub body: Prose,
    /// The language of the words if they fell back to the source language.
    pub fallback_lang: Option<String>,
    /// The steps.
    pub steps: Vec<StepView>,
}

/// A numbered step, sub-step or step of an option.
#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    /// Anchor, checkbox name.
    pub id: String,
    /// The number at this level (`d`, `3`, `ii`).
    pub number: String,
    /// The full number (`2.d.b.3`).
    pub path: String,
    /// How deep the step is nested (1 for a section's steps).
    pub depth: usize,
    /// What to do.
    pub title: Prose,
    /// Explanations, notes and tips.
    pub body: Prose,
    /// The language of the words if they fell back to the source language.
    pub fallback_lang: Option<String>,
    /// Smaller steps.
    pub substeps: Vec<StepView>,
    /// Alternatives; empty if the step is not a choice.
    pub options: Vec<OptionView>,
    /// An e-mail to send at this step.
    pub email: Option<EmailView>,
    /// The newest version whose changelog names this step.
    pub changed_in: Option<String>,
    /// What the reader should see afterwards.
    pub result: Option<ResultView>,
    /// The screens the step's words name labels on, with those labels highlighted.
    pub screens: Vec<ScreenView>,
}

/// One version of a procedure's changelog.
#[derive(Debug, Clone, Serialize)]
pub struct ChangelogView {
    /// The version.
    pub version: String,
    /// When it was published.
    pub date: String,
    /// What changed, in the page's language (else the source language).
    pub notes: Prose,
    /// The steps that changed: id, number and title.
    pub steps: Vec<ChangedStep>,
}

/// A step named by a changelog entry.
#[derive(Debug, Clone, Serialize)]
pub struct ChangedStep {
    /// Anchor on the procedure page.
    pub id: String,
    /// Its number (`2.d.b.5`).
    pub path: String,
    /// Its title in plain text.
    pub title: String,
}

/// The expected result of a step.
#[derive(Debug, Clone, Serialize)]
pub struct ResultView {
    /// Its id (the key of its words).
    pub id: String,
    /// What the reader should see, in one line.
    pub title: Prose,
    /// More about it (may be empty).
    pub body: Prose,
    /// The language of the words if they fell back to the source language.
    pub fallback_lang: Option<String>,
}

/// One alternative of a choice.
#[derive(Debug, Clone, Serialize)]
pub struct OptionView {
    /// Anchor, checkbox name.
    pub id: String,
    /// `a`, `b`, …
    pub number: String,
    /// The full number (`2.d.b`).
    pub path: String,
    /// When this alternative applies.
    pub title: Prose,
    /// Explanations.
    pub body: Prose,
    /// The language of the words if they fell back to the source language.
    pub fallback_lang: Option<String>,
    /// The steps of the alternative.
    pub steps: Vec<StepView>,
}

/// Builds the view of `procedure` in `lang`.
pub fn procedure(library: &Library, procedure: &Procedure, lang: &str) -> ProcedureView {
    let source = library.source_language();
    let numbers = numbering::paths(procedure);
    let resolver = Resolver {
        library,
        lang,
        numbers: &numbers,
    };
    let words = Wording::new(library, procedure, lang);
    let builder = Builder {
        library,
        procedure,
        resolver: &resolver,
        words: &words,
        pictures: screens::any(library),
    };
    let sections: Vec<SectionView> = procedure
        .sections
        .iter()
        .enumerate()
        .map(|(index, section)| builder.section(section, index))
        .collect();
    let primary = words.primary;
    let (title, summary) = title_and_summary(procedure, primary);
    let mut view = ProcedureView {
        id: procedure.id.clone(),
        lang: lang.to_string(),
        fallback_lang: (primary.map(|w| w.lang.as_str()) != Some(lang)).then(|| source.to_string()),
        title,
        summary,
        intro: primary.map_or_else(Prose::default, |w| {
            resolver.blocks_in(w.file, &library.sources.text(w.file)[w.intro.clone()])
        }),
        version: procedure.version.value.clone(),
        status: *procedure.status,
        verification: crate::model::verification::of(library, procedure),
        category: procedure.category.as_ref().map(|c| c.value.clone()),
        tags: procedure.tags.to_vec(),
        date: procedure
            .changelog
            .iter()
            .find(|entry| entry.version == procedure.version.value)
            .map(|entry| entry.date.value.clone()),
        updated: procedure
            .changelog
            .iter()
            .map(|entry| entry.date.value.clone())
            .max(),
        edit_url: library.site.edit_url.as_ref().map(|url| {
            format!(
                "{}/{}",
                url.as_str().trim_end_matches('/'),
                crate::output::paths::words_file(&procedure.id, lang)
            )
        }),
        changelog: Vec::new(),
        pdf: crate::output::paths::checklist_file(lang, &procedure.id),
        fields: procedure
            .fields
            .iter()
            .filter_map(|id| Some((id, library.fields.get(id)?)))
            .map(|(id, field)| FieldView {
                id: id.clone(),
                kind: field.kind,
                label: localized(&field.label, lang, source).to_string(),
                hint: localized(&field.hint, lang, source).to_string(),
                input_type: match field.kind {
                    FieldKind::Text | FieldKind::Eori => "text",
                    FieldKind::Email => "email",
                    FieldKind::Date => "date",
                    FieldKind::Checkbox => "checkbox",
                },
                max_len: field.kind.max_len(),
                autocomplete: field.autocomplete(),
            })
            .collect(),
        step_count: 0,
        sections,
    };
    view.step_count = view
        .items()
        .iter()
        .filter(|item| matches!(item, Item::Step { .. }))
        .count();
    view.changelog = changelog(procedure, &view, &resolver, lang, source);
    view
}

/// The changelog in the page's language, each entry with the numbers and titles of its steps.
fn changelog(
    procedure: &Procedure,
    view: &ProcedureView,
    resolver: &Resolver,
    lang: &str,
    source: &str,
) -> Vec<ChangelogView> {
    // Steps and options, by id: their numbers and titles.
    let titles: BTreeMap<&str, (&str, &str)> = view
        .items()
        .into_iter()
        .filter_map(|item| match item {
            Item::Step { step, .. } => Some((
                step.id.as_str(),
                (step.path.as_str(), step.title.text.as_str()),
            )),
            Item::Option { option, .. } => Some((
                option.id.as_str(),
                (option.path.as_str(), option.title.text.as_str()),
            )),
            _ => None,
        })
        .collect();
    procedure
        .changelog
        .iter()
        .map(|entry| ChangelogView {
            version: entry.version.clone(),
            date: entry.date.value.clone(),
            notes: resolver.blocks(localized(&entry.notes, lang, source)),
            steps: entry
                .steps
                .iter()
                .filter_map(|id| {
                    let (path, title) = titles.get(id.as_str())?;
                    Some(ChangedStep {
                        id: id.clone(),
                        path: path.to_string(),
                        title: title.to_string(),
                    })
                })
                .collect(),
        })
        .collect()
}

/// The words of a procedure for one page: the page's language, else the source language.
struct Wording<'a> {
    library: &'a Library,
    procedure: &'a Procedure,
    lang: &'a str,
    primary: Option<&'a Words>,
}

impl<'a> Wording<'a> {
    fn new(library: &'a Library, procedure: &'a Procedure, lang: &'a str) -> Self {
        let source = procedure.words.get(library.source_language());
        Wording {
            library,
            procedure,
            lang,
            primary: procedure.words.get(lang).or(source).map(|w| &**w),
        }
    }

    /// The block of `id` and the words it comes from: the procedure's own words, or those of
    /// the shared group it was included from (`origin`); in the page's language, else the
    /// source language.
    fn block(&self, id: &str, origin: Option<&str>) -> Option<(&'a Words, &'a Block)> {
        let all = self.library.words_of(self.procedure, origin);
        [self.lang, self.library.source_language()]
            .into_iter()
            .filter_map(|lang| all.get(lang))
            .find_map(|words| Some((&**words, words.blocks.get(id)?)))
    }
}

struct Builder<'a> {
    library: &'a Library,
    procedure: &'a Procedure,
    resolver: &'a Resolver<'a>,
    words: &'a Wording<'a>,
    /// Whether any screen has an image: without one, no step shows a screen.
    pictures: bool,
}

impl Builder<'_> {
    /// The screens an item's words show (see [`screens`]).
    fn screens(&self, id: &str, origin: Option<&str>) -> Vec<ScreenView> {
        match self.words.block(id, origin).filter(|_| self.pictures) {
            Some((words, block)) => screens::of(
                self.library,
                words,
                &[block.title.clone(), block.body.clone()],
                self.words.lang,
            ),
            None => Vec::new(),
        }
    }

    /// Title, body and fallback language of an item.
    fn words(&self, id: &str, origin: Option<&str>) -> (Prose, Prose, Option<String>) {
        let Some((words, block)) = self.words.block(id, origin) else {
            return (Prose::plain(id), Prose::default(), None);
        };
        let text = self.library.sources.text(words.file);
        let shown = self.words.primary.map(|w| w.lang.as_str());
        let fallback = (Some(words.lang.as_str()) != shown).then(|| words.lang.clone());
        (
            self.resolver
                .inline_in(words.file, &text[block.title.clone()]),
            self.resolver
                .blocks_in(words.file, &text[block.body.clone()]),
            fallback,
        )
    }

    fn section(&self, section: &Section, index: usize) -> SectionView {
        let (title, body, fallback_lang) = self.words(&section.id, None);
        let number = (index + 1).to_string();
        SectionView {
            id: section.id.value.clone(),
            steps: self.steps(&section.steps, &number, 1),
            number,
            title,
            body,
            fallback_lang,
        }
    }

    fn steps(&self, steps: &[Step], parent: &str, depth: usize) -> Vec<StepView> {
        steps
            .iter()
            .enumerate()
            .map(|(index, step)| self.step(step, parent, depth, index))
            .collect()
    }

    fn step(&self, step: &Step, parent: &str, depth: usize, index: usize) -> StepView {
        let origin = step.origin.as_deref();
        let (title, body, fallback_lang) = self.words(&step.id, origin);
        let number = numbering::step_number(depth, index);
        let path = format!("{parent}.{number}");
        StepView {
            id: step.id.value.clone(),
            substeps: self.steps(&step.substeps, &path, depth + 1),
            options: step
                .choice
                .iter()
                .enumerate()
                .map(|(index, option)| self.option(option, &path, depth, index))
                .collect(),
            changed_in: self
                .procedure
                .changelog
                .iter()
                .find(|entry| entry.steps.contains(&step.id))
                .map(|entry| entry.version.clone()),
            email: step.email.as_ref().and_then(|id| {
                let template = self.procedure.emails.get(id.as_str())?;
                Some(email::view(
                    self.library,
                    self.resolver,
                    self.words.primary,
                    id,
                    template,
                ))
            }),
            result: step.result.as_ref().map(|id| {
                let (title, body, fallback_lang) = self.words(id, origin);
                ResultView {
                    id: id.value.clone(),
                    title,
                    body,
                    fallback_lang,
                }
            }),
            screens: self.screens(&step.id, origin),
            number,
            path,
            depth,
            title,
            body,
            fallback_lang,
        }
    }

    fn option(
        &self,
        option: &ChoiceOption,
        parent: &str,
        depth: usize,
        index: usize,
    ) -> OptionView {
        let (title, body, fallback_lang) = self.words(&option.id, option.origin.as_deref());
        let number = numbering::option_number(index);
        let path = format!("{parent}.{number}");
        OptionView {
            id: option.id.value.clone(),
            steps: self.steps(&option.steps, &path, depth + 1),
            number,
            path,
            title,
            body,
            fallback_lang,
        }
    }
}

/// The site-wide list of procedures, for index pages.
#[derive(Debug, Clone, Serialize)]
pub struct ProcedureSummary {
    /// Procedure id.
    pub id: String,
    /// Title in the page's language.
    pub title: String,
    /// Summary in the page's language.
    pub summary: String,
    /// Version.
    pub version: String,
    /// What the author decided: draft, published or withdrawn.
    pub status: Status,
    /// Whether it matches the screens (as on its page).
    pub verification: Verification,
    /// Number of checkable steps.
    pub step_count: usize,
    /// The id of its category, if it has one.
    pub category: Option<String>,
    /// Its tags, as written.
    pub tags: Vec<String>,
}

impl From<&ProcedureView> for ProcedureSummary {
    fn from(view: &ProcedureView) -> Self {
        ProcedureSummary {
            id: view.id.clone(),
            title: view.title.clone(),
            summary: view.summary.clone(),
            version: view.version.clone(),
            status: view.status,
            verification: view.verification.clone(),
            step_count: view.step_count,
            category: view.category.clone(),
            tags: view.tags.clone(),
        }
    }
}

/// A procedure's title and summary from the words shown (the id if it has no words at all).
fn title_and_summary(procedure: &Procedure, primary: Option<&Words>) -> (String, String) {
    (
        primary.map_or_else(|| procedure.id.clone(), |w| w.front.title.clone()),
        primary
            .and_then(|w| w.front.summary.clone())
            .unwrap_or_default(),
    )
}

/// The summary of `procedure` in `lang` straight from the model, without building its view:
/// the index and the navigation of every page need the summaries of all procedures before
/// any page is rendered. Equal to `ProcedureSummary::from(&procedure(library, p, lang))`.
pub fn summary(library: &Library, procedure: &Procedure, lang: &str) -> ProcedureSummary {
    let primary = Wording::new(library, procedure, lang).primary;
    let (title, summary) = title_and_summary(procedure, primary);
    ProcedureSummary {
        id: procedure.id.clone(),
        title,
        summary,
        version: procedure.version.value.clone(),
        status: *procedure.status,
        verification: crate::model::verification::of(library, procedure),
        step_count: procedure
            .items()
            .iter()
            .filter(|item| matches!(item, crate::model::StepItem::Step(_)))
            .count(),
        category: procedure.category.as_ref().map(|c| c.value.clone()),
        tags: procedure.tags.to_vec(),
    }
}

/// All views of a site: every procedure in every language, in a fixed order.
pub fn all(library: &Library) -> BTreeMap<String, Vec<ProcedureView>> {
    library
        .site
        .languages
        .iter()
        .map(|lang| {
            let views = library
                .procedures
                .iter()
                .map(|p| procedure(library, p, lang))
                .collect();
            (lang.clone(), views)
        })
        .collect()
}
