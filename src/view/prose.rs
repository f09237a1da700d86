//! Turns the Markdown of a language file into HTML, with `[[…]]` references resolved.
//!
//! The HTML itself is written by pulldown-cmark; this module only swaps reference links for
//! screen-label, field and step elements, and turns raw HTML into visible text (content is edited
//! by many people and published on an intranet, so it may not inject markup or scripts).
//!
//! The same pass also builds a structured form ([`ProseBlock`]s of styled [`Run`]s) for
//! renderers that lay text out themselves (the PDF checklist), so both forms come from one parse
//! and one resolution of references.

use std::collections::BTreeMap;

use pulldown_cmark::{BlockQuoteKind, Event, LinkType, Tag, TagEnd, html};
use serde::Serialize;

use crate::model::{Library, Target};
use crate::output::paths;
use crate::source::FileId;
use crate::source::markdown;

/// A piece of text in the two forms renderers need.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Prose {
    /// HTML, safe to insert unescaped.
    pub html: String,
    /// Plain text (labels as on screen, links as their text), for search, e-mail and print.
    pub text: String,
    /// The same text as paragraphs, list items and notes of styled runs, for layout engines.
    pub blocks: Vec<ProseBlock>,
}

/// A paragraph, list item or heading of [`Prose`], as a layout engine needs it.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ProseBlock {
    /// What kind of block it is.
    pub kind: BlockKind,
    /// How deeply nested in lists (0 outside lists).
    pub depth: usize,
    /// The list marker of an item's first block (`•`, `1.`); empty otherwise.
    pub marker: String,
    /// The kind of note or alert the block sits in (`note`, `tip`, `important`, `warning`,
    /// `caution`, or `quote` for a plain block quote), if any.
    pub note: Option<String>,
    /// The text, in runs of one style.
    pub runs: Vec<Run>,
}

/// The kind of a [`ProseBlock`].
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// A paragraph (or the single line of an inline text such as a title).
    #[default]
    Paragraph,
    /// Text in a list item.
    Item,
    /// A heading inside a body.
    Heading,
    /// A code block, shown as written.
    Code,
}

/// A stretch of text in one style.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Run {
    /// The text.
    pub text: String,
    /// How it looks.
    pub style: RunStyle,
    /// Where a link goes.
    pub href: Option<String>,
}

/// The style of a [`Run`].
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RunStyle {
    /// Body text.
    #[default]
    Plain,
    /// `**strong**`.
    Strong,
    /// `*emphasis*`.
    Emphasis,
    /// `` `code` ``.
    Code,
    /// A screen label (`[[traces:create]]`), bold in print.
    Label,
    /// A field reference (`[[field:eori]]`), shown by its label.
    Field,
    /// A cross-reference to a step, shown by its number.
    StepRef,
    /// A link; `href` holds its target.
    Link,
}

