//! Dates for the unit tests, written the way people read them: `d(2026, 3, 6)`.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// A calendar date (panics on an impossible one: a test's typo, not input).
pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a valid date in a test")
}

/// Noon UTC on `date` (noon in London in winter, 13:00 in summer).
pub(crate) fn noon(date: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_hms_opt(12, 0, 0).expect("noon exists"))
}
