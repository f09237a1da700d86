//! What `serve` adds to HTML pages (and only there: `build` output never has it): a script that
//! reloads the page after a rebuild, and an overlay listing the content's problems while it has
//! any.

use crate::view::prose::escape;

/// The long-poll endpoint the reload script waits on.
pub const POLL_PATH: &str = "/__stepbook/poll";

/// `html` with the reload script (and the error overlay, if `problems`) before `</body>`.
pub fn page(html: &[u8], generation: u64, problems: Option<&str>) -> Vec<u8> {
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
pub fn standalone(title: &str, generation: u64, problems: Option<&str>) -> Vec<u8> {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body><h1>{}</h1></body></html>\n",
        escape(title),
        escape(title)
    );
    page(html.as_bytes(), generation, problems)
}

fn overlay(problems: &str) -> String {
    format!(
        "<div id=\"stepbook-errors\" role=\"alert\" style=\"position:fixed;inset:0;\
         z-index:2147483647;overflow:auto;margin:0;padding:2rem;background:#1d1f21f2;\
         color:#f5f5f5;font:14px/1.45 ui-monospace,monospace\">\
         <h2 style=\"color:#ff8080;font-size:1.2rem;margin:0 0 .5rem\">stepbook: the content has errors</h2>\
         <p style=\"margin:0 0 1rem\">This is the last good build; the page reloads when the errors are fixed.</p>\
         <pre style=\"white-space:pre-wrap\">{}</pre></div>",
        escape(problems)
    )
}

fn script(generation: u64) -> String {
    format!(
        "<script>(function(){{var seen=\"{generation}\";function poll(){{\
         fetch(\"{POLL_PATH}?since=\"+seen,{{cache:\"no-store\"}})\
         .then(function(r){{return r.text()}})\
         .then(function(t){{if(t.trim()!==seen){{location.reload()}}else{{poll()}}}})\
         .catch(function(){{setTimeout(poll,1000)}})}}poll()}})();</script>"
    )
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_escapes_the_problems_and_sits_before_the_body_end() {
        let html = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(page(html, 7, Some("a <script> & b"))).unwrap();
        assert!(out.contains("a &lt;script&gt; &amp; b"), "{out}");
        assert!(out.ends_with("</body></html>"), "{out}");
        assert!(out.contains("var seen=\"7\""), "{out}");
        let clean = String::from_utf8(page(html, 7, None)).unwrap();
        assert!(!clean.contains("stepbook-errors"));
    }
}
