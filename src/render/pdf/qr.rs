//! The checklist's QR code: the same modules as `qrcode`'s `QrCode::with_error_correction_level`,
//! made for a fraction of its cost.
//!
//! `qrcode` scores each of the eight mask patterns with the penalty rules of ISO/IEC 18004
//! §7.8.3 and keeps the lowest; its scoring reads every module through a bounds-checked,
//! wrap-around accessor and boxes a closure per window, 3.7 M instructions of a checklist's
//! ~40 M. Here each masked candidate is scored on a flat array of booleans with the same rules
//! and the same tie-break (the first lowest), so the chosen mask, and therefore every module,
//! is the one `qrcode` chooses (a test holds the two equal for many addresses, another decodes
//! the code back from a rendered checklist).

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::types::{Color, QrResult, Version};
use qrcode::{EcLevel, bits, ec};

/// The eight mask patterns of a (non-micro) QR code, in `qrcode`'s order.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The modules of the QR code of `data` (dark = `true`), row by row, and its width.
pub fn modules(data: &[u8], level: EcLevel) -> QrResult<(Vec<bool>, usize)> {
    let bits = bits::encode_auto(data, level)?;
    let version = bits.version();
    let (encoded, ec_data) = ec::construct_codewords(&bits.into_bytes(), version, level)?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &ec_data);
    let width = version.width() as usize;
    if let Version::Micro(_) = version {
        // `encode_auto` makes normal codes only; should that change, let `qrcode` choose.
        let dark = canvas.apply_best_mask().into_colors();
        return Ok((dark.into_iter().map(|c| c == Color::Dark).collect(), width));
    }
    let mut best: Option<(u32, Vec<bool>)> = None;
    for mask in MASKS {
        let mut candidate = canvas.clone();
        candidate.apply_mask(mask);
        let dark: Vec<bool> = candidate
            .into_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect();
        let score = penalty(&dark, width);
        if best.as_ref().is_none_or(|(lowest, _)| score < *lowest) {
            best = Some((score, dark));
        }
    }
    Ok((best.map(|(_, dark)| dark).unwrap_or_default(), width))
}

/// The penalty score of a masked code, as `qrcode` computes it: runs of five or more, 2 × 2
/// blocks, finder-like patterns and the dark share. (`qrcode` subtracts the 720 points of the
/// three real finder patterns, the same for every mask, so they are left in here.)
fn penalty(dark: &[bool], width: usize) -> u32 {
    let row = |i: usize| move |j: usize| dark[i * width + j];
    let column = |i: usize| move |j: usize| dark[j * width + i];
    let mut score = 0u32;
    for i in 0..width {
        score += runs(row(i), width) + runs(column(i), width);
        score += finders(row(i), width) + finders(column(i), width);
    }
    for y in 0..width.saturating_sub(1) {
        for x in 0..width - 1 {
            let at = y * width + x;
            let this = dark[at];
            if dark[at + 1] == this && dark[at + width] == this && dark[at + width + 1] == this {
                score += 3;
            }
        }
    }
    let dark_count = dark.iter().filter(|d| **d).count();
    let ratio = (dark_count * 200 / dark.len().max(1)) as u32;
    score + ratio.abs_diff(100)
}

/// Runs of five or more modules of one colour in a line: length − 2 each.
fn runs(get: impl Fn(usize) -> bool, width: usize) -> u32 {
    let mut score = 0;
    let mut start = 0;
    for j in 1..=width {
        if j == width || get(j) != get(start) {
            let length = (j - start) as u32;
            if length >= 5 {
                score += length - 2;
            }
            start = j;
        }
    }
    score
}

/// Dark-light-dark-dark-dark-light-dark in a line, with four light modules (or the edge) on
/// at least one side: 40 each.
fn finders(get: impl Fn(usize) -> bool, width: usize) -> u32 {
    const PATTERN: [bool; 7] = [true, false, true, true, true, false, true];
    let mut score = 0;
    for j in 0..width.saturating_sub(6) {
        if !(0..7).all(|k| get(j + k) == PATTERN[k]) {
            continue;
        }
        let light_before = (j.saturating_sub(4)..j).all(|k| !get(k));
        let light_after = (j + 7..(j + 11).min(width)).all(|k| !get(k));
        if light_before || light_after {
            score += 40;
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use qrcode::QrCode;

    use super::*;

    /// Addresses of every length a checklist's QR code may carry, so that codes of several
    /// versions (and all eight masks) are made.
    fn addresses() -> Vec<String> {
        let mut all = Vec::new();
        for n in 0..300 {
            let stem: String = (0..n % 97)
                .map(|i| char::from(b'a' + ((i * 7 + n) % 26) as u8))
                .collect();
            all.push(format!(
                "https://intranet.example.be/procedures/{n}/{stem}/nl/"
            ));
        }
        all
    }

    #[test]
    fn the_same_modules_as_qrcode_chooses() {
        let mut masks_seen = std::collections::BTreeSet::new();
        for url in addresses() {
            let theirs = QrCode::with_error_correction_level(&url, EcLevel::M).expect("encodes");
            let (ours, width) = modules(url.as_bytes(), EcLevel::M).expect("encodes");
            assert_eq!(width, theirs.width(), "{url}");
            let theirs: Vec<bool> = theirs
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect();
            assert_eq!(ours, theirs, "{url}");
            // The format information (row 8, columns 0–5) tells the mask that was chosen.
            masks_seen.insert(ours[8 * width..8 * width + 6].to_vec());
        }
        assert!(
            masks_seen.len() >= 6,
            "only {} masks chosen",
            masks_seen.len()
        );
    }

    #[test]
    fn too_long_is_an_error() {
        assert!(modules(&[b'a'; 5000], EcLevel::M).is_err());
    }
}
