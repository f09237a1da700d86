//! Where the evidence of a screen is, what it shows and when it was captured.
//!
//! A screen's evidence is, in this order:
//! 1. a file named on the command line (`--evidence FILE`; its screen is `--screen`, else the
//!    file's name up to its first `.` or `@`: `operator-search@2x.png` is `operator-search`);
//! 2. `evidence/<system>/<screen>.png` (or `.jpg`, `.jpeg`, `.html`, `.htm`, the first found) in
//!    the project folder: beside `content/`, never published, and never an unused image to
//!    `check`. A screenshot of a signed-in session shows personal data: keep the folder out of
//!    a public repository if it does (`.gitignore`);
//! 3. the screen's own `image` in the label file: the screenshot readers see is evidence too, so
//!    replacing it with a fresh capture and running `verify` is enough.
//!
//! The capture date is `--date`, else the date the file records (a PNG's `tIME` chunk, a JPEG's
//! EXIF `DateTimeOriginal`/`DateTime`), else today. Not the file's modification time: a clone or
//! a checkout sets that to the day of the checkout, not of the capture.

use std::path::{Path, PathBuf};

use image::DynamicImage;
use time::{Date, Month};

use crate::model::{LabelSystem, Library};
use crate::source::{Diagnostic, Location, Problem};

/// The evidence folder, in the project folder.
pub const FOLDER: &str = "evidence";

/// The file endings looked for in [`FOLDER`], in order.
pub const EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "html", "htm"];

/// The largest evidence file read (as for content images).
pub const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// The largest side of an evidence image, in pixels.
pub const MAX_SIDE: u32 = 10_000;

/// The evidence of one screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The label system (the label file's name).
    pub system: String,
    /// The screen's id.
    pub screen: String,
    /// The file.
    pub path: PathBuf,
    /// Whether it is the screen's own `image` (its regions need no scaling).
    pub own_image: bool,
}

impl Evidence {
    /// Whether the file is a saved HTML page (by its name).
    pub fn is_html(&self) -> bool {
        extension(&self.path).is_some_and(|e| e == "html" || e == "htm")
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Which screens to look at, and any files given for them.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `--system`.
    pub system: Option<String>,
    /// `--screen`.
    pub screen: Option<String>,
    /// `--evidence`.
    pub files: Vec<PathBuf>,
}

/// The screens selected, `(system, screen)`, in file and id order.
pub fn screens<'a>(library: &'a Library, selection: &Selection) -> Vec<(&'a LabelSystem, String)> {
    library
        .labels
        .values()
        .filter(|s| selection.system.as_ref().is_none_or(|id| *id == s.id))
        .flat_map(|system| {
            system
                .screens
                .keys()
                .filter(|id| selection.screen.as_ref().is_none_or(|s| s == *id))
                .map(move |id| (system, id.clone()))
        })
        .collect()
}

/// The screen a file given with `--evidence` is of, or why it cannot be told.
pub fn screen_of_file(
    file: &Path,
    selected: &[(&LabelSystem, String)],
    selection: &Selection,
) -> Result<(String, String), String> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = selection.screen.clone().unwrap_or_else(|| {
        name.split(['.', '@'])
            .next()
            .unwrap_or_default()
            .to_string()
    });
    let matching: Vec<_> = selected.iter().filter(|(_, id)| *id == stem).collect();
    match matching.as_slice() {
        [(system, id)] => Ok((system.id.clone(), id.clone())),
        [] => Err(format!(
            "`{}`: no screen `{stem}`{}: name the file after its screen (`<screen>.png`) or give `--screen ID`",
            file.display(),
            selection
                .system
                .as_ref()
                .map(|s| format!(" in `{s}`"))
                .unwrap_or_default()
        )),
        _ => Err(format!(
            "`{}`: several systems have a screen `{stem}`: give `--system ID`",
            file.display()
        )),
    }
}

/// The evidence found in the project for a screen: [`FOLDER`], else its own image.
pub fn in_project(
    root: &Path,
    library: &Library,
    system: &LabelSystem,
    screen: &str,
) -> Option<Evidence> {
    let folder = root.join(FOLDER).join(&system.id);
    for ending in EXTENSIONS {
        let path = folder.join(format!("{screen}.{ending}"));
        if path.is_file() {
            return Some(Evidence {
                system: system.id.clone(),
                screen: screen.to_string(),
                path,
                own_image: false,
            });
        }
    }
    let image = system.screens.get(screen)?.image.as_ref()?;
    let under_content = library
        .images
        .targets
        .get(&(system.file, image.value.clone()))?;
    Some(Evidence {
        system: system.id.clone(),
        screen: screen.to_string(),
        path: library.images.content.join(under_content),
        own_image: true,
    })
}

/// What an evidence file holds.
pub enum Content {
    /// A screenshot, decoded.
    Image(DynamicImage),
    /// A saved page's text.
    Html(String),
}

