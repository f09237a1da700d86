//! Turns the Markdown of a language file into HTML, with `[[…]]` references resolved.
//!
//! The HTML itself is written by pulldown-cmark; this module only swaps reference links for
//! screen-label, field and step elements, and turns raw HTML into visible text (content is edited
//! by many people and published on an intranet, so it may not inject markup or scripts).

use std::collections::BTreeMap;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd, html};
use serde::Serialize;

use crate::markdown;
use crate::model::{Library, Target};

/// A piece of text in the two forms renderers need.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Prose {
    /// HTML, safe to insert unescaped.
    pub html: String,
    /// Plain text (labels as on screen, links as their text), for search, e-mail and print.
    pub text: String,
}

impl Prose {
    /// Whether there is no text at all.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.html.trim().is_empty()
    }
}

/// What references resolve to on one page: screen labels and fields from the library, and step
/// numbers from the page being built.
pub struct Resolver<'a> {
    /// The library (labels and fields).
    pub library: &'a Library,
    /// The language of the page.
    pub lang: &'a str,
    /// Step and section numbers by id (`eu-login-account` → `1`).
    pub numbers: &'a BTreeMap<String, String>,
}

impl Resolver<'_> {
    /// Renders block Markdown (paragraphs, lists, notes).
    pub fn blocks(&self, markdown: &str) -> Prose {
        self.render(markdown, false)
    }

    /// Renders one line of inline Markdown (a title), without a wrapping paragraph.
    pub fn inline(&self, markdown: &str) -> Prose {
        self.render(markdown, true)
    }

    fn render(&self, source: &str, inline: bool) -> Prose {
        let mut events: Vec<Event> = Vec::new();
        let mut text = String::new();
        let mut parser = markdown::parser(source);
        while let Some(event) = parser.next() {
            match event {
                Event::Start(Tag::Link {
                    link_type: LinkType::WikiLink { .. },
                    dest_url,
                    ..
                }) => {
                    // Skip the link's own text up to its end; the reference decides what shows.
                    for inner in parser.by_ref() {
                        if matches!(inner, Event::End(TagEnd::Link)) {
                            break;
                        }
                    }
                    let (html, plain) = self.reference(&dest_url);
                    text.push_str(&plain);
                    events.push(Event::InlineHtml(html.into()));
                }
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if inline => {}
                Event::Start(Tag::MetadataBlock(_)) | Event::End(TagEnd::MetadataBlock(_)) => {}
                Event::Html(raw) | Event::InlineHtml(raw) => {
                    text.push_str(&raw);
                    events.push(Event::Text(raw));
                }
                Event::Text(ref t) | Event::Code(ref t) => {
                    text.push_str(t);
                    events.push(event);
                }
                Event::SoftBreak | Event::HardBreak => {
                    text.push(' ');
                    events.push(event);
                }
                Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => {
                    text.push('\n');
                    events.push(event);
                }
                other => events.push(other),
            }
        }
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        Prose {
            html: out.trim_end().to_string(),
            text: text.trim().to_string(),
        }
    }

    /// The HTML and plain text a reference stands for. Unresolved references (only possible
    /// when validation was skipped) show as written.
    fn reference(&self, written: &str) -> (String, String) {
        match Target::parse(written) {
            Some(Target::Label { system, id }) => match self.library.label(&system, &id) {
                Some((registry, label)) => (
                    format!(
                        "<kbd class=\"ui\" title=\"{}\"><samp>{}</samp></kbd>",
                        escape(&registry.name),
                        escape(&label.text)
                    ),
                    label.text.clone(),
                ),
                None => unresolved(written),
            },
            Some(Target::Field(id)) => match self.library.fields.get(&id) {
                Some(field) => {
                    let label = localized(&field.label, self.lang, self.library.source_language());
                    (
                        format!("<span class=\"field-ref\">{}</span>", escape(label)),
                        label.to_string(),
                    )
                }
                None => unresolved(written),
            },
            Some(Target::Step(id)) => match self.numbers.get(&id) {
                Some(number) => (
                    format!(
                        "<a class=\"step-ref\" href=\"#{}\">{}</a>",
                        escape(&id),
                        escape(number)
                    ),
                    number.clone(),
                ),
                None => unresolved(written),
            },
            None => unresolved(written),
        }
    }
}

fn unresolved(written: &str) -> (String, String) {
    let shown = format!("[[{written}]]");
    (escape(&shown), shown)
}

/// Text in `lang`, else in the source language, else any.
pub fn localized<'a>(texts: &'a BTreeMap<String, String>, lang: &str, source: &str) -> &'a str {
    texts
        .get(lang)
        .or_else(|| texts.get(source))
        .or_else(|| texts.values().next())
        .map_or("", String::as_str)
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}
