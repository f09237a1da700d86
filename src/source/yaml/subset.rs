//! A fast reader for the plain subset of YAML that content is written in, tried before
//! serde-saphyr.
//!
//! serde-saphyr spends about 600 instructions on a byte of a `procedure.yaml`: its scanner and
//! parser queue tokens and events, every mapping key is recorded, replayed and hashed to refuse
//! duplicates, and every spanned value goes through two synthesized location structs. Almost
//! all content uses a small part of YAML: block mappings and sequences, one-line scalars, flow
//! sequences of scalars on one line and literal block scalars. This module reads exactly that
//! part into a small tree and deserializes from it, giving the same values and spans as
//! serde-saphyr.
//!
//! It never reports anything. Whatever it does not know, or that is wrong (a duplicate key, an
//! unknown key, a missing key, a tab, a scalar that could be a number, a boolean or null, an
//! anchor, a flow mapping, a multi-line plain scalar, deep nesting …), makes it give up, and the
//! document is read again by serde-saphyr, which accepts it or words the error with its
//! position exactly as before. So problems and their positions come from one reader only; this
//! one only has to agree with it on the documents it accepts (tests compare the two on every
//! YAML file of the repository and on generated content).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::MAX_DEPTH;

/// Why the subset reader gave up; never shown: the document is read again by serde-saphyr.
#[derive(Debug)]
pub struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not in the subset")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

/// The newtype name serde-saphyr gives [`super::Spanned`]'s wrapper; this reader answers it too.
pub const SPANNED: &str = "__yaml_spanned";
/// The key under which this reader hands a spanned value its `(start, end)` in the file.
pub const SPAN_KEY: &str = "__stepbook_span";

/// Reads `yaml` (which starts at byte `base` of its file) as a `T`, or gives up.
pub fn read<'de, T: de::Deserialize<'de>>(yaml: &'de str, base: usize) -> Result<T, GiveUp> {
    let mut parser = Parser {
        text: yaml,
        pos: 0,
        depth: 0,
        peeked: None,
    };
    let root = parser.document()?;
    T::deserialize(NodeDe { node: root, base })
}

