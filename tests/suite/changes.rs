//! The maintainer's day: rename a screen label with a one-line edit, `check`, rebuild, `diff`.
//! Also the changelog page, change markers, shared steps and the country data on real output.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

use crate::common::{Project, snapshot_tree};

/// Languages of the site, read from `site.yaml` (`languages: [nl, fr]`) without stepbook.
fn languages(project: &Project) -> Vec<String> {
    let site = project.read("content/site.yaml");
    let line = site
        .lines()
        .find_map(|l| l.strip_prefix("languages:"))
        .expect("languages line");
    line.trim()
        .trim_matches(['[', ']'])
        .split(',')
        .map(|l| l.trim().to_string())
        .collect()
}

/// Every `.md` file a procedure's pages are written from: its own and those of the shared
/// groups its `procedure.yaml` includes (found by reading the YAML as text, not by stepbook).
fn words_files(project: &Project, procedure: &str) -> Vec<PathBuf> {
    let folder = project.root().join("content/procedures").join(procedure);
    let structure = project.read(&format!("content/procedures/{procedure}/procedure.yaml"));
    let mut folders = vec![folder];
    for line in structure.lines() {
        if let Some(include) = line
            .trim()
            .trim_start_matches("- ")
            .strip_prefix("include:")
        {
            let group = include.trim().split('/').next().expect("group");
            folders.push(project.root().join("content/shared").join(group));
        }
    }
    folders
        .iter()
        .flat_map(|folder| std::fs::read_dir(folder).expect("folder"))
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect()
}

/// The ids of the items whose words contain `needle`: the `{#id}` heading a line falls under.
fn items_using(path: &Path, needle: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).expect("words");
    let mut current = None;
    let mut ids = BTreeSet::new();
    for line in text.lines() {
        if line.starts_with('#')
            && let Some(start) = line.rfind("{#")
        {
            current = Some(line[start + 2..].trim_end_matches('}').to_string());
        }
        if line.contains(needle)
            && let Some(id) = &current
        {
            ids.insert(id.clone());
        }
    }
    ids
}

fn procedures(project: &Project) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(project.root().join("content/procedures"))
        .expect("procedures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

#[test]
fn renaming_one_label_touches_exactly_the_pages_pdfs_and_steps_that_use_it() {
    let project = Project::shipped();
    project.run(&["build", "-q", "--drafts"]).success();
    let before = snapshot_tree(&project.root().join("output"));
    let old_manifest = project.root().join("old-manifest.json");
    std::fs::copy(project.root().join("output/manifest.json"), &old_manifest).expect("copy");

    // The one-line edit: TRACES renames its "Create" button.
    let labels = project.read("content/labels/traces.yaml");
    assert_eq!(labels.matches("    text: Create\n").count(), 1);
    project.write(
        "content/labels/traces.yaml",
        labels.replace("    text: Create\n", "    text: Create operator\n"),
    );

    // `check` finds nothing wrong and counts what the edit touched compared with the last build,
    // in one line that does not push the warnings out of view; `--changes` lists it. The
    // released procedure's readers would now see something else under version 1.0 (the draft has
    // no release record): a warning until `stepbook release` (see release.rs).
    let check = project
        .run(&["check", "--allow", "example-base-url"])
        .success();
    let count = check.stderr();
    assert!(
        count.contains(
            "changes since the last build: 2 steps in 2 procedures, 1 label (`stepbook check --changes` lists them)"
        ),
        "{count}"
    );
    assert!(!count.contains("label traces:create renamed"), "{count}");
    let check = project
        .run(&["check", "--changes", "--allow", "example-base-url"])
        .success();
    let report = check.stderr();
    assert!(
        report.contains("warning: what readers see of procedure `flegt-access` changed since version 1.0 was released"),
        "{report}"
    );
    assert!(!report.contains("procedure `eudr-dds` changed"), "{report}");
    assert!(
        report.contains("label traces:create renamed: \"Create\" → \"Create operator\""),
        "{report}"
    );

    // What uses the label, computed from the content files without stepbook.
    let needle = "[[traces:create]]";
    let mut expected_pages = BTreeSet::new();
    let mut expected_steps = BTreeSet::new();
    for procedure in procedures(&project) {
        let mut used = false;
        for file in words_files(&project, &procedure) {
            for id in items_using(&file, needle) {
                expected_steps.insert((procedure.clone(), id));
                used = true;
            }
        }
        if used {
            for lang in languages(&project) {
                expected_pages.insert(format!("{lang}/{procedure}/index.html"));
                expected_pages.insert(format!("{lang}/{procedure}/{procedure}-{lang}.pdf"));
            }
        }
    }
    let users: BTreeSet<&str> = expected_steps.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        users.len(),
        2,
        "the label is in a shared step of both procedures"
    );

    project.run(&["build", "-q", "--drafts"]).success();
    let after = snapshot_tree(&project.root().join("output"));
    let changed: BTreeSet<String> = after
        .iter()
        .filter(|(path, bytes)| {
            before
                .iter()
                .find(|(p, _)| p == path)
                .is_none_or(|(_, old)| old != bytes)
        })
        .map(|(path, _)| path.to_string_lossy().replace('\\', "/"))
        .collect();
    // Pages and checklists only: data files (the manifest with its hashes, and any search index
    // made of the page texts) change too, by design, and are not pages a reader opens.
    let changed_pages: BTreeSet<String> = changed
        .iter()
        .filter(|p| p.ends_with(".html") || p.ends_with(".pdf"))
        .cloned()
        .collect();
    assert_eq!(changed_pages, expected_pages);
    assert!(changed.contains("manifest.json"));
    assert_eq!(before.len(), after.len(), "no file appeared or disappeared");

    // `diff` lists exactly those steps, in both procedures.
    let diff = project
        .run(&["diff", "old-manifest.json", "--format", "json"])
        .success();
    let diff: serde_json::Value = serde_json::from_str(&diff.stdout()).expect("JSON");
    let mut listed = BTreeSet::new();
    for procedure in diff["procedures"].as_array().expect("procedures") {
        for change in procedure["changes"].as_array().expect("changes") {
            assert_eq!(change["kind"], "reworded", "{change}");
            assert_eq!(change["renamed_labels"][0], "traces:create");
            listed.insert((
                procedure["id"].as_str().expect("id").to_string(),
                change["id"].as_str().expect("id").to_string(),
            ));
        }
    }
    assert_eq!(listed, expected_steps);
    assert_eq!(
        diff["labels"],
        serde_json::json!([{"id": "traces:create", "old": "Create", "new": "Create operator"}])
    );
    let text = project
        .run(&["diff", "old-manifest.json"])
        .success()
        .stdout();
    assert!(
        text.contains("reworded") && text.contains("click-create (shared: traces-operator)"),
        "{text}"
    );
}

