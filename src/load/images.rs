//! The images of language files: each target resolved against its Markdown file, each file read
//! and decoded once, and every image file of `content/` listed (so `check` can name unused ones).

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use image::codecs::jpeg::JpegDecoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{DynamicImage, GenericImage, ImageFormat, ImageReader, Limits, Rgba};
use image::{ExtendedColorType, ImageDecoder};
use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::files::{Files, MAX_FILE_BYTES};
use crate::model::image::EXTENSIONS;
use crate::model::{Image, Images, Library, PdfEncoding, PdfImage, Region, Words};
use crate::source::{Diagnostic, FileId, Problem, Sources};

/// The largest image, in pixels each way; files are limited to [`MAX_FILE_BYTES`] (8 MiB).
pub const MAX_SIDE: u32 = 10_000;

/// The images found while loading content folders, possibly on several threads at once: each
/// file is decoded once per load (a screenshot shown by a thousand procedures too), and what
/// each target resolved to. [`Found::keep`] adds them to the library afterwards.
pub struct Found<'a> {
    /// The images the library had before this load.
    before: &'a BTreeMap<String, Image>,
    /// The images decoded during this load, by path under `content/`.
    used: Mutex<BTreeMap<String, Image>>,
    /// What each target written in a language file resolved to.
    targets: Mutex<BTreeMap<(FileId, String), String>>,
}

impl<'a> Found<'a> {
    /// Nothing found yet, with the images `before` already decoded.
    pub fn new(before: &'a BTreeMap<String, Image>) -> Self {
        Found {
            before,
            used: Mutex::default(),
            targets: Mutex::default(),
        }
    }

    /// Whether the image at `path` is decoded already (before or during this load).
    fn has(&self, path: &str) -> bool {
        self.before.contains_key(path) || lock(&self.used).contains_key(path)
    }

    fn target(&self, key: (FileId, String), path: String) {
        lock(&self.targets).insert(key, path);
    }

    /// What was found, to add to the library once nothing borrows it.
    pub fn done(self) -> Done {
        Done {
            used: self
                .used
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner),
            targets: self
                .targets
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner),
        }
    }
}

/// The images a load found ([`Found::done`]).
pub struct Done {
    used: BTreeMap<String, Image>,
    targets: BTreeMap<(FileId, String), String>,
}

impl Done {
    /// Adds what was found to `images`. The maps are ordered by key, so the result does not
    /// depend on which thread found what first.
    pub fn add_to(self, images: &mut Images) {
        for (path, image) in self.used {
            images.used.entry(path).or_insert(image);
        }
        images.targets.extend(self.targets);
    }
}

/// A lock that a panicking thread left behind still holds whole maps (an insert either
/// happened or did not), so it is used as it is.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Resolves, reads and decodes the images of `words`, a language file in `folder` under
/// `content`, into `found`. Problems are reported at the image in the Markdown file.
pub fn load(
    files: &dyn Files,
    content: &Path,
    folder: &Path,
    words: &Words,
    sources: &Sources,
    found: &Found<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Ok(dir) = folder.strip_prefix(content) else {
        return;
    };
    let dir: Vec<String> = dir
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for image in &words.images {
        let at = || sources.locate(words.file, image.range.clone());
        let path = match resolve(&dir, &image.src) {
            Target::External => continue,
            Target::Outside => {
                let problem = Problem::ImageOutsideContent {
                    src: image.src.clone(),
                };
                diagnostics.push(Diagnostic::error(at(), problem));
                continue;
            }
            Target::Content(path) => path,
        };
        let key = (words.file, image.src.clone());
        if found.has(&path) {
            found.target(key, path);
            continue;
        }
        let file = content.join(&path);
        if !files.exists(&file) {
            let problem = Problem::ImageNotFound {
                src: image.src.clone(),
                path: file.display().to_string(),
            };
            diagnostics.push(Diagnostic::error(at(), problem));
            continue;
        }
        // Two threads may decode the same new file at once; they make the same image, and
        // the first one kept stays.
        match files
            .read(&file)
            .and_then(|bytes| decode(&image.src, &path, bytes, &[], false))
        {
            Ok(decoded) => {
                lock(&found.used).entry(path.clone()).or_insert(decoded);
                found.target(key, path);
            }
            Err(problem) => diagnostics.push(Diagnostic::error(at(), problem)),
        }
    }
}

/// What an image target names.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// A file under `content/`, by its path there.
    Content(String),
    /// A path that leaves `content/`.
    Outside,
    /// A URL, or nothing to publish (checked as a link instead).
    External,
}

