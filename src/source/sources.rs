//! The text of every file read, so that any stage can turn a byte range into a [`Location`]:
//! a line, a column and the line itself to quote.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::span::Span;

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(usize);

impl FileId {
    /// The place of the file in the order the files were read.
    pub fn index(self) -> usize {
        self.0
    }
}

/// The files of a project, in the order they were read.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Keeps a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() - 1)
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    /// The text of a file.
    pub fn text(&self, id: FileId) -> &str {
        &self.files[id.0].text
    }

    /// The location of a byte range in a file.
    pub fn locate(&self, id: FileId, range: Range<usize>) -> Location {
        self.files[id.0].locate(range)
    }

    /// The location of a YAML node of a file (see [`SourceFile::locate_node`]).
    pub fn locate_node(&self, id: FileId, span: Span) -> Location {
        self.files[id.0].locate_node(span)
    }
}

/// A text file of the project, kept in memory so positions can be turned into lines and columns
/// and the offending line can be quoted.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user should see it (relative to where stepbook was started).
    pub path: PathBuf,
    /// The whole text of the file.
    pub text: String,
    /// Where each line starts and how many characters come before each [`CHUNK`]: made on the
    /// first [`SourceFile::locate`], as only a file with a problem needs them. The library keeps
    /// every file of the project, and at 10 000 procedures the two indexes of every file were
    /// about 12 MB of the loaded library.
    index: OnceLock<Index>,
}

/// The positions [`SourceFile::locate`] looks up.
#[derive(Debug, Clone)]
struct Index {
    line_starts: Vec<usize>,
    /// The number of characters before each multiple of [`CHUNK`] bytes, so a column is counted
    /// in bounded work however long its line (a 2 MB line with thousands of problems).
    chars_before: Vec<usize>,
}

/// The byte distance between two entries of `Index::chars_before`.
const CHUNK: usize = 4096;

/// A line longer than this many bytes is quoted in part: a window around the problem.
const LONG_LINE: usize = 240;
/// The bytes of a long line quoted before and after the start of the problem.
const QUOTE_BEFORE: usize = 60;
const QUOTE_AFTER: usize = 100;

/// The characters in `bytes` of UTF-8 (the bytes that are not continuation bytes), even when
/// `bytes` starts or ends inside a character.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl SourceFile {
    /// Keeps `text`; its lines are indexed when a location is first asked for.
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        SourceFile {
            path: path.into(),
            text,
            index: OnceLock::new(),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let text = &self.text;
            Index {
                line_starts: std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                    .collect(),
                chars_before: std::iter::once(0)
                    .chain(text.as_bytes().chunks(CHUNK).scan(0, |count, chunk| {
                        *count += count_chars(chunk);
                        Some(*count)
                    }))
                    .collect(),
            }
        })
    }

    /// The number of characters before byte `at`.
    fn chars_up_to(&self, at: usize) -> usize {
        let chunk = at / CHUNK;
        self.index().chars_before[chunk] + count_chars(&self.text.as_bytes()[chunk * CHUNK..at])
    }

    /// The number of characters in the bytes `from..to`: counted directly when that is less
    /// than a chunk (a column on an ordinary line), else from the chunk index.
    fn chars_between(&self, from: usize, to: usize) -> usize {
        if to - from <= CHUNK {
            count_chars(&self.text.as_bytes()[from..to])
        } else {
            self.chars_up_to(to) - self.chars_up_to(from)
        }
    }

    /// The location of a byte range of this file. The work is bounded whatever the length of
    /// the line, and so is the quote: a long line is quoted as a window around the problem.
    pub fn locate(&self, range: Range<usize>) -> Location {
        let start = floor_char_boundary(&self.text, range.start.min(self.text.len()));
        let line_starts = &self.index().line_starts;
        let line_index = line_starts.partition_point(|&line_start| line_start <= start) - 1;
        let line_start = line_starts[line_index];
        let line_end = line_starts
            .get(line_index + 1)
            .map_or(self.text.len(), |next| next - 1);
        let line_text = self.text[line_start..line_end].trim_end_matches('\r');
        let text_end = line_start + line_text.len();
        let column = self.chars_between(line_start, start) + 1;
        // `start` may sit on the line break itself (a parser pointing at the `\n` of a CRLF line,
        // past the trimmed text): the end is never before it. Found by fuzzing.
        let end = range.end.clamp(start, text_end.max(start));
        let end = floor_char_boundary(&self.text, end);
        let width = self.chars_between(start, end).max(1);
        if line_text.len() <= LONG_LINE {
            return Location {
                path: self.path.clone(),
                line: line_index + 1,
                column,
                source_line: line_text.to_string(),
                quote_column: column,
                width,
            };
        }
        let from = floor_char_boundary(
            &self.text,
            start.saturating_sub(QUOTE_BEFORE).max(line_start),
        );
        let to = ceil_char_boundary(&self.text, (start + QUOTE_AFTER).min(text_end)).max(from);
        let (before, after) = (from > line_start, to < text_end);
        let mut quote = String::with_capacity(to - from + 6);
        if before {
            quote.push('…');
        }
        quote.push_str(&self.text[from..to]);
        if after {
            quote.push('…');
        }
        let quote_column =
            self.chars_up_to(start) - self.chars_up_to(from) + 1 + usize::from(before);
        let quoted_after_start = self.chars_up_to(to.max(start)) - self.chars_up_to(start);
        Location {
            path: self.path.clone(),
            line: line_index + 1,
            column,
            source_line: quote,
            quote_column,
            width: width.min(quoted_after_start.max(1)),
        }
    }

    /// The location of a YAML node read with its [`Span`]: a quoted scalar is underlined
    /// without its quotes.
    pub fn locate_node(&self, span: Span) -> Location {
        let text = self.text.get(span.range()).unwrap_or_default();
        let quoted = text.len() >= 2
            && ['"', '\'']
                .iter()
                .any(|q| text.starts_with(*q) && text.ends_with(*q));
        if quoted {
            self.locate(span.start + 1..span.end - 1)
        } else {
            self.locate(span.range())
        }
    }

    /// The start of the file, for problems that concern a file as a whole (no line is quoted).
    pub fn start(&self) -> Location {
        Location::file(&self.path)
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn ceil_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index += 1;
    }
    index
}

