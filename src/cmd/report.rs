//! What `stepbook check` and `stepbook diff` print, in text or JSON, and their exit codes.
//!
//! Exit codes: 0 when there is no error (warnings allowed unless `--deny-warnings`), 1 when the
//! content has errors (or warnings under `--deny-warnings`), 2 when an option, an environment
//! variable or the old manifest cannot be used (as clap does for bad arguments).

use std::process::ExitCode;

use serde::Serialize;
use stepbook::site::diff::Diff;
use stepbook::site::manifest::LabelUse;
use stepbook::source::JsonDiagnostic;
use stepbook::{Error, Report};

use super::cli::Format;
use super::console;

/// `check --format json`: one document on stdout.
#[derive(Serialize)]
struct CheckJson<'a> {
    /// Bumped if the shape ever changes incompatibly.
    format: u32,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic>,
    /// What changed since the last build, if its manifest was found.
    changes: Option<&'a Diff>,
    /// With `--uses`: the items that use the label.
    #[serde(skip_serializing_if = "Option::is_none")]
    uses: Option<&'a [LabelUse]>,
}

/// Prints the outcome of `check` and chooses the exit code.
pub fn check(
    result: Result<Report, Error>,
    format: Format,
    deny_warnings: bool,
    quiet: bool,
    summary: impl Fn(&Report) -> String,
) -> ExitCode {
    let (diagnostics, report) = match result {
        Ok(report) => (report.warnings.clone(), Some(report)),
        Err(Error::Content(diagnostics)) => (diagnostics, None),
        Err(error) => return usage(&error),
    };
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    let changes = report.as_ref().and_then(|r| r.changes.as_ref());
    match format {
        Format::Json => {
            let json = CheckJson {
                format: 1,
                errors,
                warnings,
                diagnostics: diagnostics.iter().map(JsonDiagnostic::from).collect(),
                changes,
                uses: report.as_ref().and_then(|r| r.uses.as_deref()),
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
        Format::Text => {
            console::diagnostics(&diagnostics);
            if let Some(changes) = changes.filter(|_| !quiet) {
                if changes.is_empty() {
                    eprintln!("no changes since the last build");
                } else {
                    eprint!("changes since the last build:\n{changes}");
                }
            }
            if let Some(uses) = report.as_ref().and_then(|r| r.uses.as_ref()) {
                print_uses(uses);
            }
            match &report {
                Some(report) if !quiet || failed => {
                    let mut line = summary(report);
                    if warnings > 0 {
                        line.push_str(&format!(", {}", plural(warnings, "warning")));
                    }
                    if failed {
                        console::error(&format!("{line}; warnings are denied (--deny-warnings)"));
                    } else {
                        console::summary(&line);
                    }
                }
                Some(_) => {}
                None => console::error(&format!("{} found", plural(errors, "error"))),
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `check --uses`: the items using a label, then the pages and checklists they are on.
fn print_uses(uses: &[LabelUse]) {
    let mut files = std::collections::BTreeSet::new();
    for used in uses {
        let shared = used
            .shared
            .as_ref()
            .map_or(String::new(), |group| format!(" (shared: {group})"));
        println!(
            "{} {} {}{shared} [{}]",
            used.procedure,
            used.number,
            used.id,
            used.languages.join(", ")
        );
        for lang in &used.languages {
            let procedure = &used.procedure;
            files.insert(format!("{lang}/{procedure}/index.html"));
            files.insert(format!("{lang}/{procedure}/{procedure}-{lang}.pdf"));
        }
    }
    eprintln!(
        "used by {} in {} page(s) and checklist(s)",
        plural(uses.len(), "step"),
        files.len()
    );
    for file in files {
        println!("{file}");
    }
}

/// Prints the outcome of `diff`.
pub fn diff(result: Result<(Diff, Report), Error>, format: Format) -> ExitCode {
    match result {
        Ok((diff, report)) => {
            console::diagnostics(&report.warnings);
            match format {
                Format::Json => {
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&diff).unwrap_or_default()
                    )
                }
                Format::Text => print!("{diff}"),
            }
            ExitCode::SUCCESS
        }
        Err(Error::Content(diagnostics)) => {
            console::diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            console::error(&format!("{} found", plural(errors, "error")));
            ExitCode::FAILURE
        }
        Err(error) => usage(&error),
    }
}

fn usage(error: &Error) -> ExitCode {
    console::error(&error.to_string());
    ExitCode::from(2)
}

/// `1 warning`, `2 warnings`.
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
