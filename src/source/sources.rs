//! The text of every file read, so that any stage can turn a byte range into a [`Location`]:
//! a line, a column and the line itself to quote.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::span::Span;

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(usize);

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
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Keeps `text` and indexes its lines.
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// The location of a byte range of this file.
    pub fn locate(&self, range: Range<usize>) -> Location {
        let start = floor_char_boundary(&self.text, range.start.min(self.text.len()));
        let line_index = self
            .line_starts
            .partition_point(|&line_start| line_start <= start)
            - 1;
        let line_start = self.line_starts[line_index];
        let line_end = self.text[line_start..]
            .find('\n')
            .map_or(self.text.len(), |i| line_start + i);
        let line_text = self.text[line_start..line_end].trim_end_matches('\r');
        let column = self.text[line_start..start].chars().count() + 1;
        // `start` may sit on the line break itself (a parser pointing at the `\n` of a CRLF line,
        // past the trimmed text): the end is never before it. Found by fuzzing.
        let end = range
            .end
            .clamp(start, (line_start + line_text.len()).max(start));
        let end = floor_char_boundary(&self.text, end);
        Location {
            path: self.path.clone(),
            line: line_index + 1,
            column,
            source_line: line_text.to_string(),
            width: self.text[start..end].chars().count().max(1),
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

/// A place in a source file: 1-based line and column (in characters), plus the line itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as shown to the user.
    pub path: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The text of the line, quoted under the message.
    pub source_line: String,
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
    fn locates_a_position_on_the_break_of_a_crlf_line() {
        // Regression (fuzz, loader): a range starting at the `\n` of `\r\n` panicked.
        let file = SourceFile::new("x.yaml", "ab\r\ncd".to_string());
        let at = file.locate(3..4);
        assert_eq!((at.line, at.column, at.width), (1, 4, 1));
        assert_eq!(at.source_line, "ab");
    }
}
