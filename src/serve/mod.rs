//! `stepbook serve`: builds the site in memory, serves it over HTTP on loopback, watches
//! `content/` and `themes/`, rebuilds what changed and reloads the open browser tabs.
//!
//! Three parts: the rebuild loop here (watcher events → [`Changes`] → [`Session::rebuild`]), the
//! HTTP side in [`http`] (a small blocking server, files from memory, a long-poll endpoint for reloads) and the
//! snippets injected into served pages in [`inject`] (reload script, error overlay). A content
//! error never stops the server: the last good site stays served with the diagnostics over it.

mod http;
mod inject;
pub mod mime;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use thiserror::Error;

use crate::Error as BuildError;
use crate::project::Project;
use crate::site::cache::{Changes, Rebuild, Session, Site};
use crate::source::Diagnostic;

/// How long the watcher waits for a burst of file events to settle: a save storm (an editor
/// writing a temporary file and renaming it) becomes one rebuild. Measured (docs/performance.md,
/// "serve edits and memory at N = 10 000"): the saves of vim, ed, `sed -i`, a temporary file
/// renamed over the file, `cp` and a truncate-and-write each stayed one rebuild at 25 ms (21
/// saves, three of each), and an edit is served about 100 ms sooner than at 120 ms. A longer burst (`git checkout` of many files) may become two or
/// three rebuilds, each of what had changed by then; events that come during a rebuild are
/// taken together by the next.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// How often the watcher looks for settled events: the delay after a burst is between
/// [`DEBOUNCE`] and [`DEBOUNCE`] + this.
const TICK: Duration = Duration::from_millis(5);

/// Where to listen.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The address to bind (`127.0.0.1` unless widened deliberately with `--bind`).
    pub bind: IpAddr,
    /// The port (`0` picks a free one; the real one is reported).
    pub port: u16,
}

/// What the server tells the console.
#[derive(Debug)]
pub enum Event<'a> {
    /// The server listens at this address.
    Listening(SocketAddr),
    /// A rebuild succeeded.
    Rebuilt(&'a Rebuild),
    /// A rebuild failed; the previous site is still served, with these problems over it.
    Failed(&'a BuildError),
    /// A watched folder could not be watched or a watch error occurred.
    WatchProblem(String),
}

/// Why the server could not start.
#[derive(Debug, Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {message}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The reason.
        message: String,
    },
    /// The file watcher could not start.
    #[error("cannot watch `{path}`: {message}")]
    Watch {
        /// The folder.
        path: PathBuf,
        /// The reason.
        message: String,
    },
}

/// What the HTTP side serves; replaced after every rebuild.
pub(crate) struct Served {
    /// The last good site.
    pub site: Arc<Site>,
    /// The problems of the last rebuild, if it failed.
    pub problems: Option<Arc<Problems>>,
    /// Counts rebuilds; a page reloads when it changes.
    pub generation: u64,
}

/// The state shared by the rebuild loop and the HTTP threads.
pub(crate) struct Shared {
    served: Mutex<Served>,
    changed: Condvar,
}

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Served> {
        // A panic in another thread cannot leave `Served` half-updated (it is replaced field by
        // field under the lock), so a poisoned lock is still usable.
        self.served
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits until the generation differs from `seen`, or `timeout` passes; the generation.
    pub(crate) fn wait_for_change(&self, seen: u64, timeout: Duration) -> u64 {
        let guard = self.lock();
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |served| served.generation == seen)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        guard.generation
    }

    fn publish(&self, site: Option<Site>, problems: Option<Arc<Problems>>) {
        let mut served = self.lock();
        if let Some(site) = site {
            served.site = Arc::new(site);
        }
        served.problems = problems;
        served.generation += 1;
        drop(served);
        self.changed.notify_all();
    }
}

