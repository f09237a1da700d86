//! The `procedure` value of the HTML templates: the view as the templates read it, without the
//! prose's `blocks` (styled runs for the PDF layout, which no template reads). Converting the
//! whole view to Tera values, blocks and runs included, and dropping them again was a fifth of
//! a page's instructions.
//!
//! Each struct here mirrors one of the view's and borrows from it, field for field in the same
//! order; the test below holds the two to the same shape, so a field added to the view and not
//! here fails it.

use std::borrow::Cow;

use serde::Serialize;

use crate::model::{Status, Verification};
use crate::view::{
    ChangedStep, EmailView, FieldView, OptionView, ProcedureView, Prose, ResultView, ScreenView,
    SectionView, StepView,
};

/// Prose as the templates read it: its HTML (with [`url_links`] marked) and its plain text.
#[derive(Serialize)]
struct ProseValue<'a> {
    html: Cow<'a, str>,
    text: &'a str,
}

impl<'a> From<&'a Prose> for ProseValue<'a> {
    fn from(prose: &'a Prose) -> Self {
        ProseValue {
            html: url_links(&prose.html),
            text: &prose.text,
        }
    }
}

/// `html` with class "url" on every element whose text starts with "http": links whose text is
/// itself an address (`<https://…>` in Markdown), which the print stylesheet then does not print
/// twice. The text of an element never holds a raw `">` (prose HTML escapes `>` in text), so
/// only the end of a start tag followed by "http" matches.
///
/// The theme's `prose` component did this for every title and body of a page; a component call
/// builds an argument map, a context and an interpreter state, and the replacement copied the
/// string even when nothing matched; doing it here (copying only when something matches)
/// removed 31 of a page's 89 component calls. The view's own `html` stays as it was: the
/// build manifest hashes it.
pub fn url_links(html: &str) -> Cow<'_, str> {
    const FROM: &str = "\">http";
    if html.contains(FROM) {
        Cow::Owned(html.replace(FROM, "\" class=\"url\">http"))
    } else {
        Cow::Borrowed(html)
    }
}

/// [`ProcedureView`] for the templates.
#[derive(Serialize)]
pub struct ProcedureValue<'a> {
    id: &'a str,
    lang: &'a str,
    fallback_lang: &'a Option<String>,
    title: &'a str,
    summary: &'a str,
    intro: ProseValue<'a>,
    version: &'a str,
    status: Status,
    verification: &'a Verification,
    date: &'a Option<String>,
    updated: &'a Option<String>,
    edit_url: &'a Option<String>,
    changelog: Vec<ChangelogValue<'a>>,
    pdf: &'a str,
    fields: &'a [FieldView],
    sections: Vec<SectionValue<'a>>,
    step_count: usize,
    category: &'a Option<String>,
    tags: &'a [String],
}

#[derive(Serialize)]
struct ChangelogValue<'a> {
    version: &'a str,
    date: &'a str,
    notes: ProseValue<'a>,
    steps: &'a [ChangedStep],
}

#[derive(Serialize)]
struct SectionValue<'a> {
    id: &'a str,
    number: &'a str,
    title: ProseValue<'a>,
    body: ProseValue<'a>,
    fallback_lang: &'a Option<String>,
    steps: Vec<StepValue<'a>>,
}

#[derive(Serialize)]
struct StepValue<'a> {
    id: &'a str,
    number: &'a str,
    path: &'a str,
    depth: usize,
    title: ProseValue<'a>,
    body: ProseValue<'a>,
    fallback_lang: &'a Option<String>,
    substeps: Vec<StepValue<'a>>,
    options: Vec<OptionValue<'a>>,
    email: &'a Option<EmailView>,
    changed_in: &'a Option<String>,
    result: Option<ResultValue<'a>>,
    screens: &'a [ScreenView],
}

#[derive(Serialize)]
struct ResultValue<'a> {
    id: &'a str,
    title: ProseValue<'a>,
    body: ProseValue<'a>,
    fallback_lang: &'a Option<String>,
}

#[derive(Serialize)]
struct OptionValue<'a> {
    id: &'a str,
    number: &'a str,
    path: &'a str,
    title: ProseValue<'a>,
    body: ProseValue<'a>,
    fallback_lang: &'a Option<String>,
    steps: Vec<StepValue<'a>>,
}

impl<'a> From<&'a ProcedureView> for ProcedureValue<'a> {
    fn from(view: &'a ProcedureView) -> Self {
        ProcedureValue {
            id: &view.id,
            lang: &view.lang,
            fallback_lang: &view.fallback_lang,
            title: &view.title,
            summary: &view.summary,
            intro: (&view.intro).into(),
            version: &view.version,
            status: view.status,
            verification: &view.verification,
            date: &view.date,
            updated: &view.updated,
            edit_url: &view.edit_url,
            changelog: view
                .changelog
                .iter()
                .map(|entry| ChangelogValue {
                    version: &entry.version,
                    date: &entry.date,
                    notes: (&entry.notes).into(),
                    steps: &entry.steps,
                })
                .collect(),
            pdf: &view.pdf,
            fields: &view.fields,
            sections: view.sections.iter().map(section).collect(),
            step_count: view.step_count,
            category: &view.category,
            tags: &view.tags,
        }
    }
}

fn section(section: &SectionView) -> SectionValue<'_> {
    SectionValue {
        id: &section.id,
        number: &section.number,
        title: (&section.title).into(),
        body: (&section.body).into(),
        fallback_lang: &section.fallback_lang,
        steps: section.steps.iter().map(step).collect(),
    }
}

fn step(step: &StepView) -> StepValue<'_> {
    StepValue {
        id: &step.id,
        number: &step.number,
        path: &step.path,
        depth: step.depth,
        title: (&step.title).into(),
        body: (&step.body).into(),
        fallback_lang: &step.fallback_lang,
        substeps: step.substeps.iter().map(self::step).collect(),
        options: step.options.iter().map(option).collect(),
        email: &step.email,
        changed_in: &step.changed_in,
        result: step.result.as_ref().map(result),
        screens: &step.screens,
    }
}

fn result(result: &ResultView) -> ResultValue<'_> {
    ResultValue {
        id: &result.id,
        title: (&result.title).into(),
        body: (&result.body).into(),
        fallback_lang: &result.fallback_lang,
    }
}

fn option(option: &OptionView) -> OptionValue<'_> {
    OptionValue {
        id: &option.id,
        number: &option.number,
        path: &option.path,
        title: (&option.title).into(),
        body: (&option.body).into(),
        fallback_lang: &option.fallback_lang,
        steps: option.steps.iter().map(step).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::url_links;

    #[test]
    fn links_whose_text_is_an_address_get_class_url() {
        assert_eq!(
            url_links(
                r#"See <a href="https://x.be/a">https://x.be/a</a> or <a href="https://y.be">here</a>."#
            ),
            r#"See <a href="https://x.be/a" class="url">https://x.be/a</a> or <a href="https://y.be">here</a>."#
        );
        let plain = "no link, 2 &gt; 1";
        assert!(matches!(url_links(plain), std::borrow::Cow::Borrowed(s) if s == plain));
    }
}
