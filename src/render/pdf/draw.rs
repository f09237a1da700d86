//! Turns laid-out pages into a printpdf document: text in the embedded subset fonts, rules,
//! boxes and the QR code, each wrapped in the marked content the structure tree gives it (see
//! `tags`). Link annotations and form fields are added afterwards (see `fields`).

use std::collections::BTreeMap;

use printpdf::{
    Color, DictItem, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, Point, Polygon, PolygonRing, Pt, Rect, Rgb, TextItem, WindingOrder,
};
use qrcode::EcLevel;

use super::layout::{Font, Ink, Item, Page};
use super::tags::Mark;
use crate::theme::pdf::{Colour, Colours};

/// Resource names of the two fonts: fixed, so that two builds give the same bytes.
pub const REGULAR: &str = "F1";
/// See [`REGULAR`].
pub const BOLD: &str = "F2";

/// A printpdf document of `pages` (`size` is the paper in points), each item wrapped in its
/// mark (`marks[page][item]`).
pub fn document(
    title: &str,
    pages: &[Page],
    marks: &[Vec<Mark>],
    size: (f32, f32),
    colours: &Colours,
    regular: ParsedFont,
    bold: ParsedFont,
) -> PdfDocument {
    let mut doc = PdfDocument::new(title);
    doc.resources
        .fonts
        .map
        .insert(FontId(REGULAR.into()), PdfFont::new(regular));
    doc.resources
        .fonts
        .map
        .insert(FontId(BOLD.into()), PdfFont::new(bold));
    super::screens::register(&mut doc, pages);
    let (width, height) = size;
    let pdf_pages = pages
        .iter()
        .enumerate()
        .map(|(index, page)| {
            let mut ops = Vec::new();
            let page_marks = marks.get(index).map_or(&[][..], Vec::as_slice);
            for (at, item) in page.items.iter().enumerate() {
                let mark = page_marks.get(at).copied().unwrap_or(Mark::Artifact);
                let start = ops.len();
                draw(&mut ops, item, height, colours);
                if ops.len() > start {
                    wrap(&mut ops, start, mark);
                }
            }
            PdfPage::new(Mm(width * 25.4 / 72.0), Mm(height * 25.4 / 72.0), ops)
        })
        .collect();
    doc.with_pages(pdf_pages);
    doc
}

/// Wraps the operators from `start` on in the marked content of `mark`.
fn wrap(ops: &mut Vec<Op>, start: usize, mark: Mark) {
    let begin = match mark {
        Mark::Nothing => return,
        Mark::Content { tag, mcid } => Op::BeginMarkedContentWithProperties {
            tag: tag.to_string(),
            properties: DictItem::Dict {
                map: BTreeMap::from([("MCID".to_string(), DictItem::Int(mcid))]),
            },
        },
        Mark::Artifact => Op::BeginMarkedContent {
            tag: "Artifact".to_string(),
        },
        Mark::Pagination => Op::BeginMarkedContentWithProperties {
            tag: "Artifact".to_string(),
            properties: DictItem::Dict {
                map: BTreeMap::from([("Type".to_string(), DictItem::Name(b"Pagination".to_vec()))]),
            },
        },
    };
    ops.insert(start, begin);
    ops.push(Op::EndMarkedContent);
}

fn colour(ink: Ink, colours: &Colours) -> Color {
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
    Color::Rgb(Rgb {
        r: c.r,
        g: c.g,
        b: c.b,
        icc_profile: None,
    })
}

fn point(x: f32, y: f32) -> Point {
    Point { x: Pt(x), y: Pt(y) }
}

fn draw(ops: &mut Vec<Op>, item: &Item, page_height: f32, colours: &Colours) {
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
            let id = match font {
                Font::Regular => REGULAR,
                Font::Bold => BOLD,
            };
            ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(FontId(id.into())),
                    size: Pt(*size),
                },
                Op::SetFillColor {
                    col: colour(*ink, colours),
                },
                Op::SetTextCursor {
                    pos: point(*x, flip(*y)),
                },
                Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                },
                Op::EndTextSection,
            ]);
        }
        Item::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => {
            let mode = match (fill, stroke) {
                (Some(_), Some(_)) => PaintMode::FillStroke,
                (Some(_), None) => PaintMode::Fill,
                (None, _) => PaintMode::Stroke,
            };
            if let Some(ink) = fill {
                ops.push(Op::SetFillColor {
                    col: colour(*ink, colours),
                });
            }
            if let Some(ink) = stroke {
                ops.push(Op::SetOutlineColor {
                    col: colour(*ink, colours),
                });
                ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
            }
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(*x),
                    y: Pt(flip(y + h)),
                    width: Pt(*w),
                    height: Pt(*h),
                    mode: Some(mode),
                    winding_order: Some(WindingOrder::NonZero),
                },
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
            ops.push(Op::SetOutlineColor {
                col: colour(*ink, colours),
            });
            ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: point(*x1, flip(*y1)),
                            bezier: false,
                        },
                        LinePoint {
                            p: point(*x2, flip(*y2)),
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
        }
        Item::Qr {
            x, y, size, url, ..
        } => qr(ops, *x, *y, *size, url, page_height, colours),
        Item::Image {
            name, x, y, w, h, ..
        } => super::screens::draw(ops, name, *x, flip(y + h), *w, *h),
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

/// The dark modules of a QR code as one filled path.
fn qr(ops: &mut Vec<Op>, x: f32, y: f32, size: f32, url: &str, page_height: f32, c: &Colours) {
    let Ok((dark, n)) = super::qr::modules(url.as_bytes(), EcLevel::M) else {
        return;
    };
    let module = size / n as f32;
    let mut rings = Vec::new();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if !dark[row * n + col] {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && dark[row * n + col] {
                col += 1;
            }
            let left = x + start as f32 * module;
            let right = x + col as f32 * module;
            let top = page_height - (y + row as f32 * module);
            let bottom = top - module;
            rings.push(PolygonRing {
                points: [(left, bottom), (right, bottom), (right, top), (left, top)]
                    .into_iter()
                    .map(|(px, py)| LinePoint {
                        p: point(px, py),
                        bezier: false,
                    })
                    .collect(),
            });
        }
    }
    ops.push(Op::SetFillColor {
        col: colour(Ink::Text, c),
    });
    ops.push(Op::DrawPolygon {
        polygon: Polygon {
            rings,
            mode: PaintMode::Fill,
            winding_order: WindingOrder::NonZero,
        },
    });
}
