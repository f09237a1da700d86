//! The one place that knows the YAML library.
//!
//! serde_yaml is archived upstream; keeping it behind this module means swapping it for a
//! maintained fork with the same API (`serde_yaml_ng`, `serde_norway`) is a one-file change.

use serde::de::DeserializeOwned;

use crate::source::Problem;
use crate::source::{Diagnostic, SourceFile};

/// Deserializes `file.text[offset..offset + len]` (the whole file, or the front matter of a
/// Markdown file) and reports a problem at its real position in the file.
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    offset: usize,
    len: usize,
) -> Result<T, Diagnostic> {
    let yaml = &file.text[offset..offset + len];
    serde_yaml::from_str(yaml).map_err(|error| {
        let message = without_position(&error.to_string());
        let range = duplicate_key(yaml, &message).unwrap_or_else(|| {
            let at = error.location().map_or(0, |location| location.index());
            at..at + 1
        });
        Diagnostic::error(
            file.locate(offset + range.start..offset + range.end),
            Problem::Yaml { message },
        )
    })
}

/// serde_yaml puts " at line L column C" into its messages, relative to the YAML text; our
/// diagnostics carry the position already, relative to the file.
fn without_position(message: &str) -> String {
    let mut message = message.to_string();
    while let Some(start) = message.find(" at line ") {
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let rest = &message[start + " at line ".len()..];
        let line_len = digits(rest);
        let Some(column) = rest[line_len..].strip_prefix(" column ") else {
            break;
        };
        let end = message.len() - column.len() + digits(column);
        message.replace_range(start..end, "");
    }
    message
}

/// serde reports a duplicate key (see [`crate::model::UniqueMap`]) at the start of its map;
/// point at the second occurrence of the key instead.
fn duplicate_key(yaml: &str, message: &str) -> Option<std::ops::Range<usize>> {
    let key = message.split("duplicate key `").nth(1)?.split('`').next()?;
    super::locate::keys(yaml, key).nth(1)
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
                .starts_with("unknown field `colour`"),
            "{}",
            error.problem
        );
    }
}
