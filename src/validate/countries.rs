//! Rules for `content/countries.yaml` and the e-mails that copy an authority from it.

use super::{at, check_link, is_date, is_email};
use crate::model::{Library, Procedure};
use crate::source::Diagnostic;
use crate::source::Problem;

/// `countries.yaml` itself and the site's `country`.
pub(super) fn check(library: &Library, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(file) = library.countries_file {
        for (code, country) in library.countries.iter() {
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                diagnostics.push(Diagnostic::error(
                    at(library, file, library.countries.span(code)),
                    Problem::UnknownCountry { code: code.clone() },
                ));
            }
            for authority in country.authorities.values() {
                if !is_email(&authority.email) {
                    diagnostics.push(Diagnostic::error(
                        at(library, file, authority.email.span),
                        Problem::InvalidEmailAddress {
                            address: authority.email.value.clone(),
                        },
                    ));
                }
                if let Some(url) = &authority.source
                    && url.contains("://")
                    && let Some(problem) = check_link(url)
                {
                    diagnostics.push(Diagnostic::error(at(library, file, url.span), problem));
                }
                if let Some(date) = authority.verified.as_ref().filter(|d| !is_date(d)) {
                    diagnostics.push(Diagnostic::error(
                        at(library, file, date.span),
                        Problem::InvalidDate {
                            date: date.value.clone(),
                        },
                    ));
                }
            }
        }
    }
    let site = &library.site;
    if let Some(code) = &site.country
        && !library.countries.contains_key(code.as_str())
    {
        diagnostics.push(Diagnostic::error(
            at(library, site.file, code.span),
            Problem::UnknownCountry {
                code: code.value.clone(),
            },
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
        let location = || at(library, procedure.file, authority.span);
        match site.country.as_ref() {
            None => diagnostics.push(Diagnostic::error(
                location(),
                Problem::Missing {
                    what: "`country` in `content/site.yaml` (the country whose authority `cc_authority` copies)".into(),
                },
            )),
            Some(code) => {
                if let Some(country) = library.countries.get(code.as_str())
                    && !country.authorities.contains_key(authority.as_str())
                {
                    diagnostics.push(Diagnostic::error(
                        location(),
                        Problem::UnknownAuthority {
                            authority: authority.value.clone(),
                            country: code.value.clone(),
                        },
                    ));
                }
            }
        }
        if let Some(field) = &email.country_field
            && !procedure.fields.contains(&field.value)
        {
            diagnostics.push(Diagnostic::error(
                at(library, procedure.file, field.span),
                Problem::FieldNotInProcedure {
                    id: field.value.clone(),
                    procedure: procedure.id.clone(),
                },
            ));
        }
    }
}
