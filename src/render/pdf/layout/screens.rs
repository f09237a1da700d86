//! The screens of a step: the picture, scaled to the text column (and to at most
//! [`MAX_HEIGHT`] of the page), each highlighted label framed in vector lines over it and
//! numbered when there are several, the title and the numbered labels in a caption below. The
//! picture is a figure with the screen's alt text; frames and numbers are decoration (the alt
//! text names the labels). The chunk stays on the page of the text before it.

use super::builder::Builder;
use super::item::{Item, Tag};
use super::text::plain_pieces;
use super::{Chunk, Font, Ink};
use crate::view::ScreenView;

/// The largest share of the text area's height a screen may take.
const MAX_HEIGHT: f32 = 0.42;

/// The width of a highlight's frame, in points.
const FRAME: f32 = 1.6;

impl Builder<'_> {
    /// The screens of a step, set at `x`; the step's own chunks begin at `start`. The first
    /// screen goes to a new page together with the step's head and text when they fit on one
    /// page, else with the last line of the text.
    pub(super) fn screens(&mut self, screens: &[ScreenView], x: f32, start: usize) {
        if !self.frame.screens {
            return;
        }
        for screen in screens {
            let Some(image) = &screen.pdf else {
                continue;
            };
            let f = *self.frame;
            let (width, height) = (image.width as f32, image.height as f32);
            if width <= 0.0 || height <= 0.0 {
                continue;
            }
            let scale = ((f.right - x) / width).min((f.bottom - f.top) * MAX_HEIGHT / height);
            let (w, h) = (width * scale, height * scale);
            let mut items = vec![
                Item::Image {
                    alt: screen.alt.clone(),
                    name: screen.name.clone(),
                    image: image.clone(),
                    x,
                    y: 0.0,
                    w,
                    h,
                },
                Item::Rect {
                    x,
                    y: 0.0,
                    w,
                    h,
                    fill: None,
                    stroke: Some(Ink::Rule),
                },
            ];
            let numbered = screen.marks.len() > 1;
            let badge = f.small + 3.0;
            for mark in &screen.marks {
                let r = mark.region;
                let (left, top) = (x + r.x as f32 * scale, r.y as f32 * scale);
                let (right, bottom) =
                    (left + r.width as f32 * scale, top + r.height as f32 * scale);
                for (x1, y1, x2, y2) in [
                    (left, top, right, top),
                    (right, top, right, bottom),
                    (right, bottom, left, bottom),
                    (left, bottom, left, top),
                ] {
                    items.push(Item::Line {
                        x1,
                        y1,
                        x2,
                        y2,
                        ink: Ink::Highlight,
                        width: FRAME,
                    });
                }
                if numbered {
                    // Left of the frame, so it hides nothing the frame holds.
                    let bx = (left - badge - 1.5).max(x);
                    let by = top + (bottom - top - badge) / 2.0;
                    items.push(Item::band(bx, by, badge, badge, Ink::Highlight));
                    let label = mark.number.to_string();
                    let tw = self.measure.width(&label, Font::Bold, f.small);
                    items.extend([
                        Item::open(Tag::Artifact),
                        Item::text(
                            bx + (badge - tw) / 2.0,
                            by + badge / 2.0 + f.small * 0.36,
                            f.small,
                            Font::Bold,
                            Ink::Paper,
                            &label,
                        ),
                        Item::Close,
                    ]);
                }
            }
            let mut caption = screen.title.clone();
            if numbered {
                let marks: Vec<String> = screen
                    .marks
                    .iter()
                    .map(|mark| format!("{} {}", mark.number, mark.text))
                    .collect();
                caption.push_str(": ");
                caption.push_str(&marks.join(" · "));
            }
            let pieces = plain_pieces(&caption, Font::Regular, Ink::Muted);
            let (text, text_height) = self.set_text(&pieces, x, f.right - x, f.small, h + 3.0);
            items.push(Item::open(Tag::P));
            items.extend(text);
            items.push(Item::Close);
            let chunk_height = h + 3.0 + text_height;
            let first = start.min(self.chunks.len());
            let step: f32 = self.chunks[first..]
                .iter()
                .map(|c| c.space_before + c.height)
                .sum();
            if step + 4.0 + chunk_height <= f.bottom - f.top {
                for chunk in &mut self.chunks[first..] {
                    chunk.keep_with_next = true;
                }
            } else {
                self.keep_last_with_next();
            }
            self.push(Chunk {
                height: chunk_height,
                space_before: 4.0,
                keep_with_next: false,
                items,
            });
        }
    }
}
