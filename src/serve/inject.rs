//! What `serve` adds to HTML pages (and only there: `build` output never has it): a script that
//! reloads the page after a rebuild, and an overlay listing the content's problems while it has
//! any.

/// Text made safe for HTML, with the escaper the Markdown renderer uses.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// The long-poll endpoint the reload script waits on.
pub const POLL_PATH: &str = "/__stepbook/poll";
/// The reload script. Served as a file rather than inline, so a theme's Content-Security-Policy
/// of `script-src 'self'` still allows it (the same goes for the overlay's stylesheet).
pub const RELOAD_JS_PATH: &str = "/__stepbook/reload.js";
/// The overlay's stylesheet.
pub const OVERLAY_CSS_PATH: &str = "/__stepbook/overlay.css";

/// Waits on [`POLL_PATH`] with the generation its page was served at, and reloads the page when
/// the answer differs (a rebuild, successful or not).
pub const RELOAD_JS: &str = r#"(function () {
  var seen = document.currentScript.getAttribute("data-generation");
  function poll() {
    fetch("/__stepbook/poll?since=" + seen, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (t) { if (t.trim() !== seen) { location.reload(); } else { poll(); } })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"#;

/// The overlay's look: over the whole page, opaque; words in the reader's font, the quoted line
/// in monospace; light or dark as the system is (contrast AA in both).
pub const OVERLAY_CSS: &str = include_str!("overlay.css");

/// The source view: a file with line numbers, the problem's line marked.
pub const SOURCE_PATH: &str = "/__stepbook/source/";

/// `html` with the reload script (and the error overlay, if `problems`) before `</body>`.
pub fn page(html: &[u8], generation: u64, problems: Option<&Problems>) -> Vec<u8> {
    let mut snippet = String::new();
    if let Some(problems) = problems {
        snippet.push_str(&overlay(problems));
    }
    snippet.push_str(&script(generation));
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A whole page for when there is no page to lay the overlay over (the first build failed, or
/// the path does not exist).
pub fn standalone(title: &str, generation: u64, problems: Option<&Problems>) -> Vec<u8> {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body><h1>{}</h1></body></html>\n",
        escape(title),
        escape(title)
    );
    page(html.as_bytes(), generation, problems)
}

/// The problems laid out for someone who does not read compiler output: per error the file
/// (linked to a view of it at that line), the line and column, the message with its names set
/// as code, and the line quoted with the place marked; the exact text below, to copy.
fn overlay(problems: &Problems) -> String {
    let count = problems.errors.len();
    let heading = match count {
        0 => "The site could not be rebuilt".to_string(),
        1 => "The content has an error".to_string(),
        n => format!("The content has {n} errors"),
    };
    let mut items = String::new();
    for (index, diagnostic) in problems.errors.iter().enumerate() {
        items.push_str(&problem(index, diagnostic));
    }
    let list = if items.is_empty() {
        String::new()
    } else {
        format!("<ol class=\"stepbook-problems\">{items}</ol>")
    };
    let (details_open, exact_label) = if count == 0 {
        (" open", "What went wrong")
    } else {
        ("", "The exact text (to copy into a message or a search)")
    };
    format!(
        "<link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\">\
         <div id=\"stepbook-errors\" role=\"alert\" aria-labelledby=\"stepbook-errors-title\" lang=\"en\">\
         <div class=\"stepbook-card\">\
         <h2 id=\"stepbook-errors-title\">{heading}</h2>\
         <p class=\"stepbook-note\">You are looking at the last good build. Fix what is listed \
         here and save: this page reloads by itself.</p>{list}\
         <details class=\"stepbook-exact-text\"{details_open}><summary>{exact_label}</summary>\
         <pre class=\"stepbook-exact\">{}</pre></details></div></div>",
        escape(&problems.text)
    )
}

/// One error of the overlay.
fn problem(index: usize, diagnostic: &Diagnostic) -> String {
    let at = &diagnostic.location;
    let file = at.path.display().to_string();
    let place = if at.source_line.is_empty() {
        String::new()
    } else {
        format!(", line {}, column {}", at.line, at.column)
    };
    let snippet = if at.source_line.is_empty() {
        String::new()
    } else {
        let chars: Vec<char> = at.source_line.chars().collect();
        let start = at.quote_column.saturating_sub(1).min(chars.len());
        let end = (start + at.width.max(1)).min(chars.len());
        let part = |range: std::ops::Range<usize>| escape(&chars[range].iter().collect::<String>());
        format!(
            "<pre class=\"stepbook-snippet\"><span class=\"stepbook-line-number\" aria-label=\"line {line}\">{line}</span>{}<mark>{}</mark>{}</pre>",
            part(0..start),
            part(start..end),
            part(end..chars.len()),
            line = at.line
        )
    };
    format!(
        "<li class=\"stepbook-problem\"><p class=\"stepbook-where\">\
         <a href=\"{SOURCE_PATH}{index}#L{line}\">{file}</a>{place}</p>\
         <p class=\"stepbook-what\">{}</p>{snippet}</li>",
        in_words(&diagnostic.problem.to_string()),
        file = escape(&file),
        line = at.line,
    )
}

/// A message as a sentence: capitalised, names between backticks set as code.
fn in_words(message: &str) -> String {
    let mut chars = message.chars();
    let sentence: String = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let mut out = String::new();
    for (n, part) in sentence.split('`').enumerate() {
        if n % 2 == 1 {
            out.push_str(&format!("<code>{}</code>", escape(part)));
        } else {
            out.push_str(&escape(part));
        }
    }
    out
}

/// The file of the `index`th error, with numbered lines and the error's line marked (its
/// anchor is `#L<line>`); `None` if there is no such error or its file cannot be read.
pub fn source(problems: &Problems, index: usize) -> Option<Vec<u8>> {
    let diagnostic = problems.errors.get(index)?;
    let at = &diagnostic.location;
    let text = std::fs::read_to_string(&at.path).ok()?;
    let mut lines = String::new();
    for (n, line) in text.lines().enumerate() {
        let number = n + 1;
        let class = if number == at.line {
            " class=\"stepbook-here\""
        } else {
            ""
        };
        lines.push_str(&format!(
            "<span id=\"L{number}\"{class}><span class=\"stepbook-line-number\">{number}</span>{}\n</span>",
            escape(line)
        ));
    }
    let file = escape(&at.path.display().to_string());
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{file}, line {line}</title>\
         <link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\"></head>\
         <body class=\"stepbook-source\"><main><h1>{file}</h1>\
         <p class=\"stepbook-what\">Line {line}: {message}</p>\
         <p>Open this file in your editor to change it; the preview follows when you save.</p>\
         <pre>{lines}</pre></main></body></html>\n",
        line = at.line,
        message = in_words(&diagnostic.problem.to_string()),
    );
    Some(html.into_bytes())
}

/// The 404 page with its `<base>` at the root this server serves the site from (the built page
/// has the site's `base_url`, which is where it is published, not this preview).
pub fn at_root(html: &[u8]) -> Vec<u8> {
    const BASE: &[u8] = b"<base href=\"";
    let Some(start) = html.windows(BASE.len()).position(|w| w == BASE) else {
        return html.to_vec();
    };
    let value = start + BASE.len();
    let Some(end) = html[value..].iter().position(|&b| b == b'"') else {
        return html.to_vec();
    };
    [&html[..value], b"/", &html[value + end..]].concat()
}

fn script(generation: u64) -> String {
    format!("<script src=\"{RELOAD_JS_PATH}\" data-generation=\"{generation}\"></script>")
}

use super::Problems;
use crate::source::Diagnostic;

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_404_page_is_based_at_the_preview_root() {
        let page = b"<head><base href=\"https://x.example/p/\"><link href=\"static/a.css\">";
        assert_eq!(
            at_root(page),
            b"<head><base href=\"/\"><link href=\"static/a.css\">".to_vec()
        );
        assert_eq!(at_root(b"<p>no base</p>"), b"<p>no base</p>".to_vec());
    }

    #[test]
    fn messages_read_as_sentences_with_names_as_code() {
        assert_eq!(
            in_words("unknown screen label `a<b`; did you mean `ab`?"),
            "Unknown screen label <code>a&lt;b</code>; did you mean <code>ab</code>?"
        );
    }

    #[test]
    fn the_overlay_escapes_the_problems_and_sits_before_the_body_end() {
        let html = b"<html><body><p>x</p></body></html>";
        let problems = Problems {
            errors: Vec::new(),
            text: "a <script> & b".into(),
        };
        let out = String::from_utf8(page(html, 7, Some(&problems))).unwrap();
        assert!(out.contains("a &lt;script&gt; &amp; b"), "{out}");
        assert!(out.ends_with("</body></html>"), "{out}");
        assert!(out.contains("data-generation=\"7\""), "{out}");
        let clean = String::from_utf8(page(html, 7, None)).unwrap();
        assert!(!clean.contains("stepbook-errors"));
    }
}
