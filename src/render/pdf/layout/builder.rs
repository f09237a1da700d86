//! The chunk builder: it walks the theme's blocks and cuts their content into [`Chunk`]s. This
//! file holds the builder itself, the dispatch by block kind and what every block uses to set
//! text: wrapped lines, paragraphs and body prose. The blocks themselves are in [`super::blocks`],
//! [`super::steps`] and [`super::email`].

use std::collections::BTreeMap;

use super::item::{Item, Tag};
use super::text::{Line, Piece, plain_pieces, prose_pieces, set_lines, spaced, wrap};
use super::{Chunk, Font, Frame, Ink, Measure};
use crate::render::pdf::template::{Block, Texts};
use crate::view::ProcedureView;
use crate::view::prose::{BlockKind, Prose, ProseBlock};

/// Builds the chunks of one checklist, top to bottom.
pub(super) struct Builder<'a> {
    /// Page geometry and sizes.
    pub(super) frame: &'a Frame,
    /// Text widths.
    pub(super) measure: &'a dyn Measure,
    /// The theme's fixed words.
    pub(super) texts: &'a Texts,
    /// Field values to pre-fill, by field id.
    pub(super) values: &'a BTreeMap<String, String>,
    /// The procedure.
    pub(super) view: &'a ProcedureView,
    /// The chunks so far.
    pub(super) chunks: Vec<Chunk>,
    /// Items waiting for the next chunk: structure elements opened (and what goes before that
    /// chunk's own items, such as a list item's marker).
    pending: Vec<Item>,
}

