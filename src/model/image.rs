//! Images that language files show (`![alt](shot.png)`): each file decoded once when it is
//! loaded, and published once under a name made from its content.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::source::FileId;

/// One image file of `content/`, as it is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Its path under `content/`, with `/` separators (`procedures/demo/shot.png`).
    pub path: String,
    /// Its published file name: the first 16 hex digits of the SHA-256 of its bytes and its
    /// extension (`3f2a…c1.png`), so a replaced screenshot gets a new name and no cache serves the
    /// old one.
    pub name: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The published bytes: the file's, or its redacted copy (see `redacted`).
    pub bytes: Arc<Vec<u8>>,
    /// Whether a screen's redaction boxes were painted over it (then `bytes` is a PNG made at
    /// build time, never the file's own bytes).
    pub redacted: bool,
    /// The published pixels as a PDF image needs them (screens only: the checklist draws
    /// screens, not the images of the text), made when the file is decoded.
    pub pdf: Option<Arc<PdfImage>>,
}

/// An image as the data of a PDF image XObject: 8 bits per component, grey or RGB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Colour components per pixel: 1 (grey) or 3 (RGB).
    pub colors: u8,
    /// How `data` is encoded.
    pub encoding: PdfEncoding,
    /// The stream's bytes.
    pub data: Arc<Vec<u8>>,
}

/// The filter of a [`PdfImage`]'s data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfEncoding {
    /// A JPEG file as it is (`/DCTDecode`).
    Dct,
    /// The zlib data of a PNG's `IDAT` chunks as they are: deflate with PNG row filters
    /// (`/FlateDecode` with `/Predictor 15`).
    PngFlate,
    /// Decoded pixels, deflated (`/FlateDecode`).
    Flate,
}

/// An image as a language file shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageUse {
    /// The target as written (`shot.png`).
    pub src: String,
    /// The alt text.
    pub alt: String,
    /// Where the whole `![alt](src)` is in the file.
    pub range: Range<usize>,
}

/// Every image of the content.
#[derive(Debug, Clone, Default)]
pub struct Images {
    /// The images that language files show, by path under `content/`.
    pub used: BTreeMap<String, Image>,
    /// What each target written in a language file resolved to: (file, target) → path under
    /// `content/`.
    pub targets: BTreeMap<(FileId, String), String>,
    /// Every image file under `content/`, by path under `content/` (to find unused ones).
    pub files: BTreeSet<String>,
    /// The `content/` folder, to name the files.
    pub content: PathBuf,
}

impl Images {
    /// Forgets what the files `left_out` show: the images only they use are no longer `used`,
    /// so a build that leaves drafts out does not publish their images either.
    pub fn leave_out(&mut self, left_out: &BTreeSet<FileId>) {
        self.targets.retain(|(file, _), _| !left_out.contains(file));
        let still: BTreeSet<&str> = self.targets.values().map(String::as_str).collect();
        self.used.retain(|path, _| still.contains(path.as_str()));
    }

    /// The image a target written in `file` stands for, if it resolved.
    pub fn of(&self, file: FileId, src: &str) -> Option<&Image> {
        self.used.get(self.targets.get(&(file, src.to_string()))?)
    }
}

/// The extensions of image files (those `check` looks for when it reports unused ones).
pub const EXTENSIONS: &[&str] = &["png", "jpg", "jpeg"];
