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
        Server::start_with(project, None)
    }

    /// Starts the server, under a file-descriptor limit if `max_files` is given.
    fn start_with(project: &Project, max_files: Option<usize>) -> Server {
        let binary = env!("CARGO_BIN_EXE_stepbook");
        let mut command = match max_files {
            Some(limit) => {
                let mut shell = Command::new("sh");
                shell.args([
                    "-c",
                    &format!("ulimit -n {limit} && exec \"$0\" serve --port 0"),
                    binary,
                ]);
                shell
            }
            None => {
                let mut direct = Command::new(binary);
                direct.args(["serve", "--port", "0"]);
                direct
            }
        };
        let mut child = command
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
    let selector =
        scraper::Selector::parse("#stepbook-errors pre.stepbook-exact").expect("selector");
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
            && problems.contains("unknown key `colour`"),
        "{problems}"
    );
    assert!(
        page.contains("&lt;b&gt;red&lt;/b&gt;"),
        "escaped in the page"
    );
    assert!(page.contains("Getting going"), "the last good build stays");
    // Laid out for a person: the file (linked to a view of it at the line), line and column,
    // the message as a sentence, the line quoted with the place marked.
    let html = scraper::Html::parse_document(&page);
    let select = |css: &str| -> Vec<String> {
        let selector = scraper::Selector::parse(css).expect("selector");
        html.select(&selector)
            .map(|e| e.text().collect::<String>())
            .collect()
    };
    let line = structure.lines().count() + 1;
    assert_eq!(select("#stepbook-errors h2"), ["The content has an error"]);
    assert_eq!(
        select(".stepbook-where"),
        [format!(
            "content/procedures/demo/procedure.yaml, line {line}, column 1"
        )]
    );
    let what = select(".stepbook-what");
    assert!(
        what[0].starts_with("Unknown key colour, expected"),
        "{what:?}"
    );
    assert_eq!(select(".stepbook-snippet mark"), ["colour"]);
    let selector = scraper::Selector::parse(".stepbook-where a").expect("selector");
    let link = html
        .select(&selector)
        .next()
        .and_then(|a| a.value().attr("href"))
        .expect("a link to the file");
    assert_eq!(link, format!("/__stepbook/source/0#L{line}"));
    let (status, source) = server.get(link.split('#').next().expect("path"));
    assert_eq!(status, 200);
    assert!(
        source.contains(&format!(
            "<span id=\"L{line}\" class=\"stepbook-here\"><span class=\"stepbook-line-number\">{line}</span>colour: &lt;b&gt;red&lt;/b&gt;"
        )),
        "{source}"
    );
    assert_eq!(server.get("/__stepbook/source/1").0, 404);
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
    // The site's 404 page, as a web server shows it, based at this server's root.
    let (status, body) = server.get("/en/no/such-page.html");
    assert_eq!(status, 404);
    assert!(
        body.contains("Pagina niet gevonden") && body.contains("<base href=\"/\">"),
        "{body}"
    );

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

/// Sends `request` verbatim on a new connection and reads to the end: the status (0 if the
/// server closed without answering).
fn raw_request(addr: &str, request: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(PATIENCE))
        .expect("read timeout");
    // The server may answer and close before the whole request is sent (a head too large).
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response)
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

#[test]
fn serve_outlives_idle_connections_under_a_low_file_limit() {
    // tiny_http's accept thread panicked on EMFILE, after which the port refused everything.
    let project = Project::minimal();
    let mut server = Server::start_with(&project, Some(40));
    let idle: Vec<TcpStream> = (0..120)
        .filter_map(|_| TcpStream::connect(&server.addr).ok())
        .collect();
    assert!(idle.len() > 40, "only {} connections", idle.len());
    drop(idle);
    server.wait_for("/en/demo/", "the page after the idle connections", |body| {
        body.contains("Getting started")
    });
    assert!(
        server.child.try_wait().expect("poll").is_none(),
        "the server ended"
    );
}

#[test]
fn serve_closes_a_connection_that_sends_nothing() {
    let project = Project::minimal();
    let server = Server::start(&project);
    let mut idle = TcpStream::connect(&server.addr).expect("connect");
    idle.set_read_timeout(Some(PATIENCE)).expect("read timeout");
    // Closed by the server (end of stream), not by our read timeout.
    let mut byte = [0u8; 1];
    assert_eq!(idle.read(&mut byte).expect("closed, not timed out"), 0);
    // A connection that sends half a request head is closed the same way.
    let mut slow = TcpStream::connect(&server.addr).expect("connect");
    slow.set_read_timeout(Some(PATIENCE)).expect("read timeout");
    slow.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        .expect("send");
    assert_eq!(slow.read(&mut byte).expect("closed, not timed out"), 0);
}

