//! The one place that knows the YAML library.
//!
//! serde_yaml is archived upstream; keeping it behind this module means swapping it for a
//! maintained fork with the same API (`serde_yaml_ng`, `serde_norway`) is a one-file change.

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::problem::Problem;

/// Deserializes `file.text[offset..offset + len]` (the whole file, or the front matter of a
/// Markdown file) and reports a problem at its real position in the file.
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    offset: usize,
    len: usize,
) -> Result<T, Diagnostic> {
    let yaml = &file.text[offset..offset + len];
    serde_yaml::from_str(yaml).map_err(|error| {
        let at = error.location().map_or(0, |location| location.index());
        Diagnostic::error(
            file.locate(offset + at..offset + at + 1),
            Problem::Yaml {
                message: without_position(&error.to_string()),
            },
        )
    })
}

/// serde_yaml appends " at line L column C" to its messages; our diagnostics carry the position
/// already, relative to the file rather than to the YAML text.
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) if message[index..].contains(" column ") => message[..index].to_string(),
        _ => message.to_string(),
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
                .starts_with("unknown field `colour`"),
            "{}",
            error.problem
        );
    }
}
