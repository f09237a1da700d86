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

/// The overlay's look: over the whole page, opaque, readable monospace.
pub const OVERLAY_CSS: &str = "#stepbook-errors{position:fixed;inset:0;z-index:2147483647;\
overflow:auto;margin:0;padding:2rem;background:#1d1f21;color:#f5f5f5;\
font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}\
#stepbook-errors h2{color:#ff8080;font-size:1.2rem;margin:0 0 .5rem}\
#stepbook-errors p{margin:0 0 1rem}#stepbook-errors pre{white-space:pre-wrap;margin:0}\n";

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
        "<link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\">\
         <div id=\"stepbook-errors\" role=\"alert\">\
         <h2>stepbook: the content has errors</h2>\
         <p>This is the last good build; the page reloads when the errors are fixed.</p>\
         <pre>{}</pre></div>",
        escape(problems)
    )
}

fn script(generation: u64) -> String {
    format!("<script src=\"{RELOAD_JS_PATH}\" data-generation=\"{generation}\"></script>")
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
        assert!(out.contains("data-generation=\"7\""), "{out}");
        let clean = String::from_utf8(page(html, 7, None)).unwrap();
        assert!(!clean.contains("stepbook-errors"));
    }
}
