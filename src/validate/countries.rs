//! Rules for `content/countries.yaml` and the e-mails that copy an authority from it.

use super::{at_key, at_value, check_link, freshness::date_in, is_date, is_email};
use crate::model::{Library, Procedure};
use crate::source::Diagnostic;
use crate::source::Problem;

/// `countries.yaml` itself and the site's `country`.
pub(super) fn check(library: &Library, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(file) = library.countries_file {
        for (code, country) in library.countries.iter() {
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                diagnostics.push(Diagnostic::error(
                    at_key(library, file, code),
                    Problem::UnknownCountry { code: code.clone() },
                ));
            }
            for authority in country.authorities.values() {
                if !is_email(&authority.email) {
                    diagnostics.push(Diagnostic::error(
                        at_value(library, file, "email", &authority.email, 0),
                        Problem::InvalidEmailAddress {
                            address: authority.email.clone(),
                        },
                    ));
                }
                if let Some(url) = &authority.source
                    && url.contains("://")
                    && let Some(problem) = check_link(url)
                {
                    diagnostics.push(Diagnostic::error(
                        at_value(library, file, "source", url, 0),
                        problem,
                    ));
                }
                if let Some(date) = authority.verified.as_ref().filter(|d| !is_date(d)) {
                    diagnostics.push(Diagnostic::error(
                        date_in(library, file, Some(code), date),
                        Problem::InvalidDate { date: date.clone() },
                    ));
                }
            }
        }
    }
    let site = &library.site;
    if let Some(code) = &site.country
        && !library.countries.contains_key(code)
    {
        diagnostics.push(Diagnostic::error(
            at_value(library, site.file, "country", code, 0),
            Problem::UnknownCountry { code: code.clone() },
        ));
    }
}

/// The authorities and country fields the e-mails of one procedure name.
pub(super) fn check_procedure(
    library: &Library,
    procedure: &Procedure,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let site = &library.site;
    for email in procedure.emails.values() {
        let Some(authority) = &email.cc_authority else {
            continue;
        };
        let location = || at_value(library, procedure.file, "cc_authority", authority, 0);
        match site.country.as_ref() {
            None => diagnostics.push(Diagnostic::error(
                location(),
                Problem::Missing {
                    what: "`country` in `content/site.yaml` (the country whose authority `cc_authority` copies)".into(),
                },
            )),
            Some(code) => {
                if let Some(country) = library.countries.get(code)
                    && !country.authorities.contains_key(authority)
                {
                    diagnostics.push(Diagnostic::error(
                        location(),
                        Problem::UnknownAuthority {
                            authority: authority.clone(),
                            country: code.clone(),
                        },
                    ));
                }
            }
        }
        if let Some(field) = &email.country_field
            && !procedure.fields.contains(field)
        {
            diagnostics.push(Diagnostic::error(
                at_value(library, procedure.file, "country_field", field, 0),
                Problem::FieldNotInProcedure {
                    id: field.clone(),
                    procedure: procedure.id.clone(),
                },
            ));
        }
    }
}
