//! Console output like cargo's: a right-aligned coloured verb and a message. anstream drops the
//! colours when stderr is not a terminal or `NO_COLOR` is set, so piped output stays plain.

use std::io::IsTerminal;
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use stepbook::source::Diagnostic;

const GREEN: Style = AnsiColor::Green.on_default().bold();
const CYAN: Style = AnsiColor::Cyan.on_default().bold();
const RED: Style = AnsiColor::Red.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default().bold();

/// A status line: `   Rebuilding 1 procedure`.
pub fn status(verb: &str, message: &str) {
    anstream::eprintln!("{GREEN}{verb:>12}{GREEN:#} {message}");
}

/// A status line for something in progress or informative (cyan, as cargo's "Blocking").
pub fn note(verb: &str, message: &str) {
    anstream::eprintln!("{CYAN}{verb:>12}{CYAN:#} {message}");
}

/// `error: message`.
pub fn error(message: &str) {
    anstream::eprintln!("{RED}error{RED:#}: {message}");
}

/// The summary line, its first word (`built`, `checked`) in bold green.
pub fn summary(text: &str) {
    match text.split_once(' ') {
        Some((verb, rest)) => anstream::eprintln!("{GREEN}{verb}{GREEN:#} {rest}"),
        None => anstream::eprintln!("{text}"),
    }
}

/// Prints diagnostics compiler-style, the severity coloured.
pub fn diagnostics(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        let text = diagnostic.to_string();
        let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
        let first = first
            .replacen(": error:", &format!(": {RED}error{RED:#}:"), 1)
            .replacen(": warning:", &format!(": {YELLOW}warning{YELLOW:#}:"), 1);
        if rest.is_empty() {
            anstream::eprintln!("{first}\n");
        } else {
            anstream::eprintln!("{first}\n{rest}\n");
        }
    }
}

/// A progress bar for a build that takes more than a moment: drawn only on a terminal, and only
/// once `delay` has passed, so quick builds print nothing but their summary. It spins until the
/// build says how many pages it has to render, then counts them.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// Starts a hidden spinner with `message`; it shows itself after `delay`.
    pub fn start(message: &str, delay: Duration, quiet: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner:.cyan.bold} {msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(message.to_string());
        if !quiet && std::io::stderr().is_terminal() {
            let shown = bar.clone();
            std::thread::spawn(move || {
                std::thread::sleep(delay);
                if !shown.is_finished() {
                    shown.set_draw_target(ProgressDrawTarget::stderr());
                    shown.enable_steady_tick(Duration::from_millis(100));
                }
            });
        }
        Progress { bar }
    }

    /// `done` of `total` pages rendered: the spinner becomes a bar the first time.
    pub fn set(&self, done: usize, total: usize) {
        if self.bar.length().is_none() {
            self.bar.set_style(
                ProgressStyle::with_template(
                    "{spinner:.cyan.bold} {msg} [{bar:30.cyan}] {pos}/{len} procedure pages {elapsed}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            self.bar.set_length(total as u64);
        }
        self.bar.set_position(done as u64);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
