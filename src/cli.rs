//! The command line, declared with clap; no logic here.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Turns procedures written in YAML and Markdown into a documentation site.
#[derive(Debug, Parser)]
#[command(name = "stepbook", version, about, propagate_version = true)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors and warnings.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site from `content/` and `themes/` into the output folder.
    Build {
        /// The project folder (holding `content/` and `themes/`).
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// The output folder [default: <root>/output].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// A company profile (YAML) whose values pre-fill the PDF checklists' fields.
        #[arg(long, value_name = "FILE")]
        profile: Option<PathBuf>,
    },
    /// Check the content for problems without building anything, and say what changed since
    /// the last build.
    Check {
        /// The project folder (holding `content/` and `themes/`).
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// The output folder whose `manifest.json` the changes are reported against
        /// [default: <root>/output].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// How to print problems: `text` (like a compiler, on stderr) or `json` (on stdout).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Fail (exit code 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Judge verification dates as of this day (YYYY-MM-DD) [default: $SOURCE_DATE_EPOCH,
        /// else the system clock].
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// Warn about verification dates older than this many days [default: the site's
        /// `max_age_days`, else 180].
        #[arg(long, value_name = "DAYS")]
        max_age: Option<u32>,
        /// List the steps, pages and checklists that use this screen label (`traces:create`).
        #[arg(long, value_name = "SYSTEM:ID")]
        uses: Option<String>,
    },
    /// Compare the content with the manifest of an earlier build: steps added, removed,
    /// reworded or moved, and labels renamed.
    Diff {
        /// An earlier build's `manifest.json`.
        #[arg(value_name = "OLD_MANIFEST")]
        old: PathBuf,
        /// The project folder (holding `content/` and `themes/`).
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// `text` (a readable report) or `json`.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// How a command prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For programs (one JSON document on stdout).
    Json,
}
