//! Versions readers can trust: a change of what readers see without a release is reported,
//! naming the steps; `stepbook release` raises the version, adds the changelog entry with a
//! targeted edit and records the release; printouts before and after differ in version; `diff`
//! lists renumbered steps.

use crate::common::Project;

/// The text of every page of a PDF, each page's whitespace squeezed.
fn pdf_pages(project: &Project, path: &str) -> Vec<String> {
    let doc = lopdf::Document::load(project.root().join(path)).expect("pdf");
    doc.get_pages()
        .keys()
        .map(|number| {
            let text = doc.extract_text(&[*number]).expect("text");
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

const CHECK: &[&str] = &[
    "check",
    "--deny-warnings",
    "--allow",
    "example-base-url",
    "--today",
    "2026-12-02",
];

#[test]
fn a_label_rename_needs_a_release_and_the_release_changes_the_printed_version() {
    let project = Project::shipped();
    project.run(CHECK).success();
    project.run(&["build", "-q"]).success();
    std::fs::copy(
        project.root().join("output/manifest.json"),
        project.root().join("before.json"),
    )
    .expect("copy");
    let before = pdf_pages(&project, "output/en/flegt-access/flegt-access-en.pdf");
    assert!(
        before
            .iter()
            .all(|page| page.contains("Version 1.0 (2026-11-21) · Not verified")),
        "{before:?}"
    );

    // TRACES renames two buttons: one on the procedure's own step, one in a shared step.
    let labels = project.read("content/labels/traces.yaml");
    let renamed = labels
        .replace(
            "    text: Certificates\n",
            "    text: Certificates & licences\n",
        )
        .replace("    text: Create\n", "    text: Create operator\n");
    assert_ne!(renamed, labels);
    project.write("content/labels/traces.yaml", &renamed);
    let check = project.run(CHECK).failure();
    let stderr = check.stderr();
    assert!(
        stderr.contains(
            "content/procedures/flegt-access/procedure.yaml:4:11: warning: what readers see of procedure `flegt-access` changed since version 1.0 was released, and its version did not: "
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "2.d.b.5 click-create reworded (shared: traces-operator) (renamed traces:create)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("3.d click-certificates reworded (renamed traces:certificates)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("stepbook release flegt-access --note"),
        "{stderr}"
    );
    // `build` says the same, and builds (a warning).
    let build = project.run(&["build"]).success();
    assert!(
        build
            .stderr()
            .contains("warning: what readers see of procedure `flegt-access`")
    );

    // The release: a targeted edit of procedure.yaml, byte for byte.
    let yaml = project.read("content/procedures/flegt-access/procedure.yaml");
    let run = project
        .run(&[
            "release",
            "flegt-access",
            "--note",
            "TRACES renamed \"Certificates\" and \"Create\".",
            "--today",
            "2026-12-02",
        ])
        .success();
    assert!(
        run.stderr().contains("Released flegt-access 1.1 (was 1.0)"),
        "{}",
        run.stderr()
    );
    let entry = "  - version: \"1.1\"\n    date: \"2026-12-02\"\n    notes:\n      nl: \"TRACES renamed \\\"Certificates\\\" and \\\"Create\\\".\"\n      # to translate: fr, de, en (until then, their pages show the nl note)\n    steps: [click-create, click-certificates]\n";
    let expected = yaml
        .replacen("version: \"1.0\"\n", "version: \"1.1\"\n", 1)
        .replacen("changelog:\n", &format!("changelog:\n{entry}"), 1);
    assert_eq!(
        project.read("content/procedures/flegt-access/procedure.yaml"),
        expected
    );
    // Clean again; a second release without changes is refused.
    project.run(CHECK).success();
    let again = project.run(&["release", "flegt-access", "--note", "again"]);
    assert_eq!(again.0.status.code(), Some(2), "{}", again.stderr());
    assert!(again.stderr().contains("nothing to release"));

    // The printout after differs in version, and marks the changed steps as the page does.
    project.run(&["build", "-q"]).success();
    let after = pdf_pages(&project, "output/en/flegt-access/flegt-access-en.pdf");
    assert!(
        after
            .iter()
            .all(|page| page.contains("Version 1.1 (2026-12-02) · Not verified")),
        "{after:?}"
    );
    let all = after.join(" ");
    assert!(
        all.contains(
            "Click Certificates & licences (top left of the screen) Changed in version 1.1"
        ),
        "{all}"
    );
    assert!(
        all.contains("Click Create operator Changed in version 1.1"),
        "{all}"
    );
    let page = project.read("output/en/flegt-access/index.html");
    assert_eq!(page.matches("data-changed-in=\"1.1\"").count(), 2);

    let diff = project.run(&["diff", "before.json"]).success().stdout();
    assert!(
        diff.starts_with("flegt-access (version 1.0 → 1.1)\n"),
        "{diff}"
    );
}

#[test]
fn a_step_added_before_others_renumbers_them_in_diff_and_check() {
    let project = Project::shipped();
    project.run(&["build", "-q"]).success();
    std::fs::copy(
        project.root().join("output/manifest.json"),
        project.root().join("before.json"),
    )
    .expect("copy");
    // TRACES adds a screen: a new step 3.c, so 3.c, 3.d and 3.e become 3.d, 3.e and 3.f.
    let yaml = project.read("content/procedures/flegt-access/procedure.yaml");
    project.write(
        "content/procedures/flegt-access/procedure.yaml",
        yaml.replace(
            "      - id: enter-password\n",
            "      - id: accept-terms\n      - id: enter-password\n",
        ),
    );
    for lang in ["nl", "fr", "de", "en"] {
        let path = format!("content/procedures/flegt-access/{lang}.md");
        let words = project.read(&path);
        let at = words
            .find("## ")
            .map(|_| words.find("{#enter-password}").expect("step"));
        let line_start = words[..at.expect("heading")].rfind("\n##").expect("line") + 1;
        let mut new = words.clone();
        new.insert_str(line_start, "## Accept the terms {#accept-terms}\n\n");
        project.write(&path, new);
    }
    let diff = project.run(&["diff", "before.json"]).success().stdout();
    for line in [
        "  added     3.c       accept-terms\n",
        "  renumbered 3.d       enter-password (was 3.c)\n",
        "  renumbered 3.e       click-certificates (was 3.d)\n",
        "  renumbered 3.f       start-registration (was 3.e)\n",
    ] {
        assert!(diff.contains(line), "{line:?} in:\n{diff}");
    }
    let json = project
        .run(&["diff", "before.json", "--format", "json"])
        .success()
        .stdout();
    assert!(json.contains("\"old_number\": \"3.d\""), "{json}");
    let check = project.run(CHECK).failure();
    assert!(
        check
            .stderr()
            .contains("3.c accept-terms added; 3.d enter-password renumbered (was 3.c); 3.e click-certificates renumbered (was 3.d)"),
        "{}",
        check.stderr()
    );
}

#[test]
fn a_first_release_records_and_a_changelog_is_started_where_there_is_none() {
    let project = Project::minimal();
    let yaml = project.read("content/procedures/demo/procedure.yaml");
    assert!(!yaml.contains("changelog:"));
    // Without a record and without a note: the current version is recorded as released.
    let first = project.run(&["release", "demo"]).success();
    assert!(
        first.stderr().contains("Recorded demo 2.1"),
        "{}",
        first.stderr()
    );
    assert_eq!(project.read("content/procedures/demo/procedure.yaml"), yaml);
    let record: serde_json::Value =
        serde_json::from_str(&project.read("content/procedures/demo/published.json"))
            .expect("JSON");
    assert_eq!(record["version"], "2.1");
    // Now a note is needed, and readers must see something new.
    let no_note = project.run(&["release", "demo"]);
    assert_eq!(no_note.0.status.code(), Some(2));
    assert!(
        no_note.stderr().contains("--note is required"),
        "{}",
        no_note.stderr()
    );
    let unknown = project.run(&["release", "nope", "--note", "x"]);
    assert_eq!(unknown.0.status.code(), Some(2));
    assert!(
        unknown.stderr().contains("no procedure `nope`"),
        "{}",
        unknown.stderr()
    );

    // A reworded step (a field's label counts too), released with --major.
    let en = project.read("content/procedures/demo/en.md");
    project.write(
        "content/procedures/demo/en.md",
        en.replace("## Choose {#decide}", "## Choose one {#decide}"),
    );
    project
        .run(&[
            "release",
            "demo",
            "--major",
            "--note",
            "Reworded.",
            "--today",
            "2026-12-02",
        ])
        .success();
    let entry = "changelog:\n  - version: \"3.0\"\n    date: \"2026-12-02\"\n    notes:\n      nl: \"Reworded.\"\n      # to translate: en (until then, their pages show the nl note)\n    steps: [decide]\n";
    let expected = yaml.replacen(
        "version: \"2.1\"\n",
        &format!("version: \"3.0\"\n{entry}"),
        1,
    );
    assert_eq!(
        project.read("content/procedures/demo/procedure.yaml"),
        expected
    );
    project
        .run(&["check", "--deny-warnings", "--today", "2026-12-02"])
        .success();
}

#[test]
fn a_version_raised_by_hand_needs_a_changelog_entry() {
    let project = Project::minimal();
    project.run(&["release", "demo"]).success();
    let yaml = project.read("content/procedures/demo/procedure.yaml");
    project.write(
        "content/procedures/demo/procedure.yaml",
        yaml.replace("version: \"2.1\"", "version: \"2.2\""),
    );
    let check = project
        .run(&["check", "--deny-warnings", "--today", "2026-12-02"])
        .failure();
    assert!(
        check.stderr().contains(
            "warning: version 2.2 of procedure `demo` has no changelog entry: readers cannot tell what changed since version 2.1"
        ),
        "{}",
        check.stderr()
    );
}

#[test]
fn a_changelog_written_as_a_flow_list_is_not_edited() {
    let project = Project::minimal();
    project.run(&["release", "demo"]).success();
    let yaml = project
        .read("content/procedures/demo/procedure.yaml")
        .replacen(
            "version: \"2.1\"\n",
            "version: \"2.1\"\nchangelog: [{version: \"2.1\", date: \"2026-03-02\"}]\n",
            1,
        );
    project.write("content/procedures/demo/procedure.yaml", &yaml);
    let en = project.read("content/procedures/demo/en.md");
    project.write(
        "content/procedures/demo/en.md",
        en.replace("## Choose {#decide}", "## Choose one {#decide}"),
    );
    let run = project.run(&["release", "demo", "--note", "Reworded."]);
    assert_eq!(run.0.status.code(), Some(2), "{}", run.stderr());
    assert!(run.stderr().contains("as a block list"), "{}", run.stderr());
    assert_eq!(project.read("content/procedures/demo/procedure.yaml"), yaml);
}
