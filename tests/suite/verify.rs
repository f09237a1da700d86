//! `stepbook verify` on the mock screens of `tests/fixtures/verify/` (rendered by its
//! `mock/render.sh` with headless Chromium at 100 % and 150 %, light and dark): every label
//! found and dated, written back byte for byte around the edits, regions where the mock's true
//! boxes are, a renamed button reported and fixed, bad evidence reported at its file.
//!
//! The OCR tests need Tesseract (`apt install tesseract-ocr tesseract-ocr-eng`); without it they
//! say "skipped: …" and pass, and with `STEPBOOK_REQUIRE_TESSERACT=1` (set by `.ci/run`) a
//! missing Tesseract is a failure. The saved-HTML tests run everywhere.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::Command;

use serde_json::Value;

use crate::common::{Project, repo};

/// The variable that turns a skip into a failure.
const REQUIRE: &str = "STEPBOOK_REQUIRE_TESSERACT";

const LABELS: &str = "content/labels/portal.yaml";

fn fixture() -> Project {
    Project::copy_of(&repo().join("tests/fixtures/verify"))
}

/// True when Tesseract is there; otherwise says the test is skipped, or fails under CI.
fn tesseract(test: &str) -> bool {
    let found = Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains("eng"));
    if found {
        return true;
    }
    let reason =
        "Tesseract with English is not installed (apt install tesseract-ocr tesseract-ocr-eng)";
    if std::env::var(REQUIRE).is_ok_and(|v| v == "1") {
        panic!("{test}: {reason}, and {REQUIRE}=1 requires the OCR tests to run");
    }
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {test}: {reason} (set {REQUIRE}=1 to make this a failure)"
    );
    false
}

/// The label file with what `verify` adds taken out again: `verified` and `region` lines of
/// block labels, and `, verified: …, region: {…}` of flow ones.
fn without_additions(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("verified: \"2026-11-30\"") || trimmed.starts_with("region: {") {
            continue;
        }
        let line = match line.find(", verified: \"2026-11-30\"") {
            Some(at) => {
                let close = line.rfind(" }").expect("flow mapping");
                format!("{}{}", &line[..at], &line[close..])
            }
            None => line.to_string(),
        };
        out.push_str(&line);
    }
    out
}

/// `id` → region, from the label file as written.
fn regions(text: &str) -> BTreeMap<String, [f64; 4]> {
    let mut out = BTreeMap::new();
    let mut label = String::new();
    for line in text.lines() {
        if let Some(id) = line.strip_prefix("  ").and_then(|l| l.split(':').next())
            && !id.starts_with(' ')
            && !id.is_empty()
        {
            label = id.to_string();
        }
        if let Some(at) = line.find("region: {") {
            let body = &line[at + 9..line[at..].find('}').expect("}") + at];
            let numbers: Vec<f64> = body
                .split(',')
                .map(|p| {
                    p.split(':')
                        .nth(1)
                        .expect("value")
                        .trim()
                        .parse()
                        .expect("number")
                })
                .collect();
            out.insert(
                label.clone(),
                [numbers[0], numbers[1], numbers[2], numbers[3]],
            );
        }
    }
    out
}

/// Every recorded region against the mocks' true text boxes (`mock/boxes.json`, CSS pixels =
/// the screen images' pixels): the true box's centre inside the region, and their overlap
/// (intersection over union) at least 0.5. Returns the smallest overlap.
fn regions_match_the_mocks(text: &str) -> f64 {
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/fixtures/verify/mock/boxes.json")).unwrap(),
    )
    .unwrap();
    let found = regions(text);
    let mut smallest: f64 = 1.0;
    let mut compared = 0;
    for screen in truth.as_object().unwrap().values() {
        for (id, b) in screen.as_object().unwrap() {
            let t = ["x", "y", "width", "height"].map(|k| b[k].as_f64().unwrap());
            let r = found
                .get(id)
                .unwrap_or_else(|| panic!("no region recorded for `{id}`:\n{text}"));
            let (cx, cy) = (t[0] + t[2] / 2.0, t[1] + t[3] / 2.0);
            assert!(
                cx >= r[0] && cx <= r[0] + r[2] && cy >= r[1] && cy <= r[1] + r[3],
                "`{id}`: region {r:?} is not where the text is ({t:?})"
            );
            let w = (t[0] + t[2]).min(r[0] + r[2]) - t[0].max(r[0]);
            let h = (t[1] + t[3]).min(r[1] + r[3]) - t[1].max(r[1]);
            let inter = w.max(0.0) * h.max(0.0);
            let iou = inter / (t[2] * t[3] + r[2] * r[3] - inter);
            assert!(
                iou >= 0.5,
                "`{id}`: region {r:?} against {t:?}: overlap {iou:.2}"
            );
            smallest = smallest.min(iou);
            compared += 1;
        }
    }
    assert_eq!(compared, 9, "every labelled text of the mocks");
    smallest
}

