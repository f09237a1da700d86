//! Publishing the output folder (issue 15, items 1–4): builds into one folder take turns, a
//! kill at every step of either swap (the atomic exchange and the two-rename fallback, forced
//! through the debug binary's test seams) leaves one whole site that the next build — even a
//! failing one — keeps, no symbolic link leads a build out of the project, and `output/.` or a
//! mount point are handled.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Project, snapshot_tree};
use crate::output::set_variant;

type Tree = Vec<(PathBuf, Vec<u8>)>;

/// `stepbook build -q ARGS` in the project, with extra environment variables.
fn build(project: &Project, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_stepbook"));
    command
        .args(["build", "-q"])
        .args(args)
        .current_dir(project.root())
        .env("NO_COLOR", "1")
        .envs(env.iter().copied());
    command
}

/// Runs a build to its end: exit code and standard error.
fn run(project: &Project, args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String) {
    let output = build(project, args, env).output().expect("run stepbook");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The site of the project as it is now, built into a folder of its own.
fn reference(project: &Project, name: &str) -> Tree {
    let (code, stderr) = run(project, &["--out", name], &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let tree = snapshot_tree(&project.root().join(name));
    fs::remove_dir_all(project.root().join(name)).expect("remove reference");
    tree
}

/// The names in `folder` that a build made next to its output (staging, old or trash folders).
fn leftovers(folder: &Path) -> Vec<String> {
    fs::read_dir(folder)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".stepbook-"))
        .collect()
}

