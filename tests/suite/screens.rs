//! Screens: the registry of `content/labels/<system>.yaml`, highlighted on the steps that name
//! their labels, redacted in the published copy, listed by `check --uses`. Built on the example
//! project `examples/screens/` (mock screens made by the project). The errors and warnings are
//! cases of `tests/fixtures/invalid` and `tests/fixtures/warnings`.

use scraper::{Html, Selector};
use sha2::{Digest, Sha256};

use crate::common::{Project, repo, snapshot_tree};

fn example() -> Project {
    Project::copy_of(&repo().join("examples/screens"))
}

fn select<'a>(page: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&Selector::parse(css).expect("css")).collect()
}

/// The figure of the step `step` of the example's page.
fn figures(page: &Html, step: &str) -> Vec<String> {
    select(page, &format!("li#{step} > figure.screen"))
        .iter()
        .map(|f| f.html())
        .collect()
}

#[test]
fn a_step_shows_its_screen_with_the_labels_it_names_highlighted_and_numbered() {
    let project = example();
    let check = project.run(&["check", "--deny-warnings"]).success();
    assert!(!check.stderr().contains("warning"), "{}", check.stderr());
    project.run(&["build", "-q", "--drafts"]).success();
    let page = Html::parse_document(&project.read("output/en/request-access/index.html"));

    // Two labels of one screen: one picture, two numbered boxes, listed in the caption.
    let figure = select(&page, "li#enter-credentials > figure.screen");
    assert_eq!(figure.len(), 1);
    let figure = figure[0];
    let img = select(&page, "li#enter-credentials > figure.screen img")[0];
    assert_eq!(
        img.value().attr("alt"),
        Some("Sign in (illustration): E-mail address, Sign in")
    );
    assert_eq!(img.value().attr("width"), Some("960"));
    assert_eq!(img.value().attr("height"), Some("540"));
    assert_eq!(img.value().attr("loading"), Some("lazy"));
    let marks: Vec<(String, String, String)> =
        select(&page, "li#enter-credentials > figure.screen .screen-mark")
            .iter()
            .map(|m| {
                (
                    m.value()
                        .attr("data-region")
                        .unwrap_or_default()
                        .to_string(),
                    m.value().attr("style").unwrap_or_default().to_string(),
                    m.text().collect(),
                )
            })
            .collect();
    assert_eq!(
        marks,
        vec![
            (
                "325,197,312,66".to_string(),
                "left:33.854%;top:36.481%;width:32.500%;height:12.222%".to_string(),
                "1".to_string()
            ),
            (
                "333,361,296,40".to_string(),
                "left:34.688%;top:66.852%;width:30.833%;height:7.407%".to_string(),
                "2".to_string()
            ),
        ]
    );
    let caption: Vec<String> = select(&page, "li#enter-credentials figcaption li")
        .iter()
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(caption, ["E-mail address", "Sign in"]);
    assert!(
        figure
            .text()
            .collect::<String>()
            .contains("Sign in (illustration)")
    );

    // One label: a box without a number, and no list under the title.
    let single = figures(&page, "no-account");
    assert_eq!(single.len(), 1);
    assert!(!single[0].contains("screen-mark-number"), "{}", single[0]);
    assert!(!single[0].contains("screen-marks"), "{}", single[0]);

    // A step without labels shows no screen; a step's sub-steps show their own.
    assert!(figures(&page, "open-portal").is_empty());
    assert!(figures(&page, "choose").is_empty());
    assert_eq!(figures(&page, "request").len(), 1);
    assert_eq!(select(&page, "figure.screen").len(), 5);

    // Both screens published once, and the page points at them.
    let images: Vec<String> = std::fs::read_dir(project.root().join("output/images"))
        .expect("images")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(images.len(), 2, "{images:?}");
    for figure in select(&page, "figure.screen img") {
        let src = figure.value().attr("src").expect("src");
        let name = src.strip_prefix("../../images/").expect("published image");
        assert!(images.iter().any(|i| i == name), "{src}");
    }
}

