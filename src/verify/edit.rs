//! What `verify` writes into a label file, as targeted edits: the spans of the values it
//! changes are found by the YAML reader's positions (as `stepbook release` edits
//! `procedure.yaml`), and every other byte (comments, order, quoting, blank lines) stays.
//!
//! - `verified:` present: its value replaced; absent: a new line after the label's last key
//!   among `text`, `screen` and `source` (block style), or `, verified: "…"` before the `}` of
//!   a label written as a flow mapping (`save: { text: Save, screen: main }`).
//! - `region:` the same way, written `{ x: …, y: …, width: …, height: … }`.
//! - `text:` (with `--fix`) replaced, plain if the new text needs no quotes and was plain,
//!   else double-quoted.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::Region;
use crate::source::{Diagnostic, SourceFile, Span, Spanned};

/// What to change on one label.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelEdit {
    /// The new `verified` date.
    pub verified: Option<String>,
    /// The new `region`.
    pub region: Option<Region>,
    /// The new `text`.
    pub text: Option<String>,
}

#[derive(Deserialize)]
struct FileShape {
    #[serde(default)]
    labels: BTreeMap<String, LabelShape>,
}

#[derive(Deserialize)]
struct LabelShape {
    text: Spanned<String>,
    #[serde(default)]
    screen: Option<Spanned<String>>,
    #[serde(default)]
    source: Option<Spanned<String>>,
    #[serde(default)]
    verified: Option<Spanned<String>>,
    #[serde(default)]
    region: Option<Spanned<serde::de::IgnoredAny>>,
}

/// `file`'s text with `edits` (by label id) applied.
pub fn apply(file: &SourceFile, edits: &BTreeMap<String, LabelEdit>) -> Result<String, Diagnostic> {
    let text = &file.text;
    let shape: FileShape = crate::source::yaml::parse(file, 0, text.len())?;
    let mut changes: Vec<(Span, String)> = Vec::new();
    for (id, edit) in edits {
        let Some(label) = shape.labels.get(id) else {
            continue;
        };
        let flow = flow_end(text, label.text.span.start);
        let mut new_keys: Vec<String> = Vec::new();
        if let Some(new) = &edit.text {
            let was_plain = !matches!(
                text.as_bytes().get(label.text.span.start),
                Some(b'"' | b'\'')
            );
            changes.push((label.text.span, scalar(new, was_plain)));
        }
        if let Some(date) = &edit.verified {
            let value = format!("\"{date}\"");
            match &label.verified {
                Some(old) => changes.push((old.span, value)),
                None => new_keys.push(format!("verified: {value}")),
            }
        }
        if let Some(region) = &edit.region {
            let value = format!(
                "{{ x: {}, y: {}, width: {}, height: {} }}",
                region.x, region.y, region.width, region.height
            );
            match &label.region {
                Some(old) => {
                    let (span, prefix) = value_extent(text, old.span);
                    changes.push((span, format!("{prefix}{value}")));
                }
                None => new_keys.push(format!("region: {value}")),
            }
        }
        if new_keys.is_empty() {
            continue;
        }
        match flow {
            Some(close) => {
                // Before the `}` (and any space before it): `, key: value` for each.
                let before = text[..close].trim_end().len();
                let insert: String = new_keys.iter().map(|k| format!(", {k}")).collect();
                changes.push((
                    Span {
                        start: before,
                        end: before,
                    },
                    insert,
                ));
            }
            None => {
                let last = [Some(label.text.span), label.screen.as_ref().map(|s| s.span)]
                    .into_iter()
                    .chain([label.source.as_ref().map(|s| s.span)])
                    .flatten()
                    .map(|s| s.end)
                    .max()
                    .unwrap_or(label.text.span.end);
                let key_line = line_start(text, label.text.span.start);
                let indent: String = text[key_line..].chars().take_while(|c| *c == ' ').collect();
                let at = line_end(text, last);
                let mut insert = String::new();
                if !text[..at].ends_with('\n') {
                    insert.push('\n');
                }
                for key in &new_keys {
                    insert.push_str(&format!("{indent}{key}\n"));
                }
                changes.push((Span { start: at, end: at }, insert));
            }
        }
    }
    changes.sort_by_key(|(span, _)| std::cmp::Reverse((span.start, span.end)));
    let mut out = text.clone();
    for (span, replacement) in changes {
        out.replace_range(span.range(), &replacement);
    }
    Ok(out)
}

