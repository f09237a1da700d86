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
/// three real finder patterns, the same for every mask, so they are left in here.) Codes up to
/// 64 modules wide (versions 1–11; a checklist's address needs 3 or 4) are scored on their
/// rows and columns as bits ([`penalty_bits`]), others module by module.
fn penalty(dark: &[bool], width: usize) -> u32 {
    if width <= 64 {
        penalty_bits(dark, width)
    } else {
        penalty_modules(dark, width)
    }
}

/// [`penalty`] on each row and column as a 64-bit word (bit `j` = module `j`, dark = 1, the
/// bits past the edge light): the finder-like patterns and the 2 × 2 blocks of a line in a
/// few word operations, runs by their ends. Half the instructions of a checklist's QR code
/// went into scoring module by module.
fn penalty_bits(dark: &[bool], width: usize) -> u32 {
    let mut rows = [0u64; 64];
    let mut columns = [0u64; 64];
    for (i, line) in dark.chunks_exact(width).enumerate() {
        for (j, &module) in line.iter().enumerate() {
            rows[i] |= u64::from(module) << j;
            columns[j] |= u64::from(module) << i;
        }
    }
    let (rows, columns) = (&rows[..width], &columns[..width]);
    let mut score = 0u32;
    for &line in rows.iter().chain(columns) {
        score += runs_bits(line, width) + 40 * finders_bits(line);
    }
    // Bits 0..width-1: the blocks' left columns.
    let inside = (1u64 << (width - 1)) - 1;
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let same = !(a ^ (a >> 1)) & !(a ^ b) & !(b ^ (b >> 1)) & inside;
        score += 3 * same.count_ones();
    }
    let dark_count: u32 = rows.iter().map(|row| row.count_ones()).sum();
    let ratio = dark_count as usize * 200 / dark.len().max(1);
    score + (ratio as u32).abs_diff(100)
}

/// Runs of five or more modules of one colour in a line of `width` bits: length − 2 each.
fn runs_bits(line: u64, width: usize) -> u32 {
    let mut score = 0;
    let mut start = 0;
    while start < width {
        // The next module of the other colour (past the edge: light, or the edge itself).
        let other = if (line >> start) & 1 == 1 {
            !line
        } else {
            line
        };
        let end = (start + (other >> start).trailing_zeros() as usize).min(width);
        let length = (end - start) as u32;
        if length >= 5 {
            score += length - 2;
        }
        start = end;
    }
    score
}

/// How many dark-light-dark-dark-dark-light-dark patterns a line has with four light modules
/// (or the edge) on at least one side.
fn finders_bits(line: u64) -> u32 {
    const PATTERN: [bool; 7] = [true, false, true, true, true, false, true];
    // Bit j: the pattern starts at module j.
    let mut found = u64::MAX;
    for (k, dark) in PATTERN.iter().enumerate() {
        let shifted = line >> k;
        found &= if *dark { shifted } else { !shifted };
    }
    let dark_before = (line << 1) | (line << 2) | (line << 3) | (line << 4);
    let dark_after = (line >> 7) | (line >> 8) | (line >> 9) | (line >> 10);
    (found & (!dark_before | !dark_after)).count_ones()
}

/// [`penalty`], module by module.
fn penalty_modules(dark: &[bool], width: usize) -> u32 {
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
    fn scoring_by_bits_is_scoring_by_modules() {
        // Pseudo-random codes of every width up to 64, some with long runs and finder-like
        // patterns planted.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for width in 1..=64 {
            for round in 0..20 {
                let mut dark: Vec<bool> = (0..width * width).map(|_| next() % 3 == 0).collect();
                if round % 2 == 1 && width >= 11 {
                    let row = (next() as usize % width) * width;
                    let at = next() as usize % (width - 10);
                    let planted = [0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1];
                    for (k, bit) in planted.iter().enumerate() {
                        dark[row + at + k] = *bit == 1;
                    }
                }
                if round % 3 == 2 {
                    dark.iter_mut().take(width * 2).for_each(|d| *d = true);
                }
                assert_eq!(
                    penalty_bits(&dark, width),
                    penalty_modules(&dark, width),
                    "width {width}, round {round}"
                );
            }
        }
    }

    #[test]
    fn too_long_is_an_error() {
        assert!(modules(&[b'a'; 5000], EcLevel::M).is_err());
    }
}
