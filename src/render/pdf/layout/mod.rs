//! The checklist's layout: a pure function from the theme's [`Checklist`], the
//! [`ProcedureView`] and the field values to pages of positioned items.
//!
//! Coordinates are points from the top-left corner of the page, y growing downwards; the
//! drawing code flips them. Text is measured through [`Measure`] (real font metrics in the
//! build, a fixed-width stand-in in tests) and wrapped word by word. The content is first cut
//! into [`Chunk`]s that must not be split (a step's checkbox with its title, an e-mail block, a
//! line of body text), then paginated: a chunk that does not fit starts a new page, and a chunk
//! marked `keep_with_next` (headings, a step title before its options) moves along with the
//! chunk after it.
//!
//! This module owns the public types and the entry point [`layout`]; the work is split by job:
//! `item` (what is drawn), `text` (words, wrapping, lines to items), `builder` (the chunk
//! builder and body prose), `blocks` (title, headings, fields, signature lines), `steps`
//! (sections, steps, options), `email` (the e-mail block) and `paginate` (pages, header and
//! footer).

mod blocks;
mod builder;
mod email;
mod item;
mod paginate;
mod screens;
mod steps;
mod text;

use std::collections::BTreeMap;

use super::template::Checklist;
use crate::theme::pdf::{PdfSettings, mm};
use crate::view::ProcedureView;
use builder::Builder;

pub use item::{Item, Tag};
pub use steps::choice_field;

/// The two weights of the body font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Font {
    /// Regular weight.
    Regular,
    /// Bold weight.
    Bold,
}

/// Colours by role; the theme decides the actual colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    /// Body text.
    Text,
    /// Headings, numbers, frames.
    Accent,
    /// Captions, header, footer.
    Muted,
    /// Rules and box borders.
    Rule,
    /// Links.
    Link,
    /// Note and e-mail backgrounds.
    Tint,
    /// Field backgrounds.
    Field,
    /// White.
    Paper,
    /// The frames of highlighted labels on a screen.
    Highlight,
}

/// Text widths, in points.
pub trait Measure {
    /// The advance width of `text` in `font` at `size` points.
    fn width(&self, text: &str, font: Font, size: f32) -> f32;
}

/// One page of the checklist.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// What is on it, in drawing order.
    pub items: Vec<Item>,
}

/// Sizes and positions every chunk shares.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Left edge of the text.
    pub left: f32,
    /// Right edge of the text.
    pub right: f32,
    /// Top of the text area.
    pub top: f32,
    /// Bottom of the text area.
    pub bottom: f32,
    /// Body size.
    pub body: f32,
    /// Title size.
    pub title: f32,
    /// Heading size.
    pub heading: f32,
    /// Small size.
    pub small: f32,
    /// Whether steps show their screens.
    pub screens: bool,
}

impl Frame {
    /// The frame of a theme's settings.
    pub fn new(settings: &PdfSettings) -> Frame {
        let (width, height) = settings.paper.size_pt();
        let m = settings.margins;
        Frame {
            width,
            height,
            left: mm(m.left),
            right: width - mm(m.right),
            top: mm(m.top),
            bottom: height - mm(m.bottom),
            body: settings.sizes.body,
            title: settings.sizes.title,
            heading: settings.sizes.heading,
            small: settings.sizes.small,
            screens: settings.screens,
        }
    }

    /// The width of the text area.
    fn text_width(&self) -> f32 {
        self.right - self.left
    }

    /// The distance between the baselines of lines set at `size`.
    fn line(&self, size: f32) -> f32 {
        size * 1.38
    }
}

/// A piece of content that stays on one page. Items are relative to the chunk's top.
#[derive(Debug, Clone, Default)]
struct Chunk {
    /// The height it takes on the page.
    height: f32,
    /// Space above it, dropped at the top of a page.
    space_before: f32,
    /// Whether it goes to the next page along with the chunk after it.
    keep_with_next: bool,
    /// What it draws, relative to its top.
    items: Vec<Item>,
}

/// Lays the checklist out on pages.
pub fn layout(
    checklist: &Checklist,
    view: &ProcedureView,
    values: &BTreeMap<String, String>,
    frame: &Frame,
    measure: &dyn Measure,
) -> Vec<Page> {
    let mut builder = Builder::new(frame, measure, &checklist.texts, values, view);
    for block in &checklist.blocks {
        builder.block(block);
    }
    let chunks = builder.finish();
    let mut pages = paginate::paginate(chunks, frame);
    paginate::decorate(&mut pages, checklist, frame, measure);
    pages
}

#[cfg(test)]
mod tests;
