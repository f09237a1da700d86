//! Content that builds but deserves a look: each case in `tests/fixtures/warnings/<case>/`
//! overlays a few files on the minimal project (like the error cases), and the exact output of
//! `stepbook check --today 2026-06-01` is kept in `expected.snap`. Every case must pass `check`
//! (exit 0), fail it under `--deny-warnings` (exit 1), and report the same warnings in JSON.

use crate::common::{Project, repo};

/// The day every case is checked on, so verification dates do not age with the test suite.
const TODAY: &str = "2026-06-01";

fn project_for(case: &str) -> Project {
    let project = Project::minimal();
    project.overlay("warnings", case);
    project
}

fn run_case(case: &str) -> String {
    let project = project_for(case);
    let run = project.run(&["check", "--today", TODAY]).success();
    let stderr = run.stderr();
    assert!(stderr.contains("warning"), "{stderr}");
    let denied = project.run(&["check", "--today", TODAY, "--deny-warnings"]);
    denied.failure();
    let json = project
        .run(&["check", "--today", TODAY, "--format", "json"])
        .success();
    let document: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON");
    let warnings = document["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(document["errors"], 0);
    assert_eq!(document["warnings"], warnings.len());
    assert_eq!(
        warnings.len(),
        stderr.matches(": warning: ").count(),
        "the JSON and the text report the same warnings"
    );
    crate::docs::assert_severities_are_documented(&json.stdout());
    for warning in warnings {
        let location = format!(
            "{}:{}:{}: warning: {}",
            warning["file"].as_str().expect("file"),
            warning["line"],
            warning["column"],
            warning["message"].as_str().expect("message")
        );
        assert!(stderr.contains(&location), "{location}\nnot in\n{stderr}");
        assert_eq!(warning["severity"], "warning");
        assert!(warning["code"].as_str().is_some_and(|c| !c.is_empty()));
    }
    stderr
}

macro_rules! warning_cases {
    ($($case:ident),* $(,)?) => {$(
        #[test]
        fn $case() {
            let stderr = run_case(stringify!($case));
            insta::with_settings!({
                snapshot_path => repo().join("tests/fixtures/warnings").join(stringify!($case)),
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                insta::assert_snapshot!("expected", stderr);
            });
        }
    )*};
}

warning_cases!(
    category_order_and_titles,
    unused_label,
    unused_field,
    stale_label,
    stale_authority,
    max_age_from_site,
    missing_translation,
    extra_translation,
    renamed_heading,
    missing_language_file,
    unlisted_language,
    missing_field_label,
    empty_alt_text,
    unused_image,
    unused_screen,
    missing_screen_title,
    email_text_falls_back,
);

#[test]
fn json_output_has_a_stable_documented_shape() {
    let project = project_for("all_at_once_json");
    let run = project
        .run(&["check", "--today", TODAY, "--format", "json"])
        .success();
    assert_eq!(run.stderr(), "", "JSON mode prints nothing else");
    insta::with_settings!({
        snapshot_path => repo().join("tests/fixtures/warnings/all_at_once_json"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("expected", run.stdout());
    });
}

#[test]
fn max_age_option_overrides_the_site_and_today_comes_from_source_date_epoch() {
    let project = project_for("stale_label");
    // `cancel` was verified 2025-10-01: 243 days before TODAY.
    let lenient = project.run(&[
        "check",
        "--today",
        TODAY,
        "--max-age",
        "300",
        "--deny-warnings",
    ]);
    lenient.success();
    let strict = project
        .run(&["check", "--today", TODAY, "--max-age", "242"])
        .success();
    assert!(
        strict.stderr().contains("243 days ago (more than 242)"),
        "{}",
        strict.stderr()
    );
    // SOURCE_DATE_EPOCH 1780272000 is 2026-06-01T00:00:00Z.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_stepbook"))
        .args(["check", "--format", "json"])
        .current_dir(project.root())
        .env("SOURCE_DATE_EPOCH", "1780272000")
        .output()
        .expect("run");
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert!(
        document["diagnostics"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("243 days ago")),
        "{document}"
    );
}

#[test]
fn errors_exit_1_in_json_too_and_bad_options_exit_2() {
    let project = Project::minimal();
    project.write(
        "content/procedures/demo/nl.md",
        project
            .read("content/procedures/demo/nl.md")
            .replace("[[app:save]]", "[[app:sav]]"),
    );
    let run = project.run(&["check", "--format", "json"]).failure();
    let document: serde_json::Value = serde_json::from_str(&run.stdout()).expect("JSON");
    assert_eq!(document["errors"], 1);
    let error = &document["diagnostics"][0];
    assert_eq!(error["file"], "content/procedures/demo/nl.md");
    assert_eq!(error["line"], 16);
    assert_eq!(error["column"], 11);
    assert_eq!(error["severity"], "error");
    assert_eq!(error["code"], "unknown-label");
    assert_eq!(
        error["message"],
        "unknown screen label `app:sav`; did you mean `app:save`?"
    );
    let bad = Project::minimal().run(&["check", "--today", "2026-13-01"]);
    assert_eq!(bad.0.status.code(), Some(2), "{}", bad.stderr());
    assert!(
        bad.stderr().contains("invalid date `2026-13-01`"),
        "{}",
        bad.stderr()
    );
}
