//! The Markdown dialect of language files, shared by the loader and the renderers so both read
//! the same text the same way.
//!
//! CommonMark plus tables, strikethrough, heading ids (`{#id}`), GitHub alerts (`> [!TIP]`) for
//! notes and tips, YAML front matter, and `[[…]]` references (parsed as wiki links). Smart
//! punctuation is off: screen labels and quoted text must stay exactly as written.

use pulldown_cmark::{Options, Parser};

/// The parser options of the dialect.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

/// A parser for a fragment of a language file.
pub fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, options())
}
