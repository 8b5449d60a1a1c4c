//! Reporting periods and whether a report is late.
//!
//! Each due date opens a reporting period for every active workstream. A period
//! covers from the previous due date to its own due date, so consecutive periods
//! share their boundary date and never overlap or leave a gap. The first due date
//! of a cycle that has no earlier one (the first board date) covers from itself.
//!
//! A report is due by the end of its due date in the programme's time zone: it is
//! **overdue** from the next local midnight until it is submitted. A report
//! submitted after the deadline is submitted late, not overdue.
//!
//! A period is only a workstream's to report on while the workstream runs
//! ([`WorkstreamLife`]). [`report_status_for`] takes that into account and answers
//! with a [`PeriodStatus`]: the five [`ReportStatus`] values, plus "not started" and
//! "closed" for periods the workstream does not owe, which are never overdue and
//! never chased.

use crate::calendar::WorkingCalendar;
use crate::cycle::ReportingCycle;
use crate::local_time::{deadline, local_date, start_of_local_day};
use crate::report::ReportState;
use crate::text_enum::text_enum;
use crate::workstream::{Obligation, WorkstreamLife};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The stretch of time one highlight report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ReportingPeriod {
    /// The previous due date (where the last report left off).
    pub covers_from: NaiveDate,
    /// The date the report is due (by the end of the day, local time).
    pub due_date: NaiveDate,
}

impl ReportingPeriod {
    /// The instant the report becomes overdue: the local midnight ending the due date.
    pub fn deadline(&self, tz: Tz) -> DateTime<Utc> {
        deadline(self.due_date, tz)
    }

    /// The instant the period opens: the start of `covers_from`, local time.
    pub fn opens_at(&self, tz: Tz) -> DateTime<Utc> {
        start_of_local_day(self.covers_from, tz)
    }

    /// True when the due date has passed (local time) without a submitted report.
    pub fn is_overdue(
        &self,
        submitted_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        tz: Tz,
    ) -> bool {
        is_overdue(self, submitted_at, now, tz)
    }

    /// True when a report was submitted after the deadline.
    pub fn submitted_late(&self, submitted_at: DateTime<Utc>, tz: Tz) -> bool {
        submitted_at >= self.deadline(tz)
    }
}

impl fmt::Display for ReportingPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} to {}",
            self.covers_from.format("%-d %b %Y"),
            self.due_date.format("%-d %b %Y")
        )
    }
}

/// True when the due date has passed in local time and no report has been
/// submitted. A report submitted late is no longer overdue.
pub fn is_overdue(
    period: &ReportingPeriod,
    submitted_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    tz: Tz,
) -> bool {
    submitted_at.is_none() && now >= period.deadline(tz)
}

text_enum! {
    /// Where a workstream's report for a period stands, as the board pack shows it.
    pub enum ReportStatus ("report status") {
        /// The period has not opened yet.
        NotYetDue => "not_yet_due",
        /// The period is open and the deadline has not passed; nothing submitted.
        Due => "due",
        /// The deadline has passed and nothing has been submitted ("not received").
        Overdue => "overdue",
        /// Submitted (on time or late), not yet reviewed by the board.
        Submitted => "submitted",
        /// Reviewed by the board.
        Reviewed => "reviewed",
    }
}

/// Where the report for `period` stands at `now`, given the state of the
/// workstream's report for it (`None` when nobody has started one).
pub fn report_status(
    period: &ReportingPeriod,
    state: Option<ReportState>,
    now: DateTime<Utc>,
    tz: Tz,
) -> ReportStatus {
    match state {
        Some(ReportState::Reviewed) => ReportStatus::Reviewed,
        // A returned report was received: the board holds the revision it returned
        // (and reads it) until the lead resubmits, so it is not "not received".
        Some(ReportState::Submitted | ReportState::Returned) => ReportStatus::Submitted,
        Some(ReportState::Draft) | None => {
            if now >= period.deadline(tz) {
                ReportStatus::Overdue
            } else if now >= period.opens_at(tz) {
                ReportStatus::Due
            } else {
                ReportStatus::NotYetDue
            }
        }
    }
}

/// How many days after its due date a report was submitted (local dates), or none when
/// it came in on time. "Submitted 25 days late" wherever a report's status shows.
pub fn days_late(due_date: NaiveDate, submitted_at: DateTime<Utc>, tz: Tz) -> Option<u32> {
    let submitted_on = local_date(submitted_at, tz);
    let days = (submitted_on - due_date).num_days();
    u32::try_from(days).ok().filter(|d| *d > 0)
}

