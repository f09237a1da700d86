//! The command line as users of mdBook, Zola and Hugo expect it, and the output reviewers read in
//! CI: `--root` before the command, `STEPBOOK_*` variables, `--base-url`, drafts, `serve -p /
//! --bind localhost / --open`, the manual page, `check --format github|gitlab`, and stdout that
//! closes early or cannot be written.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Project, copy_dir, repo};

fn stepbook(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_stepbook"));
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("STEPBOOK_ROOT")
        .env_remove("STEPBOOK_QUIET");
    command
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn root_is_accepted_before_the_command_and_from_stepbook_root() {
    let parent = tempfile::tempdir().expect("temporary folder");
    copy_dir(
        &repo().join("tests/fixtures/minimal"),
        &parent.path().join("handbook"),
    );
    let before = stepbook(parent.path())
        .args(["--root", "handbook", "build", "-q", "--no-pdf"])
        .output()
        .expect("run");
    assert!(before.status.success(), "{}", stderr(&before));
    assert!(
        parent
            .path()
            .join("handbook/output/nl/index.html")
            .is_file()
    );

    let env = stepbook(parent.path())
        .args(["check"])
        .env("STEPBOOK_ROOT", "handbook")
        .output()
        .expect("run");
    assert!(env.status.success(), "{}", stderr(&env));
    assert!(
        stderr(&env).contains("checked 1 procedure in 2 languages"),
        "{}",
        stderr(&env)
    );

    // The command's own `--root` wins over the one before it.
    let own = stepbook(parent.path())
        .args(["--root", "nowhere", "check", "--root", "handbook"])
        .output()
        .expect("run");
    assert!(own.status.success(), "{}", stderr(&own));

    // STEPBOOK_QUIET is `-q`.
    let quiet = stepbook(parent.path())
        .args(["--root", "handbook", "check"])
        .env("STEPBOOK_QUIET", "1")
        .output()
        .expect("run");
    assert!(quiet.status.success());
    assert_eq!(stderr(&quiet), "");
    let help = stepbook(parent.path()).arg("--help").output().expect("run");
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("[env: STEPBOOK_ROOT=]") && help.contains("[env: STEPBOOK_QUIET=]"),
        "{help}"
    );
}

#[test]
fn no_content_folder_is_said_plainly_with_what_to_do() {
    let empty = tempfile::tempdir().expect("temporary folder");
    for (args, code) in [
        (&["build"][..], 1),
        (&["serve", "--port", "0"][..], 1),
        (&["new", "procedure", "x"][..], 1),
        (&["check"][..], 2),
        (&["diff", "old.json"][..], 2),
    ] {
        let run = stepbook(empty.path()).args(args).output().expect("run");
        let text = stderr(&run);
        assert_eq!(run.status.code(), Some(code), "{args:?}: {text}");
        assert_eq!(
            text.trim_end(),
            "error: the current folder is not a stepbook project: it has no `content/` folder; \
             run stepbook in a project's folder, name one with `--root DIR`, or create one with \
             `stepbook init DIR`",
            "{args:?}"
        );
        assert!(!text.contains(":1:1"), "{text}");
    }
    let run = stepbook(empty.path())
        .args(["build", "--root", "missing"])
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        stderr(&run).trim_end(),
        "error: the project folder `missing` does not exist; create a project with \
         `stepbook init missing`"
    );
    assert!(!empty.path().join("missing").exists(), "nothing created");
}

/// The `URI`s of every link annotation in a PDF.
fn link_uris(pdf: &Path) -> Vec<String> {
    link_uris_in(&std::fs::read(pdf).expect("read the PDF"))
}