#[test]
fn serve_answers_only_its_own_host_names_and_caps_the_request_head() {
    let project = Project::minimal();
    let server = Server::start(&project);
    let port = server.addr.rsplit(':').next().expect("port").to_string();
    let get = |host: &str| {
        raw_request(
            &server.addr,
            format!("GET /en/demo/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
    };
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "localhost".into(),
    ] {
        assert_eq!(get(&host), 200, "{host}");
    }
    // A DNS-rebinding page reaches the server under its own name.
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
    ] {
        assert_eq!(get(&host), 421, "{host}");
    }
    // A 64 MB header is refused after at most 16 KiB.
    let mut huge = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Pad: ".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 1 << 20));
    huge.extend_from_slice(b"\r\n\r\n");
    assert!(matches!(raw_request(&server.addr, &huge), 431 | 0));
    // Two requests on one connection (keep-alive), then the server is still there.
    let mut stream = TcpStream::connect(&server.addr).expect("connect");
    stream
        .set_read_timeout(Some(PATIENCE))
        .expect("read timeout");
    stream
        .write_all(b"GET /static/style.css HTTP/1.1\r\nHost: localhost\r\n\r\nGET /en/demo/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut both = String::new();
    stream.read_to_string(&mut both).expect("read");
    assert_eq!(both.matches("HTTP/1.1 200 OK").count(), 2, "{both}");
    assert_eq!(server.get("/en/demo/").0, 200);
}

#[test]
fn serve_keeps_watching_content_that_is_replaced_or_renamed_away_and_back() {
    let project = Project::minimal();
    let server = Server::start(&project);
    let page = "content/procedures/demo/en.md";
    let edit = |from: &str, to: &str| {
        let words = project.read(page);
        assert!(words.contains(from), "{from}");
        project.write(page, words.replace(from, to));
    };
    // An edit made right after "Serving" is seen: the watch started before it.
    edit("Getting started", "Step one");
    server.wait_for("/en/demo/", "the first edit", |b| b.contains("Step one"));

    let content = project.root().join("content");
    let away = project.root().join("content.away");
    std::fs::rename(&content, &away).expect("rename away");
    std::fs::rename(&away, &content).expect("rename back");
    edit("Step one", "Step two");
    server.wait_for("/en/demo/", "the edit after a rename", |b| {
        b.contains("Step two")
    });

    // Replaced by a copy, as `git checkout` or some editors do.
    crate::common::copy_dir(&content, &away);
    std::fs::remove_dir_all(&content).expect("remove");
    std::fs::rename(&away, &content).expect("put the copy in place");
    edit("Step two", "Step three");
    server.wait_for("/en/demo/", "the edit after a replacement", |b| {
        b.contains("Step three")
    });
}

#[test]
fn serve_refuses_before_announcing_when_there_is_nothing_to_watch() {
    // Without `content/`, serve refuses before binding a port or announcing anything (the
    // project check of the command line comes before the watcher would fail).
    let project = Project::minimal();
    std::fs::remove_dir_all(project.root().join("content")).expect("remove content");
    let run = project.run(&["serve", "--port", "0"]);
    assert_eq!(run.0.status.code(), Some(1), "{}", run.stderr());
    assert!(
        run.stderr().contains("has no `content/` folder"),
        "{}",
        run.stderr()
    );
    assert!(!run.stderr().contains("Serving"), "{}", run.stderr());
}

/// Issue 18 item 10: the overlay as a person sees it, in Chromium (tests/browser/overlay.mjs),
/// light and dark, 1280 and 375 px, axe included.
#[test]
fn the_error_overlay_reads_as_words_in_chromium() {
    if !crate::browser::can_run("browser test of the serve overlay", true) {
        return;
    }
    let project = Project::minimal();
    let server = Server::start(&project);
    server.wait_for("/nl/demo/", "the first build", |body| {
        body.contains("Demo-procedure")
    });
    project.write(
        "content/procedures/demo/nl.md",
        project
            .read("content/procedures/demo/nl.md")
            .replace("[[app:save]]", "[[app:sav]]"),
    );
    server.wait_for("/nl/demo/", "the error overlay", |body| {
        overlay_text(body).is_some()
    });
    let url = format!("http://{}/nl/demo/", server.addr);
    crate::browser::node(
        &crate::browser::browser_tests().join("overlay.mjs"),
        &[std::path::Path::new(&url)],
    );
}

/// Issue 18 item 5: the 404 page in Chromium (tests/browser/notfound.mjs), served at a deep
/// address, styled and axe-clean, light and dark, 1280 and 375 px.
#[test]
fn the_404_page_works_in_chromium() {
    if !crate::browser::can_run("browser test of the 404 page", true) {
        return;
    }
    let project = Project::minimal();
    let server = Server::start(&project);
    server.wait_for("/nl/demo/", "the first build", |body| {
        body.contains("Demo-procedure")
    });
    let url = format!("http://{}/", server.addr);
    crate::browser::node(
        &crate::browser::browser_tests().join("notfound.mjs"),
        &[std::path::Path::new(&url)],
    );
}
