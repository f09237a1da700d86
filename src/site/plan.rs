//! The site plan: which files a site consists of, and what each is made from.
//!
//! A site is a list of [`Unit`]s. Each unit is one output file with a known path
//! ([`crate::output::paths`]) and known inputs; the driver ([`super::driver`]) makes them, and
//! `serve`'s cache ([`super::cache`]) keys them by those inputs. Adding a kind of file to the
//! site (a screen image, a 404 page) means adding a variant here and its case in the driver;
//! `build`, `check` and `serve` then all know it.

use crate::model::Library;
use crate::output::paths;
use crate::theme::Theme;

/// One file of a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit<'a> {
    /// The site's front door: the source language's index, at the root. Made from the site
    /// settings, the theme and the language's procedure summaries.
    RootIndex,
    /// The index of one language: the same inputs as [`Unit::RootIndex`].
    Index(&'a str),
    /// `404.html`, the page for an address with no file, in the source language: the same
    /// inputs as [`Unit::RootIndex`].
    NotFound,
    /// A procedure's page in one language: made from its view, the language's procedure
    /// summaries (the navigation), the site settings and the theme.
    Page {
        /// The language.
        lang: &'a str,
        /// The procedure id.
        procedure: &'a str,
    },
    /// A procedure's changelog page, if it has a changelog: the same inputs as its page.
    Changelog {
        /// The language.
        lang: &'a str,
        /// The procedure id.
        procedure: &'a str,
    },
    /// A procedure's PDF checklist: made from its view, the site settings, the theme (PDF
    /// settings, checklist template, fonts) and the profile's values.
    Checklist {
        /// The language.
        lang: &'a str,
        /// The procedure id.
        procedure: &'a str,
    },
    /// The checklist's fill script (`<checklist>.pdf.js`, see `render::pdf::fill`): made with
    /// the checklist, from the same inputs.
    ChecklistScript {
        /// The language.
        lang: &'a str,
        /// The procedure id.
        procedure: &'a str,
    },
    /// The offline search index of one language: made from every view of the language.
    SearchIndex(&'a str),
    /// A static file of the theme, copied as it is.
    Asset(&'a str),
    /// An image a language file shows, copied as it is under its content-hashed name.
    Image(&'a str),
    /// `manifest.json`: made from every view and the screen labels (written by `build` only).
    Manifest,
}

impl Unit<'_> {
    /// The unit's path under the output folder.
    pub fn path(&self) -> String {
        match *self {
            Unit::RootIndex => paths::ROOT_INDEX.to_string(),
            Unit::NotFound => paths::NOT_FOUND.to_string(),
            Unit::Index(lang) => paths::index(lang),
            Unit::Page { lang, procedure } => paths::page(lang, procedure),
            Unit::Changelog { lang, procedure } => paths::changelog(lang, procedure),
            Unit::Checklist { lang, procedure } => paths::checklist(lang, procedure),
            Unit::ChecklistScript { lang, procedure } => paths::checklist_script(lang, procedure),
            Unit::SearchIndex(lang) => paths::search_index(lang),
            Unit::Asset(path) => paths::asset(path),
            Unit::Image(name) => paths::image(name),
            Unit::Manifest => crate::site::MANIFEST.to_string(),
        }
    }
}

/// What a build makes besides the pages: the choices of `build --no-pdf` and of `serve`.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// PDF checklists.
    pub checklists: bool,
    /// The build manifest.
    pub manifest: bool,
}

/// The units of one site, in the order the driver makes them.
#[derive(Clone, Copy)]
pub struct Plan<'a> {
    library: &'a Library,
    theme: &'a Theme,
    options: Options,
}

impl<'a> Plan<'a> {
    /// The plan of the site of `library` in `theme`.
    pub fn new(library: &'a Library, theme: &'a Theme, options: Options) -> Self {
        Plan {
            library,
            theme,
            options,
        }
    }

    /// What the site has besides pages.
    pub fn options(&self) -> Options {
        self.options
    }

    /// The site's languages, in the order of their codes (the order files are made in).
    pub fn languages(&self) -> Vec<&'a str> {
        let mut languages: Vec<&'a str> = self
            .library
            .site
            .languages
            .iter()
            .map(String::as_str)
            .collect();
        languages.sort_unstable();
        languages.dedup();
        languages
    }

    /// The index pages of one language: the root index and the 404 page too if it is the
    /// source language.
    pub fn indexes(&self, lang: &'a str) -> Vec<Unit<'a>> {
        let mut units = Vec::with_capacity(3);
        if lang == self.library.source_language() {
            units.push(Unit::RootIndex);
            units.push(Unit::NotFound);
        }
        units.push(Unit::Index(lang));
        units
    }

    /// The files of one procedure in one language: its page, its changelog page if it has a
    /// changelog, and its checklist and the checklist's fill script if the site has checklists.
    pub fn procedure(&self, lang: &'a str, procedure: &'a str, changelog: bool) -> Vec<Unit<'a>> {
        let mut units = vec![Unit::Page { lang, procedure }];
        if changelog {
            units.push(Unit::Changelog { lang, procedure });
        }
        if self.options.checklists {
            units.push(Unit::Checklist { lang, procedure });
            units.push(Unit::ChecklistScript { lang, procedure });
        }
        units
    }

    /// The theme's static files.
    pub fn assets(&self) -> Vec<Unit<'a>> {
        self.theme
            .assets
            .keys()
            .map(|path| Unit::Asset(path.as_str()))
            .collect()
    }

    /// The images the pages show, by published name.
    pub fn images(&self) -> Vec<Unit<'a>> {
        let names: std::collections::BTreeSet<&'a str> = self
            .library
            .images
            .used
            .values()
            .map(|image| image.name.as_str())
            .collect();
        names.into_iter().map(Unit::Image).collect()
    }

    /// Every unit of the site, in the order the driver makes them.
    pub fn units(&self) -> Vec<Unit<'a>> {
        let mut units = Vec::new();
        for lang in self.languages() {
            units.extend(self.indexes(lang));
            for procedure in &self.library.procedures {
                let changelog = !procedure.changelog.is_empty();
                units.extend(self.procedure(lang, &procedure.id, changelog));
            }
            units.push(Unit::SearchIndex(lang));
        }
        units.extend(self.assets());
        units.extend(self.images());
        if self.options.manifest {
            units.push(Unit::Manifest);
        }
        units
    }
}
