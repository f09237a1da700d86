//! The e-mail block of a step: a framed, tinted box with rows of captions and values (from,
//! to, cc, subject), then the body line by line and a note under it. Field values fill in the
//! sender and the body; a field without a value becomes a line to write on.

use super::builder::Builder;
use super::item::{Item, Tag};
use super::text::{Piece, Runs, plain_pieces, with_note};
use super::{Chunk, Font, Ink};
use crate::view::{EmailView, TemplatePart};

/// Space between the box's frame and its content.
const PAD: f32 = 8.0;

/// The e-mail block being built: where its parts go, what it draws so far and how far down
/// it reaches. Items are relative to the box's top.
struct EmailBox {
    /// Left edge of the box.
    x: f32,
    /// Left edge of the values, right of the widest caption.
    value_x: f32,
    /// Room for the values.
    value_width: f32,
    /// The top of the next row.
    y: f32,
    /// What it draws, the frame not included yet.
    items: Vec<Item>,
}

impl Builder<'_> {
    /// The e-mail as a framed block at `x`: rows of captions and values, then the body.
    pub(super) fn email(&mut self, email: &EmailView, x: f32) {
        let mut block = self.email_box(x);
        if !email.title.is_empty() {
            self.email_title(&mut block, &email.title);
        }
        self.sender_row(&mut block, email);
        let to = addresses(&email.to, &email.to_note);
        self.value_row(&mut block, &self.texts.email_to, to);
        if !email.cc.is_empty() {
            let cc = addresses(&email.cc, &email.cc_note);
            self.value_row(&mut block, &self.texts.email_cc, cc);
        }
        let subject = self.parts(&email.subject);
        self.value_row(&mut block, &self.texts.email_subject, subject);
        self.body_rows(&mut block, &email.body);
        if !email.body_note.is_empty() {
            self.body_note(&mut block, &email.body_note);
        }
        let chunk = self.close_box(block);
        self.push(chunk);
    }

    /// An empty box at `x`, its values aligned right of the widest caption.
    fn email_box(&self, x: f32) -> EmailBox {
        let f = self.frame;
        let t = self.texts;
        let captions = [
            &t.email_from,
            &t.email_to,
            &t.email_cc,
            &t.email_subject,
            &t.email_body,
        ];
        let caption_width = captions
            .iter()
            .map(|caption| self.measure.width(caption, Font::Bold, f.body))
            .fold(0.0, f32::max)
            + 10.0;
        let value_x = x + PAD + caption_width;
        EmailBox {
            x,
            value_x,
            value_width: f.right - PAD - value_x,
            y: PAD,
            items: Vec::new(),
        }
    }

    /// The e-mail's title across the box.
    fn email_title(&self, block: &mut EmailBox, title: &str) {
        let f = self.frame;
        let pieces = plain_pieces(title, Font::Bold, Ink::Accent);
        let width = f.right - block.x - 2.0 * PAD;
        let (items, h) = self.set_text(&pieces, block.x + PAD, width, f.body, block.y);
        block.paragraph(items);
        block.y += h + 6.0;
    }

    /// From: the sender's address if known, else a line to write it on.
    fn sender_row(&self, block: &mut EmailBox, email: &EmailView) {
        let caption = &self.texts.email_from;
        let sender = email.from_field.as_deref().and_then(|id| self.value(id));
        match sender {
            Some(address) => {
                let pieces = plain_pieces(address, Font::Regular, Ink::Text);
                self.value_row(block, caption, with_note(pieces, &email.from_note));
            }
            None => {
                let hint = plain_pieces(&email.from_note, Font::Regular, Ink::Muted);
                self.blank_row(block, caption, hint);
            }
        }
    }

    /// Body: one row per line; a line that is only a field is a line to write on if empty.
    fn body_rows(&self, block: &mut EmailBox, body: &[TemplatePart]) {
        for (index, line) in split_lines(body).iter().enumerate() {
            let caption = if index == 0 {
                self.texts.email_body.as_str()
            } else {
                ""
            };
            match line.as_slice() {
                [TemplatePart::Field { id, label }] if self.value(id).is_none() => {
                    let hint = plain_pieces(label, Font::Regular, Ink::Muted);
                    self.blank_row(block, caption, hint);
                }
                _ => self.value_row(block, caption, self.parts(line)),
            }
        }
    }

    /// A note under the body, in small print.
    fn body_note(&self, block: &mut EmailBox, note: &str) {
        let size = self.frame.small + 0.5;
        let pieces = plain_pieces(&format!("→ {note}"), Font::Regular, Ink::Muted);
        let (items, h) = self.set_text(
            &pieces,
            block.value_x,
            block.value_width,
            size,
            block.y + 2.0,
        );
        block.paragraph(items);
        block.y += h + 4.0;
    }

    /// A row with its caption and its value.
    fn value_row(&self, block: &mut EmailBox, caption: &str, pieces: Vec<Piece>) {
        let f = self.frame;
        let size = f.body;
        let caption = caption_item(block, caption, size);
        let (items, h) = self.set_text(&pieces, block.value_x, block.value_width, size, block.y);
        block.paragraph(std::iter::once(caption).chain(items).collect());
        let mut height = h.max(f.line(size));
        if !pieces.is_empty() {
            height += 3.0;
        }
        block.y += height;
    }

    /// A row with its caption and a line to write on, with what belongs there (`hint`) in
    /// small print under it.
    fn blank_row(&self, block: &mut EmailBox, caption: &str, hint: Vec<Piece>) {
        let f = self.frame;
        let size = f.body;
        let caption = caption_item(block, caption, size);
        let line_y = block.y + size + 2.0;
        let line = Item::rule(block.value_x, f.right - PAD, line_y, Ink::Rule, 0.5);
        let (items, h) = self.set_text(
            &hint,
            block.value_x,
            block.value_width,
            f.small,
            line_y + 2.0,
        );
        let row = [caption, line].into_iter().chain(items).collect();
        block.paragraph(row);
        block.y += size + 6.0 + h.max(f.small) + 4.0;
    }

    /// The finished block as a chunk: its items on a tinted, framed background.
    fn close_box(&self, block: EmailBox) -> Chunk {
        let EmailBox {
            x, mut items, y, ..
        } = block;
        let height = y + (PAD - 3.0);
        let background = Item::Rect {
            x,
            y: 0.0,
            w: self.frame.right - x,
            h: height,
            fill: Some(Ink::Tint),
            stroke: Some(Ink::Accent),
        };
        // The whole e-mail is one group of paragraphs, one per row.
        items.splice(0..0, [Item::open(Tag::Div), background]);
        items.push(Item::Close);
        Chunk {
            height,
            space_before: 6.0,
            keep_with_next: false,
            items,
        }
    }

    /// A field's value, if it has a non-empty one.
    fn value(&self, id: &str) -> Option<&String> {
        self.values.get(id).filter(|v| !v.is_empty())
    }

    /// Pieces of a subject or body line: literal text, and field values or `[label]`.
    fn parts(&self, parts: &[TemplatePart]) -> Vec<Piece> {
        let mut runs = Runs::default();
        for part in parts {
            let (text, ink) = match part {
                TemplatePart::Text { text } => (text.clone(), Ink::Text),
                TemplatePart::Field { id, label } => match self.value(id) {
                    Some(value) => (value.clone(), Ink::Text),
                    None => (format!("[{label}]"), Ink::Muted),
                },
            };
            runs.push(&text, Font::Regular, ink, None);
        }
        runs.pieces
    }
}

impl EmailBox {
    /// Adds a row's items as one paragraph.
    fn paragraph(&mut self, items: Vec<Item>) {
        self.items.push(Item::open(Tag::P));
        self.items.extend(items);
        self.items.push(Item::Close);
    }
}

/// The caption of a row, at the box's left.
fn caption_item(block: &EmailBox, caption: &str, size: f32) -> Item {
    Item::text(
        block.x + PAD,
        block.y + size,
        size,
        Font::Bold,
        Ink::Text,
        caption,
    )
}

/// Addresses as `mailto:` links separated by commas, then `(note)` if any.
fn addresses(list: &[String], note: &str) -> Vec<Piece> {
    let pieces = list
        .iter()
        .enumerate()
        .map(|(i, address)| Piece {
            text: if i + 1 < list.len() {
                format!("{address},")
            } else {
                address.clone()
            },
            font: Font::Regular,
            ink: Ink::Link,
            href: Some(format!("mailto:{address}")),
            space: i > 0,
        })
        .collect();
    with_note(pieces, note)
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
