//! Text seen on a screen (lines of words, with their boxes when it was a picture) and how a
//! label's text is looked for in it.
//!
//! Both sides are normalised the same way: split at white space, each word lowercased and
//! stripped of everything but letters and digits (`E-mail` → `email`, `Search…` → `search`).
//! A label is **found** where a run of adjacent words on one line spells the same letters and
//! digits, spaces aside, so a word the OCR split in two (`authori sation`) or two it joined still
//! match. Otherwise the closest run of words on the screen is reported with its similarity
//! (normalised Levenshtein on the normalised words, 1.0 = the same).

use crate::model::Region;

/// One word as seen, with its box on the image (none in an HTML page).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The word as read.
    pub text: String,
    /// Its box, in the evidence image's pixels.
    pub region: Option<Region>,
}

/// Words read as one line (a line of Tesseract's layout, or a block of an HTML page).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Line {
    /// Its words, left to right.
    pub words: Vec<Word>,
}

/// A run of words on one line: `words[start..end]` of `lines[line]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    /// The line.
    pub line: usize,
    /// The first word.
    pub start: usize,
    /// One past the last word.
    pub end: usize,
}

impl Place {
    /// Whether two runs share a word.
    pub fn overlaps(&self, other: &Place) -> bool {
        self.line == other.line && self.start < other.end && other.start < self.end
    }
}

/// A run of words compared with a label's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Where it is.
    pub place: Place,
    /// Its words as read, joined by spaces.
    pub text: String,
    /// 1.0 for the same letters and digits; less, the further apart.
    pub similarity: f64,
    /// The box around its words (if the words have boxes).
    pub region: Option<Region>,
    /// Whether the run is its whole line (a button's or a link's text alone).
    pub whole_line: bool,
}

