//! Working days.
//!
//! Reports are due on working days, reminders count working days, and a due date
//! that lands on a bank holiday must move. [`WorkingCalendar`] says which days are
//! working days: Monday to Friday except the holidays it holds.
//! [`england_and_wales_bank_holidays`] computes the regular bank holidays of a year
//! by rule.
//!
//! One-off holidays proclaimed for a particular year (a coronation, a jubilee, a
//! state funeral) and the occasional moved holiday (e.g. the early May bank holiday
//! moved to VE Day, 8 May 2020) are *not* rules: configure them by hand with
//! [`WorkingCalendar::with_holiday`] and [`WorkingCalendar::without_holiday`].

use crate::local_time::{next_day, previous_day};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::ops::RangeInclusive;

/// Which days are working days: Monday–Friday, less `holidays`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WorkingCalendar {
    /// Days that are not working days even though they fall Monday–Friday.
    pub holidays: BTreeSet<NaiveDate>,
}

impl WorkingCalendar {
    /// A calendar with the given holidays.
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self {
            holidays: holidays.into_iter().collect(),
        }
    }

    /// Weekends only, no holidays.
    pub fn weekends_only() -> Self {
        Self::default()
    }

    /// The England and Wales bank holidays of every year in `years`, by rule.
    pub fn england_and_wales(years: RangeInclusive<i32>) -> Self {
        Self::new(years.flat_map(|y| {
            england_and_wales_bank_holidays(y)
                .into_iter()
                .map(|(d, _)| d)
        }))
    }

    /// This calendar with one more holiday (a one-off such as a coronation).
    pub fn with_holiday(mut self, date: NaiveDate) -> Self {
        self.holidays.insert(date);
        self
    }

    /// This calendar without a holiday (the rule date of a holiday moved that year).
    pub fn without_holiday(mut self, date: NaiveDate) -> Self {
        self.holidays.remove(&date);
        self
    }

    /// True Monday–Friday when `date` is not a holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&date)
    }

    /// `date` if it is a working day, else the next working day.
    pub fn next_working_day_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        while !self.is_working_day(d) {
            let n = next_day(d);
            if n == d {
                break;
            }
            d = n;
        }
        d
    }

    /// `date` if it is a working day, else the working day before it.
    pub fn previous_working_day_on_or_before(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        while !self.is_working_day(d) {
            let p = previous_day(d);
            if p == d {
                break;
            }
            d = p;
        }
        d
    }

    /// The date `n` working days after `date` (before it when `n` is negative).
    /// `add_working_days(d, 0)` is `d` itself, working day or not;
    /// `add_working_days(friday, 1)` is the next Monday that is not a holiday.
    pub fn add_working_days(&self, date: NaiveDate, n: i64) -> NaiveDate {
        let mut d = date;
        let mut remaining = n.unsigned_abs();
        while remaining > 0 {
            let step = if n > 0 { next_day(d) } else { previous_day(d) };
            if step == d {
                break;
            }
            d = step;
            if self.is_working_day(d) {
                remaining -= 1;
            }
        }
        d
    }

    /// How many working days lie after `from` up to and including `to`
    /// (negative when `to` is before `from`). So
    /// `add_working_days(from, working_days_between(from, to)) == to` whenever `to`
    /// is a working day.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let mut count = 0;
        let mut d = from;
        while d < to {
            d = next_day(d);
            if self.is_working_day(d) {
                count += 1;
            }
        }
        count
    }

    /// The `n`th working day (1-based) of a month, or the month's last working day
    /// when it has fewer than `n`; `None` only when the month has no working day.
    pub fn nth_working_day_of_month(&self, year: i32, month: u32, n: u32) -> Option<NaiveDate> {
        let mut d = NaiveDate::from_ymd_opt(year, month, 1)?;
        let mut last = None;
        let mut seen = 0;
        while d.month() == month {
            if self.is_working_day(d) {
                seen += 1;
                last = Some(d);
                if seen == n {
                    return last;
                }
            }
            let nd = next_day(d);
            if nd == d {
                break;
            }
            d = nd;
        }
        last
    }
}

/// Easter Sunday of `year` (Gregorian calendar), by the anonymous Gregorian computus.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

fn first_weekday_of_month(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, 1)
}

fn last_weekday_of_month(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, 5)
        .or_else(|| NaiveDate::from_weekday_of_month_opt(year, month, weekday, 4))
}

