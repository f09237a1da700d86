//! Broken projects: each case in `tests/fixtures/invalid/<case>/` overlays a few files on the
//! minimal project, and the exact diagnostics stepbook prints are kept next to it in
//! `expected.snap` (review changes with `cargo insta review`). Every case must fail with exit
//! code 1 and leave the previous output byte-identical.
//!
//! Cases that cannot be files in git (50 MB inputs, symbolic links, a FIFO, a folder where a file
//! belongs) are made at test time by a setup function; their folder holds only `expected.snap`.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use crate::common::{Project, repo, snapshot_tree};

/// Builds the minimal project, overlays the case (then runs its setup, if any), builds again and
/// returns what the failing build printed.
fn run_case(case: &str, setup: impl FnOnce(&Path)) -> String {
    let project = Project::minimal();
    project.run(&["build", "-q"]).success();
    let before = snapshot_tree(&project.root().join("output"));
    project.overlay("invalid", case);
    setup(project.root());
    let run = project.run(&["build"]).failure();
    // The severities match docs/diagnostics.md (check reports what build does, as data).
    crate::docs::assert_severities_are_documented(
        &project.run(&["check", "--format", "json"]).stdout(),
    );
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
            let stderr = run_case(stringify!($case), |root: &Path| setup(stringify!($case), root));
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
    unknown_category,
    bad_category_order,
    malformed_yaml,
    tab_indented_yaml,
    missing_required_key,
    unknown_key,
    misspelled_key,
    misspelled_field,
    renamed_heading,
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
    procedure_verified_date,
    legacy_status,
    lonely_option,
    duplicate_field_key,
    unknown_theme,
    template_syntax_error,
    template_runtime_error,
    template_error_after_first_pages,
    invalid_utf8,
    missing_site,
    many_problems_at_once,
    truncated_yaml,
    empty_site_yaml,
    empty_fields_yaml,
    empty_label_file,
    empty_procedure_yaml,
    empty_language_file,
    theme_missing_include,
    huge_markdown,
    symlink_loop,
    symlink_out_of_project,
    symlink_folder_out_of_project,
    invalid_theme_name,
    steps_nested_too_deep,
    label_folder_out_of_project,
    unknown_autocomplete_token,
    email_text_languages,
    dangling_symlink,
    theme_symlink_out_of_project,
    folder_instead_of_file,
    fifo_instead_of_file,
    unknown_include,
    include_cycle,
    step_id_and_include,
    unknown_insert_after,
    shared_step_reference,
    shared_step_reference_not_included,
    missing_shared_source_words,
    unknown_country,
    unknown_authority,
    unknown_changelog_step,
    image_not_found,
    image_outside_content,
    corrupt_image,
    unsupported_image,
    image_too_large,
    unknown_screen,
    region_outside_image,
    screen_image_not_found,
    duplicate_id_after_comment,
    repeated_language_key,
    label_file_twice,
    yaml_nested_too_deep,
    nul_in_yaml,
    noncharacter_in_yaml,
    nul_in_front_matter,
);

/// What a case cannot hold as files (a symbolic link, a FIFO, 50 MB): made in the project at
/// `root` after its overlay is copied. Shared with the test that `check`, `build` and `serve`
/// agree on every case.
pub fn setup(case: &str, root: &Path) {
    match case {
        "huge_markdown" => append_50_mb(root),
        "yaml_nested_too_deep" => nest_steps_40_000_deep(root),
        "nul_in_yaml" => replace_in(
            root,
            "content/procedures/demo/procedure.yaml",
            "hello from",
            "hello\u{0} from",
        ),
        "noncharacter_in_yaml" => replace_in(
            root,
            "content/labels/app.yaml",
            "text: Cancel",
            "text: Can\u{FFFF}cel",
        ),
        "nul_in_front_matter" => replace_in(
            root,
            "content/procedures/demo/nl.md",
            "Een kleine",
            "Een\u{0} kleine",
        ),
        "symlink_loop" => {
            link("loop.yaml", &root.join("content/labels/loop.yaml"));
        }
        "symlink_out_of_project" => link("/etc/passwd", &root.join("content/labels/passwd.yaml")),
        "symlink_folder_out_of_project" => {
            link("/usr/share", &root.join("content/procedures/shared"))
        }
        "label_folder_out_of_project" => {
            fs::remove_dir_all(root.join("content/labels")).expect("remove labels");
            link("/usr/share", &root.join("content/labels"));
        }
        "dangling_symlink" => {
            link("nowhere.yaml", &root.join("content/labels/gone.yaml"));
        }
        "theme_symlink_out_of_project" => {
            fs::create_dir_all(root.join("themes/default/static")).expect("theme folder");
            link("/etc/passwd", &root.join("themes/default/static/style.css"));
        }
        "folder_instead_of_file" => {
            fs::remove_file(root.join("content/fields.yaml")).expect("remove");
            fs::create_dir(root.join("content/fields.yaml")).expect("folder");
        }
        "fifo_instead_of_file" => {
            let pipe = root.join("content/labels/pipe.yaml");
            let made = std::process::Command::new("mkfifo").arg(&pipe).status();
            assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        }
        _ => {}
    }
}

fn link(target: &str, at: &Path) {
    symlink(target, at).expect("make symbolic link");
}

/// 50 MB of ordinary Markdown after the last step of the source language file: the build must
/// refuse it at the size limit, naming the line, without reading the rest.
fn append_50_mb(root: &Path) {
    use std::io::Write;
    let path = root.join("content/procedures/demo/nl.md");
    let mut file = fs::OpenOptions::new()
        .append(true)
        .open(path)
        .expect("open");
    let line = "Een regel tekst die een ingeplakt logbestand nabootst, steeds opnieuw.\n";
    for _ in 0..(50 * 1024 * 1024 / line.len() + 1) {
        file.write_all(line.as_bytes()).expect("append");
    }
}

/// Replaces `from` by `to` in a file of the project.
fn replace_in(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// Steps nested 40 000 levels deep in flow mappings and sequences, one level a line (the old
/// reader took seconds, quadratic in the depth): refused where the nesting passes the limit.
fn nest_steps_40_000_deep(root: &Path) {
    let levels = 40_000;
    let mut yaml = String::from(
        "version: \"2.1\"\nfields: [name, eori]\nsections:\n  - id: start\n    steps: [\n",
    );
    for _ in 0..levels {
        yaml.push_str("      {id: deeper, substeps: [\n");
    }
    yaml.push_str(&"      ]}\n".repeat(levels));
    yaml.push_str("    ]\n");
    fs::write(root.join("content/procedures/demo/procedure.yaml"), yaml).expect("write");
}
