//! stepbook turns administrative procedures, written once as YAML structure and Markdown words
//! per language, into a documentation site and printable PDF checklists with fill-in fields.
//!
//! The layers, lowest first; a module imports only from the layers above it in this list:
//! - [`source`]: files as text, positions, diagnostics and the problems they report, YAML and
//!   Markdown reading;
//! - [`model`]: the content as plain data (no I/O);
//! - [`output`]: where each file of a site goes, and writing the output folder atomically;
//! - [`load`] (files → [`model::Library`]), [`theme`] (templates, strings, PDF settings);
//! - [`validate`]: every rule, all problems at once;
//! - [`view`]: numbered, resolved view-models that every renderer shares;
//! - [`render`]: HTML pages, PDF checklists and the search index, as files in memory;
//! - [`site`]: the site plan and the one driver that `build`, `check` and `serve` share;
//! - [`serve`], [`scaffold`]: the preview server, and `init` / `new`.
//!
//! The binary's commands live in `src/cmd/`.

pub mod load;
pub mod model;
pub mod output;
pub mod project;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod source;
pub mod theme;
pub mod validate;
pub mod verify;
pub mod view;

pub use site::{
    Error, MANIFEST, Progress, Report, build, build_with_progress, check, check_changes, diff,
    render,
};
