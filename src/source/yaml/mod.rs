//! The one place that knows the YAML library.
//!
//! YAML is read with serde-saphyr: maintained, pure Rust, and it gives the position of every
//! value it reads ([`Spanned`], [`SpannedList`], the keys of [`crate::model::UniqueMap`]), so
//! problems found after reading point at the value itself. It also refuses a repeated key in
//! any mapping, at the second key, and bounds how deep lists and mappings may nest
//! ([`MAX_DEPTH`]), which keeps the work linear in the size of the file.
//!
//! Messages are worded here, from the library's typed errors, in the project's style; the
//! position of a diagnostic is always the parser's, made relative to the file (the YAML of a
//! Markdown file's front matter starts after its first line).

mod subset;

/// The readers compared, for the `yaml_subset` fuzz target.
#[cfg(fuzzing)]
pub use subset::compare;

use std::cell::Cell;
use std::fmt::Write as _;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::{ErrorKind, ScanError};
use serde_saphyr::{Error, ExternalMessageSource, MessageFormatter};

use super::span::{Span, Spanned, SpannedList};
use crate::source::Problem;
use crate::source::suggest::closest;
use crate::source::{Diagnostic, SourceFile};

/// How deep lists and mappings may nest in any YAML file. The deepest content stepbook accepts
/// (steps in choices in steps, eight levels, see [`crate::validate`]) needs about 40; anything
/// deeper is refused where it passes the limit, before the rest of the file is read.
pub const MAX_DEPTH: usize = 64;

thread_local! {
    /// Where the YAML being read starts in its file, added to every span read.
    static BASE: Cell<usize> = const { Cell::new(0) };
}

/// Sets [`BASE`] while a document is read, and puts the previous value back after.
struct Base(usize);

impl Base {
    fn enter(offset: usize) -> Base {
        Base(BASE.with(|base| base.replace(offset)))
    }
}

impl Drop for Base {
    fn drop(&mut self) {
        BASE.with(|base| base.set(self.0));
    }
}

/// Deserializes `file.text[offset..offset + len]` (the whole file, or the front matter of a
/// Markdown file) and reports a problem at its real position in the file.
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    offset: usize,
    len: usize,
) -> Result<T, Diagnostic> {
    let yaml = &file.text[offset..offset + len];
    if let Ok(value) = subset::read::<T>(yaml, offset) {
        return Ok(value);
    }
    let _base = Base::enter(offset);
    let (error, path) = match read::<T>(yaml) {
        Ok(value) => return Ok(value),
        Err(failed) => *failed,
    };
    if let Error::Eof { .. } = error {
        // An empty document (nothing, or only comments) reads as an empty mapping, so a file
        // whose keys are all optional may be empty and any other says which key it lacks.
        return read::<T>("{}").map_err(|failed| {
            let (error, path) = *failed;
            let message = message(&error, "{}", None, path.as_deref());
            Diagnostic::error(file.locate(offset..offset), Problem::Yaml { message })
        });
    }
    Err(diagnostic(file, offset, yaml, &error, path.as_deref()))
}

/// The diagnostic for `error`, met reading `yaml` (which starts at `offset` in `file`).
fn diagnostic(
    file: &SourceFile,
    offset: usize,
    yaml: &str,
    error: &Error,
    path: Option<&str>,
) -> Diagnostic {
    let kind = scan_error(error).map(ScanError::kind);
    let mut at = position(yaml, error);
    match (original(error), kind) {
        // A missing key of the whole document: at its start, not at its last key.
        (Error::SerdeMissingField { .. }, _) if path.is_none() => at = Some((0, 0)),
        // A tab in the indentation: at the tab.
        (
            _,
            Some(
                ErrorKind::TabInBlockIndentation
                | ErrorKind::TabInIndentation
                | ErrorKind::TabNotAllowed,
            ),
        ) => {
            at = at.map(|(start, len)| {
                let line_start = yaml[..start].rfind('\n').map_or(0, |i| i + 1);
                let tab = yaml[line_start..start]
                    .find('\t')
                    .map_or(start, |i| line_start + i);
                (tab, len)
            });
        }
        // A character YAML does not allow: at the character (the parser may name the start of
        // the scalar it is in).
        (_, Some(ErrorKind::UnexpectedCharacter { character })) => {
            at = at.map(|(start, len)| {
                let found = yaml[start..].find(*character).map_or(start, |i| start + i);
                (found, len)
            });
        }
        _ => {}
    }
    let range = at.map_or(0..0, |(start, len)| start..start + len.max(1));
    let too_deep = matches!(kind, Some(ErrorKind::RecursionLimitExceeded))
        || matches!(
            original(error),
            Error::Budget {
                breach: BudgetBreach::Depth { .. },
                ..
            }
        );
    let problem = if too_deep {
        Problem::YamlTooDeep { max: MAX_DEPTH }
    } else {
        let mut message = message(error, yaml, at, path);
        if let Some(open) = unclosed_before(file, offset, yaml, range.start, kind) {
            message.push_str(&open);
        }
        Problem::Yaml { message }
    };
    Diagnostic::error(
        file.locate(offset + range.start..offset + range.end),
        problem,
    )
}

