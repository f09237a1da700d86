//! What is drawn on a page: the [`Item`] enum and the constructors the blocks share.
//!
//! Besides what is drawn, the items carry the document's logical structure for the tagged PDF:
//! [`Item::Open`] and [`Item::Close`] bracket what belongs to one structure element (a heading,
//! a list item, a paragraph) in reading order, and the drawing items between them become its
//! content. They take no room, so pagination just carries them along; an element may span
//! pages. See `render::pdf::tags` for how they become the structure tree.

use super::{Font, Ink};

/// The kind of a structure element (PDF's standard structure types), or an artifact: page
/// furniture that is not part of the content (running header, footer, page numbers).
///
/// Rules, boxes and bands are always artifacts; text is content unless it sits inside an
/// [`Tag::Artifact`]. New things drawn on the checklist (a changed-step mark, a screen's image)
/// must be put inside the element they belong to, with an alternate text if they are figures,
/// or inside an artifact if they are decoration, so the tree stays whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// The document title.
    H1,
    /// A section heading (and the theme's own headings).
    H2,
    /// A heading inside a body.
    H3,
    /// A paragraph.
    P,
    /// A list (steps, options, list items in prose).
    L,
    /// A list item.
    LI,
    /// A list item's label (a step's checkbox and number, a bullet).
    Lbl,
    /// A list item's body.
    LBody,
    /// A group: a section, a note, the e-mail block.
    Div,
    /// A section of the document.
    Sect,
    /// A figure (the QR code); needs an alternate text.
    Figure,
    /// Page furniture: not read out.
    Artifact,
}

impl Tag {
    /// The structure type's name in the PDF.
    pub fn name(self) -> &'static str {
        match self {
            Tag::H1 => "H1",
            Tag::H2 => "H2",
            Tag::H3 => "H3",
            Tag::P => "P",
            Tag::L => "L",
            Tag::LI => "LI",
            Tag::Lbl => "Lbl",
            Tag::LBody => "LBody",
            Tag::Div => "Div",
            Tag::Sect => "Sect",
            Tag::Figure => "Figure",
            Tag::Artifact => "Artifact",
        }
    }
}

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A line of text; `y` is the baseline.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// Font size in points.
        size: f32,
        /// Weight.
        font: Font,
        /// Colour.
        ink: Ink,
        /// The text.
        text: String,
    },
    /// A rectangle; `y` is its top edge.
    Rect {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour.
        fill: Option<Ink>,
        /// Border colour.
        stroke: Option<Ink>,
    },
    /// A straight line.
    Line {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
        /// Colour.
        ink: Ink,
        /// Width in points.
        width: f32,
    },
    /// A clickable area opening `url`.
    Link {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// The target.
        url: String,
    },
    /// Opens a structure element: what follows up to the matching [`Item::Close`] is in it.
    Open {
        /// Its kind.
        tag: Tag,
        /// Its language, if it differs from the document's (a step shown in a fallback
        /// language).
        lang: Option<String>,
    },
    /// Closes the last element opened.
    Close,
    /// A checkbox form field.
    Check {
        /// Field name (the step id).
        name: String,
        /// Its accessible name (`/TU`): the step's number and title.
        label: String,
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Side length.
        size: f32,
    },
    /// One button of a radio group: the options of a choice, one of which may be ticked.
    Radio {
        /// The group's field name.
        group: String,
        /// The group's accessible name: the choice step's number and title.
        group_label: String,
        /// This option's export value (the option id).
        value: String,
        /// Its accessible name (`/TU`): the option's number and title.
        label: String,
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Side length.
        size: f32,
    },
    /// A text form field.
    Field {
        /// Field name (the field id).
        name: String,
        /// Its accessible name (`/TU`): the field's label.
        label: String,
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Maximum length, if any (the field is then a comb of that many cells).
        max_len: Option<usize>,
        /// The pre-filled value (may be empty).
        value: String,
    },
    /// An image (a screen), a figure with an alternate text; the document embeds each image
    /// once, however often it is drawn.
    Image {
        /// The alternate text read out instead.
        alt: String,
        /// Its name: one image XObject per name.
        name: String,
        /// The image data.
        image: std::sync::Arc<crate::model::PdfImage>,
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
    },
    /// A QR code, a figure with an alternate text.
    Qr {
        /// The alternate text read out instead.
        alt: String,
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Side length.
        size: f32,
        /// What it encodes.
        url: String,
    },
}

impl Item {
    /// A line of `text` with its baseline at `y`.
    pub(super) fn text(x: f32, y: f32, size: f32, font: Font, ink: Ink, text: &str) -> Item {
        Item::Text {
            x,
            y,
            size,
            font,
            ink,
            text: text.to_string(),
        }
    }

    /// A horizontal rule from `x1` to `x2` at `y`.
    pub(super) fn rule(x1: f32, x2: f32, y: f32, ink: Ink, width: f32) -> Item {
        Item::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            ink,
            width,
        }
    }

    /// A vertical line at `x` from `y1` down to `y2`.
    pub(super) fn upright(x: f32, y1: f32, y2: f32, ink: Ink, width: f32) -> Item {
        Item::Line {
            x1: x,
            y1,
            x2: x,
            y2,
            ink,
            width,
        }
    }

    /// Opens an element of kind `tag` in the document's language.
    pub(super) fn open(tag: Tag) -> Item {
        Item::Open { tag, lang: None }
    }

    /// A rectangle filled with `ink`, without a border.
    pub(super) fn band(x: f32, y: f32, w: f32, h: f32, ink: Ink) -> Item {
        Item::Rect {
            x,
            y,
            w,
            h,
            fill: Some(ink),
            stroke: None,
        }
    }

    /// Moves the item down by `dy`: chunks are built from their own top and placed later.
    pub(super) fn shift(&mut self, dy: f32) {
        match self {
            Item::Text { y, .. }
            | Item::Rect { y, .. }
            | Item::Link { y, .. }
            | Item::Check { y, .. }
            | Item::Radio { y, .. }
            | Item::Field { y, .. }
            | Item::Image { y, .. }
            | Item::Qr { y, .. } => *y += dy,
            Item::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
            Item::Open { .. } | Item::Close => {}
        }
    }
}