/// A node of the document, with its span in the YAML text as serde-saphyr gives it.
enum Node<'a> {
    Scalar(Cow<'a, str>, Span),
    Seq(Vec<Node<'a>>, Span),
    Map(Vec<(Node<'a>, Node<'a>)>, Span),
}

/// Bytes `start..end` of the YAML text.
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

impl Node<'_> {
    fn span(&self) -> Span {
        match self {
            Node::Scalar(_, span) | Node::Seq(_, span) | Node::Map(_, span) => *span,
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    /// The start of the line being looked at.
    pos: usize,
    depth: usize,
    /// The last line [`Parser::next_content_line`] found: each line is looked at by the value
    /// before it (does it continue it?) and then by its own collection.
    peeked: Option<Line<'a>>,
}

/// A line of the text: where it starts, its indentation and its content without the newline.
#[derive(Clone, Copy)]
struct Line<'a> {
    start: usize,
    indent: usize,
    rest: &'a str,
}

impl<'a> Parser<'a> {
    fn document(&mut self) -> Result<Node<'a>, GiveUp> {
        if !only_plain_characters(self.text) {
            return Err(GiveUp);
        }
        let line = self.next_content_line().ok_or(GiveUp)?;
        if line.indent != 0 {
            return Err(GiveUp);
        }
        let node = self.block(line.indent, false)?;
        if self.next_content_line().is_some() {
            return Err(GiveUp);
        }
        Ok(node)
    }

    /// The next line with content (not blank, not only a comment), without moving past it.
    fn next_content_line(&mut self) -> Option<Line<'a>> {
        if let Some(line) = self.peeked
            && line.start == self.pos
        {
            return Some(line);
        }
        while self.pos < self.text.len() {
            let line = self.line_at(self.pos);
            let trimmed = line.rest.trim_end_matches(' ');
            if trimmed.is_empty() || trimmed.starts_with('#') {
                self.pos = self.end_of_line(self.pos);
                continue;
            }
            self.peeked = Some(line);
            return Some(line);
        }
        None
    }

    fn line_at(&self, start: usize) -> Line<'a> {
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let full = &self.text[start..end];
        let rest = full.trim_start_matches(' ');
        Line {
            start,
            indent: full.len() - rest.len(),
            rest,
        }
    }

    /// The start of the line after the one starting at `start`.
    fn end_of_line(&self, start: usize) -> usize {
        self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i + 1)
    }

    /// A block collection whose first line is the next content line, at `indent`.
    /// `in_seq_value` is set for a sequence that is a mapping's value at the key's indentation.
    fn block(&mut self, indent: usize, in_seq_value: bool) -> Result<Node<'a>, GiveUp> {
        self.depth += 1;
        if self.depth > MAX_DEPTH / 2 {
            return Err(GiveUp);
        }
        let line = self.next_content_line().ok_or(GiveUp)?;
        let node = if is_entry(line.rest) {
            self.sequence(indent, in_seq_value)
        } else if in_seq_value {
            Err(GiveUp)
        } else {
            self.mapping_at(indent, line.start + line.indent, None)
        };
        self.depth -= 1;
        node
    }

    /// A block sequence with its dashes at `indent`; `compact` if it is a mapping's value at
    /// the key's indentation (then the next key ends it).
    fn sequence(&mut self, indent: usize, compact: bool) -> Result<Node<'a>, GiveUp> {
        let mut items = Vec::new();
        let mut start = None;
        while let Some(line) = self.next_content_line() {
            if line.indent < indent {
                break;
            }
            if compact && line.indent == indent && !is_entry(line.rest) {
                break;
            }
            if line.indent > indent || !is_entry(line.rest) {
                return Err(GiveUp);
            }
            let after = &line.rest[1..];
            let content = after.trim_start_matches(' ');
            // serde-saphyr's span of a sequence is its first dash, or for one at its key's
            // indentation the start of its first item (not copied when that item is on the
            // lines after its dash).
            let empty = content.is_empty() || content.starts_with('#');
            if start.is_none() && compact && empty {
                return Err(GiveUp);
            }
            let first_item = line.start + line.rest.len() - content.len() + line.indent;
            start.get_or_insert(if compact {
                first_item
            } else {
                line.start + line.indent
            });
            if empty {
                // The item is on the following lines.
                self.pos = self.end_of_line(line.start);
                let next = self.next_content_line().ok_or(GiveUp)?;
                if next.indent <= indent {
                    return Err(GiveUp);
                }
                items.push(self.block(next.indent, false)?);
                continue;
            }
            let column = line.indent + 1 + (after.len() - content.len());
            if is_entry(content) {
                return Err(GiveUp);
            }
            if key_end(content).is_some() {
                // `- key: value`, a mapping whose keys are at the column after the dash.
                self.depth += 1;
                if self.depth > MAX_DEPTH / 2 {
                    return Err(GiveUp);
                }
                let map = self.mapping_at(column, line.start + column, Some(line))?;
                self.depth -= 1;
                items.push(map);
                continue;
            }
            items.push(self.inline_value(line, column, indent)?);
        }
        let start = start.ok_or(GiveUp)?;
        Ok(Node::Seq(items, Span { start, end: start }))
    }

    /// A block mapping with its keys at column `indent`; `first` is a line whose key starts at
    /// that column after a sequence's dash.
    fn mapping_at(
        &mut self,
        indent: usize,
        start: usize,
        mut first: Option<Line<'a>>,
    ) -> Result<Node<'a>, GiveUp> {
        let mut entries: Vec<(Node<'a>, Node<'a>)> = Vec::new();
        loop {
            let (line, content) = match first.take() {
                Some(line) => (line, &line.rest[indent - line.indent..]),
                None => match self.next_content_line() {
                    Some(line) if line.indent == indent => (line, line.rest),
                    Some(line) if line.indent > indent => return Err(GiveUp),
                    _ => break,
                },
            };
            let key_len = key_end(content).ok_or(GiveUp)?;
            let key_text = &content[..key_len];
            let key_start = line.start + indent;
            if entries
                .iter()
                .any(|(key, _)| matches!(key, Node::Scalar(k, _) if k == key_text))
            {
                return Err(GiveUp);
            }
            if entries.len() > 64 {
                // Past a few dozen keys the duplicate check above would be quadratic.
                return Err(GiveUp);
            }
            let key = Node::Scalar(
                Cow::Borrowed(key_text),
                Span {
                    start: key_start,
                    end: key_start + key_len,
                },
            );
            let after = &content[key_len + 1..];
            let value_text = after.trim_start_matches(' ');
            let value = if value_text.is_empty() || value_text.starts_with('#') {
                // The value is on the following lines: a nested block, or a sequence at the
                // key's own indentation.
                self.pos = self.end_of_line(line.start);
                let next = self.next_content_line().ok_or(GiveUp)?;
                if next.indent > indent {
                    self.block(next.indent, false)?
                } else if next.indent == indent && is_entry(next.rest) {
                    self.block(indent, true)?
                } else {
                    return Err(GiveUp);
                }
            } else {
                if !after.starts_with(' ') {
                    return Err(GiveUp);
                }
                let column = indent + key_len + 1 + (after.len() - value_text.len());
                self.inline_value(line, column, indent)?
            };
            entries.push((key, value));
        }
        Ok(Node::Map(entries, Span { start, end: start }))
    }

    /// A value that starts on `line` at `column`: a one-line scalar, a one-line flow sequence or
    /// a literal block scalar whose lines are indented more than `indent`.
    fn inline_value(
        &mut self,
        line: Line<'a>,
        column: usize,
        indent: usize,
    ) -> Result<Node<'a>, GiveUp> {
        let at = line.start + column;
        let text = &self.text[at..line.start + line.indent + line.rest.len()];
        let node = match text.as_bytes()[0] {
            b'|' | b'>' => return self.literal(line, at, indent),
            b'[' => {
                let (node, used) = flow_sequence(text, at)?;
                end_of_value(&text[used..])?;
                node
            }
            b'"' | b'\'' => {
                let (node, used) = quoted(text, at)?;
                end_of_value(&text[used..])?;
                node
            }
            _ => {
                let value = plain(text, false)?;
                Node::Scalar(
                    Cow::Borrowed(value),
                    Span {
                        start: at,
                        end: at + value.len(),
                    },
                )
            }
        };
        self.pos = self.end_of_line(line.start);
        // A more indented line after a one-line value would continue it (or be an error).
        if let Some(next) = self.next_content_line()
            && next.indent > indent
        {
            return Err(GiveUp);
        }
        Ok(node)
    }

    /// A literal or folded block scalar (`|`, `|-`, `>`, `>-`) at `at`, its lines indented more
    /// than `indent`.
    fn literal(&mut self, line: Line<'a>, at: usize, indent: usize) -> Result<Node<'a>, GiveUp> {
        let pos_after = self.end_of_line(line.start);
        let header =
            self.text[at..line.start + line.indent + line.rest.len()].trim_end_matches(' ');
        let (folded, strip) = match header {
            "|" => (false, false),
            "|-" => (false, true),
            ">" => (true, false),
            ">-" => (true, true),
            _ => return Err(GiveUp),
        };
        let mut pos = self.end_of_line(line.start);
        // The indentation of the first line, which must have content.
        let first = self.line_at(pos);
        if pos >= self.text.len() || first.rest.is_empty() || first.indent <= indent {
            return Err(GiveUp);
        }
        let width = first.indent;
        let mut value = String::new();
        let mut blank = 0;
        let mut end = pos;
        while pos < self.text.len() {
            let line = self.line_at(pos);
            if line.rest.is_empty() {
                if line.indent > width {
                    return Err(GiveUp);
                }
                blank += 1;
            } else if line.indent < width {
                break;
            } else {
                // Folded: lines joined by a space, each blank line between them a line break.
                // A more indented line, or a line ending in a space, keeps its own rules in
                // YAML: left to serde-saphyr.
                if folded {
                    if line.indent > width || line.rest.ends_with(' ') {
                        return Err(GiveUp);
                    }
                    if !value.is_empty() {
                        value.pop();
                        if blank == 0 {
                            value.push(' ');
                        }
                    }
                }
                for _ in 0..blank {
                    value.push('\n');
                }
                blank = 0;
                value.push_str(
                    &self.text[line.start + width..line.start + line.indent + line.rest.len()],
                );
                value.push('\n');
                end = line.start + line.indent + line.rest.len();
            }
            pos = self.end_of_line(pos);
        }
        // The last content line must end with a newline (clipping at the end of the text is
        // serde-saphyr's to read).
        if !self.text[end..].starts_with('\n') {
            return Err(GiveUp);
        }
        if strip {
            value.pop();
        }
        self.pos = pos.max(pos_after);
        if let Some(next) = self.next_content_line()
            && next.indent > indent
        {
            return Err(GiveUp);
        }
        // serde-saphyr's span: from the first character of the text to the first character of
        // the line that ends it (not copied when that line is a comment), or the end.
        let end = if pos < self.text.len() {
            let after = self.line_at(pos);
            if after.rest.starts_with('#') {
                return Err(GiveUp);
            }
            pos + after.indent
        } else {
            pos
        };
        let span = Span {
            start: first.start + width,
            end,
        };
        Ok(Node::Scalar(Cow::Owned(value), span))
    }
}