/// A syntax error on a line inside a flow collection opened earlier (often one never closed,
/// `fields: [a, b` followed by the next key): where that collection starts, as a note.
fn unclosed_before(
    file: &SourceFile,
    offset: usize,
    yaml: &str,
    at: usize,
    kind: Option<&ErrorKind>,
) -> Option<String> {
    if matches!(kind?, ErrorKind::UnclosedFlowCollection { .. }) {
        return None;
    }
    let line_start = yaml[..at.min(yaml.len())].rfind('\n')? + 1;
    let before = &yaml[..line_start];
    let error = read::<serde::de::IgnoredAny>(before).err()?.0;
    let Some(ErrorKind::UnclosedFlowCollection { open }) = scan_error(&error).map(ScanError::kind)
    else {
        return None;
    };
    let (opened, _) = position(before, &error)?;
    let opened = file.locate(offset + opened..offset + opened + 1);
    Some(format!(
        ", inside the `{open}` opened at line {}, column {} and not closed before this line",
        opened.line, opened.column
    ))
}

/// The parser's own error inside `error`, if it is one.
fn scan_error(error: &Error) -> Option<&ScanError> {
    match original(error) {
        Error::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => Some(scan),
            _ => None,
        },
        _ => None,
    }
}

/// What went wrong, and the path of keys and indexes to the value being read
/// (`sections[0].steps[2]`), if it got that far.
type Failure = Box<(Error, Option<String>)>;

/// Reads one document.
///
/// The path of keys to a failing value is only needed for the message, so a document is read
/// without tracking it first; only if that fails is it read again with the path tracked
/// (`serde_path_to_error` records every key it passes, which was about a third of the time
/// spent reading YAML). Reading is deterministic, so the second reading fails at the same place.
fn read<T: DeserializeOwned>(yaml: &str) -> Result<T, Failure> {
    let options = options();
    match serde_saphyr::with_deserializer_from_str_with_options(yaml, options.clone(), |de| {
        T::deserialize(de)
    }) {
        Ok(value) => Ok(value),
        Err(_) => read_with(yaml, options),
    }
}

/// How every YAML file is read.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            // Flow collections count towards the depth too (the parser checks these first).
            flow_nesting_limit: MAX_DEPTH,
            // A file is at most 8 MiB (`load::files::MAX_FILE_BYTES`), which bounds these.
            max_events: usize::MAX,
            max_nodes: usize::MAX,
            max_total_scalar_bytes: usize::MAX,
            max_documents: 1,
        },
        with_snippet: false,
    }
}

fn read_with<T: DeserializeOwned>(
    yaml: &str,
    options: serde_saphyr::Options,
) -> Result<T, Failure> {
    let mut path = None;
    serde_saphyr::with_deserializer_from_str_with_options(yaml, options, |deserializer| {
        serde_path_to_error::deserialize(deserializer).map_err(|error| {
            path = Some(path_of(error.path()));
            error.into_inner()
        })
    })
    .map_err(|error| Box::new((error, path.filter(|path| !path.is_empty()))))
}

/// `sections[0].steps[2]`, without the inner `value` of the parser's spanned values; cut at a
/// key that is not text.
fn path_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                let _ = write!(out, "[{index}]");
            }
            Segment::Map { key } if key == "value" => {}
            Segment::Map { key: name } | Segment::Enum { variant: name } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Segment::Unknown => break,
        }
    }
    out
}

/// The error inside the library's wrappers (a snippet, an alias).
fn original(error: &Error) -> &Error {
    match error.without_snippet() {
        Error::AliasError { error, .. } => original(error),
        other => other,
    }
}