#[test]
fn diff_reports_added_removed_and_moved_steps() {
    let project = Project::minimal();
    project.run(&["build", "-q"]).success();
    std::fs::copy(
        project.root().join("output/manifest.json"),
        project.root().join("old.json"),
    )
    .expect("copy");
    let structure = project.read("content/procedures/demo/procedure.yaml");
    // Move `open` after `decide`, drop `confirm`, add `wait`; withdraw it as version 2.2.
    let structure = structure
        .replace(
            "version: \"2.1\"\n",
            "version: \"2.2\"\nstatus: withdrawn\n",
        )
        .replace(
            "      - id: open\n      - id: decide\n",
            "      - id: decide\n",
        )
        .replace(
            "      - id: mail\n",
            "      - id: open\n      - id: wait\n      - id: mail\n",
        )
        .replace(
            "                substeps:\n                  - id: confirm\n",
            "",
        );
    project.write("content/procedures/demo/procedure.yaml", structure);
    for lang in ["nl", "en"] {
        let path = format!("content/procedures/demo/{lang}.md");
        let words = project.read(&path);
        let words = words
            .lines()
            .filter(|l| !l.contains("{#confirm}"))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n\n## Wait {#wait}\n";
        project.write(&path, words);
    }
    let diff = project
        .run(&["diff", "old.json", "--format", "json"])
        .success();
    let diff: serde_json::Value = serde_json::from_str(&diff.stdout()).expect("JSON");
    assert_eq!(diff["procedures"][0]["old_version"], "2.1");
    assert_eq!(diff["procedures"][0]["new_version"], "2.2");
    assert_eq!(
        diff["procedures"][0]["status"],
        serde_json::json!(["published", "withdrawn"])
    );
    let text = project.run(&["diff", "old.json"]).success().stdout();
    assert!(
        text.starts_with("demo (version 2.1 → 2.2)\n  status: published → withdrawn\n"),
        "{text}"
    );
    let changes: BTreeSet<(String, String)> = diff["procedures"][0]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().expect("kind").to_string(),
                c["id"].as_str().expect("id").to_string(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String)> = [
        ("moved", "open"),
        ("moved", "decide"),
        ("added", "wait"),
        ("removed", "confirm"),
        // Its note says "see step [[#open]]", whose number changed: the words readers see did.
        ("reworded", "press-cancel"),
        // `decide` moved up from 1.b to 1.a, so everything under it has a new number (people
        // quote them); `mail` is 1.d, after the new `wait`.
        ("renumbered", "yes-path"),
        ("renumbered", "press-save"),
        ("renumbered", "no-path"),
        ("renumbered", "press-cancel"),
        ("renumbered", "mail"),
        ("renumbered", "mail-sent"),
    ]
    .into_iter()
    .map(|(k, i)| (k.to_string(), i.to_string()))
    .collect();
    assert_eq!(changes, expected);
}

