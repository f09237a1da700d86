//! The HTTP side of `serve`: tiny_http parses requests; files come from the in-memory site, so
//! nothing outside it can ever be read. Paths that try to leave it (`..`, `%2e%2e`, backslashes,
//! empty segments, absolute URLs) are refused with 400 all the same, so a mistake shows.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response, Server};

use super::Shared;
use super::inject;

/// Threads answering ordinary requests.
const WORKERS: usize = 4;
/// How long a reload poll waits before answering "nothing new".
const POLL_TIMEOUT: Duration = Duration::from_secs(25);
/// Reload polls waiting at once (each holds a thread); more are answered at once.
const MAX_WAITING_POLLS: usize = 64;

/// Starts the worker threads; they run until the process ends.
pub fn start(server: Server, shared: Arc<Shared>) {
    let server = Arc::new(server);
    let waiting = Arc::new(AtomicUsize::new(0));
    for _ in 0..WORKERS {
        let server = Arc::clone(&server);
        let shared = Arc::clone(&shared);
        let waiting = Arc::clone(&waiting);
        thread::spawn(move || {
            while let Ok(request) = server.recv() {
                handle(request, &shared, &waiting);
            }
        });
    }
}

fn handle(request: Request, shared: &Arc<Shared>, waiting: &Arc<AtomicUsize>) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return respond(request, text(405, "only GET and HEAD"));
    }
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if path == inject::POLL_PATH {
        return poll(request, query, shared, waiting);
    }
    if path == inject::RELOAD_JS_PATH || path == inject::OVERLAY_CSS_PATH {
        let (body, kind) = if path == inject::RELOAD_JS_PATH {
            (inject::RELOAD_JS, "text/javascript; charset=utf-8")
        } else {
            (inject::OVERLAY_CSS, "text/css; charset=utf-8")
        };
        let response = with(
            Response::from_data(body.as_bytes().to_vec()),
            "Content-Type",
            kind,
        );
        return respond(request, with(response, "Cache-Control", "no-store"));
    }
    let Some(relative) = site_path(path) else {
        return respond(request, text(400, "refused: the path leaves the site"));
    };
    let served = shared.lock();
    let (site, problems, generation) = (
        Arc::clone(&served.site),
        served.problems.clone(),
        served.generation,
    );
    drop(served);
    let response = if let Some(bytes) = site.get(&relative) {
        let kind = super::mime::content_type(&relative);
        let body = if kind.starts_with("text/html") {
            inject::page(bytes, generation, problems.as_deref())
        } else {
            bytes.to_vec()
        };
        with(Response::from_data(body), "Content-Type", kind)
    } else if !relative.is_empty()
        && !relative.ends_with('/')
        && site.contains_key(&format!("{relative}/index.html"))
    {
        with(
            Response::from_data(Vec::new()).with_status_code(301),
            "Location",
            &format!("{path}/"),
        )
    } else {
        let title = if problems.is_some() && site.is_empty() {
            "The site could not be built"
        } else {
            "404: no such page"
        };
        let status = if problems.is_some() && site.is_empty() {
            503
        } else {
            404
        };
        let page = inject::standalone(title, generation, problems.as_deref());
        with(
            Response::from_data(page).with_status_code(status),
            "Content-Type",
            "text/html; charset=utf-8",
        )
    };
    respond(request, with(response, "Cache-Control", "no-store"));
}

/// Answers when the generation differs from `since`, or after [`POLL_TIMEOUT`].
fn poll(request: Request, query: &str, shared: &Arc<Shared>, waiting: &Arc<AtomicUsize>) {
    let since = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|n| n.parse::<u64>().ok());
    let current = shared.lock().generation;
    let Some(since) = since.filter(|&since| since == current) else {
        return respond(request, text(200, &current.to_string()));
    };
    if waiting.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING_POLLS {
        waiting.fetch_sub(1, Ordering::SeqCst);
        return respond(request, text(200, &current.to_string()));
    }
    let shared = Arc::clone(shared);
    let waiting = Arc::clone(waiting);
    thread::spawn(move || {
        let generation = shared.wait_for_change(since, POLL_TIMEOUT);
        waiting.fetch_sub(1, Ordering::SeqCst);
        respond(request, text(200, &generation.to_string()));
    });
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

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let response = Response::from_data(body.as_bytes().to_vec()).with_status_code(status);
    let response = with(response, "Content-Type", "text/plain; charset=utf-8");
    with(response, "Cache-Control", "no-store")
}

/// Adds a header; a value that is not ASCII (a raw non-ASCII path in `Location`) cannot be one,
/// and is left out rather than failing the response.
fn with<R: std::io::Read>(response: Response<R>, name: &str, value: &str) -> Response<R> {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

fn respond<R: std::io::Read>(request: Request, response: Response<R>) {
    // The client may have gone away; nothing to do about it.
    let _ = request.respond(response);
}

#[cfg(test)]
mod tests {
    use super::site_path;

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
