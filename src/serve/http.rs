//! The HTTP side of `serve`: a small blocking HTTP/1.1 server (requests parsed by `httparse`),
//! files from the in-memory site, so nothing outside it can ever be read. Paths that try to leave
//! it (`..`, `%2e%2e`, backslashes, empty segments, absolute URLs) are refused with 400 all the
//! same, so a mistake shows.
//!
//! It is built to stay up: at most [`MAX_CONNECTIONS`] connections are open at once (one thread
//! each; more wait in the listen backlog), a connection that sends no complete request head
//! within [`IDLE`] is closed, a head is at most [`MAX_HEAD`] bytes, and running out of file
//! descriptors (`EMFILE`) only pauses accepting. Only requests addressed to this machine by a
//! loopback name or the bound address are answered (`Host`), so a web page that rebinds its
//! own domain name to 127.0.0.1 cannot read the preview.

use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use percent_encoding::percent_decode_str;

use super::Shared;
use super::inject;

/// Connections open at once.
pub(crate) const MAX_CONNECTIONS: usize = 64;
/// How long a connection may take to send a complete request head, and stay idle between
/// requests, before it is closed.
pub(crate) const IDLE: Duration = Duration::from_secs(10);
/// How long a response may take to be written (a client that never reads).
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest request head (request line and headers) read.
pub(crate) const MAX_HEAD: usize = 16 * 1024;
/// The most headers a request may have.
const MAX_HEADERS: usize = 64;
/// How long a reload poll waits before answering "nothing new".
const POLL_TIMEOUT: Duration = Duration::from_secs(25);
/// Reload polls waiting at once; more are answered at once, so polls never take every
/// connection.
const MAX_WAITING_POLLS: usize = MAX_CONNECTIONS / 2;
/// How long accepting pauses when the process is out of file descriptors.
const OUT_OF_FILES_PAUSE: Duration = Duration::from_millis(100);

/// A response: status, headers and body.
struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    fn new(status: u16, kind: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", kind.to_string()),
                ("Cache-Control", "no-store".to_string()),
            ],
            body,
        }
    }

    fn with(mut self, name: &'static str, value: String) -> Response {
        self.headers.push((name, value));
        self
    }
}

/// A plain-text response.
fn text(status: u16, body: &str) -> Response {
    Response::new(
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
    )
}

/// Counts open connections and lets the accepting thread wait for a free one.
#[derive(Default)]
struct Slots {
    open: Mutex<usize>,
    freed: Condvar,
}

impl Slots {
    fn take(&self) {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        while *open >= MAX_CONNECTIONS {
            open = self.freed.wait(open).unwrap_or_else(|p| p.into_inner());
        }
        *open += 1;
    }

    fn give_back(&self) {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        *open -= 1;
        self.freed.notify_one();
    }
}

/// Starts accepting on `listener` (bound to `bound`); runs until the process ends.
pub fn start(listener: TcpListener, bound: SocketAddr, shared: Arc<Shared>) {
    let slots = Arc::new(Slots::default());
    let waiting = Arc::new(AtomicUsize::new(0));
    thread::spawn(move || {
        loop {
            slots.take();
            let stream = match listener.accept() {
                Ok((stream, _)) => stream,
                Err(error) => {
                    slots.give_back();
                    // Out of file descriptors (or memory): pause and try again, as connections
                    // close; an aborted connection: go on. Never give up accepting.
                    if !matches!(
                        error.kind(),
                        io::ErrorKind::ConnectionAborted | io::ErrorKind::Interrupted
                    ) {
                        thread::sleep(OUT_OF_FILES_PAUSE);
                    }
                    continue;
                }
            };
            let (slots, shared, waiting) = (
                Arc::clone(&slots),
                Arc::clone(&shared),
                Arc::clone(&waiting),
            );
            let spawned = thread::Builder::new().spawn(move || {
                connection(stream, bound, &shared, &waiting);
                slots.give_back();
            });
            if spawned.is_err() {
                // No thread to be had: the stream was dropped (closed) with the closure.
                thread::sleep(OUT_OF_FILES_PAUSE);
            }
        }
    });
}

