//! What `stepbook verify` prints, in text or JSON, and its exit code: 0 when every label with
//! evidence was found (labels without evidence are listed, not errors), 1 when one was not or
//! an evidence file cannot be used, 2 when it cannot run (an option, Tesseract missing).

use std::process::ExitCode;

use serde::Serialize;
use stepbook::Error;
use stepbook::source::JsonDiagnostic;
use stepbook::verify::{Outcome, State};

use super::cli::Format;
use super::{console, out, report};

/// `verify --format json`: one document on stdout.
#[derive(Serialize)]
struct VerifyJson<'a> {
    /// Bumped if the shape ever changes incompatibly.
    format: u32,
    errors: usize,
    diagnostics: Vec<JsonDiagnostic>,
    #[serde(flatten)]
    outcome: Option<&'a Outcome>,
}

/// Prints the outcome of `verify` and chooses the exit code.
pub fn verify(result: Result<Outcome, Error>, format: Format, quiet: bool) -> ExitCode {
    let (diagnostics, outcome) = match &result {
        Ok(outcome) => (outcome.diagnostics.clone(), Some(outcome)),
        Err(Error::Content(diagnostics)) => (diagnostics.clone(), None),
        Err(error) => return report::usage_message(&error.to_string()),
    };
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let printed = match format {
        Format::Json => out::stdout(report::pretty(&VerifyJson {
            format: 1,
            errors,
            diagnostics: diagnostics.iter().map(JsonDiagnostic::from).collect(),
            outcome,
        })),
        Format::Text => {
            console::diagnostics(&diagnostics);
            if let Some(outcome) = outcome.filter(|_| !quiet) {
                text(outcome);
            }
            if errors > 0 {
                console::error(&format!(
                    "{} found{}",
                    report::plural(errors, "error"),
                    if outcome.is_some_and(|o| !o.edited.is_empty()) {
                        "; the labels found were dated"
                    } else {
                        ""
                    }
                ));
            }
            Ok(())
        }
    };
    if let Err(error) = printed {
        return report::usage_message(&format!("cannot write to standard output: {error}"));
    }
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Per screen a line, the renamed labels, each procedure's state and a summary, on stderr.
fn text(outcome: &Outcome) {
    let mut labels = 0;
    let mut verified = 0;
    for screen in &outcome.screens {
        let name = format!("{}:{}", screen.system, screen.screen);
        labels += screen.labels.len();
        let Some(evidence) = &screen.evidence else {
            console::note(
                "Unverified",
                &format!(
                    "{name}: no evidence ({}; drop a screenshot or saved page at evidence/{}/{}.png|.jpg|.html)",
                    report::plural(screen.labels.len(), "label"),
                    screen.system,
                    screen.screen
                ),
            );
            continue;
        };
        let found = screen
            .labels
            .iter()
            .filter(|l| matches!(l.state, State::Found | State::Fixed))
            .count();
        verified += found;
        if screen.labels.iter().any(|l| l.state == State::Unreadable) {
            continue;
        }
        let date = screen.date.as_deref().unwrap_or("?");
        let regions = match screen.kind {
            Some("html") => "; a saved page has no pixels: no regions",
            _ => "",
        };
        console::status(
            "Verified",
            &format!(
                "{name}: {found} of {} found in `{evidence}`, dated {date}{regions}",
                report::plural(screen.labels.len(), "label")
            ),
        );
        for label in &screen.labels {
            if let Some(old) = &label.renamed_from {
                console::status(
                    "Renamed",
                    &format!("{}: `{old}` → `{}`", label.label, label.text),
                );
            }
        }
    }
    for state in &outcome.procedures {
        eprintln!("procedure {}: {}", state.id, state.verification);
    }
    let written = match outcome.edited.as_slice() {
        [] => "nothing written".to_string(),
        files => format!("wrote {}", files.join(", ")),
    };
    console::summary(&format!(
        "verified {verified} of {} on {}; {written}",
        report::plural(labels, "screen label"),
        report::plural(outcome.screens.len(), "screen"),
    ));
}
