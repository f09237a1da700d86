//! Pagination and page decoration: chunks placed top to bottom on pages, then the running
//! header and the footer with page numbers added to every page.

use super::item::Item;
use super::text::fit;
use super::{Chunk, Font, Frame, Ink, Measure, Page};
use crate::render::pdf::template::Checklist;
use crate::theme::pdf::mm;

/// Places chunks on pages top to bottom.
pub(super) fn paginate(chunks: Vec<Chunk>, frame: &Frame) -> Vec<Page> {
    let mut pages = vec![Page::default()];
    let mut cursor = frame.top;
    let mut empty = true;
    for (index, chunk) in chunks.iter().enumerate() {
        let needed = needed(&chunks, index);
        // Space above is dropped at the top of a page, so it is added only when the page has
        // something on it already.
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

/// The height the chunk at `index` needs together with the chunks it must not be parted from.
fn needed(chunks: &[Chunk], index: usize) -> f32 {
    let mut needed = chunks[index].height;
    let mut next = index;
    while chunks[next].keep_with_next && next + 1 < chunks.len() {
        next += 1;
        needed += chunks[next].space_before + chunks[next].height;
    }
    needed
}

/// Adds the running header and the footer with page numbers.
pub(super) fn decorate(
    pages: &mut [Page],
    checklist: &Checklist,
    frame: &Frame,
    measure: &dyn Measure,
) {
    let count = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        let fill = |text: &str| {
            text.replace("{page}", &(index + 1).to_string())
                .replace("{pages}", &count.to_string())
        };
        let left = fill(&checklist.footer_left);
        let right = fill(&checklist.footer_right);
        footer(&mut page.items, &left, &right, frame, measure);
        // The first page has the title block, so it needs no running header.
        if index > 0 && !checklist.header.is_empty() {
            header(&mut page.items, &checklist.header, frame, measure);
        }
    }
}

/// A rule over the footer, `left` shortened to leave room for `right` at the right edge. What
/// is shortened is the part before the first ` · ` (the title), so what identifies the copy
/// after it (version, date, verification state) stays whole when it can.
pub(super) fn footer(
    items: &mut Vec<Item>,
    left: &str,
    right: &str,
    frame: &Frame,
    measure: &dyn Measure,
) {
    let size = frame.small;
    let footer_y = frame.bottom + mm(10.0);
    items.push(Item::rule(
        frame.left,
        frame.right,
        footer_y - size * 1.6,
        Ink::Rule,
        0.4,
    ));
    let right_width = measure.width(right, Font::Regular, size);
    let room = frame.text_width() - right_width - 12.0;
    let left = match left.split_once(" · ") {
        Some((head, tail)) if measure.width(left, Font::Regular, size) > room => {
            let tail = format!(" · {tail}");
            let tail_width = measure.width(&tail, Font::Regular, size);
            if tail_width < room * 0.8 {
                fit(head, room - tail_width, Font::Regular, size, measure) + &tail
            } else {
                fit(left, room, Font::Regular, size, measure)
            }
        }
        _ => fit(left, room, Font::Regular, size, measure),
    };
    items.push(Item::text(
        frame.left,
        footer_y,
        size,
        Font::Regular,
        Ink::Muted,
        &left,
    ));
    items.push(Item::text(
        frame.right - right_width,
        footer_y,
        size,
        Font::Regular,
        Ink::Muted,
        right,
    ));
}

/// The running header above the text area, with a rule under it.
fn header(items: &mut Vec<Item>, header: &str, frame: &Frame, measure: &dyn Measure) {
    let size = frame.small;
    let header_y = frame.top - mm(8.0);
    let text = fit(header, frame.text_width(), Font::Regular, size, measure);
    items.push(Item::text(
        frame.left,
        header_y,
        size,
        Font::Regular,
        Ink::Muted,
        &text,
    ));
    items.push(Item::rule(
        frame.left,
        frame.right,
        header_y + size * 0.6,
        Ink::Rule,
        0.4,
    ));
}
