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

use std::collections::BTreeMap;

use super::settings::{PdfSettings, mm};
use super::template::{Block, Checklist, Fact, Qr, Texts};
use crate::view::TemplatePart;
use crate::view::prose::{BlockKind, Prose, ProseBlock, RunStyle};
use crate::view::{EmailView, FieldView, OptionView, ProcedureView, SectionView, StepView};

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
}

/// Text widths, in points.
pub trait Measure {
    /// The advance width of `text` in `font` at `size` points.
    fn width(&self, text: &str, font: Font, size: f32) -> f32;
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
    fn shift(&mut self, dy: f32) {
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
        }
    }

    fn line(&self, size: f32) -> f32 {
        size * 1.38
    }
}

/// A piece of content that stays on one page. Items are relative to the chunk's top.
#[derive(Debug, Clone, Default)]
struct Chunk {
    height: f32,
    space_before: f32,
    keep_with_next: bool,
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
    let mut builder = Builder {
        frame,
        measure,
        texts: &checklist.texts,
        values,
        view,
        chunks: Vec::new(),
    };
    for block in &checklist.blocks {
        builder.block(block);
    }
    let mut pages = paginate(builder.chunks, frame);
    decorate(&mut pages, checklist, frame, measure);
    pages
}

/// Places chunks on pages top to bottom.
fn paginate(chunks: Vec<Chunk>, frame: &Frame) -> Vec<Page> {
    let mut pages = vec![Page::default()];
    let mut cursor = frame.top;
    let mut empty = true;
    for index in 0..chunks.len() {
        let chunk = &chunks[index];
        // The height this chunk needs together with the chunks it must not be parted from.
        let mut needed = chunk.height;
        let mut next = index;
        while chunks[next].keep_with_next && next + 1 < chunks.len() {
            next += 1;
            needed += chunks[next].space_before + chunks[next].height;
        }
        let space = if empty { 0.0 } else { chunk.space_before };
        if !empty && cursor + space + needed > frame.bottom {
            pages.push(Page::default());
            cursor = frame.top;
            empty = true;
        }
        let space = if empty { 0.0 } else { chunk.space_before };
        let top = cursor + space;
        let page = pages.last_mut().expect("there is always a page");
        for item in &chunk.items {
            let mut item = item.clone();
            item.shift(top);
            page.items.push(item);
        }
        cursor = top + chunk.height;
        empty = false;
    }
    pages
}

/// Adds the running header and the footer with page numbers.
fn decorate(pages: &mut [Page], checklist: &Checklist, frame: &Frame, measure: &dyn Measure) {
    let count = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        let fill = |text: &str| {
            text.replace("{page}", &(index + 1).to_string())
                .replace("{pages}", &count.to_string())
        };
        let size = frame.small;
        let footer_y = frame.bottom + mm(10.0);
        page.items.push(Item::Line {
            x1: frame.left,
            y1: footer_y - size * 1.6,
            x2: frame.right,
            y2: footer_y - size * 1.6,
            ink: Ink::Rule,
            width: 0.4,
        });
        let left = fill(&checklist.footer_left);
        let right = fill(&checklist.footer_right);
        let right_width = measure.width(&right, Font::Regular, size);
        let room = frame.right - frame.left - right_width - 12.0;
        page.items.push(text_item(
            frame.left,
            footer_y,
            size,
            Font::Regular,
            Ink::Muted,
            &fit(&left, room, Font::Regular, size, measure),
        ));
        page.items.push(text_item(
            frame.right - right_width,
            footer_y,
            size,
            Font::Regular,
            Ink::Muted,
            &right,
        ));
        if index > 0 && !checklist.header.is_empty() {
            let header_y = frame.top - mm(8.0);
            let room = frame.right - frame.left;
            page.items.push(text_item(
                frame.left,
                header_y,
                size,
                Font::Regular,
                Ink::Muted,
                &fit(&checklist.header, room, Font::Regular, size, measure),
            ));
            page.items.push(Item::Line {
                x1: frame.left,
                y1: header_y + size * 0.6,
                x2: frame.right,
                y2: header_y + size * 0.6,
                ink: Ink::Rule,
                width: 0.4,
            });
        }
    }
}

