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
    /// Check the content for problems without building anything.
    Check {
        /// The project folder (holding `content/` and `themes/`).
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
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
