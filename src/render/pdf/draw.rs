//! Turns laid-out pages into a printpdf document and the pages' content streams: text in the
//! embedded subset fonts, rules, boxes and the QR code, each wrapped in the marked content the
//! structure tree gives it (see `tags`). Link annotations and form fields are added afterwards
//! (see `fields`).
//!
//! The content streams are written here as bytes (see [`super::content`]), not as printpdf
//! operations: printpdf's translation of its operations to lopdf's and lopdf's formatting of
//! them was a fifth of a checklist's cost. printpdf still makes the fonts' dictionaries, widths
//! and `/ToUnicode` maps, from the characters each font shows, which it reads from one
//! `Tj` per font on the first page ([`font_usage`]); its pages' streams are then replaced by
//! [`set_contents`].

use printpdf::{
    FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, Pt, TextItem,
};

use super::content::Content;
use super::fonts::TABLE;
use super::layout::{Font, Ink, Item, Page};
use super::tags::Mark;
use crate::theme::pdf::{Colour, Colours};

/// Resource names of the two fonts: fixed, so that two builds give the same bytes.
pub const REGULAR: &str = "F1";
/// See [`REGULAR`].
pub const BOLD: &str = "F2";

/// A printpdf document of `pages` (`size` is the paper in points) and the content stream of
/// each page, each item wrapped in its mark (`marks[page][item]`).
pub fn document(
    title: &str,
    pages: &[Page],
    marks: &[Vec<Mark>],
    size: (f32, f32),
    colours: &Colours,
    regular: ParsedFont,
    bold: ParsedFont,
) -> (PdfDocument, Vec<Vec<u8>>) {
    let (width, height) = size;
    let contents = pages
        .iter()
        .enumerate()
        .map(|(index, page)| {
            let mut out = Content::new();
            let mut codes = [Codes::new(&regular), Codes::new(&bold)];
            let page_marks = marks.get(index).map_or(&[][..], Vec::as_slice);
            for (at, item) in page.items.iter().enumerate() {
                let mark = page_marks.get(at).copied().unwrap_or(Mark::Artifact);
                let before = out.len();
                begin(&mut out, mark);
                let opened = out.len();
                draw(&mut out, item, height, colours, &mut codes);
                if out.len() == opened {
                    // Nothing drawn (an annotation, a structure marker): no marked content.
                    out.truncate(before);
                } else if mark != Mark::Nothing {
                    out.op("EMC");
                }
            }
            out.finish()
        })
        .collect();
    let mut doc = PdfDocument::new(title);
    let usage = font_usage(pages);
    doc.resources
        .fonts
        .map
        .insert(FontId(REGULAR.into()), PdfFont::new(regular));
    doc.resources
        .fonts
        .map
        .insert(FontId(BOLD.into()), PdfFont::new(bold));
    super::screens::register(&mut doc, pages);
    let pdf_pages = (0..pages.len())
        .map(|index| {
            let ops = if index == 0 {
                usage.clone()
            } else {
                Vec::new()
            };
            PdfPage::new(
                printpdf::Mm(width * 25.4 / 72.0),
                printpdf::Mm(height * 25.4 / 72.0),
                ops,
            )
        })
        .collect();
    doc.with_pages(pdf_pages);
    (doc, contents)
}

/// Puts `contents` in place of the streams of the pages of `pdf`, in page order.
pub fn set_contents(pdf: &mut lopdf::Document, contents: Vec<Vec<u8>>) -> Result<(), String> {
    let pages: Vec<lopdf::ObjectId> = pdf.get_pages().into_values().collect();
    if pages.len() != contents.len() {
        return Err(format!(
            "{} pages made for {} laid out",
            pages.len(),
            contents.len()
        ));
    }
    for (page, content) in pages.into_iter().zip(contents) {
        let stream = pdf
            .get_dictionary(page)
            .and_then(|dict| dict.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(|e| e.to_string())?;
        pdf.get_object_mut(stream)
            .and_then(lopdf::Object::as_stream_mut)
            .map_err(|e| e.to_string())?
            .set_content(content);
    }
    Ok(())
}

/// What printpdf needs to see to describe the fonts: for each font, one `Tj` showing each
/// character the pages draw in it once, ordered by its last use. printpdf maps each glyph to
/// the last character it saw drawn with it (`/ToUnicode`), so this order gives the map the
/// whole pages would have given.
fn font_usage(pages: &[Page]) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    for (font, id) in [(Font::Regular, REGULAR), (Font::Bold, BOLD)] {
        // Each character with the position of its last use.
        let mut last: std::collections::BTreeMap<char, usize> = Default::default();
        let mut position = 0;
        for item in pages.iter().flat_map(|page| &page.items) {
            if let Item::Text { font: f, text, .. } = item
                && *f == font
            {
                for c in text.chars() {
                    last.insert(c, position);
                    position += 1;
                }
            }
        }
        if last.is_empty() {
            continue;
        }
        let mut chars: Vec<(usize, char)> = last.into_iter().map(|(c, at)| (at, c)).collect();
        chars.sort_unstable();
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(FontId(id.into())),
            size: Pt(10.0),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(chars.into_iter().map(|(_, c)| c).collect())],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// Opens the marked content of `mark`.
fn begin(out: &mut Content, mark: Mark) {
    match mark {
        Mark::Nothing => {}
        Mark::Content { tag, mcid } => {
            out.name(tag).dict_int("MCID", mcid).op("BDC");
        }
        Mark::Artifact => {
            out.name("Artifact").op("BMC");
        }
        Mark::Pagination => {
            out.name("Artifact")
                .dict_name("Type", "Pagination")
                .op("BDC");
        }
    }
}

fn colour(ink: Ink, colours: &Colours) -> [f32; 3] {
    let c: Colour = match ink {
        Ink::Text => colours.text,
        Ink::Accent => colours.accent,
        Ink::Muted => colours.muted,
        Ink::Rule => colours.rule,
        Ink::Link => colours.link,
        Ink::Tint => colours.tint,
        Ink::Field => colours.field,
        Ink::Paper => Colour::rgb(255, 255, 255),
        Ink::Highlight => colours.highlight,
    };
    [c.r, c.g, c.b]
}

/// The glyph codes of one font's characters, looked up in its cmap once per page each.
struct Codes<'a> {
    font: &'a ParsedFont,
    /// By code point below [`TABLE`]; `u32::MAX` for one not looked up yet.
    known: Vec<u32>,
}

