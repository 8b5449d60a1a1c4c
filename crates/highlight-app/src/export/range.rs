//! The date range of an export, as people give it (`from`, `to`, either may be left out).

use chrono::{Months, NaiveDate};
use highlight_domain::ValidationErrors;

/// Parses `from`/`to` (YYYY-MM-DD); by default the twelve months up to `today`.
pub fn parse(
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let mut date = |field: &str, value: Option<&str>, default: NaiveDate| match value.map(str::trim)
    {
        None | Some("") => Some(default),
        Some(v) => match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                errors.add(
                    field,
                    format!("Enter the {field} date as YYYY-MM-DD, e.g. 2026-04-01 (not \"{v}\")"),
                );
                None
            }
        },
    };
    let default_from = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    let from = date("from", from, default_from);
    let to = date("to", to, today);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        errors.add("to", "The end of the range must be on or after its start");
    }
    match (from, to) {
        (Some(f), Some(t)) if errors.is_empty() => Ok((f, t)),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_default_range_is_the_last_twelve_months() {
        assert_eq!(
            parse(None, None, d(2026, 11, 22)).unwrap(),
            (d(2025, 11, 22), d(2026, 11, 22))
        );
    }

    #[test]
    fn bad_and_backwards_dates_are_named() {
        let err = parse(Some("22/11/2026"), None, d(2026, 11, 22)).unwrap_err();
        assert!(
            err.messages_for("from")
                .next()
                .unwrap()
                .contains("YYYY-MM-DD")
        );
        let err = parse(Some("2026-11-01"), Some("2026-10-01"), d(2026, 11, 22)).unwrap_err();
        assert!(
            err.messages_for("to")
                .next()
                .unwrap()
                .contains("on or after")
        );
    }
}