/// Reads an evidence file: a positioned error (at the file) if it is missing, too large or not
/// a PNG, JPEG or HTML file. Returns the content and the capture date recorded in it.
pub fn read(evidence: &Evidence) -> Result<(Content, Option<Date>), Box<Diagnostic>> {
    let path = &evidence.path;
    let shown = super::show(path);
    let problem = |reason: String| {
        Box::new(Diagnostic::error(
            Location::file(Path::new(&shown)),
            Problem::BadEvidence {
                path: shown.clone(),
                reason,
            },
        ))
    };
    let size = std::fs::metadata(path)
        .map_err(|e| problem(e.to_string()))?
        .len();
    if size > MAX_BYTES {
        return Err(problem(format!(
            "{size} bytes, over the limit of 8 MiB: save the screenshot smaller or as JPEG"
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| problem(e.to_string()))?;
    if evidence.is_html() {
        let text = String::from_utf8(bytes)
            .map_err(|_| problem("not UTF-8 text: save the page as UTF-8".into()))?;
        let depth = super::html::depth(&text);
        if depth > super::html::MAX_DEPTH {
            return Err(problem(format!(
                "elements nested {depth} deep, over the limit of {}: not a page as a browser \
                 saves it",
                super::html::MAX_DEPTH
            )));
        }
        return Ok((Content::Html(text), None));
    }
    let format = image::guess_format(&bytes)
        .ok()
        .filter(|f| matches!(f, image::ImageFormat::Png | image::ImageFormat::Jpeg))
        .ok_or_else(|| {
            problem("not a PNG or JPEG image (or a saved page ending in .html)".into())
        })?;
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(&bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    reader.limits(limits);
    let decoded = reader
        .decode()
        .map_err(|e| problem(format!("not a readable PNG or JPEG image: {e}")))?;
    let date = match format {
        image::ImageFormat::Png => png_time(&bytes),
        _ => exif_date(&bytes),
    };
    Ok((Content::Image(decoded), date))
}

/// The date of a PNG's `tIME` chunk (when the image was last changed, written by many capture
/// tools), if it has one.
pub fn png_time(bytes: &[u8]) -> Option<Date> {
    let mut at = 8;
    while at + 8 <= bytes.len() {
        let length = u32::from_be_bytes(bytes[at..at + 4].try_into().ok()?) as usize;
        let kind = &bytes[at + 4..at + 8];
        let data = bytes.get(at + 8..at + 8 + length)?;
        if kind == b"tIME" && data.len() >= 4 {
            let year = i32::from(u16::from_be_bytes([data[0], data[1]]));
            let month = Month::try_from(data[2]).ok()?;
            return Date::from_calendar_date(year, month, data[3]).ok();
        }
        if kind == b"IDAT" || kind == b"IEND" {
            // Capture tools write tIME before the pixels; none after is looked for.
            return None;
        }
        at = at.checked_add(12 + length)?;
    }
    None
}

/// The first `YYYY:MM:DD HH:MM:SS` date of a JPEG's EXIF segment (`DateTimeOriginal` or
/// `DateTime`, which cameras and capture tools write as such text).
pub fn exif_date(bytes: &[u8]) -> Option<Date> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let start = head.windows(6).position(|w| w == b"Exif\0\0")?;
    head[start..].windows(19).find_map(|w| {
        let text = std::str::from_utf8(w).ok()?;
        let shape = text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b':',
            10 => b == b' ',
            13 | 16 => b == b':',
            _ => b.is_ascii_digit(),
        });
        if !shape {
            return None;
        }
        crate::model::date::parse(&text[..10].replace(':', "-"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_tells_its_time_chunk() {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut c = (data.len() as u32).to_be_bytes().to_vec();
            c.extend_from_slice(kind);
            c.extend_from_slice(data);
            c.extend_from_slice(&[0; 4]);
            c
        };
        png.extend(chunk(b"IHDR", &[0; 13]));
        png.extend(chunk(b"tIME", &[0x07, 0xea, 11, 30, 9, 15, 0]));
        png.extend(chunk(b"IDAT", &[]));
        assert_eq!(
            png_time(&png).map(|d| d.to_string()).as_deref(),
            Some("2026-11-30")
        );
        assert_eq!(png_time(&png[..20]), None);
        assert_eq!(png_time(b"\x89PNG\r\n\x1a\n\xff\xff\xff\xff"), None);
    }

    #[test]
    fn a_jpeg_tells_its_exif_date() {
        let mut jpeg = b"\xff\xd8\xff\xe1\x00\x40Exif\0\0MM\0*".to_vec();
        jpeg.extend_from_slice(b"\0\0\x002026:11:28 14:03:11\0");
        assert_eq!(
            exif_date(&jpeg).map(|d| d.to_string()).as_deref(),
            Some("2026-11-28")
        );
        assert_eq!(exif_date(b"\xff\xd8 2026:11:28 14:03:11"), None);
    }
}
