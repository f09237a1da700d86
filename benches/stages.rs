//! Criterion micro-benchmarks of the pipeline's stages on the shipped content (the FLEGT
//! procedure): load, validate, theme, view-models, HTML render, and the PDF checklist stage by
//! stage (layout, font subsetting, drawing and writing), then the whole build in memory.
//! Run with `cargo bench --bench stages`; the benchmark against other generators at scale is
//! `bench/compare.py`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use stepbook::project::Project;
use stepbook::render::html;
use stepbook::render::pdf::{self, draw, fields, fonts, layout};
use stepbook::view;

fn stages(c: &mut Criterion) {
    let project = Project::new(env!("CARGO_MANIFEST_DIR"), None);
    let (library, _) = stepbook::check(&project).expect("the shipped content is valid");
    let theme = stepbook::site::theme(&project, &library).expect("the default theme loads");
    let views = view::all(&library);
    let values = pdf::Values::new();

    c.bench_function("load", |b| {
        b.iter(|| stepbook::load::load(black_box(&project)).0.procedures.len())
    });
    c.bench_function("validate", |b| {
        b.iter(|| stepbook::validate::validate(black_box(&library), None).len())
    });
    c.bench_function("theme load (templates parsed)", |b| {
        b.iter(|| stepbook::site::theme(&project, &library).is_ok())
    });
    c.bench_function("view-models", |b| b.iter(|| view::all(black_box(&library))));
    c.bench_function("html render (every page of every language)", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for (lang, views) in black_box(&views) {
                let summaries: Vec<view::ProcedureSummary> =
                    views.iter().map(view::ProcedureSummary::from).collect();
                let pages = html::Pages::new(&library, &theme, lang, &summaries);
                bytes += pages.index().map_or(0, |f| f.bytes.len());
                for view in views {
                    bytes += pages.procedure(view).map_or(0, |f| f.bytes.len());
                    if !view.changelog.is_empty() {
                        bytes += pages.changelog_page(view).map_or(0, |f| f.bytes.len());
                    }
                }
            }
            bytes
        })
    });

    // The PDF stages, on the source-language checklist.
    let view = views[library.source_language()]
        .first()
        .expect("one procedure");
    let settings = &theme.pdf;
    let font = |name: &str| theme.fonts.get(name).expect("font in the theme");
    let parsed = fonts::Fonts::parse(font(&settings.fonts.regular), font(&settings.fonts.bold))
        .expect("fonts parse");
    let frame = layout::Frame::new(settings);
    let checklist = pdf::words(&library, view, &theme).expect("checklist words");
    let pages = layout::layout(&checklist, view, &values, &frame, &parsed);
    let used = fonts::used_chars(pages.iter().flat_map(|page| {
        page.items.iter().filter_map(|item| match item {
            layout::Item::Text { font, text, .. } => Some((*font, text.as_str())),
            _ => None,
        })
    }));
    let subset = |weight: layout::Font| {
        parsed
            .subset(weight, &used[&weight])
            .expect("subset of the font")
    };

    c.bench_function("pdf fonts parse (once per build)", |b| {
        b.iter(|| {
            fonts::Fonts::parse(font(&settings.fonts.regular), font(&settings.fonts.bold)).is_ok()
        })
    });
    c.bench_function("pdf words (template)", |b| {
        b.iter(|| pdf::words(&library, black_box(view), &theme).is_ok())
    });
    c.bench_function("pdf layout", |b| {
        b.iter(|| layout::layout(&checklist, black_box(view), &values, &frame, &parsed).len())
    });
    c.bench_function("pdf font subsetting (both weights, per document)", |b| {
        b.iter(|| (subset(layout::Font::Regular), subset(layout::Font::Bold)))
    });
    c.bench_function("pdf write (tags, draw, fields, compress, bytes)", |b| {
        b.iter(|| {
            let tree = pdf::tags::build(black_box(&pages));
            let (doc, contents) = draw::document(
                &view.title,
                black_box(&pages),
                &tree.marks,
                (frame.width, frame.height),
                &settings.colours,
                subset(layout::Font::Regular),
                subset(layout::Font::Bold),
            );
            let options = printpdf::PdfSaveOptions {
                optimize: false,
                subset_fonts: false,
                secure: true,
                image_optimization: None,
            };
            let mut pdf = doc.to_lopdf_document(&options, &mut Vec::new());
            draw::set_contents(&mut pdf, contents).expect("contents");
            let look = fields::Look {
                border: settings.colours.rule,
                size: settings.sizes.field,
                page_height: frame.height,
            };
            let annots = fields::add(&mut pdf, &pages, &look).expect("fields");
            let page_ids: Vec<_> = pdf.get_pages().into_values().collect();
            let about = pdf::tags::About {
                title: &view.title,
                lang: &view.lang,
                page_height: frame.height,
            };
            pdf::tags::write(&mut pdf, &tree, &page_ids, &annots, &about).expect("tags");
            pdf::compress::compress(&mut pdf);
            let mut bytes = Vec::new();
            pdf.save_to(&mut bytes).expect("bytes");
            bytes.len()
        })
    });
    c.bench_function("pdf render (every checklist, fonts parsed once)", |b| {
        b.iter(|| {
            let checklists = pdf::Checklists::new(&library, &theme, &values).expect("fonts");
            black_box(&views)
                .values()
                .flatten()
                .map(|view| checklists.checklist(view).map_or(0, |f| f.bytes.len()))
                .sum::<usize>()
        })
    });
    c.bench_function("whole build in memory", |b| {
        b.iter(|| stepbook::render(black_box(&project)).map(|(f, _)| f.len()))
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
