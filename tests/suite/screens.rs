//! Screens: the registry of `content/labels/<system>.yaml`, highlighted on the steps that name
//! their labels, redacted in the published copy, listed by `check --uses`. Built on the example
//! project `examples/screens/` (mock screens made by the project). The errors and warnings are
//! cases of `tests/fixtures/invalid` and `tests/fixtures/warnings`.

use scraper::{Html, Selector};
use sha2::{Digest, Sha256};

use crate::common::{Project, poppler, repo, snapshot_tree};

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
    project.run(&["build", "-q"]).success();
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
    project.run(&["build", "-q"]).success();
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
    project.run(&["build", "-q", "--out", "first"]).success();
    project.run(&["build", "-q", "--out", "second"]).success();
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
    project.run(&["build", "-q"]).success();
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

/// Where each image is drawn on each page: (page number from 1, resource name, the current
/// transformation matrix at its `Do`, every `cm` since the page's start composed).
fn placements(doc: &lopdf::Document) -> Vec<(u32, String, [f32; 6])> {
    // [a b c d e f] of `m` then `n`: the matrix of applying m, then n.
    fn then(m: [f32; 6], n: [f32; 6]) -> [f32; 6] {
        [
            m[0] * n[0] + m[1] * n[2],
            m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2],
            m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4],
            m[4] * n[1] + m[5] * n[3] + n[5],
        ]
    }
    let identity = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut found = Vec::new();
    for (number, page) in doc.get_pages() {
        let content =
            lopdf::content::Content::decode(&doc.get_page_content(page)).expect("operators");
        let mut matrix = identity;
        let mut saved = Vec::new();
        for op in content.operations {
            match op.operator.as_str() {
                "q" => saved.push(matrix),
                "Q" => matrix = saved.pop().unwrap_or(identity),
                "cm" => {
                    let mut m = [0.0; 6];
                    for (slot, operand) in m.iter_mut().zip(&op.operands) {
                        *slot = operand.as_float().expect("number");
                    }
                    matrix = then(m, matrix);
                }
                "Do" => {
                    let name = op.operands[0].as_name().expect("name");
                    found.push((number, String::from_utf8_lossy(name).into_owned(), matrix));
                }
                _ => {}
            }
        }
    }
    found
}

#[test]
fn the_checklist_embeds_each_screen_once_and_frames_the_labels_over_them() {
    let project = example();
    project.run(&["build", "-q"]).success();
    let pdf = project
        .root()
        .join("output/en/request-access/request-access-en.pdf");
    let doc = lopdf::Document::load(&pdf).expect("PDF");

    // Two screens, shown by five steps: two image XObjects, the PNGs' own rows.
    let images: Vec<&lopdf::Stream> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|v| v.as_name())
                .is_ok_and(|n| n == b"Image")
        })
        .collect();
    assert_eq!(images.len(), 2);
    for image in &images {
        assert_eq!(
            image.dict.get(b"Filter").and_then(|f| f.as_name()).ok(),
            Some(&b"FlateDecode"[..])
        );
        let parms = image
            .dict
            .get(b"DecodeParms")
            .and_then(|p| p.as_dict())
            .expect("PNG rows");
        assert_eq!(
            parms.get(b"Predictor").and_then(|p| p.as_i64()).ok(),
            Some(15)
        );
        assert_eq!(
            image.dict.get(b"Width").and_then(|w| w.as_i64()).ok(),
            Some(960)
        );
    }
    let drawn = placements(&doc);
    assert_eq!(drawn.len(), 5, "{drawn:?}");

    if !poppler() {
        return;
    }
    let list = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .expect("pdfimages");
    let listed = String::from_utf8_lossy(&list.stdout);
    assert_eq!(
        listed.lines().filter(|l| l.contains(" image ")).count(),
        5,
        "{listed}"
    );

    // Step 1.b shows the sign-in screen first: its frames sit over the labels' regions.
    let (page, _, [w, _, _, h, x, y]) = drawn[0];
    let out = project.root().join("page");
    let dpi = 100.0;
    let render = std::process::Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "100",
            "-singlefile",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
        ])
        .arg(&pdf)
        .arg(&out)
        .status()
        .expect("pdftoppm");
    assert!(render.success());
    let rendered = image::open(out.with_extension("png"))
        .expect("rendered page")
        .to_rgb8();
    let page_height = 841.89; // A4, in points
    // Image pixel (px, py) of the 960 × 540 screen → pixel of the rendered page.
    let place = |px: f32, py: f32| {
        let pt_x = x + px * w / 960.0;
        let pt_y = y + h - py * h / 540.0;
        (pt_x * dpi / 72.0, (page_height - pt_y) * dpi / 72.0)
    };
    let at = |px: f32, py: f32| {
        let (rx, ry) = place(px, py);
        rendered.get_pixel(rx.round() as u32, ry.round() as u32).0
    };
    let red = |[r, g, b]: [u8; 3]| r > 170 && g < 110 && b < 100;
    // Red within two pixels of (px, py): the frame's line is 1.6 pt (2 pixels here) wide.
    let red_near = |px: f32, py: f32| {
        let (rx, ry) = place(px, py);
        (-2..=2).any(|dx: i32| {
            (-2..=2).any(|dy: i32| {
                let (cx, cy) = (rx.round() as i32 + dx, ry.round() as i32 + dy);
                red(rendered.get_pixel(cx as u32, cy as u32).0)
            })
        })
    };
    // The "Sign in" button: 333, 361, 296 × 40. Its frame is red along the four sides...
    for (px, py) in [
        (481.0, 361.0),
        (481.0, 401.0),
        (333.0, 381.0),
        (629.0, 381.0),
    ] {
        assert!(
            red_near(px, py),
            "no frame at ({px}, {py}): {:?}",
            at(px, py)
        );
    }
    // ...and not a few pixels off it.
    for (px, py) in [(481.0, 350.0), (481.0, 412.0), (640.0, 381.0)] {
        assert!(!red_near(px, py), "red at ({px}, {py}), off the frame");
    }
    // ...and inside it the button shows through, green, as on the screen.
    let [r, g, b] = at(400.0, 381.0);
    assert!(g > r && g > b, "inside the frame: {:?}", [r, g, b]);
    // Away from any label, no red.
    assert!(!red(at(150.0, 300.0)));
}

#[test]
fn a_theme_can_leave_screens_out_of_the_checklist() {
    let project = example();
    let theme = std::fs::read_to_string(repo().join("themes/default/theme.yaml")).expect("theme");
    project.write(
        "themes/default/theme.yaml",
        format!("{theme}\npdf:\n  screens: false\n"),
    );
    project.run(&["build", "-q"]).success();
    let doc = lopdf::Document::load(
        project
            .root()
            .join("output/en/request-access/request-access-en.pdf"),
    )
    .expect("PDF");
    assert!(placements(&doc).is_empty());
    let images = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(&b"Image"[..]))
        .count();
    assert_eq!(images, 0);
    // The page keeps them.
    let page = project.read("output/en/request-access/index.html");
    assert_eq!(page.matches("<figure class=\"screen\"").count(), 5);
}
