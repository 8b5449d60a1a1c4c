//! When reports are due: the reporting cycle.
//!
//! A programme says when its highlight reports are due either as a cron expression
//! or as a preset a programme office would say out loud ("monthly on the 5th working
//! day"). The cycle turns into **due dates**: local dates in the programme's time
//! zone, always working days. A report is due by the *end* of its due date (see
//! [`crate::deadline`]).
//!
//! How each kind picks its dates:
//! - presets pick the Nth working day of each chosen month (or the month's last
//!   working day if it has fewer than N), so they never land on a weekend or holiday;
//! - a cron expression fires on local wall-clock time; each date it fires on is a
//!   due date, and **a date that is not a working day moves to the next working
//!   day** (two firings that move to the same day make one due date). The time
//!   fields only pick the dates: the deadline is still the end of the due date. A
//!   firing at a local time skipped by the spring clock change still counts for
//!   that date;
//! - board dates are meeting dates; the report must be in *before* the meeting, so
//!   a board date that is not a working day moves to the **previous** working day.

use crate::calendar::WorkingCalendar;
use crate::cron_expr::{CronExpr, CronParseError};
use crate::local_time::{local_date, next_day, previous_day};
use crate::text_enum::text_enum;
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// The largest N in "the Nth working day": a month has at least 19 working days.
pub const MAX_NTH_WORKING_DAY: u8 = 20;
/// How far before a range cron firings are looked for, because a firing on a
/// non-working day moves forward into the range. Runs of more than a month of
/// non-working days are not supported.
const CRON_LOOKBACK_DAYS: u64 = 31;
/// Searches for the next or previous due date look this far at a time…
const SEARCH_WINDOW_DAYS: u64 = 400;
/// …this many times (about eleven years), so a cycle that never fires again ends.
const SEARCH_WINDOWS: u64 = 10;

/// "The Nth working day of the month", N from 1 to [`MAX_NTH_WORKING_DAY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct NthWorkingDay(u8);

impl NthWorkingDay {
    /// N, checked to be 1 to [`MAX_NTH_WORKING_DAY`].
    pub fn new(n: u8) -> Result<Self, CycleParseError> {
        if (1..=MAX_NTH_WORKING_DAY).contains(&n) {
            Ok(NthWorkingDay(n))
        } else {
            Err(CycleParseError {
                message: format!(
                    "The working day of the month must be from 1 to {MAX_NTH_WORKING_DAY}, not {n}: \
                     a month has about 20 working days"
                ),
            })
        }
    }

    /// N.
    pub const fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for NthWorkingDay {
    type Error = CycleParseError;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        NthWorkingDay::new(n)
    }
}

impl From<NthWorkingDay> for u8 {
    fn from(n: NthWorkingDay) -> u8 {
        n.0
    }
}

impl fmt::Display for NthWorkingDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", ordinal(u32::from(self.0)))
    }
}

/// "1st", "2nd", "3rd", "4th", "11th", "21st".
pub(crate) fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

text_enum! {
    /// Which months a bi-monthly cycle uses: odd (Jan, Mar, May…) or even (Feb, Apr…).
    pub enum MonthParity ("month parity") {
        /// January, March, May, July, September, November.
        Odd => "odd",
        /// February, April, June, August, October, December.
        Even => "even",
    }
}

impl MonthParity {
    /// The parity of a month number (1 = January).
    pub fn of_month(month: u32) -> MonthParity {
        if month % 2 == 1 {
            MonthParity::Odd
        } else {
            MonthParity::Even
        }
    }
}

/// When a programme's highlight reports are due.
///
/// JSON: `{"cron":"0 9 1 * *"}`, `{"monthly_on_working_day":{"n":5}}`,
/// `{"bi_monthly":{"n":5,"months":"odd"}}`, `{"quarterly":{"n":5}}`,
/// `{"board_dates":["2026-01-15","2026-03-12"]}`.
/// Text (see [`FromStr`] and [`fmt::Display`]): "monthly on the 5th working day",
/// "bi-monthly on the 5th working day of odd months", "quarterly on the 5th working
/// day", "board dates: 2026-01-15, 2026-03-12", "cron: 0 9 1 * *".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportingCycle {
    /// A cron expression (five-field crontab form accepted).
    Cron(CronExpr),
    /// The Nth working day of every month.
    MonthlyOnWorkingDay {
        /// Which working day.
        n: NthWorkingDay,
    },
    /// The Nth working day of every second month.
    BiMonthly {
        /// Which working day.
        n: NthWorkingDay,
        /// Odd months (starting January) or even months (starting February).
        months: MonthParity,
    },
    /// The Nth working day of January, April, July and October.
    Quarterly {
        /// Which working day.
        n: NthWorkingDay,
    },
    /// The programme board's meeting dates.
    BoardDates(Vec<NaiveDate>),
}

