//! The AcroForm: a text field per declared field and a checkbox per step, added to the lopdf
//! document printpdf produced (printpdf itself has no form support).
//!
//! Every widget carries its own appearance streams (print pipelines ignore
//! `/NeedAppearances`), a `/BS` border style and `/MK` colours (so viewers that redraw it keep
//! the border), and `/FT` on the field itself. Values are shown in Helvetica from `/DR`, the
//! font viewers regenerate reliably; it covers the Latin-1 names of the Benelux (WinAnsi).

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, dictionary};

use super::layout::{Item, Page};
use super::tags::text_string;
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

/// Radio flag of a button field (`/Ff` bit 16).
const RADIO: i64 = 1 << 15;
/// NoToggleToOff flag of a radio field (`/Ff` bit 15): one option stays chosen.
const NO_TOGGLE_TO_OFF: i64 = 1 << 14;

/// Adds the annotations of `pages` to `doc`: link annotations for their `Link` items, and the
/// form (text fields, step checkboxes, the radio groups of choices). Returns the annotations
/// of each page in the order of its items (the structure tree refers to them by that order).
pub fn add(
    doc: &mut Document,
    pages: &[Page],
    look: &Look,
) -> Result<Vec<Vec<ObjectId>>, lopdf::Error> {
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
    // Radio groups by name: the group's field object and its kids so far.
    let mut groups: Vec<(String, ObjectId, String, Vec<Object>)> = Vec::new();
    let mut all = Vec::new();
    for (page, page_id) in pages.iter().zip(page_ids) {
        let mut annots = Vec::new();
        for item in &page.items {
            let (dict, field) = match item {
                Item::Link { x, y, w, h, url } => {
                    (link(look, page_id, [*x, *y, *w, *h], url), false)
                }
                Item::Field {
                    name,
                    label,
                    x,
                    y,
                    w,
                    h,
                    max_len,
                    value,
                } => {
                    let area = [*x, *y, *w, *h];
                    let field = TextField {
                        name,
                        label,
                        max_len: *max_len,
                        value,
                    };
                    (
                        text_field(doc, helvetica, page_id, look, area, &field),
                        true,
                    )
                }
                Item::Check {
                    name,
                    label,
                    x,
                    y,
                    size,
                } => {
                    let mut dict = checkbox(doc, page_id, look, "Yes", [*x, *y, *size, *size]);
                    dict.set("FT", "Btn");
                    dict.set("T", text_string(name));
                    dict.set("TU", text_string(label));
                    dict.set("V", "Off");
                    (dict, true)
                }
                Item::Radio {
                    group,
                    group_label,
                    value,
                    label,
                    x,
                    y,
                    size,
                } => {
                    let parent = match groups.iter().position(|g| &g.0 == group) {
                        Some(index) => groups[index].1,
                        None => {
                            let id = doc.new_object_id();
                            groups.push((group.clone(), id, group_label.clone(), Vec::new()));
                            fields.push(Object::Reference(id));
                            id
                        }
                    };
                    let mut dict = radio(doc, page_id, look, value, [*x, *y, *size, *size]);
                    dict.set("Parent", parent);
                    dict.set("TU", text_string(label));
                    let id = doc.add_object(dict);
                    if let Some(g) = groups.iter_mut().find(|g| &g.0 == group) {
                        g.3.push(Object::Reference(id));
                    }
                    annots.push(id);
                    continue;
                }
                _ => continue,
            };
            let id = doc.add_object(dict);
            annots.push(id);
            if field {
                fields.push(Object::Reference(id));
            }
        }
        if !annots.is_empty() {
            let refs: Vec<Object> = annots.iter().map(|id| Object::Reference(*id)).collect();
            let page_dict = doc.get_dictionary_mut(page_id)?;
            match page_dict.get_mut(b"Annots") {
                Ok(Object::Array(existing)) => existing.extend(refs),
                _ => page_dict.set("Annots", Object::Array(refs)),
            }
        }
        all.push(annots);
    }
    for (name, id, label, kids) in groups {
        doc.objects.insert(
            id,
            Object::Dictionary(dictionary! {
                "FT" => "Btn",
                "Ff" => RADIO | NO_TOGGLE_TO_OFF,
                "T" => text_string(&name),
                "TU" => text_string(&label),
                "V" => "Off",
                "Kids" => kids,
            }),
        );
    }
    let form = doc.add_object(dictionary! {
        "Fields" => fields,
        "DR" => dictionary! {
            "Font" => dictionary! { "Helv" => helvetica, "ZaDb" => zapf },
        },
        "DA" => Object::string_literal("/Helv 0 Tf 0 g"),
    });
    doc.catalog_mut()?.set("AcroForm", form);
    Ok(all)
}

