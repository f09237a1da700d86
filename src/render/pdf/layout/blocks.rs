//! The blocks around the procedure's steps: the title block (title, subtitle, facts and QR
//! code), headings, the fill-in fields and the lines to sign on.

use super::builder::Builder;
use super::item::{Item, Tag};
use super::text::{fit, plain_pieces};
use super::{Chunk, Font, Ink};
use crate::model::FieldKind;
use crate::render::pdf::template::{Fact, Qr};
use crate::theme::pdf::mm;
use crate::view::FieldView;

/// The side of the title block's QR code.
fn qr_size() -> f32 {
    mm(26.0)
}

impl Builder<'_> {
    /// The title block: title and subtitle, a row of facts, and a QR code to the right.
    pub(super) fn title(&mut self, text: &str, subtitle: &str, facts: &[Fact], qr: Option<&Qr>) {
        let f = *self.frame;
        let left_width = match qr {
            Some(_) => f.text_width() - qr_size() - 18.0,
            None => f.text_width(),
        };
        let title = plain_pieces(text, Font::Bold, Ink::Accent);
        let (title, h) = self.set_text(&title, f.left, left_width, f.title, 0.0);
        let mut items = tagged(Tag::H1, title);
        let mut y = h + 6.0;
        if !subtitle.is_empty() {
            let subtitle = plain_pieces(subtitle, Font::Regular, Ink::Muted);
            let (sub, h) = self.set_text(&subtitle, f.left, left_width, f.body, y);
            items.extend(tagged(Tag::P, sub));
            y += h + 8.0;
        }
        if !facts.is_empty() {
            y = self.facts(&mut items, facts, left_width, y);
        }
        if let Some(qr) = qr {
            y = y.max(self.qr(&mut items, qr));
        }
        self.push(Chunk {
            height: y,
            space_before: 0.0,
            keep_with_next: false,
            items,
        });
    }

    /// Facts as a row of small label-over-value cells between rules, from `y`; returns the
    /// bottom of the row. Each cell is as wide as its label or value needs (a verification
    /// state in words is longer than a version), the space left shared out. If they do not fit
    /// in one row, they are stacked, each value wrapped to the whole width: what identifies a
    /// copy is never cut.
    fn facts(&self, items: &mut Vec<Item>, facts: &[Fact], width: f32, y: f32) -> f32 {
        const GAP: f32 = 8.0;
        let f = *self.frame;
        let natural: Vec<f32> = facts
            .iter()
            .map(|fact| {
                let label = self.measure.width(&fact.label, Font::Regular, f.small);
                let value = self.measure.width(&fact.value, Font::Bold, f.body);
                label.max(value) + GAP
            })
            .collect();
        let needed: f32 = natural.iter().sum();
        if needed > width {
            return self.stacked_facts(items, facts, width, y);
        }
        let extra = (width - needed) / facts.len() as f32;
        let cells: Vec<f32> = natural.iter().map(|w| w + extra).collect();
        items.push(Item::rule(f.left, f.left + width, y, Ink::Rule, 0.5));
        let mut x = f.left;
        for (fact, cell) in facts.iter().zip(&cells) {
            let room = cell - GAP;
            let label = fit(&fact.label, room, Font::Regular, f.small, self.measure);
            let value = fit(&fact.value, room, Font::Bold, f.body, self.measure);
            let label_y = y + 4.0 + f.small;
            let value_y = y + 6.0 + f.small + f.body * 1.2;
            // Read as one paragraph: "Version 1.2".
            items.push(Item::open(Tag::P));
            items.push(Item::text(
                x,
                label_y,
                f.small,
                Font::Regular,
                Ink::Muted,
                &label,
            ));
            items.push(Item::text(
                x,
                value_y,
                f.body,
                Font::Bold,
                Ink::Text,
                &value,
            ));
            items.push(Item::Close);
            x += cell;
        }
        let y = y + (10.0 + f.small + f.body * 1.3);
        items.push(Item::rule(f.left, f.left + width, y, Ink::Rule, 0.5));
        y
    }

    /// Facts one under the other between rules, each label over its value wrapped to `width`;
    /// returns the bottom.
    fn stacked_facts(&self, items: &mut Vec<Item>, facts: &[Fact], width: f32, y: f32) -> f32 {
        let f = *self.frame;
        items.push(Item::rule(f.left, f.left + width, y, Ink::Rule, 0.5));
        let mut y = y + 4.0;
        for fact in facts {
            let label = fit(&fact.label, width, Font::Regular, f.small, self.measure);
            items.push(Item::open(Tag::P));
            items.push(Item::text(
                f.left,
                y + f.small,
                f.small,
                Font::Regular,
                Ink::Muted,
                &label,
            ));
            let value = plain_pieces(&fact.value, Font::Bold, Ink::Text);
            let (value, h) = self.set_text(&value, f.left, width, f.body, y + f.small + 2.0);
            items.extend(value);
            items.push(Item::Close);
            y += f.small + 2.0 + h + 4.0;
        }
        items.push(Item::rule(f.left, f.left + width, y, Ink::Rule, 0.5));
        y
    }

    /// The QR code at the top right, clickable, with its caption centred under it; returns the
    /// bottom of the caption.
    fn qr(&self, items: &mut Vec<Item>, qr: &Qr) -> f32 {
        let f = *self.frame;
        let size = qr_size();
        let x = f.right - size;
        let url = qr.url.clone();
        // The link wraps the figure that follows it (see `tags`); links are inline, so they sit
        // in a paragraph.
        items.push(Item::open(Tag::P));
        items.push(Item::Link {
            x,
            y: 0.0,
            w: size,
            h: size,
            url: url.clone(),
        });
        let alt = match qr.caption.trim() {
            "" => format!("QR code: {url}"),
            caption => format!("QR code, {caption}: {url}"),
        };
        items.push(Item::Qr {
            alt,
            x,
            y: 0.0,
            size,
            url,
        });
        items.push(Item::Close);
        let caption = fit(
            &qr.caption,
            size + 18.0,
            Font::Regular,
            f.small,
            self.measure,
        );
        let w = self.measure.width(&caption, Font::Regular, f.small);
        let caption_y = size + f.small + 2.0;
        let caption_x = x + (size - w) / 2.0;
        items.push(Item::open(Tag::P));
        items.push(Item::text(
            caption_x,
            caption_y,
            f.small,
            Font::Regular,
            Ink::Muted,
            &caption,
        ));
        items.push(Item::Close);
        size + f.small + 6.0
    }

    /// A heading (with an optional number in a badge); kept with what follows.
    pub(super) fn heading(&mut self, number: Option<&str>, text: &str, size: f32) {
        let f = *self.frame;
        let mut items = vec![Item::open(Tag::H2)];
        let mut x = f.left;
        if let Some(number) = number {
            let nw = self.measure.width(number, Font::Bold, size);
            let w = nw.max(size) + 8.0;
            items.push(Item::band(x, 0.0, w, size * 1.45, Ink::Accent));
            let number_x = x + (w - nw) / 2.0;
            items.push(Item::text(
                number_x,
                size * 1.07,
                size,
                Font::Bold,
                Ink::Paper,
                number,
            ));
            x += w + 8.0;
        }
        let title = plain_pieces(text, Font::Bold, Ink::Accent);
        let (text_items, h) = self.set_text(&title, x, f.right - x, size, 0.0);
        items.extend(text_items);
        items.push(Item::Close);
        let h = h.max(size * 1.45) + 4.0;
        items.push(Item::rule(f.left, f.right, h, Ink::Accent, 0.8));
        self.push(Chunk {
            height: h + 6.0,
            space_before: 16.0,
            keep_with_next: true,
            items,
        });
    }

    /// The procedure's fill-in fields under a heading and an optional note, two per row.
    pub(super) fn fields(&mut self, heading: &str, note: &str) {
        let view = self.view;
        let fields = &view.fields;
        if fields.is_empty() {
            return;
        }
        self.heading(None, heading, self.frame.heading);
        if !note.is_empty() {
            let pieces = plain_pieces(note, Font::Regular, Ink::Muted);
            self.open(Tag::P);
            self.paragraph(&pieces, self.frame.left, self.frame.small + 1.0, 0.0);
            self.close();
            self.keep_last_with_next();
        }
        let f = *self.frame;
        let gap = 14.0;
        let column = (f.text_width() - gap) / 2.0;
        // Two fields per row; a comb field (EORI) fits a column with cells of about 5 mm. A
        // free-text field with a hint (a company name "as it appears in TRACES NT") takes a
        // row of its own: its value runs long and its hint needs the room.
        let mut rows: Vec<Vec<&FieldView>> = Vec::new();
        for field in fields {
            let wide = is_wide(field);
            match rows.last_mut() {
                Some(row) if !wide && row.len() == 1 && !is_wide(row[0]) => row.push(field),
                _ => rows.push(vec![field]),
            }
        }
        for row in rows {
            let mut items = Vec::new();
            let mut height: f32 = 0.0;
            for (index, field) in row.iter().enumerate() {
                let x = f.left + (column + gap) * index as f32;
                let w = if is_wide(field) {
                    f.text_width()
                } else {
                    column
                };
                let (field_items, h) = self.field(field, x, w, w);
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
        let label_size = f.small + 0.5;
        let label = Item::text(
            x,
            f.small + 1.0,
            label_size,
            Font::Bold,
            Ink::Text,
            &field.label,
        );
        // The label, the field (a `Form` element, named by `/TU` too) and its hint, as a group.
        let mut items = vec![Item::open(Tag::Div), Item::open(Tag::P), label, Item::Close];
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
        // A comb: short ticks between the cells, so each character has its place.
        if let Some(cells) = field.max_len {
            let cell = w / cells as f32;
            for i in 1..cells {
                let cx = x + cell * i as f32;
                items.push(Item::upright(cx, top + h * 0.55, top + h, Ink::Rule, 0.4));
            }
        }
        items.push(Item::Field {
            name: field.id.clone(),
            label: field.label.clone(),
            x,
            y: top,
            w,
            h,
            max_len: field.max_len,
            value: self.values.get(&field.id).cloned().unwrap_or_default(),
        });
        let mut height = top + h;
        if !field.hint.is_empty() {
            let hint = plain_pieces(&field.hint, Font::Regular, Ink::Muted);
            let (hint, hint_height) = self.set_text(&hint, x, room, f.small, height + 3.0);
            items.extend(tagged(Tag::P, hint));
            height += 3.0 + hint_height;
        }
        items.push(Item::Close);
        (items, height)
    }

    /// Lines to sign on, under a small heading, in one chunk.
    pub(super) fn lines(&mut self, heading: &str, captions: &[String]) {
        if captions.is_empty() {
            return;
        }
        let f = *self.frame;
        let gap = 14.0;
        let count = captions.len() as f32;
        let cell = (f.text_width() - gap * (count - 1.0)) / count;
        let mut items = vec![
            Item::open(Tag::Div),
            Item::open(Tag::P),
            Item::text(f.left, f.body, f.body, Font::Bold, Ink::Accent, heading),
            Item::Close,
        ];
        let line_y = f.body + mm(10.0);
        for (index, caption) in captions.iter().enumerate() {
            let x = f.left + (cell + gap) * index as f32;
            let caption_y = line_y + f.small + 3.0;
            items.push(Item::rule(x, x + cell, line_y, Ink::Rule, 0.6));
            items.push(Item::open(Tag::P));
            items.push(Item::text(
                x,
                caption_y,
                f.small,
                Font::Regular,
                Ink::Muted,
                caption,
            ));
            items.push(Item::Close);
        }
        items.push(Item::Close);
        self.push(Chunk {
            height: line_y + f.small + 6.0,
            space_before: 18.0,
            keep_with_next: false,
            items,
        });
    }
}

/// Whether a field takes a row of its own (see [`Builder::fields`]).
fn is_wide(field: &FieldView) -> bool {
    field.kind == FieldKind::Text && !field.hint.is_empty()
}

/// `items` inside an element of kind `tag`.
fn tagged(tag: Tag, items: Vec<Item>) -> Vec<Item> {
    let mut out = Vec::with_capacity(items.len() + 2);
    out.push(Item::open(tag));
    out.extend(items);
    out.push(Item::Close);
    out
}