#[test]
fn a_bad_old_manifest_is_a_usage_error() {
    let project = Project::minimal();
    project.write("old.json", "{\"not\": \"a manifest\"}");
    let run = project.run(&["diff", "old.json"]);
    assert_eq!(run.0.status.code(), Some(2), "{}", run.stderr());
    assert!(
        run.stderr().contains("is not a stepbook manifest"),
        "{}",
        run.stderr()
    );
}

#[test]
fn changelog_page_and_markers_show_what_changed_in_which_version() {
    let project = Project::minimal();
    let structure = project.read("content/procedures/demo/procedure.yaml").replace(
        "version: \"2.1\"\n",
        "version: \"2.1\"\nchangelog:\n  - version: \"2.1\"\n    date: \"2026-03-02\"\n    notes:\n      nl: De knop heet nu anders.\n      en: The button was renamed.\n    steps: [press-save]\n  - version: \"2.0\"\n    date: \"2025-12-01\"\n    steps: [press-save, open]\n",
    );
    project.write("content/procedures/demo/procedure.yaml", structure);
    project.run(&["build", "-q"]).success();
    let page = Html::parse_document(&project.read("output/en/demo/index.html"));
    let markers: Vec<(String, String)> = page
        .select(&Selector::parse(".changed-marker").expect("css"))
        .map(|m| {
            let step = m
                .ancestors()
                .filter_map(scraper::ElementRef::wrap)
                .find(|e| {
                    e.value()
                        .has_class("step", scraper::CaseSensitivity::CaseSensitive)
                })
                .and_then(|e| e.value().id())
                .expect("in a step")
                .to_string();
            (
                step,
                m.value()
                    .attr("data-changed-in")
                    .expect("version")
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(
        markers,
        [
            ("open".to_string(), "2.0".to_string()),
            ("press-save".into(), "2.1".into())
        ]
    );
    let changelog = Html::parse_document(&project.read("output/en/demo/changelog.html"));
    let text: String = changelog.root_element().text().collect();
    assert!(text.contains("The button was renamed."), "{text}");
    let links: Vec<&str> = changelog
        .select(&Selector::parse(".changed-steps a").expect("css"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        links,
        [
            "index.html#press-save",
            "index.html#press-save",
            "index.html#open"
        ]
    );
    // The checklist prints version and date on every page, so a printout matches the site.
    let doc =
        lopdf::Document::load(project.root().join("output/en/demo/demo-en.pdf")).expect("pdf");
    for number in doc.get_pages().keys() {
        let text = doc.extract_text(&[*number]).expect("text");
        assert!(
            text.contains("Version 2.1 (2026-03-02)"),
            "page {number}: {text}"
        );
    }
}

#[test]
fn shared_steps_labels_and_country_data_on_the_shipped_pages() {
    let project = Project::shipped();
    project.run(&["build", "-q", "--drafts"]).success();
    let flegt = Html::parse_document(&project.read("output/nl/flegt-access/index.html"));
    let eudr = Html::parse_document(&project.read("output/nl/eudr-dds/index.html"));
    let label = Selector::parse("kbd[data-label=\"traces:create\"]").expect("css");
    for page in [&flegt, &eudr] {
        let kbd = page
            .select(&label)
            .next()
            .expect("the shared step shows the label");
        assert_eq!(
            kbd.value().attr("title"),
            Some("TRACES NT › Nieuwe operator")
        );
        assert_eq!(kbd.text().collect::<String>(), "Create");
    }
    let status = Selector::parse(".procedure-header .status").expect("css");
    let status_of = |page: &Html| {
        page.select(&status)
            .next()
            .map(|s| s.text().collect::<String>())
    };
    assert_eq!(status_of(&eudr).as_deref(), Some("Concept"));
    // Not one of its screen labels carries a date: it says so.
    assert_eq!(status_of(&flegt).as_deref(), Some("Niet gecontroleerd"));
    let email = flegt
        .select(&Selector::parse("figure.email").expect("css"))
        .next()
        .expect("the role-request e-mail");
    let attr = |name: &str| email.value().attr(name).unwrap_or_default().to_string();
    assert_eq!(attr("data-cc-authority"), "flegt");
    assert_eq!(attr("data-cc-country"), "BE");
    let by_country: serde_json::Value =
        serde_json::from_str(&attr("data-cc-by-country")).expect("JSON");
    assert_eq!(by_country["BE"], "flegt@environment.belgium.be");
    let mailto = flegt
        .select(&Selector::parse("figure.email a[href^=\"mailto:\"]").expect("css"))
        .next()
        .and_then(|a| a.value().attr("href"))
        .expect("mailto");
    assert!(
        mailto.contains("cc=flegt@environment.belgium.be"),
        "{mailto}"
    );
    let eudr_text: String = eudr.root_element().text().collect();
    for fact in [
        "2023/1115",
        "30 december 2026",
        "30 juni 2027",
        "11 juni 2024",
    ] {
        assert!(eudr_text.contains(fact), "{fact}");
    }
}

#[test]
fn label_provenance_shows_in_tooltips_and_the_oldest_date_in_the_header() {
    let project = Project::minimal();
    project.write(
        "content/labels/app.yaml",
        "name: The App\nscreens:\n  editor:\n    title:\n      nl: Editor\nlabels:\n  save:\n    text: Save\n    screen: editor\n    verified: \"2026-05-01\"\n    source: https://example.org/app\n  cancel:\n    text: Cancel\n    verified: \"2026-04-02\"\n",
    );
    project
        .run_with_env(&["build", "-q"], &[("SOURCE_DATE_EPOCH", "1780000000")])
        .success();
    let page = Html::parse_document(&project.read("output/nl/demo/index.html"));
    let title = |label: &str| {
        page.select(&Selector::parse(&format!("kbd[data-label=\"app:{label}\"]")).expect("css"))
            .next()
            .and_then(|k| k.value().attr("title").map(str::to_string))
    };
    assert_eq!(
        title("save").as_deref(),
        Some("The App › Editor · 2026-05-01")
    );
    assert_eq!(title("cancel").as_deref(), Some("The App · 2026-04-02"));
    // Every label the page uses is dated: verified, on the oldest of the dates.
    let verification: String = page
        .select(&Selector::parse(".procedure-header [data-verification]").expect("css"))
        .flat_map(|t| t.text())
        .collect();
    assert_eq!(
        verification, "Gecontroleerd op 2026-04-02",
        "the oldest date of the labels the page uses"
    );
}

#[test]
fn serve_rebuilds_every_procedure_that_includes_an_edited_shared_step() {
    use stepbook::site::cache::{Changes, Session};
    let project = Project::shipped();
    let root = project.root();
    let full = || -> std::collections::BTreeMap<String, Vec<u8>> {
        let (files, _) =
            stepbook::render(&stepbook::project::Project::new(root, None)).expect("build");
        files
            .into_iter()
            .map(|f| (f.path.to_string_lossy().replace('\\', "/"), f.bytes))
            .collect()
    };
    let mut session = Session::new(stepbook::project::Project::new(root, None));
    session.rebuild(&Changes::all()).expect("first build");
    let words = project.read("content/shared/traces-operator/nl.md");
    project.write(
        "content/shared/traces-operator/nl.md",
        words.replace("vul dit in", "vul dit volledig in"),
    );
    let root_abs = root.canonicalize().expect("root");
    let edited = root_abs.join("content/shared/traces-operator/nl.md");
    let changes = Changes::from_paths(
        [edited.as_path()],
        &root_abs.join("content"),
        &root_abs.join("themes"),
    );
    session.rebuild(&changes).expect("rebuild");
    let site: std::collections::BTreeMap<String, Vec<u8>> = session
        .site()
        .iter()
        .map(|(p, b)| (p.clone(), b.to_vec()))
        .collect();
    assert_eq!(site, full());
    for procedure in ["flegt-access", "eudr-dds"] {
        let page = &site[&format!("nl/{procedure}/index.html")];
        assert!(
            String::from_utf8_lossy(page).contains("vul dit volledig in"),
            "{procedure}"
        );
    }
}