#[test]
fn every_label_is_found_dated_and_written_byte_for_byte() {
    if !tesseract("every_label_is_found_dated_and_written_byte_for_byte") {
        return;
    }
    let project = fixture();
    let before = project.read(LABELS);
    let run = project
        .run(&["verify", "--date", "2026-11-30", "--format", "json"])
        .success();
    let json: Value = serde_json::from_str(&run.stdout()).expect("JSON on stdout");
    assert_eq!(json["errors"], 0);
    let labels: Vec<&Value> = json["screens"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["labels"].as_array().unwrap())
        .collect();
    assert_eq!(labels.len(), 11);
    assert!(
        labels
            .iter()
            .all(|l| l["state"] == "found" && l["places"].as_u64() >= Some(1)),
        "{json:#}"
    );
    let after = project.read(LABELS);
    assert_eq!(after.matches("verified: \"2026-11-30\"").count(), 11);
    assert_eq!(
        regions(&after).len(),
        9,
        "the two labels of the saved page have none"
    );
    assert_eq!(
        without_additions(&after),
        before,
        "every other byte as it was"
    );
    let smallest = regions_match_the_mocks(&after);
    eprintln!("verify at 100 %: 9 of 9 regions where the text is, smallest overlap {smallest:.2}");
    assert_eq!(json["procedures"][0]["verification"]["state"], "verified");
    let check = project.run(&["check", "--today", "2026-12-01"]).success();
    assert!(
        check
            .stderr()
            .contains("procedure request-access: verified on 2026-11-30 (11 of 11 screen labels)"),
        "{}",
        check.stderr()
    );
    // Again: nothing new to write.
    project.run(&["verify", "--date", "2026-11-30"]).success();
    assert_eq!(project.read(LABELS), after);
}

#[test]
fn screenshots_at_150_percent_map_back_to_the_screen_images() {
    if !tesseract("screenshots_at_150_percent_map_back_to_the_screen_images") {
        return;
    }
    let project = fixture();
    project
        .run(&[
            "verify",
            "--date",
            "2026-11-30",
            "--evidence",
            "shots/request@150.png",
            "shots/search@150.png",
        ])
        .success();
    let after = project.read(LABELS);
    let smallest = regions_match_the_mocks(&after);
    eprintln!("verify at 150 %: 9 of 9 regions where the text is, smallest overlap {smallest:.2}");
}

#[test]
fn a_renamed_button_is_reported_with_the_closest_text_and_fixed() {
    if !tesseract("a_renamed_button_is_reported_with_the_closest_text_and_fixed") {
        return;
    }
    let project = fixture();
    let original = project.read(LABELS);
    let renamed = original.replace(
        "text: Send authorisation request",
        "text: Send authorization Request",
    );
    project.write(LABELS, &renamed);
    let run = project
        .run(&["verify", "--screen", "request", "--date", "2026-11-30"])
        .failure();
    let stderr = run.stderr();
    assert!(
        stderr.contains(
            "content/labels/portal.yaml:22:11: error: `portal:send-request` `Send authorization Request` is not on screen `request` (evidence "
        ) && stderr.contains(
            "the screen shows `Send authorisation request` (similarity 0.96): if Mock Portal (illustration) renamed it, change content/labels/portal.yaml:22 (`stepbook verify --fix` does)"
        ),
        "{stderr}"
    );
    // The three others were found and dated; the renamed one was not.
    let after = project.read(LABELS);
    assert_eq!(after.matches("verified: \"2026-11-30\"").count(), 3);
    assert!(after.contains(
        "text: Send authorization Request   # the dark button\n    screen: request\n  cancel"
    ));

    let run = project
        .run(&[
            "verify",
            "--screen",
            "request",
            "--date",
            "2026-11-30",
            "--fix",
        ])
        .success();
    assert!(
        run.stderr()
            .contains("Renamed portal:send-request: `Send authorization Request` → `Send authorisation request`"),
        "{}",
        run.stderr()
    );
    let fixed = project.read(LABELS);
    assert!(
        fixed.contains("    text: Send authorisation request   # the dark button\n    screen: request\n    verified: \"2026-11-30\"\n    region: { x: "),
        "{fixed}"
    );
    assert_eq!(fixed.matches("verified: \"2026-11-30\"").count(), 4);
}

#[test]
fn bad_evidence_is_an_error_at_its_file() {
    if !tesseract("bad_evidence_is_an_error_at_its_file") {
        return;
    }
    let project = fixture();
    let before = project.read(LABELS);
    let png = std::fs::read(project.root().join("content/labels/portal/request.png")).unwrap();
    project.write("evidence/portal/request.png", &png[..png.len() / 3]);
    let run = project.run(&["verify", "--screen", "request"]).failure();
    assert!(
        run.stderr()
            .contains("evidence/portal/request.png:1:1: error: evidence `")
            && run
                .stderr()
                .contains("cannot be used: not a readable PNG or JPEG image"),
        "{}",
        run.stderr()
    );
    project.write("evidence/portal/request.png", "not an image");
    let run = project.run(&["verify", "--screen", "request"]).failure();
    assert!(
        run.stderr().contains("not a PNG or JPEG image"),
        "{}",
        run.stderr()
    );
    let run = project
        .run(&["verify", "--evidence", "gone/request.png"])
        .failure();
    assert!(
        run.stderr().contains(
            "gone/request.png:1:1: error: evidence `gone/request.png` cannot be used: No such file"
        ),
        "{}",
        run.stderr()
    );
    assert_eq!(
        project.read(LABELS),
        before,
        "nothing dated from bad evidence"
    );
}

