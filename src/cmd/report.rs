//! What `stepbook check` and `stepbook diff` print, in text or JSON, and their exit codes.
//!
//! Exit codes: 0 when there is no error (warnings allowed unless `--deny-warnings`), 1 when the
//! content has errors (or warnings under `--deny-warnings`), 2 when an option, an environment
//! variable or the old manifest cannot be used (as clap does for bad arguments), or the result
//! cannot be written to stdout (a reader that closes early is not that: see [`super::out`]).

use std::process::ExitCode;

use serde::Serialize;
use sha2::{Digest, Sha256};
use stepbook::site::diff::Diff;
use stepbook::site::manifest::LabelUse;
use stepbook::source::{Diagnostic, JsonDiagnostic};
use stepbook::{Error, Report};

use super::cli::{CheckFormat, Format};
use super::{console, out};

/// How `check` was asked to report.
pub struct CheckOptions<'a> {
    pub format: CheckFormat,
    pub deny_warnings: bool,
    /// Codes of warnings left out (`--allow`).
    pub allow: &'a [String],
    pub quiet: bool,
    /// List the changes since the last build, not only count them (`--changes`).
    pub list_changes: bool,
}

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
    /// Every procedure's status and verification state (none if the content has errors).
    procedures: &'a [stepbook::site::ProcedureState],
}

