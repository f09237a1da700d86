//! `build` streams: views are made per (procedure, language), files are written batch by batch
//! and the manifest is gathered page by page. These tests hold it to the in-memory renderer
//! (`stepbook::render`) and to the manifest `check` and `diff` keep in memory.

use std::path::{Path, PathBuf};
use std::process::Command;

use stepbook::project::Project as Site;

use crate::common::{Project, repo, snapshot_tree};

/// Builds `project` with the binary into `out`, and checks that the folder holds exactly the
/// files `stepbook::render` makes in memory, byte for byte, plus the marker and the manifest,
/// and that the manifest is the one `check` makes, written compact.
fn build_matches_render(project: &Project, out: &str, extra: &[&str]) {
    let mut args = vec!["build", "-q", "--out", out];
    args.extend(extra);
    project.run(&args).success();
    let built = snapshot_tree(&project.root().join(out));

    let site = Site::new(project.root(), Some(project.root().join(out)))
        .with_checklists(!extra.contains(&"--no-pdf"))
        .with_drafts(extra.contains(&"--drafts"));
    let (files, report) = stepbook::render(&site).expect("renders");
    let mut rendered: Vec<(PathBuf, Vec<u8>)> =
        files.into_iter().map(|f| (f.path, f.bytes)).collect();
    let manifest = built
        .iter()
        .find(|(path, _)| path == Path::new("manifest.json"))
        .map(|(_, bytes)| bytes.clone())
        .expect("the build writes a manifest");
    rendered.push(("manifest.json".into(), manifest.clone()));
    rendered.push((
        ".stepbook".into(),
        std::fs::read(project.root().join(out).join(".stepbook")).expect("marker"),
    ));
    rendered.sort();
    assert_eq!(built.len(), rendered.len());
    for ((built_path, built_bytes), (path, bytes)) in built.iter().zip(&rendered) {
        assert_eq!(built_path, path);
        assert!(built_bytes == bytes, "{} differs", path.display());
    }
    assert!(report.pages > 0 && report.files == rendered.len() - 2);

    // `check` and `diff` keep the manifest in memory: written compact, the bytes `build` wrote
    // as it streamed (a build leaves drafts out unless `--drafts`).
    let (mut library, _) = stepbook::check(&site).expect("checks");
    if !site.drafts {
        let status = stepbook::model::Status::Draft;
        library.procedures.retain(|p| *p.status != status);
    }
    let whole = stepbook::site::manifest_of(&library);
    assert_eq!(whole.procedures.len(), library.procedures.len());
    let mut expected = serde_json::to_string(&whole).expect("serialises");
    expected.push('\n');
    assert_eq!(String::from_utf8(manifest).expect("UTF-8"), expected);
}

#[test]
fn build_writes_what_render_renders_for_the_shipped_content() {
    let project = Project::shipped();
    build_matches_render(&project, "with-pdf", &["--drafts"]);
    build_matches_render(&project, "html-only", &["--no-pdf"]);
}

#[test]
fn build_writes_what_render_renders_for_a_generated_project_across_batches() {
    // More procedures than two render batches, so pages of several batches are compared.
    let generated = tempfile::tempdir().expect("temporary folder");
    let status = Command::new("python3")
        .arg(repo().join("bench/generate.py"))
        .arg("150")
        .arg(generated.path())
        .output()
        .expect("python3 runs bench/generate.py");
    assert!(status.status.success(), "{status:?}");
    let project = Project::copy_of(&generated.path().join("stepbook"));
    build_matches_render(&project, "output", &["--no-pdf"]);
    let first = snapshot_tree(&project.root().join("output"));
    assert!(first.len() > 150);
    project
        .run(&["build", "-q", "--no-pdf", "--out", "again"])
        .success();
    assert!(first == snapshot_tree(&project.root().join("again")));

    // The search index was written in pieces, a batch at a time: whole, it is one script
    // setting one array with every procedure's entry.
    let index = project.read("output/nl/search-index.js");
    let array = index
        .strip_prefix("window.stepbookSearchIndex = ")
        .and_then(|rest| rest.strip_suffix(";\n"))
        .expect("one assignment");
    let entries: Vec<serde_json::Value> = serde_json::from_str(array).expect("a JSON array");
    let procedures = entries.iter().filter(|e| e["kind"] == "procedure").count();
    assert_eq!(procedures, 150);
}

#[test]
fn diff_and_check_read_pretty_printed_manifests_of_earlier_builds() {
    let project = Project::shipped();
    project.run(&["build", "-q"]).success();
    let compact = project.read("output/manifest.json");
    assert!(!compact.trim_end().contains('\n'), "written compact");
    let value: serde_json::Value = serde_json::from_str(&compact).expect("JSON");
    let pretty = serde_json::to_string_pretty(&value).expect("serialises");
    project.write("old-manifest.json", &pretty);
    let run = project
        .run(&["diff", "old-manifest.json", "--format", "json"])
        .success();
    let diff: serde_json::Value = serde_json::from_str(&run.stdout()).expect("JSON report");
    assert_eq!(diff["procedures"], serde_json::json!([]), "{diff}");
    // `check` compares with the manifest in the output folder, pretty or not.
    project.write("output/manifest.json", &pretty);
    let check = project.run(&["check", "--format", "json"]).success();
    let report: serde_json::Value = serde_json::from_str(&check.stdout()).expect("JSON report");
    // `null` if the manifest could not be read.
    assert_eq!(
        report["changes"]["procedures"],
        serde_json::json!([]),
        "{report}"
    );
}

/// The progress a build tells (for the console's progress bar) counts every procedure page once,
/// in every language, and ends at the total it announced.
#[test]
fn build_tells_its_progress_page_by_page() {
    let project = Project::shipped();
    let out = project.root().join("progress-out");
    let site = Site::new(project.root(), Some(out.clone()));
    let calls = std::sync::Mutex::new(Vec::new());
    let report = stepbook::build_with_progress(&site, &|done, total| {
        calls.lock().expect("not poisoned").push((done, total));
    })
    .expect("builds");
    let mut calls = calls.into_inner().expect("not poisoned");
    calls.sort();
    let units = report.procedures * report.languages;
    assert_eq!(units, 8, "2 shipped procedures in 4 languages");
    let expected: Vec<(usize, usize)> = (1..=units).map(|done| (done, units)).collect();
    assert_eq!(calls, expected);
    assert!(out.join("manifest.json").is_file());
}
