//! "Download my checklist": what the procedure page needs to fill in the build's own checklist
//! in the browser, offline and from `file://`, with no PDF library in the page.
//!
//! Next to each checklist `<name>.pdf` the build writes `<name>.pdf.js`, a script the page loads
//! when the reader asks for the filled checklist (a `<script>` loads from `file://`, a `fetch`
//! would not). It holds the PDF's bytes (base64) and the facts an incremental update needs: the
//! offset of the last cross-reference section, the next free object number, the trailer's
//! `/Root`, `/Info` and `/ID`, the form's Helvetica, Helvetica's widths, and for each field its
//! object number and its dictionary as PDF text without the entries the page writes (`/V`,
//! `/AP`, `/DA` of a text field, `/V` and `/AS` of a button). The page (`stepbook.js`) appends
//! the changed fields, their new appearance streams, a cross-reference section and a trailer
//! with `/Prev` to the original bytes, which stay as they are.

use lopdf::{Dictionary, Document, Object};
use serde::Serialize;

use super::fields::{Look, helvetica_width};

/// What the page knows of one checklist; written after `"pdf"`, the PDF in base64 (see
/// [`script`]).
#[derive(Serialize)]
struct Facts {
    /// The byte offset of the last cross-reference section (the update's `/Prev`).
    startxref: usize,
    /// The first free object number.
    size: u32,
    /// The trailer's `/Root`, `/Info` and `/ID`, as PDF text.
    trailer: String,
    /// The object number of the form's Helvetica.
    helv: u32,
    /// Helvetica's advance widths of the WinAnsi bytes, in 1/1000 em.
    widths: Vec<u16>,
    /// The border colour of text fields (RGB, 0–1).
    border: [f32; 3],
    /// The size of values that fit.
    font_size: f32,
    /// The fields by name.
    fields: std::collections::BTreeMap<String, Field>,
}

/// One field.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Field {
    /// A text field: its widget's object, dictionary, width, height and comb cells.
    Text {
        obj: u32,
        dict: String,
        w: f32,
        h: f32,
        comb: Option<i64>,
    },
    /// A step's checkbox.
    Check { obj: u32, dict: String },
    /// A choice's radio group and its buttons by option id.
    Radio {
        obj: u32,
        dict: String,
        options: std::collections::BTreeMap<String, Button>,
    },
}

/// One button of a radio group.
#[derive(Serialize)]
struct Button {
    obj: u32,
    dict: String,
}

