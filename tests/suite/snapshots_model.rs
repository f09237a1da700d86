//! Snapshots of the two intermediate forms every output is made from: the minimal fixture's
//! view-models (what every renderer shows) and its checklists' positioned layout items (what
//! the PDF writer draws). A refactor that changes either shows up here, in review, before it
//! shows up as a changed page or PDF.

use stepbook::project::Project as Site;
use stepbook::render::pdf::{self, fonts::Fonts, layout};
use stepbook::view;

use crate::common::{Project, repo};

fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(repo().join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

#[test]
fn the_minimal_fixtures_view_models() {
    let project = Project::minimal();
    let site = Site::new(project.root(), None);
    let (library, _) = stepbook::check(&site).expect("the minimal fixture is valid");
    for (lang, views) in view::all(&library) {
        for view in views {
            let summary = view::summary(&library, &library.procedures[0], &lang);
            assert_eq!(
                serde_json::to_value(&summary).expect("JSON"),
                serde_json::to_value(view::ProcedureSummary::from(&view)).expect("JSON"),
                "the summary from the model is the view's"
            );
            snapshot_settings().bind(|| {
                let json = serde_json::to_string_pretty(&view).expect("JSON");
                insta::assert_snapshot!(format!("view-{}-{lang}", view.id), json);
            });
        }
    }
}

#[test]
fn the_minimal_fixtures_checklist_layouts() {
    let project = Project::minimal();
    let site = Site::new(project.root(), None);
    let (library, _) = stepbook::check(&site).expect("the minimal fixture is valid");
    let theme = stepbook::site::theme(&site, &library).expect("the default theme");
    let settings = &theme.pdf;
    let font = |name: &str| theme.fonts.get(name).expect("font in the theme");
    let fonts = Fonts::parse(font(&settings.fonts.regular), font(&settings.fonts.bold))
        .expect("fonts parse");
    let frame = layout::Frame::new(settings);
    for (lang, views) in view::all(&library) {
        for view in views {
            let checklist = pdf::words(&library, &view, &theme).expect("checklist words");
            let pages = layout::layout(&checklist, &view, &pdf::Values::new(), &frame, &fonts);
            snapshot_settings().bind(|| {
                insta::assert_debug_snapshot!(format!("layout-{}-{lang}", view.id), pages);
            });
        }
    }
}

/// `blocks` removed from every object of `value`, at any depth, and every prose's `html` with
/// its address links marked (`render::page::url_links`), as the page templates read it.
/// Returns how many `html` values that marking changed.
fn as_the_page_reads_it(value: &mut serde_json::Value) -> usize {
    match value {
        serde_json::Value::Object(map) => {
            let mut marked = 0;
            if map.remove("blocks").is_some()
                && let Some(serde_json::Value::String(html)) = map.get_mut("html")
            {
                let url_links = stepbook::render::page::url_links(html).into_owned();
                marked += usize::from(url_links != *html);
                *html = url_links;
            }
            marked + map.values_mut().map(as_the_page_reads_it).sum::<usize>()
        }
        serde_json::Value::Array(items) => items.iter_mut().map(as_the_page_reads_it).sum(),
        _ => 0,
    }
}

#[test]
fn the_pages_procedure_value_is_the_view_without_the_prose_blocks_links_marked() {
    let mut marked = 0;
    for project in [Project::minimal(), Project::shipped()] {
        let site = Site::new(project.root(), None);
        let (library, _) = stepbook::check(&site).expect("the fixture is valid");
        let mut seen = 0;
        for views in view::all(&library).values() {
            for view in views {
                let mut expected = serde_json::to_value(view).expect("JSON");
                marked += as_the_page_reads_it(&mut expected);
                let value = stepbook::render::page::ProcedureValue::from(view);
                let got = serde_json::to_value(&value).expect("JSON");
                assert_eq!(got, expected, "{} in {}", view.id, view.lang);
                // The fixture has what the comparison is about.
                seen += usize::from(
                    serde_json::to_string(view)
                        .expect("JSON")
                        .contains("\"blocks\""),
                );
            }
        }
        assert!(seen > 0, "no prose blocks to leave out");
    }
    assert!(marked > 0, "no address links to mark");
}
