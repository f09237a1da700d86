//! `check`, `build` and `serve` run one rule set through one driver: for every case of the
//! bad-input and warning corpora they report the same diagnostics, and a serve session's site
//! is the site a build writes.

use std::path::Path;

use stepbook::Error;
use stepbook::project::Project as Site;
use stepbook::site::cache::{Changes, Session};
use stepbook::source::Diagnostic;

use crate::common::{Project, repo};

/// The day every case is judged on, so verification dates do not age with the suite.
const TODAY: &str = "2026-06-01";

/// Problems that only rendering finds: `check` does not render, so it passes these cases.
const FOUND_BY_RENDERING: [&str; 2] =
    ["template_runtime_error", "template_error_after_first_pages"];

/// The minimal project with the case overlaid (content, themes, removals, and what the case
/// cannot hold as files).
fn project_for(corpus: &str, case: &str) -> Project {
    let project = Project::minimal();
    project.overlay(corpus, case);
    crate::errors::setup(case, project.root());
    project
}

/// The diagnostics of a result as the console prints them: every problem of a failure, the
/// warnings of a success.
fn shown(result: Result<Vec<Diagnostic>, Error>) -> Vec<String> {
    match result {
        Ok(warnings) => warnings.iter().map(Diagnostic::to_string).collect(),
        Err(Error::Content(diagnostics)) => diagnostics.iter().map(Diagnostic::to_string).collect(),
        Err(other) => vec![other.to_string()],
    }
}

fn site(root: &Path) -> Site {
    Site::new(root, None).with_freshness(Some(TODAY.into()), None)
}

fn cases(corpus: &str) -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(repo().join("tests/fixtures").join(corpus))
        .expect("corpus folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

#[test]
fn check_build_and_serve_report_the_same_diagnostics_for_every_case() {
    let mut compared = 0;
    for corpus in ["invalid", "warnings"] {
        for case in cases(corpus) {
            let project = project_for(corpus, &case);
            let site = site(project.root());
            let check = shown(stepbook::check(&site).map(|(_, report)| report.warnings));
            let build = shown(stepbook::build(&site).map(|report| report.warnings));
            let serve = shown(
                Session::new(site.clone())
                    .rebuild(&Changes::all())
                    .map(|rebuild| rebuild.report.warnings),
            );
            assert!(
                !build.is_empty(),
                "{corpus}/{case}: the case reports nothing"
            );
            assert_eq!(build, serve, "{corpus}/{case}: build and serve differ");
            if FOUND_BY_RENDERING.contains(&case.as_str()) {
                assert!(check.is_empty(), "{corpus}/{case}: {check:?}");
            } else {
                assert_eq!(check, build, "{corpus}/{case}: check and build differ");
            }
            compared += 1;
        }
    }
    assert!(compared > 60, "only {compared} cases found");
}

/// The case that showed the drift: an unused shared step group with a broken step reference
/// and an unused label. `check` failed with `unknown-step` and warned `unused-label`; `serve`
/// rebuilt it cleanly and showed neither.
#[test]
fn serve_reports_what_check_reports_for_an_unused_shared_group() {
    let project = Project::minimal();
    project
        .write(
            "content/shared/spare/steps.yaml",
            "steps:\n  - id: spare-step\n",
        )
        .write(
            "content/shared/spare/nl.md",
            "## Zie [[#no-such-step]] {#spare-step}\n",
        )
        .write(
            "content/labels/app.yaml",
            format!(
                "{}  never-used:\n    text: Never used\n",
                project.read("content/labels/app.yaml")
            ),
        );
    let site = site(project.root());
    let check = shown(stepbook::check(&site).map(|(_, report)| report.warnings));
    let serve = shown(
        Session::new(site.clone())
            .rebuild(&Changes::all())
            .map(|rebuild| rebuild.report.warnings),
    );
    assert!(
        check.iter().any(|d| d.contains("no-such-step")),
        "{check:#?}"
    );
    assert!(check.iter().any(|d| d.contains("never-used")), "{check:#?}");
    assert_eq!(check, serve);
}