/// [`link_uris`] of a PDF in memory.
fn link_uris_in(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF");
    let resolve = |object: &lopdf::Object| match object {
        lopdf::Object::Reference(id) => doc.get_object(*id).expect("object").clone(),
        other => other.clone(),
    };
    let mut uris = Vec::new();
    for page in doc.get_pages().values() {
        let page = doc.get_dictionary(*page).expect("page");
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        for annot in resolve(annots).as_array().expect("array") {
            let annot = resolve(annot);
            let Ok(action) = annot.as_dict().expect("dict").get(b"A") else {
                continue;
            };
            let action = resolve(action);
            if let Ok(uri) = action.as_dict().expect("dict").get(b"URI") {
                uris.push(String::from_utf8_lossy(uri.as_str().expect("string")).into_owned());
            }
        }
    }
    uris
}

#[test]
fn base_url_points_the_checklists_at_a_staging_copy_without_editing_content() {
    let project = Project::shipped();
    let staging = "https://staging.intranet.federation.be/procedures/";
    let run = project
        .run(&["build", "-q", "--base-url", staging, "--out", "staging"])
        .success();
    // Given on the command line, it is not the placeholder of `site.yaml`: no warning.
    assert_eq!(run.stderr(), "");
    let pdf = project
        .root()
        .join("staging/fr/flegt-access/flegt-access-fr.pdf");
    let uris = link_uris(&pdf);
    assert!(
        uris.contains(&format!("{staging}fr/flegt-access/")),
        "{uris:?}"
    );
    assert!(!uris.iter().any(|u| u.contains("example.be")), "{uris:?}");
    // Without it, the site's own setting (and its warning).
    let run = project.run(&["build", "-q", "--no-pdf"]).success();
    assert!(
        run.stderr().contains("warning: base_url"),
        "{}",
        run.stderr()
    );
    let plain = project.run(&["build", "-q"]).success();
    assert!(plain.stderr().contains("example domain"));
    let uris = link_uris(
        &project
            .root()
            .join("output/fr/flegt-access/flegt-access-fr.pdf"),
    );
    assert!(
        uris.contains(&"https://intranet.example.be/procedures/fr/flegt-access/".to_string()),
        "{uris:?}"
    );
    // Not an absolute http(s) address: refused before anything is read (clap's exit code 2).
    for bad in ["staging/procedures", "ftp://host/x", "https://"] {
        let run = project.run(&["build", "--base-url", bad]);
        assert_eq!(run.0.status.code(), Some(2), "{bad}: {}", run.stderr());
        assert!(
            run.stderr()
                .contains("expected an absolute http:// or https:// address"),
            "{}",
            run.stderr()
        );
    }
}

#[test]
fn example_domains_are_warned_about_and_allow_is_explicit() {
    let project = Project::shipped();
    let run = project.run(&["check", "--deny-warnings", "--format", "json"]);
    assert_eq!(run.0.status.code(), Some(1), "{}", run.stderr());
    let json: serde_json::Value = serde_json::from_str(&run.stdout()).expect("JSON");
    assert_eq!(json["warnings"], 1, "{json}");
    assert_eq!(json["diagnostics"][0]["code"], "example-base-url");
    assert_eq!(json["diagnostics"][0]["file"], "content/site.yaml");
    assert_eq!(json["diagnostics"][0]["line"], 15);
    project
        .run(&["check", "--deny-warnings", "--allow", "example-base-url"])
        .success();
    // A real address: no warning.
    let site = project.read("content/site.yaml").replace(
        "https://intranet.example.be/procedures/",
        "https://intranet.federation.be/procedures/",
    );
    project.write("content/site.yaml", site);
    project.run(&["check", "--deny-warnings"]).success();
    // `--allow` never hides an error.
    let broken = project
        .read("content/site.yaml")
        .replace("languages: [nl", "languages: [xx-");
    project.write("content/site.yaml", broken);
    let run = project
        .run(&["check", "--allow", "invalid-language"])
        .failure();
    assert!(run.stderr().contains("invalid-language") || run.stderr().contains("xx-"));
}