/// Why a text is not a reporting cycle; the message shows the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct CycleParseError {
    /// A sentence saying what is wrong and what to write instead.
    pub message: String,
}

impl From<CronParseError> for CycleParseError {
    fn from(e: CronParseError) -> Self {
        CycleParseError { message: e.message }
    }
}

const CYCLE_FORMS: &str = "write \"monthly on the 5th working day\", \
\"bi-monthly on the 5th working day of odd months\", \"quarterly on the 5th working day\", \
\"board dates: 2026-01-15, 2026-03-12\" or a cron expression such as \"0 9 1 * *\"";

impl ReportingCycle {
    /// Monthly on the Nth working day.
    pub fn monthly(n: u8) -> Result<Self, CycleParseError> {
        Ok(ReportingCycle::MonthlyOnWorkingDay {
            n: NthWorkingDay::new(n)?,
        })
    }

    /// Board dates, sorted and without repeats.
    pub fn board_dates(dates: impl IntoIterator<Item = NaiveDate>) -> Self {
        let set: BTreeSet<NaiveDate> = dates.into_iter().collect();
        ReportingCycle::BoardDates(set.into_iter().collect())
    }

    /// Every due date from `from` to `to` inclusive, ascending, each a working day.
    /// `tz` is the programme's time zone; cron fields are read as local wall-clock time.
    pub fn due_dates_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        tz: Tz,
        cal: &WorkingCalendar,
    ) -> Vec<NaiveDate> {
        let _ = tz; // dates are local already; see the module docs for cron
        if to < from {
            return Vec::new();
        }
        match self {
            ReportingCycle::MonthlyOnWorkingDay { n } => {
                preset_dates(from, to, cal, n.get(), |_| true)
            }
            ReportingCycle::BiMonthly { n, months } => preset_dates(from, to, cal, n.get(), |m| {
                MonthParity::of_month(m) == *months
            }),
            ReportingCycle::Quarterly { n } => {
                preset_dates(from, to, cal, n.get(), |m| matches!(m, 1 | 4 | 7 | 10))
            }
            ReportingCycle::BoardDates(dates) => dates
                .iter()
                .map(|d| cal.previous_working_day_on_or_before(*d))
                .filter(|d| (from..=to).contains(d))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
            ReportingCycle::Cron(expr) => {
                let start = from
                    .checked_sub_days(Days::new(CRON_LOOKBACK_DAYS))
                    .unwrap_or(from);
                cron_firing_dates(expr, start, to)
                    .into_iter()
                    .map(|d| cal.next_working_day_on_or_after(d))
                    .filter(|d| (from..=to).contains(d))
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect()
            }
        }
    }

    /// The first due date on or after `date`, if the cycle has one.
    pub fn next_due_date_on_or_after(
        &self,
        date: NaiveDate,
        tz: Tz,
        cal: &WorkingCalendar,
    ) -> Option<NaiveDate> {
        if let ReportingCycle::BoardDates(_) = self {
            // a finite list: look at all of it at once
            return self
                .due_dates_between(date, NaiveDate::MAX, tz, cal)
                .first()
                .copied();
        }
        let mut start = date;
        for _ in 0..SEARCH_WINDOWS {
            let end = start.checked_add_days(Days::new(SEARCH_WINDOW_DAYS - 1))?;
            if let Some(first) = self.due_dates_between(start, end, tz, cal).first() {
                return Some(*first);
            }
            start = next_day(end);
        }
        None
    }

    /// The last due date strictly before `date`, if the cycle has one.
    pub fn previous_due_date_before(
        &self,
        date: NaiveDate,
        tz: Tz,
        cal: &WorkingCalendar,
    ) -> Option<NaiveDate> {
        let mut end = previous_day(date);
        if end == date {
            return None;
        }
        if let ReportingCycle::BoardDates(_) = self {
            return self
                .due_dates_between(NaiveDate::MIN, end, tz, cal)
                .last()
                .copied();
        }
        for _ in 0..SEARCH_WINDOWS {
            let start = end.checked_sub_days(Days::new(SEARCH_WINDOW_DAYS - 1))?;
            if let Some(last) = self.due_dates_between(start, end, tz, cal).last() {
                return Some(*last);
            }
            end = previous_day(start);
        }
        None
    }

    /// The next `count` due dates from the local date at `now` (today included: a
    /// report due today is due until local midnight).
    pub fn preview(
        &self,
        now: DateTime<Utc>,
        count: usize,
        tz: Tz,
        cal: &WorkingCalendar,
    ) -> Vec<NaiveDate> {
        let mut out = Vec::with_capacity(count);
        let mut from = local_date(now, tz);
        while out.len() < count {
            match self.next_due_date_on_or_after(from, tz, cal) {
                Some(d) => {
                    out.push(d);
                    from = next_day(d);
                }
                None => break,
            }
        }
        out
    }
}

