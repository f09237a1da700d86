//! The text-and-position layer every stage uses: the project's files as text ([`Sources`]),
//! places in them ([`Location`]), the problems found there ([`Problem`]) and how they are
//! reported ([`Diagnostic`]), and the readers of YAML and Markdown that keep those positions.

pub mod diagnostic;
pub mod markdown;
pub mod problem;
pub mod sources;
pub mod span;
pub mod suggest;
pub mod yaml;

pub use diagnostic::{Diagnostic, JsonDiagnostic, Severity};
pub use problem::Problem;
pub use sources::{FileId, Location, SourceFile, Sources};
pub use span::{Span, Spanned, SpannedList};
