//! The AcroForm: a text field per declared field and a checkbox per step, added to the lopdf
//! document printpdf produced (printpdf itself has no form support).
//!
//! Every widget carries its own appearance streams (print pipelines ignore
//! `/NeedAppearances`), a `/BS` border style and `/MK` colours (so viewers that redraw it keep
//! the border), and `/FT` on the field itself. Values are shown in Helvetica from `/DR`, the
//! font viewers regenerate reliably; it covers the Latin-1 names of the Benelux (WinAnsi).

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, dictionary};

use super::layout::{Item, Page};
use crate::theme::pdf::Colour;

/// How the widgets look.
pub struct Look {
    /// Border colour.
    pub border: Colour,
    /// Size of typed values.
    pub size: f32,
    /// Page height, to flip coordinates.
    pub page_height: f32,
}

/// Comb flag of a text field (`/Ff` bit 25): one character per cell.
const COMB: i64 = 1 << 24;
/// Print flag of an annotation (`/F` bit 3).
const PRINT: i64 = 1 << 2;

/// Adds the form fields of `pages` (their `Check` and `Field` items) to `doc`.
pub fn add(doc: &mut Document, pages: &[Page], look: &Look) -> Result<(), lopdf::Error> {
    let helvetica = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let zapf = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "ZapfDingbats",
    });
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let mut fields = Vec::new();
    for (page, page_id) in pages.iter().zip(page_ids) {
        let mut widgets = Vec::new();
        for item in &page.items {
            let widget = match item {
                Item::Field {
                    name,
                    x,
                    y,
                    w,
                    h,
                    max_len,
                    value,
                } => text_field(
                    doc,
                    helvetica,
                    page_id,
                    look,
                    name,
                    [*x, *y, *w, *h],
                    *max_len,
                    value,
                ),
                Item::Check { name, x, y, size } => {
                    checkbox(doc, page_id, look, name, [*x, *y, *size, *size])
                }
                _ => continue,
            };
            let id = doc.add_object(widget);
            widgets.push(Object::Reference(id));
            fields.push(Object::Reference(id));
        }
        if widgets.is_empty() {
            continue;
        }
        let page_dict = doc.get_dictionary_mut(page_id)?;
        match page_dict.get_mut(b"Annots") {
            Ok(Object::Array(annots)) => annots.extend(widgets),
            _ => page_dict.set("Annots", Object::Array(widgets)),
        }
    }
    let form = doc.add_object(dictionary! {
        "Fields" => fields,
        "DR" => dictionary! {
            "Font" => dictionary! { "Helv" => helvetica, "ZaDb" => zapf },
        },
        "DA" => Object::string_literal("/Helv 0 Tf 0 g"),
    });
    doc.catalog_mut()?.set("AcroForm", form);
    Ok(())
}

/// `[x, y, w, h]` from the top-left to a PDF `/Rect`.
fn rect(area: [f32; 4], page_height: f32) -> Object {
    let [x, y, w, h] = area;
    Object::Array(
        [x, page_height - y - h, x + w, page_height - y]
            .into_iter()
            .map(Object::Real)
            .collect(),
    )
}

fn rgb(c: Colour) -> Object {
    Object::Array(vec![
        Object::Real(c.r),
        Object::Real(c.g),
        Object::Real(c.b),
    ])
}

fn appearance(
    doc: &mut Document,
    w: f32,
    h: f32,
    fonts: Option<Dictionary>,
    content: String,
) -> ObjectId {
    let mut dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Form",
        "BBox" => vec![0.into(), 0.into(), Object::Real(w), Object::Real(h)],
    };
    if let Some(fonts) = fonts {
        dict.set("Resources", dictionary! { "Font" => fonts });
    }
    doc.add_object(Stream::new(dict, content.into_bytes()))
}

#[allow(clippy::too_many_arguments)]
fn text_field(
    doc: &mut Document,
    helvetica: ObjectId,
    page: ObjectId,
    look: &Look,
    name: &str,
    area: [f32; 4],
    max_len: Option<usize>,
    value: &str,
) -> Dictionary {
    let [_, _, w, h] = area;
    let size = look.size.min(h * 0.6);
    let da = format!("/Helv {size} Tf 0 g");
    let b = look.border;
    let mut content = format!(
        "q {:.3} {:.3} {:.3} RG 0.6 w 0.3 0.3 {:.2} {:.2} re S Q\n/Tx BMC\nq 1 1 {:.2} {:.2} re W n\nBT\n{da}\n",
        b.r,
        b.g,
        b.b,
        w - 0.6,
        h - 0.6,
        w - 2.0,
        h - 2.0
    );
    let baseline = (h - size * 0.72) / 2.0;
    let encoded = win_ansi(value);
    match max_len {
        Some(cells) if cells > 0 => {
            let cell = w / cells as f32;
            for (index, byte) in encoded.iter().take(cells).enumerate() {
                let glyph_width = helvetica_width(*byte) * size / 1000.0;
                let x = cell * index as f32 + (cell - glyph_width) / 2.0;
                content.push_str(&format!(
                    "1 0 0 1 {x:.2} {baseline:.2} Tm ({}) Tj\n",
                    escape(&[*byte])
                ));
            }
        }
        _ => content.push_str(&format!("4 {baseline:.2} Td ({}) Tj\n", escape(&encoded))),
    }
    content.push_str("ET\nQ\nEMC\n");
    let ap = appearance(
        doc,
        w,
        h,
        Some(dictionary! { "Helv" => helvetica }),
        content,
    );
    let mut dict = dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "FT" => "Tx",
        "T" => Object::string_literal(name),
        "Rect" => rect(area, look.page_height),
        "P" => page,
        "F" => PRINT,
        "DA" => Object::string_literal(da),
        "Q" => 0,
        "BS" => dictionary! { "W" => 0.6, "S" => "S" },
        "MK" => dictionary! { "BC" => rgb(look.border) },
        "AP" => dictionary! { "N" => ap },
    };
    if let Some(cells) = max_len {
        dict.set("MaxLen", cells as i64);
        dict.set("Ff", COMB);
    }
    if !value.is_empty() {
        dict.set("V", text_string(value));
    }
    dict
}