impl<'a> Builder<'a> {
    /// A builder with no chunks yet.
    pub(super) fn new(
        frame: &'a Frame,
        measure: &'a dyn Measure,
        texts: &'a Texts,
        values: &'a BTreeMap<String, String>,
        view: &'a ProcedureView,
    ) -> Self {
        Builder {
            frame,
            measure,
            texts,
            values,
            view,
            chunks: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// The chunks, every element closed.
    pub(super) fn finish(mut self) -> Vec<Chunk> {
        if !self.pending.is_empty() {
            let pending = std::mem::take(&mut self.pending);
            match self.chunks.last_mut() {
                Some(last) => last.items.extend(pending),
                None => self.chunks.push(Chunk {
                    items: pending,
                    ..Chunk::default()
                }),
            }
        }
        self.chunks
    }
}

impl Builder<'_> {
    /// Adds the chunks of one of the theme's blocks.
    pub(super) fn block(&mut self, block: &Block) {
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
                self.open(Tag::P);
                self.paragraph(&pieces, self.frame.left, self.frame.body, 6.0);
                self.close();
            }
            Block::Intro => {
                let view = self.view;
                self.prose(&view.intro, self.frame.left, 6.0);
            }
            Block::Fields { heading, note } => self.fields(heading, note),
            Block::Sections => {
                let view = self.view;
                for section in &view.sections {
                    self.open(Tag::Sect);
                    self.section(section);
                    self.close();
                }
            }
            Block::Lines { heading, lines } => self.lines(heading, lines),
        }
    }

    /// Adds a finished chunk below the others, inside the elements opened since the last one.
    pub(super) fn push(&mut self, mut chunk: Chunk) {
        if !self.pending.is_empty() {
            chunk.items.splice(0..0, self.pending.drain(..));
        }
        self.chunks.push(chunk);
    }

    /// Opens a structure element: the chunks pushed until the matching [`Builder::close`] are
    /// in it.
    pub(super) fn open(&mut self, tag: Tag) {
        self.pending.push(Item::open(tag));
    }

    /// Opens an element in `lang` if given (words shown in a fallback language).
    pub(super) fn open_in(&mut self, tag: Tag, lang: Option<&str>) {
        self.pending.push(Item::Open {
            tag,
            lang: lang.map(str::to_string),
        });
    }

    /// Puts an item before the next chunk's own items (a list item's marker).
    pub(super) fn before_next(&mut self, item: Item) {
        self.pending.push(item);
    }

    /// Closes the element opened last, after the last chunk (or, if nothing was pushed since
    /// it was opened, in the pending items: the tree drops empty elements).
    pub(super) fn close(&mut self) {
        match self.chunks.last_mut() {
            Some(last) if self.pending.is_empty() => last.items.push(Item::Close),
            _ => self.pending.push(Item::Close),
        }
    }

    /// Keeps the last chunk on the page of the next one (a caption above what it introduces).
    pub(super) fn keep_last_with_next(&mut self) {
        if let Some(last) = self.chunks.last_mut() {
            last.keep_with_next = true;
        }
    }

    /// `pieces` wrapped to `width` and set from (`x`, `dy`): the items and their height.
    pub(super) fn set_text(
        &self,
        pieces: &[Piece],
        x: f32,
        width: f32,
        size: f32,
        dy: f32,
    ) -> (Vec<Item>, f32) {
        let lines = wrap(pieces, width, size, self.measure);
        let (mut items, height) = set_lines(&lines, x, size, self.frame, self.measure);
        items.iter_mut().for_each(|item| item.shift(dy));
        (items, height)
    }

    /// A paragraph as one chunk per line, so long texts break between lines.
    pub(super) fn paragraph(&mut self, pieces: &[Piece], x: f32, size: f32, space_before: f32) {
        let lines = wrap(pieces, self.frame.right - x, size, self.measure);
        self.lines_chunks(&lines, x, size, space_before, None);
    }

    /// One chunk per wrapped line at `x`, on a `tint` band with an accent bar if given.
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
            let (mut items, _) = set_lines(
                std::slice::from_ref(line),
                x,
                size,
                self.frame,
                self.measure,
            );
            if let Some(ink) = tint {
                let band = Item::band(x - 6.0, 0.0, self.frame.right - x + 6.0, leading, ink);
                let bar = Item::upright(x - 6.0, 0.0, leading, Ink::Accent, 2.0);
                items.splice(0..0, [band, bar]);
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

    /// Body prose: paragraphs, list items and notes, indented at `x`. Tagged as paragraphs
    /// (`P`), headings (`H3`), notes (`Div`) and lists (`L` > `LI` > `Lbl` + `LBody`, nested
    /// by depth).
    pub(super) fn prose(&mut self, prose: &Prose, x: f32, space_before: f32) {
        let size = self.frame.body;
        // The lists open around the current block, each with an item open in it.
        let mut lists = 0;
        for (index, block) in prose.blocks.iter().enumerate() {
            let space = if index == 0 { space_before } else { 4.0 };
            let new_item = block.kind == BlockKind::Item && !block.marker.is_empty();
            let depth = if new_item {
                block.depth.max(1)
            } else {
                block.depth.min(lists)
            };
            while lists > depth {
                self.close_list();
                lists -= 1;
            }
            if new_item {
                if lists == depth {
                    // The next item of the same list.
                    self.close(); // LBody
                    self.close(); // LI
                } else {
                    // Levels an item skipped (nested deeper than the one before) get an
                    // item of their own to hold the list.
                    while lists + 1 < depth {
                        self.open(Tag::L);
                        self.open(Tag::LI);
                        self.open(Tag::LBody);
                        lists += 1;
                    }
                    self.open(Tag::L);
                    lists += 1;
                }
                self.open(Tag::LI);
            }
            self.prose_block(block, x, size, space);
        }
        for _ in 0..lists {
            self.close_list();
        }
    }

    /// Closes the open item of a list and the list.
    fn close_list(&mut self) {
        self.close(); // LBody
        self.close(); // LI
        self.close(); // L
    }

    /// One prose block: a note on a tinted band, or text with its list marker if any. A new
    /// list item's `LI` is open; this adds its `Lbl` and opens its `LBody`.
    fn prose_block(&mut self, block: &ProseBlock, x: f32, size: f32, space: f32) {
        let mut pieces = prose_pieces(block);
        let indent = x + 12.0 * block.depth.saturating_sub(1) as f32;
        let is_item = block.kind == BlockKind::Item;
        // List items hang their text after the marker's room, marker or not.
        let text_x = if is_item { indent + 12.0 } else { indent };
        if is_item && !block.marker.is_empty() {
            self.open(Tag::Lbl);
            let marker = Item::text(indent, size, size, Font::Regular, Ink::Text, &block.marker);
            self.before_next(marker);
            self.close();
            self.open(Tag::LBody);
        }
        if block.kind == BlockKind::Heading {
            for piece in &mut pieces {
                piece.font = Font::Bold;
            }
        }
        if let Some(kind) = &block.note {
            let caption = self.texts.notes.get(kind).cloned().unwrap_or_default();
            if !caption.is_empty() {
                pieces = spaced(plain_pieces(&caption, Font::Bold, Ink::Accent), pieces);
            }
            let lines = wrap(&pieces, self.frame.right - text_x - 6.0, size, self.measure);
            self.open(Tag::Div);
            self.open(Tag::P);
            self.lines_chunks(&lines, text_x + 6.0, size, space + 2.0, Some(Ink::Tint));
            self.close();
            self.close();
            return;
        }
        let lines = wrap(&pieces, self.frame.right - text_x, size, self.measure);
        let tag = if block.kind == BlockKind::Heading {
            Tag::H3
        } else {
            Tag::P
        };
        self.open(tag);
        self.lines_chunks(&lines, text_x, size, space, None);
        self.close();
    }
}
