//! A procedure's verification state, computed from evidence, never typed: the `verified`
//! dates of every screen label its words use (its own and those of the shared steps it
//! includes), judged against today and the site's `max_age_days`.
//!
//! One model for every command: `check` states it and gates on it (`--require-verified`),
//! and `build` and `serve` put it on the page header, the index card and the checklist's title
//! block and footer, so they all say the same words.

use std::collections::BTreeSet;

use serde::Serialize;
use time::Date;

use super::{Library, Procedure, Target, date};

/// When "now" is and how old a verification may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Freshness {
    /// Today (see [`crate::model::date::today`]).
    pub today: Date,
    /// The allowed age in days.
    pub max_age_days: u32,
}

impl Freshness {
    /// Whether a verification on `verified` is older than allowed.
    pub fn is_stale(&self, verified: Date) -> bool {
        date::days_between(verified, self.today) > i64::from(self.max_age_days)
    }
}

/// How far the screen labels a procedure tells the reader to look for were seen on the real
/// screens. Dates are `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Verification {
    /// Every label verified within the allowed age; `date` is the oldest of their dates.
    Verified {
        /// The oldest verification date.
        date: String,
        /// How many screen labels the procedure uses.
        labels: usize,
    },
    /// Some labels verified (within the allowed age), others never.
    Partly {
        /// How many of them carry a date.
        verified: usize,
        /// How many screen labels the procedure uses.
        labels: usize,
        /// The oldest verification date.
        date: String,
    },
    /// No label verified, or the procedure uses no screen label at all: nothing says it
    /// matches the screens.
    NotVerified {
        /// How many screen labels the procedure uses.
        labels: usize,
    },
    /// At least one label was verified longer ago than the allowed age.
    OutOfDate {
        /// How many labels are older than allowed.
        stale: usize,
        /// How many screen labels the procedure uses.
        labels: usize,
        /// The oldest verification date.
        date: String,
    },
}

impl Verification {
    /// The state's name, as templates and `--format json` see it (`not-verified`).
    pub fn state(&self) -> &'static str {
        match self {
            Verification::Verified { .. } => "verified",
            Verification::Partly { .. } => "partly",
            Verification::NotVerified { .. } => "not-verified",
            Verification::OutOfDate { .. } => "out-of-date",
        }
    }

    /// Whether every label the procedure uses was verified within the allowed age.
    pub fn is_verified(&self) -> bool {
        matches!(self, Verification::Verified { .. })
    }
}

impl std::fmt::Display for Verification {
    /// The state in English, as `check` prints it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verification::Verified { date, labels } => {
                write!(f, "verified on {date} ({labels} of {labels} screen labels)")
            }
            Verification::Partly {
                verified,
                labels,
                date,
            } => write!(
                f,
                "partly verified ({verified} of {labels} screen labels, oldest {date})"
            ),
            Verification::NotVerified { labels: 0 } => {
                write!(f, "not verified (it uses no screen label)")
            }
            Verification::NotVerified { labels } => {
                write!(f, "not verified (0 of {labels} screen labels)")
            }
            Verification::OutOfDate {
                stale,
                labels,
                date,
            } => write!(
                f,
                "verification out of date ({stale} of {labels} screen labels too old, oldest {date})"
            ),
        }
    }
}

/// The verification state of `procedure`, as of the library's [`Library::freshness`] (without
/// one, no date is too old).
pub fn of(library: &Library, procedure: &Procedure) -> Verification {
    let used = labels_used(library, procedure);
    let dates: Vec<Date> = used
        .iter()
        .filter_map(|(system, id)| library.label(system, id))
        .filter_map(|(_, label)| date::parse(label.verified.as_deref()?))
        .collect();
    let labels = used.len();
    let Some(oldest) = dates.iter().min() else {
        return Verification::NotVerified { labels };
    };
    let date = oldest.to_string();
    let stale = library
        .freshness
        .map_or(0, |f| dates.iter().filter(|d| f.is_stale(**d)).count());
    if stale > 0 {
        Verification::OutOfDate {
            stale,
            labels,
            date,
        }
    } else if dates.len() == labels {
        Verification::Verified { date, labels }
    } else {
        Verification::Partly {
            verified: dates.len(),
            labels,
            date,
        }
    }
}

/// The screen labels (`(system, id)`) that the words of `procedure` use in any language: its
/// own words, and the words of the shared steps it includes (only the steps it includes).
pub fn labels_used(library: &Library, procedure: &Procedure) -> BTreeSet<(String, String)> {
    let mut used = BTreeSet::new();
    let mut add = |reference: &super::Reference| {
        if let Some(Target::Label { system, id }) = &reference.target {
            used.insert((system.clone(), id.clone()));
        }
    };
    for words in procedure.words.values() {
        words.references.all().iter().for_each(&mut add);
    }
    // Included shared steps: only the references inside the words of the steps included.
    let items = procedure.items();
    for item in &items {
        let Some(group) = item.origin().and_then(|g| library.shared.get(g)) else {
            continue;
        };
        for words in group.words.values() {
            let Some(block) = words.blocks.get(item.id()) else {
                continue;
            };
            let span = block.heading.start..block.body.end;
            words.references.starting_in(span).iter().for_each(&mut add);
        }
    }
    used
}