/// Whether `text` has only characters this reader takes as they are. Every character YAML
/// refuses, and the tab, the carriage return, the byte-order mark and the line and paragraph
/// separators, are serde-saphyr's to report or to read. ASCII is checked a byte at a time.
fn only_plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte.is_ascii() {
            if !(byte == b'\n' || (0x20..0x7F).contains(&byte)) {
                return false;
            }
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            return false;
        };
        if !matches!(c, '\u{A0}'..='\u{2027}' | '\u{202A}'..='\u{D7FF}' | '\u{E000}'..='\u{FEFE}'
            | '\u{FF00}'..='\u{FFFD}' | '\u{10000}'..)
        {
            return false;
        }
        at += c.len_utf8();
    }
    true
}

/// Whether the line content `rest` starts a sequence entry (`-` then a space or the end).
fn is_entry(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

/// The length of a simple key at the start of `content` (`name:` followed by a space or the
/// end), if it is one.
fn key_end(content: &str) -> Option<usize> {
    let bytes = content.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() {
        return None;
    }
    let len = bytes
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-'))?;
    if bytes[len] != b':' || bytes.get(len + 1).is_some_and(|b| *b != b' ') {
        return None;
    }
    let key = &content[..len];
    if is_special(key) {
        return None;
    }
    Some(len)
}

/// Words that a plain scalar resolves to something other than a string (null, booleans, in
/// YAML 1.2 and 1.1), which this reader leaves to serde-saphyr.
fn is_special(word: &str) -> bool {
    const WORDS: [&str; 9] = ["null", "true", "false", "yes", "no", "on", "off", "y", "n"];
    word.len() <= 5 && WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// A plain scalar: the rest of a line after a key or a dash (`flow` false), or up to a `,` or
/// `]` inside a flow sequence. Only one that starts with a letter and cannot be read as
/// anything but a string.
fn plain(text: &str, flow: bool) -> Result<&str, GiveUp> {
    let first = text.chars().next().ok_or(GiveUp)?;
    if !first.is_alphabetic() {
        return Err(GiveUp);
    }
    let mut end = text.len();
    for (i, c) in text.char_indices() {
        match c {
            ',' | ']' if flow => {
                end = i;
                break;
            }
            // In a flow sequence `a:` before `,` or `]` is a key (`{a: null}`), and `a:b`
            // may be too (YAML 1.2 flow keys): any colon there is left to serde-saphyr. The
            // `yaml_subset` fuzz target found `[x, emai:]` read as text.
            '[' | ']' | '{' | '}' | ':' if flow => return Err(GiveUp),
            '#' if text[..i].ends_with(' ') => {
                end = i;
                break;
            }
            ':' if text[i + 1..].is_empty() || text[i + 1..].starts_with(' ') => {
                return Err(GiveUp);
            }
            _ => {}
        }
    }
    let value = text[..end].trim_end_matches(' ');
    if is_special(value) {
        return Err(GiveUp);
    }
    Ok(value)
}

/// A quoted scalar at the start of `text` (which is at `at`) on one line, and the bytes it
/// takes. Its span covers the quotes, as serde-saphyr's does.
fn quoted(text: &str, at: usize) -> Result<(Node<'_>, usize), GiveUp> {
    let quote = text.as_bytes()[0];
    let body = &text[1..];
    let value: Cow<'_, str> = if quote == b'"' {
        let close = body.find('"').ok_or(GiveUp)?;
        let value = &body[..close];
        if value.contains('\\') {
            return Err(GiveUp);
        }
        Cow::Borrowed(value)
    } else {
        let mut close = 0;
        loop {
            let found = close + body[close..].find('\'').ok_or(GiveUp)?;
            if body[found + 1..].starts_with('\'') {
                close = found + 2;
            } else {
                close = found;
                break;
            }
        }
        let value = &body[..close];
        if value.contains("''") {
            Cow::Owned(value.replace("''", "'"))
        } else {
            Cow::Borrowed(value)
        }
    };
    let used = close_of(text, quote)?;
    Ok((
        Node::Scalar(
            value,
            Span {
                start: at,
                end: at + used,
            },
        ),
        used,
    ))
}

/// The bytes a quoted scalar at the start of `text` takes, quotes included.
fn close_of(text: &str, quote: u8) -> Result<usize, GiveUp> {
    let bytes = text.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Ok(i + 1);
        }
        i += 1;
    }
    Err(GiveUp)
}

