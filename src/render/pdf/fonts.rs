//! The body fonts: metrics for the layout, and subsets of the glyphs a checklist uses.
//!
//! printpdf subsets fonts only with its heavy `text_layout` feature; allsorts (already in its
//! dependency tree) does it here. The subset keeps a Unicode cmap, so printpdf maps characters
//! to the subset's glyphs and writes a `/ToUnicode` map that gives the text back exactly.

use std::collections::{BTreeMap, BTreeSet};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use printpdf::ParsedFont;

use super::layout::{Font, Measure};

/// The regular and bold body fonts, parsed, and their subsets to [`COMMON`].
pub struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
    common_regular: Common,
    common_bold: Common,
    /// The advance width (font units) of each [`COMMON`] character, by code point below
    /// [`TABLE`], per weight: the layout measures every word, and a cmap lookup and a width
    /// lookup per character were 5 % of a checklist.
    widths: [Vec<Option<u16>>; 2],
}

/// Code points below this have a slot in the tables of widths (and of glyph codes, see
/// `draw`); [`COMMON`] ends below it.
pub const TABLE: usize = 0x2200;

/// The characters of Dutch, French, German and English text and their punctuation: ASCII,
/// Latin-1, `Œœ`, dashes, quotes, bullet, ellipsis, arrow, euro sign. A checklist that draws
/// only these (every checklist of the shipped content does) embeds one subset of each font
/// made once per build; any other character gets the checklist a subset of its own.
pub const COMMON: &[(char, char)] = &[
    (' ', '~'),
    ('\u{A0}', '\u{FF}'),
    ('\u{152}', '\u{153}'),
    ('\u{2013}', '\u{2014}'),
    ('\u{2018}', '\u{201E}'),
    ('\u{2022}', '\u{2022}'),
    ('\u{2026}', '\u{2026}'),
    ('\u{2192}', '\u{2192}'),
    ('\u{20AC}', '\u{20AC}'),
];

/// Whether `c` is one of the [`COMMON`] characters.
pub fn is_common(c: char) -> bool {
    COMMON
        .iter()
        .any(|(first, last)| (*first..=*last).contains(&c))
}

/// A font's subset to the [`COMMON`] characters, and its font program compressed (at level 9,
/// see [`super::compress::deflate`]), made once per build.
struct Common {
    /// The subset's font program.
    program: Vec<u8>,
    /// Its FNV-1a hash, which names the subset (`super::name_subsets`).
    hash: u64,
    deflated: Option<Vec<u8>>,
    /// The parsed subset with a few bytes ([`stand_in`]) in place of its font program: what
    /// checklists give printpdf. printpdf clones a font several times per document and reads
    /// its program only to embed it, and [`Fonts::use_compressed_programs`] puts the real,
    /// compressed one in its place: each checklist copied the ~50 KB programs six times
    /// (0.55 M instructions) before.
    stand_in: ParsedFont,
}

/// What stands in for the font program of the common subset of `weight` until the
/// document is written: TrueType's magic number, so printpdf embeds it as the TrueType program
/// it stands for (`/FontFile2`), then a name no font program starts with.
fn stand_in(weight: Font) -> Vec<u8> {
    let name: &[u8] = match weight {
        Font::Regular => b"regular",
        Font::Bold => b"bold",
    };
    [&b"\x00\x01\x00\x00stepbook: the common subset, "[..], name].concat()
}

impl Common {
    fn new(parsed: &ParsedFont, weight: Font) -> Result<Common, String> {
        let chars = COMMON
            .iter()
            .flat_map(|(first, last)| *first..=*last)
            .collect();
        let mut stand_in = subset(parsed, &chars)?;
        let program = std::mem::replace(&mut stand_in.original_bytes, self::stand_in(weight));
        let deflated = super::compress::deflate(&program);
        Ok(Common {
            hash: super::fnv(&program),
            program,
            deflated,
            stand_in,
        })
    }
}

impl Fonts {
    /// Parses the two font files and makes their common subsets; the error names what is
    /// wrong.
    pub fn parse(regular: &[u8], bold: &[u8]) -> Result<Fonts, String> {
        let (regular, bold) = (parse(regular)?, parse(bold)?);
        Ok(Fonts {
            common_regular: Common::new(&regular, Font::Regular)?,
            common_bold: Common::new(&bold, Font::Bold)?,
            widths: [widths(&regular), widths(&bold)],
            regular,
            bold,
        })
    }

    /// The font of a weight to embed in a checklist drawing `chars`: the common subset if
    /// it holds them all (with a stand-in for its program, which
    /// [`Fonts::use_compressed_programs`] replaces), else a subset of just `chars`.
    pub fn for_checklist(&self, font: Font, chars: &BTreeSet<char>) -> Result<ParsedFont, String> {
        if chars.iter().all(|c| is_common(*c)) {
            Ok(self.common(font).stand_in.clone())
        } else {
            self.subset(font, chars)
        }
    }

    fn common(&self, font: Font) -> &Common {
        match font {
            Font::Regular => &self.common_regular,
            Font::Bold => &self.common_bold,
        }
    }

