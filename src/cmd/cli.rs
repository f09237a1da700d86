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
    /// Print only errors and warnings (also `STEPBOOK_QUIET=1`).
    #[arg(
        short,
        long,
        global = true,
        env = "STEPBOOK_QUIET",
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub quiet: bool,
    /// The project folder (holding `content/` and `themes/`) for every command that reads one,
    /// also `STEPBOOK_ROOT`; a command's own `--root` wins [default: .].
    #[arg(long, value_name = "DIR", env = "STEPBOOK_ROOT")]
    pub root: Option<PathBuf>,
}

impl Cli {
    /// The project folder: the command's `--root`, else the one before the command (or
    /// `STEPBOOK_ROOT`), else the current folder.
    pub fn root(&self, own: &Option<PathBuf>) -> PathBuf {
        own.clone()
            .or_else(|| self.root.clone())
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

/// `--base-url`: an absolute `http(s)` address with a host, as `base_url` in `site.yaml` must be.
fn base_url(value: &str) -> Result<String, String> {
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => {
            Ok(value.to_string())
        }
        _ => Err("expected an absolute http:// or https:// address, such as \
                  https://staging.intranet.local/procedures/"
            .to_string()),
    }
}

/// `--bind`: an IP address, or `localhost` (the IPv4 loopback address).
fn bind_address(value: &str) -> Result<std::net::IpAddr, String> {
    if value.eq_ignore_ascii_case("localhost") {
        return Ok(std::net::Ipv4Addr::LOCALHOST.into());
    }
    value
        .parse()
        .map_err(|_| "expected an IP address (127.0.0.1, ::1, 0.0.0.0) or `localhost`".to_string())
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site from `content/` and `themes/` into the output folder.
    Build {
        /// The project folder (holding `content/` and `themes/`) [default: .].
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// The output folder [default: <root>/output].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// A company profile (YAML) whose values pre-fill the PDF checklists' fields.
        #[arg(long, value_name = "FILE")]
        profile: Option<PathBuf>,
        /// Build the HTML site only, without the PDF checklists (faster while editing words).
        #[arg(long)]
        no_pdf: bool,
        /// Publish at this address instead of `base_url` in `content/site.yaml` (a staging copy):
        /// the checklists' QR codes and "online version" links point at it.
        #[arg(long, value_name = "URL", value_parser = base_url)]
        base_url: Option<String>,
        /// Publish the procedures whose status is `draft` too (left out by default).
        #[arg(long)]
        drafts: bool,
        /// Refuse to build if a procedure that is not a draft is not verified (every screen
        /// label it uses seen on screen within `max_age_days`).
        #[arg(long)]
        require_verified: bool,
    },
    /// Check the content for problems without building anything, and say what changed since
    /// the last build.
    Check {
        /// The project folder (holding `content/` and `themes/`) [default: .].
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// The output folder whose `manifest.json` the changes are reported against
        /// [default: <root>/output].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// How to print problems: `text` (like a compiler, on stderr), or on stdout `json`,
        /// `github` (GitHub Actions annotations) or `gitlab` (a GitLab Code Quality report).
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Fail (exit code 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Fail (exit code 1) if a procedure that is not a draft is not verified (every screen
        /// label it uses seen on screen within `max_age_days`): for content that must not be
        /// published unverified.
        #[arg(long)]
        require_verified: bool,
        /// Leave out warnings of this kind (a code such as `example-base-url`, as `--format
        /// json` shows it); repeat or separate with commas.
        #[arg(long, value_name = "CODE", value_delimiter = ',')]
        allow: Vec<String>,
        /// Judge verification dates as of this day (YYYY-MM-DD) [default: $SOURCE_DATE_EPOCH,
        /// else the system clock].
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// Warn about verification dates older than this many days [default: the site's
        /// `max_age_days`, else 180].
        #[arg(long, value_name = "DAYS")]
        max_age: Option<u32>,
        /// List the steps, pages and checklists that use this screen label (`traces:create`),
        /// or any label on this screen (`traces:operator-search`; a label of that id wins).
        #[arg(long, value_name = "SYSTEM:ID")]
        uses: Option<String>,
        /// List what changed since the last build, step by step (without it, `check` prints
        /// only how many steps and labels changed).
        #[arg(long)]
        changes: bool,
        /// Judge the content for `build --no-pdf`: without the checklists' limit (a checklist
        /// holds at most 2 000 steps; the HTML page has no such limit).
        #[arg(long)]
        no_pdf: bool,
    },
    /// Compare the content with the manifest of an earlier build: steps added, removed,
    /// reworded or moved, and labels renamed.
    Diff {
        /// An earlier build's `manifest.json`.
        #[arg(value_name = "OLD_MANIFEST")]
        old: PathBuf,
        /// The project folder (holding `content/` and `themes/`) [default: .].
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// `text` (a readable report) or `json`.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Release a procedure: raise its version, add the changelog entry and record what readers
    /// see in `content/procedures/<id>/published.json`, which `check` and `build` compare with.
    Release {
        /// The procedure's id (its folder name).
        #[arg(value_name = "PROCEDURE")]
        procedure: String,
        /// What changed for readers, in the site's source language: the changelog note (the
        /// other languages are marked as to translate). Not needed for a procedure's first
        /// record, which keeps its version.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// Raise the major number (1.4 → 2.0) instead of the minor one (1.4 → 1.5).
        #[arg(long)]
        major: bool,
        /// The release date (YYYY-MM-DD) [default: $SOURCE_DATE_EPOCH, else today].
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// The project folder (holding `content/` and `themes/`) [default: .].
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// Look for every screen label in the evidence of its screen (a screenshot, read by OCR with
    /// Tesseract, or a saved HTML page) and write `verified` and `region` into the label file.
    Verify {
        /// The project folder (holding `content/`, and `evidence/<system>/<screen>.png|.jpg|.html`)
        /// [default: .].
        #[arg(long, visible_alias = "project", value_name = "DIR")]
        root: Option<PathBuf>,
        /// Evidence files to use instead of the project's: a screenshot (PNG, JPEG) or a saved
        /// page (.html), named after its screen (`operator-search.png`, `operator-search@2x.png`)
        /// or given with `--screen`.
        #[arg(long, value_name = "PATH", num_args = 1..)]
        evidence: Vec<PathBuf>,
        /// The capture date of the evidence (YYYY-MM-DD) [default: the date the file records
        /// (PNG tIME, JPEG EXIF), else today].
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// When a label is not on its screen and one text there is clearly it renamed (similarity
        /// at least 0.8, no other text within 0.05), change the label's `text` to it.
        #[arg(long)]
        fix: bool,
        /// `text` (for people, on stderr) or `json` (one document on stdout).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Only the screens of this label file (`traces`).
        #[arg(long, value_name = "ID")]
        system: Option<String>,
        /// Only this screen (`operator-search`).
        #[arg(long, value_name = "ID")]
        screen: Option<String>,
    },
    /// Serve the site on loopback, rebuild on change and reload the browser.
    Serve {
        /// The project folder (holding `content/` and `themes/`) [default: .].
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// The port; 0 picks a free one (the address is printed).
        #[arg(short, long, default_value_t = 4000)]
        port: u16,
        /// The address to listen on (an IP address or `localhost`); widen it (e.g. 0.0.0.0)
        /// only deliberately.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR", value_parser = bind_address)]
        bind: std::net::IpAddr,
        /// Open the site in the web browser once it is served (`$BROWSER` if set, else the
        /// system's default browser).
        #[arg(long)]
        open: bool,
        /// Preview the site as published at this address (QR codes and "online version" links).
        #[arg(long, value_name = "URL", value_parser = base_url)]
        base_url: Option<String>,
        /// Serve the HTML site only, without the PDF checklists (as `build --no-pdf`).
        #[arg(long)]
        no_pdf: bool,
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
        /// The CI configuration to write: `github` (GitHub Actions and Pages), `gitlab` (GitLab
        /// CI and Pages), both, or `none`.
        #[arg(
            long,
            value_enum,
            value_delimiter = ',',
            default_value = "github,gitlab",
            value_name = "SERVICES"
        )]
        ci: Vec<CiChoice>,
    },
    /// Create something new in a project.
    New {
        /// What to create.
        #[command(subcommand)]
        what: New,
    },
    /// Write the JSON Schemas of the content files.
    Schemas {
        /// The folder to write them to [default: <root>/schemas].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Print a shell completion script (e.g. `stepbook completions bash > ~/.local/share/bash-completion/completions/stepbook`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command into a folder (e.g. `stepbook
    /// man --out ~/.local/share/man/man1`).
    Man {
        /// Write `stepbook.1` and `stepbook-<command>.1` into this folder instead.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
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
        /// The project folder [default: .].
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// The CI configuration for an existing project: check, build and publish on every push.
    Ci {
        /// `github` (`.github/workflows/stepbook.yml`), `gitlab` (`.gitlab-ci.yml`), or both.
        #[arg(value_enum, default_values = ["github", "gitlab"])]
        services: Vec<CiChoice>,
        /// The project folder [default: .].
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
}

/// A CI service (`init --ci`, `new ci`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CiChoice {
    /// GitHub Actions, publishing to GitHub Pages.
    Github,
    /// GitLab CI, publishing to GitLab Pages.
    Gitlab,
    /// None.
    None,
}

impl CiChoice {
    /// The services chosen (`none` chooses none), each once.
    pub fn services(choices: &[CiChoice]) -> Vec<stepbook::scaffold::Ci> {
        use stepbook::scaffold::Ci;
        let mut services: Vec<Ci> = choices
            .iter()
            .filter_map(|choice| match choice {
                CiChoice::Github => Some(Ci::Github),
                CiChoice::Gitlab => Some(Ci::Gitlab),
                CiChoice::None => None,
            })
            .collect();
        services.sort();
        services.dedup();
        services
    }
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// For people, on stderr.
    Text,
    /// For programs (one JSON document on stdout).
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`), one per problem.
    Github,
    /// A GitLab Code Quality report (a JSON array).
    Gitlab,
}

/// How a command prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For programs (one JSON document on stdout).
    Json,
}
