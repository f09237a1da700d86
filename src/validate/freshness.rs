//! Warnings for verification dates older than the site's `max_age_days`: screens change, and a
//! procedure nobody has followed for half a year deserves another look.

use super::at;
use crate::model::Library;
use crate::model::date;
use crate::source::Problem;
use crate::source::{Diagnostic, Location};

pub use crate::model::Freshness;

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
    for system in library.labels.values() {
        for (id, label) in system.labels.iter() {
            if let Some(verified) = &label.verified {
                warn(
                    format!("screen label `{}:{id}`", system.id),
                    verified,
                    at(library, system.file, verified.span),
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
                        at(library, file, verified.span),
                    );
                }
            }
        }
    }
}
