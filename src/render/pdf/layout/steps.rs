//! The procedure's numbered sections and their steps: checkbox, number and title of each step,
//! its body, sub-steps, the options of a choice, its e-mail and its expected result.

use super::builder::Builder;
use super::item::{Item, Tag};
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
        self.steps(&section.steps, self.frame.left);
    }

    /// Steps at `x` as a list (`L`), each an `LI`.
    fn steps(&mut self, steps: &[StepView], x: f32) {
        if steps.is_empty() {
            return;
        }
        self.open(Tag::L);
        for step in steps {
            self.step(step, x);
        }
        self.close();
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
        // A list item: its checkbox and number are the label, the rest its body.
        self.open_in(Tag::LI, step.fallback_lang.as_deref());
        let tick = Tick::Check;
        let start = self.chunks.len();
        let text_x = self.step_head(&step.id, &step.number, &step.title, x, head, tick);
        if let Some(version) = &step.changed_in
            && !self.texts.changed_in.is_empty()
        {
            // As on the page: "Changed in version 1.1", under the step's title.
            let mark = format!("{} {version}", self.texts.changed_in);
            let pieces = plain_pieces(&mark, Font::Bold, Ink::Accent);
            self.open(Tag::P);
            self.paragraph(&pieces, text_x, self.frame.small, 1.0);
            self.close();
        }
        self.prose(&step.body, text_x, 3.0);
        self.screens(&step.screens, text_x, start);
        self.steps(&step.substeps, text_x);
        if !step.options.is_empty() {
            let pieces = plain_pieces(&self.texts.choice, Font::Regular, Ink::Muted);
            self.open(Tag::P);
            self.paragraph(&pieces, text_x, self.frame.small + 1.0, 4.0);
            self.close();
            self.keep_last_with_next();
            self.open(Tag::L);
            let group = Group {
                name: &choice_field(&step.id),
                label: &format!("{}. {}", step.number, plain_text(&step.title)),
            };
            for option in &step.options {
                self.option(option, group, text_x);
            }
            self.close();
        }
        if let Some(email) = &step.email {
            self.email(email, text_x);
        }
        if let Some(result) = &step.result {
            let caption = plain_pieces(&self.texts.result, Font::Bold, Ink::Text);
            let title: Vec<Piece> = result.title.blocks.iter().flat_map(prose_pieces).collect();
            self.open_in(Tag::P, result.fallback_lang.as_deref());
            self.paragraph(&spaced(caption, title), text_x, self.frame.body, 5.0);
            self.close();
        }
        self.close(); // LBody
        self.close(); // LI
    }

    /// One option of a choice: a step-like head on a tinted band, with a button of the
    /// choice's radio group `group`, its body and its steps.
    fn option(&mut self, option: &OptionView, group: Group<'_>, x: f32) {
        let start = self.chunks.len();
        let head = Head {
            bold: true,
            keep: true,
            space_before: 6.0,
        };
        self.open_in(Tag::LI, option.fallback_lang.as_deref());
        let tick = Tick::Radio { group };
        let text_x = self.step_head(&option.id, &option.number, &option.title, x, head, tick);
        // A tinted band behind the option's own line marks it as an alternative.
        if let Some(chunk) = self.chunks.get_mut(start) {
            let w = self.frame.right - x + 3.0;
            let band = Item::band(x - 3.0, -3.0, w, chunk.height + 6.0, Ink::Tint);
            chunk.items.insert(0, band);
        }
        self.prose(&option.body, text_x, 3.0);
        self.steps(&option.steps, text_x);
        self.close(); // LBody
        self.close(); // LI
    }

    /// A checkbox (or radio button), number and title in one chunk, at `x`; returns where the
    /// text starts. The box and number are the list item's `Lbl`; its `LBody` is left open,
    /// the title its first paragraph.
    fn step_head(
        &mut self,
        id: &str,
        number: &str,
        title: &Prose,
        x: f32,
        head: Head,
        tick: Tick<'_>,
    ) -> f32 {
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
        let (text, h) = self.set_text(&pieces, text_x, f.right - text_x, size, 0.0);
        let name = format!("{label} {}", plain_text(title));
        let (y, side) = (size * 1.0 - BOX_SIZE + 1.5, BOX_SIZE);
        let widget = match tick {
            Tick::Check => Item::Check {
                name: id.to_string(),
                label: name,
                x,
                y,
                size: side,
            },
            Tick::Radio { group } => Item::Radio {
                group: group.name.to_string(),
                group_label: group.label.to_string(),
                value: id.to_string(),
                label: name,
                x,
                y,
                size: side,
            },
        };
        let number = Item::text(number_x, size, size, Font::Bold, Ink::Accent, &label);
        let mut items = vec![Item::open(Tag::Lbl), widget, number, Item::Close];
        items.extend([Item::open(Tag::LBody), Item::open(Tag::P)]);
        items.extend(text);
        items.push(Item::Close);
        self.push(Chunk {
            height: h.max(BOX_SIZE),
            space_before: head.space_before,
            keep_with_next: head.keep,
            items,
        });
        text_x
    }
}

/// What a step's head is ticked with.
#[derive(Clone, Copy)]
enum Tick<'a> {
    /// A checkbox of its own.
    Check,
    /// A button of the radio group `group` (an option of a choice).
    Radio {
        /// The group.
        group: Group<'a>,
    },
}

/// The radio group of a choice.
#[derive(Clone, Copy)]
struct Group<'a> {
    /// Its field name.
    name: &'a str,
    /// Its accessible name.
    label: &'a str,
}

/// The field name of the radio group of the choice made at step `step_id`: the step's own
/// checkbox has the step id, so the group is `choice:` and the id (ids are slugs, so this never
/// clashes with one). The page keeps the same choice under the step id.
pub fn choice_field(step_id: &str) -> String {
    format!("choice:{step_id}")
}

/// The text of a title, plain.
fn plain_text(prose: &Prose) -> String {
    let mut out = String::new();
    for block in &prose.blocks {
        for run in &block.runs {
            out.push_str(&run.text);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