/// Builds, serves and watches until the process is stopped. `report` is called for every event
/// the user should see.
pub fn run(project: Project, options: Options, report: &dyn Fn(Event)) -> Result<(), ServeError> {
    let content = absolute(&project.content());
    let themes = absolute(&project.themes());
    let mut session = Session::new(project);
    let shared = Arc::new(Shared {
        served: Mutex::new(Served {
            site: Arc::new(Site::new()),
            problems: None,
            generation: 0,
        }),
        changed: Condvar::new(),
    });

    // Watch first, then build, then announce: an edit made while the site is first built, or
    // right after "Serving", is seen; a folder that cannot be watched stops `serve` before it
    // announces anything.
    let (sender, events) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(DEBOUNCE, Some(TICK), sender).map_err(|error| ServeError::Watch {
            path: content.clone(),
            message: error.to_string(),
        })?;
    let watch_error = |path: &Path| {
        let path = path.to_path_buf();
        move |error: notify_debouncer_full::notify::Error| ServeError::Watch {
            path,
            message: error.to_string(),
        }
    };
    // The project folder itself, so that `content/` or `themes/` created, replaced or renamed
    // away and back (editors, `git checkout`) is noticed and watched again.
    let root = content.parent().unwrap_or(&content).to_path_buf();
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(watch_error(&root))?;
    debouncer
        .watch(&content, RecursiveMode::Recursive)
        .map_err(watch_error(&content))?;
    let mut watching_themes = themes.is_dir();
    if watching_themes {
        debouncer
            .watch(&themes, RecursiveMode::Recursive)
            .map_err(watch_error(&themes))?;
    }

    rebuild(&mut session, &shared, &Changes::all(), report);

    let addr = SocketAddr::new(options.bind, options.port);
    let listener = listen(addr).map_err(|error| ServeError::Bind {
        addr,
        message: error.to_string(),
    })?;
    let listening = listener.local_addr().unwrap_or(addr);
    http::start(listener, listening, Arc::clone(&shared));
    report(Event::Listening(listening));

    while let Ok(first) = events.recv() {
        let mut paths = Vec::new();
        for batch in std::iter::once(first).chain(events.try_iter()) {
            match batch {
                // Reading a file is an event too (the rebuild's own reads): only changes count.
                Ok(batch) => paths.extend(
                    batch
                        .into_iter()
                        .filter(|event| !matches!(event.kind, EventKind::Access(_)))
                        .flat_map(|event| event.event.paths),
                ),
                Err(errors) => {
                    for error in errors {
                        report(Event::WatchProblem(error.to_string()));
                    }
                }
            }
        }
        // A folder replaced under its name is a new folder: the old watch followed the old one
        // (or died with it). Watch whatever has the name now, and rebuild everything.
        let mut replaced = false;
        for (folder, watching) in [(&content, None), (&themes, Some(&mut watching_themes))] {
            if !paths.iter().any(|path| path == folder) {
                continue;
            }
            replaced = true;
            let _ = debouncer.unwatch(folder);
            let now = folder.is_dir();
            if now && let Err(error) = debouncer.watch(folder, RecursiveMode::Recursive) {
                report(Event::WatchProblem(watch_error(folder)(error).to_string()));
            }
            if let Some(watching) = watching {
                *watching = now;
            }
        }
        let mut changes = if replaced {
            Changes::all()
        } else {
            Changes::from_paths(paths.iter().map(PathBuf::as_path), &content, &themes)
        };
        if !watching_themes && themes.is_dir() {
            debouncer
                .watch(&themes, RecursiveMode::Recursive)
                .map_err(watch_error(&themes))?;
            watching_themes = true;
            changes.theme = true;
        }
        if !changes.is_empty() {
            rebuild(&mut session, &shared, &changes, report);
        }
    }
    Ok(())
}

fn rebuild(session: &mut Session, shared: &Shared, changes: &Changes, report: &dyn Fn(Event)) {
    match session.rebuild(changes) {
        Ok(rebuild) => {
            report(Event::Rebuilt(&rebuild));
            shared.publish(Some(session.site()), None);
        }
        Err(error) => {
            report(Event::Failed(&error));
            shared.publish(None, Some(Arc::new(Problems::of(&error))));
        }
    }
}

/// The problems of a failed rebuild: each error, for the overlay to lay out, and the text the
/// console shows (without colours), kept exact for copying.
pub(crate) struct Problems {
    /// The errors with their places (none if the failure was not about content, e.g. I/O).
    pub errors: Vec<Diagnostic>,
    /// What the console printed.
    pub text: String,
}

impl Problems {
    fn of(error: &BuildError) -> Problems {
        match error {
            BuildError::Content(diagnostics) => {
                let errors: Vec<Diagnostic> = diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .cloned()
                    .collect();
                let text = errors
                    .iter()
                    .map(Diagnostic::to_string)
                    .collect::<Vec<_>>()
                    .join("\n\n");
                Problems { errors, text }
            }
            other => Problems {
                errors: Vec::new(),
                text: other.to_string(),
            },
        }
    }
}

/// A listening socket with `TCP_NODELAY`, which accepted connections inherit (a response then
/// never waits for the client's delayed ACK, 40 ms per request on Linux).
fn listen(
    addr: SocketAddr,
) -> Result<std::net::TcpListener, Box<dyn std::error::Error + Send + Sync>> {
    use socket2::{Domain, Protocol, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_address(true)?;
    socket.set_tcp_nodelay(true)?;
    socket.bind(&addr.into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

/// The watcher reports absolute paths; compare them with absolute folders.
fn absolute(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}
