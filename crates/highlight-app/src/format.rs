//! Dates as a person reads them in an e-mail: "Friday 6 November 2026", and periods
//! as "7 October to 6 November 2026" (the year once when both ends share it).

use chrono::{Datelike, NaiveDate};

/// "Friday 6 November 2026".
pub fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// "6 November 2026".
pub fn day_month_year(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
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