/// Prints the outcome of `check` and chooses the exit code.
pub fn check(
    result: Result<Report, Error>,
    options: &CheckOptions<'_>,
    summary: impl Fn(&Report) -> String,
) -> ExitCode {
    let (mut diagnostics, report) = match result {
        Ok(report) => (report.warnings.clone(), Some(report)),
        Err(Error::Content(diagnostics)) => (diagnostics, None),
        Err(error) => return usage(&error),
    };
    diagnostics.retain(|d| d.is_error() || !options.allow.iter().any(|c| c == d.problem.code()));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let failed = errors > 0 || (options.deny_warnings && warnings > 0);
    let changes = report.as_ref().and_then(|r| r.changes.as_ref());
    let json = || {
        diagnostics
            .iter()
            .map(JsonDiagnostic::from)
            .collect::<Vec<_>>()
    };
    let printed = match options.format {
        CheckFormat::Json => {
            let json = CheckJson {
                format: 1,
                errors,
                warnings,
                diagnostics: json(),
                changes,
                uses: report.as_ref().and_then(|r| r.uses.as_deref()),
                procedures: report.as_ref().map_or(&[], |r| &r.verifications),
            };
            out::stdout(pretty(&json))
        }
        CheckFormat::Github => out::stdout(github_annotations(&json())),
        CheckFormat::Gitlab => out::stdout(pretty(&gitlab_code_quality(&json()))),
        CheckFormat::Text => text(&diagnostics, report.as_ref(), options, failed, &summary),
    };
    if let Err(error) = printed {
        return cannot_write(&error);
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `check --format text`: diagnostics, changes and the summary on stderr; `--uses` on stdout.
fn text(
    diagnostics: &[Diagnostic],
    report: Option<&Report>,
    options: &CheckOptions<'_>,
    failed: bool,
    summary: &impl Fn(&Report) -> String,
) -> std::io::Result<()> {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    console::diagnostics(diagnostics);
    if let Some(changes) = report
        .and_then(|r| r.changes.as_ref())
        .filter(|_| !options.quiet)
    {
        if changes.is_empty() {
            eprintln!("no changes since the last build");
        } else if options.list_changes {
            eprint!("changes since the last build:\n{changes}");
        } else {
            eprintln!("{}", count_changes(changes));
        }
    }
    if let Some(uses) = report.and_then(|r| r.uses.as_ref()) {
        print_uses(uses)?;
    }
    match report {
        Some(report) if !options.quiet || failed => {
            if !options.quiet {
                for state in &report.verifications {
                    let draft = match state.status {
                        stepbook::model::Status::Published => "",
                        other => other.word(),
                    };
                    let draft = if draft.is_empty() {
                        String::new()
                    } else {
                        format!(" ({draft})")
                    };
                    eprintln!("procedure {}{draft}: {}", state.id, state.verification);
                }
            }
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
    Ok(())
}

/// One line instead of the list (which `--changes` prints): the warnings above it stay in view.
fn count_changes(changes: &Diff) -> String {
    let mut parts = Vec::new();
    let steps = changes.change_count();
    let procedures = plural(changes.procedures.len(), "procedure");
    match (steps, changes.procedures.len()) {
        (_, 0) => {}
        (0, _) => parts.push(procedures),
        (steps, _) => parts.push(format!("{} in {procedures}", plural(steps, "step"))),
    }
    if !changes.labels.is_empty() {
        parts.push(plural(changes.labels.len(), "label"));
    }
    format!(
        "changes since the last build: {} (`stepbook check --changes` lists them)",
        parts.join(", ")
    )
}

/// Pretty JSON and a final newline (serialising these plain structures cannot fail).
pub fn pretty(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// `check --format github`: one workflow command per problem, so that each lands on its file and
/// line in the pull request (`::error file=F,line=L,col=C,title=CODE::MESSAGE`).
pub fn github_annotations(diagnostics: &[JsonDiagnostic]) -> String {
    let mut text = String::new();
    for d in diagnostics {
        let command = if d.severity == "error" {
            "error"
        } else {
            "warning"
        };
        text.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            github_property(&d.file),
            d.line,
            d.column,
            github_property(&format!("stepbook {}", d.code)),
            github_data(&d.message),
        ));
    }
    text
}

/// A workflow command's message, escaped as the Actions toolkit does (`%`, CR, LF).
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: its message escapes, and `:` and `,` too.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One issue of a GitLab Code Quality report.
#[derive(Serialize)]
pub struct CodeQuality {
    description: String,
    check_name: String,
    /// Stable across runs and across edits that only move the problem to another line: the
    /// code, file and message, and which of several identical problems in the file it is.
    fingerprint: String,
    /// `major` for errors, `minor` for warnings.
    severity: &'static str,
    location: CodeQualityLocation,
}

#[derive(Serialize)]
struct CodeQualityLocation {
    path: String,
    lines: CodeQualityLines,
}

#[derive(Serialize)]
struct CodeQualityLines {
    begin: usize,
}

/// `check --format gitlab`: the report GitLab shows in merge requests
/// (`artifacts: reports: codequality`).
pub fn gitlab_code_quality(diagnostics: &[JsonDiagnostic]) -> Vec<CodeQuality> {
    let mut seen: std::collections::HashMap<(&str, &str, &str), usize> = Default::default();
    diagnostics
        .iter()
        .map(|d| {
            let nth = seen.entry((d.code, &d.file, &d.message)).or_default();
            let mut hash = Sha256::new();
            for part in [d.code, &d.file, &d.message, &nth.to_string()] {
                hash.update(part.as_bytes());
                hash.update([0]);
            }
            *nth += 1;
            let fingerprint = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
            CodeQuality {
                description: d.message.clone(),
                check_name: format!("stepbook/{}", d.code),
                fingerprint,
                severity: if d.severity == "error" {
                    "major"
                } else {
                    "minor"
                },
                location: CodeQualityLocation {
                    path: d.file.clone(),
                    lines: CodeQualityLines { begin: d.line },
                },
            }
        })
        .collect()
}

/// `check --uses`: the items using a label, then the pages and checklists they are on.
fn print_uses(uses: &[LabelUse]) -> std::io::Result<()> {
    let mut files = std::collections::BTreeSet::new();
    let mut text = String::new();
    for used in uses {
        let shared = used
            .shared
            .as_ref()
            .map_or(String::new(), |group| format!(" (shared: {group})"));
        text.push_str(&format!(
            "{} {} {}{shared} [{}]\n",
            used.procedure,
            used.number,
            used.id,
            used.languages.join(", ")
        ));
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
        text.push_str(&file);
        text.push('\n');
    }
    out::stdout(text)
}

/// Prints the outcome of `diff`.
pub fn diff(result: Result<(Diff, Report), Error>, format: Format) -> ExitCode {
    match result {
        Ok((diff, report)) => {
            console::diagnostics(&report.warnings);
            let printed = match format {
                Format::Json => out::stdout(pretty(&diff)),
                Format::Text => out::stdout(diff.to_string()),
            };
            match printed {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => cannot_write(&error),
            }
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

/// Prints what `release` did and chooses the exit code.
pub fn release(result: Result<stepbook::site::release::Released, Error>, quiet: bool) -> ExitCode {
    match result {
        Ok(released) => {
            if !quiet {
                let record = released.record.display();
                if released.edited {
                    let steps = match released.steps.len() {
                        0 => String::new(),
                        _ => format!(", changed: {}", released.steps.join(", ")),
                    };
                    console::status(
                        "Released",
                        &format!(
                            "{} {} (was {}): changelog entry added{steps}; record `{record}`",
                            released.id, released.version, released.old_version
                        ),
                    );
                } else {
                    console::status(
                        "Recorded",
                        &format!(
                            "{} {} as released in `{record}`",
                            released.id, released.version
                        ),
                    );
                }
            }
            ExitCode::SUCCESS
        }
        Err(Error::Content(diagnostics)) => {
            console::diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            console::error(&format!(
                "{} found; nothing was released",
                plural(errors, "error")
            ));
            ExitCode::FAILURE
        }
        Err(error) => usage(&error),
    }
}

fn usage(error: &Error) -> ExitCode {
    usage_message(&error.to_string())
}

/// Exit code 2, with `message` on stderr.
pub fn usage_message(message: &str) -> ExitCode {
    console::error(message);
    ExitCode::from(2)
}

/// The result could not be written (a full disk; not a closed pipe): exit code 2, as the
/// command could not do what was asked.
fn cannot_write(error: &std::io::Error) -> ExitCode {
    usage_message(&format!("cannot write to standard output: {error}"))
}

/// `1 warning`, `2 warnings`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