/// The Nth working day of each month from `from` to `to` that `wanted` selects.
fn preset_dates(
    from: NaiveDate,
    to: NaiveDate,
    cal: &WorkingCalendar,
    n: u8,
    wanted: impl Fn(u32) -> bool,
) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let (mut year, mut month) = (from.year(), from.month());
    while (year, month) <= (to.year(), to.month()) {
        if wanted(month)
            && let Some(d) = cal.nth_working_day_of_month(year, month, u32::from(n))
            && (from..=to).contains(&d)
        {
            out.push(d);
        }
        if month == 12 {
            year += 1;
            month = 1;
        } else {
            month += 1;
        }
    }
    out
}

/// The local dates from `from` to `to` on which the cron expression fires at least
/// once, reading its fields as local wall-clock time.
fn cron_firing_dates(expr: &CronExpr, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    // Wall-clock time is modelled as UTC so that clock changes cannot hide a date.
    let at = |d: NaiveDate| NaiveDateTime::new(d, NaiveTime::MIN).and_utc();
    let mut out = Vec::new();
    let mut cursor = at(from) - chrono::TimeDelta::seconds(1);
    while let Some(next) = expr.schedule().after(&cursor).next() {
        let date = next.date_naive();
        if date > to {
            break;
        }
        out.push(date);
        let following = next_day(date);
        if following == date {
            break;
        }
        cursor = at(following) - chrono::TimeDelta::seconds(1);
    }
    out
}

impl fmt::Display for ReportingCycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportingCycle::Cron(expr) => write!(f, "cron: {expr}"),
            ReportingCycle::MonthlyOnWorkingDay { n } => {
                write!(f, "monthly on the {n} working day")
            }
            ReportingCycle::BiMonthly { n, months } => {
                write!(f, "bi-monthly on the {n} working day of {months} months")
            }
            ReportingCycle::Quarterly { n } => write!(f, "quarterly on the {n} working day"),
            ReportingCycle::BoardDates(dates) => {
                let sorted: BTreeSet<&NaiveDate> = dates.iter().collect();
                let list: Vec<String> = sorted.iter().map(|d| d.to_string()).collect();
                write!(f, "board dates: {}", list.join(", "))
            }
        }
    }
}

impl FromStr for ReportingCycle {
    type Err = CycleParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        let unknown = || CycleParseError {
            message: if t.is_empty() {
                format!("Enter a reporting cycle: {CYCLE_FORMS}")
            } else {
                format!("\"{t}\" is not a reporting cycle: {CYCLE_FORMS}")
            },
        };
        if let Some(rest) = strip_prefix_ci(t, "cron") {
            return Ok(ReportingCycle::Cron(CronExpr::parse(
                rest.trim_start_matches(':'),
            )?));
        }
        if let Some(rest) = strip_prefix_ci(t, "board dates") {
            return parse_board_dates(rest.trim_start_matches(':'));
        }
        let first_word = lower.split_whitespace().next().unwrap_or("");
        match first_word {
            "monthly" => Ok(ReportingCycle::MonthlyOnWorkingDay {
                n: parse_nth(&lower).ok_or_else(unknown)??,
            }),
            "quarterly" => Ok(ReportingCycle::Quarterly {
                n: parse_nth(&lower).ok_or_else(unknown)??,
            }),
            "bi-monthly" | "bimonthly" => {
                let n = parse_nth(&lower).ok_or_else(unknown)??;
                let months = parse_parity(&lower).ok_or_else(|| CycleParseError {
                    message: format!(
                        "\"{t}\" does not say which months: add \"of odd months\" (January, March, …) \
                         or \"of even months\" (February, April, …)"
                    ),
                })?;
                Ok(ReportingCycle::BiMonthly { n, months })
            }
            _ if t.starts_with(|c: char| c.is_ascii_digit() || c == '*' || c == '@') => {
                Ok(ReportingCycle::Cron(CronExpr::parse(t)?))
            }
            _ => Err(unknown()),
        }
    }
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text[prefix.len()..].trim())
}