/// Where each label's `text` value is written, by label id (for messages that point at it).
pub fn text_spans(file: &SourceFile) -> Result<BTreeMap<String, Span>, Diagnostic> {
    let shape: FileShape = crate::source::yaml::parse(file, 0, file.text.len())?;
    Ok(shape
        .labels
        .into_iter()
        .map(|(id, label)| (id, label.text.span))
        .collect())
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// If the label whose `text` value starts at `text_at` is a flow mapping (`{ text: …, … }`),
/// where its closing `}` is.
fn flow_end(text: &str, text_at: usize) -> Option<usize> {
    // The key `text` and what is before it on the line: `{` (or `, `) means a flow mapping.
    let key = text[..text_at].rfind("text")?;
    let before = text[line_start(text, key)..key].trim_end();
    if !(before.ends_with('{') || before.ends_with(',')) {
        return None;
    }
    closing_brace(text, text_at)
}

/// The `}` that closes the flow mapping `from` is in, skipping quoted text and nested braces.
fn closing_brace(text: &str, from: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in text[from..].char_indices() {
        match (quote, c) {
            (Some('"'), '\\') => {}
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            (None, '}') if depth == 0 => return Some(from + i),
            (None, '}') => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Where a `region` value is written and how the new one must start: a flow mapping from `{`
/// to its `}`; a block mapping (its keys on the lines below `region:`) from just after
/// `region:` to the end of its last line, replaced by ` { … }` on the key's line.
fn value_extent(text: &str, span: Span) -> (Span, &'static str) {
    if text[span.start..].starts_with('{') {
        let end = closing_brace(text, span.start + 1).map_or(span.end, |close| close + 1);
        return (
            Span {
                start: span.start,
                end,
            },
            "",
        );
    }
    let first_line = line_start(text, span.start);
    let indent = span.start - first_line;
    let mut end = line_end(text, span.start);
    while end < text.len() {
        let next = line_end(text, end);
        let line = &text[end..next];
        let depth = line.chars().take_while(|c| *c == ' ').count();
        if line.trim().is_empty() || depth < indent {
            break;
        }
        end = next;
    }
    let key_end = text[..first_line]
        .rfind("region:")
        .map_or(first_line, |i| i + "region:".len());
    let end = if text[..end].ends_with('\n') {
        end - 1
    } else {
        end
    };
    (
        Span {
            start: key_end,
            end: end.max(key_end),
        },
        " ",
    )
}

/// A YAML scalar for `text`: plain if it was plain and needs no quotes, else double-quoted.
fn scalar(text: &str, was_plain: bool) -> String {
    let plain_safe = !text.is_empty()
        && text.trim() == text
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !text.contains(['\n', '\t', '"', '\\'])
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "on" | "off" | "~"
        )
        && text.parse::<f64>().is_err();
    if was_plain && plain_safe {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(text: &str, id: &str, edit: LabelEdit) -> String {
        let file = SourceFile::new("labels/app.yaml", text.to_string());
        let edits = BTreeMap::from([(id.to_string(), edit)]);
        apply(&file, &edits).expect("valid YAML")
    }

    const REGION: Region = Region {
        x: 1,
        y: 2,
        width: 30,
        height: 40,
    };

    #[test]
    fn new_keys_go_under_the_label_and_nothing_else_moves() {
        let text = "name: App # the app\nlabels:\n  save:\n    text: Save   # the button\n    screen: main\n\n  # next\n  open:\n    text: Open\n";
        let out = edit(
            text,
            "save",
            LabelEdit {
                verified: Some("2026-11-30".into()),
                region: Some(REGION),
                text: None,
            },
        );
        assert_eq!(
            out,
            "name: App # the app\nlabels:\n  save:\n    text: Save   # the button\n    screen: main\n    verified: \"2026-11-30\"\n    region: { x: 1, y: 2, width: 30, height: 40 }\n\n  # next\n  open:\n    text: Open\n"
        );
    }

    #[test]
    fn existing_values_are_replaced_in_place() {
        let text = "labels:\n  save:\n    verified: \"2025-01-01\"  # old\n    region: {x: 9, y: 9, width: 9, height: 9}\n    text: 'Save'\n";
        let out = edit(
            text,
            "save",
            LabelEdit {
                verified: Some("2026-11-30".into()),
                region: Some(REGION),
                text: Some("Save changes".into()),
            },
        );
        assert_eq!(
            out,
            "labels:\n  save:\n    verified: \"2026-11-30\"  # old\n    region: { x: 1, y: 2, width: 30, height: 40 }\n    text: \"Save changes\"\n"
        );
    }

    #[test]
    fn a_block_region_is_replaced_whole() {
        let text = "labels:\n  save:\n    text: Save\n    region:\n      x: 9\n      y: 9\n      width: 9\n      height: 9\n    screen: main\n";
        let out = edit(
            text,
            "save",
            LabelEdit {
                region: Some(REGION),
                ..LabelEdit::default()
            },
        );
        assert_eq!(
            out,
            "labels:\n  save:\n    text: Save\n    region: { x: 1, y: 2, width: 30, height: 40 }\n    screen: main\n"
        );
    }

    #[test]
    fn a_flow_label_gets_its_keys_before_the_brace() {
        let text = "labels:\n  cancel: { text: \"Cancel {now}\", screen: main }  # flow\n";
        let out = edit(
            text,
            "cancel",
            LabelEdit {
                verified: Some("2026-11-30".into()),
                region: None,
                text: Some("Cancel: now".into()),
            },
        );
        assert_eq!(
            out,
            "labels:\n  cancel: { text: \"Cancel: now\", screen: main, verified: \"2026-11-30\" }  # flow\n"
        );
    }

    #[test]
    fn plain_text_stays_plain_when_it_can() {
        assert_eq!(scalar("Send request", true), "Send request");
        assert_eq!(scalar("Note: this", true), "\"Note: this\"");
        assert_eq!(scalar("Yes", true), "\"Yes\"");
        assert_eq!(scalar("- Back", true), "\"- Back\"");
        assert_eq!(scalar("Back", false), "\"Back\"");
    }
}