/// Waits (without a time limit on success; a generous one against a hang) until `ready`.
fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(300);
    while !ready() {
        assert!(Instant::now() < deadline, "gave up waiting: {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Whether `pid` waits for a `flock` lock (a `->` line of `/proc/locks`).
fn waits_for_a_lock(pid: u32) -> bool {
    fs::read_to_string("/proc/locks").is_ok_and(|locks| {
        locks.lines().any(|line| {
            let mut words = line.split_whitespace().skip(1);
            words.next() == Some("->")
                && words.next() == Some("FLOCK")
                && words.nth(2) == Some(pid.to_string().as_str())
        })
    })
}

#[test]
fn a_second_build_into_the_same_folder_waits_for_the_first() {
    let project = Project::minimal();
    set_variant(&project, "A");
    let a = reference(&project, "reference");
    set_variant(&project, "B");
    let b = reference(&project, "reference");
    assert_ne!(a, b);
    set_variant(&project, "A");
    let signals = tempfile::tempdir().expect("temporary folder");
    let go = signals.path().join("go");
    let go_text = go.display().to_string();
    let reached = signals.path().join("go.reached");
    // The first build stops with its site staged, holding the output folder.
    let mut first = build(
        &project,
        &[],
        &[
            ("STEPBOOK_TEST_PAUSE_AT", "staged"),
            ("STEPBOOK_TEST_PAUSE_FILE", &go_text),
        ],
    )
    .stderr(Stdio::null())
    .spawn()
    .expect("spawn");
    wait_until("the first build to stage its site", || reached.exists());
    set_variant(&project, "B");
    let mut second: Child = build(&project, &[], &[])
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    wait_until("the second build to wait for the lock", || {
        assert!(
            second.try_wait().expect("poll").is_none(),
            "the second build finished while the first one held the output folder"
        );
        waits_for_a_lock(second.id())
    });
    fs::write(&go, "").expect("release the first build");
    assert!(first.wait().expect("wait").success());
    assert!(second.wait().expect("wait").success());
    // The first published A, then the second B: the last build wins, whole.
    assert_eq!(snapshot_tree(&project.root().join("output")), b);
    assert!(leftovers(project.root()).is_empty());
}

#[test]
fn simultaneous_builds_into_one_folder_each_publish_a_whole_site() {
    // Two projects (different sites) publishing to one folder outside both, at once.
    let one = Project::minimal();
    let two = Project::minimal();
    set_variant(&one, "A");
    set_variant(&two, "B");
    let a = reference(&one, "reference");
    let b = reference(&two, "reference");
    let public = tempfile::tempdir().expect("temporary folder");
    let site = public.path().join("site");
    let site_text = site.display().to_string();
    for round in 0..4 {
        let mut builds: Vec<Child> = [&one, &two]
            .iter()
            .map(|project| {
                build(project, &["--out", &site_text], &[])
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for child in &mut builds {
            assert!(child.wait().expect("wait").success(), "round {round}");
        }
        let now = snapshot_tree(&site);
        assert!(
            now == a || now == b,
            "round {round}: the published folder is not one whole site ({} files)",
            now.len()
        );
        assert!(leftovers(public.path()).is_empty(), "round {round}");
    }
}

/// Where a build stopped: the steps of publishing, by swap.
const EXCHANGE_STEPS: &[&str] = &["locked", "staged", "exchanged"];
const FALLBACK_STEPS: &[&str] = &["locked", "staged", "retired", "published", "discarded"];

#[test]
fn a_kill_at_every_step_of_either_swap_leaves_one_whole_site_that_the_next_build_keeps() {
    let project = Project::minimal();
    let root = project.root();
    let out = root.join("output");
    let old = root.join(".output.stepbook-old");
    let words = ["A", "B"];
    let mut sites = Vec::new();
    for word in words {
        set_variant(&project, word);
        sites.push(reference(&project, "reference"));
    }
    set_variant(&project, "A");
    assert_eq!(run(&project, &[], &[]).0, Some(0));
    let mut current = 0;
    for (fallback, steps) in [(false, EXCHANGE_STEPS), (true, FALLBACK_STEPS)] {
        for step in steps {
            let next = 1 - current;
            let case = format!("fallback {fallback}, killed at `{step}`");
            set_variant(&project, words[next]);
            let mut env = vec![("STEPBOOK_TEST_EXIT_AT", *step)];
            if fallback {
                env.push(("STEPBOOK_TEST_NO_EXCHANGE", "1"));
            }
            assert_eq!(run(&project, &[], &env).0, Some(137), "{case}");
            // One whole site is left: published, or kept as `-old` between the two renames.
            let now = snapshot_tree(&out);
            let whole = if out.exists() {
                now == sites[current] || now == sites[next]
            } else {
                snapshot_tree(&old) == sites[current]
            };
            assert!(whole, "{case}: no whole site left ({} files)", now.len());

            // A build that fails after it began publishing puts that site back and keeps it.
            let mut failing = vec![("STEPBOOK_TEST_FAIL_AT", "staged")];
            if fallback {
                failing.push(("STEPBOOK_TEST_NO_EXCHANGE", "1"));
            }
            let (code, stderr) = run(&project, &[], &failing);
            assert_eq!(code, Some(1), "{case}: {stderr}");
            let kept = snapshot_tree(&out);
            assert!(
                kept == sites[current] || kept == sites[next],
                "{case}: the failed build did not leave a whole site ({} files): {stderr}",
                kept.len()
            );

            // The next good build publishes the new site and leaves nothing behind.
            let (code, stderr) = run(&project, &[], &env[1..]);
            assert_eq!(code, Some(0), "{case}: {stderr}");
            assert_eq!(snapshot_tree(&out), sites[next], "{case}");
            assert_eq!(leftovers(root), Vec::<String>::new(), "{case}");
            current = next;
        }
    }
}

#[test]
fn a_symbolic_link_kept_in_the_output_is_never_followed_out_of_the_project() {
    let project = Project::minimal();
    let elsewhere = tempfile::tempdir().expect("temporary folder");
    let secret = elsewhere.path().join("secret.txt");
    fs::write(&secret, "TOP-SECRET-TOKEN").expect("secret");
    // A fresh checkout whose `output/` holds only a committed `.gitkeep` link, and an output
    // of an earlier build that someone gave such a link.
    for earlier_build in [false, true] {
        let out = project.root().join("output");
        let _ = fs::remove_dir_all(&out);
        if earlier_build {
            project.run(&["build", "-q"]).success();
        } else {
            fs::create_dir(&out).expect("output");
        }
        std::os::unix::fs::symlink(&secret, out.join(".gitkeep")).expect("link");
        let before = snapshot_tree(&out);
        let run = project.run(&["build", "-q"]).failure();
        assert!(
            run.stderr().contains("output/.gitkeep") && run.stderr().contains("not a plain file"),
            "{}",
            run.stderr()
        );
        assert_eq!(snapshot_tree(&out), before, "the output was changed");
        assert!(leftovers(project.root()).is_empty());
    }
    // Nothing the build wrote holds the secret.
    for (path, bytes) in snapshot_tree(project.root()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("TOP-SECRET"),
            "{} holds the secret",
            path.display()
        );
    }
}

#[test]
fn a_symbolic_link_as_the_output_folder_is_refused_and_its_target_untouched() {
    let project = Project::minimal();
    let elsewhere = tempfile::tempdir().expect("temporary folder");
    let target = elsewhere.path().join("site");
    // The target is a site stepbook made, so only the link stops the build.
    let target_text = target.display().to_string();
    project
        .run(&["build", "-q", "--out", &target_text])
        .success();
    let before = snapshot_tree(&target);
    let link = project.root().join("output");
    std::os::unix::fs::symlink(&target, &link).expect("link");
    let run = project.run(&["build", "-q"]).failure();
    assert!(
        run.stderr().contains("is a symbolic link to")
            && run.stderr().contains(&format!("--out {target_text}")),
        "{}",
        run.stderr()
    );
    assert!(fs::symlink_metadata(&link).expect("link").is_symlink());
    assert_eq!(snapshot_tree(&target), before);
    assert!(leftovers(project.root()).is_empty());
}

#[test]
fn leftovers_that_are_links_are_removed_as_links_never_followed() {
    let project = Project::minimal();
    project.run(&["build", "-q"]).success();
    let elsewhere = tempfile::tempdir().expect("temporary folder");
    fs::write(elsewhere.path().join("keep.txt"), "keep").expect("file");
    fs::write(elsewhere.path().join(".stepbook"), "").expect("marker");
    for name in [
        ".output.stepbook-new",
        ".output.stepbook-new.1.2",
        ".output.stepbook-old",
    ] {
        std::os::unix::fs::symlink(elsewhere.path(), project.root().join(name)).expect("link");
    }
    let before = snapshot_tree(&project.root().join("output"));
    fs::remove_dir_all(project.root().join("output")).expect("remove the output");
    // With the output missing, an `-old` link must not be taken for the last whole site.
    project.run(&["build", "-q"]).success();
    assert_eq!(snapshot_tree(&project.root().join("output")), before);
    assert!(
        fs::symlink_metadata(project.root().join("output"))
            .expect("output")
            .is_dir()
    );
    assert_eq!(
        fs::read_to_string(elsewhere.path().join("keep.txt")).expect("still there"),
        "keep"
    );
}

#[test]
fn the_output_folder_may_be_named_with_a_trailing_dot_or_slash() {
    let project = Project::minimal();
    let reference = reference(&project, "reference");
    for out in ["output/.", "output/", "./output/."] {
        for _ in 0..2 {
            let run = project.run(&["build", "-q", "--out", out]).success();
            assert!(run.stderr().is_empty(), "--out {out}: {}", run.stderr());
            assert_eq!(snapshot_tree(&project.root().join("output")), reference);
        }
    }
    assert!(leftovers(project.root()).is_empty());
}

#[test]
fn a_mount_point_as_the_output_folder_is_refused_with_what_to_do() {
    let project = Project::minimal();
    let source = tempfile::tempdir().expect("temporary folder");
    fs::write(source.path().join("index.html"), "the web root").expect("file");
    let out = project.root().join("output");
    fs::create_dir(&out).expect("output");
    let mounted = Command::new("mount")
        .arg("--bind")
        .arg(source.path())
        .arg(&out)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !mounted {
        eprintln!("skipped: `mount --bind` is not allowed here (it needs root)");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&out);
    // A web root stepbook made before: only the mount point stands in the way.
    fs::write(source.path().join(".stepbook"), "").expect("marker");
    let before = snapshot_tree(source.path());
    for given in ["output", "output/."] {
        let run = project.run(&["build", "-q", "--out", given]).failure();
        assert!(
            run.stderr().contains("it is a mount point")
                && run.stderr().contains("--out output/site"),
            "{}",
            run.stderr()
        );
    }
    assert_eq!(snapshot_tree(source.path()), before);
    // What the message suggests works.
    project
        .run(&["build", "-q", "--out", "output/site"])
        .success();
    assert!(source.path().join("site/index.html").is_file());
    assert!(leftovers(project.root()).is_empty());
}
