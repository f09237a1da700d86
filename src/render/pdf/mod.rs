//! The printable checklist: one PDF per procedure and language, with fill-in fields.
//!
//! template (the theme's words and block order, rendered by Tera to YAML) → [`layout`] (a pure
//! function to positioned items on pages) → [`draw`] (printpdf: text in subset fonts, lines,
//! links, QR code) → [`fields`] (lopdf: AcroForm text fields and checkboxes with appearance
//! streams) → bytes. Nothing here touches the disk.

pub mod compress;
pub mod content;
pub mod draw;
pub mod fields;
pub mod fill;
pub mod fonts;
pub mod layout;
pub mod qr;
pub mod screens;
pub mod tags;
pub mod template;
pub mod write;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::model::Library;
use crate::output::{OutputFile, paths};
use crate::source::Problem;
use crate::source::{Diagnostic, Location, SourceFile};
use crate::theme::Theme;
use crate::view::ProcedureView;
use fonts::Fonts;
use layout::{Font, Frame, Item};
use template::Checklist;

/// Field values to pre-fill, by field id (empty for blank checklists).
pub type Values = BTreeMap<String, String>;

/// What every checklist of a build shares: the fonts are parsed and subset to the common
/// characters once (see [`fonts::COMMON`]), and `serve` keeps them from one rebuild to the next.
pub struct Checklists<'a> {
    library: &'a Library,
    theme: &'a Theme,
    values: &'a Values,
    fonts: Arc<Fonts>,
}

impl<'a> Checklists<'a> {
    /// Parses the theme's fonts; the error names the font that is missing or broken.
    pub fn new(
        library: &'a Library,
        theme: &'a Theme,
        values: &'a Values,
    ) -> Result<Self, Diagnostic> {
        Ok(Checklists::with_fonts(
            library,
            theme,
            values,
            Arc::new(load_fonts(theme)?),
        ))
    }

    /// With the fonts [`load_fonts`] made earlier from the same theme.
    pub fn with_fonts(
        library: &'a Library,
        theme: &'a Theme,
        values: &'a Values,
        fonts: Arc<Fonts>,
    ) -> Self {
        Checklists {
            library,
            theme,
            values,
            fonts,
        }
    }

    /// The checklist of one procedure in one language.
    pub fn checklist(&self, view: &ProcedureView) -> Result<OutputFile, Diagnostic> {
        let made = checklist(
            self.library,
            view,
            self.theme,
            &self.fonts,
            self.values,
            false,
        );
        made.map(|(bytes, _)| OutputFile::new(paths::checklist(&view.lang, &view.id), bytes))
    }

    /// The checklist of one procedure in one language and its fill script (see [`fill`]).
    pub fn files(&self, view: &ProcedureView) -> Result<(OutputFile, OutputFile), Diagnostic> {
        let (bytes, script) = checklist(
            self.library,
            view,
            self.theme,
            &self.fonts,
            self.values,
            true,
        )?;
        let script = OutputFile::new(
            paths::checklist_script(&view.lang, &view.id),
            script.unwrap_or_default(),
        );
        Ok((
            OutputFile::new(paths::checklist(&view.lang, &view.id), bytes),
            script,
        ))
    }
}

fn font_location(name: &str) -> Location {
    Location::file(&Path::new("themes/default/fonts").join(name))
}

/// The theme's fonts, parsed, with their common subsets; the error names the font that is
/// missing or broken.
pub fn load_fonts(theme: &Theme) -> Result<Fonts, Diagnostic> {
    let files = &theme.pdf.fonts;
    let get = |name: &str| {
        theme.fonts.get(name).ok_or_else(|| {
            Diagnostic::error(
                font_location(name),
                Problem::Missing {
                    what: format!("font `fonts/{name}` named in the theme's `pdf.fonts`"),
                },
            )
        })
    };
    let (regular, bold) = (get(&files.regular)?, get(&files.bold)?);
    Fonts::parse(regular, bold).map_err(|message| {
        Diagnostic::error(font_location(&files.regular), Problem::Pdf { message })
    })
}

/// The words and blocks of one checklist, from the theme's template.
pub fn words(
    library: &Library,
    view: &ProcedureView,
    theme: &Theme,
) -> Result<Checklist, Diagnostic> {
    let site = &library.site;
    let page_url = site
        .base_url
        .as_deref()
        .map(|base| paths::page_url(base, &view.lang, &view.id));
    let mut context = super::base_context(library, theme, &view.lang);
    context.insert("procedure", view);
    context.insert("page_url", &page_url);
    context.insert("pdf_name", &paths::checklist_file(&view.lang, &view.id));
    let template = &theme.pdf.template;
    let yaml = theme.render(template, &context)?;
    // The rendered text is kept as a source so a shape error points at its line.
    let rendered = SourceFile::new(format!("{template} (rendered for `{}`)", view.lang), yaml);
    crate::source::yaml::parse(&rendered, 0, rendered.text.len())
}