#[test]
fn drafts_are_left_out_of_a_build_unless_asked() {
    let project = Project::shipped();
    let run = project.run(&["build", "--no-pdf"]).success();
    assert!(
        run.stderr()
            .contains("1 draft left out (`--drafts` publishes it)"),
        "{}",
        run.stderr()
    );
    for entry in walkdir::WalkDir::new(project.root().join("output")) {
        let entry = entry.expect("walk");
        let path = entry.path();
        assert!(
            !path.to_string_lossy().contains("eudr-dds"),
            "{}",
            path.display()
        );
        if entry.file_type().is_file() {
            let bytes = std::fs::read(path).expect("read");
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("eudr-dds"),
                "{} names the draft",
                path.display()
            );
        }
    }
    // `check` still checks the draft, and the draft that was never published is no change.
    let check = project.run(&["check"]).success();
    assert!(
        check.stderr().contains("checked 2 procedures")
            && check.stderr().contains("no changes since the last build"),
        "{}",
        check.stderr()
    );
    project
        .run(&["build", "-q", "--no-pdf", "--drafts"])
        .success();
    assert!(
        project
            .root()
            .join("output/nl/eudr-dds/index.html")
            .is_file()
    );
    assert!(project.read("output/nl/index.html").contains("eudr-dds/"));
}

#[test]
fn man_prints_the_manual_page_and_writes_one_per_command() {
    let project = Project::minimal();
    let run = project.run(&["man"]).success();
    let page = run.stdout();
    assert!(page.contains(".TH stepbook 1"), "{page}");
    // Rendered by man's own formatter, the page reads as a manual.
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("stepbook.1");
    std::fs::write(&file, &page).expect("write");
    let rendered = Command::new("groff")
        .args(["-man", "-Tutf8", "-P-cbu"])
        .arg(&file)
        .output()
        .expect("groff (apt: groff-base)");
    let text = String::from_utf8_lossy(&rendered.stdout);
    for word in [
        "NAME",
        "SYNOPSIS",
        "SUBCOMMANDS",
        "stepbook-build(1)",
        "STEPBOOK_ROOT",
    ] {
        assert!(text.contains(word), "{word} missing:\n{text}");
    }
    project.run(&["man", "-q", "--out", "man1"]).success();
    for command in [
        "stepbook.1",
        "stepbook-build.1",
        "stepbook-serve.1",
        "stepbook-check.1",
    ] {
        let page = project.read(&format!("man1/{command}"));
        assert!(page.starts_with(".ie"), "{command}");
    }
    assert!(project.read("man1/stepbook-serve.1").contains("\\-\\-open"));
}

