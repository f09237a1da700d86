//! Text: words as styled [`Piece`]s, wrapping them into lines no wider than a measure, and
//! setting wrapped lines as text and link items.

use super::item::Item;
use super::{Font, Frame, Ink, Measure};
use crate::view::prose::{ProseBlock, RunStyle};

/// A word or part of a word in one style, ready to be placed on a line.
#[derive(Debug, Clone)]
pub(super) struct Piece {
    /// The word.
    pub(super) text: String,
    /// Its weight.
    pub(super) font: Font,
    /// Its colour.
    pub(super) ink: Ink,
    /// Where it links to, if anywhere.
    pub(super) href: Option<String>,
    /// Whether a space precedes the piece (dropped at the start of a line).
    pub(super) space: bool,
}

/// A wrapped line: pieces and the x of each, relative to the line's left edge.
pub(super) type Line = Vec<(f32, Piece)>;

/// Pieces of a plain text: one per word.
pub(super) fn plain_pieces(text: &str, font: Font, ink: Ink) -> Vec<Piece> {
    split_words(text, font, ink, None)
}

/// Whether a line may break at `c`: any white space but the no-break spaces, which French
/// puts before `:` and inside `« »` so that they never start a line.
fn is_break(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// One piece per word of `text`, all in the same style.
fn split_words(text: &str, font: Font, ink: Ink, href: Option<&str>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut space = text.starts_with(is_break);
    for word in text.split(is_break).filter(|word| !word.is_empty()) {
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

/// `first` followed by `then`, a space between them.
pub(super) fn spaced(mut first: Vec<Piece>, mut then: Vec<Piece>) -> Vec<Piece> {
    if let Some(piece) = then.first_mut() {
        piece.space = true;
    }
    first.extend(then);
    first
}

/// `pieces` followed by `(note)` in muted text, if there is a note.
pub(super) fn with_note(pieces: Vec<Piece>, note: &str) -> Vec<Piece> {
    if note.is_empty() {
        return pieces;
    }
    spaced(
        pieces,
        plain_pieces(&format!("({note})"), Font::Regular, Ink::Muted),
    )
}

/// The pieces of consecutive runs of differently styled text.
#[derive(Default)]
pub(super) struct Runs {
    /// The pieces so far.
    pub(super) pieces: Vec<Piece>,
    /// Whether the last run ended in whitespace.
    after_space: bool,
}

impl Runs {
    /// Adds the words of a run. A run glues to the previous one ("(" + label + ")") unless a
    /// space separates them.
    pub(super) fn push(&mut self, text: &str, font: Font, ink: Ink, href: Option<&str>) {
        let mut words = split_words(text, font, ink, href);
        if self.after_space
            && let Some(first) = words.first_mut()
        {
            first.space = true;
        }
        self.after_space = text.ends_with(is_break);
        self.pieces.extend(words);
    }
}

/// Pieces of a prose block, styled: labels and strong text bold, links in link colour.
pub(super) fn prose_pieces(block: &ProseBlock) -> Vec<Piece> {
    let mut runs = Runs::default();
    for run in &block.runs {
        let (font, ink) = match run.style {
            RunStyle::Plain | RunStyle::Emphasis | RunStyle::Code => (Font::Regular, Ink::Text),
            RunStyle::Strong | RunStyle::Label | RunStyle::StepRef => (Font::Bold, Ink::Text),
            RunStyle::Field => (Font::Bold, Ink::Accent),
            RunStyle::Link => (Font::Regular, Ink::Link),
        };
        let href = run.href.as_deref().filter(|_| run.style == RunStyle::Link);
        runs.push(&run.text, font, ink, href);
    }
    runs.pieces
}

/// `text` shortened with an ellipsis to fit `room`. Each character is measured once, so the
/// work is linear in the length of the text (a long profile value or title cannot stall it).
pub(super) fn fit(text: &str, room: f32, font: Font, size: f32, measure: &dyn Measure) -> String {
    if measure.width(text, font, size) <= room {
        return text.to_string();
    }
    let ellipsis = measure.width("…", font, size);
    let mut used = 0.0;
    let mut end = 0;
    for (index, c) in text.char_indices() {
        let w = char_width(c, font, size, measure);
        if used + w + ellipsis > room {
            break;
        }
        used += w;
        end = index + c.len_utf8();
    }
    format!("{}…", text[..end].trim_end())
}

/// The advance width of one character (widths add up: the fonts have no kerning applied).
fn char_width(c: char, font: Font, size: f32, measure: &dyn Measure) -> f32 {
    measure.width(c.encode_utf8(&mut [0; 4]), font, size)
}

/// Wraps pieces into lines no wider than `width`.
pub(super) fn wrap(pieces: &[Piece], width: f32, size: f32, measure: &dyn Measure) -> Vec<Line> {
    let mut lines: Vec<Line> = vec![Vec::new()];
    let mut x = 0.0;
    for piece in pieces {
        let space = if piece.space && x > 0.0 {
            measure.width(" ", Font::Regular, size)
        } else {
            0.0
        };
        let w = measure.width(&piece.text, piece.font, size);
        if x > 0.0 && x + space + w > width {
            lines.push(Vec::new());
            x = 0.0;
        }
        let space = if x > 0.0 { space } else { 0.0 };
        if w > width {
            break_word(piece, width, size, space, measure, &mut lines, &mut x);
            continue;
        }
        let line = lines.last_mut().expect("there is always a line");
        line.push((x + space, piece.clone()));
        x += space + w;
    }
    lines.retain(|line| !line.is_empty());
    lines
}

/// Places a word longer than the line (a long URL), broken between characters, from `x` on
/// the last of `lines`, starting new lines as needed. Each character is measured once, so the
/// work is linear in the length of the word. The space before the word only precedes its first
/// part.
fn break_word(
    piece: &Piece,
    width: f32,
    size: f32,
    mut space: f32,
    measure: &dyn Measure,
    lines: &mut Vec<Line>,
    x: &mut f32,
) {
    let text = piece.text.as_str();
    let chars: Vec<(usize, f32)> = text
        .char_indices()
        .map(|(index, c)| (index, char_width(c, piece.font, size, measure)))
        .collect();
    let mut start = 0;
    while start < chars.len() {
        let room = width - *x - space;
        let mut end = start;
        let mut used = 0.0;
        while end < chars.len() && used + chars[end].1 <= room {
            used += chars[end].1;
            end += 1;
        }
        if end == start {
            if *x == 0.0 {
                // Not even one character fits: place it anyway rather than loop forever.
                end = start + 1;
            } else {
                lines.push(Vec::new());
                *x = 0.0;
                space = 0.0;
                continue;
            }
        }
        let bytes = chars[start].0..chars.get(end).map_or(text.len(), |&(index, _)| index);
        let part = Piece {
            text: text[bytes].to_string(),
            ..piece.clone()
        };
        let part_width = measure.width(&part.text, part.font, size);
        let line = lines.last_mut().expect("there is always a line");
        line.push((*x + space, part));
        *x += space + part_width;
        space = 0.0;
        start = end;
        if start < chars.len() {
            lines.push(Vec::new());
            *x = 0.0;
        }
    }
}

/// Items of wrapped lines starting at (`x`, 0), and the height they take.
pub(super) fn set_lines(
    lines: &[Line],
    x: f32,
    size: f32,
    frame: &Frame,
    measure: &dyn Measure,
) -> (Vec<Item>, f32) {
    let leading = frame.line(size);
    let mut items = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let baseline = leading * index as f32 + size * 1.0;
        for (px, piece, end) in merge(line, size, measure) {
            if let Some(url) = &piece.href {
                items.push(Item::Link {
                    x: x + px,
                    y: baseline - size,
                    w: end - px,
                    h: size * 1.3,
                    url: url.clone(),
                });
            }
            items.push(Item::text(
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

/// The pieces of a line with neighbours of the same look merged into one, so a line becomes
/// few text items: each with its start and end x.
fn merge(line: &Line, size: f32, measure: &dyn Measure) -> Vec<(f32, Piece, f32)> {
    let mut merged: Vec<(f32, Piece, f32)> = Vec::new();
    for (px, piece) in line {
        let end = px + measure.width(&piece.text, piece.font, size);
        match merged.last_mut() {
            Some((_, last, last_end))
                if last.font == piece.font && last.ink == piece.ink && last.href == piece.href =>
            {
                let gap = if piece.space { " " } else { "" };
                last.text.push_str(gap);
                last.text.push_str(&piece.text);
                *last_end = end;
            }
            _ => merged.push((*px, piece.clone(), end)),
        }
    }
    merged
}