/// The fill script of the checklist `doc`, saved as `bytes` under `file_name`.
pub fn script(
    doc: &Document,
    bytes: &[u8],
    file_name: &str,
    look: &Look,
) -> Result<Vec<u8>, String> {
    let startxref = startxref(bytes).ok_or("no startxref at the end of the PDF")?;
    let mut trailer = doc.trailer.clone();
    trailer.remove(b"Size");
    trailer.remove(b"Prev");
    let form = doc
        .catalog()
        .and_then(|c| c.get(b"AcroForm"))
        .and_then(|f| doc.dereference(f))
        .and_then(|(_, f)| f.as_dict())
        .map_err(|e| e.to_string())?;
    let helv = form
        .get(b"DR")
        .and_then(|dr| doc.dereference(dr))
        .and_then(|(_, dr)| dr.as_dict())
        .and_then(|dr| dr.get(b"Font"))
        .and_then(|fonts| doc.dereference(fonts))
        .and_then(|(_, fonts)| fonts.as_dict())
        .and_then(|fonts| fonts.get(b"Helv"))
        .and_then(Object::as_reference)
        .map_err(|e| e.to_string())?;
    let mut fields = std::collections::BTreeMap::new();
    for field in form
        .get(b"Fields")
        .and_then(Object::as_array)
        .map_err(|e| e.to_string())?
    {
        let id = field.as_reference().map_err(|e| e.to_string())?;
        let dict = doc.get_dictionary(id).map_err(|e| e.to_string())?;
        let name = String::from_utf8_lossy(dict.get(b"T").and_then(Object::as_str).unwrap_or(b""))
            .into_owned();
        let kind = dict.get(b"FT").and_then(Object::as_name).unwrap_or(b"");
        let field = match (kind, dict.get(b"Kids")) {
            (b"Tx", _) => {
                let rect = rect(dict)?;
                Field::Text {
                    obj: id.0,
                    dict: without(dict, &[b"V", b"AP", b"DA"])?,
                    w: rect[2] - rect[0],
                    h: rect[3] - rect[1],
                    comb: dict.get(b"MaxLen").and_then(Object::as_i64).ok(),
                }
            }
            (b"Btn", Ok(kids)) => {
                let mut options = std::collections::BTreeMap::new();
                for kid in kids.as_array().map_err(|e| e.to_string())? {
                    let kid_id = kid.as_reference().map_err(|e| e.to_string())?;
                    let kid = doc.get_dictionary(kid_id).map_err(|e| e.to_string())?;
                    options.insert(
                        on_state(doc, kid).ok_or("a radio button without an on state")?,
                        Button {
                            obj: kid_id.0,
                            dict: without(kid, &[b"AS"])?,
                        },
                    );
                }
                Field::Radio {
                    obj: id.0,
                    dict: without(dict, &[b"V"])?,
                    options,
                }
            }
            (b"Btn", Err(_)) => Field::Check {
                obj: id.0,
                dict: without(dict, &[b"V", b"AS"])?,
            },
            _ => continue,
        };
        fields.insert(name, field);
    }
    let facts = Facts {
        startxref,
        size: doc.max_id + 1,
        trailer: without(&trailer, &[])?,
        helv: helv.0,
        widths: (0..=255u8)
            .map(|b| helvetica_width(b).round() as u16)
            .collect(),
        border: [look.border.r, look.border.g, look.border.b],
        font_size: look.size,
        fields,
    };
    let json = serde_json::to_string(&facts).map_err(|e| e.to_string())?;
    let rest = json
        .strip_prefix('{')
        .ok_or("the facts do not serialise as an object")?;
    let key = serde_json::to_string(file_name).map_err(|e| e.to_string())?;
    let script = format!(
        "/* stepbook: what the page needs to fill in {file_name} in the browser (see stepbook.js). */\n\
         (self.stepbookChecklists = self.stepbookChecklists || {{}})[{key}] = {{\"pdf\":\""
    );
    // Base64 has nothing JSON escapes, so the PDF goes in as it is encoded: serde_json would
    // look at each of its ~150 000 characters for escapes (2 M instructions a checklist).
    let mut script = script.into_bytes();
    script.reserve(bytes.len().div_ceil(3) * 4 + rest.len() + 8);
    base64(bytes, &mut script);
    script.extend_from_slice(b"\",");
    script.extend_from_slice(rest.as_bytes());
    script.extend_from_slice(b";\n");
    Ok(script)
}

/// `bytes` in standard base64 (with `=` padding), appended to `out`: encoded by the base64
/// crate straight into room made for the whole (its `String` sink, `encode_string`, copies
/// through a chunk buffer: 0.79 M instructions for a checklist's ~110 KB).
fn base64(bytes: &[u8], out: &mut Vec<u8>) {
    use base64::Engine as _;
    let start = out.len();
    out.resize(start + bytes.len().div_ceil(3) * 4, 0);
    // The room is exactly the encoded length, so the encoder cannot run out of it.
    let written = base64::engine::general_purpose::STANDARD
        .encode_slice(bytes, &mut out[start..])
        .unwrap_or(0);
    out.truncate(start + written);
}

/// The offset after the last `startxref`.
fn startxref(bytes: &[u8]) -> Option<usize> {
    let tail = &bytes[bytes.len().saturating_sub(64)..];
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    let rest = std::str::from_utf8(&tail[at + 9..]).ok()?;
    rest.split_whitespace().next()?.parse().ok()
}