/// The byte offset in `yaml` and the length of what the error is about.
fn position(yaml: &str, error: &Error) -> Option<(usize, usize)> {
    let location = error.location()?;
    let span = location.span();
    if let Some(start) = span.byte_offset() {
        let start = usize::try_from(start).ok()?.min(yaml.len());
        let len = span
            .byte_len()
            .and_then(|len| usize::try_from(len).ok())
            .unwrap_or(0);
        return Some((start, len.min(yaml.len() - start)));
    }
    // Errors of the scanner carry a line and a column (in characters) only.
    let line = usize::try_from(location.line()).ok()?.checked_sub(1)?;
    let column = usize::try_from(location.column()).ok()?.saturating_sub(1);
    let line_start = if line == 0 {
        0
    } else {
        yaml.match_indices('\n').nth(line - 1)?.0 + 1
    };
    let line_text = &yaml[line_start..];
    let line_text = &line_text[..line_text.find('\n').unwrap_or(line_text.len())];
    let within = line_text
        .char_indices()
        .nth(column)
        .map_or(line_text.len(), |(at, _)| at);
    Some((line_start + within, 0))
}

/// The explanation, in the project's words where the library's are written for programmers.
fn message(error: &Error, yaml: &str, at: Option<(usize, usize)>, path: Option<&str>) -> String {
    let error = original(error);
    let text = match error {
        Error::SerdeUnknownField {
            field, expected, ..
        } if expected.is_empty() => format!("unknown key `{field}`, there are no keys here"),
        // "Key", not serde's "field": a field is a fill-in field of the page and the checklist.
        Error::SerdeUnknownField {
            field, expected, ..
        } => unknown_name("key", field, expected),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => unknown_name("variant", variant, expected),
        Error::SerdeMissingField { field, .. } => format!("missing key `{field}`"),
        Error::DuplicateMappingKey { key: Some(key), .. } => format!("duplicate key `{key}`"),
        Error::DuplicateMappingKey { key: None, .. } => "duplicate key".to_string(),
        Error::Unexpected { expected, .. } => {
            let expected = match *expected {
                "string scalar" => "a string",
                "sequence start" => "a sequence",
                "mapping start" => "a map",
                other => other,
            };
            match at.and_then(|(start, len)| found(yaml, start, len)) {
                Some(found) => format!("invalid type: {found}, expected {expected}"),
                None => format!("invalid type, expected {expected}"),
            }
        }
        Error::NullIntoString { .. } => "invalid type: null, expected a string".to_string(),
        Error::MultipleDocuments { .. } => {
            "more than one YAML document: a file holds one (remove the second `---`)".to_string()
        }
        Error::ExternalMessage { .. }
            if let Some(ErrorKind::UnclosedFlowCollection { open }) =
                scan_error(error).map(ScanError::kind) =>
        {
            let close = if *open == '{' { '}' } else { ']' };
            format!("this `{open}` is never closed with `{close}`")
        }
        Error::ExternalMessage { msg, .. } => {
            match at.and_then(|(start, _)| yaml[start..].chars().next()) {
                Some(c) if !is_printable(c) => {
                    format!("character U+{:04X} is not allowed in YAML", u32::from(c))
                }
                _ => msg.clone(),
            }
        }
        other => serde_saphyr::UserMessageFormatter
            .format_message(other)
            .into_owned(),
    };
    let text: String = text
        .chars()
        .flat_map(|c| {
            let escaped = c.is_control().then(|| c.escape_default().to_string());
            escaped.map_or_else(|| vec![c], |e| e.chars().collect())
        })
        .collect();
    // The path to an unknown key ends with the key, which the message names already.
    let path = match (path, error) {
        (Some(path), Error::SerdeUnknownField { field, .. }) => path
            .strip_suffix(field.as_str())
            .map(|parent| parent.strip_suffix('.').unwrap_or(parent)),
        (path, _) => path,
    };
    match path {
        Some(path) if !path.is_empty() && !is_syntax(error) => format!("{path}: {text}"),
        _ => text,
    }
}

/// "unknown key `titel`; did you mean `title`? (expected one of …)", or without a close name
/// "unknown key `x`, expected one of …".
fn unknown_name(what: &str, name: &str, expected: &[&str]) -> String {
    match closest(name, expected.iter().copied()) {
        Some(close) => format!(
            "unknown {what} `{name}`; did you mean `{close}`? (expected {})",
            one_of(expected)
        ),
        None => format!("unknown {what} `{name}`, expected {}", one_of(expected)),
    }
}

/// Errors of the text itself (not of its shape) have no path: the reader was not inside a value.
fn is_syntax(error: &Error) -> bool {
    matches!(
        error,
        Error::ExternalMessage { .. } | Error::Budget { .. } | Error::MultipleDocuments { .. }
    )
}

/// serde's wording of a list of names: `` `a` ``, `` `a` or `b` ``, `` one of `a`, `b`, `c` ``.
fn one_of(names: &[&str]) -> String {
    match names {
        [one] => format!("`{one}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        _ => {
            let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
            format!("one of {}", quoted.join(", "))
        }
    }
}

