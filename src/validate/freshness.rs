//! Warnings for verification dates older than the site's `max_age_days`: screens change, and a
//! procedure nobody has followed for half a year deserves another look.

use time::Date;

use crate::model::Library;
use crate::model::date;
use crate::source::FileId;
use crate::source::Problem;
use crate::source::locate;
use crate::source::{Diagnostic, Location};

/// When "now" is and how old a verification may be.
#[derive(Debug, Clone, Copy)]
pub struct Freshness {
    /// Today (see [`crate::model::date::today`]).
    pub today: Date,
    /// The allowed age in days.
    pub max_age_days: u32,
}

pub(super) fn check(library: &Library, freshness: Freshness, diagnostics: &mut Vec<Diagnostic>) {
    let mut warn = |what: String, written: &str, location: Location| {
        let Some(verified) = date::parse(written) else {
            return; // reported as an invalid date elsewhere
        };
        let days = date::days_between(verified, freshness.today);
        if days > i64::from(freshness.max_age_days) {
            diagnostics.push(Diagnostic::warning(
                location,
                Problem::StaleVerification {
                    what,
                    date: written.to_string(),
                    days,
                    max: freshness.max_age_days,
                },
            ));
        }
    };
    for procedure in &library.procedures {
        if let Some(verified) = &procedure.verified {
            warn(
                format!("procedure `{}`", procedure.id),
                verified,
                date_in(library, procedure.file, None, verified),
            );
        }
    }
    for system in library.labels.values() {
        for (id, label) in system.labels.iter() {
            if let Some(verified) = &label.verified {
                warn(
                    format!("screen label `{}:{id}`", system.id),
                    verified,
                    date_in(library, system.file, Some(id), verified),
                );
            }
        }
    }
    if let Some(file) = library.countries_file {
        for (code, country) in library.countries.iter() {
            for (id, authority) in country.authorities.iter() {
                if let Some(verified) = &authority.verified {
                    warn(
                        format!("authority `{id}` of `{code}`"),
                        verified,
                        date_in(library, file, Some(code), verified),
                    );
                }
            }
        }
    }
}

/// Where `verified: <date>` is written, after the key `within` if given (the entry it belongs to).
pub(super) fn date_in(
    library: &Library,
    file: FileId,
    within: Option<&str>,
    written: &str,
) -> Location {
    let text = library.sources.text(file);
    let start = within
        .and_then(|key| locate::key(text, key))
        .map_or(0, |range| range.end);
    let range = locate::value_of(&text[start..], "verified", written, 0)
        .map_or(0..0, |range| start + range.start..start + range.end);
    library.sources.locate(file, range)
}
