//! How many reports came in for a period: the numbers on the board and the pack cover.
//!
//! The board page and the board pack both say how many reports were received and how
//! many were not; counted in two places they drifted. [`ReturnCounts`] is built from
//! each workstream's [`PeriodStatus`], so both count alike, and a workstream that does
//! not owe the period (not started, or closed) is counted beside received / not
//! received instead of inflating "not received".

use crate::period::PeriodStatus;
use serde::{Deserialize, Serialize};

/// The returns for one period, one count per workstream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize, Deserialize)]
pub struct ReturnCounts {
    /// Submitted or reviewed.
    pub received: usize,
    /// Overdue: due date passed with nothing submitted (the pack's "not received",
    /// the board's "overdue").
    pub not_received: usize,
    /// Due or not yet due: not submitted, not late either.
    pub awaited: usize,
    /// The period was due before the workstream started.
    pub not_started: usize,
    /// The period is due after the workstream closed.
    pub closed: usize,
}

impl ReturnCounts {
    /// Counts one workstream's status.
    pub fn add(&mut self, status: PeriodStatus) {
        let count = match status {
            PeriodStatus::Submitted | PeriodStatus::Reviewed => &mut self.received,
            PeriodStatus::Overdue => &mut self.not_received,
            PeriodStatus::Due | PeriodStatus::NotYetDue => &mut self.awaited,
            PeriodStatus::NotStarted => &mut self.not_started,
            PeriodStatus::Closed => &mut self.closed,
        };
        *count += 1;
    }

    /// Workstreams that owe a report for the period (received, not received or awaited).
    pub const fn owed(&self) -> usize {
        self.received + self.not_received + self.awaited
    }

    /// Every workstream counted.
    pub const fn total(&self) -> usize {
        self.owed() + self.not_started + self.closed
    }
}

impl FromIterator<PeriodStatus> for ReturnCounts {
    fn from_iter<I: IntoIterator<Item = PeriodStatus>>(statuses: I) -> Self {
        let mut counts = Self::default();
        for status in statuses {
            counts.add(status);
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_started_and_closed_are_counted_beside_received_and_not_received() {
        // Arrange: one of each status, and a second report received.
        let statuses = [
            PeriodStatus::Submitted,
            PeriodStatus::Reviewed,
            PeriodStatus::Overdue,
            PeriodStatus::Due,
            PeriodStatus::NotYetDue,
            PeriodStatus::NotStarted,
            PeriodStatus::Closed,
        ];

        // Act
        let counts: ReturnCounts = statuses.into_iter().collect();

        // Assert
        assert_eq!(
            counts,
            ReturnCounts {
                received: 2,
                not_received: 1,
                awaited: 2,
                not_started: 1,
                closed: 1,
            }
        );
        assert_eq!(counts.owed(), 5);
        assert_eq!(counts.total(), 7);
    }

    #[test]
    fn a_workstream_added_after_the_due_date_is_not_counted_as_not_received() {
        let counts: ReturnCounts = [PeriodStatus::Submitted, PeriodStatus::NotStarted]
            .into_iter()
            .collect();
        assert_eq!(counts.not_received, 0);
        assert_eq!(counts.not_started, 1);
    }
}

/// How many of a workstream's (or a programme's) reports came in by their due date,
/// over the periods it owed: "10 of 12 on time".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OnTime {
    /// Submitted no later than the due date (local day).
    pub on_time: usize,
    /// Periods owed whose deadline has passed (late, missing or on time).
    pub owed: usize,
}

impl OnTime {
    /// Counts one period that is past its due date: `days_late` is none for a report in
    /// on time, and `missing` says nothing was submitted. Periods not yet due, and
    /// periods the workstream did not owe, are not counted at all.
    pub fn add(&mut self, missing: bool, days_late: Option<u32>) {
        self.owed += 1;
        self.on_time += usize::from(!missing && days_late.is_none());
    }

    /// Adds another count (a workstream's into its programme's).
    pub fn merge(&mut self, other: OnTime) {
        self.on_time += other.on_time;
        self.owed += other.owed;
    }

    /// The share on time, in whole percent (none before anything was owed).
    pub fn percent(&self) -> Option<u32> {
        (self.owed > 0).then(|| {
            let share = (self.on_time * 100 + self.owed / 2) / self.owed;
            u32::try_from(share).unwrap_or(100)
        })
    }
}

#[cfg(test)]
mod on_time {
    use super::OnTime;

    #[test]
    fn a_late_or_missing_report_is_owed_but_not_on_time() {
        let mut rate = OnTime::default();
        rate.add(false, None);
        rate.add(false, Some(3));
        rate.add(true, None);
        assert_eq!(
            rate,
            OnTime {
                on_time: 1,
                owed: 3
            }
        );
        assert_eq!(rate.percent(), Some(33));
        assert_eq!(
            OnTime::default().percent(),
            None,
            "nothing owed yet: no rate"
        );
        let mut programme = OnTime {
            on_time: 10,
            owed: 12,
        };
        programme.merge(rate);
        assert_eq!(
            programme,
            OnTime {
                on_time: 11,
                owed: 15
            }
        );
    }
}