/// A flow sequence of scalars on one line at the start of `text` (at `at`), and its length.
/// Its span is its `[`, as serde-saphyr's is.
fn flow_sequence(text: &str, at: usize) -> Result<(Node<'_>, usize), GiveUp> {
    let mut items = Vec::new();
    let mut i = 1;
    let bytes = text.as_bytes();
    let skip = |i: &mut usize| {
        while bytes.get(*i) == Some(&b' ') {
            *i += 1;
        }
    };
    skip(&mut i);
    if bytes.get(i) == Some(&b']') {
        return Ok((
            Node::Seq(
                items,
                Span {
                    start: at,
                    end: at + 1,
                },
            ),
            i + 1,
        ));
    }
    loop {
        let rest = &text[i..];
        match rest.as_bytes().first() {
            Some(b'"' | b'\'') => {
                let (node, used) = quoted(rest, at + i)?;
                items.push(node);
                i += used;
            }
            Some(_) => {
                let value = plain(rest, true)?;
                items.push(Node::Scalar(
                    Cow::Borrowed(value),
                    Span {
                        start: at + i,
                        end: at + i + value.len(),
                    },
                ));
                i += value.len();
            }
            None => return Err(GiveUp),
        }
        skip(&mut i);
        match bytes.get(i) {
            Some(b',') => {
                i += 1;
                skip(&mut i);
                if matches!(bytes.get(i), Some(b']') | None) {
                    return Err(GiveUp);
                }
            }
            Some(b']') => {
                return Ok((
                    Node::Seq(
                        items,
                        Span {
                            start: at,
                            end: at + 1,
                        },
                    ),
                    i + 1,
                ));
            }
            _ => return Err(GiveUp),
        }
    }
}

