//! A page's content stream, written as bytes.
//!
//! printpdf turns each drawing operation into lopdf objects and lopdf writes every number with
//! `format!("{}")` and every byte of a hex string with `format!("{:02X}")`: 7.4 M instructions
//! of a ~40 M checklist. This writer makes the same bytes directly: operands separated by one
//! space, one operation per line, numbers in the shortest form that reads back as the same
//! `f32` (what Rust's `Display` gives, by `zmij`, without the formatting machinery), names
//! escaped as lopdf escapes them.

/// The bytes of one content stream.
#[derive(Default)]
pub struct Content {
    bytes: Vec<u8>,
}

/// `value` as `Display` writes an `f32`: `10`, `0.6`, `-3.25`, `0.0000001`.
pub fn real(out: &mut Vec<u8>, value: f32) {
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format(value);
    if text.contains('e') {
        // Outside zmij's plain-decimal range (below 1e-4 or so): rare, so `Display`.
        out.extend_from_slice(value.to_string().as_bytes());
    } else {
        out.extend_from_slice(text.strip_suffix(".0").unwrap_or(text).as_bytes());
    }
}

/// A name (`/F1`); delimiters, white space and bytes outside `!`–`~` as `#XX`, as lopdf
/// writes them.
pub fn name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    if name.iter().all(|&byte| PLAIN[usize::from(byte)]) {
        out.extend_from_slice(name);
        return;
    }
    for &byte in name {
        if !PLAIN[usize::from(byte)] {
            out.push(b'#');
            hex_byte(out, byte);
        } else {
            out.push(byte);
        }
    }
}

/// Whether a byte stands for itself in a name: `!`–`~` but the delimiters, `%` and `#`.
const PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut byte = 33;
    while byte <= 126 {
        plain[byte] = !matches!(
            byte as u8,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%' | b'#'
        );
        byte += 1;
    }
    plain
};

/// A byte as two upper-case hex digits.
pub fn hex_byte(out: &mut Vec<u8>, byte: u8) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.push(DIGITS[usize::from(byte >> 4)]);
    out.push(DIGITS[usize::from(byte & 15)]);
}

impl Content {
    /// An empty stream.
    pub fn new() -> Content {
        Content::default()
    }

    /// The bytes written so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// How many bytes are written.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether nothing is written.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Drops what was written after the first `len` bytes.
    pub fn truncate(&mut self, len: usize) {
        self.bytes.truncate(len);
    }

    /// Ends an operation with its operator (operands come first, each followed by a space).
    pub fn op(&mut self, operator: &str) -> &mut Self {
        self.bytes.extend_from_slice(operator.as_bytes());
        self.bytes.push(b'\n');
        self
    }

    /// A number operand, as `Display` writes an `f32`: `10`, `0.6`, `-3.25`, `0.0000001`.
    pub fn num(&mut self, value: f32) -> &mut Self {
        real(&mut self.bytes, value);
        self.bytes.push(b' ');
        self
    }

    /// Several number operands.
    pub fn nums(&mut self, values: &[f32]) -> &mut Self {
        for value in values {
            self.num(*value);
        }
        self
    }

    /// An integer operand.
    pub fn int(&mut self, value: i64) -> &mut Self {
        self.bytes
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
        self.bytes.push(b' ');
        self
    }

    /// A name operand (`/F1`); delimiters, white space and bytes outside `!`–`~` as `#XX`.
    pub fn name(&mut self, text: &str) -> &mut Self {
        name(&mut self.bytes, text.as_bytes());
        self.bytes.push(b' ');
        self
    }

    /// A hex string operand of big-endian 16-bit codes (`<00120034>`): text in a font with
    /// `Identity-H` encoding.
    pub fn codes(&mut self, codes: impl IntoIterator<Item = u16>) -> &mut Self {
        self.bytes.push(b'<');
        for code in codes {
            let [high, low] = code.to_be_bytes();
            hex_byte(&mut self.bytes, high);
            hex_byte(&mut self.bytes, low);
        }
        self.bytes.extend_from_slice(b"> ");
        self
    }

    /// A one-entry dictionary operand with an integer value (`<</MCID 3>>`).
    pub fn dict_int(&mut self, key: &str, value: i64) -> &mut Self {
        self.bytes.extend_from_slice(b"<<");
        name(&mut self.bytes, key.as_bytes());
        self.bytes.push(b' ');
        self.bytes
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
        self.bytes.extend_from_slice(b">> ");
        self
    }