#[test]
fn a_saved_page_is_read_by_its_visible_text_without_tesseract() {
    let project = fixture();
    let before = project.read(LABELS);
    let no_ocr = [("STEPBOOK_TESSERACT", "/nonexistent/tesseract")];
    let run = project
        .run_with_env(
            &["verify", "--screen", "profile", "--date", "2026-11-30"],
            &no_ocr,
        )
        .success();
    assert!(
        run.stderr().contains("Verified portal:profile: 2 of 2 labels found in `evidence/portal/profile.html`, dated 2026-11-30; a saved page has no pixels: no regions"),
        "{}",
        run.stderr()
    );
    let after = project.read(LABELS);
    assert!(
        after.contains(
            "    text: Display name\n    screen: profile\n    verified: \"2026-11-30\"\n"
        )
    );
    assert_eq!(without_additions(&after), before);
    // A hidden text of the page is not on screen: a label for it is not found.
    let renamed = after.replace("text: Save changes", "text: Delete account");
    let line = renamed
        .lines()
        .position(|l| l.contains("Delete account"))
        .unwrap()
        + 1;
    project.write(LABELS, &renamed);
    let run = project
        .run_with_env(
            &["verify", "--screen", "profile", "--format", "json"],
            &no_ocr,
        )
        .failure();
    let json: Value = serde_json::from_str(&run.stdout()).expect("JSON");
    assert_eq!(json["errors"], 1);
    assert_eq!(json["diagnostics"][0]["code"], "label-not-on-screen");
    assert_eq!(json["diagnostics"][0]["line"], line);
    let save = &json["screens"][0]["labels"][1];
    assert_eq!(save["state"], "not-found");
    assert_ne!(
        save["closest"]["text"], "Delete account",
        "hidden text is not on screen"
    );
}

#[test]
fn without_tesseract_verify_says_what_to_install_and_build_does_not_care() {
    let project = fixture();
    let before = project.read(LABELS);
    let no_ocr = [("STEPBOOK_TESSERACT", "/nonexistent/tesseract")];
    let run = project.run_with_env(&["verify"], &no_ocr);
    assert_eq!(run.0.status.code(), Some(2), "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("apt install tesseract-ocr tesseract-ocr-eng"),
        "{}",
        run.stderr()
    );
    assert_eq!(project.read(LABELS), before);
    project.run_with_env(&["check"], &no_ocr).success();
    project
        .run_with_env(&["build", "--no-pdf"], &no_ocr)
        .success();
}

#[test]
fn the_example_projects_screens_are_verified_keeping_their_drawn_regions() {
    if !tesseract("the_example_projects_screens_are_verified_keeping_their_drawn_regions") {
        return;
    }
    // A copy: the example itself stays unverified (its screens are illustrations).
    let project = Project::copy_of(&repo().join("examples/screens"));
    let file = "content/labels/demo-portal.yaml";
    let before = project.read(file);
    let run = project.run(&["verify", "--date", "2026-11-30"]).success();
    assert!(
        run.stderr()
            .contains("procedure request-access: verified on 2026-11-30 (8 of 8 screen labels)"),
        "{}",
        run.stderr()
    );
    let after = project.read(file);
    assert_eq!(after.matches("verified: \"2026-11-30\"").count(), 8);
    // Only the dates were added: the hand-drawn regions (larger than the text, the "Sign in"
    // button's below a heading "Sign in") were kept.
    assert_eq!(
        without_additions(&after.replace("region: {", "REGION: {")),
        before.replace("region: {", "REGION: {")
    );
}

#[test]
fn a_saved_page_nested_too_deep_is_refused_before_it_is_parsed() {
    // html5ever's tree builder is quadratic in the depth: 100 000 nested elements took minutes.
    let project = fixture();
    let before = project.read(LABELS);
    let deep = "<div>".repeat(100_000) + "Operator";
    project.write("evidence/portal/profile.html", &deep);
    let run = project
        .run_with_env(
            &["verify", "--screen", "profile"],
            &[("STEPBOOK_TESSERACT", "/nonexistent/tesseract")],
        )
        .failure();
    assert!(
        run.stderr()
            .contains("evidence/portal/profile.html:1:1: error: evidence `")
            && run
                .stderr()
                .contains("elements nested 100000 deep, over the limit of 2000"),
        "{}",
        run.stderr()
    );
    assert_eq!(project.read(LABELS), before, "nothing dated");
}
