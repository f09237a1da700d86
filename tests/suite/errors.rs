//! Broken projects: each case in `tests/fixtures/invalid/<case>/` overlays a few files on the
//! minimal project, and the exact diagnostics stepbook prints are kept next to it in
//! `expected.snap` (review changes with `cargo insta review`). Every case must fail with exit
//! code 1 and leave the previous output byte-identical.

use crate::common::{Project, copy_dir, repo, snapshot_tree};

fn run_case(case: &str) -> String {
    let project = Project::minimal();
    project.run(&["build", "-q"]).success();
    let before = snapshot_tree(&project.root().join("output"));
    let overlay = repo().join("tests/fixtures/invalid").join(case);
    for part in ["content", "themes"] {
        if overlay.join(part).is_dir() {
            copy_dir(&overlay.join(part), &project.root().join(part));
        }
    }
    if let Ok(removals) = std::fs::read_to_string(overlay.join("remove.txt")) {
        for path in removals.lines().filter(|l| !l.trim().is_empty()) {
            std::fs::remove_file(project.root().join(path.trim())).expect("remove fixture file");
        }
    }
    let run = project.run(&["build"]).failure();
    assert_eq!(
        snapshot_tree(&project.root().join("output")),
        before,
        "a failed build changed the previous output"
    );
    // Files are written as they are rendered; a build that fails half-way leaves nothing behind.
    assert!(
        !project.root().join(".output.stepbook-new").exists(),
        "a failed build left its staging folder"
    );
    run.stderr()
}

macro_rules! invalid {
    ($($case:ident),* $(,)?) => {$(
        #[test]
        fn $case() {
            let stderr = run_case(stringify!($case));
            insta::with_settings!({
                snapshot_path => repo().join("tests/fixtures/invalid").join(stringify!($case)),
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                insta::assert_snapshot!("expected", stderr);
            });
        }
    )*};
}

invalid!(
    malformed_yaml,
    tab_indented_yaml,
    missing_required_key,
    unknown_key,
    wrong_type,
    duplicate_step_id,
    duplicate_heading,
    unknown_label,
    unknown_label_system,
    malformed_reference,
    unknown_field,
    unknown_field_in_procedure,
    unknown_step_reference,
    unknown_words_id,
    missing_source_words,
    missing_source_language_file,
    unknown_email_template,
    placeholder_without_field,
    invalid_email_address,
    disallowed_link,
    front_matter_error_line,
    invalid_id,
    invalid_date,
    lonely_option,
    duplicate_field_key,
    unknown_theme,
    template_syntax_error,
    template_runtime_error,
    template_error_after_first_pages,
    invalid_utf8,
    missing_site,
    many_problems_at_once,
    unknown_include,
    include_cycle,
    step_id_and_include,
    unknown_insert_after,
    shared_step_reference,
    missing_shared_source_words,
    unknown_country,
    unknown_authority,
    unknown_changelog_step,
);