    /// A one-entry dictionary operand with a name value (`<</Type/Pagination>>`).
    pub fn dict_name(&mut self, key: &str, value: &str) -> &mut Self {
        self.bytes.extend_from_slice(b"<<");
        name(&mut self.bytes, key.as_bytes());
        name(&mut self.bytes, value.as_bytes());
        self.bytes.extend_from_slice(b">> ");
        self
    }

    /// Removes the newline after the last operation: lopdf separates operations, it does
    /// not end them.
    pub fn finish(mut self) -> Vec<u8> {
        if self.bytes.last() == Some(&b'\n') {
            self.bytes.pop();
        }
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What lopdf writes for the same operations.
    fn lopdf(operations: Vec<lopdf::content::Operation>) -> Vec<u8> {
        lopdf::content::Content { operations }
            .encode()
            .expect("encodes")
    }

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            10.0,
            0.6,
            0.1,
            841.89,
            595.2756,
            -3.25,
            1e-7,
            1.5e-5,
            0.0001,
            123_456.79,
            16_777_216.0,
            1e12,
            f32::MIN_POSITIVE,
        ];
        // A spread of the coordinates and sizes a page has.
        let mut x = 0.000_123_f32;
        while x < 2000.0 {
            values.push(x);
            values.push(-x);
            x = x * 1.37 + 0.011;
        }
        for value in values {
            let mut content = Content::new();
            content.num(value);
            assert_eq!(
                String::from_utf8(content.into_bytes()).expect("ascii"),
                format!("{value} "),
            );
        }
    }

    #[test]
    fn every_byte_of_a_name_is_escaped_as_lopdf_escapes_it() {
        for byte in 0..=255u8 {
            let mut ours = Vec::new();
            name(&mut ours, &[b'a', byte]);
            let theirs = lopdf(vec![lopdf::content::Operation::new(
                "Do",
                vec![lopdf::Object::Name(vec![b'a', byte])],
            )]);
            assert_eq!(
                [ours.as_slice(), b" Do"].concat(),
                theirs,
                "byte {byte:#04x}"
            );
        }
    }

    #[test]
    fn operations_are_the_bytes_lopdf_writes() {
        use lopdf::Object::{Dictionary, Integer, Name, Real, String as Str};
        use lopdf::StringFormat::Hexadecimal;
        use lopdf::content::Operation as Op;
        let mut content = Content::new();
        content.name("P").dict_int("MCID", 7).op("BDC");
        content.op("BT");
        content.name("F1").num(9.5).op("Tf");
        content.nums(&[0.2, 0.25, 0.3]).op("rg");
        content.nums(&[56.7, 700.123]).op("Td");
        content.codes([0x12, 0xABCD]).op("Tj");
        content.op("ET");
        content
            .name("Artifact")
            .dict_name("Type", "Pagination")
            .op("BDC");
        content.name("Im a(b)").op("Do");
        content.int(-3).op("EMC");
        let mut pagination = lopdf::Dictionary::new();
        pagination.set("Type", Name(b"Pagination".to_vec()));
        let mut mcid = lopdf::Dictionary::new();
        mcid.set("MCID", Integer(7));
        let expected = lopdf(vec![
            Op::new("BDC", vec![Name(b"P".to_vec()), Dictionary(mcid)]),
            Op::new("BT", vec![]),
            Op::new("Tf", vec![Name(b"F1".to_vec()), Real(9.5)]),
            Op::new("rg", vec![Real(0.2), Real(0.25), Real(0.3)]),
            Op::new("Td", vec![Real(56.7), Real(700.123)]),
            Op::new("Tj", vec![Str(vec![0, 0x12, 0xAB, 0xCD], Hexadecimal)]),
            Op::new("ET", vec![]),
            Op::new(
                "BDC",
                vec![Name(b"Artifact".to_vec()), Dictionary(pagination)],
            ),
            Op::new("Do", vec![Name(b"Im a(b)".to_vec())]),
            Op::new("EMC", vec![Integer(-3)]),
        ]);
        assert_eq!(
            String::from_utf8(content.finish()).expect("ascii"),
            String::from_utf8(expected).expect("ascii")
        );
    }
}
