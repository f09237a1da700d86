//! The commands of the `stepbook` binary: parses the command line, runs the library, prints
//! diagnostics and chooses the exit code (0 success, 1 failure; `check` and `diff`: see
//! [`report`]).

mod cli;
mod console;
mod out;
mod report;
mod verify_report;

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{CommandFactory, Parser};

use cli::{Cli, Command, New};
use stepbook::project::Project;
use stepbook::scaffold::{self, ScaffoldError};
use stepbook::serve::{self, Event};
use stepbook::{Error, Report};

/// How long a build runs before its progress bar shows.
const SPINNER_DELAY: Duration = Duration::from_millis(300);

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    let result = match &cli.command {
        Command::Build {
            root,
            out,
            profile,
            no_pdf,
            base_url,
            drafts,
            require_verified,
        } => {
            let root = cli.root(root);
            if let Err(message) = a_project(&root) {
                console::error(&message);
                return ExitCode::FAILURE;
            }
            let project = Project::new(root, out.clone())
                .with_profile(profile.clone())
                .with_checklists(!no_pdf)
                .with_base_url(base_url.clone())
                .with_drafts(*drafts)
                .with_require_verified(*require_verified);
            let progress = console::Progress::start("building", SPINNER_DELAY, cli.quiet);
            let result =
                stepbook::build_with_progress(&project, &|done, total| progress.set(done, total));
            drop(progress);
            result.map(|report| {
                let mut summary = format!(
                    "built {} into `{}` in {} ms",
                    counts(&report),
                    project.out.display(),
                    started.elapsed().as_millis()
                );
                if report.drafts_left_out > 0 {
                    summary.push_str(&format!(
                        ", {} left out (`--drafts` publishes {})",
                        plural(report.drafts_left_out, "draft"),
                        if report.drafts_left_out == 1 {
                            "it"
                        } else {
                            "them"
                        }
                    ));
                }
                (report, summary)
            })
        }
        Command::Check {
            root,
            out,
            format,
            deny_warnings,
            require_verified,
            allow,
            today,
            max_age,
            uses,
            changes,
            no_pdf,
        } => {
            let root = cli.root(root);
            if let Err(message) = a_project(&root) {
                return report::usage_message(&message);
            }
            let project = Project::new(root, out.clone())
                .with_freshness(today.clone(), *max_age)
                .with_require_verified(*require_verified)
                .with_checklists(!no_pdf);
            let mut result =
                stepbook::check_changes(&project, uses.as_deref()).map(|(_, report)| report);
            // The project's copies of the JSON Schemas, if it keeps them, are this stepbook's.
            let diagnostics = match &mut result {
                Ok(report) => Some(&mut report.warnings),
                Err(Error::Content(diagnostics)) => Some(diagnostics),
                Err(_) => None,
            };
            if let Some(diagnostics) = diagnostics {
                diagnostics.extend(scaffold::schema::outdated(&project));
                stepbook::source::diagnostic::sort(diagnostics);
            }
            let options = report::CheckOptions {
                format: *format,
                deny_warnings: *deny_warnings,
                allow,
                list_changes: *changes,
                quiet: cli.quiet,
            };
            return report::check(result, &options, |report| {
                format!("checked {}: no errors", counts(report))
            });
        }
        Command::Diff { old, root, format } => {
            let root = cli.root(root);
            if let Err(message) = a_project(&root) {
                return report::usage_message(&message);
            }
            let project = Project::new(root, None);
            return report::diff(stepbook::diff(&project, old), *format);
        }
        Command::Release {
            procedure,
            note,
            major,
            today,
            root,
        } => {
            let root = cli.root(root);
            if let Err(message) = a_project(&root) {
                return report::usage_message(&message);
            }
            let project = Project::new(root, None).with_freshness(today.clone(), None);
            return report::release(
                stepbook::site::release::release(&project, procedure, note.as_deref(), *major),
                cli.quiet,
            );
        }
        Command::Verify {
            root,
            evidence,
            date,
            fix,
            format,
            system,
            screen,
        } => {
            let root = cli.root(root);
            if let Err(message) = a_project(&root) {
                return report::usage_message(&message);
            }
            let project = Project::new(root, None);
            let options = stepbook::verify::Options {
                selection: stepbook::verify::evidence::Selection {
                    system: system.clone(),
                    screen: screen.clone(),
                    files: evidence.clone(),
                },
                date: date.clone(),
                fix: *fix,
            };
            return verify_report::verify(
                stepbook::verify::verify(&project, &options),
                *format,
                cli.quiet,
            );
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            base_url,
            no_pdf,
        } => {
            let root = cli.root(root);
            if let Err(message) = a_project(&root) {
                console::error(&message);
                return ExitCode::FAILURE;
            }
            let project = Project::new(root, None)
                .with_base_url(base_url.clone())
                .with_checklists(!no_pdf);
            let options = serve::Options {
                bind: *bind,
                port: *port,
            };
            return serve(project, options, *open, cli.quiet);
        }
        Command::Init { dir, languages, ci } => {
            let services = cli::CiChoice::services(ci);
            return scaffolded(
                scaffold::init(dir, languages, &services),
                cli.quiet,
                &|| {
                    format!(
                        "project `{}`: try `cd {} && stepbook serve`",
                        dir.display(),
                        dir.display()
                    )
                },
            );
        }
        Command::New {
            what: New::Procedure { id, root },
        } => {
            let root = cli.root(root);
            if let Err(message) = a_project(&root) {
                console::error(&message);
                return ExitCode::FAILURE;
            }
            let project = Project::new(root, None);
            return scaffolded(scaffold::new_procedure(&project, id), cli.quiet, &|| {
                format!("procedure `{id}`")
            });
        }
        Command::New {
            what: New::Ci { services, root },
        } => {
            let root = cli.root(root);
            if let Err(message) = a_project(&root) {
                console::error(&message);
                return ExitCode::FAILURE;
            }
            let services = cli::CiChoice::services(services);
            return scaffolded(scaffold::ci(&root, &services), cli.quiet, &|| {
                "the CI configuration (its first lines say what to set up once)".to_string()
            });
        }
        Command::Schemas { out } => {
            let out = out
                .clone()
                .unwrap_or_else(|| Project::new(cli.root(&None), None).path("schemas"));
            return schemas(&out, cli.quiet);
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "stepbook", &mut script);
            return written(out::stdout(&script));
        }
        Command::Man { out: None } => {
            let mut page = Vec::new();
            let rendered = clap_mangen::Man::new(Cli::command()).render(&mut page);
            return written(rendered.and_then(|()| out::stdout(&page)));
        }
        Command::Man { out: Some(dir) } => return man_pages(dir, cli.quiet),
    };
    match result {
        Ok((report, summary)) => {
            console::diagnostics(&report.warnings);
            if !cli.quiet {
                match report.warnings.len() {
                    0 => console::summary(&summary),
                    warnings => {
                        console::summary(&format!("{summary}, {}", plural(warnings, "warning")))
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            report_error(&error);
            ExitCode::FAILURE
        }
    }
}

fn report_error(error: &Error) {
    match error {
        Error::Content(diagnostics) => {
            console::diagnostics(diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            console::error(&format!(
                "{} found; nothing was written",
                plural(errors, "error")
            ));
        }
        error => console::error(&error.to_string()),
    }
}

/// Why `root` is not a project, if it is not: said without a made-up position, with what to
/// do instead.
fn a_project(root: &Path) -> Result<(), String> {
    let named = if root == Path::new(".") {
        "the current folder".to_string()
    } else {
        format!("`{}`", root.display())
    };
    if !root.is_dir() {
        return Err(format!(
            "the project folder {named} does not exist; create a project with `stepbook init {}`",
            root.display()
        ));
    }
    if root.join("content").is_dir() {
        return Ok(());
    }
    Err(format!(
        "{named} is not a stepbook project: it has no `content/` folder; run stepbook in a \
         project's folder, name one with `--root DIR`, or create one with `stepbook init DIR`"
    ))
}

/// The exit code of a command whose whole work is printing on stdout (a reader that closed
/// early is a normal end; see [`out::stdout`]).
fn written(result: std::io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            console::error(&format!("cannot write to standard output: {error}"));
            ExitCode::FAILURE
        }
    }
}

/// `stepbook man --out DIR`: one page for the program, one per command.
fn man_pages(dir: &Path, quiet: bool) -> ExitCode {
    let written =
        std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(Cli::command(), dir));
    if let Err(error) = written {
        console::error(&format!(
            "cannot write the manual pages into `{}`: {error}",
            dir.display()
        ));
        return ExitCode::FAILURE;
    }
    if !quiet {
        console::status(
            "Wrote",
            &format!("the manual pages into `{}`", dir.display()),
        );
    }
    ExitCode::SUCCESS
}