fn checklist(
    library: &Library,
    view: &ProcedureView,
    theme: &Theme,
    fonts: &Fonts,
    values: &Values,
    with_script: bool,
) -> Result<(Vec<u8>, Option<Vec<u8>>), Diagnostic> {
    let checklist = words(library, view, theme)?;
    let settings = &theme.pdf;
    let frame = Frame::new(settings);
    let pages = layout::layout(&checklist, view, values, &frame, fonts);
    let failed = |message: String| {
        Diagnostic::error(
            Location::file(Path::new(&paths::checklist(&view.lang, &view.id))),
            Problem::Pdf { message },
        )
    };
    let used = fonts::used_chars(pages.iter().flat_map(|page| {
        page.items.iter().filter_map(|item| match item {
            Item::Text { font, text, .. } => Some((*font, text.as_str())),
            _ => None,
        })
    }));
    let empty = Default::default();
    let regular = fonts
        .for_checklist(Font::Regular, used.get(&Font::Regular).unwrap_or(&empty))
        .map_err(failed)?;
    let bold = fonts
        .for_checklist(Font::Bold, used.get(&Font::Bold).unwrap_or(&empty))
        .map_err(failed)?;
    let tree = tags::build(&pages);
    let (doc, contents) = draw::document(
        &view.title,
        &pages,
        &tree.marks,
        (frame.width, frame.height),
        &settings.colours,
        regular,
        bold,
    );
    let mut warnings = Vec::new();
    let options = printpdf::PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    draw::set_contents(&mut pdf, contents).map_err(failed)?;
    let look = fields::Look {
        border: settings.colours.rule,
        size: settings.sizes.field,
        page_height: frame.height,
    };
    let annots = fields::add(&mut pdf, &pages, &look).map_err(|e| failed(e.to_string()))?;
    let page_ids: Vec<lopdf::ObjectId> = pdf.get_pages().into_values().collect();
    let about = tags::About {
        title: &view.title,
        lang: &view.lang,
        page_height: frame.height,
    };
    tags::write(&mut pdf, &tree, &page_ids, &annots, &about).map_err(|e| failed(e.to_string()))?;
    // Structure trees, `/Tabs` and marked content are PDF 1.5–1.7; PDF/UA-1 builds on 1.7.
    pdf.version = "1.7".to_string();
    finish(&mut pdf, view, fonts);
    let bytes = write::save(&mut pdf).map_err(failed)?;
    let script = match with_script {
        true => Some(
            fill::script(
                &pdf,
                &bytes,
                &paths::checklist_file(&view.lang, &view.id),
                &look,
            )
            .map_err(failed)?,
        ),
        false => None,
    };
    Ok((bytes, script))
}

/// Makes the document deterministic and small: no dates, a file id derived from the content,
/// compressed streams.
fn finish(pdf: &mut lopdf::Document, view: &ProcedureView, fonts: &Fonts) {
    if let Ok(info) = pdf
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        && let Ok(dict) = pdf.get_dictionary_mut(info)
    {
        for key in [
            &b"CreationDate"[..],
            b"ModDate",
            b"Trapped",
            b"GTS_PDFXVersion",
            b"Identifier",
            b"Keywords",
            b"Author",
            b"Subject",
        ] {
            dict.remove(key);
        }
        dict.set("Producer", lopdf::Object::string_literal("stepbook"));
        dict.set("Creator", lopdf::Object::string_literal("stepbook"));
    }
    name_subsets(pdf, fonts);
    fonts.use_compressed_programs(pdf);
    compress::compress(pdf);
    let id = format!(
        "{:016x}{:016x}",
        fnv(view.id.as_bytes()),
        fnv(format!("{}/{}/{}", view.lang, view.version, view.title).as_bytes())
    );
    let id = lopdf::Object::String(id.into_bytes(), lopdf::StringFormat::Literal);
    pdf.trailer
        .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
}

/// FNV-1a, for a stable document id.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Gives the embedded fonts subset names (`ABCDEF+DejaVuSans`), as PDF readers expect of
/// subset fonts; the tag is derived from the font program (the one a stand-in stands for, see
/// `Fonts::program_hash`), so it is stable across builds.
fn name_subsets(pdf: &mut lopdf::Document, fonts: &Fonts) {
    use lopdf::Object;
    let mut names = BTreeMap::new();
    for object in pdf.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        // `has` first: a failed `get` makes (and drops) an error naming the key, and most
        // dictionaries are not font descriptors.
        if !dict.has(b"FontFile2") {
            continue;
        }
        let (Ok(name), Ok(file)) = (
            dict.get(b"FontName").and_then(Object::as_name),
            dict.get(b"FontFile2").and_then(Object::as_reference),
        ) else {
            continue;
        };
        let Ok(program) = pdf.get_object(file).and_then(Object::as_stream) else {
            continue;
        };
        let hash = fonts.program_hash(&program.content);
        let tag: String = (0..6)
            .map(|i| char::from(b'A' + ((hash >> (i * 5)) % 26) as u8))
            .collect();
        let family = if name == draw::BOLD.as_bytes() {
            "DejaVuSans-Bold"
        } else {
            "DejaVuSans"
        };
        names.insert(name.to_vec(), format!("{tag}+{family}").into_bytes());
    }
    for object in pdf.objects.values_mut() {
        rename(object, &names);
    }
}

fn rename(object: &mut lopdf::Object, names: &BTreeMap<Vec<u8>, Vec<u8>>) {
    use lopdf::Object;
    match object {
        Object::Dictionary(dict) => {
            for (key, value) in dict.iter_mut() {
                match value {
                    Object::Name(name) if key == b"BaseFont" || key == b"FontName" => {
                        if let Some(new) = names.get(name.as_slice()) {
                            *name = new.clone();
                        }
                    }
                    other => rename(other, names),
                }
            }
        }
        Object::Array(items) => items.iter_mut().for_each(|item| rename(item, names)),
        _ => {}
    }
}
