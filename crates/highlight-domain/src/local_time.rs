//! Local dates and instants in the programme's time zone.
//!
//! Due dates are local dates ("due 5 March"); reminders and "is it overdue" are
//! decided at an instant (`now`). These helpers are the only place the two meet, so
//! the clock changes (Europe/London: last Sunday of March and October) are handled once.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

/// The local date at instant `now` in `tz`.
pub fn local_date(now: DateTime<Utc>, tz: Tz) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

/// The instant the local day `date` starts in `tz`: local midnight, or the first
/// local time that exists that day when midnight is skipped by a clock change.
pub fn start_of_local_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let mut local = date.and_time(NaiveTime::MIN);
    for _ in 0..(4 * 24) {
        match tz.from_local_datetime(&local) {
            chrono::LocalResult::Single(t) => return t.with_timezone(&Utc),
            chrono::LocalResult::Ambiguous(earliest, _) => return earliest.with_timezone(&Utc),
            chrono::LocalResult::None => local += TimeDelta::minutes(15),
        }
    }
    Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}

/// The day after `date` (or `date` itself at the end of the calendar).
pub(crate) fn next_day(date: NaiveDate) -> NaiveDate {
    date.succ_opt().unwrap_or(date)
}

/// The day before `date` (or `date` itself at the start of the calendar).
pub(crate) fn previous_day(date: NaiveDate) -> NaiveDate {
    date.pred_opt().unwrap_or(date)
}

/// The instant a report due on `due_date` is late: the next local midnight after the
/// due date starts, so a report is due "by the end of" its due date.
pub fn deadline(due_date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    start_of_local_day(next_day(due_date), tz)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dates::d;
    use chrono_tz::Europe::London;

    #[test]
    fn local_date_in_summer_is_an_hour_ahead_of_utc() {
        let just_before_midnight_utc = Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).unwrap();
        assert_eq!(local_date(just_before_midnight_utc, London), d(2026, 7, 1));
    }

    #[test]
    fn deadline_in_winter_is_midnight_utc() {
        assert_eq!(
            deadline(d(2026, 1, 5), London),
            Utc.with_ymd_and_hms(2026, 1, 6, 0, 0, 0).unwrap()
        );
    }

    #[test]
    fn deadline_in_summer_is_2300_utc() {
        assert_eq!(
            deadline(d(2026, 7, 1), London),
            Utc.with_ymd_and_hms(2026, 7, 1, 23, 0, 0).unwrap()
        );
    }

    #[test]
    fn a_zone_that_skips_midnight_starts_the_day_at_the_first_real_time() {
        // Santiago (Chile) moves clocks forward at local midnight in September.
        let tz: Tz = "America/Santiago".parse().unwrap();
        let start = start_of_local_day(d(2026, 9, 6), tz);
        assert_eq!(local_date(start, tz), d(2026, 9, 6));
        assert_eq!(
            start.with_timezone(&tz).time(),
            NaiveTime::from_hms_opt(1, 0, 0).unwrap()
        );
    }
}