fn serve(project: Project, options: serve::Options, open: bool, quiet: bool) -> ExitCode {
    let report = |event: Event| match event {
        Event::Listening(addr) => {
            // Always printed, even with -q: scripts and tests read the real port from it.
            console::status("Serving", &format!("http://{addr}/ (Ctrl-C to stop)"));
            if !quiet {
                console::note("Watching", "content/ and themes/ for changes");
            }
            if open {
                open_browser(addr);
            }
        }
        Event::Rebuilt(rebuild) => {
            console::diagnostics(&rebuild.report.warnings);
            if !quiet {
                console::status(
                    "Rebuilt",
                    &format!(
                        "{} in {:.1} ms: {} rendered, {} reused",
                        counts(&rebuild.report),
                        rebuild.elapsed.as_secs_f64() * 1000.0,
                        rebuild.rendered,
                        rebuild.report.files - rebuild.rendered.min(rebuild.report.files),
                    ),
                );
            }
        }
        Event::Failed(error) => {
            let what = match error {
                Error::Content(diagnostics) => {
                    console::diagnostics(diagnostics);
                    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                    plural(errors, "error")
                }
                other => other.to_string(),
            };
            console::error(&format!(
                "{what}; still serving the last good build, with the errors shown over it"
            ));
        }
        Event::WatchProblem(message) => console::error(&format!("watching: {message}")),
    };
    match serve::run(project, options, &report) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            console::error(&error.to_string());
            ExitCode::FAILURE
        }
    }
}