/// What may follow a quoted scalar or a flow sequence on its line: spaces and a comment.
fn end_of_value(rest: &str) -> Result<(), GiveUp> {
    let trimmed = rest.trim_start_matches(' ');
    if trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len()) {
        Ok(())
    } else {
        Err(GiveUp)
    }
}

/// Deserializes one node; spans are made relative to the file by adding `base`.
struct NodeDe<'a> {
    node: Node<'a>,
    base: usize,
}

impl<'de> de::Deserializer<'de> for NodeDe<'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        let base = self.base;
        match self.node {
            Node::Scalar(Cow::Borrowed(text), _) => visitor.visit_borrowed_str(text),
            Node::Scalar(Cow::Owned(text), _) => visitor.visit_string(text),
            Node::Seq(items, _) => visitor.visit_seq(SeqAccess {
                items: items.into_iter(),
                base,
            }),
            Node::Map(entries, _) => visitor.visit_map(MapAccess {
                entries: entries.into_iter(),
                value: None,
                base,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        if name == SPANNED {
            visitor.visit_newtype_struct(SpannedDe(self))
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        match self.node {
            Node::Scalar(text, _) => {
                visitor.visit_enum(IntoDeserializer::<GiveUp>::into_deserializer(text.as_ref()))
            }
            _ => Err(GiveUp),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.node {
            Node::Seq(..) => self.deserialize_any(visitor),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.node {
            Node::Map(..) => self.deserialize_any(visitor),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        self.deserialize_map(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.node {
            Node::Scalar(..) => self.deserialize_any(visitor),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        self.deserialize_str(visitor)
    }

    /// Numbers, booleans, bytes, units and tuples are left to serde-saphyr: no plain scalar of
    /// this reader is one.
    fn deserialize_bool<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit unit_struct
        tuple tuple_struct ignored_any
    }
}

struct SeqAccess<'a> {
    items: std::vec::IntoIter<Node<'a>>,
    base: usize,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'de> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, GiveUp> {
        match self.items.next() {
            Some(node) => seed
                .deserialize(NodeDe {
                    node,
                    base: self.base,
                })
                .map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapAccess<'a> {
    entries: std::vec::IntoIter<(Node<'a>, Node<'a>)>,
    value: Option<Node<'a>>,
    base: usize,
}

impl<'de> de::MapAccess<'de> for MapAccess<'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, GiveUp> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(NodeDe {
                    node: key,
                    base: self.base,
                })
                .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
        let node = self.value.take().ok_or(GiveUp)?;
        seed.deserialize(NodeDe {
            node,
            base: self.base,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A spanned value: a map of the value (`value`) and its span ([`SPAN_KEY`]).
struct SpannedDe<'a>(NodeDe<'a>);

impl<'de> de::Deserializer<'de> for SpannedDe<'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        let span = self.0.node.span();
        let base = self.0.base;
        visitor.visit_map(SpannedMap {
            value: Some(self.0),
            span: (base + span.start, base + span.end),
            state: 0,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct SpannedMap<'a> {
    value: Option<NodeDe<'a>>,
    span: (usize, usize),
    state: u8,
}

impl<'de> de::MapAccess<'de> for SpannedMap<'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, GiveUp> {
        let key = match self.state {
            0 => "value",
            1 => SPAN_KEY,
            _ => return Ok(None),
        };
        self.state += 1;
        seed.deserialize(IntoDeserializer::<GiveUp>::into_deserializer(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
        match self.state {
            1 => seed.deserialize(self.value.take().ok_or(GiveUp)?),
            2 => seed.deserialize(de::value::SeqDeserializer::<_, GiveUp>::new(
                [self.span.0 as u64, self.span.1 as u64].into_iter(),
            )),
            _ => Err(GiveUp),
        }
    }
}

/// The two readers held to each other: the unit tests below and the `yaml_subset` fuzz target
/// (`fuzz/`, built with `--cfg fuzzing`) read documents with both.
#[cfg(any(test, fuzzing))]
pub mod compare {
    use std::fmt;

    use serde::de::{self, Visitor};

    use super::read;
    use crate::source::span::Spanned;

    /// Any YAML value, with the span of every node and key: what the two readers must agree on.
    #[derive(Debug)]
    #[allow(dead_code, reason = "compared through `Debug`")]
    pub enum Value {
        Text(String),
        List(Vec<Spanned<Value>>),
        Map(Vec<(Spanned<String>, Spanned<Value>)>),
    }

    impl<'de> de::Deserialize<'de> for Value {
        fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Value;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("text, a list or a map")
                }
                fn visit_str<E: de::Error>(self, text: &str) -> Result<Value, E> {
                    Ok(Value::Text(text.to_string()))
                }
                fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                    let mut items = Vec::new();
                    while let Some(item) = seq.next_element()? {
                        items.push(item);
                    }
                    Ok(Value::List(items))
                }
                fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
                    let mut entries = Vec::new();
                    while let Some(key) = map.next_key()? {
                        entries.push((key, map.next_value()?));
                    }
                    Ok(Value::Map(entries))
                }
            }
            deserializer.deserialize_any(V)
        }
    }

    /// Whether both readers agree on `yaml`, read as `T`: the subset reader may give up, but
    /// what it accepts serde-saphyr must accept with the same values and spans.
    pub fn agree<T: de::DeserializeOwned + fmt::Debug>(yaml: &str) -> Option<bool> {
        let fast = read::<T>(yaml, 0).ok()?;
        let slow = super::super::read::<T>(yaml).unwrap_or_else(|failed| {
            panic!("only the subset reader accepts {yaml:?}: {}", failed.0)
        });
        let (fast, slow) = (format!("{fast:?}"), format!("{slow:?}"));
        if fast != slow {
            let at = fast
                .bytes()
                .zip(slow.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            let from = at.saturating_sub(300);
            panic!(
                "the readers differ on {yaml:?}:\nsubset:       {}\nserde-saphyr: {}",
                &fast[from..(at + 100).min(fast.len())],
                &slow[from..(at + 100).min(slow.len())]
            );
        }
        Some(true)
    }

    /// [`agree`] for `yaml` read as any value, every node's span compared (the fuzz target also
    /// reads it as the model's types; this layer does not know them).
    pub fn agree_on_any(yaml: &str) {
        agree::<Spanned<Value>>(yaml);
    }
}

#[cfg(test)]
mod tests {
    use super::compare::{Value, agree};
    use super::*;
    use crate::source::span::Spanned;

    /// The YAML documents of the repository: every `.yaml`/`.yml` file and the front matter of
    /// every Markdown file (content, fixtures of good and bad input, themes, examples).
    fn documents() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = Vec::new();
        for folder in ["content", "tests/fixtures", "themes", "examples", "src"] {
            for entry in walkdir::WalkDir::new(root.join(folder)).sort_by_file_name() {
                let Ok(entry) = entry else { continue };
                let path = entry.path();
                let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
                    continue;
                };
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                let name = path.display().to_string();
                match ext {
                    "yaml" | "yml" => found.push((name, text)),
                    "md" => {
                        if let Some(rest) = text.strip_prefix("---\n")
                            && let Some(end) = rest.find("\n---")
                        {
                            found.push((name, rest[..end + 1].to_string()));
                        }
                    }
                    _ => {}
                }
            }
        }
        found
    }

    thread_local! {
        static MUTATED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// The fuzz target's seeds (`fuzz/seeds/yaml_subset/`) go through what it runs.
    #[test]
    fn the_fuzz_seeds_read_the_same() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/yaml_subset");
        let mut read = 0;
        for entry in std::fs::read_dir(seeds).expect("the seeds folder") {
            let text = std::fs::read_to_string(entry.expect("a seed").path()).expect("a seed");
            super::compare::agree_on_any(&text);
            agree::<crate::model::Procedure>(&text);
            agree::<crate::model::SharedGroup>(&text);
            read += 1;
        }
        assert!(read >= 5, "{read} seeds");
    }

    /// Changes of one line that make a document different, often wrong or outside the subset.
    fn mutations(yaml: &str) -> Vec<String> {
        let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
        let mut out = Vec::new();
        let edits: [fn(&str) -> String; 15] = [
            |_| String::new(),
            |l| format!("{l}{l}"),
            |l| format!(" {l}"),
            |l| l.strip_prefix(' ').unwrap_or(l).to_string(),
            |l| l.strip_prefix("  ").unwrap_or(l).to_string(),
            |l| format!("\t{l}"),
            |l| l.replacen(": ", ":", 1),
            |l| l.replacen(": ", ": 1", 1),
            |l| l.replacen("- ", "-", 1),
            |l| l.replacen('"', "", 1),
            |l| l.replacen(": ", ": [", 1),
            |l| l.replacen(": ", ": x: ", 1),
            |l| l.replacen(": ", ": |\n", 1),
            |l| l.replacen(": ", ": >\n", 1),
            |l| format!("{l}\n"),
        ];
        for at in 0..lines.len().min(40) {
            for edit in edits {
                let mut changed = String::new();
                for (i, line) in lines.iter().enumerate() {
                    if i == at {
                        changed.push_str(&edit(line));
                    } else {
                        changed.push_str(line);
                    }
                }
                if changed != yaml {
                    out.push(changed);
                }
            }
        }
        out
    }

    /// The subset's constructions, each read the same by both readers; and what it leaves to
    /// serde-saphyr (which accepts some of these and refuses others).
    #[test]
    fn reads_its_subset_as_serde_saphyr_does_and_leaves_the_rest() {
        for yaml in [
            "a: b\n",
            "a: 'it''s'\nb: \"x: y # z\"  # note\n",
            "a: [b, 'c d', \"e\"]\nf: []\n",
            "# head\na:\n  # inside\n  - b\n  -   c\n\n  - d: e\n    f: g\nh: i\n",
            "a:\n- b\n- c\nd: e\n",
            "a:\n-   b: c\n    d: e\n- f\ng: h\n",
            "- \"q\"\n- 'r'\n-\n  - a\n  - b\n- |\n  x\n- >-\n  y\n  z\n- [s]\n",
            "a:\n  - |\n    x\n  - b\nc:\n- >\n  y\n",
            "a: |\n  one\n\n    two\n  three\n\nb: |-\n  x\n",
            "a: >\n  one\n  two\n\n  three\n\n\n  four\nb: >-\n  x\n  y\n",
            "a: b #c\nd: e#f\n",
            "- a: x\n  b:\n  - c\n-\n  d: e\n",
        ] {
            assert!(
                agree::<Spanned<Value>>(yaml).is_some(),
                "not read: {yaml:?}"
            );
        }
        for yaml in [
            "",
            "# only a comment\n",
            "a: 1\n",
            "a: true\n",
            "a: ~\n",
            "a:\n",
            "a: b\na: c\n",
            "a:\tb\n",
            "a: b\r\n",
            "a: &x b\nc: *x\n",
            "a: !t b\n",
            "a: {b: c}\n",
            "a: b\n  c\n",
            "a: b: c\n",
            "a:b\n",
            "\"a\": b\n",
            "a: \"b\\n\"\n",
            "a: |+\n  b\n",
            "a: |2\n  b\n",
            "a: >\n  b\n    c\n",
            "a: |\n  b",
            "--- \na: b\n",
            "  a: b\n",
            "a: [b, [c]]\n",
            "a: [b,]\n",
            "a: [b, c:]\n",
            "a: [b:c]\n",
            "- - a\n",
            "a: b\n c: d\n",
            "a:\n-\n  b\n",
        ] {
            assert!(read::<Spanned<Value>>(yaml, 0).is_err(), "read: {yaml:?}");
        }
    }

    /// Every YAML document of the repository, read as any value (every node's span compared)
    /// and, for procedures and shared steps, as the model; then the same for each document
    /// changed one line at a time. Most of the repository's documents are in the subset.
    #[test]
    fn what_the_subset_reader_accepts_serde_saphyr_reads_the_same() {
        use crate::model::{Procedure, SharedGroup};
        let documents = documents();
        let mut accepted = 0;
        let mut tried = 0;
        for (name, yaml) in &documents {
            let mut all = vec![yaml.clone()];
            all.extend(mutations(yaml));
            for (i, yaml) in all.iter().enumerate() {
                tried += 1;
                let any = agree::<Spanned<Value>>(yaml).is_some();
                if any {
                    MUTATED.with(|m| m.set(m.get() + 1));
                }
                if i == 0 && any {
                    accepted += 1;
                }
                if name.ends_with("procedure.yaml") {
                    agree::<Procedure>(yaml);
                } else if name.ends_with("steps.yaml") {
                    agree::<SharedGroup>(yaml);
                }
            }
        }
        let mutated_accepted = MUTATED.with(std::cell::Cell::get);
        eprintln!(
            "{accepted} of {} documents accepted; {tried} read, {mutated_accepted} accepted",
            documents.len()
        );
        assert!(documents.len() > 100, "{} documents", documents.len());
        assert!(
            accepted * 2 > documents.len(),
            "{accepted} of {} accepted",
            documents.len()
        );
        assert!(tried > 10_000, "{tried}");
    }
}
