//! Problems found in the content, reported like a compiler does.
//!
//! Every problem is a [`Diagnostic`]: a severity, a typed [`Problem`] and the place in a source
//! file it comes from. Diagnostics are collected, never thrown, so that a user sees every problem
//! of a project in one run. Formatting happens here and only here.

use super::Problem;
use super::sources::Location;
use std::fmt;

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
            .take(at.quote_column.saturating_sub(1))
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
    use crate::source::SourceFile;

    #[test]
    fn formats_like_a_compiler() {
        let file = SourceFile::new("c/nl.md", "## Klik [[traces:crate]]\n".to_string());
        let diagnostic = Diagnostic::error(
            file.locate(8..24),
            Problem::UnknownLabel {
                reference: "traces:crate".into(),
                suggestion: None,
            },
        );
        assert_eq!(
            diagnostic.to_string(),
            "c/nl.md:1:9: error: unknown screen label `traces:crate`\n  |\n1 | ## Klik [[traces:crate]]\n  |         ^^^^^^^^^^^^^^^^"
        );
    }
}