impl Prose {
    /// Plain text without structure (a step title when the words are missing).
    pub fn plain(text: &str) -> Prose {
        Prose {
            html: escape(text),
            text: text.to_string(),
            blocks: vec![ProseBlock {
                runs: vec![Run {
                    text: text.to_string(),
                    style: RunStyle::Plain,
                    href: None,
                }],
                ..ProseBlock::default()
            }],
        }
    }
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
        self.render(markdown, false, None)
    }

    /// Renders one line of inline Markdown (a title), without a wrapping paragraph.
    pub fn inline(&self, markdown: &str) -> Prose {
        self.render(markdown, true, None)
    }

    /// [`Resolver::blocks`] for Markdown of the language file `file`, whose images resolve
    /// against it.
    pub fn blocks_in(&self, file: FileId, markdown: &str) -> Prose {
        self.render(markdown, false, Some(file))
    }

    /// [`Resolver::inline`] for Markdown of the language file `file`.
    pub fn inline_in(&self, file: FileId, markdown: &str) -> Prose {
        self.render(markdown, true, Some(file))
    }

    fn render(&self, source: &str, inline: bool, file: Option<FileId>) -> Prose {
        // Most steps, options and results have no body. Markdown of nothing but blank lines
        // (spaces, tabs and line ends: CommonMark's blank; other Unicode spaces are text) has
        // no events, so it is empty prose without setting up a parser.
        if source
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            return Prose::default();
        }
        let mut events: Vec<Event> = Vec::new();
        let mut text = String::new();
        let mut blocks = Structure::default();
        let mut parser = markdown::parser(source);
        while let Some(event) = parser.next() {
            blocks.observe(&event);
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
                    blocks.observe(&Event::End(TagEnd::Link));
                    let (html, plain, style) = self.reference(&dest_url);
                    blocks.push(&plain, style, None);
                    text.push_str(&plain);
                    events.push(Event::InlineHtml(html.into()));
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    let mut alt = String::new();
                    for inner in parser.by_ref() {
                        match inner {
                            Event::End(TagEnd::Image) => break,
                            Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                            _ => {}
                        }
                    }
                    blocks.text(&alt);
                    text.push_str(&alt);
                    let image = file.and_then(|file| self.library.images.of(file, &dest_url));
                    events.push(Event::InlineHtml(image_html(image, &dest_url, &alt).into()));
                }
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if inline => {}
                Event::Start(Tag::MetadataBlock(_)) | Event::End(TagEnd::MetadataBlock(_)) => {}
                Event::Html(raw) | Event::InlineHtml(raw) => {
                    blocks.text(&raw);
                    text.push_str(&raw);
                    events.push(Event::Text(raw));
                }
                Event::Text(ref t) | Event::Code(ref t) => {
                    blocks.text(t);
                    text.push_str(t);
                    events.push(event);
                }
                Event::SoftBreak | Event::HardBreak => {
                    blocks.text(" ");
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
            blocks: blocks.finish(),
        }
    }

    /// The HTML and plain text a reference stands for. Unresolved references (only possible
    /// when validation was skipped) show as written.
    fn reference(&self, written: &str) -> (String, String, RunStyle) {
        match Target::parse(written) {
            Some(Target::Label { system, id }) => match self.library.label(&system, &id) {
                Some((registry, label)) => (
                    format!(
                        "<kbd class=\"ui\" title=\"{}\" data-label=\"{}:{}\"><samp>{}</samp></kbd>",
                        escape(&label_title(
                            registry,
                            label,
                            self.lang,
                            self.library.source_language()
                        )),
                        escape(&system),
                        escape(&id),
                        escape(&label.text)
                    ),
                    label.text.clone(),
                    RunStyle::Label,
                ),
                None => unresolved(written),
            },
            Some(Target::Field(id)) => match self.library.fields.get(&id) {
                Some(field) => {
                    let label = localized(&field.label, self.lang, self.library.source_language());
                    (
                        format!("<span class=\"field-ref\">{}</span>", escape(label)),
                        label.to_string(),
                        RunStyle::Field,
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
                    RunStyle::StepRef,
                ),
                None => unresolved(written),
            },
            None => unresolved(written),
        }
    }
}

/// The tooltip of a screen label: where it is and when someone last saw it there
/// (`TRACES NT › New operator · 2026-05-04`), the screen's title in the page's language.
fn label_title(
    system: &crate::model::LabelSystem,
    label: &crate::model::Label,
    lang: &str,
    source: &str,
) -> String {
    let mut title = system.name.clone();
    if let Some(screen) = &label.screen {
        title.push_str(" › ");
        match system.screens.get(screen.as_str()) {
            Some(known) => title.push_str(localized(&known.title, lang, source)),
            None => title.push_str(screen),
        }
    }
    if let Some(verified) = &label.verified {
        title.push_str(" · ");
        title.push_str(verified);
    }
    title
}

/// An image as the page shows it: at its own size (no layout shift while it loads), loaded
/// lazily, and a link to the full-size file for a larger view (keyboard and click alike). Pages
/// that show prose are procedure pages, so the published file is `../../images/…` from them.
fn image_html(image: Option<&crate::model::Image>, src: &str, alt: &str) -> String {
    match image {
        Some(image) => {
            let root = paths::root_from(&paths::page("lang", "procedure"));
            let href = escape(&format!("{root}{}", paths::image(&image.name)));
            format!(
                "<a class=\"image\" href=\"{href}\"><img src=\"{href}\" alt=\"{}\" width=\"{}\" height=\"{}\" loading=\"lazy\"></a>",
                escape(alt),
                image.width,
                image.height
            )
        }
        None => format!(
            "<img src=\"{}\" alt=\"{}\" loading=\"lazy\">",
            escape(src),
            escape(alt)
        ),
    }
}

fn unresolved(written: &str) -> (String, String, RunStyle) {
    let shown = format!("[[{written}]]");
    (escape(&shown), shown, RunStyle::Plain)
}

/// Builds [`ProseBlock`]s from the same events the HTML is written from.
#[derive(Default)]
struct Structure {
    blocks: Vec<ProseBlock>,
    /// The block being filled, if any.
    current: Option<ProseBlock>,
    /// Open inline styles, innermost last.
    styles: Vec<RunStyle>,
    /// The target of the open link.
    href: Option<String>,
    /// Open lists: the next number of an ordered list, `None` for bullets.
    lists: Vec<Option<u64>>,
    /// The marker waiting for the first block of a list item.
    marker: Option<String>,
    /// Open block quotes and alerts.
    notes: Vec<String>,
    /// Inside a code block.
    code: bool,
    /// Inside a heading.
    heading: bool,
}