/// The JSON commands, each writing into a pipe whose reader is already gone.
#[test]
fn a_reader_that_closes_early_is_a_normal_end() {
    let project = Project::shipped();
    project.run(&["build", "-q", "--no-pdf"]).success();
    std::fs::copy(
        project.root().join("output/manifest.json"),
        project.root().join("old.json"),
    )
    .expect("copy");
    let cases: [(&[&str], i32); 8] = [
        (&["check", "--format", "json"], 0),
        (&["check", "--format", "json", "--deny-warnings"], 1),
        (&["check", "--format", "github"], 0),
        (&["check", "--format", "gitlab"], 0),
        (&["check", "--uses", "traces:create"], 0),
        (&["diff", "old.json", "--format", "json"], 0),
        (&["completions", "bash"], 0),
        (&["man"], 0),
    ];
    for (args, code) in cases {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let run = stepbook(project.root())
            .args(args)
            .stdout(writer)
            .output()
            .expect("run");
        assert_eq!(run.status.code(), Some(code), "{args:?}: {}", stderr(&run));
        assert!(!stderr(&run).contains("panicked"), "{}", stderr(&run));
    }
    // `| head -1`: the reader takes a line, then goes.
    let mut child = stepbook(project.root())
        .args(["completions", "bash"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("run");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("a line");
    assert_eq!(first, "_stepbook() {\n");
    assert_eq!(child.wait().expect("exit").code(), Some(0));
}

#[test]
fn a_full_disk_on_stdout_is_an_error_not_a_panic() {
    let project = Project::shipped();
    for (args, code) in [
        (&["check", "--format", "json"][..], 2),
        (&["diff", "nothing.json"][..], 2),
        (&["completions", "zsh"][..], 1),
        (&["man"][..], 1),
    ] {
        let full = std::fs::File::create("/dev/full").expect("/dev/full");
        let run = stepbook(project.root())
            .args(args)
            .stdout(full)
            .output()
            .expect("run");
        let text = stderr(&run);
        assert_eq!(run.status.code(), Some(code), "{args:?}: {text}");
        assert!(!text.contains("panicked"), "{text}");
        if args[0] != "diff" {
            assert!(
                text.contains("cannot write to standard output: No space left on device"),
                "{text}"
            );
        }
    }
}

/// Undoes the escaping of a workflow command's message or property.
fn unescape(text: &str) -> String {
    text.replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

/// `check --format github` and `--format gitlab`, checked problem by problem against
/// `--format json`, for a project with errors and one with warnings only.
#[test]
fn github_annotations_and_gitlab_code_quality_say_what_the_json_says() {
    let broken = Project::minimal();
    copy_dir(
        &repo().join("tests/fixtures/invalid/many_problems_at_once/content"),
        &broken.root().join("content"),
    );
    // A file name and so a message with a `%`, a comma and a colon, escaped both in the
    // `file=` property and in the message.
    broken.write(
        "content/labels/50%,x:y.yaml",
        broken.read("content/labels/app.yaml"),
    );
    let warned = Project::copy_of(&repo().join("tests/fixtures/minimal"));
    copy_dir(
        &repo().join("tests/fixtures/warnings/all_at_once_json/content"),
        &warned.root().join("content"),
    );
    let mut seen_escape = false;
    for (project, code) in [(&broken, 1), (&warned, 0), (&Project::shipped(), 0)] {
        let json = project.run(&["check", "--format", "json"]);
        assert_eq!(json.0.status.code(), Some(code), "{}", json.stderr());
        let json: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON");
        let diagnostics = json["diagnostics"].as_array().expect("array");
        assert!(!diagnostics.is_empty());

        let github = project.run(&["check", "--format", "github"]);
        assert_eq!(github.0.status.code(), Some(code));
        let lines: Vec<String> = github.stdout().lines().map(str::to_string).collect();
        assert_eq!(lines.len(), diagnostics.len(), "{}", github.stdout());
        for (line, d) in lines.iter().zip(diagnostics) {
            let (command, rest) = line
                .strip_prefix("::")
                .and_then(|l| l.split_once(' '))
                .expect("::command properties::message");
            assert_eq!(command, d["severity"].as_str().expect("severity"));
            let (properties, message) = rest.split_once("::").expect("::message");
            assert_eq!(unescape(message), d["message"].as_str().expect("message"));
            seen_escape |= message.contains("%25");
            let properties: Vec<(&str, String)> = properties
                .split(',')
                .map(|p| {
                    let (key, value) = p.split_once('=').expect("key=value");
                    (key, unescape(value))
                })
                .collect();
            assert_eq!(
                properties,
                [
                    ("file", d["file"].as_str().expect("file").to_string()),
                    ("line", d["line"].to_string()),
                    ("col", d["column"].to_string()),
                    (
                        "title",
                        format!("stepbook {}", d["code"].as_str().expect("code"))
                    ),
                ]
            );
        }

        let gitlab = project.run(&["check", "--format", "gitlab"]);
        assert_eq!(gitlab.0.status.code(), Some(code));
        let report: serde_json::Value = serde_json::from_str(&gitlab.stdout()).expect("JSON");
        let issues = report.as_array().expect("a JSON array");
        assert_eq!(issues.len(), diagnostics.len());
        let mut fingerprints = std::collections::BTreeSet::new();
        for (issue, d) in issues.iter().zip(diagnostics) {
            assert_eq!(issue["description"], d["message"]);
            assert_eq!(
                issue["check_name"],
                format!("stepbook/{}", d["code"].as_str().expect("code"))
            );
            let severity = if d["severity"] == "error" {
                "major"
            } else {
                "minor"
            };
            assert_eq!(issue["severity"], severity);
            assert_eq!(issue["location"]["path"], d["file"]);
            assert_eq!(issue["location"]["lines"]["begin"], d["line"]);
            let fingerprint = issue["fingerprint"].as_str().expect("fingerprint");
            assert_eq!(fingerprint.len(), 64);
            assert!(fingerprints.insert(fingerprint.to_string()), "unique");
        }
        // Stable: the same report twice, and after an edit that only moves lines.
        let again = project.run(&["check", "--format", "gitlab"]);
        assert_eq!(again.stdout(), gitlab.stdout());
    }
    assert!(seen_escape, "no message needed escaping");

    // A blank line added at the top of every file moves each problem a line down and keeps its
    // fingerprint.
    let before: serde_json::Value =
        serde_json::from_str(&broken.run(&["check", "--format", "gitlab"]).stdout()).expect("JSON");
    for entry in walkdir::WalkDir::new(broken.root().join("content")) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(entry.path()).expect("read");
            std::fs::write(entry.path(), format!("\n{text}")).expect("write");
        }
    }
    let after: serde_json::Value =
        serde_json::from_str(&broken.run(&["check", "--format", "gitlab"]).stdout()).expect("JSON");
    let prints = |report: &serde_json::Value| -> Vec<String> {
        let mut all: Vec<String> = report
            .as_array()
            .expect("array")
            .iter()
            .map(|i| i["fingerprint"].as_str().expect("fingerprint").to_string())
            .collect();
        all.sort();
        all
    };
    assert_eq!(prints(&before), prints(&after));
}

/// A stub browser that writes the address it was asked to open into a file.
fn stub_browser(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let opened = dir.join("opened.txt");
    let script = dir.join("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
            opened.display()
        ),
    )
    .expect("write stub");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    (script, opened)
}

