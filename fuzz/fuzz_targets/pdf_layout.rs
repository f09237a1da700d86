//! Markdown → PDF text layout: the input is the words of one step of a small valid project;
//! the checklist words come from the theme's template and are laid out on pages with the
//! theme's real fonts. Never a panic, never an endless loop, every text inside the page.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use stepbook::render::pdf::{self, fonts::Fonts, layout};
use stepbook_fuzz::{THEME, VALID, library};

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let theme = &*THEME;
    Fonts::parse(
        &theme.fonts[&theme.pdf.fonts.regular],
        &theme.fonts[&theme.pdf.fonts.bold],
    )
    .expect("built-in fonts")
});

fuzz_target!(|words: &str| {
    LazyLock::force(&VALID);
    let Some(library) = library(words) else {
        return;
    };
    let (theme, fonts) = (&*THEME, &*FONTS);
    let frame = layout::Frame::new(&theme.pdf);
    for view in stepbook::view::all(&library).values().flatten() {
        let Ok(checklist) = pdf::words(&library, view, theme) else {
            continue;
        };
        let pages = layout::layout(&checklist, view, &Default::default(), &frame, fonts);
        assert!(!pages.is_empty());
    }
});