/// Whether a programme manager may send a manual reminder now: only for a report not
/// yet submitted, at most once a day for a workstream (`last_chased_on`, the
/// programme's local day of the last manual chase of this report).
pub fn may_chase(
    status: ReportStatus,
    last_chased_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), ChaseRefused> {
    match status {
        ReportStatus::Submitted | ReportStatus::Reviewed => Err(ChaseRefused::AlreadyReceived),
        ReportStatus::NotYetDue => Err(ChaseRefused::NotOpen),
        ReportStatus::Due | ReportStatus::Overdue => match last_chased_on {
            Some(day) if day == today => Err(ChaseRefused::AlreadyToday),
            _ => Ok(()),
        },
    }
}

/// Why a manual reminder cannot go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChaseRefused {
    #[error("the report has already been received")]
    AlreadyReceived,
    #[error("the reporting period has not opened yet")]
    NotOpen,
    #[error("a reminder was already sent today; the next can go tomorrow")]
    AlreadyToday,
}

text_enum! {
    /// Where a workstream stands for a period, its life taken into account: the five
    /// [`ReportStatus`] values (same text forms), and "not_started" / "closed" for a
    /// period the workstream does not owe. Returned by [`report_status_for`].
    ///
    /// A separate enum rather than two more [`ReportStatus`] values so that code
    /// matching on [`ReportStatus`] keeps compiling; each caller that moves to this one
    /// is made by the compiler to decide how it shows the two new values.
    pub enum PeriodStatus ("report status") {
        /// The period was due before the workstream started: nothing owed.
        NotStarted => "not_started",
        /// The period has not opened yet.
        NotYetDue => "not_yet_due",
        /// The period is open and the deadline has not passed; nothing submitted.
        Due => "due",
        /// The deadline has passed and nothing has been submitted ("not received").
        Overdue => "overdue",
        /// Submitted (on time or late), not yet reviewed by the board.
        Submitted => "submitted",
        /// Reviewed by the board.
        Reviewed => "reviewed",
        /// The period is due after the workstream closed: nothing owed.
        Closed => "closed",
    }
}

impl PeriodStatus {
    /// The [`ReportStatus`] of a period the workstream owes (or reported on);
    /// `None` for "not started" and "closed".
    pub const fn report_status(self) -> Option<ReportStatus> {
        match self {
            PeriodStatus::NotStarted | PeriodStatus::Closed => None,
            PeriodStatus::NotYetDue => Some(ReportStatus::NotYetDue),
            PeriodStatus::Due => Some(ReportStatus::Due),
            PeriodStatus::Overdue => Some(ReportStatus::Overdue),
            PeriodStatus::Submitted => Some(ReportStatus::Submitted),
            PeriodStatus::Reviewed => Some(ReportStatus::Reviewed),
        }
    }

    /// True unless the period is "not started" or "closed" for the workstream.
    pub const fn is_owed(self) -> bool {
        self.report_status().is_some()
    }

    /// True when a report has been received (submitted or reviewed).
    pub const fn is_received(self) -> bool {
        matches!(self, PeriodStatus::Submitted | PeriodStatus::Reviewed)
    }

    /// True when the lead is chased for it (due or overdue): what reminders and the
    /// programme manager's digest list.
    pub const fn is_chased(self) -> bool {
        matches!(self, PeriodStatus::Due | PeriodStatus::Overdue)
    }
}

impl From<ReportStatus> for PeriodStatus {
    fn from(status: ReportStatus) -> Self {
        match status {
            ReportStatus::NotYetDue => PeriodStatus::NotYetDue,
            ReportStatus::Due => PeriodStatus::Due,
            ReportStatus::Overdue => PeriodStatus::Overdue,
            ReportStatus::Submitted => PeriodStatus::Submitted,
            ReportStatus::Reviewed => PeriodStatus::Reviewed,
        }
    }
}

/// Where the report of a workstream with `life` for `period` stands at `now`.
///
/// - A submitted or reviewed report keeps its status whatever the life says: what
///   the board received is history, and adding or closing a workstream never
///   rewrites it.
/// - Otherwise (no report, or an unsubmitted draft) a period the workstream does not
///   owe ([`WorkstreamLife::obligation`]: due before it started, or after it closed)
///   is [`PeriodStatus::NotStarted`] or [`PeriodStatus::Closed`] — never overdue.
/// - Otherwise it is [`report_status`]: not yet due, due or overdue.
pub fn report_status_for(
    period: &ReportingPeriod,
    life: &WorkstreamLife,
    state: Option<ReportState>,
    now: DateTime<Utc>,
    tz: Tz,
) -> PeriodStatus {
    let status = report_status(period, state, now, tz);
    if matches!(status, ReportStatus::Submitted | ReportStatus::Reviewed) {
        return status.into();
    }
    match life.obligation(period) {
        Obligation::NotStarted => PeriodStatus::NotStarted,
        Obligation::Closed => PeriodStatus::Closed,
        Obligation::Owed => status.into(),
    }
}