/// What the node at `start` (`len` bytes; 0 for a block collection) is, in serde's words.
fn found(yaml: &str, start: usize, len: usize) -> Option<String> {
    let node = yaml.get(start..start + len)?;
    let rest = &yaml[start..];
    if len == 0 {
        let is_entry = rest.starts_with('-') && rest[1..].starts_with(char::is_whitespace);
        return Some(if is_entry { "sequence" } else { "map" }.to_string());
    }
    Some(match node.chars().next()? {
        '[' => "sequence".to_string(),
        '{' => "map".to_string(),
        '|' | '>' => "string".to_string(),
        '&' | '!' | '*' => return None,
        _ => {
            let unquoted = ['"', '\'']
                .iter()
                .find_map(|q| node.strip_prefix(*q)?.strip_suffix(*q))
                .unwrap_or(node);
            format!("string {unquoted:?}")
        }
    })
}

/// Whether YAML allows `c` in its text (the `c-printable` set of YAML 1.2).
fn is_printable(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The position of a spanned value, relative to its file.
fn span_of(span: Option<(u64, u64)>) -> Span {
    match span {
        Some((start, len)) => {
            let start = BASE.with(Cell::get) + usize::try_from(start).unwrap_or(0);
            Span {
                start,
                end: start + usize::try_from(len).unwrap_or(0),
            }
        }
        _ => Span::default(),
    }
}

/// A spanned value, from either reader. serde-saphyr hands its spanned wrapper over as a map
/// of a marker, the `value` and two locations (`referenced`, the node where it is used, gives
/// the span; `defined` is read and dropped), the subset reader as the `value` and its span.
/// Read here field by field rather than through `serde_saphyr::Spanned`, whose visitor
/// allocates its first key and builds both `Location`s through their generic visitors. Only
/// these two readers give a `Spanned` (nothing reads one from JSON).
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(subset::SPANNED, SpannedVisitor(PhantomData))
    }
}

struct SpannedVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> de::Visitor<'de> for SpannedVisitor<T> {
    type Value = Spanned<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Spanned<T>, D::Error> {
        inner.deserialize_struct("Spanned", &[], self)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Spanned<T>, A::Error> {
        let mut value = None;
        let mut span = Span::default();
        while let Some(key) = map.next_key::<Key>()? {
            match key.0 {
                "value" => value = Some(map.next_value::<T>()?),
                "referenced" => span = span_of(map.next_value::<Location>()?.0),
                "defined" => {
                    map.next_value::<Location>()?;
                }
                subset::SPAN_KEY => {
                    let (start, end) = map.next_value::<(u64, u64)>()?;
                    span = Span {
                        start: usize::try_from(start).map_err(de::Error::custom)?,
                        end: usize::try_from(end).map_err(de::Error::custom)?,
                    };
                }
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
        Ok(Spanned { value, span })
    }
}

/// A key of the synthesized maps above: always one of their `'static` names.
struct Key(&'static str);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                const KEYS: [&str; 12] = [
                    "value",
                    "referenced",
                    "defined",
                    subset::SPAN_KEY,
                    "span",
                    "byte_info",
                    "line",
                    "column",
                    "source_id",
                    "offset",
                    "len",
                    "__serde_saphyr_private_spanned",
                ];
                Ok(Key(KEYS.iter().find(|k| **k == key).copied().unwrap_or("")))
            }
        }
        deserializer.deserialize_identifier(Visitor)
    }
}

/// serde-saphyr's location of a node, of which only the byte span is kept (offset and length,
/// if known).
struct Location(Option<(u64, u64)>);

impl<'de> Deserialize<'de> for Location {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = Location;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a location")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Location, A::Error> {
                let mut span = None;
                while let Some(key) = map.next_key::<Key>()? {
                    match key.0 {
                        "span" => span = Some(map.next_value::<ByteSpan>()?.0),
                        _ => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(Location(span.flatten()))
            }
        }
        deserializer.deserialize_struct("Location", &[], Visitor)
    }
}

/// serde-saphyr's span of a node: its byte offset and length, if known.
struct ByteSpan(Option<(u64, u64)>);

