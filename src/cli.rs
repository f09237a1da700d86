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
    /// Check the content for problems without building anything.
    Check {
        /// The project folder (holding `content/` and `themes/`).
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
}