    /// Puts the font program of a common subset, compressed, in place of its stand-in in
    /// `pdf` (a font program stream is the font's bytes, with `/Length1` their length), so
    /// it is neither copied nor compressed again for every checklist.
    pub fn use_compressed_programs(&self, pdf: &mut lopdf::Document) {
        for object in pdf.objects.values_mut() {
            let lopdf::Object::Stream(stream) = object else {
                continue;
            };
            if !stream.dict.has(b"Length1") || stream.dict.has(b"Filter") {
                continue;
            }
            let Some(common) = [&self.common_regular, &self.common_bold]
                .into_iter()
                .find(|common| common.stand_in.original_bytes == stream.content)
            else {
                continue;
            };
            stream.dict.set("Length1", common.program.len() as i64);
            match &common.deflated {
                Some(deflated) => {
                    stream.dict.set("Filter", "FlateDecode");
                    stream.set_content(deflated.clone());
                }
                None => stream.set_content(common.program.clone()),
            }
        }
    }

    /// The FNV-1a hash of the font program in a font program stream of `content`: that of
    /// the program a stand-in stands for, or of `content` itself.
    pub fn program_hash(&self, content: &[u8]) -> u64 {
        [&self.common_regular, &self.common_bold]
            .into_iter()
            .find(|common| common.stand_in.original_bytes == content)
            .map_or_else(|| super::fnv(content), |common| common.hash)
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
        subset(self.get(font), chars)
    }
}

/// A copy of `parsed` that holds only the glyphs of `chars` (and `.notdef`).
fn subset(parsed: &ParsedFont, chars: &BTreeSet<char>) -> Result<ParsedFont, String> {
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
    let subset_bytes =
        allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
            .map_err(|e| e.to_string())?;
    parse(&subset_bytes)
}

fn parse(bytes: &[u8]) -> Result<ParsedFont, String> {
    let mut warnings = Vec::new();
    ParsedFont::from_bytes(bytes, 0, &mut warnings)
        .ok_or_else(|| "not a TrueType or OpenType font".to_string())
}

/// How many characters the checklists' layout has measured with the real fonts, in debug builds
/// (the tests' builds): `tests/linear.rs` counts the layout's work on a long profile value end to
/// end with it, where re-measuring the rest of a word once per character made 4 000 characters
/// take 18 s. Not counted in release builds, where checklists are laid out on many threads at
/// once and one shared counter would cost more than it tells.
#[cfg(debug_assertions)]
static MEASURED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The characters measured so far ([`MEASURED`]); `None` in release builds.
pub fn characters_measured() -> Option<u64> {
    #[cfg(debug_assertions)]
    return Some(MEASURED.load(std::sync::atomic::Ordering::Relaxed));
    #[cfg(not(debug_assertions))]
    None
}

/// The advance width of `c` in `parsed`, in font units (that of `.notdef` if it has none).
fn advance(parsed: &ParsedFont, c: char) -> u16 {
    let gid = parsed.lookup_glyph_index(c as u32).unwrap_or(0);
    parsed.get_glyph_width(gid).unwrap_or(0)
}

/// The advance widths of the [`COMMON`] characters, by code point below [`TABLE`].
fn widths(parsed: &ParsedFont) -> Vec<Option<u16>> {
    let mut table = vec![None; TABLE];
    for c in COMMON.iter().flat_map(|(first, last)| *first..=*last) {
        table[c as usize] = Some(advance(parsed, c));
    }
    table
}

impl Measure for Fonts {
    fn width(&self, text: &str, font: Font, size: f32) -> f32 {
        #[cfg(debug_assertions)]
        MEASURED.fetch_add(text.len() as u64, std::sync::atomic::Ordering::Relaxed);
        let parsed = self.get(font);
        let table = &self.widths[usize::from(font == Font::Bold)];
        let units: u32 = text
            .chars()
            .map(|c| {
                let known = table.get(c as usize).copied().flatten();
                u32::from(known.unwrap_or_else(|| advance(parsed, c)))
            })
            .sum();
        units as f32 * size / f32::from(parsed.units_per_em.max(1))
    }
}

/// The characters each weight draws, from the laid-out pages. The characters below
/// [`TABLE`] are marked in a bit set first and put in order once: inserting each character of
/// every text into a `BTreeSet` was 0.3 M instructions a checklist.
pub fn used_chars<'a>(
    texts: impl Iterator<Item = (Font, &'a str)>,
) -> BTreeMap<Font, BTreeSet<char>> {
    let mut seen = [[0u64; TABLE / 64]; 2];
    let mut used: BTreeMap<Font, BTreeSet<char>> = BTreeMap::new();
    for (font, text) in texts {
        let bits = &mut seen[usize::from(font == Font::Bold)];
        let set = used.entry(font).or_default();
        for c in text.chars() {
            match bits.get_mut(c as usize / 64) {
                Some(word) => *word |= 1 << (c as usize % 64),
                None => {
                    set.insert(c);
                }
            }
        }
    }
    for (font, set) in &mut used {
        for (at, word) in seen[usize::from(*font == Font::Bold)].iter().enumerate() {
            let mut word = *word;
            while word != 0 {
                let bit = word.trailing_zeros() as usize;
                set.extend(char::from_u32((at * 64 + bit) as u32));
                word &= word - 1;
            }
        }
    }
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn used_chars_are_each_weight_s_characters_in_order() {
        let texts = [
            (Font::Regular, "Zeë b\u{2192}"),
            (Font::Bold, "aa\u{1F600}?"),
            (Font::Regular, "a\u{3042} é"),
        ];
        let used = used_chars(texts.iter().map(|(font, text)| (*font, *text)));
        let expected = |text: &str| text.chars().collect::<BTreeSet<char>>();
        assert_eq!(used[&Font::Regular], expected("Zeë b\u{2192}a\u{3042}é"));
        assert_eq!(used[&Font::Bold], expected("a\u{1F600}?"));
    }
}