/// `serve --open`: the served site in the browser (`$BROWSER`, else the system's default). A
/// browser that cannot be started is told, and serving goes on.
fn open_browser(addr: std::net::SocketAddr) {
    let mut addr = addr;
    if addr.ip().is_unspecified() {
        // Listening on every address: the browser goes to this machine's loopback address.
        addr.set_ip(match addr {
            std::net::SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            std::net::SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    let url = format!("http://{addr}/");
    if let Err(error) = webbrowser::open(&url) {
        console::error(&format!(
            "cannot open a web browser ({error}); open {url} yourself, or set BROWSER"
        ));
    }
}

fn scaffolded(
    result: Result<Vec<std::path::PathBuf>, ScaffoldError>,
    quiet: bool,
    what: &dyn Fn() -> String,
) -> ExitCode {
    match result {
        Ok(files) => {
            if !quiet {
                for file in &files {
                    console::status("Created", &file.display().to_string());
                }
                console::summary(&format!("created {}", what()));
            }
            ExitCode::SUCCESS
        }
        Err(ScaffoldError::Content(diagnostics)) => {
            console::diagnostics(&diagnostics);
            console::error("the project's content has errors; fix them first");
            ExitCode::FAILURE
        }
        Err(error) => {
            console::error(&error.to_string());
            ExitCode::FAILURE
        }
    }
}

fn schemas(out: &Path, quiet: bool) -> ExitCode {
    for (name, text) in stepbook::scaffold::schema::all() {
        let path = out.join(name);
        let written = std::fs::create_dir_all(out).and_then(|()| std::fs::write(&path, text));
        if let Err(error) = written {
            console::error(&format!("cannot write `{}`: {error}", path.display()));
            return ExitCode::FAILURE;
        }
        if !quiet {
            console::status("Wrote", &path.display().to_string());
        }
    }
    ExitCode::SUCCESS
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn counts(report: &Report) -> String {
    let mut text = format!(
        "{} in {}",
        plural(report.procedures, "procedure"),
        plural(report.languages, "language")
    );
    if report.files > 0 {
        text.push_str(&format!(
            " ({}, {}, {})",
            plural(report.pages, "page"),
            plural(report.checklists, "checklist"),
            plural(report.files, "file")
        ));
    }
    text
}