impl Structure {
    /// Tracks the structure opened and closed by `event`.
    fn observe(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::Paragraph) => self.close(),
            Event::Start(Tag::Heading { .. }) => {
                self.close();
                self.heading = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                self.close();
                self.heading = false;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.close();
                self.code = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                self.close();
                self.code = false;
            }
            Event::Start(Tag::BlockQuote(kind)) => {
                self.close();
                self.notes.push(note_name(*kind).to_string());
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                self.close();
                self.notes.pop();
            }
            Event::Start(Tag::List(start)) => {
                self.close();
                self.lists.push(*start);
            }
            Event::End(TagEnd::List(_)) => {
                self.close();
                self.lists.pop();
            }
            Event::Start(Tag::Item) => {
                self.close();
                let marker = match self.lists.last_mut() {
                    Some(Some(number)) => {
                        *number += 1;
                        format!("{}.", *number - 1)
                    }
                    _ => "•".to_string(),
                };
                self.marker = Some(marker);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => self.close(),
            Event::Start(Tag::Strong) => self.styles.push(RunStyle::Strong),
            Event::Start(Tag::Emphasis) => self.styles.push(RunStyle::Emphasis),
            Event::End(TagEnd::Strong | TagEnd::Emphasis) => {
                self.styles.pop();
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.href = Some(dest_url.to_string());
            }
            Event::End(TagEnd::Link) => self.href = None,
            Event::Code(code) => self.push(code, RunStyle::Code, None),
            _ => {}
        }
    }

    /// Adds text in the current style.
    fn text(&mut self, text: &str) {
        let style = if self.href.is_some() {
            RunStyle::Link
        } else if self.code {
            RunStyle::Code
        } else {
            self.styles.last().copied().unwrap_or(RunStyle::Plain)
        };
        let href = self.href.clone();
        self.push(text, style, href);
    }

    /// Adds a run, merging it with the previous one if they look the same.
    fn push(&mut self, text: &str, style: RunStyle, href: Option<String>) {
        if text.is_empty() {
            return;
        }
        let block = self.current.get_or_insert_with(|| ProseBlock {
            kind: if self.heading {
                BlockKind::Heading
            } else if self.code {
                BlockKind::Code
            } else if self.lists.is_empty() {
                BlockKind::Paragraph
            } else {
                BlockKind::Item
            },
            depth: self.lists.len(),
            marker: self.marker.take().unwrap_or_default(),
            note: self.notes.last().cloned(),
            runs: Vec::new(),
        });
        match block.runs.last_mut() {
            Some(last) if last.style == style && last.href == href => last.text.push_str(text),
            _ => block.runs.push(Run {
                text: text.to_string(),
                style,
                href,
            }),
        }
    }

    fn close(&mut self) {
        if let Some(mut block) = self.current.take() {
            if let Some(last) = block.runs.last_mut() {
                let trimmed = last.text.trim_end().len();
                last.text.truncate(trimmed);
            }
            self.blocks.push(block);
        }
    }

    fn finish(mut self) -> Vec<ProseBlock> {
        self.close();
        self.blocks
    }
}

fn note_name(kind: Option<BlockQuoteKind>) -> &'static str {
    match kind {
        None => "quote",
        Some(BlockQuoteKind::Note) => "note",
        Some(BlockQuoteKind::Tip) => "tip",
        Some(BlockQuoteKind::Important) => "important",
        Some(BlockQuoteKind::Warning) => "warning",
        Some(BlockQuoteKind::Caution) => "caution",
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut for blank Markdown gives what the parser gives, and only for blank text.
    #[test]
    fn blank_markdown_is_empty_prose_and_other_spaces_are_text() {
        let library = Library::default();
        let numbers = BTreeMap::new();
        let resolver = Resolver {
            library: &library,
            lang: "en",
            numbers: &numbers,
        };
        for blank in ["", " ", "\n\n", " \t\r\n  \n"] {
            assert_eq!(resolver.blocks(blank), Prose::default(), "{blank:?}");
            assert_eq!(resolver.inline(blank), Prose::default(), "{blank:?}");
        }
        // The parser's own answer for blank text, through a path the shortcut does not take
        // (a reference definition renders nothing either).
        assert_eq!(
            resolver.blocks("[x]: https://example.org\n"),
            Prose::default()
        );
        let nbsp = resolver.blocks("\u{a0}");
        assert_eq!(nbsp.html, "<p>\u{a0}</p>");
        assert!(!nbsp.blocks.is_empty());
    }
}
