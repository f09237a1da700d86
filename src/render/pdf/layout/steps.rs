//! The procedure's numbered sections and their steps: checkbox, number and title of each step,
//! its body, sub-steps, the options of a choice, its e-mail and its expected result.

use super::builder::Builder;
use super::item::Item;
use super::text::{Piece, plain_pieces, prose_pieces, spaced};
use super::{Chunk, Font, Ink};
use crate::view::prose::Prose;
use crate::view::{OptionView, SectionView, StepView};

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

/// The side of a step's checkbox.
const BOX_SIZE: f32 = 10.5;

impl Builder<'_> {
    /// A section: its numbered heading, its body and its steps.
    pub(super) fn section(&mut self, section: &SectionView) {
        self.heading(
            Some(&section.number),
            &section.title.text,
            self.frame.heading,
        );
        self.prose(&section.body, self.frame.left, 2.0);
        for step in &section.steps {
            self.step(step, self.frame.left);
        }
    }

    /// A step at `x` and everything that belongs to it, each part set from where its head's
    /// text starts.
    fn step(&mut self, step: &StepView, x: f32) {
        // A step with options or an e-mail must not end a page without them.
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
            self.keep_last_with_next();
            for option in &step.options {
                self.option(option, text_x);
            }
        }
        if let Some(email) = &step.email {
            self.email(email, text_x);
        }
        if let Some(result) = &step.result {
            let caption = plain_pieces(&self.texts.result, Font::Bold, Ink::Text);
            let title: Vec<Piece> = result.title.blocks.iter().flat_map(prose_pieces).collect();
            self.paragraph(&spaced(caption, title), text_x, self.frame.body, 5.0);
        }
    }

    /// One option of a choice: a step-like head on a tinted band, its body and its steps.
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
            let w = self.frame.right - x + 3.0;
            let band = Item::band(x - 3.0, -3.0, w, chunk.height + 6.0, Ink::Tint);
            chunk.items.insert(0, band);
        }
        self.prose(&option.body, text_x, 3.0);
        for step in &option.steps {
            self.step(step, text_x);
        }
    }

    /// A checkbox, number and title in one chunk, at `x`; returns where the text starts.
    fn step_head(&mut self, id: &str, number: &str, title: &Prose, x: f32, head: Head) -> f32 {
        let f = *self.frame;
        let size = f.body;
        let number_x = x + BOX_SIZE + 6.0;
        let label = format!("{number}.");
        let number_width = self.measure.width(&label, Font::Bold, size);
        let text_x = number_x + number_width.max(size * 1.1) + 4.0;
        let mut pieces: Vec<Piece> = title.blocks.iter().flat_map(prose_pieces).collect();
        if head.bold {
            // Links keep their own look, so they still read as links.
            for piece in pieces.iter_mut().filter(|piece| piece.href.is_none()) {
                piece.font = Font::Bold;
            }
        }
        let (mut items, h) = self.set_text(&pieces, text_x, f.right - text_x, size, 0.0);
        items.push(Item::Check {
            name: id.to_string(),
            x,
            y: size * 1.0 - BOX_SIZE + 1.5,
            size: BOX_SIZE,
        });
        items.push(Item::text(
            number_x,
            size,
            size,
            Font::Bold,
            Ink::Accent,
            &label,
        ));
        self.push(Chunk {
            height: h.max(BOX_SIZE),
            space_before: head.space_before,
            keep_with_next: head.keep,
            items,
        });
        text_x
    }
}