/// Resolves `src` against `dir` (the Markdown file's folder under `content/`); `/…` starts at
/// `content/`. `..` may climb up to `content/` and no further.
pub(super) fn resolve(dir: &[String], src: &str) -> Target {
    let path = src.split(['?', '#']).next().unwrap_or_default();
    let scheme = path
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/'));
    if path.is_empty() || scheme || path.starts_with("//") {
        return Target::External;
    }
    let Ok(path) = percent_decode_str(path).decode_utf8() else {
        return Target::Outside;
    };
    if path.contains('\\') {
        return Target::Outside;
    }
    let (mut parts, rest) = match path.strip_prefix('/') {
        Some(rest) => (Vec::new(), rest),
        None => (dir.to_vec(), &*path),
    };
    for part in rest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Target::Outside;
                }
            }
            part => parts.push(part.to_string()),
        }
    }
    Target::Content(parts.join("/"))
}

/// Decodes an image once: its format, size and whether it is whole. With `redact` boxes, the
/// published copy is the decoded pixels with those boxes painted black, encoded again as PNG
/// (the same pixels give the same bytes), and its name is made from those bytes: no pixel under
/// a box reaches the output.
///
/// With `pdf` (a screen's image), the published pixels are also made ready for a PDF image
/// XObject while they are at hand ([`pdf_image`]).
pub(super) fn decode(
    src: &str,
    path: &str,
    bytes: Vec<u8>,
    redact: &[Region],
    pdf: bool,
) -> Result<Image, Problem> {
    let bad = |reason: String| Problem::BadImage {
        src: src.to_string(),
        reason,
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Problem::ImageTooLarge {
            src: src.to_string(),
            size: "more than 8 MiB".into(),
        });
    }
    let format =
        image::guess_format(&bytes).map_err(|_| bad("it is not a PNG or JPEG file".into()))?;
    let mut extension = match format {
        ImageFormat::Png => "png",
        ImageFormat::Jpeg => "jpg",
        other => {
            let kind = other
                .extensions_str()
                .first()
                .copied()
                .unwrap_or("another kind of");
            return Err(bad(format!("it is a {} file", kind.to_uppercase())));
        }
    };
    let reader = || ImageReader::with_format(Cursor::new(&bytes[..]), format);
    let (width, height) = reader()
        .into_dimensions()
        .map_err(|error| bad(error.to_string()))?;
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(Problem::ImageTooLarge {
            src: src.to_string(),
            size: format!("{width} × {height} pixels"),
        });
    }
    let mut reader = reader();
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|error| bad(error.to_string()))?;
    let (published, decoded) = if redact.is_empty() {
        (bytes, decoded)
    } else {
        extension = "png";
        let (png, pixels) = redacted(decoded, redact).map_err(|error| bad(error.to_string()))?;
        (png, pixels)
    };
    let pdf = pdf.then(|| Arc::new(pdf_image(&published, &decoded)));
    let digest = Sha256::digest(&published);
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    Ok(Image {
        path: path.to_string(),
        name: format!("{hash}.{extension}"),
        width,
        height,
        bytes: Arc::new(published),
        redacted: !redact.is_empty(),
        pdf,
    })
}

/// The pixels of `image` with every box painted opaque black (clipped to the image), encoded as
/// PNG with fixed settings (RGB, or RGBA if the image has transparency), and those pixels.
fn redacted(image: DynamicImage, boxes: &[Region]) -> image::ImageResult<(Vec<u8>, DynamicImage)> {
    let mut pixels = if image.color().has_alpha() {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    let (width, height) = (pixels.width(), pixels.height());
    for region in boxes {
        let right = region.x.saturating_add(region.width).min(width);
        let bottom = region.y.saturating_add(region.height).min(height);
        for y in region.y.min(height)..bottom {
            for x in region.x.min(width)..right {
                pixels.put_pixel(x, y, Rgba([0, 0, 0, 255]));
            }
        }
    }
    let mut out = Vec::new();
    let encoder =
        PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive);
    pixels.write_with_encoder(encoder)?;
    Ok((out, pixels))
}

/// The published image as PDF image data: a JPEG as it is; a PNG of 8-bit grey or RGB rows,
/// not interlaced, as its own compressed data (PDF reads PNG row filters); anything else (a
/// transparent or palette PNG) from the decoded pixels, laid on white and deflated.
fn pdf_image(published: &[u8], decoded: &DynamicImage) -> PdfImage {
    let (width, height) = (decoded.width(), decoded.height());
    let colors = if decoded.color().has_color() { 3 } else { 1 };
    let plain = matches!(
        decoded,
        DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_)
    );
    let of = |encoding, data| PdfImage {
        width,
        height,
        colors,
        encoding,
        data: Arc::new(data),
    };
    if plain && image::guess_format(published).ok() == Some(ImageFormat::Jpeg) && !cmyk(published) {
        return of(PdfEncoding::Dct, published.to_vec());
    }
    if plain && let Some(data) = png_rows(published) {
        return of(PdfEncoding::PngFlate, data);
    }
    let rgba = decoded.to_rgba8();
    let mut raw = Vec::with_capacity(rgba.len() / 4 * 3);
    for pixel in rgba.pixels() {
        let [r, g, b, a] = pixel.0;
        let a = u32::from(a);
        // Over white: c·a + 255·(1 − a), in 8 bits.
        let over = |c: u8| ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
        raw.extend([over(r), over(g), over(b)]);
    }
    let mut deflate = ZlibEncoder::new(Vec::new(), Compression::default());
    let data = deflate
        .write_all(&raw)
        .and_then(|()| deflate.finish())
        .unwrap_or_default();
    PdfImage {
        colors: 3,
        ..of(PdfEncoding::Flate, data)
    }
}