impl<'a> Codes<'a> {
    fn new(font: &'a ParsedFont) -> Self {
        Codes {
            font,
            known: vec![u32::MAX; TABLE],
        }
    }

    /// The code of `c`: with `Identity-H`, its glyph id in the embedded subset (`.notdef`,
    /// 0, if it has none).
    fn get(&mut self, c: char) -> u16 {
        let lookup = |c: char| self.font.lookup_glyph_index(c as u32).unwrap_or(0);
        match self.known.get(c as usize).copied() {
            Some(u32::MAX) => {
                let code = lookup(c);
                self.known[c as usize] = u32::from(code);
                code
            }
            Some(code) => code as u16,
            None => lookup(c),
        }
    }
}

fn draw(
    out: &mut Content,
    item: &Item,
    page_height: f32,
    colours: &Colours,
    codes: &mut [Codes<'_>; 2],
) {
    let flip = |y: f32| page_height - y;
    match item {
        Item::Text {
            x,
            y,
            size,
            font,
            ink,
            text,
        } => {
            let (id, codes) = match font {
                Font::Regular => (REGULAR, &mut codes[0]),
                Font::Bold => (BOLD, &mut codes[1]),
            };
            out.op("BT");
            out.font(id, *size);
            out.fill(colour(*ink, colours));
            out.nums(&[*x, flip(*y)]).op("Td");
            // The font is a TrueType subset written with `Identity-H`: codes are glyph ids.
            out.codes(text.chars().map(|c| codes.get(c))).op("Tj");
            out.op("ET");
        }
        Item::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => {
            if let Some(ink) = fill {
                out.fill(colour(*ink, colours));
            }
            if let Some(ink) = stroke {
                out.stroke(colour(*ink, colours));
                out.line_width(0.6);
            }
            out.nums(&[*x, flip(y + h), *w, *h]).op("re");
            out.op(match (fill, stroke) {
                (Some(_), Some(_)) => "B",
                (Some(_), None) => "f",
                (None, _) => "S",
            });
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            ink,
            width,
        } => {
            out.stroke(colour(*ink, colours));
            out.line_width(*width);
            out.nums(&[*x1, flip(*y1)]).op("m");
            out.nums(&[*x2, flip(*y2)]).op("l");
            out.op("S");
        }
        Item::Qr {
            x, y, size, url, ..
        } => qr(out, *x, *y, *size, url, page_height, colours),
        Item::Image {
            name, x, y, w, h, ..
        } => super::screens::draw(out, name, *x, flip(y + h), *w, *h),
        // Links and form fields are annotations, added to the lopdf document afterwards;
        // structure markers draw nothing.
        Item::Link { .. }
        | Item::Check { .. }
        | Item::Radio { .. }
        | Item::Field { .. }
        | Item::Open { .. }
        | Item::Close => {}
    }
}

/// The dark modules of a QR code as one filled path: a rectangle (`re`) for each run of dark
/// modules in a row, in module units (a `cm` maps them onto the page, rows downwards), so the
/// operands are small integers. Its colour is set inside `q`…`Q`, which leaves the tracked
/// state as it was.
fn qr(out: &mut Content, x: f32, y: f32, size: f32, url: &str, page_height: f32, c: &Colours) {
    let Ok((dark, n)) = super::qr::modules(url.as_bytes(), qrcode::EcLevel::M) else {
        return;
    };
    let module = size / n as f32;
    out.op("q");
    out.nums(&colour(Ink::Text, c)).op("rg");
    out.nums(&[module, 0.0, 0.0, -module, x, page_height - y])
        .op("cm");
    for (row, modules) in dark.chunks(n).enumerate() {
        let mut col = 0;
        while col < n {
            if !modules[col] {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && modules[col] {
                col += 1;
            }
            out.int(start as i64)
                .int(row as i64)
                .int((col - start) as i64)
                .int(1)
                .op("re");
        }
    }
    out.op("f").op("Q");
}
