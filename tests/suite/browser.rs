//! The procedure page in a real browser (tests/browser/): Debian's Chromium driven by Node's
//! playwright-core, axe-core for accessibility, over HTTP on 127.0.0.1 and from `file://`.
//!
//! Without Node, Chromium or the npm modules (`npm ci --prefix tests/browser`) these tests say
//! "skipped: …" and pass, so `cargo test` works anywhere; with `STEPBOOK_REQUIRE_BROWSER=1`
//! (set by `.ci/run`) a missing piece is a failure, so CI cannot pass without running them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Project, repo};

/// The variable that turns a skip into a failure.
const REQUIRE: &str = "STEPBOOK_REQUIRE_BROWSER";

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

pub(crate) fn browser_tests() -> PathBuf {
    repo().join("tests/browser")
}

/// Why the tests cannot run here, if they cannot.
fn missing(needs_browser: bool) -> Option<String> {
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Some("`node` is not installed".into());
    }
    if !needs_browser {
        return None;
    }
    if !chromium().is_file() {
        return Some(format!(
            "no Chromium at {} (apt install chromium, or set CHROMIUM)",
            chromium().display()
        ));
    }
    let pdftotext = Command::new("pdftotext").arg("-v").output();
    if !pdftotext.is_ok_and(|o| o.status.success()) {
        return Some("`pdftotext` is not installed (apt install poppler-utils)".into());
    }
    for module in ["playwright-core", "axe-core"] {
        if !browser_tests().join("node_modules").join(module).is_dir() {
            return Some(format!(
                "the npm module {module} is missing (run `npm ci --prefix tests/browser`)"
            ));
        }
    }
    None
}

/// True when the test should go on; otherwise says why it is skipped, or fails under CI.
pub(crate) fn can_run(test: &str, needs_browser: bool) -> bool {
    let Some(reason) = missing(needs_browser) else {
        return true;
    };
    if std::env::var(REQUIRE).is_ok_and(|v| v == "1") {
        panic!("{test}: {reason}, and {REQUIRE}=1 requires the browser tests to run");
    }
    // Straight to stderr, past the test harness's capture, so the skip is seen.
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {test}: {reason} (set {REQUIRE}=1 to make this a failure)"
    );
    false
}

pub(crate) fn node(script: &Path, args: &[&Path]) {
    let output = Command::new("node")
        .arg(script)
        .args(args)
        .current_dir(repo())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{} failed:\n{stdout}\n{stderr}",
        script.display()
    );
    assert!(!stdout.contains("not ok"), "{stdout}");
}

#[test]
fn the_page_script_agrees_with_the_rust_eori_rules_and_mailto() {
    if can_run("EORI vectors in the page script", false) {
        node(&browser_tests().join("eori.test.mjs"), &[]);
    }
}

#[test]
fn the_procedure_page_works_in_headless_chromium() {
    if !can_run("browser tests of the procedure page", true) {
        return;
    }
    let project = Project::shipped();
    project.run(&["build", "-q"]).success();
    let site = project.root().join("output");
    node(&browser_tests().join("run.mjs"), &[&site]);
}

#[test]
fn the_index_filter_and_page_navigation_work_in_headless_chromium() {
    if !can_run("browser tests of the index filter and navigation", true) {
        return;
    }
    let shipped = Project::shipped();
    shipped
        .run(&["build", "-q", "--no-pdf", "--drafts"])
        .success();
    // The benchmark's 1 000 procedures (bench/generate.py), filed under ten categories.
    let generated = tempfile::tempdir().expect("temporary folder");
    let status = Command::new("python3")
        .arg(repo().join("bench/generate.py"))
        .arg("1000")
        .arg(generated.path())
        .output()
        .expect("python3 runs bench/generate.py");
    assert!(status.status.success(), "{status:?}");
    let large = Project::copy_of(&generated.path().join("stepbook"));
    large.run(&["build", "-q", "--no-pdf"]).success();
    let output = Command::new("node")
        .arg(browser_tests().join("index.mjs"))
        .arg(shipped.root().join("output"))
        .arg(large.root().join("output"))
        .current_dir(repo())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    // The measured times, for the reader of the test log (never asserted).
    for line in stdout.lines().filter(|l| l.starts_with('#')) {
        let _ = writeln!(std::io::stderr(), "{line}");
    }
    assert!(
        output.status.success() && !stdout.contains("not ok"),
        "index.mjs failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