/// `text` shortened with an ellipsis to fit `room`.
fn fit(text: &str, room: f32, font: Font, size: f32, measure: &dyn Measure) -> String {
    if measure.width(text, font, size) <= room {
        return text.to_string();
    }
    let mut out: String = text.to_string();
    while !out.is_empty() && measure.width(&format!("{out}…"), font, size) > room {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

fn text_item(x: f32, y: f32, size: f32, font: Font, ink: Ink, text: &str) -> Item {
    Item::Text {
        x,
        y,
        size,
        font,
        ink,
        text: text.to_string(),
    }
}

/// A word or part of a word in one style, ready to be placed on a line.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    font: Font,
    ink: Ink,
    href: Option<String>,
    /// Whether a space precedes the piece (dropped at the start of a line).
    space: bool,
}

/// A wrapped line: pieces and the x of each, relative to the line's left edge.
type Line = Vec<(f32, Piece)>;

/// How a step's head line is set.
#[derive(Clone, Copy)]
struct Head {
    /// Title in bold (the options of a choice).
    bold: bool,
    /// Kept on the page of what follows.
    keep: bool,
    /// Space above.
    space_before: f32,
}

struct Builder<'a> {
    frame: &'a Frame,
    measure: &'a dyn Measure,
    texts: &'a Texts,
    values: &'a BTreeMap<String, String>,
    view: &'a ProcedureView,
    chunks: Vec<Chunk>,
}

