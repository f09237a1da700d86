//! A page's content stream, written as bytes.
//!
//! printpdf turns each drawing operation into lopdf objects and lopdf writes every number with
//! `format!("{}")` and every byte of a hex string with `format!("{:02X}")`: 7.4 M instructions
//! of a ~40 M checklist. This writer makes the bytes directly, as lopdf lays them out: operands
//! separated by one space, one operation per line, names escaped as lopdf escapes them.
//!
//! Numbers are written to a thousandth of a point (or of a colour component), trailing zeros
//! dropped: `51.024`, `0.6`, `10`. The shortest form that reads back as the same `f32`
//! (`51.023624`, what `Display` gives) took a `zmij` call per number and made the streams
//! longer, so more to compress; a thousandth of a point is 1/72 000 inch, and a thousandth of a
//! colour component is finer than the 1/255 steps the theme's colours come in.
//!
//! The fill colour, the stroke colour, the line width and the font are graphics state, which
//! persists from one operation to the next (text state too, across `BT`…`ET`): [`Content`]
//! writes them only when they change. What is drawn between `q` and `Q` sets its state with the
//! plain operators, so the state after `Q` is the one tracked before `q`.

/// The bytes of one content stream, and the graphics state they leave.
#[derive(Default)]
pub struct Content {
    bytes: Vec<u8>,
    /// The font resource and size last set (`Tf`).
    font: Option<(&'static str, f32)>,
    /// The fill colour last set (`rg`).
    fill: Option<[f32; 3]>,
    /// The stroke colour last set (`RG`).
    stroke: Option<[f32; 3]>,
    /// The line width last set (`w`).
    width: Option<f32>,
}

/// `value` to a thousandth, trailing zeros dropped: `10`, `0.6`, `-3.25`, `51.024`, `0`.
/// Values too large for that (beyond ±9·10¹⁵) and non-finite ones as `Display` writes them.
pub fn short(out: &mut Vec<u8>, value: f32) {
    let scaled = (f64::from(value) * 1000.0).round();
    if !scaled.is_finite() || scaled.abs() >= 9e18 {
        out.extend_from_slice(value.to_string().as_bytes());
        return;
    }
    let scaled = scaled as i64;
    if scaled < 0 {
        out.push(b'-');
    }
    let magnitude = scaled.unsigned_abs();
    out.extend_from_slice(itoa::Buffer::new().format(magnitude / 1000).as_bytes());
    let mut fraction = magnitude % 1000;
    if fraction != 0 {
        out.push(b'.');
        let mut digits = 3;
        while fraction.is_multiple_of(10) {
            fraction /= 10;
            digits -= 1;
        }
        let mut buffer = [b'0'; 3];
        for at in (0..digits).rev() {
            buffer[at] = b'0' + (fraction % 10) as u8;
            fraction /= 10;
        }
        out.extend_from_slice(&buffer[..digits]);
    }
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

    /// Drops what was written after the first `len` bytes, which must not have set any of
    /// the state [`Content`] tracks (see `draw`: only marked content that drew nothing is
    /// dropped).
    pub fn truncate(&mut self, len: usize) {
        self.bytes.truncate(len);
    }

    /// Ends an operation with its operator (operands come first, each followed by a space).
    pub fn op(&mut self, operator: &str) -> &mut Self {
        self.bytes.extend_from_slice(operator.as_bytes());
        self.bytes.push(b'\n');
        self
    }

    /// A number operand, to a thousandth ([`short`]): `10`, `0.6`, `-3.25`, `51.024`.
    pub fn num(&mut self, value: f32) -> &mut Self {
        short(&mut self.bytes, value);
        self.bytes.push(b' ');
        self
    }

    /// Sets the font resource `id` at `size` (`Tf`), unless it is set already.
    pub fn font(&mut self, id: &'static str, size: f32) -> &mut Self {
        if self.font != Some((id, size)) {
            self.name(id).num(size).op("Tf");
            self.font = Some((id, size));
        }
        self
    }

    /// Sets the fill colour (`rg`), unless it is set already.
    pub fn fill(&mut self, rgb: [f32; 3]) -> &mut Self {
        if self.fill != Some(rgb) {
            self.nums(&rgb).op("rg");
            self.fill = Some(rgb);
        }
        self
    }

    /// Sets the stroke colour (`RG`), unless it is set already.
    pub fn stroke(&mut self, rgb: [f32; 3]) -> &mut Self {
        if self.stroke != Some(rgb) {
            self.nums(&rgb).op("RG");
            self.stroke = Some(rgb);
        }
        self
    }

    /// Sets the line width (`w`), unless it is set already.
    pub fn line_width(&mut self, width: f32) -> &mut Self {
        if self.width != Some(width) {
            self.num(width).op("w");
            self.width = Some(width);
        }
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
            let mut out = Vec::new();
            real(&mut out, value);
            assert_eq!(String::from_utf8(out).expect("ascii"), format!("{value}"));
        }
    }

    #[test]
    fn operands_are_written_to_a_thousandth() {
        for (value, text) in [
            (0.0, "0"),
            (-0.0, "0"),
            (-0.0004, "0"),
            (1.0, "1"),
            (10.0, "10"),
            (0.6, "0.6"),
            (-3.25, "-3.25"),
            (51.023_624, "51.024"),
            (0.113_725_49, "0.114"),
            (841.89, "841.89"),
            (0.0005, "0.001"),
            (1e-7, "0"),
            (-1.05, "-1.05"),
            (16_777_216.0, "16777216"),
            (1e20, "100000000000000000000"),
        ] {
            let mut content = Content::new();
            content.num(value);
            assert_eq!(
                String::from_utf8(content.into_bytes()).expect("ascii"),
                format!("{text} "),
                "{value}"
            );
        }
        // Across a page's coordinates: within half a thousandth, no trailing zero.
        let mut x = 0.000_123_f32;
        while x < 2000.0 {
            for value in [x, -x] {
                let mut out = Vec::new();
                short(&mut out, value);
                let text = String::from_utf8(out).expect("ascii");
                let back: f64 = text.parse().expect("a number");
                assert!(
                    (back - f64::from(value)).abs() <= 0.000_5 + 1e-9,
                    "{value} {text}"
                );
                assert!(!text.contains('.') || !text.ends_with('0'), "{text}");
                assert!(
                    text.split('.').nth(1).is_none_or(|f| f.len() <= 3),
                    "{text}"
                );
            }
            x = x * 1.37 + 0.011;
        }
    }

    #[test]
    fn font_colours_and_width_are_written_when_they_change() {
        let mut content = Content::new();
        content.font("F1", 9.5).font("F1", 9.5).font("F2", 9.5);
        content.fill([0.1, 0.2, 0.3]).fill([0.1, 0.2, 0.3]);
        content.stroke([0.1, 0.2, 0.3]).stroke([0.1, 0.2, 0.3]);
        content.line_width(0.5).line_width(0.5).line_width(0.6);
        content.font("F2", 10.0).fill([0.0, 0.0, 0.0]);
        assert_eq!(
            String::from_utf8(content.finish()).expect("ascii"),
            "/F1 9.5 Tf\n/F2 9.5 Tf\n0.1 0.2 0.3 rg\n0.1 0.2 0.3 RG\n0.5 w\n0.6 w\n\
             /F2 10 Tf\n0 0 0 rg"
        );
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
