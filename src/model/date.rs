//! Calendar dates as content writes them (`YYYY-MM-DD`) and "today", which tests and
//! reproducible builds can pin.

use time::{Date, Month, OffsetDateTime};

/// Parses a real calendar date written `YYYY-MM-DD`.
pub fn parse(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
        return None;
    }
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// Today's date: the `--today` the user gave, else `SOURCE_DATE_EPOCH` (seconds since 1970, the
/// reproducible-builds convention), else the system clock (UTC). `None` if `given` or the
/// variable is not a date.
pub fn today(given: Option<&str>) -> Result<Date, String> {
    if let Some(text) = given {
        return parse(text).ok_or_else(|| format!("invalid date `{text}`: use YYYY-MM-DD"));
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch
            .trim()
            .parse()
            .map_err(|_| format!("invalid SOURCE_DATE_EPOCH `{epoch}`: use seconds since 1970"))?;
        return OffsetDateTime::from_unix_timestamp(seconds)
            .map(OffsetDateTime::date)
            .map_err(|_| format!("invalid SOURCE_DATE_EPOCH `{epoch}`: out of range"));
    }
    Ok(OffsetDateTime::now_utc().date())
}

/// Whole days from `earlier` to `later` (negative if `earlier` is after `later`).
pub fn days_between(earlier: Date, later: Date) -> i64 {
    i64::from(later.to_julian_day() - earlier.to_julian_day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_dates() {
        assert!(parse("2024-02-29").is_some());
        assert!(parse("2023-02-29").is_none());
        assert!(parse("2024-13-01").is_none());
        assert!(parse("2024-1-01").is_none());
        assert!(parse("24-01-01").is_none());
    }

    #[test]
    fn counts_days_across_years() {
        let a = parse("2025-12-31").unwrap();
        let b = parse("2026-06-29").unwrap();
        assert_eq!(days_between(a, b), 180);
        assert_eq!(days_between(b, a), -180);
        assert_eq!(
            today(Some("2026-01-02")).unwrap(),
            parse("2026-01-02").unwrap()
        );
        assert!(today(Some("2026-1-2")).is_err());
    }
}
