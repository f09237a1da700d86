//! The commands of the `stepbook` binary: parses the command line, runs the library, prints
//! diagnostics and chooses the exit code (0 success, 1 failure; `check` and `diff`: see
//! [`report`]).

mod cli;
mod console;
mod report;

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
        } => {
            let project = Project::new(root, out.clone())
                .with_profile(profile.clone())
                .with_checklists(!no_pdf);
            let progress = console::Progress::start("building", SPINNER_DELAY, cli.quiet);
            let result =
                stepbook::build_with_progress(&project, &|done, total| progress.set(done, total));
            drop(progress);
            result.map(|report| {
                let summary = format!(
                    "built {} into `{}` in {} ms",
                    counts(&report),
                    project.out.display(),
                    started.elapsed().as_millis()
                );
                (report, summary)
            })
        }
        Command::Check {
            root,
            out,
            format,
            deny_warnings,
            today,
            max_age,
            uses,
        } => {
            let project = Project::new(root, out.clone()).with_freshness(today.clone(), *max_age);
            let result =
                stepbook::check_changes(&project, uses.as_deref()).map(|(_, report)| report);
            return report::check(result, *format, *deny_warnings, cli.quiet, |report| {
                format!("checked {}: no errors", counts(report))
            });
        }
        Command::Diff { old, root, format } => {
            let project = Project::new(root, None);
            return report::diff(stepbook::diff(&project, old), *format);
        }
        Command::Serve { root, port, bind } => return serve(root, *port, *bind, cli.quiet),
        Command::Init { dir, languages } => {
            return scaffolded(scaffold::init(dir, languages), cli.quiet, &|| {
                format!(
                    "project `{}`: try `cd {} && stepbook serve`",
                    dir.display(),
                    dir.display()
                )
            });
        }
        Command::New {
            what: New::Procedure { id, root },
        } => {
            let project = Project::new(root, None);
            return scaffolded(scaffold::new_procedure(&project, id), cli.quiet, &|| {
                format!("procedure `{id}`")
            });
        }
        Command::Schemas { out } => return schemas(out, cli.quiet),
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut Cli::command(),
                "stepbook",
                &mut std::io::stdout(),
            );
            return ExitCode::SUCCESS;
        }
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

fn serve(root: &Path, port: u16, bind: std::net::IpAddr, quiet: bool) -> ExitCode {
    let project = Project::new(root, None);
    let options = serve::Options { bind, port };
    let report = |event: Event| match event {
        Event::Listening(addr) => {
            // Always printed, even with -q: scripts and tests read the real port from it.
            console::status("Serving", &format!("http://{addr}/ (Ctrl-C to stop)"));
            if !quiet {
                console::note("Watching", "content/ and themes/ for changes");
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
