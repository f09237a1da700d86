//! The screens a step shows: for each screen with an image whose labels the step's own words
//! name (title and body, not its sub-steps), the picture with those labels' regions marked.
//!
//! A step shows its screen itself, even when the step before showed the same screen: each step
//! highlights its own labels, and a reader who lands on a step (a link, a search result, a
//! changed step, a printed page) finds the picture there.

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::model::{Image, Library, PdfImage, Region, Target, Words};
use crate::output::paths;
use crate::view::prose::localized;

/// A screen as a step shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ScreenView {
    /// `system:screen`.
    pub id: String,
    /// Its title in the page's language.
    pub title: String,
    /// The published image, relative to a procedure page (`../../images/<hash>.png`).
    pub src: String,
    /// The published file's name (`<hash>.png`), for renderers that embed it.
    pub name: String,
    /// Width of the image in pixels.
    pub width: u32,
    /// Height of the image in pixels.
    pub height: u32,
    /// Alt text: the title and the highlighted labels as on screen.
    pub alt: String,
    /// The highlighted labels, in the order the step names them.
    pub marks: Vec<MarkView>,
    /// The image as PDF image data (the checklist embeds it once, however often it is shown).
    #[serde(skip)]
    pub pdf: Option<Arc<PdfImage>>,
}

/// One highlighted label on a screen.
#[derive(Debug, Clone, Serialize)]
pub struct MarkView {
    /// Its number on the picture (1, 2, …); shown only when the picture has several marks.
    pub number: usize,
    /// The label's text, as on screen.
    pub text: String,
    /// Its box, in image pixels.
    pub region: RegionView,
    /// The box as CSS percentages of the image (`12.5%`): left, top, width, height.
    pub left: String,
    /// See `left`.
    pub top: String,
    /// See `left`.
    pub width: String,
    /// See `left`.
    pub height: String,
}

/// A box in image pixels.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct RegionView {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl From<Region> for RegionView {
    fn from(region: Region) -> Self {
        RegionView {
            x: region.x,
            y: region.y,
            width: region.width,
            height: region.height,
        }
    }
}

/// Whether any screen of the library has an image (the shipped procedure's have none, and its
/// steps then skip looking for screens).
pub fn any(library: &Library) -> bool {
    library
        .labels
        .values()
        .flat_map(|system| system.screens.values())
        .any(|screen| screen.images().next().is_some())
}

/// The screens shown by the words of `words` in `ranges` (a step's title and body), in `lang`.
pub fn of(
    library: &Library,
    words: &Words,
    ranges: &[Range<usize>],
    lang: &str,
) -> Vec<ScreenView> {
    let source = library.source_language();
    let mut screens: Vec<ScreenView> = Vec::new();
    let inside = |range: &Range<usize>| {
        ranges
            .iter()
            .any(|r| r.start <= range.start && range.end <= r.end)
    };
    // Only the references between the first range's start and the last one's end are looked
    // at (a binary search), so the work is the step's, not the whole file's.
    let span = ranges.iter().map(|r| r.start).min().unwrap_or(0)
        ..ranges.iter().map(|r| r.end).max().unwrap_or(0);
    for reference in words
        .references
        .starting_in(span)
        .iter()
        .filter(|r| inside(&r.range))
    {
        let Some(Target::Label { system, id }) = &reference.target else {
            continue;
        };
        let Some((registry, label)) = library.label(system, id) else {
            continue;
        };
        let (Some(screen_id), Some(region)) = (&label.screen, &label.region) else {
            continue;
        };
        let Some(screen) = registry.screens.get(screen_id.as_str()) else {
            continue;
        };
        let Some(image) = screen
            .image_in(lang)
            .and_then(|src| library.images.of(registry.file, src))
        else {
            continue;
        };
        if !region.fits(image.width, image.height) {
            continue;
        }
        let key = format!("{system}:{}", screen_id.value);
        let at = match screens.iter().position(|s| s.id == key) {
            Some(at) => at,
            None => {
                screens.push(view(&key, localized(&screen.title, lang, source), image));
                screens.len() - 1
            }
        };
        let figure = &mut screens[at];
        if figure
            .marks
            .iter()
            .any(|m| m.text == label.text && m.region == region.value.into())
        {
            continue;
        }
        figure.marks.push(mark(
            figure.marks.len() + 1,
            &label.text,
            region.value,
            image,
        ));
    }
    for screen in &mut screens {
        let texts: Vec<&str> = screen.marks.iter().map(|m| m.text.as_str()).collect();
        screen.alt = format!("{}: {}", screen.title, texts.join(", "));
    }
    screens
}

fn view(id: &str, title: &str, image: &Image) -> ScreenView {
    let root = paths::root_from(&paths::page("lang", "procedure"));
    ScreenView {
        id: id.to_string(),
        title: title.to_string(),
        src: format!("{root}{}", paths::image(&image.name)),
        name: image.name.clone(),
        width: image.width,
        height: image.height,
        alt: String::new(),
        marks: Vec::new(),
        pdf: image.pdf.clone(),
    }
}

fn mark(number: usize, text: &str, region: Region, image: &Image) -> MarkView {
    let percent =
        |part: u32, whole: u32| format!("{:.3}%", f64::from(part) * 100.0 / f64::from(whole));
    MarkView {
        number,
        text: text.to_string(),
        region: region.into(),
        left: percent(region.x, image.width),
        top: percent(region.y, image.height),
        width: percent(region.width, image.width),
        height: percent(region.height, image.height),
    }
}
