//! The command line as a user meets it.

use crate::common::Project;

#[test]
fn help_lists_the_commands_and_version_prints_the_version() {
    let project = Project::minimal();
    let help = project.run(&["--help"]).success().stdout();
    assert!(help.contains("build") && help.contains("check"), "{help}");
    let version = project.run(&["--version"]).success().stdout();
    assert_eq!(
        version.trim(),
        format!("stepbook {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn check_validates_without_writing_anything() {
    let project = Project::minimal();
    let run = project.run(&["check"]).success();
    assert!(
        run.stderr()
            .contains("checked 1 procedure in 2 languages: no errors"),
        "{}",
        run.stderr()
    );
    assert!(!project.root().join("output").exists());
}

#[test]
fn build_reports_what_it_wrote_and_quiet_silences_it() {
    let project = Project::minimal();
    let run = project.run(&["build"]).success();
    assert!(
        run.stderr()
            .contains("built 1 procedure in 2 languages (5 pages,"),
        "{}",
        run.stderr()
    );
    let quiet = project.run(&["build", "-q"]).success();
    assert_eq!(quiet.stderr(), "");
    std::fs::remove_file(project.root().join("content/procedures/demo/en.md")).expect("remove");
    let warned = project.run(&["build", "-q"]).success();
    assert!(
        warned
            .stderr()
            .starts_with("content/procedures/demo/procedure.yaml:1:1: warning:"),
        "{}",
        warned.stderr()
    );
    assert!(!warned.stderr().contains("built"), "{}", warned.stderr());
}

#[test]
fn root_and_out_select_other_folders() {
    let project = Project::minimal();
    let elsewhere = tempfile::tempdir().expect("folder");
    let out = elsewhere.path().join("site");
    let root = project.root().to_string_lossy().into_owned();
    Project::minimal()
        .run(&[
            "build",
            "-q",
            "--root",
            &root,
            "--out",
            &out.to_string_lossy(),
        ])
        .success();
    assert!(out.join("nl/demo/index.html").is_file());
}

#[test]
fn diagnostics_name_files_relative_to_the_given_root() {
    let project = Project::minimal();
    project.write("content/procedures/demo/procedure.yaml", "version: [\n");
    let parent = project.root().parent().expect("parent").to_path_buf();
    let name = project
        .root()
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_stepbook"))
        .args(["check", "--root", &name])
        .current_dir(parent)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.starts_with(&format!(
            "{name}/content/procedures/demo/procedure.yaml:1:10: error: version: invalid type: sequence"
        )),
        "{stderr}"
    );
}

#[test]
fn no_pdf_builds_the_pages_without_checklists_or_links_to_them() {
    let project = Project::minimal();
    let run = project.run(&["build", "--no-pdf"]).success();
    assert!(
        run.stderr().contains("(5 pages, 0 checklists,"),
        "{}",
        run.stderr()
    );
    let out = project.root().join("output");
    let pdfs: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .collect();
    assert!(pdfs.is_empty(), "{pdfs:?}");
    let page = project.read("output/nl/demo/index.html");
    let html = scraper::Html::parse_document(&page);
    let pdf_links = scraper::Selector::parse("a[href$='.pdf']").expect("selector");
    assert_eq!(html.select(&pdf_links).count(), 0, "{page}");
    // The same project built in full has both.
    project.run(&["build", "-q"]).success();
    assert!(out.join("nl/demo/demo-nl.pdf").is_file());
    let page = project.read("output/nl/demo/index.html");
    let html = scraper::Html::parse_document(&page);
    assert_eq!(html.select(&pdf_links).count(), 1, "{page}");
}
