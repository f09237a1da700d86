//! A company profile (`stepbook build --profile company.yaml`): values that pre-fill the fields
//! of the PDF checklists. It is checked before anything is built: a malformed EORI number or
//! e-mail address is an error at its line in the profile.
//!
//! ```yaml
//! company-name: Brasserie Éclair – Gent
//! address: Korenmarkt 1, 9000 Gent
//! country: BE
//! eori: BE 0314.595.348
//! first-name: Françoise
//! last-name: Peeters
//! email: francoise.peeters@eclair.example
//! fields:            # any other declared field, by id
//!   vat-number: BE0314595348
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::source::Problem;
use crate::source::{Diagnostic, Location, SourceFile};
use crate::source::{Spanned, yaml};

/// The profile file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Profile {
    company_name: Option<String>,
    address: Option<String>,
    country: Option<String>,
    eori: Option<Spanned<String>>,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<Spanned<String>>,
    #[serde(default)]
    fields: BTreeMap<String, String>,
}

/// Reads and checks a profile: field values by field id, or every problem. Like a content
/// file, it must be a regular file of at most [`MAX_FILE_BYTES`](super::files::MAX_FILE_BYTES),
/// in UTF-8.
pub fn load(path: &Path) -> Result<BTreeMap<String, String>, Vec<Diagnostic>> {
    let bytes = super::files::read_regular(path)
        .map_err(|problem| vec![Diagnostic::error(Location::file(path), problem)])?;
    let file = super::decode(path, &bytes).map_err(|d| vec![d])?;
    parse(&file)
}

/// Parses and checks the text of a profile.
pub fn parse(file: &SourceFile) -> Result<BTreeMap<String, String>, Vec<Diagnostic>> {
    let profile: Profile = yaml::parse(file, 0, file.text.len()).map_err(|d| vec![d])?;
    // Where a value is written, without its quotes and the spaces inside them.
    let at = |value: &Spanned<String>| {
        let quoted = file.text[value.span.start..].starts_with(['"', '\'']);
        let start = value.span.start + usize::from(quoted) + value.len() - value.trim_start().len();
        file.locate(start..start + value.trim().len())
    };
    let mut diagnostics = Vec::new();
    let mut values = profile.fields;
    let named = [
        ("company-name", profile.company_name),
        ("address", profile.address),
        ("country", profile.country),
        ("first-name", profile.first_name),
        ("last-name", profile.last_name),
    ];
    for (key, value) in named {
        if let Some(value) = value {
            values.insert(key.to_string(), value.trim().to_string());
        }
    }
    if let Some(eori) = profile.eori {
        match crate::model::eori::validate(&eori) {
            Ok(normalised) => {
                values.insert("eori".into(), normalised);
            }
            Err(reason) => diagnostics.push(Diagnostic::error(
                at(&eori),
                Problem::InvalidEori {
                    eori: eori.value.clone(),
                    reason: reason.to_string(),
                },
            )),
        }
    }
    if let Some(written) = profile.email {
        let email = written.trim().to_string();
        let valid = email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !email.contains(' ')
        });
        if valid {
            values.insert("email".into(), email);
        } else {
            diagnostics.push(Diagnostic::error(
                at(&written),
                Problem::InvalidEmailAddress { address: email },
            ));
        }
    }
    if diagnostics.is_empty() {
        Ok(values)
    } else {
        Err(diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_values_and_normalises_the_eori() {
        let file = SourceFile::new(
            "company.yaml",
            "company-name: Brasserie Éclair – Gent\neori: be 0314.595.348\nfirst-name: Françoise\n"
                .to_string(),
        );
        let values = parse(&file).unwrap();
        assert_eq!(values["eori"], "BE0314595348");
        assert_eq!(values["company-name"], "Brasserie Éclair – Gent");
        assert_eq!(values["first-name"], "Françoise");
    }

    #[test]
    fn reports_a_bad_eori_at_its_line() {
        let file = SourceFile::new(
            "company.yaml",
            "company-name: X\neori: BE0314595347\nemail: a@b.be\n".to_string(),
        );
        let errors = parse(&file).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].location.line, errors[0].location.column), (2, 7));
        assert!(errors[0].to_string().starts_with(
            "company.yaml:2:7: error: invalid EORI number `BE0314595347`: the check digits"
        ));
    }

    #[test]
    fn reports_unknown_keys() {
        let file = SourceFile::new("company.yaml", "colour: red\n".to_string());
        let errors = parse(&file).unwrap_err();
        assert_eq!(errors[0].location.line, 1);
    }
}