impl Builder<'_> {
    fn width(&self) -> f32 {
        self.frame.right - self.frame.left
    }

    fn push(&mut self, chunk: Chunk) {
        self.chunks.push(chunk);
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Title {
                text,
                subtitle,
                facts,
                qr,
            } => self.title(text, subtitle, facts, qr.as_ref()),
            Block::Heading { text } => self.heading(None, text, self.frame.heading),
            Block::Text { text } => {
                let pieces = plain_pieces(text, Font::Regular, Ink::Text);
                self.paragraph(&pieces, self.frame.left, self.frame.body, 6.0);
            }
            Block::Intro => {
                let intro = self.view.intro.clone();
                self.prose(&intro, self.frame.left, 6.0);
            }
            Block::Fields { heading, note } => self.fields(heading, note),
            Block::Sections => {
                let sections = self.view.sections.clone();
                for section in &sections {
                    self.section(section);
                }
            }
            Block::Lines { heading, lines } => self.lines(heading, lines),
        }
    }

    // ---- text -------------------------------------------------------------------------------

    /// Wraps pieces into lines no wider than `width`.
    fn wrap(&self, pieces: &[Piece], width: f32, size: f32) -> Vec<Line> {
        let mut lines: Vec<Line> = vec![Vec::new()];
        let mut x = 0.0;
        for piece in pieces {
            let space = if piece.space && x > 0.0 {
                self.measure.width(" ", Font::Regular, size)
            } else {
                0.0
            };
            let w = self.measure.width(&piece.text, piece.font, size);
            if x > 0.0 && x + space + w > width {
                lines.push(Vec::new());
                x = 0.0;
            }
            let space = if x > 0.0 { space } else { 0.0 };
            if w > width {
                // A word longer than the line (a long URL): break it between characters.
                let mut rest = piece.text.as_str();
                while !rest.is_empty() {
                    let room = width - x - space;
                    let mut end = rest.len();
                    while end > 0 && self.measure.width(&rest[..end], piece.font, size) > room {
                        end = rest[..end].char_indices().next_back().map_or(0, |(i, _)| i);
                    }
                    if end == 0 {
                        if x == 0.0 {
                            end = rest.chars().next().map_or(rest.len(), char::len_utf8);
                        } else {
                            lines.push(Vec::new());
                            x = 0.0;
                            continue;
                        }
                    }
                    let part = Piece {
                        text: rest[..end].to_string(),
                        ..piece.clone()
                    };
                    let part_width = self.measure.width(&part.text, part.font, size);
                    let line = lines.last_mut().expect("there is always a line");
                    line.push((x + space, part));
                    x += space + part_width;
                    rest = &rest[end..];
                    if !rest.is_empty() {
                        lines.push(Vec::new());
                        x = 0.0;
                    }
                }
                continue;
            }
            let line = lines.last_mut().expect("there is always a line");
            line.push((x + space, piece.clone()));
            x += space + w;
        }
        lines.retain(|line| !line.is_empty());
        lines
    }

    /// Items of wrapped lines starting at (`x`, 0), and the height they take.
    fn lines_items(&self, lines: &[Line], x: f32, size: f32) -> (Vec<Item>, f32) {
        let leading = self.frame.line(size);
        let mut items = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            let baseline = leading * index as f32 + size * 1.0;
            // Merge neighbouring pieces of the same look into one text item.
            let mut merged: Vec<(f32, Piece, f32)> = Vec::new();
            for (px, piece) in line {
                let end = px + self.measure.width(&piece.text, piece.font, size);
                match merged.last_mut() {
                    Some((_, last, last_end))
                        if last.font == piece.font
                            && last.ink == piece.ink
                            && last.href == piece.href =>
                    {
                        let gap = if piece.space { " " } else { "" };
                        last.text.push_str(gap);
                        last.text.push_str(&piece.text);
                        *last_end = end;
                    }
                    _ => merged.push((*px, piece.clone(), end)),
                }
            }
            for (px, piece, end) in merged {
                if let Some(url) = &piece.href {
                    items.push(Item::Link {
                        x: x + px,
                        y: baseline - size,
                        w: end - px,
                        h: size * 1.3,
                        url: url.clone(),
                    });
                }
                items.push(text_item(
                    x + px,
                    baseline,
                    size,
                    piece.font,
                    piece.ink,
                    &piece.text,
                ));
            }
        }
        (
            items,
            leading * lines.len() as f32 - (leading - size * 1.25),
        )
    }

    /// A paragraph as one chunk per line, so long texts break between lines.
    fn paragraph(&mut self, pieces: &[Piece], x: f32, size: f32, space_before: f32) {
        let lines = self.wrap(pieces, self.frame.right - x, size);
        self.lines_chunks(&lines, x, size, space_before, None);
    }

    fn lines_chunks(
        &mut self,
        lines: &[Line],
        x: f32,
        size: f32,
        space_before: f32,
        tint: Option<Ink>,
    ) {
        let leading = self.frame.line(size);
        for (index, line) in lines.iter().enumerate() {
            let (mut items, _) = self.lines_items(std::slice::from_ref(line), x, size);
            if let Some(ink) = tint {
                items.insert(
                    0,
                    Item::Rect {
                        x: x - 6.0,
                        y: 0.0,
                        w: self.frame.right - x + 6.0,
                        h: leading,
                        fill: Some(ink),
                        stroke: None,
                    },
                );
                items.insert(
                    1,
                    Item::Line {
                        x1: x - 6.0,
                        y1: 0.0,
                        x2: x - 6.0,
                        y2: leading,
                        ink: Ink::Accent,
                        width: 2.0,
                    },
                );
            }
            self.push(Chunk {
                height: leading,
                space_before: if index == 0 { space_before } else { 0.0 },
                // Keep the first two lines together (no single line at a page's end).
                keep_with_next: index == 0 && lines.len() > 1,
                items,
            });
        }
    }

    /// Body prose: paragraphs, list items and notes, indented at `x`.
    fn prose(&mut self, prose: &Prose, x: f32, space_before: f32) {
        let size = self.frame.body;
        for (index, block) in prose.blocks.iter().enumerate() {
            let space = if index == 0 { space_before } else { 4.0 };
            self.prose_block(block, x, size, space);
        }
    }

    fn prose_block(&mut self, block: &ProseBlock, x: f32, size: f32, space: f32) {
        let mut pieces = prose_pieces(block);
        let indent = x + 12.0 * block.depth.saturating_sub(1) as f32;
        let mut text_x = indent;
        let mut marker = None;
        if block.kind == BlockKind::Item && !block.marker.is_empty() {
            marker = Some(block.marker.clone());
            text_x = indent + 12.0;
        } else if block.kind == BlockKind::Item {
            text_x = indent + 12.0;
        }
        if block.kind == BlockKind::Heading {
            for piece in &mut pieces {
                piece.font = Font::Bold;
            }
        }
        match &block.note {
            Some(kind) => {
                let caption = self.texts.notes.get(kind).cloned().unwrap_or_default();
                if !caption.is_empty() {
                    let mut with_caption = plain_pieces(&caption, Font::Bold, Ink::Accent);
                    if let Some(first) = pieces.first_mut() {
                        first.space = true;
                    }
                    with_caption.extend(pieces);
                    pieces = with_caption;
                }
                let lines = self.wrap(&pieces, self.frame.right - text_x - 6.0, size);
                self.lines_chunks(&lines, text_x + 6.0, size, space + 2.0, Some(Ink::Tint));
            }
            None => {
                let lines = self.wrap(&pieces, self.frame.right - text_x, size);
                let before = self.chunks.len();
                self.lines_chunks(&lines, text_x, size, space, None);
                if let (Some(marker), Some(chunk)) = (marker, self.chunks.get_mut(before)) {
                    chunk.items.push(text_item(
                        indent,
                        size,
                        size,
                        Font::Regular,
                        Ink::Text,
                        &marker,
                    ));
                }
            }
        }
    }

    // ---- blocks -----------------------------------------------------------------------------

    fn title(&mut self, text: &str, subtitle: &str, facts: &[Fact], qr: Option<&Qr>) {
        let f = *self.frame;
        let qr_size = mm(26.0);
        let left_width = match qr {
            Some(_) => self.width() - qr_size - 18.0,
            None => self.width(),
        };
        let mut items = Vec::new();
        let mut y = 0.0;
        let title_lines = self.wrap(
            &plain_pieces(text, Font::Bold, Ink::Accent),
            left_width,
            f.title,
        );
        let (title_items, h) = self.lines_items(&title_lines, f.left, f.title);
        items.extend(title_items);
        y += h + 6.0;
        if !subtitle.is_empty() {
            let lines = self.wrap(
                &plain_pieces(subtitle, Font::Regular, Ink::Muted),
                left_width,
                f.body,
            );
            let (mut sub, h) = self.lines_items(&lines, f.left, f.body);
            sub.iter_mut().for_each(|item| item.shift(y));
            items.extend(sub);
            y += h + 8.0;
        }
        // Facts as a row of small label-over-value cells.
        if !facts.is_empty() {
            let cell = left_width / facts.len() as f32;
            items.push(Item::Line {
                x1: f.left,
                y1: y,
                x2: f.left + left_width,
                y2: y,
                ink: Ink::Rule,
                width: 0.5,
            });
            for (index, fact) in facts.iter().enumerate() {
                let x = f.left + cell * index as f32;
                let room = cell - 8.0;
                items.push(text_item(
                    x,
                    y + 4.0 + f.small,
                    f.small,
                    Font::Regular,
                    Ink::Muted,
                    &fit(&fact.label, room, Font::Regular, f.small, self.measure),
                ));
                items.push(text_item(
                    x,
                    y + 6.0 + f.small + f.body * 1.2,
                    f.body,
                    Font::Bold,
                    Ink::Text,
                    &fit(&fact.value, room, Font::Bold, f.body, self.measure),
                ));
            }
            y += 10.0 + f.small + f.body * 1.3;
            items.push(Item::Line {
                x1: f.left,
                y1: y,
                x2: f.left + left_width,
                y2: y,
                ink: Ink::Rule,
                width: 0.5,
            });
        }
        if let Some(qr) = qr {
            let x = f.right - qr_size;
            items.push(Item::Qr {
                x,
                y: 0.0,
                size: qr_size,
                url: qr.url.clone(),
            });
            items.push(Item::Link {
                x,
                y: 0.0,
                w: qr_size,
                h: qr_size,
                url: qr.url.clone(),
            });
            let caption = fit(
                &qr.caption,
                qr_size + 18.0,
                Font::Regular,
                f.small,
                self.measure,
            );
            let w = self.measure.width(&caption, Font::Regular, f.small);
            items.push(text_item(
                x + (qr_size - w) / 2.0,
                qr_size + f.small + 2.0,
                f.small,
                Font::Regular,
                Ink::Muted,
                &caption,
            ));
            y = y.max(qr_size + f.small + 6.0);
        }
        self.push(Chunk {
            height: y,
            space_before: 0.0,
            keep_with_next: false,
            items,
        });
    }

    /// A heading (with an optional number in a badge); kept with what follows.
    fn heading(&mut self, number: Option<&str>, text: &str, size: f32) {
        let f = *self.frame;
        let mut items = Vec::new();
        let mut x = f.left;
        if let Some(number) = number {
            let w = self.measure.width(number, Font::Bold, size).max(size) + 8.0;
            items.push(Item::Rect {
                x,
                y: 0.0,
                w,
                h: size * 1.45,
                fill: Some(Ink::Accent),
                stroke: None,
            });
            let nw = self.measure.width(number, Font::Bold, size);
            items.push(text_item(
                x + (w - nw) / 2.0,
                size * 1.07,
                size,
                Font::Bold,
                Ink::Paper,
                number,
            ));
            x += w + 8.0;
        }
        let lines = self.wrap(
            &plain_pieces(text, Font::Bold, Ink::Accent),
            f.right - x,
            size,
        );
        let (text_items, h) = self.lines_items(&lines, x, size);
        items.extend(text_items);
        let h = h.max(size * 1.45) + 4.0;
        items.push(Item::Line {
            x1: f.left,
            y1: h,
            x2: f.right,
            y2: h,
            ink: Ink::Accent,
            width: 0.8,
        });
        self.push(Chunk {
            height: h + 6.0,
            space_before: 16.0,
            keep_with_next: true,
            items,
        });
    }

    fn fields(&mut self, heading: &str, note: &str) {
        let fields = self.view.fields.clone();
        if fields.is_empty() {
            return;
        }
        self.heading(None, heading, self.frame.heading);
        if !note.is_empty() {
            let pieces = plain_pieces(note, Font::Regular, Ink::Muted);
            self.paragraph(&pieces, self.frame.left, self.frame.small + 1.0, 0.0);
            if let Some(last) = self.chunks.last_mut() {
                last.keep_with_next = true;
            }
        }
        let f = *self.frame;
        let gap = 14.0;
        let column = (self.width() - gap) / 2.0;
        // Two fields per row; a comb field (EORI) fits a column with cells of about 5 mm.
        for row in fields.chunks(2) {
            let mut items = Vec::new();
            let mut height: f32 = 0.0;
            for (index, field) in row.iter().enumerate() {
                let x = f.left + (column + gap) * index as f32;
                let (field_items, h) = self.field(field, x, column, column);
                items.extend(field_items);
                height = height.max(h);
            }
            self.push(Chunk {
                height,
                space_before: 8.0,
                keep_with_next: false,
                items,
            });
        }
    }

    /// A labelled field box at `x`, `w` wide, with its hint under it within `room`.
    fn field(&self, field: &FieldView, x: f32, w: f32, room: f32) -> (Vec<Item>, f32) {
        let f = *self.frame;
        let mut items = vec![text_item(
            x,
            f.small + 1.0,
            f.small + 0.5,
            Font::Bold,
            Ink::Text,
            &field.label,
        )];
        let top = f.small + 4.0;
        let h = mm(8.5);
        items.push(Item::Rect {
            x,
            y: top,
            w,
            h,
            fill: Some(Ink::Field),
            stroke: Some(Ink::Rule),
        });
        if let Some(cells) = field.max_len {
            let cell = w / cells as f32;
            for i in 1..cells {
                let cx = x + cell * i as f32;
                items.push(Item::Line {
                    x1: cx,
                    y1: top + h * 0.55,
                    x2: cx,
                    y2: top + h,
                    ink: Ink::Rule,
                    width: 0.4,
                });
            }
        }
        items.push(Item::Field {
            name: field.id.clone(),
            x,
            y: top,
            w,
            h,
            max_len: field.max_len,
            value: self.values.get(&field.id).cloned().unwrap_or_default(),
        });
        let mut height = top + h;
        if !field.hint.is_empty() {
            let lines = self.wrap(
                &plain_pieces(&field.hint, Font::Regular, Ink::Muted),
                room,
                f.small,
            );
            let (mut hint, hh) = self.lines_items(&lines, x, f.small);
            hint.iter_mut().for_each(|item| item.shift(height + 3.0));
            items.extend(hint);
            height += 3.0 + hh;
        }
        (items, height)
    }

    fn section(&mut self, section: &SectionView) {
        self.heading(
            Some(&section.number),
            &section.title.text,
            self.frame.heading,
        );
        let body = section.body.clone();
        self.prose(&body, self.frame.left, 2.0);
        for step in &section.steps {
            self.step(step, self.frame.left);
        }
    }

    /// A checkbox, number and title in one chunk, at `x`; returns where the text starts.
    fn step_head(&mut self, id: &str, number: &str, title: &Prose, x: f32, head: Head) -> f32 {
        let Head {
            bold,
            keep,
            space_before,
        } = head;
        let f = *self.frame;
        let size = f.body;
        let box_size = 10.5;
        let number_x = x + box_size + 6.0;
        let label = format!("{number}.");
        let number_width = self.measure.width(&label, Font::Bold, size);
        let text_x = number_x + number_width.max(size * 1.1) + 4.0;
        let mut pieces = title
            .blocks
            .iter()
            .flat_map(prose_pieces)
            .collect::<Vec<_>>();
        if bold {
            for piece in &mut pieces {
                if piece.href.is_none() {
                    piece.font = Font::Bold;
                }
            }
        }
        let lines = self.wrap(&pieces, f.right - text_x, size);
        let (mut items, h) = self.lines_items(&lines, text_x, size);
        items.push(Item::Check {
            name: id.to_string(),
            x,
            y: size * 1.0 - box_size + 1.5,
            size: box_size,
        });
        items.push(text_item(
            number_x,
            size,
            size,
            Font::Bold,
            Ink::Accent,
            &label,
        ));
        self.push(Chunk {
            height: h.max(box_size),
            space_before,
            keep_with_next: keep,
            items,
        });
        text_x
    }

    fn step(&mut self, step: &StepView, x: f32) {
        let keep = !step.options.is_empty() || step.email.is_some();
        let space = if step.depth == 1 { 7.0 } else { 5.0 };
        let head = Head {
            bold: false,
            keep,
            space_before: space,
        };
        let text_x = self.step_head(&step.id, &step.number, &step.title, x, head);
        self.prose(&step.body, text_x, 3.0);
        for sub in &step.substeps {
            self.step(sub, text_x);
        }
        if !step.options.is_empty() {
            let pieces = plain_pieces(&self.texts.choice, Font::Regular, Ink::Muted);
            self.paragraph(&pieces, text_x, self.frame.small + 1.0, 4.0);
            if let Some(last) = self.chunks.last_mut() {
                last.keep_with_next = true;
            }
            for option in &step.options {
                self.option(option, text_x);
            }
        }
        if let Some(email) = &step.email {
            self.email(email, text_x);
        }
        if let Some(result) = &step.result {
            let mut pieces = plain_pieces(&self.texts.result, Font::Bold, Ink::Text);
            let mut rest: Vec<Piece> = result.title.blocks.iter().flat_map(prose_pieces).collect();
            if let Some(first) = rest.first_mut() {
                first.space = true;
            }
            pieces.extend(rest);
            self.paragraph(&pieces, text_x, self.frame.body, 5.0);
        }
    }

    fn option(&mut self, option: &OptionView, x: f32) {
        let start = self.chunks.len();
        let head = Head {
            bold: true,
            keep: true,
            space_before: 6.0,
        };
        let text_x = self.step_head(&option.id, &option.number, &option.title, x, head);
        // A tinted band behind the option's own line marks it as an alternative.
        if let Some(chunk) = self.chunks.get_mut(start) {
            let h = chunk.height;
            chunk.items.insert(
                0,
                Item::Rect {
                    x: x - 3.0,
                    y: -3.0,
                    w: self.frame.right - x + 3.0,
                    h: h + 6.0,
                    fill: Some(Ink::Tint),
                    stroke: None,
                },
            );
        }
        self.prose(&option.body, text_x, 3.0);
        for step in &option.steps {
            self.step(step, text_x);
        }
    }

    /// The e-mail as a framed block: rows of captions and values, then the body.
    fn email(&mut self, email: &EmailView, x: f32) {
        let f = *self.frame;
        let size = f.body;
        let pad = 8.0;
        let caption_width = [
            &self.texts.email_from,
            &self.texts.email_to,
            &self.texts.email_cc,
            &self.texts.email_subject,
            &self.texts.email_body,
        ]
        .iter()
        .map(|t| self.measure.width(t, Font::Bold, size))
        .fold(0.0, f32::max)
            + 10.0;
        let value_x = x + pad + caption_width;
        let value_width = f.right - pad - value_x;
        let leading = f.line(size);
        let mut items = Vec::new();
        let mut y = pad;
        if !email.title.is_empty() {
            let lines = self.wrap(
                &plain_pieces(&email.title, Font::Bold, Ink::Accent),
                f.right - x - 2.0 * pad,
                size,
            );
            let (mut t, h) = self.lines_items(&lines, x + pad, size);
            t.iter_mut().for_each(|i| i.shift(y));
            items.extend(t);
            y += h + 6.0;
        }
        let row = |this: &Self,
                   items: &mut Vec<Item>,
                   y: &mut f32,
                   caption: &str,
                   pieces: Vec<Piece>,
                   blank: bool| {
            items.push(text_item(
                x + pad,
                *y + size,
                size,
                Font::Bold,
                Ink::Text,
                caption,
            ));
            if blank {
                // A line to write on, with what belongs there in small print under it.
                let line_y = *y + size + 2.0;
                items.push(Item::Line {
                    x1: value_x,
                    y1: line_y,
                    x2: f.right - pad,
                    y2: line_y,
                    ink: Ink::Rule,
                    width: 0.5,
                });
                let lines = this.wrap(&pieces, value_width, f.small);
                let (mut t, h) = this.lines_items(&lines, value_x, f.small);
                t.iter_mut().for_each(|i| i.shift(line_y + 2.0));
                items.extend(t);
                *y += size + 6.0 + h.max(f.small) + 4.0;
            } else {
                let lines = this.wrap(&pieces, value_width, size);
                let (mut t, h) = this.lines_items(&lines, value_x, size);
                t.iter_mut().for_each(|i| i.shift(*y));
                items.extend(t);
                let mut height = h.max(leading);
                if !pieces.is_empty() {
                    height += 3.0;
                }
                *y += height;
            }
        };
        // From: the sender's address if known, else a line to write it on.
        let from_value = email
            .from_field
            .as_ref()
            .and_then(|id| self.values.get(id))
            .filter(|v| !v.is_empty());
        match from_value {
            Some(value) => {
                let mut pieces = plain_pieces(value, Font::Regular, Ink::Text);
                if !email.from_note.is_empty() {
                    let mut note =
                        plain_pieces(&format!("({})", email.from_note), Font::Regular, Ink::Muted);
                    if let Some(first) = note.first_mut() {
                        first.space = true;
                    }
                    pieces.extend(note);
                }
                row(
                    self,
                    &mut items,
                    &mut y,
                    &self.texts.email_from,
                    pieces,
                    false,
                );
            }
            None => row(
                self,
                &mut items,
                &mut y,
                &self.texts.email_from,
                plain_pieces(&email.from_note, Font::Regular, Ink::Muted),
                true,
            ),
        }
        let addresses = |list: &[String], note: &str| {
            let mut pieces = Vec::new();
            for (i, address) in list.iter().enumerate() {
                let text = if i + 1 < list.len() {
                    format!("{address},")
                } else {
                    address.clone()
                };
                pieces.push(Piece {
                    text,
                    font: Font::Regular,
                    ink: Ink::Link,
                    href: Some(format!("mailto:{address}")),
                    space: i > 0,
                });
            }
            if !note.is_empty() {
                let mut note = plain_pieces(&format!("({note})"), Font::Regular, Ink::Muted);
                if let Some(first) = note.first_mut() {
                    first.space = true;
                }
                pieces.extend(note);
            }
            pieces
        };
        row(
            self,
            &mut items,
            &mut y,
            &self.texts.email_to,
            addresses(&email.to, &email.to_note),
            false,
        );
        if !email.cc.is_empty() {
            row(
                self,
                &mut items,
                &mut y,
                &self.texts.email_cc,
                addresses(&email.cc, &email.cc_note),
                false,
            );
        }
        let subject = self.parts(&email.subject, Font::Regular);
        row(
            self,
            &mut items,
            &mut y,
            &self.texts.email_subject,
            subject,
            false,
        );
        // Body: one row per line; a line that is only a field is a line to write on if empty.
        let body_lines = split_lines(&email.body);
        for (index, line) in body_lines.iter().enumerate() {
            let caption = if index == 0 {
                self.texts.email_body.as_str()
            } else {
                ""
            };
            let blank_field = match line.as_slice() {
                [TemplatePart::Field { id, label }] if self.value(id).is_none() => {
                    Some(label.clone())
                }
                _ => None,
            };
            match blank_field {
                Some(label) => row(
                    self,
                    &mut items,
                    &mut y,
                    caption,
                    plain_pieces(&label, Font::Regular, Ink::Muted),
                    true,
                ),
                None => {
                    let pieces = self.parts(line, Font::Regular);
                    row(self, &mut items, &mut y, caption, pieces, false);
                }
            }
        }
        if !email.body_note.is_empty() {
            let pieces = plain_pieces(&format!("→ {}", email.body_note), Font::Regular, Ink::Muted);
            let lines = self.wrap(&pieces, value_width, f.small + 0.5);
            let (mut t, h) = self.lines_items(&lines, value_x, f.small + 0.5);
            t.iter_mut().for_each(|i| i.shift(y + 2.0));
            items.extend(t);
            y += h + 4.0;
        }
        y += pad - 3.0;
        items.insert(
            0,
            Item::Rect {
                x,
                y: 0.0,
                w: f.right - x,
                h: y,
                fill: Some(Ink::Tint),
                stroke: Some(Ink::Accent),
            },
        );
        self.push(Chunk {
            height: y,
            space_before: 6.0,
            keep_with_next: false,
            items,
        });
    }

    fn value(&self, id: &str) -> Option<&String> {
        self.values.get(id).filter(|v| !v.is_empty())
    }

    /// Pieces of a subject or body line: literal text, and field values or `[label]`.
    fn parts(&self, parts: &[TemplatePart], font: Font) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let mut after_space = false;
        for part in parts {
            let (text, ink) = match part {
                TemplatePart::Text { text } => (text.clone(), Ink::Text),
                TemplatePart::Field { id, label } => match self.value(id) {
                    Some(value) => (value.clone(), Ink::Text),
                    None => (format!("[{label}]"), Ink::Muted),
                },
            };
            let mut words = split_words(&text, font, ink, None);
            if after_space && let Some(first) = words.first_mut() {
                first.space = true;
            }
            after_space = text.ends_with(char::is_whitespace);
            pieces.extend(words);
        }
        pieces
    }

    /// Lines to sign on, under a small heading, in one chunk.
    fn lines(&mut self, heading: &str, captions: &[String]) {
        if captions.is_empty() {
            return;
        }
        let f = *self.frame;
        let gap = 14.0;
        let cell = (self.width() - gap * (captions.len() as f32 - 1.0)) / captions.len() as f32;
        let mut items = vec![text_item(
            f.left,
            f.body,
            f.body,
            Font::Bold,
            Ink::Accent,
            heading,
        )];
        let line_y = f.body + mm(10.0);
        for (index, caption) in captions.iter().enumerate() {
            let x = f.left + (cell + gap) * index as f32;
            items.push(Item::Line {
                x1: x,
                y1: line_y,
                x2: x + cell,
                y2: line_y,
                ink: Ink::Rule,
                width: 0.6,
            });
            items.push(text_item(
                x,
                line_y + f.small + 3.0,
                f.small,
                Font::Regular,
                Ink::Muted,
                caption,
            ));
        }
        self.push(Chunk {
            height: line_y + f.small + 6.0,
            space_before: 18.0,
            keep_with_next: false,
            items,
        });
    }
}

