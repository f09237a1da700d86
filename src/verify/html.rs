//! The visible text of a saved HTML page ("Save page as…"), parsed with a real HTML parser
//! (scraper, on html5ever: the browsers' parsing algorithm, so a saved page reads as the
//! browser showed it, broken markup included).
//!
//! Left out, with everything inside them: `<head>` (the title is not on the screen), `script`,
//! `style`, `template`, `noscript`, elements with the `hidden` attribute, `aria-hidden="true"`,
//! or an inline `display: none` / `visibility: hidden`. Style sheets are not applied: a text
//! hidden only by a class of the page's CSS still counts. Each block element (a paragraph, a
//! cell, a button, …) is a line of its own; buttons written `<input type="submit"
//! value="…">` count with their value. An HTML page has no pixels, so a label found in one
//! gets no region.

use std::cell::Cell;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use scraper::{Html, Node};

use super::text::{Line, Word};

/// Elements whose content is never on screen.
const NEVER_SHOWN: &[&str] = &[
    "head", "script", "style", "template", "noscript", "iframe", "object", "svg", "title",
];

/// Elements that start a line of their own.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "button",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "input",
    "label",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "select",
    "summary",
    "table",
    "td",
    "textarea",
    "th",
    "tr",
    "ul",
];

/// How deep a saved page may nest its elements. html5ever's tree builder looks through the
/// stack of open elements for each new tag, so its work grows with the square of the depth
/// (100 000 nested `<div>`s: minutes); real pages nest a few dozen deep, and browsers
/// themselves stop nesting at a few hundred.
pub const MAX_DEPTH: usize = 2_000;

/// Elements that never hold others, and those whose end tag may be left out (the next one
/// closes them): neither makes a page deeper.
const NO_DEPTH: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp",
    "colgroup", "caption", "thead", "tbody", "tfoot",
];

/// Counts open elements with html5ever's tokenizer alone (linear), before the tree is built.
struct DepthSink {
    depth: Cell<usize>,
    deepest: Cell<usize>,
}

impl TokenSink for DepthSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        let name: &str = &tag.name;
        match tag.kind {
            TagKind::StartTag if !tag.self_closing && !NO_DEPTH.contains(&name) => {
                self.depth.set(self.depth.get() + 1);
                self.deepest.set(self.deepest.get().max(self.depth.get()));
                // Their content is text, not tags, as the tree builder would tell the tokenizer.
                match name {
                    "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                        return TokenSinkResult::RawData(RawKind::Rawtext);
                    }
                    "title" | "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
                    _ => {}
                }
            }
            TagKind::EndTag if !NO_DEPTH.contains(&name) => {
                self.depth.set(self.depth.get().saturating_sub(1));
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The deepest nesting of elements in `html`, counted in linear time. An upper bound of what
/// the tree builder would make (stray end tags aside), for refusing a page before parsing it.
pub fn depth(html: &str) -> usize {
    let sink = DepthSink {
        depth: Cell::new(0),
        deepest: Cell::new(0),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.deepest.get()
}

/// What the walk does next: visit a node, or end the line of a block element it left.
enum Visit<T> {
    Node(T),
    Break,
}

/// The visible text of `html`, as lines of words without boxes.
pub fn visible_lines(html: &str) -> Vec<Line> {
    let document = Html::parse_document(html);
    let mut lines = vec![Line::default()];
    let new_line = |lines: &mut Vec<Line>| {
        if lines.last().is_some_and(|l| !l.words.is_empty()) {
            lines.push(Line::default());
        }
    };
    let push_words = |lines: &mut Vec<Line>, text: &str| {
        if let Some(line) = lines.last_mut() {
            line.words.extend(text.split_whitespace().map(|w| Word {
                text: w.to_string(),
                region: None,
            }));
        }
    };
    // An explicit stack, not recursion: a page nested thousands deep cannot overflow it.
    let mut stack = vec![Visit::Node(document.tree.root())];
    while let Some(visit) = stack.pop() {
        let node = match visit {
            Visit::Break => {
                new_line(&mut lines);
                continue;
            }
            Visit::Node(node) => node,
        };
        match node.value() {
            Node::Text(text) => push_words(&mut lines, text),
            Node::Element(element) => {
                let name = element.name();
                if NEVER_SHOWN.contains(&name) || hidden(element) {
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    new_line(&mut lines);
                    stack.push(Visit::Break);
                }
                if name == "input"
                    && matches!(element.attr("type"), Some("submit" | "button" | "reset"))
                    && let Some(value) = element.attr("value")
                {
                    push_words(&mut lines, value);
                }
                stack.extend(node.children().rev().map(Visit::Node));
            }
            Node::Document | Node::Fragment => {
                stack.extend(node.children().rev().map(Visit::Node));
            }
            _ => {}
        }
    }
    lines.retain(|l| !l.words.is_empty());
    lines
}

/// Whether an element hides itself and its content.
fn hidden(element: &scraper::node::Element) -> bool {
    if element.attr("hidden").is_some()
        || element
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        || element
            .attr("type")
            .is_some_and(|t| t.eq_ignore_ascii_case("hidden"))
    {
        return true;
    }
    let Some(style) = element.attr("style") else {
        return false;
    };
    style.split(';').any(|declaration| {
        let Some((property, value)) = declaration.split_once(':') else {
            return false;
        };
        let property = property.trim().to_ascii_lowercase();
        let value = value
            .trim()
            .trim_end_matches("!important")
            .trim()
            .to_ascii_lowercase();
        (property == "display" && value == "none")
            || (property == "visibility" && (value == "hidden" || value == "collapse"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        visible_lines(html)
            .iter()
            .map(|l| {
                l.words
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn only_what_the_browser_shows() {
        let page = r#"<!doctype html><html><head><title>Gone</title><style>p{}</style>
            <script>var gone = 1;</script></head><body>
            <h1>Profile</h1><p>Display <b>name</b></p>
            <p hidden>gone</p><span aria-hidden="true">gone</span>
            <div style="color:red; DISPLAY : none !important">gone</div>
            <div style="visibility:hidden">gone</div>
            <template><p>gone</p></template><noscript>gone</noscript>
            <input type="hidden" value="gone"><input type="text" value="typed">
            <input type="submit" value="Save changes"><button>Cancel</button>
            <table><tr><td>Name</td><td>Number</td></tr></table></body></html>"#;
        assert_eq!(
            texts(page),
            [
                "Profile",
                "Display name",
                "Save changes",
                "Cancel",
                "Name",
                "Number"
            ]
        );
    }

    #[test]
    fn broken_and_deep_markup_is_read_without_trouble() {
        // Stray end tags are dropped, as a browser does: "two" and "three" are one text.
        assert_eq!(texts("<p>one<p>two</div></span>three"), ["one", "twothree"]);
        let deep = "<div>".repeat(MAX_DEPTH) + "deep";
        assert_eq!(texts(&deep), ["deep"]);
    }

    #[test]
    fn depth_counts_what_nests_and_not_what_closes_itself() {
        assert_eq!(depth(&"<div>".repeat(100_000)), 100_000);
        assert_eq!(depth(&"<p>one".repeat(10_000)), 0);
        assert_eq!(depth("<ul><li>a<li>b</ul><br><img src=x>"), 1);
        // Tags written inside a script or a style are text.
        assert_eq!(
            depth(&format!("<script>{}</script>", "<div>".repeat(5_000))),
            1
        );
        assert_eq!(
            depth(&format!("<style>{}</style><b>x</b>", "<div>".repeat(5_000))),
            1
        );
    }
}