impl ReportingCycle {
    /// The period whose due date is `due_date` (which should be one of the cycle's).
    pub fn period_due_on(
        &self,
        due_date: NaiveDate,
        tz: Tz,
        cal: &WorkingCalendar,
    ) -> ReportingPeriod {
        ReportingPeriod {
            covers_from: self
                .previous_due_date_before(due_date, tz, cal)
                .unwrap_or(due_date),
            due_date,
        }
    }

    /// The periods whose due dates fall from `from` to `to` inclusive, in order;
    /// each covers from the previous due date (looking back before `from` for the first).
    pub fn periods_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        tz: Tz,
        cal: &WorkingCalendar,
    ) -> Vec<ReportingPeriod> {
        let dues = self.due_dates_between(from, to, tz, cal);
        let Some(first) = dues.first() else {
            return Vec::new();
        };
        let mut covers_from = self.period_due_on(*first, tz, cal).covers_from;
        dues.into_iter()
            .map(|due_date| {
                let period = ReportingPeriod {
                    covers_from,
                    due_date,
                };
                covers_from = due_date;
                period
            })
            .collect()
    }

    /// The period open at `now`: the one whose due date is today or the next due
    /// date (local time). `None` when the cycle has no more due dates.
    pub fn current_period(
        &self,
        now: DateTime<Utc>,
        tz: Tz,
        cal: &WorkingCalendar,
    ) -> Option<ReportingPeriod> {
        let today = local_date(now, tz);
        let due = self.next_due_date_on_or_after(today, tz, cal)?;
        Some(self.period_due_on(due, tz, cal))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dates::d;
    use chrono::TimeZone;
    use chrono_tz::Europe::London;

    fn utc(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, day, h, min, 0).unwrap()
    }

    fn cal() -> WorkingCalendar {
        WorkingCalendar::england_and_wales(2024..=2030)
    }

    fn period(due: NaiveDate) -> ReportingPeriod {
        ReportingPeriod {
            covers_from: d(2026, 1, 1),
            due_date: due,
        }
    }

    #[test]
    fn periods_are_contiguous() {
        let c = ReportingCycle::monthly(5).unwrap();
        let periods = c.periods_between(d(2026, 1, 1), d(2026, 6, 30), London, &cal());
        assert_eq!(periods.len(), 6);
        assert_eq!(periods[0].covers_from, d(2025, 12, 5));
        for pair in periods.windows(2) {
            assert_eq!(pair[1].covers_from, pair[0].due_date);
        }
    }

    #[test]
    fn first_board_date_covers_from_itself() {
        let c = ReportingCycle::board_dates([d(2026, 3, 12), d(2026, 6, 11)]);
        let periods = c.periods_between(d(2026, 1, 1), d(2026, 12, 31), London, &cal());
        assert_eq!(
            periods,
            [
                ReportingPeriod {
                    covers_from: d(2026, 3, 12),
                    due_date: d(2026, 3, 12)
                },
                ReportingPeriod {
                    covers_from: d(2026, 3, 12),
                    due_date: d(2026, 6, 11)
                },
            ]
        );
    }

    #[test]
    fn current_period_on_the_due_date_is_the_one_due_today() {
        let c = ReportingCycle::monthly(5).unwrap();
        let now = utc(2026, 3, 6, 22, 59); // 22:59 GMT on the due date
        assert_eq!(
            c.current_period(now, London, &cal()),
            Some(ReportingPeriod {
                covers_from: d(2026, 2, 6),
                due_date: d(2026, 3, 6)
            })
        );
        let after_midnight = utc(2026, 3, 7, 0, 0);
        assert_eq!(
            c.current_period(after_midnight, London, &cal())
                .unwrap()
                .due_date,
            d(2026, 4, 9)
        );
    }

    #[test]
    fn overdue_from_local_midnight_after_the_due_date_in_winter() {
        let p = period(d(2026, 1, 8));
        assert!(!is_overdue(&p, None, utc(2026, 1, 8, 23, 59), London));
        assert!(is_overdue(&p, None, utc(2026, 1, 9, 0, 0), London));
    }

    #[test]
    fn overdue_from_local_midnight_after_the_due_date_in_summer() {
        let p = period(d(2026, 7, 8));
        assert!(!is_overdue(&p, None, utc(2026, 7, 8, 22, 59), London));
        assert!(is_overdue(&p, None, utc(2026, 7, 8, 23, 0), London));
    }

    #[test]
    fn deadline_when_the_clocks_go_forward_on_the_day_after_the_due_date() {
        // Due Saturday 28 March 2026; clocks go forward at 01:00 GMT on Sunday 29th.
        // Midnight starting the 29th is still GMT.
        let p = period(d(2026, 3, 28));
        assert_eq!(p.deadline(London), utc(2026, 3, 29, 0, 0));
    }

    #[test]
    fn deadline_when_the_due_date_is_the_day_the_clocks_go_forward() {
        // Due Sunday 29 March 2026 (BST from 01:00 GMT): the day ends at 23:00 UTC.
        let p = period(d(2026, 3, 29));
        assert_eq!(p.deadline(London), utc(2026, 3, 29, 23, 0));
    }

    #[test]
    fn deadline_when_the_due_date_is_the_day_the_clocks_go_back() {
        // Due Sunday 25 October 2026 (GMT from 01:00 UTC): the day ends at midnight UTC,
        // 25 hours after it began.
        let p = period(d(2026, 10, 25));
        assert_eq!(p.deadline(London), utc(2026, 10, 26, 0, 0));
        assert_eq!(
            start_of_local_day(d(2026, 10, 25), London),
            utc(2026, 10, 24, 23, 0)
        );
    }

    #[test]
    fn deadline_on_a_leap_day() {
        let p = period(d(2028, 2, 29));
        assert_eq!(p.deadline(London), utc(2028, 3, 1, 0, 0));
    }

    #[test]
    fn a_late_submission_is_no_longer_overdue() {
        let p = period(d(2026, 1, 8));
        let late = utc(2026, 1, 12, 10, 0);
        assert!(!is_overdue(&p, Some(late), utc(2026, 1, 20, 0, 0), London));
        assert!(p.submitted_late(late, London));
        assert!(!p.submitted_late(utc(2026, 1, 8, 12, 0), London));
    }

    #[test]
    fn a_period_with_no_report_goes_from_not_yet_due_to_due_to_overdue() {
        let p = ReportingPeriod {
            covers_from: d(2026, 2, 6),
            due_date: d(2026, 3, 6),
        };
        assert_eq!(
            report_status(&p, None, utc(2026, 2, 5, 12, 0), London),
            ReportStatus::NotYetDue
        );
        assert_eq!(
            report_status(&p, None, utc(2026, 2, 6, 0, 0), London),
            ReportStatus::Due
        );
        assert_eq!(
            report_status(
                &p,
                Some(ReportState::Draft),
                utc(2026, 3, 6, 23, 59),
                London
            ),
            ReportStatus::Due
        );
        assert_eq!(
            report_status(&p, None, utc(2026, 3, 7, 0, 0), London),
            ReportStatus::Overdue
        );
        assert_eq!(
            report_status(
                &p,
                Some(ReportState::Submitted),
                utc(2026, 3, 9, 0, 0),
                London
            ),
            ReportStatus::Submitted
        );
        assert_eq!(
            report_status(
                &p,
                Some(ReportState::Reviewed),
                utc(2026, 3, 9, 0, 0),
                London
            ),
            ReportStatus::Reviewed
        );
        assert_eq!(
            report_status(
                &p,
                Some(ReportState::Returned),
                utc(2026, 3, 30, 0, 0),
                London
            ),
            ReportStatus::Submitted,
            "a returned report was received, never overdue again"
        );
    }

    /// Due Friday 6 March 2026, covering from 6 February.
    fn march() -> ReportingPeriod {
        ReportingPeriod {
            covers_from: d(2026, 2, 6),
            due_date: d(2026, 3, 6),
        }
    }

    #[test]
    fn a_workstream_added_after_the_due_date_is_not_started_not_overdue() {
        // Arrange: added on 10 March, looked at on 20 March.
        let life = WorkstreamLife::starting(d(2026, 3, 10));
        let now = utc(2026, 3, 20, 12, 0);

        // Act
        let status = report_status_for(&march(), &life, None, now, London);

        // Assert
        assert_eq!(
            report_status(&march(), None, now, London),
            ReportStatus::Overdue
        );
        assert_eq!(status, PeriodStatus::NotStarted);
        assert!(!status.is_owed() && !status.is_chased());
    }

    #[test]
    fn a_period_due_after_the_workstream_closed_is_closed_even_with_a_draft() {
        // Arrange
        let life = WorkstreamLife {
            started_on: d(2025, 1, 1),
            closed_on: Some(d(2026, 3, 1)),
        };

        // Act
        let status = report_status_for(
            &march(),
            &life,
            Some(ReportState::Draft),
            utc(2026, 3, 20, 12, 0),
            London,
        );

        // Assert
        assert_eq!(status, PeriodStatus::Closed);
        assert_eq!(status.report_status(), None);
    }

    #[test]
    fn a_period_the_workstream_owes_reads_as_before() {
        let life = WorkstreamLife::starting(d(2026, 3, 6));
        for (now, expected) in [
            (utc(2026, 2, 5, 12, 0), PeriodStatus::NotYetDue),
            (utc(2026, 3, 6, 12, 0), PeriodStatus::Due),
            (utc(2026, 3, 7, 0, 0), PeriodStatus::Overdue),
        ] {
            assert_eq!(
                report_status_for(&march(), &life, None, now, London),
                expected
            );
            assert_eq!(
                Some(report_status(&march(), None, now, London)),
                expected.report_status()
            );
        }
    }

    #[test]
    fn a_received_report_keeps_its_status_when_the_workstream_is_closed_earlier() {
        // Arrange: submitted for March, then the close date was set to February.
        let life = WorkstreamLife {
            started_on: d(2025, 1, 1),
            closed_on: Some(d(2026, 2, 28)),
        };
        let now = utc(2026, 4, 1, 12, 0);

        // Act
        let submitted =
            report_status_for(&march(), &life, Some(ReportState::Submitted), now, London);
        let reviewed = report_status_for(&march(), &life, Some(ReportState::Reviewed), now, London);

        // Assert
        assert_eq!(submitted, PeriodStatus::Submitted);
        assert_eq!(reviewed, PeriodStatus::Reviewed);
        assert!(submitted.is_received());
    }

    #[test]
    fn period_status_text_forms_match_report_status() {
        assert_eq!(PeriodStatus::NotStarted.as_str(), "not_started");
        assert_eq!(PeriodStatus::Closed.as_str(), "closed");
        assert_eq!(
            "Not started".parse::<PeriodStatus>(),
            Ok(PeriodStatus::NotStarted)
        );
        for status in ReportStatus::ALL {
            assert_eq!(PeriodStatus::from(*status).as_str(), status.as_str());
        }
    }

    #[test]
    fn report_status_text_forms() {
        assert_eq!(ReportStatus::NotYetDue.as_str(), "not_yet_due");
        assert_eq!("overdue".parse::<ReportStatus>(), Ok(ReportStatus::Overdue));
    }
}

