//! The output folder: dangerous `--out` targets refused, `kill -9` at any moment of a build
//! leaves the old or the new output whole, and builds are byte-identical wherever they go.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::common::{Project, snapshot_tree};

#[test]
fn refuses_an_output_folder_that_would_replace_the_project_or_more() {
    let project = Project::minimal();
    let before = snapshot_tree(project.root());
    let root = project.root().display().to_string();
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let cases: Vec<(String, &str)> = vec![
        (".".into(), "it is the project folder"),
        (root.clone(), "it is the project folder"),
        ("content".into(), "inside the project's `content/` folder"),
        (
            "content/procedures".into(),
            "inside the project's `content/`",
        ),
        ("themes".into(), "inside the project's `themes/` folder"),
        ("content/..".into(), "it is the project folder"),
        ("..".into(), "a folder holding the project"),
        ("/".into(), "the root of the file system"),
        (home, "the home folder"),
    ];
    for (out, why) in cases {
        let run = project.run(&["build", "--out", &out]).failure();
        assert!(
            run.stderr().contains("refusing to write the site to") && run.stderr().contains(why),
            "--out {out}: {}",
            run.stderr()
        );
    }
    assert_eq!(
        snapshot_tree(project.root()),
        before,
        "a refused build wrote"
    );
}

#[test]
fn an_output_folder_outside_the_project_is_fine_and_byte_identical() {
    let project = Project::shipped();
    let elsewhere = tempfile::tempdir().expect("temporary folder");
    let outside = elsewhere.path().join("public/site");
    project.run(&["build", "-q", "--out", "first"]).success();
    let run = Command::new(env!("CARGO_BIN_EXE_stepbook"))
        .args(["build", "-q", "--root"])
        .arg(project.root())
        .arg("--out")
        .arg(&outside)
        .current_dir(elsewhere.path())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("TZ", "Pacific/Kiritimati")
        .output()
        .expect("run stepbook");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let first = snapshot_tree(&project.root().join("first"));
    let pdfs = first
        .iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "pdf"))
        .count();
    assert!(pdfs >= 1, "the comparison includes PDFs");
    assert_eq!(first, snapshot_tree(&outside));
}

/// A project big enough that writing its output takes a while: the minimal project's
/// procedure copied `count` times, its intro saying `word`.
pub(crate) fn big_project(count: usize) -> Project {
    let project = Project::minimal();
    let procedures = project.root().join("content/procedures");
    for index in 0..count {
        crate::common::copy_dir(
            &procedures.join("demo"),
            &procedures.join(format!("demo{index:03}")),
        );
    }
    project
}

/// Changes every intro of the project so that its output differs.
pub(crate) fn set_variant(project: &Project, word: &str) {
    for entry in walkdir::WalkDir::new(project.root().join("content/procedures")) {
        let entry = entry.expect("walk");
        if entry.file_name() == "nl.md" {
            let text = fs::read_to_string(entry.path()).expect("read");
            let start = text.find("Inleiding").expect("intro");
            let end = start + text[start..].find('\n').expect("end of line");
            let text = format!("{}Inleiding {word}.{}", &text[..start], &text[end..]);
            fs::write(entry.path(), text).expect("write");
        }
    }
}

/// Whether a staging folder next to `output/` (in `root`) was created or changed after
/// `since`: the build has reached its writing phase.
fn writing_since(root: &Path, since: SystemTime) -> bool {
    let Ok(entries) = fs::read_dir(root) else {
        return false;
    };
    entries.filter_map(Result::ok).any(|entry| {
        entry
            .file_name()
            .to_string_lossy()
            .starts_with(".output.stepbook-new")
            && entry.metadata().is_ok_and(|meta| {
                let changed = SystemTime::UNIX_EPOCH
                    + Duration::new(meta.ctime() as u64, meta.ctime_nsec() as u32);
                changed >= since
            })
    })
}

#[test]
fn kill_9_at_any_moment_leaves_the_old_or_the_new_output_whole() {
    let project = big_project(12);
    let out = project.root().join("output");
    let staging = project.root();
    let build = |out: &str| project.run(&["build", "-q", "--out", out]).success();
    set_variant(&project, "A");
    build("reference-a");
    set_variant(&project, "B");
    build("reference-b");
    let a = snapshot_tree(&project.root().join("reference-a"));
    let b = snapshot_tree(&project.root().join("reference-b"));
    assert_ne!(a, b);
    set_variant(&project, "A");
    build("output");

    let rounds = 16;
    let mut killed_while_writing = 0;
    for round in 0..rounds {
        set_variant(&project, if round % 2 == 0 { "B" } else { "A" });
        let since = SystemTime::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_stepbook"))
            .args(["build", "-q"])
            .current_dir(project.root())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn stepbook");
        // Half the rounds kill during rendering, half at a varied moment of the writing phase
        // (0 to ~23 ms after it starts), where a non-atomic swap would show.
        let deadline = Instant::now() + Duration::from_secs(120);
        if round % 2 == 0 {
            std::thread::sleep(Duration::from_millis(5 * round as u64));
        } else {
            while !writing_since(staging, since)
                && child.try_wait().expect("poll").is_none()
                && Instant::now() < deadline
            {
                std::hint::spin_loop();
            }
            std::thread::sleep(Duration::from_micros(1000 * round as u64 / 2));
        }
        if child.try_wait().expect("poll").is_none() {
            child.kill().expect("SIGKILL");
            killed_while_writing += usize::from(writing_since(staging, since));
        }
        child.wait().expect("reap");
        let now = snapshot_tree(&out);
        assert!(
            now == a || now == b,
            "round {round}: output is neither the old nor the new build ({} files)",
            now.len()
        );
    }
    eprintln!("{rounds} kills, {killed_while_writing} of them while writing the output");
    set_variant(&project, "B");
    build("output");
    assert_eq!(snapshot_tree(&out), b);
    let leftovers: Vec<_> = fs::read_dir(project.root())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".stepbook-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
