//! What is drawn on a page: the [`Item`] enum and the constructors the blocks share.

use super::{Font, Ink};

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
    /// A checkbox form field.
    Check {
        /// Field name (the step id).
        name: String,
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
    /// A QR code.
    Qr {
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
            | Item::Field { y, .. }
            | Item::Qr { y, .. } => *y += dy,
            Item::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
        }
    }
}