/// Answers requests on one connection until it closes, asks to close, idles or misbehaves.
fn connection(
    mut stream: TcpStream,
    bound: SocketAddr,
    shared: &Arc<Shared>,
    waiting: &AtomicUsize,
) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut buffer: Vec<u8> = Vec::with_capacity(1024);
    loop {
        let Some(head_length) = read_head(&mut stream, &mut buffer) else {
            return;
        };
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut request = httparse::Request::new(&mut headers);
        let (response, keep_alive, head_only) = match request.parse(&buffer[..head_length]) {
            Ok(httparse::Status::Complete(_)) => {
                let keep_alive = request.version == Some(1)
                    && !header(&request, "connection")
                        .is_some_and(|v| v.eq_ignore_ascii_case("close"));
                let has_body = header(&request, "transfer-encoding").is_some()
                    || header(&request, "content-length").is_some_and(|v| v.trim() != "0");
                let head_only = request.method == Some("HEAD");
                let response = answer(&request, bound, shared, waiting);
                // A request with a body is not read on: close after answering it.
                (response, keep_alive && !has_body, head_only)
            }
            _ => (text(400, "bad request"), false, false),
        };
        buffer.drain(..head_length);
        if write_response(&mut stream, response, keep_alive, head_only).is_err() || !keep_alive {
            return;
        }
    }
}

/// Reads until `buffer` holds a whole request head; its length. `None` when the connection
/// closes, idles past [`IDLE`], or sends a head over [`MAX_HEAD`] bytes (answered with 431).
fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<usize> {
    let deadline = Instant::now() + IDLE;
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = head_end(buffer) {
            return Some(end);
        }
        if buffer.len() >= MAX_HEAD {
            let _ = write_response(stream, text(431, "request head too large"), false, false);
            return None;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return None;
        }
        let room = (MAX_HEAD - buffer.len()).min(chunk.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) | Err(_) => return None,
            Ok(read) => buffer.extend_from_slice(&chunk[..read]),
        }
    }
}

