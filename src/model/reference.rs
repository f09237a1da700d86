//! References written in the text as `[[…]]`: screen labels, fields and other steps.
//!
//! One syntax for three targets, parsed in one place, so the loader (which records them with
//! their positions) and the renderer (which replaces them) cannot disagree.

use std::ops::Range;

use crate::source::FileId;

/// What a `[[…]]` reference points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `[[traces:create]]`: a screen label of a system.
    Label {
        /// The system id (the label file's name).
        system: String,
        /// The label id.
        id: String,
    },
    /// `[[field:eori]]`: the label of a fill-in field.
    Field(String),
    /// `[[#eu-login-account]]`: a link to another step, shown as its number.
    Step(String),
}

impl Target {
    /// Parses the text between `[[` and `]]`; `None` if it has no recognised form.
    pub fn parse(text: &str) -> Option<Target> {
        let text = text.trim();
        if let Some(id) = text.strip_prefix('#') {
            return is_id(id).then(|| Target::Step(id.to_string()));
        }
        let (prefix, id) = text.split_once(':')?;
        if !is_id(prefix) || !is_id(id) {
            return None;
        }
        Some(if prefix == "field" {
            Target::Field(id.to_string())
        } else {
            Target::Label {
                system: prefix.to_string(),
                id: id.to_string(),
            }
        })
    }
}

/// Whether `id` is a slug: lowercase ASCII letters and digits in hyphen-separated words.
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A reference found in a language file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The text between the brackets, as written.
    pub text: String,
    /// What it points at, or `None` if malformed.
    pub target: Option<Target>,
    /// The file it is in.
    pub file: FileId,
    /// Its byte range, brackets included.
    pub range: Range<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_kinds_of_reference() {
        assert_eq!(
            Target::parse("traces:request-authorisation"),
            Some(Target::Label {
                system: "traces".into(),
                id: "request-authorisation".into()
            })
        );
        assert_eq!(
            Target::parse("field:eori"),
            Some(Target::Field("eori".into()))
        );
        assert_eq!(
            Target::parse("#eu-login"),
            Some(Target::Step("eu-login".into()))
        );
        assert_eq!(Target::parse("nonsense"), None);
        assert_eq!(Target::parse("Traces:x"), None);
        assert_eq!(Target::parse("#"), None);
    }

    #[test]
    fn ids_are_slugs() {
        assert!(is_id("open-eu-login"));
        assert!(is_id("step2"));
        assert!(!is_id("Open"));
        assert!(!is_id("a--b"));
        assert!(!is_id("-a"));
        assert!(!is_id("a.b"));
        assert!(!is_id(""));
    }
}
