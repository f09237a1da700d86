//! The body fonts: metrics for the layout, and subsets of the glyphs a checklist uses.
//!
//! printpdf subsets fonts only with its heavy `text_layout` feature; allsorts (already in its
//! dependency tree) does it here. The subset keeps a Unicode cmap, so printpdf maps characters
//! to the subset's glyphs and writes a `/ToUnicode` map that gives the text back exactly.

use std::collections::{BTreeMap, BTreeSet};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use printpdf::ParsedFont;

use super::layout::{Font, Measure};

/// The regular and bold body fonts, parsed.
pub struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
}

impl Fonts {
    /// Parses the two font files; the error names what is wrong.
    pub fn parse(regular: &[u8], bold: &[u8]) -> Result<Fonts, String> {
        Ok(Fonts {
            regular: parse(regular)?,
            bold: parse(bold)?,
        })
    }

    /// The parsed font of a weight.
    pub fn get(&self, font: Font) -> &ParsedFont {
        match font {
            Font::Regular => &self.regular,
            Font::Bold => &self.bold,
        }
    }

    /// A copy of `font` that holds only the glyphs of `chars` (and `.notdef`).
    pub fn subset(&self, font: Font, chars: &BTreeSet<char>) -> Result<ParsedFont, String> {
        let parsed = self.get(font);
        let glyphs: BTreeSet<u16> = chars
            .iter()
            .filter_map(|c| parsed.lookup_glyph_index(*c as u32))
            .filter(|gid| *gid != 0)
            .collect();
        // allsorts requires .notdef first and no duplicates.
        let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
        let bytes = &parsed.original_bytes;
        let data = ReadScope::new(bytes)
            .read::<FontData<'_>>()
            .map_err(|e| e.to_string())?;
        let provider = data.table_provider(0).map_err(|e| e.to_string())?;
        let subset_bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
            .map_err(|e| e.to_string())?;
        parse(&subset_bytes)
    }
}

fn parse(bytes: &[u8]) -> Result<ParsedFont, String> {
    let mut warnings = Vec::new();
    ParsedFont::from_bytes(bytes, 0, &mut warnings)
        .ok_or_else(|| "not a TrueType or OpenType font".to_string())
}

impl Measure for Fonts {
    fn width(&self, text: &str, font: Font, size: f32) -> f32 {
        let parsed = self.get(font);
        let units: u32 = text
            .chars()
            .map(|c| {
                let gid = parsed.lookup_glyph_index(c as u32).unwrap_or(0);
                u32::from(parsed.get_glyph_width(gid).unwrap_or(0))
            })
            .sum();
        units as f32 * size / f32::from(parsed.units_per_em.max(1))
    }
}

/// The characters each weight draws, from the laid-out pages.
pub fn used_chars(texts: impl Iterator<Item = (Font, String)>) -> BTreeMap<Font, BTreeSet<char>> {
    let mut used: BTreeMap<Font, BTreeSet<char>> = BTreeMap::new();
    for (font, text) in texts {
        used.entry(font).or_default().extend(text.chars());
    }
    used
}
