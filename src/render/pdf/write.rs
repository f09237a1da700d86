//! Writes a lopdf document as bytes, as `lopdf::Document::save_to` does, without `write!`.
//!
//! lopdf writes each object header, reference, number and cross-reference entry through the
//! formatting machinery and each byte of a hex string with `{:02X}`: 3.5 M instructions of a
//! ~22 M checklist. This writer gives the same bytes (a test holds it to lopdf's for a
//! document with every kind of object, and the built checklists did not change): the header
//! and binary mark, the objects in id order, a cross-reference table, the trailer with
//! `/Size`, `startxref`.

use lopdf::xref::XrefType;
use lopdf::{Dictionary, Document, Object, StringFormat};

/// The bytes of `pdf`; sets the trailer's `/Size`, as lopdf does. A document meant for a
/// cross-reference stream (lopdf's default for a new document; printpdf's are tables) is left
/// to lopdf.
pub fn save(pdf: &mut Document) -> Result<Vec<u8>, String> {
    if let XrefType::CrossReferenceStream = pdf.reference_table.cross_reference_type {
        let mut out = Vec::new();
        pdf.save_to(&mut out).map_err(|e| e.to_string())?;
        return Ok(out);
    }
    if !pdf.binary_mark.iter().all(|byte| *byte >= 128) {
        return Err("invalid binary mark".into());
    }
    let mut out = Vec::with_capacity(
        pdf.objects
            .values()
            .map(|object| match object {
                Object::Stream(stream) => stream.content.len() + 64,
                _ => 64,
            })
            .sum::<usize>()
            + 1024,
    );
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(pdf.version.as_bytes());
    out.extend_from_slice(b"\n%");
    out.extend_from_slice(&pdf.binary_mark);
    out.push(b'\n');
    let size = pdf.max_id + 1;
    let mut offsets: Vec<Option<(usize, u16)>> = vec![None; size as usize];
    for (&(id, generation), object) in &pdf.objects {
        if skipped(object) {
            continue;
        }
        if let Some(slot) = offsets.get_mut(id as usize) {
            *slot = Some((out.len(), generation));
        }
        int(&mut out, i64::from(id));
        out.push(b' ');
        int(&mut out, i64::from(generation));
        out.extend_from_slice(b" obj\n");
        if needs_separator(object) {
            out.push(b' ');
        }
        write_object(&mut out, object);
        if needs_end_separator(object) {
            out.push(b' ');
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref_start = out.len();
    xref(&mut out, &offsets);
    pdf.trailer.set("Size", i64::from(size));
    out.extend_from_slice(b"trailer\n");
    dictionary(&mut out, &pdf.trailer);
    out.extend_from_slice(b"\nstartxref\n");
    int(&mut out, xref_start as i64);
    out.extend_from_slice(b"\n%%EOF");
    Ok(out)
}

/// Objects lopdf leaves out when it writes a cross-reference table.
fn skipped(object: &Object) -> bool {
    let dict = match object {
        Object::Dictionary(dict) => dict,
        Object::Stream(stream) => &stream.dict,
        _ => return false,
    };
    // `has` first: a failed `get` makes (and drops) an error naming the key.
    if !dict.has(b"Type") {
        return false;
    }
    dict.get(b"Type")
        .and_then(Object::as_name)
        .is_ok_and(|name| [&b"ObjStm"[..], b"XRef", b"Linearized"].contains(&name))
}

/// The cross-reference table: entry 0, then a section per run of present ids.
fn xref(out: &mut Vec<u8>, offsets: &[Option<(usize, u16)>]) {
    out.extend_from_slice(b"xref\n");
    // (first id, entries); `None` is the unusable free entry.
    let mut start = 0usize;
    let mut entries: Vec<Option<(usize, u16)>> = vec![None];
    let flush = |out: &mut Vec<u8>, start: usize, entries: &[Option<(usize, u16)>]| {
        int(out, start as i64);
        out.push(b' ');
        int(out, entries.len() as i64);
        out.push(b'\n');
        for entry in entries {
            let (offset, generation, kind) = match entry {
                Some((offset, generation)) => (*offset, *generation, b'n'),
                None => (0, 65535, b'f'),
            };
            padded(out, offset as u64, 10);
            out.push(b' ');
            padded(out, u64::from(generation), 5);
            out.push(b' ');
            out.push(kind);
            out.extend_from_slice(b" \n");
        }
    };
    for (id, entry) in offsets.iter().enumerate().skip(1) {
        if entries.is_empty() {
            start = id;
        }
        match entry {
            Some(entry) => entries.push(Some(*entry)),
            None if !entries.is_empty() => {
                flush(out, start, &entries);
                entries.clear();
                start = id;
            }
            None => {}
        }
    }
    if !entries.is_empty() {
        flush(out, start, &entries);
    }
}

/// `value` with leading zeros to `width` digits.
fn padded(out: &mut Vec<u8>, value: u64, width: usize) {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(value);
    out.extend(std::iter::repeat_n(
        b'0',
        width.saturating_sub(digits.len()),
    ));
    out.extend_from_slice(digits.as_bytes());
}

fn needs_separator(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

fn needs_end_separator(object: &Object) -> bool {
    needs_separator(object) || matches!(object, Object::Name(_) | Object::Stream(_))
}

fn int(out: &mut Vec<u8>, value: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
}

/// One object, as lopdf's `Writer::write_object` writes it.
pub fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(value) => int(out, *value),
        Object::Real(value) => super::content::real(out, *value),
        Object::Name(name) => super::content::name(out, name),
        Object::String(text, StringFormat::Literal) => literal(out, text),
        Object::String(text, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for byte in text {
                super::content::hex_byte(out, *byte);
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 && needs_separator(item) {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => dictionary(out, dict),
        Object::Stream(stream) => {
            dictionary(out, &stream.dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            int(out, i64::from(*id));
            out.push(b' ');
            int(out, i64::from(*generation));
            out.extend_from_slice(b" R");
        }
    }
}

/// A dictionary, `<<…>>`.
pub fn dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    entries(out, dict);
    out.extend_from_slice(b">>");
}

/// The entries of `dict`, as they are written inside `<<…>>`.
pub fn entries(out: &mut Vec<u8>, dict: &Dictionary) {
    for (key, value) in dict {
        entry(out, key, value);
    }
}

/// One entry of a dictionary, `/Key value`.
pub fn entry(out: &mut Vec<u8>, key: &[u8], value: &Object) {
    super::content::name(out, key);
    if needs_separator(value) {
        out.push(b' ');
    }
    write_object(out, value);
}

/// A literal string: backslashes, carriage returns and unbalanced parentheses escaped, as
/// lopdf escapes them.
fn literal(out: &mut Vec<u8>, text: &[u8]) {
    let mut escaped = Vec::new();
    let mut open = Vec::new();
    for (index, byte) in text.iter().enumerate() {
        match byte {
            b'(' => open.push(index),
            b')' if open.pop().is_none() => escaped.push(index),
            b'\\' | b'\r' => escaped.push(index),
            _ => {}
        }
    }
    escaped.extend(open);
    out.push(b'(');
    if escaped.is_empty() {
        out.extend_from_slice(text);
    } else {
        for (index, byte) in text.iter().enumerate() {
            if escaped.contains(&index) {
                out.push(b'\\');
                out.push(if *byte == b'\r' { b'r' } else { *byte });
            } else {
                out.push(*byte);
            }
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use lopdf::{Stream, dictionary};

    use super::*;

    #[test]
    fn the_bytes_lopdf_writes() {
        let mut pdf = Document::with_version("1.7");
        // As printpdf makes them.
        pdf.reference_table.cross_reference_type = XrefType::CrossReferenceTable;
        let stream = pdf.add_object(Stream::new(
            dictionary! { "Filter" => "FlateDecode", "Length1" => 12 },
            b"\x00\x01binary\xff)(".to_vec(),
        ));
        let array = pdf.add_object(Object::Array(vec![
            Object::Integer(-4),
            Object::Real(0.6),
            Object::Real(841.89),
            Object::Real(1e-7),
            Object::Name(b"A b#(c)".to_vec()),
            Object::Reference(stream),
            Object::Null,
            Object::Boolean(true),
            Object::Boolean(false),
            Object::String(b"a (b) c) \\ \r (".to_vec(), StringFormat::Literal),
            Object::String(vec![0, 0xAB, 0x7F], StringFormat::Hexadecimal),
            Object::Array(vec![]),
            Object::Dictionary(dictionary! { "K" => Object::Reference(stream), "N" => "x" }),
        ]));
        pdf.add_object(Object::Real(3.25));
        pdf.add_object(Object::Name(b"Alone".to_vec()));
        let root =
            pdf.add_object(dictionary! { "Type" => "Catalog", "Kids" => Object::Reference(array) });
        // A gap in the ids: two sections in the cross-reference table.
        pdf.max_id += 2;
        let last = pdf.add_object(Object::Integer(7));
        pdf.objects.remove(&(last.0 - 1, 0));
        pdf.trailer.set("Root", Object::Reference(root));
        pdf.trailer.set(
            "ID",
            Object::Array(vec![Object::String(b"x".to_vec(), StringFormat::Literal)]),
        );
        let mut theirs = Vec::new();
        let mut copy = pdf.clone();
        copy.save_to(&mut theirs).expect("lopdf writes");
        let ours = save(&mut pdf).expect("writes");
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
        assert_eq!(pdf.trailer, copy.trailer);
        // With a cross-reference stream, lopdf writes.
        pdf.reference_table.cross_reference_type = XrefType::CrossReferenceStream;
        let mut theirs = Vec::new();
        pdf.clone().save_to(&mut theirs).expect("lopdf writes");
        assert_eq!(save(&mut pdf).expect("writes"), theirs);
    }
}