impl<'de> Deserialize<'de> for ByteSpan {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = ByteSpan;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a span")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<ByteSpan, A::Error> {
                let mut span = None;
                while let Some(key) = map.next_key::<Key>()? {
                    match key.0 {
                        "byte_info" => {
                            // `u32::MAX` twice is serde-saphyr's "not known".
                            let info = map.next_value::<(u64, u64)>()?;
                            let unknown = u64::from(u32::MAX);
                            span = (info != (unknown, unknown)).then_some(info);
                        }
                        _ => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ByteSpan(span))
            }
        }
        deserializer.deserialize_struct("Span", &[], Visitor)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for SpannedList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Spanned::<Vec<Spanned<T>>>::deserialize(deserializer).map(SpannedList::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Site;

    #[test]
    fn reports_errors_at_the_position_in_the_file() {
        let text = "---\ntitle: {nl: x}\nlanguages: [nl]\ncolour: red\n---\n";
        let file = SourceFile::new("nl.md", text.to_string());
        let error = parse::<Site>(&file, 4, text.len() - 8).unwrap_err();
        assert_eq!((error.location.line, error.location.column), (4, 1));
        assert!(
            error
                .problem
                .to_string()
                .starts_with("unknown key `colour`, expected one of `title`"),
            "{}",
            error.problem
        );
    }
    /// Issue 15: 40 000 levels of `[` took 3.7 s with the old reader (quadratic in the depth).
    /// Reading now stops where the nesting passes [`MAX_DEPTH`]: whatever the size, the error
    /// is at the same place and the parser handed over the same number of events, so the work
    /// does not grow with the input. Counted, not timed.
    #[test]
    fn deep_nesting_stops_at_the_limit_whatever_the_size() {
        thread_local! {
            static EVENTS: Cell<usize> = const { Cell::new(0) };
        }
        fn record(report: &serde_saphyr::budget::BudgetReport) {
            EVENTS.with(|events| events.set(report.events));
        }
        let mut seen = Vec::new();
        for levels in [40_000, 80_000] {
            for yaml in [
                format!("title: {}{}\n", "[".repeat(levels), "]".repeat(levels)),
                format!("title: {}x{}\n", "{a: ".repeat(levels), "}".repeat(levels)),
                format!("title:\n{}x\n", "- ".repeat(levels)),
            ] {
                let mut options = options();
                options.budget_report = Some(record);
                EVENTS.with(|events| events.set(usize::MAX));
                let error = read_with::<serde::de::IgnoredAny>(&yaml, options)
                    .expect_err("refused")
                    .0;
                let file = SourceFile::new("deep.yaml", yaml.clone());
                let diagnostic = diagnostic(&file, 0, &yaml, &error, None);
                assert_eq!(
                    *diagnostic.problem,
                    Problem::YamlTooDeep { max: MAX_DEPTH },
                    "{diagnostic}"
                );
                let events = EVENTS.with(Cell::get);
                assert!(events <= 3 * MAX_DEPTH, "{events} events");
                seen.push((diagnostic.location.line, diagnostic.location.column, events));
            }
        }
        // The same three places and counts at both sizes.
        assert_eq!(seen[..3], seen[3..]);
    }

    #[test]
    fn reports_a_character_yaml_does_not_allow_at_its_position() {
        for (text, at) in [
            ("a: 1\nb: x\u{0}y\n", (2, 5)),
            ("a: 1\nb: \"x\u{FFFF}y\"\n", (2, 6)),
            ("a: 1\n# note \u{0}\nb: 2\n", (2, 8)),
        ] {
            let file = SourceFile::new("x.yaml", text.to_string());
            let error = parse::<serde::de::IgnoredAny>(&file, 0, text.len()).unwrap_err();
            assert_eq!((error.location.line, error.location.column), at, "{error}");
            assert!(
                error.problem.to_string().starts_with("character U+"),
                "{error}"
            );
        }
    }

    #[test]
    fn a_repeated_key_is_refused_at_the_second_key() {
        let text = "title: {nl: A, nl: B}\nlanguages: [nl]\n";
        let file = SourceFile::new("site.yaml", text.to_string());
        let error = parse::<Site>(&file, 0, text.len()).unwrap_err();
        assert_eq!((error.location.line, error.location.column), (1, 16));
        assert_eq!(error.problem.to_string(), "title: duplicate key `nl`");
    }

    #[test]
    fn spans_are_relative_to_the_file_and_quotes_are_not_underlined() {
        let text = "---\ntext: Save\nverified: \"2024-01-01\"\n---\n";
        let file = SourceFile::new("nl.md", text.to_string());
        let label: crate::model::Label = parse(&file, 4, text.len() - 8).expect("a label");
        let verified = label.verified.expect("verified");
        assert_eq!(verified.value, "2024-01-01");
        let at = file.locate_node(verified.span);
        assert_eq!((at.line, at.column, at.width), (3, 12, 10));
    }
}