/// Runs `serve ARGS` until it prints its address, then `meanwhile(address)` while it serves, and
/// stops it (at once, passed or failed).
fn serving<T>(
    project: &Project,
    args: &[&str],
    browser: Option<&Path>,
    meanwhile: impl FnOnce(&str) -> T,
) -> T {
    let mut command = stepbook(project.root());
    command
        .arg("serve")
        .args(args)
        .stderr(Stdio::piped())
        .stdout(Stdio::null());
    match browser {
        Some(browser) => command.env("BROWSER", browser),
        None => command.env_remove("BROWSER"),
    };
    let mut child = command.spawn().expect("start serve");
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stderr = child.stderr.take().expect("stderr");
    let _kill = Kill(child);
    for line in BufReader::new(stderr).lines() {
        let line = line.expect("stderr line");
        if let Some(rest) = line.split("Serving http://").nth(1) {
            return meanwhile(rest.split('/').next().expect("address"));
        }
    }
    panic!("serve ended without serving");
}

/// Waits (while the server runs) for the stub browser's file, or gives up after a minute: no
/// timing is asserted, the deadline only keeps a broken stub from hanging the test.
fn wait_for_file(path: &Path) -> Option<String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(text) = std::fs::read_to_string(path)
            && text.ends_with('\n')
        {
            return Some(text);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

#[test]
fn serve_takes_p_bind_localhost_and_opens_the_browser() {
    let project = Project::minimal();
    let dir = tempfile::tempdir().expect("temporary folder");
    let (browser, opened) = stub_browser(dir.path());
    // A free port, then `-p` for it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let (addr, text) = serving(
        &project,
        &["-p", &port.to_string(), "--bind", "localhost", "--open"],
        Some(&browser),
        |addr| (addr.to_string(), wait_for_file(&opened)),
    );
    assert_eq!(addr, format!("127.0.0.1:{port}"));
    assert_eq!(
        text.as_deref(),
        Some(format!("http://127.0.0.1:{port}/\n").as_str()),
        "the browser was not started with the address"
    );

    // Without `--open`, no browser: once the site answers, the stub has not run.
    std::fs::remove_file(&opened).expect("remove");
    serving(&project, &["-p", "0"], Some(&browser), |addr| {
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        std::io::Write::write_all(&mut stream, b"GET / HTTP/1.0\r\n\r\n").expect("send");
        let mut answer = String::new();
        std::io::Read::read_to_string(&mut stream, &mut answer).expect("answer");
        assert!(answer.starts_with("HTTP/1.1 200") || answer.starts_with("HTTP/1.0 200"));
    });
    assert!(!opened.exists());

    // A bad address is refused by the command line parser, with what it accepts.
    let run = project.run(&["serve", "--bind", "localhos"]);
    assert_eq!(run.0.status.code(), Some(2));
    assert!(run.stderr().contains("`localhost`"), "{}", run.stderr());
}

