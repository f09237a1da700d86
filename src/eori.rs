//! EORI numbers (Economic Operators Registration and Identification): normalising and checking.
//!
//! Every EU EORI number is a two-letter country code followed by up to 15 letters or digits.
//! Belgian numbers are `BE` followed by the ten-digit enterprise number, which starts with 0 or
//! 1 and whose last two digits are 97 − (the first eight mod 97).

/// Why an EORI number is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EoriError {
    /// It does not start with two letters.
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
        expected: u32,
    },
}

impl std::fmt::Display for EoriError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EoriError::NoCountry => f.write_str("it must start with a two-letter country code"),
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
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}'))
        .flat_map(char::to_uppercase)
        .collect()
}

/// Checks an EORI number (normalised first) and returns it normalised.
pub fn validate(eori: &str) -> Result<String, EoriError> {
    let eori = normalise(eori);
    let mut chars = eori.chars();
    let country: String = chars.by_ref().take(2).collect();
    if country.chars().count() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(EoriError::NoCountry);
    }
    let rest: String = chars.collect();
    if let Some(bad) = rest.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(EoriError::Character(bad));
    }
    if rest.is_empty() || rest.len() > 15 {
        return Err(EoriError::Length);
    }
    if country == "BE" {
        if rest.len() != 10 || !rest.chars().all(|c| c.is_ascii_digit()) {
            return Err(EoriError::BelgianFormat);
        }
        if !rest.starts_with(['0', '1']) {
            return Err(EoriError::BelgianStart);
        }
        let base: u32 = rest[..8].parse().map_err(|_| EoriError::BelgianFormat)?;
        let check: u32 = rest[8..].parse().map_err(|_| EoriError::BelgianFormat)?;
        let expected = 97 - base % 97;
        if check != expected {
            return Err(EoriError::BelgianCheck { expected });
        }
    }
    Ok(eori)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_numbers_and_normalises_them() {
        assert_eq!(validate("BE0314595348"), Ok("BE0314595348".into()));
        assert_eq!(validate("be 0314.595.348"), Ok("BE0314595348".into()));
        assert_eq!(validate("BE 0403.170.701"), Ok("BE0403170701".into()));
        assert_eq!(validate("NL123456789"), Ok("NL123456789".into()));
        assert_eq!(validate("DE12345678901234"), Ok("DE12345678901234".into()));
        assert_eq!(
            validate("FR12345678901234A"),
            Ok("FR12345678901234A".into())
        );
    }

    #[test]
    fn rejects_malformed_numbers() {
        assert_eq!(
            validate("BE0314595347"),
            Err(EoriError::BelgianCheck { expected: 48 })
        );
        assert_eq!(validate("BE2314595348"), Err(EoriError::BelgianStart));
        assert_eq!(validate("BE031459534"), Err(EoriError::BelgianFormat));
        assert_eq!(validate("BE03145953481"), Err(EoriError::BelgianFormat));
        assert_eq!(validate("0314595348"), Err(EoriError::NoCountry));
        assert_eq!(validate("NL"), Err(EoriError::Length));
        assert_eq!(validate("NL1234567890123456"), Err(EoriError::Length));
        assert_eq!(validate("NL12_34"), Err(EoriError::Character('_')));
        assert_eq!(validate(""), Err(EoriError::NoCountry));
    }
}