#[test]
fn redaction_boxes_are_black_in_the_published_copy_and_the_source_is_untouched() {
    let project = example();
    let source = project.root().join("content/labels/demo-portal/search.png");
    let before = std::fs::read(&source).expect("source");
    project.run(&["build", "-q", "--drafts"]).success();
    assert_eq!(std::fs::read(&source).expect("source"), before);

    let page = Html::parse_document(&project.read("output/en/request-access/index.html"));
    let src = select(&page, "li#search-organisation > figure.screen img")[0]
        .value()
        .attr("src")
        .expect("src")
        .to_string();
    let published = std::fs::read(project.root().join("output/en/request-access").join(&src))
        .expect("published screen");
    assert_ne!(
        published, before,
        "the published copy is not the source file"
    );
    let name = src.rsplit('/').next().expect("name");
    let digest = Sha256::digest(&published);
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        name,
        format!("{hash}.png"),
        "named after the published bytes"
    );

    let shown = image::load_from_memory(&published)
        .expect("published PNG")
        .to_rgba8();
    let original = image::load_from_memory(&before)
        .expect("source PNG")
        .to_rgba8();
    assert_eq!(shown.dimensions(), original.dimensions());
    // The box of demo-portal.yaml: x 530, y 6, 420 × 44. Every pixel in it is black...
    let mut light_under_box = 0;
    for y in 6..50 {
        for x in 530..950 {
            assert_eq!(shown.get_pixel(x, y).0, [0, 0, 0, 255], "({x}, {y})");
            if original.get_pixel(x, y).0[..3].iter().any(|&c| c > 200) {
                light_under_box += 1;
            }
        }
    }
    // ...where the source has the user's name in white letters,
    assert!(light_under_box > 100, "{light_under_box}");
    // and every pixel outside it is the source's.
    for (x, y, pixel) in shown.enumerate_pixels() {
        let inside = (530..950).contains(&x) && (6..50).contains(&y);
        if !inside {
            assert_eq!(pixel, original.get_pixel(x, y), "({x}, {y})");
        }
    }
}

#[test]
fn rebuilds_are_byte_identical() {
    let project = example();
    project
        .run(&["build", "-q", "--drafts", "--out", "first"])
        .success();
    project
        .run(&["build", "-q", "--drafts", "--out", "second"])
        .success();
    let first = snapshot_tree(&project.root().join("first"));
    assert!(first.iter().any(|(path, _)| path.starts_with("images")));
    assert_eq!(first, snapshot_tree(&project.root().join("second")));
}

#[test]
fn check_uses_lists_the_steps_pages_and_checklists_of_a_screen() {
    let project = example();
    let run = project
        .run(&["check", "--uses", "demo-portal:search"])
        .success();
    assert_eq!(
        run.stdout(),
        "request-access 2.a search-organisation [en]\n\
         request-access 2.b.a.1 request [en]\n\
         request-access 2.b.b.1 create [en]\n\
         en/request-access/index.html\n\
         en/request-access/request-access-en.pdf\n"
    );
    assert!(
        run.stderr()
            .contains("used by 3 steps in 2 page(s) and checklist(s)"),
        "{}",
        run.stderr()
    );
    // A label's id still names the label.
    let label = project
        .run(&["check", "--uses", "demo-portal:sign-in"])
        .success();
    assert_eq!(
        label.stdout(),
        "request-access 1.b enter-credentials [en]\n\
         en/request-access/index.html\n\
         en/request-access/request-access-en.pdf\n"
    );
    let unknown = project.run(&["check", "--uses", "demo-portal:nowhere"]);
    assert_eq!(unknown.0.status.code(), Some(2), "a usage error");
    assert!(
        unknown
            .stderr()
            .contains("unknown screen label or screen `demo-portal:nowhere`"),
        "{}",
        unknown.stderr()
    );
}

#[test]
fn the_shipped_procedure_names_screens_without_pictures() {
    // The FLEGT procedure has no real screenshots: its screens are titles, and no page shows
    // a picture of TRACES or EU Login.
    let project = Project::shipped();
    project.run(&["build", "-q", "--drafts"]).success();
    let page = project.read("output/en/flegt-access/index.html");
    assert!(!page.contains("figure class=\"screen\""));
    assert!(!project.root().join("output/images").exists());
    let page = Html::parse_document(&page);
    let title = select(&page, "kbd[data-label=\"traces:request-authorisation\"]")[0]
        .value()
        .attr("title")
        .map(str::to_string);
    assert!(
        title
            .as_deref()
            .is_some_and(|t| t.starts_with("TRACES NT › Operator search")),
        "{title:?}"
    );
    let nl = Html::parse_document(&project.read("output/nl/flegt-access/index.html"));
    let title = select(&nl, "kbd[data-label=\"traces:request-authorisation\"]")[0]
        .value()
        .attr("title")
        .map(str::to_string);
    assert!(
        title
            .as_deref()
            .is_some_and(|t| t.starts_with("TRACES NT › Operator zoeken")),
        "{title:?}"
    );
}
