//! Incremental rebuilds (`serve`): after each edit the site equals a full build of the same
//! content, byte for byte, and an edit to one procedure re-renders only that procedure's files.

use std::collections::BTreeMap;
use std::path::Path;

use stepbook::project::Project as StepbookProject;
use stepbook::site::cache::{Changes, Session, Site};

use crate::common::Project;

fn full_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let (files, _) = stepbook::render(&StepbookProject::new(root, None)).expect("build");
    files
        .into_iter()
        .map(|f| (f.path.to_string_lossy().replace('\\', "/"), f.bytes))
        .collect()
}

fn plain(site: &Site) -> BTreeMap<String, Vec<u8>> {
    site.iter().map(|(p, b)| (p.clone(), b.to_vec())).collect()
}

fn changed(paths: &[&str], root: &Path) -> Changes {
    let root = root.canonicalize().expect("root");
    let paths: Vec<_> = paths.iter().map(|p| root.join(p)).collect();
    Changes::from_paths(
        paths.iter().map(|p| p.as_path()),
        &root.join("content"),
        &root.join("themes"),
    )
}

#[test]
fn rebuilds_only_what_an_edit_touches_and_matches_a_full_build() {
    let project = Project::minimal();
    let root = project.root();
    let mut session = Session::new(StepbookProject::new(root, None));
    let first = session.rebuild(&Changes::all()).expect("first build");
    assert_eq!(first.rendered, first.report.files);
    assert_eq!(plain(&session.site()), full_build(root));

    // One language file of one procedure: that page, that checklist (and its fill script) and
    // the language's search index (which holds the words of the language's pages), nothing
    // else.
    let words = project.read("content/procedures/demo/en.md");
    project.write(
        "content/procedures/demo/en.md",
        words.replace("## Choose", "Pick one.\n\n## Choose"),
    );
    let edit = session
        .rebuild(&changed(&["content/procedures/demo/en.md"], root))
        .expect("rebuild");
    assert_eq!(
        edit.rendered, 4,
        "en/demo/index.html, en/demo/demo-en.pdf(.js) and en/search-index.js"
    );
    assert_eq!(plain(&session.site()), full_build(root));

    // A new title is on the index page too (English is not the source language, so the root
    // index.html, which is the Dutch index, stays).
    let words = project.read("content/procedures/demo/en.md");
    project.write(
        "content/procedures/demo/en.md",
        words.replace("title: Demo procedure", "title: Demo walk-through"),
    );
    let retitled = session
        .rebuild(&changed(&["content/procedures/demo/en.md"], root))
        .expect("rebuild");
    assert_eq!(
        retitled.rendered, 5,
        "en/index.html, en/demo/index.html, the PDF and its script, en/search-index.js"
    );
    assert_eq!(plain(&session.site()), full_build(root));

    // Saving without a change renders nothing.
    let again = session
        .rebuild(&changed(&["content/procedures/demo/en.md"], root))
        .expect("rebuild");
    assert_eq!(again.rendered, 0);

    // A screen label is shared: everything that uses it follows.
    let labels = project.read("content/labels/app.yaml");
    project.write(
        "content/labels/app.yaml",
        labels.replace("text: Save", "text: Store"),
    );
    session
        .rebuild(&changed(&["content/labels/app.yaml"], root))
        .expect("rebuild");
    let site = plain(&session.site());
    assert_eq!(site, full_build(root));
    assert!(String::from_utf8_lossy(&site["nl/demo/index.html"]).contains("Store"));

    // A new procedure appears, and the index pages list it; removing it takes it away again.
    project.run(&["new", "procedure", "extra"]).success();
    session
        .rebuild(&changed(&["content/procedures/extra/procedure.yaml"], root))
        .expect("rebuild");
    assert_eq!(plain(&session.site()), full_build(root));
    assert!(session.site().contains_key("en/extra/index.html"));
    std::fs::remove_dir_all(root.join("content/procedures/extra")).expect("remove");
    session
        .rebuild(&changed(&["content/procedures/extra"], root))
        .expect("rebuild");
    assert_eq!(plain(&session.site()), full_build(root));

    // A theme file: the theme is reloaded and every page follows.
    project.write(
        "themes/default/static/style.css",
        "body { color: #123456 }\n",
    );
    let themed = session
        .rebuild(&changed(&["themes/default/static/style.css"], root))
        .expect("rebuild");
    assert_eq!(
        themed.rendered, themed.report.files,
        "a theme change renders everything"
    );
    let site = plain(&session.site());
    assert_eq!(site, full_build(root));
    assert_eq!(site["static/style.css"], b"body { color: #123456 }\n");

    // A broken file fails the rebuild and keeps the last good site; fixing it recovers.
    let good = plain(&session.site());
    let structure = project.read("content/procedures/demo/procedure.yaml");
    project.write("content/procedures/demo/procedure.yaml", "version: [\n");
    assert!(
        session
            .rebuild(&changed(&["content/procedures/demo/procedure.yaml"], root))
            .is_err()
    );
    assert_eq!(plain(&session.site()), good);
    project.write("content/procedures/demo/procedure.yaml", &structure);
    session
        .rebuild(&changed(&["content/procedures/demo/procedure.yaml"], root))
        .expect("rebuild");
    assert_eq!(plain(&session.site()), full_build(root));
}