/// A link annotation over `area` to `url`, described (`/Contents`) by where it goes.
fn link(look: &Look, page: ObjectId, area: [f32; 4], url: &str) -> Dictionary {
    let shown = url.strip_prefix("mailto:").unwrap_or(url);
    dictionary! {
        "Type" => "Annot",
        "Subtype" => "Link",
        "Rect" => rect(area, look.page_height),
        "P" => page,
        "F" => PRINT,
        "Border" => vec![0.into(), 0.into(), 0.into()],
        "Contents" => text_string(shown),
        "A" => dictionary! {
            "S" => "URI",
            "URI" => Object::String(url.as_bytes().to_vec(), StringFormat::Literal),
        },
    }
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

/// What a text field holds.
struct TextField<'a> {
    name: &'a str,
    label: &'a str,
    max_len: Option<usize>,
    value: &'a str,
}

/// The font size a value is shown at in a field `w` wide: the look's size, smaller if the
/// value would not fit at it (down to 5 pt, below which it is clipped).
pub fn fitting_size(value: &[u8], w: f32, h: f32, look_size: f32) -> f32 {
    let largest = look_size.min(h * 0.6);
    let em = value.iter().map(|b| helvetica_width(*b)).sum::<f32>() / 1000.0;
    let room = w - 4.0 - 3.0;
    if em * largest <= room {
        return largest;
    }
    // Rounded down to a tenth, so the written size is short and still fits.
    ((room / em) * 10.0).floor().max(50.0) / 10.0
}

fn text_field(
    doc: &mut Document,
    helvetica: ObjectId,
    page: ObjectId,
    look: &Look,
    area: [f32; 4],
    field: &TextField<'_>,
) -> Dictionary {
    let [_, _, w, h] = area;
    // A comb holds an identifier (EORI): written as the identifier, without the spaces and dots
    // people type into it.
    let value = match field.max_len {
        Some(_) => crate::model::eori::normalise(field.value),
        None => field.value.trim().to_string(),
    };
    let encoded = win_ansi(&value);
    let size = match field.max_len {
        Some(_) => look.size.min(h * 0.6),
        None => fitting_size(&encoded, w, h, look.size),
    };
    let da = format!("/Helv {} Tf 0 g", number(size));
    let content = text_appearance(w, h, size, field.max_len, &encoded, look.border);
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
        "T" => Object::string_literal(field.name),
        "TU" => text_string(field.label),
        "Rect" => rect(area, look.page_height),
        "P" => page,
        "F" => PRINT,
        "DA" => Object::string_literal(da),
        "Q" => 0,
        "BS" => dictionary! { "W" => 0.6, "S" => "S" },
        "MK" => dictionary! { "BC" => rgb(look.border) },
        "AP" => dictionary! { "N" => ap },
    };
    if let Some(cells) = field.max_len {
        dict.set("MaxLen", cells as i64);
        dict.set("Ff", COMB);
    }
    if !value.is_empty() {
        dict.set("V", text_string(&value));
    }
    dict
}

/// A number as PDF content writes it: no trailing zeros (`10`, `7.3`).
pub fn number(value: f32) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The appearance stream of a text field `w` × `h` showing `encoded` (WinAnsi) at `size`: the
/// border, then the value in the `/Tx` marked content viewers replace when they regenerate, one
/// character per cell in a comb of `max_len` cells.
pub fn text_appearance(
    w: f32,
    h: f32,
    size: f32,
    max_len: Option<usize>,
    encoded: &[u8],
    border: Colour,
) -> String {
    let b = border;
    let mut content = format!(
        "q {:.3} {:.3} {:.3} RG 0.6 w 0.3 0.3 {:.2} {:.2} re S Q\n/Tx BMC\nq 1 1 {:.2} {:.2} re W n\nBT\n/Helv {} Tf 0 g\n",
        b.r,
        b.g,
        b.b,
        w - 0.6,
        h - 0.6,
        w - 2.0,
        h - 2.0,
        number(size)
    );
    let baseline = (h - size * 0.72) / 2.0;
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
        _ => content.push_str(&format!("4 {baseline:.2} Td ({}) Tj\n", escape(encoded))),
    }
    content.push_str("ET\nQ\nEMC\n");
    content
}

/// The widget of a checkbox (its on state named `on`), without the field entries.
fn checkbox(
    doc: &mut Document,
    page: ObjectId,
    look: &Look,
    on: &str,
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
    let on_ap = appearance(doc, w, h, None, format!("{frame}{tick}"));
    // ZapfDingbats "4" is a check mark, should a viewer draw its own.
    button_widget(page, look, area, (on, on_ap), off, "4")
}

