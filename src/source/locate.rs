//! Finds where a value sits in a YAML file, for problems found after deserializing.
//!
//! serde_yaml reports positions for syntax and type errors but keeps none for values, so rules
//! such as "duplicate step id" find the offending text again here. The search is by token, not
//! by substring, so `create` does not match inside `create-operator`.

use std::ops::Range;

/// The byte range of the `nth` (0-based) occurrence of `value` as a whole token, written as the
/// value of `key` (`key: value`, `- key: value`, `{key: value}`), quoted or not.
pub fn value_of(text: &str, key: &str, value: &str, nth: usize) -> Option<Range<usize>> {
    tokens(text, value)
        .filter(|range| {
            let before = text[..range.start].trim_end_matches(['"', '\'', ' ']);
            before.strip_suffix(':').is_some_and(|rest| {
                rest.ends_with(key) && rest[..rest.len() - key.len()].ends_with(is_key_boundary)
            })
        })
        .nth(nth)
}

/// The byte range of the first occurrence of `key` written as a mapping key (`key:`).
pub fn key(text: &str, key: &str) -> Option<Range<usize>> {
    keys(text, key).next()
}

/// Every occurrence of `key` written as a mapping key, in order.
pub fn keys<'a>(text: &'a str, key: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
    tokens(text, key).filter(|range| {
        text[range.end..]
            .trim_start_matches(['"', '\''])
            .starts_with(':')
    })
}

/// The byte range of the `nth` (0-based) whole-token occurrence of `value`, wherever it is.
pub fn token(text: &str, value: &str, nth: usize) -> Option<Range<usize>> {
    tokens(text, value).nth(nth)
}

fn is_key_boundary(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '-' | '{' | ',')
}

fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@')
}

fn tokens<'a>(text: &'a str, value: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
    text.match_indices(value)
        .map(|(start, _)| start..start + value.len())
        .filter(move |range| {
            !value.is_empty()
                && !text[..range.start].ends_with(is_token_char)
                && !text[range.end..].starts_with(is_token_char)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "fields: [eori, email]\nsections:\n  - id: create-operator\n    steps:\n      - id: create\n        email: role\n      - {id: create}\n";

    #[test]
    fn finds_the_nth_value_of_a_key_as_a_whole_token() {
        let first = value_of(YAML, "id", "create", 0).unwrap();
        assert_eq!(&YAML[first.start - 4..first.end], "id: create");
        let second = value_of(YAML, "id", "create", 1).unwrap();
        assert!(second.start > first.start);
        assert_eq!(value_of(YAML, "id", "create", 2), None);
        assert_eq!(value_of(YAML, "id", "role", 0), None);
        assert!(value_of(YAML, "email", "role", 0).is_some());
    }

    #[test]
    fn finds_keys_and_tokens() {
        assert_eq!(key(YAML, "sections"), Some(22..30));
        assert_eq!(keys("a: 1\nb:\n  a: 2\n", "a").count(), 2);
        assert_eq!(token(YAML, "email", 0), Some(15..20));
        let second = token(YAML, "create", 1).map(|r| &YAML[r.start - 4..r.end]);
        assert_eq!(second, Some("id: create"));
    }
}
