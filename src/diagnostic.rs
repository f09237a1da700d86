//! Problems found in the content, reported like a compiler does.
//!
//! Every problem is a [`Diagnostic`]: a severity, a typed [`Problem`] and the place in a source
//! file it comes from. Diagnostics are collected, never thrown, so that a user sees every problem
//! of a project in one run. Formatting happens here and only here.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::problem::Problem;

/// How bad a problem is: errors stop the build, warnings are only reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot produce correct output.
    Error,
    /// The output is produced, but something deserves a look.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
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

/// One problem, where it is, and how bad it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where the problem is.
    pub location: Location,
    /// What the problem is (boxed: diagnostics travel in `Result`s and should stay small).
    pub problem: Box<Problem>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Location, problem: Problem) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            problem: Box::new(problem),
        }
    }

    /// A warning at `location`.
    pub fn warning(location: Location, problem: Problem) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            problem: Box::new(problem),
        }
    }

    /// Whether this diagnostic stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `path:line:col: severity: message`, then the source line with the problem underlined:
///
/// ```text
/// content/procedures/flegt/nl.md:12:10: error: unknown screen label `traces:crate`
///    |
/// 12 | ## Klik [[traces:crate]] {#click-create}
///    |         ^^^^^^^^^^^^^^^^
/// ```
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = &self.location;
        write!(f, "{at}: {}: {}", self.severity, self.problem)?;
        if at.source_line.is_empty() {
            return Ok(());
        }
        let number = at.line.to_string();
        let gutter = " ".repeat(number.len());
        let indent: String = at
            .source_line
            .chars()
            .take(at.column - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        write!(
            f,
            "\n{gutter} |\n{number} | {}\n{gutter} | {indent}{}",
            at.source_line,
            "^".repeat(at.width.max(1))
        )
    }
}

/// A diagnostic as `stepbook check --format json` prints it. The shape is stable: fields are
/// only ever added.
#[derive(Debug, Clone, serde::Serialize)]
pub struct JsonDiagnostic {
    /// The file, as in the text output (relative to where stepbook was started).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// `error` or `warning`.
    pub severity: String,
    /// The kind of problem, stable across releases ([`Problem::code`]).
    pub code: &'static str,
    /// The message, as in the text output.
    pub message: String,
}

impl From<&Diagnostic> for JsonDiagnostic {
    fn from(diagnostic: &Diagnostic) -> Self {
        JsonDiagnostic {
            file: diagnostic.location.path.display().to_string(),
            line: diagnostic.location.line,
            column: diagnostic.location.column,
            severity: diagnostic.severity.to_string(),
            code: diagnostic.problem.code(),
            message: diagnostic.problem.to_string(),
        }
    }
}

/// Sorts diagnostics by file and position, errors before warnings at the same place, so output
/// is stable whatever order the checks ran in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (
            &a.location.path,
            a.location.line,
            a.location.column,
            a.severity,
        )
            .cmp(&(
                &b.location.path,
                b.location.line,
                b.location.column,
                b.severity,
            ))
    });
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

    #[test]
    fn formats_like_a_compiler() {
        let file = SourceFile::new("c/nl.md", "## Klik [[traces:crate]]\n".to_string());
        let diagnostic = Diagnostic::error(
            file.locate(8..24),
            Problem::UnknownLabel {
                reference: "traces:crate".into(),
            },
        );
        assert_eq!(
            diagnostic.to_string(),
            "c/nl.md:1:9: error: unknown screen label `traces:crate`\n  |\n1 | ## Klik [[traces:crate]]\n  |         ^^^^^^^^^^^^^^^^"
        );
    }
}