/// A word as compared: lowercase letters and digits only.
pub fn normalise_word(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A text as compared: its normalised words, the empty ones left out.
pub fn normalise(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(normalise_word)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Every run of words on the screen that could be `label`: the runs that spell it (exact) and,
/// for the closest text, the others, each at most about twice as long as the label.
pub fn candidates(label: &str, lines: &[Line]) -> Vec<Candidate> {
    let wanted = normalise(label);
    let wanted_spaced = wanted.join(" ");
    let wanted_joined: String = wanted.concat();
    let limit = 2 * wanted_joined.chars().count() + 8;
    let mut out = Vec::new();
    if wanted.is_empty() {
        return out;
    }
    for (number, line) in lines.iter().enumerate() {
        let words: Vec<String> = line.words.iter().map(|w| normalise_word(&w.text)).collect();
        for start in 0..words.len() {
            if words[start].is_empty() {
                continue;
            }
            let mut joined = String::new();
            let mut spaced: Vec<&str> = Vec::new();
            for end in start + 1..=words.len() {
                let word = &words[end - 1];
                if word.is_empty() {
                    continue;
                }
                joined.push_str(word);
                spaced.push(word);
                if joined.chars().count() > limit {
                    break;
                }
                let similarity = if joined == wanted_joined {
                    1.0
                } else {
                    strsim::normalized_levenshtein(&spaced.join(" "), &wanted_spaced)
                };
                let run = &line.words[start..end];
                out.push(Candidate {
                    place: Place {
                        line: number,
                        start,
                        end,
                    },
                    text: run
                        .iter()
                        .map(|w| w.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    similarity,
                    region: union(run.iter().filter_map(|w| w.region)),
                    whole_line: start == 0 && end == words.len(),
                });
            }
        }
    }
    out
}

/// The smallest box around `regions`, if there is any.
pub fn union(regions: impl Iterator<Item = Region>) -> Option<Region> {
    regions.fold(None, |acc: Option<Region>, r| {
        Some(match acc {
            None => r,
            Some(a) => {
                let left = a.x.min(r.x);
                let top = a.y.min(r.y);
                let right = (a.x + a.width).max(r.x + r.width);
                let bottom = (a.y + a.height).max(r.y + r.height);
                Region {
                    x: left,
                    y: top,
                    width: right - left,
                    height: bottom - top,
                }
            }
        })
    })
}

/// The places that spell the label, best first: a run that is its whole line (the button's
/// own text) before one inside a longer line (`Search` in `Organisation search`), then the
/// shorter line, then reading order.
pub fn exact(candidates: &[Candidate]) -> Vec<&Candidate> {
    let mut found: Vec<&Candidate> = candidates.iter().filter(|c| c.similarity >= 1.0).collect();
    found.sort_by_key(|c| (!c.whole_line, c.place.end - c.place.start, c.place));
    found
}

/// The closest run of words that is not one of `taken` (the places of labels found), if any
/// text is there at all; among equally close ones, the first in reading order.
pub fn closest<'a>(candidates: &'a [Candidate], taken: &[Place]) -> Option<&'a Candidate> {
    candidates
        .iter()
        .filter(|c| !taken.iter().any(|t| t.overlaps(&c.place)))
        .fold(None, |best: Option<&Candidate>, c| match best {
            Some(b) if b.similarity >= c.similarity => Some(b),
            _ => Some(c),
        })
}

/// How close the screen's text must be for `--fix` to take it as the label renamed.
pub const FIX_THRESHOLD: f64 = 0.8;

/// How much closer the best text must be than any other, elsewhere on the screen, for `--fix`
/// to take it: two texts nearly as close are two guesses, and a person chooses.
pub const FIX_MARGIN: f64 = 0.05;

/// Whether `best` is an unambiguous rename: at least [`FIX_THRESHOLD`] similar, and no other
/// run of words, at another place and with other words, within [`FIX_MARGIN`] of it.
pub fn unambiguous(best: &Candidate, candidates: &[Candidate], taken: &[Place]) -> bool {
    if best.similarity < FIX_THRESHOLD {
        return false;
    }
    !candidates.iter().any(|c| {
        !c.place.overlaps(&best.place)
            && !taken.iter().any(|t| t.overlaps(&c.place))
            && c.similarity + FIX_MARGIN > best.similarity
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line {
        Line {
            words: text
                .split_whitespace()
                .enumerate()
                .map(|(i, w)| Word {
                    text: w.to_string(),
                    region: Some(Region {
                        x: 100 * i as u32,
                        y: 0,
                        width: 80,
                        height: 20,
                    }),
                })
                .collect(),
        }
    }

    #[test]
    fn words_are_compared_without_case_or_punctuation() {
        assert_eq!(normalise("  E-mail   Address: "), ["email", "address"]);
        assert_eq!(normalise("Search …"), ["search"]);
    }

    #[test]
    fn a_label_is_found_across_words_split_or_joined() {
        let lines = [line("Send authori sation request"), line("Cancelrequest")];
        let found = candidates("Send authorisation request", &lines);
        assert_eq!(exact(&found).len(), 1);
        let found = candidates("Cancel request", &lines);
        assert_eq!(exact(&found)[0].place.line, 1);
    }

    #[test]
    fn the_button_alone_wins_over_a_word_in_a_heading() {
        let lines = [line("Organisation search"), line("Search")];
        let found = candidates("Search", &lines);
        let best = exact(&found);
        assert_eq!(best.len(), 2);
        assert_eq!(best[0].place.line, 1);
        assert_eq!(
            best[0].region.map(|r| (r.x, r.width)),
            Some((0, 80)),
            "the box of the button's word"
        );
    }

    #[test]
    fn a_rename_is_reported_with_the_closest_text_and_fixed_only_when_clear() {
        let lines = [line("Operator request"), line("Send authorisation request")];
        let found = candidates("Send authorization Request", &lines);
        assert!(exact(&found).is_empty());
        let best = closest(&found, &[]).expect("a closest text");
        assert_eq!(best.text, "Send authorisation request");
        assert!((best.similarity - 0.96).abs() < 0.01, "{}", best.similarity);
        assert!(unambiguous(best, &found, &[]));
        // The same text twice, at two places: a person chooses.
        let twice = [
            line("Send authorisation request"),
            line("Send authorisation request"),
        ];
        let found = candidates("Send authorization request", &twice);
        let best = closest(&found, &[]).expect("a closest text");
        assert!(!unambiguous(best, &found, &[]));
        // Far away: no fix.
        let found = candidates("Delete", &lines);
        let best = closest(&found, &[]).expect("some text");
        assert!(!unambiguous(best, &found, &[]));
    }

    #[test]
    fn text_taken_by_another_label_is_not_offered() {
        let lines = [line("Advanced search")];
        let found = candidates("Advanced serch", &lines);
        let taken = [Place {
            line: 0,
            start: 0,
            end: 2,
        }];
        assert!(closest(&found, &taken).is_none());
    }
}