/// The length of the request head at the start of `buffer` (through the blank line), if whole.
fn head_end(buffer: &[u8]) -> Option<usize> {
    let crlf = buffer
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .map(|at| at + 4);
    let lf = buffer
        .windows(2)
        .position(|window| window == b"\n\n")
        .map(|at| at + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn header<'a>(request: &httparse::Request<'_, 'a>, name: &str) -> Option<&'a str> {
    request
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .and_then(|h| std::str::from_utf8(h.value).ok())
}

fn write_response(
    stream: &mut TcpStream,
    response: Response,
    keep_alive: bool,
    head_only: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    if !keep_alive {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Whether a `Host` header names this server: `localhost`, a loopback address, or the bound
/// address (with any port). When bound to every address (`--bind 0.0.0.0`), any IP address is
/// accepted: a DNS-rebinding page reaches the server under its own domain name, never an IP.
/// A request without `Host` (HTTP/1.0 tools) is not from a browser and is answered.
pub(crate) fn host_allowed(host: Option<&str>, bound: SocketAddr) -> bool {
    let Some(host) = host else {
        return true;
    };
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        // `[::1]:4000`
        match rest.split_once(']') {
            Some((inside, port)) if port.is_empty() || port.starts_with(':') => inside,
            _ => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            Some(_) => return false,
            None => host,
        }
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bound.ip() || bound.ip().is_unspecified(),
        Err(_) => false,
    }
}

/// The response to one request.
fn answer(
    request: &httparse::Request<'_, '_>,
    bound: SocketAddr,
    shared: &Arc<Shared>,
    waiting: &AtomicUsize,
) -> Response {
    if !host_allowed(header(request, "host"), bound) {
        return text(
            421,
            "this preview answers only to localhost and the address it listens on",
        );
    }
    if !matches!(request.method, Some("GET" | "HEAD")) {
        return text(405, "only GET and HEAD");
    }
    let url = request.path.unwrap_or("");
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if path == inject::POLL_PATH {
        return poll(query, shared, waiting);
    }
    if path == inject::RELOAD_JS_PATH || path == inject::OVERLAY_CSS_PATH {
        let (body, kind) = if path == inject::RELOAD_JS_PATH {
            (inject::RELOAD_JS, "text/javascript; charset=utf-8")
        } else {
            (inject::OVERLAY_CSS, "text/css; charset=utf-8")
        };
        return Response::new(200, kind, body.as_bytes().to_vec());
    }
    if let Some(index) = path.strip_prefix(inject::SOURCE_PATH) {
        let problems = shared.lock().problems.clone();
        let page = index
            .parse::<usize>()
            .ok()
            .zip(problems)
            .and_then(|(index, problems)| inject::source(&problems, index));
        return match page {
            Some(page) => Response::new(200, "text/html; charset=utf-8", page),
            None => text(
                404,
                "no such problem: the content may have been fixed meanwhile",
            ),
        };
    }
    let Some(relative) = site_path(path) else {
        return text(400, "refused: the path leaves the site");
    };
    let served = shared.lock();
    let (site, problems, generation) = (
        Arc::clone(&served.site),
        served.problems.clone(),
        served.generation,
    );
    drop(served);
    if let Some(bytes) = site.get(&relative) {
        let kind = super::mime::content_type(&relative);
        let body = if kind.starts_with("text/html") {
            inject::page(bytes, generation, problems.as_deref())
        } else {
            bytes.to_vec()
        };
        Response::new(200, kind, body)
    } else if !relative.is_empty()
        && !relative.ends_with('/')
        && site.contains_key(&format!("{relative}/index.html"))
    {
        let location = format!("{path}/");
        let response = text(301, "");
        // A value that is not visible ASCII cannot be a header: left out.
        if location.bytes().all(|b| b.is_ascii_graphic()) {
            response.with("Location", location)
        } else {
            response
        }
    } else {
        let failed = problems.is_some() && site.is_empty();
        // The site's own 404 page, as a web server shows it.
        if let Some(bytes) = site.get(crate::output::paths::NOT_FOUND) {
            let page = inject::page(&inject::at_root(bytes), generation, problems.as_deref());
            return Response::new(404, "text/html; charset=utf-8", page);
        }
        let (title, status) = if failed {
            ("The site could not be built", 503)
        } else {
            ("404: no such page", 404)
        };
        let page = inject::standalone(title, generation, problems.as_deref());
        Response::new(status, "text/html; charset=utf-8", page)
    }
}

/// Answers when the generation differs from `since`, or after [`POLL_TIMEOUT`].
fn poll(query: &str, shared: &Arc<Shared>, waiting: &AtomicUsize) -> Response {
    let since = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|n| n.parse::<u64>().ok());
    let current = shared.lock().generation;
    let Some(since) = since.filter(|&since| since == current) else {
        return text(200, &current.to_string());
    };
    if waiting.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING_POLLS {
        waiting.fetch_sub(1, Ordering::SeqCst);
        return text(200, &current.to_string());
    }
    let generation = shared.wait_for_change(since, POLL_TIMEOUT);
    waiting.fetch_sub(1, Ordering::SeqCst);
    text(200, &generation.to_string())
}

/// The site path a request path names (`/nl/` → `nl/index.html`), or `None` if it tries to
/// leave the site or is not a path at all.
pub fn site_path(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let decoded = percent_decode_str(rest).decode_utf8().ok()?;
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (index, segment) in segments.iter().enumerate() {
        let empty_inside = segment.is_empty() && index != last;
        if empty_inside
            || *segment == "."
            || *segment == ".."
            || segment.contains(['\\', '\0', ':'])
        {
            return None;
        }
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        Some(format!("{decoded}index.html"))
    } else {
        Some(decoded.into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::{host_allowed, site_path};

    #[test]
    fn answers_only_to_loopback_names_and_the_bound_address() {
        let loopback: std::net::SocketAddr = "127.0.0.1:4000".parse().unwrap();
        for host in [
            "localhost",
            "localhost:4000",
            "LOCALHOST:4000",
            "127.0.0.1:4000",
            "127.0.0.1",
            "[::1]:4000",
            "[::1]",
        ] {
            assert!(host_allowed(Some(host), loopback), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:4000",
            "localhost.evil.example",
            "127.0.0.1.nip.io:4000",
            "192.168.1.9:4000",
            "localhost:4000:4000",
            "[::1]x",
            "",
        ] {
            assert!(!host_allowed(Some(host), loopback), "{host}");
        }
        let lan: std::net::SocketAddr = "192.168.1.9:4000".parse().unwrap();
        assert!(host_allowed(Some("192.168.1.9:4000"), lan));
        assert!(!host_allowed(Some("10.0.0.1:4000"), lan));
        let every: std::net::SocketAddr = "0.0.0.0:4000".parse().unwrap();
        assert!(host_allowed(Some("10.0.0.1:4000"), every));
        assert!(!host_allowed(Some("evil.example:4000"), every));
    }

    #[test]
    fn maps_request_paths_to_site_files() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/nl/").as_deref(), Some("nl/index.html"));
        assert_eq!(
            site_path("/static/style.css").as_deref(),
            Some("static/style.css")
        );
        assert_eq!(site_path("/nl/a%20b.pdf").as_deref(), Some("nl/a b.pdf"));
    }

    #[test]
    fn refuses_paths_that_leave_the_site() {
        for path in [
            "/../etc/passwd",
            "/nl/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%5c..%5cwindows",
            "//etc/passwd",
            "/C:/windows",
            "http://example.com/x",
            "etc/passwd",
            "/%ff%fe",
            "/a%00b",
        ] {
            assert_eq!(site_path(path), None, "{path}");
        }
    }
}