/// The widget of one button of a radio group (its on state named `on`, the option id): a
/// circle, with a dot when chosen.
fn radio(doc: &mut Document, page: ObjectId, look: &Look, on: &str, area: [f32; 4]) -> Dictionary {
    let [_, _, w, h] = area;
    let b = look.border;
    let (cx, cy) = (w / 2.0, h / 2.0);
    let ring = format!(
        "q 1 1 1 rg {:.3} {:.3} {:.3} RG 0.9 w {} b Q\n",
        b.r,
        b.g,
        b.b,
        circle(cx, cy, w.min(h) / 2.0 - 0.45)
    );
    let dot = format!("q 0.1 0.1 0.1 rg {} f Q\n", circle(cx, cy, w.min(h) * 0.22));
    let off = appearance(doc, w, h, None, ring.clone());
    let on_ap = appearance(doc, w, h, None, format!("{ring}{dot}"));
    // ZapfDingbats "l" is a filled circle.
    button_widget(page, look, area, (on, on_ap), off, "l")
}

/// The widget dictionary of a check box or radio button: its two appearances (`on`, named by
/// its export value, and `Off`), off at first, and the border, background and ZapfDingbats
/// caption a viewer uses if it regenerates the appearance.
fn button_widget(
    page: ObjectId,
    look: &Look,
    area: [f32; 4],
    (on, on_ap): (&str, ObjectId),
    off: ObjectId,
    caption: &str,
) -> Dictionary {
    let mut states = Dictionary::new();
    states.set(on, on_ap);
    states.set("Off", off);
    dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "Rect" => rect(area, look.page_height),
        "P" => page,
        "F" => PRINT,
        "AS" => "Off",
        "DA" => Object::string_literal("/ZaDb 0 Tf 0 g"),
        "BS" => dictionary! { "W" => 0.9, "S" => "S" },
        "MK" => dictionary! {
            "BC" => rgb(look.border),
            "BG" => vec![1.into(), 1.into(), 1.into()],
            "CA" => Object::string_literal(caption),
        },
        "AP" => dictionary! { "N" => states },
    }
}

/// A circle around (`cx`, `cy`) as four Bézier curves (a closed path, not painted).
fn circle(cx: f32, cy: f32, r: f32) -> String {
    let k = r * 0.552_284_8;
    format!(
        "{:.2} {:.2} m {:.2} {:.2} {:.2} {:.2} {:.2} {:.2} c {:.2} {:.2} {:.2} {:.2} {:.2} {:.2} c {:.2} {:.2} {:.2} {:.2} {:.2} {:.2} c {:.2} {:.2} {:.2} {:.2} {:.2} {:.2} c h",
        cx + r,
        cy,
        cx + r,
        cy + k,
        cx + k,
        cy + r,
        cx,
        cy + r,
        cx - k,
        cy + r,
        cx - r,
        cy + k,
        cx - r,
        cy,
        cx - r,
        cy - k,
        cx - k,
        cy - r,
        cx,
        cy - r,
        cx + k,
        cy - r,
        cx + r,
        cy - k,
        cx + r,
        cy
    )
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

/// The characters of WinAnsi's bytes 0x80–0x9F (`None` where it has none).
const WIN_ANSI_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The character of a WinAnsi byte.
fn win_ansi_char(byte: u8) -> char {
    match byte {
        0x80..=0x9F => WIN_ANSI_HIGH[usize::from(byte - 0x80)].unwrap_or('?'),
        _ => char::from(byte),
    }
}

/// Helvetica's metrics, from the metric-compatible font printpdf ships for its built-in fonts.
fn helvetica() -> Option<&'static printpdf::ParsedFont> {
    static HELVETICA: std::sync::OnceLock<Option<printpdf::ParsedFont>> =
        std::sync::OnceLock::new();
    HELVETICA
        .get_or_init(|| printpdf::BuiltinFont::Helvetica.get_parsed_font())
        .as_ref()
}

/// Helvetica's advance width (1/1000 em) of a WinAnsi byte, to fit values into fields and to
/// centre them in comb cells; an average width where the metrics have no glyph.
pub fn helvetica_width(byte: u8) -> f32 {
    let width = helvetica().and_then(|font| {
        let glyph = font.lookup_glyph_index(win_ansi_char(byte) as u32)?;
        let advance = font.get_glyph_width(glyph)?;
        Some(f32::from(advance) * 1000.0 / f32::from(font.units_per_em.max(1)))
    });
    width.unwrap_or(556.0)
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