/// Finds "Nth working day" in a lower-case text.
fn parse_nth(lower: &str) -> Option<Result<NthWorkingDay, CycleParseError>> {
    let words: Vec<&str> = lower.split_whitespace().collect();
    let i = words
        .windows(2)
        .position(|w| w[0] == "working" && w[1].starts_with("day"))?;
    let word = words.get(i.checked_sub(1)?)?;
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let n: u8 = match digits.parse() {
        Ok(n) => n,
        Err(_) => {
            return Some(Err(CycleParseError {
                message: format!(
                    "\"{word}\" is not a working-day number: write it as a number, like \"5th working day\""
                ),
            }));
        }
    };
    Some(NthWorkingDay::new(n))
}

fn parse_parity(lower: &str) -> Option<MonthParity> {
    if lower.contains("odd") {
        return Some(MonthParity::Odd);
    }
    if lower.contains("even") {
        return Some(MonthParity::Even);
    }
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let after = lower
        .split_once("from")
        .or_else(|| lower.split_once("starting"))?
        .1;
    let word = after.split_whitespace().next()?;
    let m = MONTHS.iter().position(|m| word.starts_with(m))?;
    Some(MonthParity::of_month(u32::try_from(m).ok()? + 1))
}

fn parse_board_dates(list: &str) -> Result<ReportingCycle, CycleParseError> {
    let mut dates = Vec::new();
    for item in list
        .split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let d = crate::validation::parse_date("board date", item)
            .map_err(|message| CycleParseError { message })?;
        dates.push(d);
    }
    if dates.is_empty() {
        return Err(CycleParseError {
            message: "Enter at least one board date, like \"board dates: 2026-01-15, 2026-03-12\""
                .to_owned(),
        });
    }
    Ok(ReportingCycle::board_dates(dates))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dates::d;
    use chrono::Weekday;
    use chrono_tz::Europe::London;

    fn cal() -> WorkingCalendar {
        WorkingCalendar::england_and_wales(2020..=2032)
    }

    #[test]
    fn monthly_on_the_5th_working_day() {
        let c: ReportingCycle = "monthly on the 5th working day".parse().unwrap();
        // Jan 2026: 1st is a holiday; working days 2, 5, 6, 7, 8 → the 8th.
        assert_eq!(
            c.due_dates_between(d(2026, 1, 1), d(2026, 3, 31), London, &cal()),
            [d(2026, 1, 8), d(2026, 2, 6), d(2026, 3, 6)]
        );
    }

    #[test]
    fn due_date_on_a_bank_holiday_moves_to_the_next_working_day() {
        // Quarterly on the 1st working day: 1 Jan 2026 (Thursday) is New Year's Day.
        let c = ReportingCycle::Quarterly {
            n: NthWorkingDay::new(1).unwrap(),
        };
        assert_eq!(
            c.next_due_date_on_or_after(d(2026, 1, 1), London, &cal()),
            Some(d(2026, 1, 2))
        );
        // Cron on the 25th: 25 Dec 2026 is Christmas (Friday) and 28 Dec a substitute.
        let cron: ReportingCycle = "0 9 25 * *".parse().unwrap();
        assert_eq!(
            cron.next_due_date_on_or_after(d(2026, 12, 1), London, &cal()),
            Some(d(2026, 12, 29))
        );
    }

    #[test]
    fn cron_due_date_on_a_weekend_moves_to_the_next_working_day() {
        // 1 Aug 2026 is a Saturday.
        let cron: ReportingCycle = "0 9 1 * *".parse().unwrap();
        assert_eq!(
            cron.due_dates_between(d(2026, 7, 15), d(2026, 8, 15), London, &cal()),
            [d(2026, 8, 3)]
        );
    }

    #[test]
    fn cron_firing_just_before_a_range_moves_into_it() {
        // 1 Aug 2026 (Saturday) moves to Monday 3 Aug, inside a range starting 2 Aug.
        let cron: ReportingCycle = "0 9 1 * *".parse().unwrap();
        assert_eq!(
            cron.due_dates_between(d(2026, 8, 2), d(2026, 8, 31), London, &cal()),
            [d(2026, 8, 3)]
        );
    }

    #[test]
    fn weekly_cron_that_fires_at_weekends_gives_one_monday() {
        let cron: ReportingCycle = "0 9 * * 6,0,1".parse().unwrap();
        let dates = cron.due_dates_between(d(2026, 3, 2), d(2026, 3, 15), London, &cal());
        assert_eq!(dates, [d(2026, 3, 2), d(2026, 3, 9)]);
    }

    #[test]
    fn cron_firing_in_the_hour_skipped_by_the_spring_clock_change_still_counts() {
        // 01:30 on Sunday 29 March 2026 does not exist in London; the date still counts
        // and, being a Sunday, moves to Monday 30 March.
        let cron: ReportingCycle = "30 1 29 3 *".parse().unwrap();
        assert_eq!(
            cron.next_due_date_on_or_after(d(2026, 3, 1), London, &cal()),
            Some(d(2026, 3, 30))
        );
    }

    #[test]
    fn cron_on_the_29th_of_february_fires_in_leap_years_only() {
        let cron: ReportingCycle = "0 9 29 2 *".parse().unwrap();
        // 29 Feb 2028 is a Tuesday.
        assert_eq!(
            cron.next_due_date_on_or_after(d(2026, 1, 1), London, &cal()),
            Some(d(2028, 2, 29))
        );
        assert_eq!(
            cron.previous_due_date_before(d(2028, 2, 29), London, &cal()),
            Some(d(2024, 2, 29))
        );
    }

    #[test]
    fn monthly_preset_in_a_leap_february() {
        let c = ReportingCycle::monthly(20).unwrap();
        // Feb 2028 has 21 working days; the 20th is Monday 28th.
        assert_eq!(
            c.next_due_date_on_or_after(d(2028, 2, 1), London, &cal()),
            Some(d(2028, 2, 28))
        );
        // Feb 2026 has exactly 20: Friday 27th.
        assert_eq!(
            c.next_due_date_on_or_after(d(2026, 2, 1), London, &cal()),
            Some(d(2026, 2, 27))
        );
    }

    #[test]
    fn bi_monthly_uses_every_second_month_from_the_anchor() {
        let odd: ReportingCycle = "bi-monthly on the 1st working day of odd months"
            .parse()
            .unwrap();
        let dates = odd.due_dates_between(d(2026, 1, 1), d(2026, 12, 31), London, &cal());
        let months: Vec<u32> = dates.iter().map(|d| d.month()).collect();
        assert_eq!(months, [1, 3, 5, 7, 9, 11]);
        let even: ReportingCycle = "bimonthly on the 1st working day starting February"
            .parse()
            .unwrap();
        assert_eq!(
            even,
            ReportingCycle::BiMonthly {
                n: NthWorkingDay::new(1).unwrap(),
                months: MonthParity::Even
            }
        );
    }

    #[test]
    fn quarterly_is_january_april_july_october() {
        let c: ReportingCycle = "Quarterly on the 3rd working day".parse().unwrap();
        let months: Vec<u32> = c
            .due_dates_between(d(2026, 1, 1), d(2026, 12, 31), London, &cal())
            .iter()
            .map(|d| d.month())
            .collect();
        assert_eq!(months, [1, 4, 7, 10]);
    }

    #[test]
    fn board_date_on_a_bank_holiday_moves_to_the_working_day_before() {
        let c = ReportingCycle::board_dates([d(2026, 5, 25), d(2026, 3, 12)]);
        assert_eq!(
            c.due_dates_between(d(2026, 1, 1), d(2026, 12, 31), London, &cal()),
            [d(2026, 3, 12), d(2026, 5, 22)]
        );
        assert_eq!(
            c.next_due_date_on_or_after(d(2026, 5, 23), London, &cal()),
            None
        );
        assert_eq!(
            c.previous_due_date_before(d(2026, 3, 12), London, &cal()),
            None
        );
        assert_eq!(
            c.previous_due_date_before(d(2030, 1, 1), London, &cal()),
            Some(d(2026, 5, 22))
        );
    }

    #[test]
    fn board_dates_years_apart_are_still_found() {
        let c = ReportingCycle::board_dates([d(2020, 3, 12), d(2031, 3, 13)]);
        assert_eq!(
            c.next_due_date_on_or_after(d(2020, 3, 13), London, &cal()),
            Some(d(2031, 3, 13))
        );
        assert_eq!(
            c.previous_due_date_before(d(2031, 3, 13), London, &cal()),
            Some(d(2020, 3, 12))
        );
    }

    #[test]
    fn preview_includes_a_due_date_that_is_today() {
        let c = ReportingCycle::monthly(5).unwrap();
        // 6 March 2026 is the 5th working day; 10:00 local on that day.
        let now = d(2026, 3, 6).and_hms_opt(10, 0, 0).unwrap().and_utc();
        assert_eq!(
            c.preview(now, 3, London, &cal()),
            [d(2026, 3, 6), d(2026, 4, 9), d(2026, 5, 8)]
        );
    }

    #[test]
    fn preview_uses_the_local_date_not_the_utc_date() {
        let c = ReportingCycle::monthly(1).unwrap();
        // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
        let now = d(2026, 6, 30).and_hms_opt(23, 30, 0).unwrap().and_utc();
        assert_eq!(c.preview(now, 1, London, &cal()), [d(2026, 7, 1)]);
    }

    #[test]
    fn presets_show_and_parse_as_text() {
        for text in [
            "monthly on the 5th working day",
            "bi-monthly on the 2nd working day of odd months",
            "bi-monthly on the 11th working day of even months",
            "quarterly on the 1st working day",
            "board dates: 2026-01-15, 2026-03-12",
            "cron: 0 9 1 * *",
        ] {
            let c: ReportingCycle = text.parse().unwrap();
            assert_eq!(c.to_string(), text);
        }
        assert_eq!(ordinal(21), "21st");
        assert_eq!(ordinal(12), "12th");
        assert_eq!(ordinal(3), "3rd");
    }

    #[test]
    fn unreadable_cycles_say_what_to_write() {
        for bad in [
            "",
            "weekly",
            "monthly",
            "monthly on the fifth working day",
            "bi-monthly on the 2nd working day",
        ] {
            let e = bad.parse::<ReportingCycle>().unwrap_err();
            assert!(!e.message.is_empty(), "{bad:?}");
        }
        let e = "monthly on the 25th working day"
            .parse::<ReportingCycle>()
            .unwrap_err();
        assert!(e.message.contains("from 1 to 20"), "{}", e.message);
        let e = "board dates: 1900-01-01"
            .parse::<ReportingCycle>()
            .unwrap_err();
        assert!(e.message.contains("not plausible"), "{}", e.message);
    }

    #[test]
    fn serialises_in_a_stable_shape() {
        let c = ReportingCycle::BiMonthly {
            n: NthWorkingDay::new(5).unwrap(),
            months: MonthParity::Odd,
        };
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"bi_monthly":{"n":5,"months":"odd"}}"#
        );
        let cron: ReportingCycle = "0 9 1 * *".parse().unwrap();
        assert_eq!(
            serde_json::to_string(&cron).unwrap(),
            r#"{"cron":"0 9 1 * *"}"#
        );
        let m = ReportingCycle::monthly(5).unwrap();
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            r#"{"monthly_on_working_day":{"n":5}}"#
        );
        let b = ReportingCycle::board_dates([d(2026, 1, 15)]);
        assert_eq!(
            serde_json::to_string(&b).unwrap(),
            r#"{"board_dates":["2026-01-15"]}"#
        );
        for c in [c, cron, m, b] {
            let back: ReportingCycle =
                serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
            assert_eq!(back, c);
        }
        assert!(
            serde_json::from_str::<ReportingCycle>(r#"{"monthly_on_working_day":{"n":0}}"#)
                .is_err()
        );
    }

    #[test]
    fn every_due_date_is_a_working_day() {
        let cal = cal();
        for c in ["0 9 * * *", "0 9 1 * *", "monthly on the 1st working day"] {
            let c: ReportingCycle = c.parse().unwrap();
            for due in c.due_dates_between(d(2026, 1, 1), d(2026, 12, 31), London, &cal) {
                assert!(cal.is_working_day(due), "{due}");
                assert!(!matches!(due.weekday(), Weekday::Sat | Weekday::Sun));
            }
        }
    }
}
