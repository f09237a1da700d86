//! Text on a screenshot, read by Tesseract through its command line.
//!
//! The CLI, not a binding crate: a binding would make libtesseract (and leptonica, and a C++
//! toolchain) a build dependency of every `stepbook`, whose `build` and `check` must not need
//! it; through the CLI, Tesseract is an optional tool of one command, found at run time
//! (`STEPBOOK_TESSERACT`, else `tesseract` on the `PATH`).
//!
//! Screenshots are hard for Tesseract, measured on the mock screens of `tests/fixtures/verify/`
//! (figures in docs/verify.md): screen text is small (13–16 px), often light on dark (buttons,
//! dark themes), and sits in boxes (buttons, fields), which the "sparse text" mode (`--psm 11`)
//! skips: it missed 3 of 9 labels. So each image is turned grey, enlarged three times and read
//! with automatic page segmentation (`--psm 3`): every label found, at 100 % and 150 %. A
//! second reading of the inverted image found nothing more on that set, so there is none.
//! Boxes are given back in the source image's pixels.

use std::io::Write;
use std::process::{Command, Stdio};

use image::{DynamicImage, GrayImage, imageops::FilterType};

use super::text::{Line, Word};
use crate::model::Region;

/// How many times the image is enlarged before it is read.
pub const SCALE: u32 = 3;

/// A gap between two words wider than this many half word heights splits their line.
pub const GAP: u32 = 3;

/// The variable naming the Tesseract program.
pub const TESSERACT_VAR: &str = "STEPBOOK_TESSERACT";

/// Why an image could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OcrError {
    /// Tesseract is not there: what to install.
    Missing(String),
    /// Tesseract ran and failed.
    Failed(String),
}

/// The Tesseract program to run.
fn program() -> String {
    std::env::var(TESSERACT_VAR).unwrap_or_else(|_| "tesseract".to_string())
}

/// Whether Tesseract can be run, and if not, what to do about it.
pub fn available() -> Result<(), OcrError> {
    let program = program();
    match Command::new(&program).arg("--version").output() {
        Ok(output) if output.status.success() => Ok(()),
        _ => Err(OcrError::Missing(format!(
            "Tesseract (`{program}`) is needed to read screenshots: install it (Debian and Ubuntu: \
             `apt install tesseract-ocr tesseract-ocr-eng`; macOS: `brew install tesseract`), or \
             name it with {TESSERACT_VAR}; saved HTML pages need no Tesseract, and `build` and \
             `check` never do"
        ))),
    }
}

/// The lines of text on `image`, with boxes in its pixels.
pub fn read(image: &DynamicImage) -> Result<Vec<Line>, OcrError> {
    tesseract(&prepare(image), "3")
}

/// The text of a small part of a screenshot (a label's recorded region), read as one block
/// (`--psm 6`): a button that the whole screen's layout analysis takes for a picture is read
/// when it is alone.
pub fn read_block(image: &DynamicImage) -> Result<Vec<Line>, OcrError> {
    tesseract(&prepare(image), "6")
}

/// Greyscale, then [`SCALE`] times larger (Catmull-Rom keeps the strokes' edges).
pub fn prepare(image: &DynamicImage) -> GrayImage {
    let grey = image.to_luma8();
    let (width, height) = grey.dimensions();
    image::imageops::resize(
        &grey,
        width.saturating_mul(SCALE),
        height.saturating_mul(SCALE),
        FilterType::CatmullRom,
    )
}

/// One reading: the PNG of `image` on Tesseract's stdin, its TSV on stdout.
fn tesseract(image: &GrayImage, psm: &str) -> Result<Vec<Line>, OcrError> {
    let mut png = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| OcrError::Failed(format!("cannot encode the image for Tesseract: {e}")))?;
    let program = program();
    // Automatic page segmentation (mode 3): mode 11, "sparse text", skips text inside boxes
    // (buttons). One thread per image: `verify` reads several images side by side.
    let mut child = Command::new(&program)
        .args(["stdin", "stdout", "-l", "eng", "--psm", psm, "tsv"])
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|_| match available() {
            Err(missing) => missing,
            Ok(()) => OcrError::Failed(format!("cannot start `{program}`")),
        })?;
    // Written from another thread, so a large image cannot dead-lock against a full stdout.
    let stdin = child.stdin.take();
    let writer = std::thread::spawn(move || stdin.map(|mut s| s.write_all(&png)));
    let output = child
        .wait_with_output()
        .map_err(|e| OcrError::Failed(format!("`{program}` did not finish: {e}")))?;
    let _ = writer.join();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(OcrError::Failed(format!(
            "`{program}` failed ({}): {}",
            output.status,
            stderr.trim()
        )));
    }
    Ok(parse_tsv(&String::from_utf8_lossy(&output.stdout)))
}

