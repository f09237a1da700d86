//! `stepbook init`, `stepbook new procedure`, the published JSON Schemas and shell completions.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::common::{Project, repo};

/// Validates a YAML document against a schema file; the list of problems.
fn problems(schema: &Path, yaml: &str) -> Vec<String> {
    let schema: Value = serde_json::from_str(&fs::read_to_string(schema).expect("read schema"))
        .expect("schema is JSON");
    let instance: Value = serde_saphyr::from_str(yaml).expect("YAML");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    validator
        .iter_errors(&instance)
        .map(|e| e.to_string())
        .collect()
}

/// The schema a YAML file names in its `yaml-language-server` modeline, resolved.
fn named_schema(file: &Path) -> std::path::PathBuf {
    let text = fs::read_to_string(file).expect("read");
    let first = text.lines().next().unwrap_or_default();
    let relative = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("{} has no schema modeline: {first}", file.display()));
    let schema = file.parent().expect("folder").join(relative);
    assert!(
        schema.is_file(),
        "{} names {}",
        file.display(),
        schema.display()
    );
    schema
}

#[test]
fn init_and_new_procedure_build_and_check_clean_and_match_the_schemas() {
    let parent = Project::minimal();
    parent
        .run(&["init", "handbook", "--languages", "nl,fr,en"])
        .success();
    let root = parent.root().join("handbook");
    assert!(
        !root.join("themes").exists(),
        "the default theme is not copied"
    );
    let run = |args: &[&str]| {
        let mut full = args.to_vec();
        full.extend(["--root", "handbook"]);
        parent.run(&full)
    };
    run(&["new", "procedure", "import-licence"]).success();
    let check = run(&["check"]).success();
    assert!(!check.stderr().contains("warning"), "{}", check.stderr());
    assert!(
        check
            .stderr()
            .contains("checked 2 procedures in 3 languages"),
        "{}",
        check.stderr()
    );
    // Both procedures are drafts, as `init` and `new` write them: a build leaves them out and
    // says so; `--drafts` publishes them.
    let build = parent.run(&["build", "--root", "handbook"]).success();
    assert!(
        build.stderr().contains("built 0 procedures")
            && build
                .stderr()
                .contains("2 drafts left out (`--drafts` publishes them)"),
        "{}",
        build.stderr()
    );
    assert!(!root.join("output/nl/import-licence").exists());
    let build = parent
        .run(&["build", "--root", "handbook", "--drafts"])
        .success();
    assert!(!build.stderr().contains("warning"), "{}", build.stderr());
    for lang in ["nl", "fr", "en"] {
        let page = parent.read(&format!("handbook/output/{lang}/import-licence/index.html"));
        assert!(
            page.contains("Example application") || page.contains("Save"),
            "{page}"
        );
        assert!(
            root.join(format!(
                "output/{lang}/import-licence/import-licence-{lang}.pdf"
            ))
            .is_file()
        );
    }

    let yaml_files: Vec<_> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .map(|e| e.into_path())
        .collect();
    assert_eq!(yaml_files.len(), 5, "{yaml_files:?}");
    for file in &yaml_files {
        let schema = named_schema(file);
        let found = problems(&schema, &fs::read_to_string(file).expect("read"));
        assert!(found.is_empty(), "{}: {found:?}", file.display());
    }
    let words =
        fs::read_to_string(root.join("content/procedures/import-licence/fr.md")).expect("read");
    let front = words.split("---\n").nth(1).expect("front matter");
    let front_schema = root.join("schemas/front-matter.schema.json");
    assert_eq!(problems(&front_schema, front), Vec::<String>::new());

    // The project's schemas are the published ones.
    for (name, _) in stepbook::scaffold::schema::all() {
        assert_eq!(
            fs::read_to_string(root.join("schemas").join(name)).expect("project schema"),
            fs::read_to_string(repo().join("schemas").join(name)).expect("published schema"),
            "{name}"
        );
    }

    // The schemas do reject what the loader rejects: the validation above can fail.
    let site_schema = root.join("schemas/site.schema.json");
    assert!(
        !problems(
            &site_schema,
            "title: {en: x}\nlanguages: [en]\ncolour: red\n"
        )
        .is_empty()
    );
    let procedure_schema = root.join("schemas/procedure.schema.json");
    assert!(!problems(&procedure_schema, "version: '1'\nsections: [{steps: []}]\n").is_empty());
}

