//! `stepbook serve` as an author meets it: a page over HTTP, an edit that shows up with a reload
//! signal, a broken file shown as an overlay until fixed, and paths outside the site refused.
//! Requests are written by hand on a TcpStream so no client library normalises the paths.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::common::Project;

/// Generous: the machine may be busy; nothing here measures speed.
const PATIENCE: Duration = Duration::from_secs(60);

/// Kills the server when the test ends, passed or failed.
struct Server {
    child: Child,
    addr: String,
    /// The server's stderr, line by line.
    lines: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(project: &Project) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_stepbook"))
            .args(["serve", "--port", "0"])
            .current_dir(project.root())
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start stepbook serve");
        let stderr = child.stderr.take().expect("stderr");
        let (lines, received) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            lines: received,
        };
        let deadline = Instant::now() + PATIENCE;
        while server.addr.is_empty() {
            let line = server
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("the server prints its address");
            if let Some(rest) = line.split("Serving http://").nth(1) {
                server.addr = rest.split('/').next().expect("address").to_string();
            }
        }
        server
    }

    /// `GET path` written verbatim: (status, body). HTTP/1.0, so the body is never chunked.
    fn get(&self, path: &str) -> (u16, String) {
        raw_get(&self.addr, path)
    }

    /// Fetches `path` until `done` holds for its body, or panics after [`PATIENCE`].
    fn wait_for(&self, path: &str, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let (_, body) = self.get(path);
            if done(&body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "waited in vain for {what}:\n{body}"
            );
            thread::sleep(Duration::from_millis(100));
        }
    }
}

fn raw_get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(PATIENCE))
        .expect("read timeout");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").expect("send request");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read response");
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {response:?}"));
    let body = response
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, body)| body.to_string());
    (status, body)
}

fn generation(page: &str) -> String {
    page.split("data-generation=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the reload script names the build generation")
        .to_string()
}

fn overlay_text(page: &str) -> Option<String> {
    let html = scraper::Html::parse_document(page);
    let selector = scraper::Selector::parse("#stepbook-errors pre").expect("selector");
    html.select(&selector)
        .next()
        .map(|pre| pre.text().collect())
}

#[test]
fn serves_rebuilds_reloads_shows_errors_and_refuses_traversal() {
    let project = Project::minimal();
    let server = Server::start(&project);

    let (status, page) = server.get("/en/demo/");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Getting started"), "{page}");
    assert!(overlay_text(&page).is_none());
    let (status, script) = server.get("/__stepbook/reload.js");
    assert_eq!(status, 200);
    assert!(script.contains("/__stepbook/poll?since="), "{script}");
    let (status, pdf) = server.get("/en/demo/demo-en.pdf");
    assert_eq!(status, 200);
    assert!(pdf.starts_with("%PDF-"));
    // The built site itself never carries the reload script.
    project.run(&["build", "-q"]).success();
    assert!(
        !project
            .read("output/en/demo/index.html")
            .contains("__stepbook")
    );

    // A tab waiting for a reload is answered once the edit is rebuilt.
    let seen = generation(&page);
    let (addr, since) = (server.addr.clone(), seen.clone());
    let (signal, reload) = mpsc::channel();
    thread::spawn(move || {
        let _ = signal.send(raw_get(&addr, &format!("/__stepbook/poll?since={since}")));
    });
    thread::sleep(Duration::from_millis(200));
    let words = project.read("content/procedures/demo/en.md");
    project.write(
        "content/procedures/demo/en.md",
        words.replace("Getting started", "Getting going"),
    );
    let page = server.wait_for("/en/demo/", "the edit", |body| {
        body.contains("Getting going")
    });
    assert_ne!(generation(&page), seen);
    let (status, answer) = reload.recv_timeout(PATIENCE).expect("reload signal");
    assert_eq!(status, 200);
    assert_ne!(
        answer.trim(),
        seen,
        "the poll answers with a new generation"
    );

    // Broken YAML: the last good page stays, with the problem over it, escaped.
    let structure = project.read("content/procedures/demo/procedure.yaml");
    project.write(
        "content/procedures/demo/procedure.yaml",
        format!("{structure}colour: <b>red</b>\n"),
    );
    let page = server.wait_for("/en/demo/", "the error overlay", |body| {
        overlay_text(body).is_some()
    });
    let problems = overlay_text(&page).expect("overlay");
    assert!(
        problems.contains("content/procedures/demo/procedure.yaml:")
            && problems.contains("unknown field `colour`"),
        "{problems}"
    );
    assert!(
        page.contains("&lt;b&gt;red&lt;/b&gt;"),
        "escaped in the page"
    );
    assert!(page.contains("Getting going"), "the last good build stays");
    let (status, _) = server.get("/en/demo/demo-en.pdf");
    assert_eq!(status, 200, "the server keeps running");

    // Fixed: the page comes back without the overlay.
    project.write("content/procedures/demo/procedure.yaml", &structure);
    server.wait_for("/en/demo/", "the page without overlay", |body| {
        overlay_text(body).is_none() && body.contains("Getting going")
    });

    for path in [
        "/../Cargo.toml",
        "/en/../../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/static/..%2f..%2fcontent%2fsite.yaml",
        "/..%5c..%5cCargo.toml",
        "//etc/passwd",
        "/C:/Windows/win.ini",
    ] {
        let (status, body) = server.get(path);
        // 400, not 404: the path is refused before any lookup.
        assert_eq!(status, 400, "{path} gave {status}: {body}");
        assert!(
            !body.contains("[package]") && !body.contains("root:"),
            "{path}"
        );
    }
    let (status, _) = server.get("/no-such-page.html");
    assert_eq!(status, 404);

    // A theme folder created while serving is watched from then on.
    project.write(
        "themes/default/static/style.css",
        "body { color: #123456 }\n",
    );
    server.wait_for("/static/style.css", "the new stylesheet", |body| {
        body.contains("#123456")
    });
    project.write(
        "themes/default/static/style.css",
        "body { color: #654321 }\n",
    );
    server.wait_for("/static/style.css", "the edited stylesheet", |body| {
        body.contains("#654321")
    });

    // Every rebuild prints its time.
    let printed: Vec<String> = server.lines.try_iter().collect();
    assert!(
        printed
            .iter()
            .any(|line| line.contains("Rebuilt") && line.contains(" ms: ")),
        "{printed:#?}"
    );
}