/// Splits a subject or body into lines at the newlines of its text parts.
fn split_lines(parts: &[TemplatePart]) -> Vec<Vec<TemplatePart>> {
    let mut lines = vec![Vec::new()];
    for part in parts {
        match part {
            TemplatePart::Text { text } => {
                for (index, piece) in text.split('\n').enumerate() {
                    if index > 0 {
                        lines.push(Vec::new());
                    }
                    if !piece.is_empty() {
                        lines.last_mut().expect("a line").push(TemplatePart::Text {
                            text: piece.to_string(),
                        });
                    }
                }
            }
            field => lines.last_mut().expect("a line").push(field.clone()),
        }
    }
    lines
}

/// Pieces of a plain text: one per word.
fn plain_pieces(text: &str, font: Font, ink: Ink) -> Vec<Piece> {
    split_words(text, font, ink, None)
}

fn split_words(text: &str, font: Font, ink: Ink, href: Option<&str>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut space = text.starts_with(char::is_whitespace);
    for word in text.split_whitespace() {
        pieces.push(Piece {
            text: word.to_string(),
            font,
            ink,
            href: href.map(str::to_string),
            space,
        });
        space = true;
    }
    pieces
}

/// Pieces of a prose block, styled: labels and strong text bold, links in link colour.
fn prose_pieces(block: &ProseBlock) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut after_space = false;
    for run in &block.runs {
        let (font, ink) = match run.style {
            RunStyle::Plain | RunStyle::Emphasis | RunStyle::Code => (Font::Regular, Ink::Text),
            RunStyle::Strong | RunStyle::Label | RunStyle::StepRef => (Font::Bold, Ink::Text),
            RunStyle::Field => (Font::Bold, Ink::Accent),
            RunStyle::Link => (Font::Regular, Ink::Link),
        };
        let href = run.href.as_deref().filter(|_| run.style == RunStyle::Link);
        let mut words = split_words(&run.text, font, ink, href);
        // A run glues to the previous one ("(" + label + ")") unless a space separates them.
        if after_space && let Some(first) = words.first_mut() {
            first.space = true;
        }
        after_space = run.text.ends_with(char::is_whitespace);
        pieces.extend(words);
    }
    pieces
}

#[cfg(test)]
mod tests;