#[test]
fn init_and_new_refuse_to_overwrite_or_bad_ids() {
    let project = Project::minimal();
    let run = project.run(&["init", "content"]).failure();
    assert!(run.stderr().contains("already exists"), "{}", run.stderr());
    let run = project.run(&["new", "procedure", "demo"]).failure();
    assert!(run.stderr().contains("already exists"), "{}", run.stderr());
    let run = project.run(&["new", "procedure", "Bad_Id"]).failure();
    assert!(run.stderr().contains("not a valid id"), "{}", run.stderr());
    project.run(&["new", "procedure", "second"]).success();
    project.run(&["check"]).success();
}

#[test]
fn init_with_a_language_twice_writes_nothing() {
    let project = Project::minimal();
    std::fs::create_dir(project.root().join("empty")).expect("folder");
    for (folder, languages) in [("fresh", "nl,nl"), ("empty", "nl,en,nl")] {
        let run = project
            .run(&["init", folder, "--languages", languages])
            .failure();
        assert!(
            run.stderr().contains("`nl` is given twice")
                && run.stderr().contains("nothing was written"),
            "{}",
            run.stderr()
        );
    }
    assert!(!project.root().join("fresh").exists());
    assert_eq!(
        std::fs::read_dir(project.root().join("empty"))
            .expect("list")
            .count(),
        0
    );
}

#[test]
fn the_published_schemas_match_the_code() {
    let project = Project::minimal();
    project.run(&["schemas", "--out", "fresh"]).success();
    let published = repo().join("schemas");
    for (name, text) in stepbook::scaffold::schema::all() {
        let fresh = project.read(&format!("fresh/{name}"));
        assert_eq!(fresh, text);
        let old = fs::read_to_string(published.join(name)).unwrap_or_default();
        assert!(
            old == fresh,
            "schemas/{name} is out of date with the content types; update it with \
             `cargo run -- schemas --out schemas` and commit the result"
        );
    }
}

#[test]
fn completions_and_plain_output_when_piped() {
    let project = Project::minimal();
    for shell in ["bash", "zsh", "fish"] {
        let script = project.run(&["completions", shell]).success().stdout();
        assert!(
            script.contains("serve") && script.contains("schemas"),
            "{shell}"
        );
    }
    let build = project.run(&["build"]).success();
    assert!(!build.stderr().contains('\u{1b}'), "{:?}", build.stderr());
}

/// The shipped content names its schemas as `init` writes them, and matches them.
#[test]
fn the_shipped_yaml_files_name_their_schemas_and_match_them() {
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "yaml") {
            let schema = named_schema(entry.path());
            let text = fs::read_to_string(entry.path()).expect("read");
            assert_eq!(
                problems(&schema, &text),
                Vec::<String>::new(),
                "{}",
                entry.path().display()
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 9);
}

/// The schema comments are comments: the shipped content builds to the same bytes without them.
#[test]
fn schema_modelines_do_not_change_the_output() {
    let with = Project::shipped();
    let without = Project::shipped();
    for entry in walkdir::WalkDir::new(without.root().join("content")) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "yaml") {
            let text = fs::read_to_string(entry.path()).expect("read");
            let (first, rest) = text.split_once('\n').expect("lines");
            assert!(first.starts_with("# yaml-language-server: $schema="));
            fs::write(entry.path(), rest).expect("write");
        }
    }
    for project in [&with, &without] {
        project.run(&["build", "-q", "--drafts"]).success();
    }
    let a = crate::common::snapshot_tree(&with.root().join("output"));
    let b = crate::common::snapshot_tree(&without.root().join("output"));
    assert!(a.len() > 30, "{} files", a.len());
    assert!(a == b, "the output differs");
}

