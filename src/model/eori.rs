//! EORI numbers (Economic Operators Registration and Identification): normalising and checking.
//!
//! Every EU EORI number is a member-state code followed by up to 15 letters or digits. Belgian
//! numbers are `BE` followed by the ten-digit enterprise number, which starts with 0 or 1 and
//! whose last two digits are 97 − (the first eight mod 97).
//!
//! The rules' parameters (country codes, lengths, the Belgian check) live in `src/eori.json`,
//! compiled in here and written into every procedure page that asks for an EORI number, where
//! `themes/default/static/stepbook.js` applies the same steps in the same order. Both are run
//! against the one file of test vectors, `tests/eori-vectors.json`.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// The rules file, as shipped to the page's script.
pub const RULES_JSON: &str = include_str!("eori.json");

/// The parameters of the EORI rules.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Rules {
    /// The member-state codes an EORI number may start with.
    pub countries: Vec<String>,
    /// Characters people type for readability, removed before checking.
    pub ignored: String,
    /// At most this many letters or digits after the country code.
    pub max_length: usize,
    /// The Belgian enterprise-number rule.
    pub belgium: BelgianRule,
}

/// `BE` + the enterprise number: `digits` digits, the first one of `first_digits`, the last
/// ones `modulus − (the first base_digits mod modulus)`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct BelgianRule {
    /// The country code the rule applies to.
    pub country: String,
    /// How many digits follow the country code.
    pub digits: usize,
    /// The digits the number may start with.
    pub first_digits: String,
    /// How many leading digits the check digits are computed from.
    pub base_digits: usize,
    /// The modulus of the check.
    pub modulus: u64,
}

/// The compiled-in rules.
pub static RULES: LazyLock<Rules> = LazyLock::new(|| {
    // The file is part of the source and checked by the unit tests, so it always parses.
    serde_json::from_str(RULES_JSON).unwrap_or_else(|e| panic!("src/eori.json is invalid: {e}"))
});

/// Why an EORI number is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EoriError {
    /// It does not start with a member-state code.
    NoCountry,
    /// More than 15 characters after the country code, or none at all.
    Length,
    /// A character other than a letter or digit after the country code.
    Character(char),
    /// A Belgian number that is not `BE` + 10 digits.
    BelgianFormat,
    /// A Belgian enterprise number that does not start with 0 or 1.
    BelgianStart,
    /// A Belgian enterprise number whose check digits do not match.
    BelgianCheck {
        /// The check digits the number should end with.
        expected: u64,
    },
}

impl EoriError {
    /// A stable code for the problem, shared with the page's script and the test vectors.
    pub fn code(&self) -> &'static str {
        match self {
            EoriError::NoCountry => "country",
            EoriError::Length => "length",
            EoriError::Character(_) => "character",
            EoriError::BelgianFormat => "belgian-format",
            EoriError::BelgianStart => "belgian-start",
            EoriError::BelgianCheck { .. } => "belgian-check",
        }
    }
}

impl std::fmt::Display for EoriError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EoriError::NoCountry => {
                f.write_str("it must start with the code of an EU member state, such as BE")
            }
            EoriError::Length => {
                f.write_str("after the country code come 1 to 15 letters or digits")
            }
            EoriError::Character(c) => write!(f, "`{c}` is not a letter or digit"),
            EoriError::BelgianFormat => f.write_str(
                "a Belgian EORI number is `BE` followed by the 10-digit enterprise number",
            ),
            EoriError::BelgianStart => {
                f.write_str("a Belgian enterprise number starts with 0 or 1")
            }
            EoriError::BelgianCheck { expected } => write!(
                f,
                "the check digits of the Belgian enterprise number should be {expected:02}"
            ),
        }
    }
}

/// The number without spaces, dots or dashes, in capitals (`be 0314.595.348` → `BE0314595348`).
pub fn normalise(eori: &str) -> String {
    eori.chars()
        .filter(|c| !RULES.ignored.contains(*c))
        .flat_map(char::to_uppercase)
        .collect()
}

/// Checks an EORI number (normalised first) and returns it normalised.
pub fn validate(eori: &str) -> Result<String, EoriError> {
    let rules = &*RULES;
    let eori = normalise(eori);
    let mut chars = eori.chars();
    let country: String = chars.by_ref().take(2).collect();
    if !rules.countries.contains(&country) {
        return Err(EoriError::NoCountry);
    }
    let rest: String = chars.collect();
    if let Some(bad) = rest.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(EoriError::Character(bad));
    }
    if rest.is_empty() || rest.len() > rules.max_length {
        return Err(EoriError::Length);
    }
    let belgium = &rules.belgium;
    if country == belgium.country {
        if rest.len() != belgium.digits || !rest.chars().all(|c| c.is_ascii_digit()) {
            return Err(EoriError::BelgianFormat);
        }
        if !rest.starts_with(|c| belgium.first_digits.contains(c)) {
            return Err(EoriError::BelgianStart);
        }
        let (base, check) = rest.split_at(belgium.base_digits);
        let base: u64 = base.parse().map_err(|_| EoriError::BelgianFormat)?;
        let check: u64 = check.parse().map_err(|_| EoriError::BelgianFormat)?;
        let expected = belgium.modulus - base % belgium.modulus;
        if check != expected {
            return Err(EoriError::BelgianCheck { expected });
        }
    }
    Ok(eori)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Deserialize)]
    struct Vectors {
        valid: Vec<Valid>,
        invalid: Vec<Invalid>,
    }

    #[derive(Deserialize)]
    struct Valid {
        input: String,
        normalised: String,
    }

    #[derive(Deserialize)]
    struct Invalid {
        input: String,
        error: String,
    }

    fn vectors() -> Vectors {
        serde_json::from_str(include_str!("../../tests/eori-vectors.json")).expect("vectors parse")
    }

    #[test]
    fn the_rules_file_parses() {
        assert!(RULES.countries.iter().any(|c| c == "BE"));
        assert_eq!(RULES.belgium.modulus, 97);
    }

    #[test]
    fn accepts_and_normalises_the_valid_vectors() {
        for case in vectors().valid {
            assert_eq!(
                validate(&case.input),
                Ok(case.normalised),
                "{:?}",
                case.input
            );
        }
    }

    #[test]
    fn rejects_the_invalid_vectors_with_their_reason() {
        for case in vectors().invalid {
            let error = validate(&case.input).expect_err(&case.input);
            assert_eq!(error.code(), case.error, "{:?}: {error}", case.input);
        }
    }

    #[test]
    fn names_the_expected_check_digits_and_the_bad_character() {
        assert_eq!(
            validate("BE0314595347"),
            Err(EoriError::BelgianCheck { expected: 48 })
        );
        assert_eq!(validate("NL12_34"), Err(EoriError::Character('_')));
    }
}