#[test]
fn sorts_changed_paths_into_procedures_content_and_theme() {
    let root = Path::new("/p");
    let changes = Changes::from_paths(
        [
            Path::new("/p/content/procedures/a/nl.md"),
            Path::new("/p/content/procedures/b/.nl.md.swp"),
        ],
        &root.join("content"),
        &root.join("themes"),
    );
    assert_eq!(changes.procedures.iter().collect::<Vec<_>>(), ["a"]);
    assert!(!changes.content && !changes.theme);
    let changes = Changes::from_paths(
        [
            Path::new("/p/content/site.yaml"),
            Path::new("/p/themes/default/templates/base.html"),
        ],
        &root.join("content"),
        &root.join("themes"),
    );
    assert!(changes.content && changes.theme);
}

/// Each kind of edit to the shipped project (two procedures sharing steps, four languages): the
/// session's site equals a full build, and exactly the files whose bytes changed are made again,
/// counted against two full builds made independently of the session. The one exception is
/// stated: a changelog page is made from the whole view of its procedure (a theme may show any
/// of it), so it is made again with its page even when what the default theme shows of it did
/// not change.
#[test]
fn each_kind_of_edit_makes_again_exactly_the_files_that_change() {
    let project = Project::shipped();
    let root = project.root();
    let mut session = Session::new(StepbookProject::new(root, None));
    session.rebuild(&Changes::all()).expect("first build");
    type Edit = (&'static str, &'static str, &'static str);
    let edits: [Edit; 4] = [
        // The words of one step of one procedure in one language.
        (
            "content/procedures/flegt-access/fr.md",
            "## Cliquez sur",
            "## Cliquez bien sur",
        ),
        // A screen label that both procedures use (through the shared TRACES steps).
        (
            "content/labels/traces.yaml",
            "text: Operator",
            "text: Operators",
        ),
        // The label of a fill-in field, in one language.
        ("content/fields.yaml", "nl: Voornaam", "nl: Roepnaam"),
        // The words of a shared step, in one language.
        (
            "content/shared/traces-operator/de.md",
            "## Klicken Sie",
            "## Klicken Sie bitte",
        ),
    ];
    for (path, from, to) in edits {
        let before = full_build(root);
        let text = project.read(path);
        assert!(text.contains(from), "{path} has no `{from}`");
        project.write(path, text.replacen(from, to, 1));
        let after = full_build(root);
        let differs = |file: &String| before.get(file) != after.get(file);
        let changed_files = after.keys().filter(|file| differs(file)).count();
        let changelogs_of_changed_pages = after
            .keys()
            .filter(|file| file.ends_with("/changelog.html") && !differs(file))
            .filter(|file| differs(&file.replace("/changelog.html", "/index.html")))
            .count();
        let rebuild = session.rebuild(&changed(&[path], root)).expect("rebuild");
        assert_eq!(plain(&session.site()), after, "{path}");
        assert!(changed_files > 0, "{path}: the edit changed nothing");
        assert_eq!(
            rebuild.rendered,
            changed_files + changelogs_of_changed_pages,
            "{path}"
        );
    }
}

/// The session keeps each procedure's rule results between rebuilds; they read the shared
/// content, so an edit of it must drop them. A field the procedure uses, renamed in
/// `fields.yaml`, is then an error in the procedure's own files, exactly as `check` reports it;
/// with stale results the rebuild would pass. Renaming it back makes the site whole again.
#[test]
fn an_edit_of_shared_content_runs_each_procedures_rules_again() {
    let project = Project::minimal();
    let root = project.root();
    let stepbook = StepbookProject::new(root, None);
    let mut session = Session::new(stepbook.clone());
    session.rebuild(&Changes::all()).expect("first build");
    // An edit of the procedure itself: its rules run again, the others' results are kept.
    let words = project.read("content/procedures/demo/en.md");
    project.write(
        "content/procedures/demo/en.md",
        words.replace("## Choose", "Pick one.\n\n## Choose"),
    );
    session
        .rebuild(&changed(&["content/procedures/demo/en.md"], root))
        .expect("rebuild");

    let fields = project.read("content/fields.yaml");
    assert!(fields.contains("\neori:\n"));
    project.write(
        "content/fields.yaml",
        fields.replace("\neori:\n", "\neori-number:\n"),
    );
    let Err(stepbook::Error::Content(served)) =
        session.rebuild(&changed(&["content/fields.yaml"], root))
    else {
        panic!("the rename must break the procedure that uses the field");
    };
    let Err(stepbook::Error::Content(checked)) = stepbook::check(&stepbook) else {
        panic!("check must fail too");
    };
    let shown = |diagnostics: &[stepbook::source::Diagnostic]| {
        diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(shown(&served), shown(&checked));
    assert!(
        served
            .iter()
            .any(|d| d.is_error() && d.to_string().contains("procedures/demo/")),
        "{:#?}",
        shown(&served)
    );

    project.write("content/fields.yaml", &fields);
    session
        .rebuild(&changed(&["content/fields.yaml"], root))
        .expect("rebuild after renaming it back");
    assert_eq!(plain(&session.site()), full_build(root));
}

/// What each procedure uses of the registries (labels, fields) is kept with its rule results,
/// and the unused-label and unused-field warnings read the kept counts. Each edit that stops or
/// starts using a label or field, in a procedure's words or its form, or adds one to the shared
/// content, must change the session's warnings exactly as `check` reports them, and the site
/// must equal a clean build. If a reloaded procedure's uses were not dropped, `app:cancel` would
/// never be reported unused; if they were dropped twice, it would be reported while used.
#[test]
fn kept_uses_follow_each_edit() {
    let project = Project::minimal();
    let root = project.root();
    let stepbook = StepbookProject::new(root, None);
    let mut session = Session::new(stepbook.clone());
    session.rebuild(&Changes::all()).expect("first build");
    let shown = |diagnostics: &[stepbook::source::Diagnostic]| {
        diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    };
    type Edit = (
        &'static str,
        &'static str,
        &'static str,
        &'static [&'static str],
    );
    let edits: [Edit; 7] = [
        // English stops using the label; Dutch still uses it.
        (
            "content/procedures/demo/en.md",
            "Click [[app:cancel]]",
            "Click Cancel",
            &[],
        ),
        // Dutch stops too: now nothing uses it.
        (
            "content/procedures/demo/nl.md",
            "Klik [[app:cancel]]",
            "Klik Annuleren",
            &["app:cancel"],
        ),
        // Used again.
        (
            "content/procedures/demo/nl.md",
            "Klik Annuleren",
            "Klik [[app:cancel]]",
            &[],
        ),
        // A new field in the shared registry (every kept result is dropped): nothing uses it.
        (
            "content/fields.yaml",
            "eori:\n",
            "extra:\n  kind: text\n  label:\n    nl: Extra\n    en: Extra\neori:\n",
            &["extra"],
        ),
        // The procedure's form asks for it.
        (
            "content/procedures/demo/procedure.yaml",
            "fields: [name, eori]",
            "fields: [name, eori, extra]",
            &[],
        ),
        // The e-mail template stops naming {name}; the form still asks for it.
        (
            "content/procedures/demo/procedure.yaml",
            "subject: hello from {name}",
            "subject: hello",
            &[],
        ),
        // The form no longer asks for the new field.
        (
            "content/procedures/demo/procedure.yaml",
            "fields: [name, eori, extra]",
            "fields: [name, eori]",
            &["extra"],
        ),
    ];
    for (path, from, to, unused) in edits {
        let text = project.read(path);
        assert!(text.contains(from), "{path} has no `{from}`");
        project.write(path, text.replacen(from, to, 1));
        let rebuilt = session
            .rebuild(&changed(&[path], root))
            .unwrap_or_else(|error| panic!("{path}: {error}"));
        let (_, checked) = stepbook::check(&stepbook).expect("check");
        let served = shown(&rebuilt.report.warnings);
        assert_eq!(served, shown(&checked.warnings), "{path}: `{to}`");
        for name in unused {
            assert!(
                served.iter().any(|w| w.contains(&format!("`{name}`"))),
                "{path}: `{to}`: {name} must be reported unused: {served:#?}"
            );
        }
        for name in ["app:cancel", "app:save", "extra", "name", "eori"] {
            if !unused.contains(&name) {
                assert!(
                    !served.iter().any(|w| w.contains(&format!("`{name}`"))),
                    "{path}: `{to}`: {name} is used: {served:#?}"
                );
            }
        }
        assert_eq!(plain(&session.site()), full_build(root), "{path}: `{to}`");
    }
}

/// After an edit the session makes a procedure's checklist on a thread of its own beside its
/// page (`site::driver::beside`). Markdown nested 10 000 levels deep is laid out recursively:
/// with `rayon::join` a build of it overflowed a worker's stack, and so did a thread with the
/// default 2 MiB. The edit must rebuild. (A debug build takes ~20 s here.)
#[test]
fn an_edit_with_deeply_nested_markdown_rebuilds_page_and_checklist() {
    // Loading and checking recurse per level too: on a main thread's stack, as in `serve`.
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(deeply_nested_edit)
        .expect("thread")
        .join()
        .expect("the rebuild");
}

fn deeply_nested_edit() {
    let project = Project::minimal();
    let root = project.root();
    let mut session = Session::new(StepbookProject::new(root, None));
    session.rebuild(&Changes::all()).expect("first build");
    let depth = 10_000;
    let nl = project.read("content/procedures/demo/nl.md").replace(
        "Inleiding.",
        &format!("{}diep\n\n{}diep\n", "- ".repeat(depth), "> ".repeat(depth)),
    );
    project.write("content/procedures/demo/nl.md", nl);
    let edit = session
        .rebuild(&changed(&["content/procedures/demo/nl.md"], root))
        .expect("rebuild");
    assert!(edit.rendered >= 3, "the page, the checklist and its script");
    let site = session.site();
    assert!(
        String::from_utf8_lossy(&site["nl/demo/index.html"])
            .matches("<ul>")
            .count()
            >= depth
    );
    assert!(site["nl/demo/demo-nl.pdf"].starts_with(b"%PDF-"));
}