#[test]
fn check_warns_when_the_projects_schemas_are_not_this_stepbooks() {
    let parent = Project::minimal();
    parent
        .run(&["init", "handbook", "-q", "--ci", "none"])
        .success();
    let check = |parent: &Project| {
        let run = parent.run(&["--root", "handbook", "check", "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&run.stdout()).expect("JSON");
        json["diagnostics"]
            .as_array()
            .expect("array")
            .iter()
            .map(|d| {
                format!(
                    "{} {} {}",
                    d["code"].as_str().expect("code"),
                    d["file"].as_str().expect("file"),
                    d["severity"].as_str().expect("severity")
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(check(&parent), Vec::<String>::new());
    // An older schema (one without a property added since), and one missing.
    let site = parent.read("handbook/schemas/site.schema.json");
    parent.write(
        "handbook/schemas/site.schema.json",
        site.replace("\"max_age_days\"", "\"max-age-days\""),
    );
    std::fs::remove_file(parent.root().join("handbook/schemas/labels.schema.json"))
        .expect("remove");
    assert_eq!(
        check(&parent),
        [
            "outdated-schema handbook/schemas/labels.schema.json warning",
            "outdated-schema handbook/schemas/site.schema.json warning",
        ]
    );
    let denied = parent
        .run(&["--root", "handbook", "check", "--deny-warnings"])
        .failure();
    assert!(
        denied
            .stderr()
            .contains("rewrite the schemas with `stepbook schemas` in the project folder"),
        "{}",
        denied.stderr()
    );
    // `stepbook schemas` with the project's root writes into its schemas/ folder.
    parent
        .run(&["--root", "handbook", "schemas", "-q"])
        .success();
    assert_eq!(check(&parent), Vec::<String>::new());
    // A project without a schemas/ folder is not asked to keep one.
    std::fs::remove_dir_all(parent.root().join("handbook/schemas")).expect("remove");
    assert_eq!(check(&parent), Vec::<String>::new());
}

/// `GET path` on `addr` (HTTP/1.0, so the body is never chunked): the body's bytes.
fn http_get(addr: &str, path: &str) -> Vec<u8> {
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    std::io::Write::write_all(
        &mut stream,
        format!("GET {path} HTTP/1.0\r\n\r\n").as_bytes(),
    )
    .expect("send");
    let mut answer = Vec::new();
    std::io::Read::read_to_end(&mut stream, &mut answer).expect("answer");
    let start = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end")
        + 4;
    assert!(answer.starts_with(b"HTTP/1.1 200") || answer.starts_with(b"HTTP/1.0 200"));
    answer[start..].to_vec()
}

#[test]
fn serve_base_url_previews_the_checklists_as_published_there() {
    let project = Project::minimal();
    let pdf = "/en/demo/demo-en.pdf";
    // The minimal site has no base_url: no link to the page.
    let uris = serving(&project, &["-p", "0"], None, |addr| {
        link_uris_in(&http_get(addr, pdf))
    });
    assert!(!uris.iter().any(|u| u.contains("/en/demo/")), "{uris:?}");
    let staging = "https://staging.federation.be/procedures/";
    let uris = serving(
        &project,
        &["-p", "0", "--base-url", staging],
        None,
        |addr| link_uris_in(&http_get(addr, pdf)),
    );
    assert!(uris.contains(&format!("{staging}en/demo/")), "{uris:?}");
}