fn rect(dict: &Dictionary) -> Result<[f32; 4], String> {
    let numbers: Vec<f32> = dict
        .get(b"Rect")
        .and_then(Object::as_array)
        .map_err(|e| e.to_string())?
        .iter()
        .filter_map(|n| n.as_float().ok())
        .collect();
    numbers
        .try_into()
        .map_err(|_| "a widget without a /Rect of four numbers".to_string())
}

/// The name of a button's on state: its normal appearance other than `Off`.
fn on_state(doc: &Document, widget: &Dictionary) -> Option<String> {
    let ap = doc
        .dereference(widget.get(b"AP").ok()?)
        .ok()?
        .1
        .as_dict()
        .ok()?;
    let normal = doc.dereference(ap.get(b"N").ok()?).ok()?.1.as_dict().ok()?;
    normal
        .iter()
        .map(|(key, _)| key)
        .find(|key| key.as_slice() != b"Off")
        .map(|key| String::from_utf8_lossy(key).into_owned())
}

/// The entries of `dict` but `keys`, as PDF text (`/Key value …`, no brackets).
/// (Removing a key moves the last entry into its place, as lopdf's `remove` does: the order
/// the page has always been given.)
fn without(dict: &Dictionary, keys: &[&[u8]]) -> Result<String, String> {
    // The entries in order, with `keys` swap-removed as `Dictionary::remove` would, without
    // cloning the dictionary (half of this function's cost when it did).
    let mut kept: Vec<(&[u8], &Object)> = dict.iter().map(|(k, v)| (k.as_slice(), v)).collect();
    for key in keys {
        if let Some(at) = kept.iter().position(|(k, _)| k == key) {
            kept.swap_remove(at);
        }
    }
    let mut bytes = Vec::with_capacity(64 * kept.len());
    for (key, value) in kept {
        super::write::entry(&mut bytes, key, value);
    }
    String::from_utf8(bytes)
        .ok()
        .filter(|text| text.is_ascii())
        .ok_or_else(|| "a field dictionary that is not ASCII".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_the_standard_encoding() {
        use base64::Engine as _;
        // Every length of remainder, and bytes of every value.
        let bytes: Vec<u8> = (0..3000u32).map(|i| (i * 7919 % 256) as u8).collect();
        for len in (0..40).chain([255, 256, 257, 2999, 3000]) {
            let mut ours = b"x".to_vec();
            base64(&bytes[..len], &mut ours);
            let theirs = base64::engine::general_purpose::STANDARD.encode(&bytes[..len]);
            assert_eq!(ours[1..], *theirs.as_bytes(), "{len} bytes");
        }
    }

    #[test]
    fn finds_the_last_startxref_and_writes_dictionaries_without_some_keys() {
        assert_eq!(
            startxref(b"%PDF-1.7\n...\nstartxref\n1234\n%%EOF\n"),
            Some(1234)
        );
        let dict =
            lopdf::dictionary! { "FT" => "Tx", "V" => Object::string_literal("x"), "Ff" => 1 };
        let text = without(&dict, &[b"V"]).expect("ASCII");
        assert!(
            text.contains("/FT/Tx") || text.contains("/FT /Tx"),
            "{text}"
        );
        assert!(!text.contains("/V"), "{text}");
        // The order `Dictionary::remove` leaves (the last entry moved into the gap).
        let dict = lopdf::dictionary! {
            "FT" => "Btn", "V" => "Off", "Rect" => vec![1.into(), 2.5.into()],
            "AS" => "Off", "T" => Object::string_literal("a(b"), "Ff" => 49152
        };
        let mut removed = dict.clone();
        removed.remove(b"V");
        removed.remove(b"AS");
        let mut expected = Vec::new();
        super::super::write::entries(&mut expected, &removed);
        assert_eq!(
            without(&dict, &[b"V", b"AS"]).expect("ASCII").as_bytes(),
            expected
        );
    }
}