/// Issue 18 item 8: `init` writes each of its four languages' own starter texts (no English left
/// under `nl`, `fr` or `de`) and checks and builds clean; any other language gets the English
/// texts marked `(translate)`, which `check` reports until they are translated.
#[test]
fn init_writes_starter_texts_per_language_and_marks_the_others_to_translate() {
    use stepbook::scaffold::starter::{LANGUAGES, starter};
    let starter_files = [
        "content/site.yaml",
        "content/fields.yaml",
        "content/procedures/first-procedure/{lang}.md",
    ];
    let english = starter("en");
    let english_texts = [
        &english.site_title,
        &english.site_description,
        &english.company_name,
        &english.first_procedure,
        &english.summary,
        &english.getting_started,
        &english.first_step,
        &english.have_at_hand,
    ];
    for lang in LANGUAGES {
        let parent = Project::minimal();
        parent
            .run(&["init", "handbook", "--languages", lang])
            .success();
        let check = parent
            .run(&["check", "--root", "handbook", "--deny-warnings"])
            .success();
        assert!(!check.stderr().contains("warning"), "{}", check.stderr());
        parent
            .run(&["build", "--root", "handbook", "--drafts", "-q"])
            .success();
        let own = starter(lang);
        let words = parent.read(&format!(
            "handbook/content/procedures/first-procedure/{lang}.md"
        ));
        assert!(
            words.contains(&format!("# {} {{#getting-started}}", own.getting_started)),
            "{words}"
        );
        assert!(
            parent
                .read("handbook/content/fields.yaml")
                .contains(&format!("    {lang}: {}\n", own.company_name))
        );
        let page = parent.read(&format!(
            "handbook/output/{lang}/first-procedure/index.html"
        ));
        assert!(page.contains(&own.first_procedure), "{lang}");
        if lang == "en" {
            continue;
        }
        for file in starter_files {
            let text = parent.read(&format!("handbook/{}", file.replace("{lang}", lang)));
            for english_text in english_texts {
                let english_text = english_text
                    .split('{')
                    .next()
                    .expect("text before a reference");
                // "Procedures" is Dutch as well.
                if english_text == own.site_title {
                    continue;
                }
                assert!(
                    !text.contains(english_text),
                    "{lang}: `{english_text}` in {file}:\n{text}"
                );
            }
        }
    }

    let parent = Project::minimal();
    parent
        .run(&["init", "handbook", "--languages", "ja,en"])
        .success();
    let check = parent.run(&["check", "--root", "handbook", "--format", "json"]);
    let report: Value = serde_json::from_str(&check.success().stdout()).expect("JSON");
    let marks: Vec<&Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "to-translate")
        .collect();
    // Site title and description, the field label, and the procedure's title, summary,
    // introduction, two headings and one paragraph: nine texts, each in Japanese only.
    assert_eq!(marks.len(), 9, "{report:#}");
    assert_eq!(report["warnings"], 9, "{report:#}");
    for mark in &marks {
        assert!(
            mark["message"]
                .as_str()
                .is_some_and(|m| m.contains("write it in `ja`")),
            "{mark}"
        );
    }
    parent
        .run(&["check", "--root", "handbook", "--deny-warnings"])
        .failure();
    // Translated (here: the mark removed), the project checks clean.
    for file in starter_files {
        let path = format!("handbook/{}", file.replace("{lang}", "ja"));
        parent.write(&path, parent.read(&path).replace("(translate) ", ""));
    }
    parent
        .run(&["check", "--root", "handbook", "--deny-warnings"])
        .success();
}
