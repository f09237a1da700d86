//! The `stepbook` binary: parses the command line, runs the library, prints diagnostics and
//! chooses the exit code (0 success, 1 failure).

mod cli;

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use cli::{Cli, Command};
use stepbook::diagnostic::Diagnostic;
use stepbook::project::Project;
use stepbook::{Error, Report};

fn main() -> ExitCode {
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
            stepbook::build(&project).map(|report| {
                let summary = format!(
                    "built {} into `{}` in {} ms",
                    counts(&report),
                    project.out.display(),
                    started.elapsed().as_millis()
                );
                (report, summary)
            })
        }
        Command::Check { root } => stepbook::check(&Project::new(root, None)).map(|(_, report)| {
            let summary = format!("checked {}: no errors", counts(&report));
            (report, summary)
        }),
    };
    match result {
        Ok((report, summary)) => {
            print_diagnostics(&report.warnings);
            if !cli.quiet {
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

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}\n");
    }
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