fn checkbox(
    doc: &mut Document,
    page: ObjectId,
    look: &Look,
    name: &str,
    area: [f32; 4],
) -> Dictionary {
    let [_, _, w, h] = area;
    let b = look.border;
    let frame = format!(
        "q 1 1 1 rg {:.3} {:.3} {:.3} RG 0.9 w 0.45 0.45 {:.2} {:.2} re B Q\n",
        b.r,
        b.g,
        b.b,
        w - 0.9,
        h - 0.9
    );
    // A check mark drawn as a path, so it needs no font.
    let tick = format!(
        "q 0.1 0.1 0.1 RG 1.4 w 1 J 1 j {:.2} {:.2} m {:.2} {:.2} l {:.2} {:.2} l S Q\n",
        w * 0.2,
        h * 0.52,
        w * 0.42,
        h * 0.25,
        w * 0.8,
        h * 0.78
    );
    let off = appearance(doc, w, h, None, frame.clone());
    let on = appearance(doc, w, h, None, format!("{frame}{tick}"));
    dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "FT" => "Btn",
        "T" => Object::string_literal(name),
        "Rect" => rect(area, look.page_height),
        "P" => page,
        "F" => PRINT,
        "V" => "Off",
        "AS" => "Off",
        "DA" => Object::string_literal("/ZaDb 0 Tf 0 g"),
        "BS" => dictionary! { "W" => 0.9, "S" => "S" },
        "MK" => dictionary! {
            "BC" => rgb(look.border),
            "BG" => vec![1.into(), 1.into(), 1.into()],
            "CA" => Object::string_literal("4"),
        },
        "AP" => dictionary! {
            "N" => dictionary! { "Yes" => on, "Off" => off },
        },
    }
}

/// A PDF text string: ASCII as is, anything else as UTF-16BE with a byte order mark.
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Text in WinAnsi (Windows-1252), the encoding of Helvetica in `/DR`; `?` for the rest.
pub fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c as u32 {
            0x20..=0x7E | 0xA0..=0xFF => c as u32 as u8,
            _ => match c {
                '€' => 0x80,
                '‚' => 0x82,
                'ƒ' => 0x83,
                '„' => 0x84,
                '…' => 0x85,
                '†' => 0x86,
                '‡' => 0x87,
                'ˆ' => 0x88,
                '‰' => 0x89,
                'Š' => 0x8A,
                '‹' => 0x8B,
                'Œ' => 0x8C,
                'Ž' => 0x8E,
                '‘' => 0x91,
                '’' => 0x92,
                '“' => 0x93,
                '”' => 0x94,
                '•' => 0x95,
                '–' => 0x96,
                '—' => 0x97,
                '˜' => 0x98,
                '™' => 0x99,
                'š' => 0x9A,
                '›' => 0x9B,
                'œ' => 0x9C,
                'ž' => 0x9E,
                'Ÿ' => 0x9F,
                _ => b'?',
            },
        })
        .collect()
}

fn escape(bytes: &[u8]) -> String {
    // Content streams are bytes; non-ASCII WinAnsi bytes are written as octal escapes so the
    // stream stays ASCII.
    let mut out = String::new();
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7E => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03o}")),
        }
    }
    out
}

/// Helvetica advance widths (1/1000 em) of the characters an EORI number uses, to centre them
/// in comb cells; others get an average width.
fn helvetica_width(byte: u8) -> f32 {
    match byte {
        b'0'..=b'9' => 556.0,
        b'A' | b'B' | b'E' | b'K' | b'P' | b'S' | b'V' | b'X' | b'Y' => 667.0,
        b'C' | b'D' | b'H' | b'N' | b'R' | b'U' => 722.0,
        b'F' | b'T' | b'Z' => 611.0,
        b'G' | b'O' | b'Q' => 778.0,
        b'I' => 278.0,
        b'J' => 500.0,
        b'L' => 556.0,
        b'M' => 833.0,
        b'W' => 944.0,
        b' ' => 278.0,
        _ => 556.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_names_in_win_ansi() {
        assert_eq!(
            win_ansi("Éclair – ’"),
            vec![0xC9, b'c', b'l', b'a', b'i', b'r', b' ', 0x96, b' ', 0x92]
        );
        assert_eq!(escape(&win_ansi("ç(")), "\\347\\(");
    }

    #[test]
    fn text_strings_are_utf16_when_not_ascii() {
        assert_eq!(
            text_string("ab"),
            Object::String(b"ab".to_vec(), StringFormat::Literal)
        );
        let Object::String(bytes, _) = text_string("ç") else {
            panic!("not a string")
        };
        assert_eq!(bytes, vec![0xFE, 0xFF, 0x00, 0xE7]);
    }
}