/// Whether a JPEG file holds CMYK (which the decoder turns into RGB, but `/DCTDecode` would
/// not): such a file is drawn from its decoded pixels instead.
fn cmyk(jpeg: &[u8]) -> bool {
    JpegDecoder::new(Cursor::new(jpeg)).map_or(true, |decoder| {
        decoder.original_color_type() == ExtendedColorType::Cmyk8
    })
}

/// The concatenated `IDAT` data of a PNG of 8-bit grey or RGB rows that is not interlaced
/// (what PDF's `/FlateDecode` with PNG predictors reads as it is); `None` for any other PNG.
fn png_rows(png: &[u8]) -> Option<Vec<u8>> {
    let mut rest = png.strip_prefix(b"\x89PNG\r\n\x1a\n")?;
    let mut data = Vec::new();
    while rest.len() >= 12 {
        let length = u32::from_be_bytes(rest[..4].try_into().ok()?) as usize;
        let kind = &rest[4..8];
        let body = rest.get(8..8 + length)?;
        match kind {
            // Bit depth 8, colour type 0 (grey) or 2 (RGB), no interlacing.
            b"IHDR"
                if body.len() == 13
                    && (body[8] != 8 || !matches!(body[9], 0 | 2) || body[12] != 0) =>
            {
                return None;
            }
            b"IDAT" => data.extend_from_slice(body),
            b"IEND" => break,
            _ => {}
        }
        rest = rest.get(8 + length + 4..)?;
    }
    (!data.is_empty()).then_some(data)
}

/// Every image file under `content/` (by extension), by path under `content/`. Folders that
/// cannot be listed are left out here: loading the content reports them. The folders are
/// listed in parallel (at 1 000 procedures a serial walk was 20 ms before anything else could
/// start); the set is ordered, so the order they are listed in does not matter.
pub fn list(files: &dyn Files, content: &Path, library: &mut Library) {
    library.images.content = content.to_path_buf();
    library.images.files.extend(walk(files, content, content));
}

/// The image files in `folder` and the folders under it, by path under `content`.
fn walk(files: &dyn Files, content: &Path, folder: &Path) -> Vec<String> {
    let mut ignored = Vec::new();
    let mut found: Vec<String> = super::children(files, folder, false, &mut ignored)
        .into_iter()
        .filter(|file| {
            file.extension().is_some_and(|e| {
                EXTENSIONS.contains(&e.to_string_lossy().to_ascii_lowercase().as_str())
            })
        })
        .filter_map(|file| {
            let relative = file.strip_prefix(content).ok()?;
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            Some(parts.join("/"))
        })
        .collect();
    let folders = super::children(files, folder, true, &mut ignored);
    found.par_extend(
        folders
            .par_iter()
            .flat_map_iter(|folder| walk(files, content, folder)),
    );
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> Vec<String> {
        vec!["procedures".into(), "demo".into()]
    }

    #[test]
    fn targets_resolve_against_the_markdown_file_and_stay_in_content() {
        let content = |p: &str| Target::Content(p.to_string());
        assert_eq!(
            resolve(&dir(), "shot.png"),
            content("procedures/demo/shot.png")
        );
        assert_eq!(
            resolve(&dir(), "./a/b.png"),
            content("procedures/demo/a/b.png")
        );
        assert_eq!(
            resolve(&dir(), "../../screens/x.png"),
            content("screens/x.png")
        );
        assert_eq!(resolve(&dir(), "/screens/x.png"), content("screens/x.png"));
        assert_eq!(
            resolve(&dir(), "my%20shot.png"),
            content("procedures/demo/my shot.png")
        );
        assert_eq!(resolve(&dir(), "../../../x.png"), Target::Outside);
        assert_eq!(resolve(&dir(), "/../x.png"), Target::Outside);
        assert_eq!(resolve(&dir(), "..\\x.png"), Target::Outside);
        assert_eq!(
            resolve(&dir(), "https://example.org/x.png"),
            Target::External
        );
        assert_eq!(resolve(&dir(), "//example.org/x.png"), Target::External);
    }
}