/// The regular bank holidays of England and Wales in `year`, by rule, in date order:
/// New Year's Day (or its substitute Monday), Good Friday, Easter Monday, the early
/// May bank holiday (first Monday of May), the spring bank holiday (last Monday of
/// May), the summer bank holiday (last Monday of August), Christmas Day and Boxing
/// Day (with substitute days when they fall at a weekend).
///
/// One-off and moved holidays are not included: see the module docs.
pub fn england_and_wales_bank_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut out: Vec<(NaiveDate, &'static str)> = Vec::new();
    let ymd = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d);

    if let Some(new_year) = ymd(1, 1) {
        match new_year.weekday() {
            Weekday::Sat => out.extend(ymd(1, 3).map(|d| (d, "New Year’s Day (substitute day)"))),
            Weekday::Sun => out.extend(ymd(1, 2).map(|d| (d, "New Year’s Day (substitute day)"))),
            _ => out.push((new_year, "New Year’s Day")),
        }
    }
    if let Some(easter) = easter_sunday(year) {
        out.extend(
            easter
                .pred_opt()
                .and_then(|d| d.pred_opt())
                .map(|d| (d, "Good Friday")),
        );
        out.extend(easter.succ_opt().map(|d| (d, "Easter Monday")));
    }
    out.extend(
        first_weekday_of_month(year, 5, Weekday::Mon).map(|d| (d, "Early May bank holiday")),
    );
    out.extend(last_weekday_of_month(year, 5, Weekday::Mon).map(|d| (d, "Spring bank holiday")));
    out.extend(last_weekday_of_month(year, 8, Weekday::Mon).map(|d| (d, "Summer bank holiday")));
    if let (Some(christmas), Some(boxing)) = (ymd(12, 25), ymd(12, 26)) {
        match christmas.weekday() {
            // Christmas Saturday, Boxing Day Sunday: Monday and Tuesday.
            Weekday::Sat => {
                out.extend(ymd(12, 27).map(|d| (d, "Christmas Day (substitute day)")));
                out.extend(ymd(12, 28).map(|d| (d, "Boxing Day (substitute day)")));
            }
            // Christmas Sunday: Boxing Day Monday, Christmas substitute Tuesday.
            Weekday::Sun => {
                out.push((boxing, "Boxing Day"));
                out.extend(ymd(12, 27).map(|d| (d, "Christmas Day (substitute day)")));
            }
            // Christmas Friday, Boxing Day Saturday: Boxing Day moves to Monday.
            Weekday::Fri => {
                out.push((christmas, "Christmas Day"));
                out.extend(ymd(12, 28).map(|d| (d, "Boxing Day (substitute day)")));
            }
            _ => {
                out.push((christmas, "Christmas Day"));
                out.push((boxing, "Boxing Day"));
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dates::d;

    fn dates(year: i32) -> Vec<NaiveDate> {
        england_and_wales_bank_holidays(year)
            .into_iter()
            .map(|(d, _)| d)
            .collect()
    }

    #[test]
    fn easter_by_computus_matches_known_dates() {
        assert_eq!(easter_sunday(2008), Some(d(2008, 3, 23)));
        assert_eq!(easter_sunday(2024), Some(d(2024, 3, 31)));
        assert_eq!(easter_sunday(2025), Some(d(2025, 4, 20)));
        assert_eq!(easter_sunday(2026), Some(d(2026, 4, 5)));
        assert_eq!(easter_sunday(2027), Some(d(2027, 3, 28)));
        assert_eq!(easter_sunday(2038), Some(d(2038, 4, 25)));
    }

    #[test]
    fn bank_holidays_2026_match_gov_uk() {
        assert_eq!(
            dates(2026),
            [
                d(2026, 1, 1),
                d(2026, 4, 3),
                d(2026, 4, 6),
                d(2026, 5, 4),
                d(2026, 5, 25),
                d(2026, 8, 31),
                d(2026, 12, 25),
                d(2026, 12, 28),
            ]
        );
    }

    #[test]
    fn christmas_on_saturday_gives_monday_and_tuesday_substitutes() {
        // 2027: Christmas Saturday, Boxing Day Sunday.
        let days = dates(2027);
        assert!(days.contains(&d(2027, 12, 27)));
        assert!(days.contains(&d(2027, 12, 28)));
        assert!(!days.contains(&d(2027, 12, 25)));
    }

    #[test]
    fn christmas_on_sunday_gives_boxing_day_then_substitute() {
        let h = england_and_wales_bank_holidays(2022);
        assert!(h.contains(&(d(2022, 12, 26), "Boxing Day")));
        assert!(h.contains(&(d(2022, 12, 27), "Christmas Day (substitute day)")));
        // and New Year's Day 2022 was a Saturday
        assert!(h.contains(&(d(2022, 1, 3), "New Year’s Day (substitute day)")));
    }

    #[test]
    fn new_year_on_sunday_moves_to_monday_the_2nd() {
        assert!(dates(2023).contains(&d(2023, 1, 2)));
    }

    #[test]
    fn every_year_has_eight_regular_bank_holidays_on_weekdays() {
        for year in 1995..=2100 {
            let days = dates(year);
            assert_eq!(days.len(), 8, "{year}");
            assert!(
                days.iter()
                    .all(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
            );
        }
    }

    #[test]
    fn one_off_holidays_are_configured_by_hand() {
        // The coronation bank holiday, 8 May 2023, is not a rule.
        let coronation = d(2023, 5, 8);
        let cal = WorkingCalendar::england_and_wales(2023..=2023);
        assert!(cal.is_working_day(coronation));
        assert!(!cal.with_holiday(coronation).is_working_day(coronation));
    }

    #[test]
    fn weekends_and_bank_holidays_are_not_working_days() {
        let cal = WorkingCalendar::england_and_wales(2026..=2026);
        assert!(!cal.is_working_day(d(2026, 3, 7))); // Saturday
        assert!(!cal.is_working_day(d(2026, 3, 8))); // Sunday
        assert!(!cal.is_working_day(d(2026, 4, 3))); // Good Friday
        assert!(cal.is_working_day(d(2026, 4, 7)));
    }

    #[test]
    fn adding_working_days_skips_easter() {
        let cal = WorkingCalendar::england_and_wales(2026..=2026);
        // Thursday 2 April + 1 working day skips Good Friday, the weekend and Easter Monday.
        assert_eq!(cal.add_working_days(d(2026, 4, 2), 1), d(2026, 4, 7));
        assert_eq!(cal.add_working_days(d(2026, 4, 7), -1), d(2026, 4, 2));
        assert_eq!(cal.add_working_days(d(2026, 4, 4), 0), d(2026, 4, 4));
    }

    #[test]
    fn working_days_between_counts_the_days_after_the_start() {
        let cal = WorkingCalendar::weekends_only();
        // Monday to the next Monday: Tue, Wed, Thu, Fri, Mon.
        assert_eq!(cal.working_days_between(d(2026, 3, 2), d(2026, 3, 9)), 5);
        assert_eq!(cal.working_days_between(d(2026, 3, 9), d(2026, 3, 2)), -5);
        assert_eq!(cal.working_days_between(d(2026, 3, 2), d(2026, 3, 2)), 0);
        let to = d(2026, 3, 9);
        assert_eq!(cal.add_working_days(d(2026, 3, 2), 5), to);
    }

    #[test]
    fn nth_working_day_skips_the_new_year_holiday() {
        let cal = WorkingCalendar::england_and_wales(2026..=2026);
        // 1 Jan 2026 is a Thursday holiday: 1st working day is Friday 2nd, 2nd is Monday 5th.
        assert_eq!(
            cal.nth_working_day_of_month(2026, 1, 1),
            Some(d(2026, 1, 2))
        );
        assert_eq!(
            cal.nth_working_day_of_month(2026, 1, 2),
            Some(d(2026, 1, 5))
        );
    }

    #[test]
    fn nth_working_day_beyond_the_month_is_its_last_working_day() {
        let cal = WorkingCalendar::weekends_only();
        assert_eq!(
            cal.nth_working_day_of_month(2026, 2, 25),
            Some(d(2026, 2, 27))
        );
    }

    #[test]
    fn leap_day_is_an_ordinary_working_day() {
        let cal = WorkingCalendar::england_and_wales(2028..=2028);
        assert!(cal.is_working_day(d(2028, 2, 29))); // Tuesday
        assert_eq!(cal.add_working_days(d(2028, 2, 28), 1), d(2028, 2, 29));
    }
}