#[cfg(test)]
mod lateness_and_chasing {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a date")
    }

    #[test]
    fn a_report_in_on_its_due_date_is_on_time_and_one_in_a_day_later_is_a_day_late() {
        let tz = chrono_tz::Europe::London;
        let due = d(2026, 11, 6);
        let at = |s: &str| s.parse::<DateTime<Utc>>().expect("a time");
        assert_eq!(days_late(due, at("2026-11-06T23:30:00Z"), tz), None);
        assert_eq!(days_late(due, at("2026-11-05T09:00:00Z"), tz), None);
        assert_eq!(days_late(due, at("2026-11-07T00:30:00Z"), tz), Some(1));
        assert_eq!(days_late(due, at("2026-12-01T10:00:00Z"), tz), Some(25));
    }

    #[test]
    fn a_report_is_chased_by_hand_at_most_once_a_day_and_never_once_received() {
        let today = d(2026, 12, 3);
        assert_eq!(may_chase(ReportStatus::Overdue, None, today), Ok(()));
        assert_eq!(
            may_chase(ReportStatus::Due, Some(d(2026, 12, 2)), today),
            Ok(())
        );
        assert_eq!(
            may_chase(ReportStatus::Overdue, Some(today), today),
            Err(ChaseRefused::AlreadyToday)
        );
        assert_eq!(
            may_chase(ReportStatus::Submitted, None, today),
            Err(ChaseRefused::AlreadyReceived)
        );
        assert_eq!(
            may_chase(ReportStatus::NotYetDue, None, today),
            Err(ChaseRefused::NotOpen)
        );
    }
}
