//! Dates as a person reads them, the one way every page, pack, e-mail and export
//! writes them: "Friday 6 November 2026", "6 November 2026", "Nov 2026", instants as
//! "6 November 2026, 14:05 GMT" in the reader's time zone, and periods as "7 October
//! to 6 November 2026" (the year once when both ends share it). Machine-readable dates
//! (CSV, API) are ISO 8601 and do not come from here.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone};

/// "Friday 6 November 2026".
pub fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// "6 November 2026".
pub fn day_month_year(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// "Nov 2026": a month on a timeline or a column heading.
pub fn month_year(date: NaiveDate) -> String {
    date.format("%b %Y").to_string()
}

/// "6 November 2026, 14:05 GMT": an instant in the time zone it is given in.
pub fn date_time<Tz: TimeZone>(at: &DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    at.format("%-d %B %Y, %H:%M %Z").to_string()
}

/// "3 Dec 09:12": an instant in a list where the year goes without saying.
pub fn short_date_time<Tz: TimeZone>(at: &DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    at.format("%-d %b %H:%M").to_string()
}

/// "7 October to 6 November 2026", "7 December 2026 to 8 January 2027", or one date
/// when a period covers a single day (the first of a list of board dates).
pub fn period(covers_from: NaiveDate, due_date: NaiveDate) -> String {
    if covers_from == due_date {
        return day_month_year(due_date);
    }
    if covers_from.year() == due_date.year() {
        format!(
            "{} to {}",
            covers_from.format("%-d %B"),
            day_month_year(due_date)
        )
    } else {
        format!(
            "{} to {}",
            day_month_year(covers_from),
            day_month_year(due_date)
        )
    }
}

/// "1 working day", "3 working days".
pub fn working_days(n: u32) -> String {
    if n == 1 {
        "1 working day".into()
    } else {
        format!("{n} working days")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn instants_and_months_read_one_way() {
        let at = chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 14, 5, 0)
            .unwrap();
        assert_eq!(date_time(&at), "22 November 2026, 14:05 UTC");
        assert_eq!(
            date_time(&at.with_timezone(&chrono_tz::Europe::London)),
            "22 November 2026, 14:05 GMT"
        );
        assert_eq!(month_year(d(2026, 11, 6)), "Nov 2026");
    }

    #[test]
    fn periods_read_as_a_person_writes_them() {
        assert_eq!(
            period(d(2026, 10, 7), d(2026, 11, 6)),
            "7 October to 6 November 2026"
        );
        assert_eq!(
            period(d(2026, 12, 7), d(2027, 1, 8)),
            "7 December 2026 to 8 January 2027"
        );
        assert_eq!(period(d(2026, 3, 12), d(2026, 3, 12)), "12 March 2026");
        assert_eq!(long_date(d(2026, 11, 6)), "Friday 6 November 2026");
        assert_eq!(working_days(1), "1 working day");
        assert_eq!(working_days(5), "5 working days");
    }
}
