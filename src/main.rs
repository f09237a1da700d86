//! The `stepbook` binary: parses the command line, runs the library, prints diagnostics and
//! chooses the exit code (0 success, 1 failure; `check` and `diff`: see `check_output`).

mod check_output;
mod cli;

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use cli::{Cli, Command};
use stepbook::project::Project;
use stepbook::{Error, Report};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Command::Build { root, out, profile } => {
            let project = Project::new(root, out.clone()).with_profile(profile.clone());
            build(&project, cli.quiet)
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
            check_output::check(result, *format, *deny_warnings, cli.quiet, |report| {
                format!("checked {}: no errors", counts(report))
            })
        }
        Command::Diff { old, root, format } => {
            let project = Project::new(root, None);
            check_output::diff(stepbook::diff(&project, old), *format)
        }
    }
}

fn build(project: &Project, quiet: bool) -> ExitCode {
    let started = Instant::now();
    match stepbook::build(project) {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            if !quiet {
                let summary = format!(
                    "built {} into `{}` in {} ms",
                    counts(&report),
                    project.out.display(),
                    started.elapsed().as_millis()
                );
                match report.warnings.len() {
                    0 => eprintln!("{summary}"),
                    warnings => eprintln!("{summary}, {}", plural(warnings, "warning")),
                }
            }
            ExitCode::SUCCESS
        }
        Err(Error::Content(diagnostics)) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "error: {} found; nothing was written",
                plural(errors, "error")
            );
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

use check_output::{plural, print_diagnostics};

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