/// A place in a source file: 1-based line and column (in characters), plus the line itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as shown to the user.
    pub path: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The text of the line, quoted under the message: the whole line, or for a long line a
    /// window around the problem with `…` where it was cut.
    pub source_line: String,
    /// The 1-based column in `source_line` where the underline starts (the column, unless a
    /// long line was cut).
    pub quote_column: usize,
    /// How many characters to underline.
    pub width: usize,
}

impl Location {
    /// A location for a file whose content could not be read at all.
    pub fn file(path: &Path) -> Location {
        Location {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            source_line: String::new(),
            quote_column: 1,
            width: 0,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_columns_in_characters() {
        let file = SourceFile::new("x.md", "één\ntwee [[a:b]]\r\nthree".to_string());
        let at = file.locate(11..18);
        assert_eq!((at.line, at.column), (2, 6));
        assert_eq!(at.source_line, "twee [[a:b]]");
        assert_eq!(at.width, 7);
        let first = file.locate(2..4);
        assert_eq!((first.line, first.column), (1, 2));
    }

    #[test]
    fn quotes_a_window_of_a_long_line_around_the_problem() {
        // A 2 MB line of two-byte characters with the problem in the middle, then at each end.
        let line = "é".repeat(1_000_000);
        let text = format!("first\n{line}[[bad]]{line}\nlast");
        let file = SourceFile::new("x.md", text.clone());
        for (at, expected_column) in [
            (6 + line.len(), 1_000_001),
            (6, 1),
            (text.len() - 7, 2_000_007),
        ] {
            let location = file.locate(at..at + 7);
            assert_eq!((location.line, location.column), (2, expected_column));
            assert!(
                location.source_line.len() < 400,
                "{}",
                location.source_line.len()
            );
            let quoted: String = location
                .source_line
                .chars()
                .skip(location.quote_column - 1)
                .take(location.width)
                .collect();
            let original: String = text[at..].chars().take(location.width).collect();
            assert_eq!(quoted, original);
            assert!(location.width <= 7);
        }
        let middle = file.locate(6 + line.len()..6 + line.len() + 7);
        assert!(middle.source_line.starts_with('…') && middle.source_line.ends_with('…'));
        let shown =
            crate::source::Diagnostic::error(middle, crate::source::Problem::NotUtf8).to_string();
        assert!(shown.len() < 1_000, "{} bytes", shown.len());
        assert!(
            shown
                .lines()
                .nth(3)
                .is_some_and(|caret| caret.ends_with("^^^^^^^"))
        );
    }

    #[test]
    fn locates_a_position_on_the_break_of_a_crlf_line() {
        // Regression (fuzz, loader): a range starting at the `\n` of `\r\n` panicked.
        let file = SourceFile::new("x.yaml", "ab\r\ncd".to_string());
        let at = file.locate(3..4);
        assert_eq!((at.line, at.column, at.width), (1, 4, 1));
        assert_eq!(at.source_line, "ab");
    }
}