/// Tesseract's TSV (level, page, block, paragraph, line, word, left, top, width, height,
/// confidence, text) → lines of words, boxes divided back by [`SCALE`].
pub fn parse_tsv(tsv: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut current: Option<(u32, u32, u32, u32)> = None;
    for row in tsv.lines().skip(1) {
        let cells: Vec<&str> = row.split('\t').collect();
        let [
            level,
            page,
            block,
            par,
            line,
            _,
            left,
            top,
            width,
            height,
            confidence,
            text,
        ] = cells[..]
        else {
            continue;
        };
        let number = |s: &str| s.trim().parse::<u32>().ok();
        let (Some(5), Some(page), Some(block), Some(par), Some(line)) = (
            number(level),
            number(page),
            number(block),
            number(par),
            number(line),
        ) else {
            continue;
        };
        let text = text.trim();
        // Confidence -1 marks a box without text; very low confidence is noise (edges, icons).
        let confident = confidence.trim().parse::<f32>().is_ok_and(|c| c >= 10.0);
        if text.is_empty() || !confident {
            continue;
        }
        let (Some(left), Some(top), Some(width), Some(height)) =
            (number(left), number(top), number(width), number(height))
        else {
            continue;
        };
        let key = (page, block, par, line);
        // A wide gap splits a line: two controls side by side (a field's text and the button
        // after it) are two phrases, so a button's text stands alone as it does on screen.
        let gap = lines
            .last()
            .and_then(|l| l.words.last())
            .and_then(|w| w.region)
            .is_some_and(|prev| {
                let prev_right = (prev.x + prev.width) * SCALE;
                let tall = (prev.height * SCALE).max(height);
                left > prev_right && left - prev_right > GAP * tall / 2
            });
        if current != Some(key) || gap {
            lines.push(Line::default());
            current = Some(key);
        }
        let unscale = |v: u32| v / SCALE;
        let unscale_up = |v: u32| v.div_ceil(SCALE);
        let region = Region {
            x: unscale(left),
            y: unscale(top),
            width: unscale_up(left + width) - unscale(left),
            height: unscale_up(top + height) - unscale(top),
        };
        if let Some(last) = lines.last_mut() {
            last.words.push(Word {
                text: text.to_string(),
                region: Some(region),
            });
        }
    }
    lines
}

/// The area two boxes share, in pixels.
pub fn overlap(a: &Region, b: &Region) -> u64 {
    let left = a.x.max(b.x);
    let top = a.y.max(b.y);
    let right = (a.x + a.width).min(b.x + b.width);
    let bottom = (a.y + a.height).min(b.y + b.height);
    if right <= left || bottom <= top {
        return 0;
    }
    u64::from(right - left) * u64::from(bottom - top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_rows_become_lines_in_source_pixels() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            1\t1\t0\t0\t0\t0\t0\t0\t300\t300\t-1\t\n\
            5\t1\t1\t1\t1\t1\t30\t60\t90\t30\t96.5\tSend\n\
            5\t1\t1\t1\t1\t2\t130\t60\t200\t31\t95.0\trequest\n\
            5\t1\t2\t1\t1\t1\t30\t150\t60\t30\t3.0\t~\n\
            5\t1\t3\t1\t1\t1\t31\t300\t60\t30\t91.0\tBack\n";
        let lines = parse_tsv(tsv);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].words.len(), 2);
        assert_eq!(
            lines[0].words[1].region,
            Some(Region {
                x: 43,
                y: 20,
                width: 67,
                height: 11
            })
        );
        assert_eq!(lines[1].words[0].text, "Back");
        assert_eq!(lines[1].words[0].region.map(|r| r.x), Some(10));
    }
}
