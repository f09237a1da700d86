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
        /// Build the HTML site only, without the PDF checklists (faster while editing words).
        #[arg(long)]
        no_pdf: bool,
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
    /// Serve the site on loopback, rebuild on change and reload the browser.
    Serve {
        /// The project folder (holding `content/` and `themes/`).
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// The port; 0 picks a free one (the address is printed).
        #[arg(long, default_value_t = 4000)]
        port: u16,
        /// The address to listen on; widen it (e.g. 0.0.0.0) only deliberately.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
    },
    /// Create a new project: site settings, a first procedure, JSON Schemas.
    Init {
        /// The folder to create (it must not exist, or be empty).
        dir: PathBuf,
        /// The site's languages, the source language first.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "en",
            value_name = "CODES"
        )]
        languages: Vec<String>,
    },
    /// Create something new in a project.
    New {
        /// What to create.
        #[command(subcommand)]
        what: New,
    },
    /// Write the JSON Schemas of the content files.
    Schemas {
        /// The folder to write them to.
        #[arg(long, default_value = "schemas", value_name = "DIR")]
        out: PathBuf,
    },
    /// Print a shell completion script (e.g. `stepbook completions bash > ~/.local/share/bash-completion/completions/stepbook`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// What `stepbook new` creates.
#[derive(Debug, Subcommand)]
pub enum New {
    /// A procedure folder with a section, a step, a field and a label reference in every
    /// language of the site.
    Procedure {
        /// The procedure's id (lowercase words joined by hyphens): its folder and URL segment.
        id: String,
        /// The project folder.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
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
