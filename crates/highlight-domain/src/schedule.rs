//! What the scheduler does at an instant: which reporting periods to open, and which
//! of the reminders due are still worth sending.
//!
//! Both rules are pure so the scheduler in the web crate stays a thin loop around
//! them. Opening is idempotent by due date; catching up after an outage sends only
//! the newest reminder each person is owed, so a lead whose report went overdue
//! while the scheduler was down gets one "overdue" e-mail, not a "due in five days"
//! e-mail followed by three "overdue" ones. The reminders passed over are still
//! recorded (as superseded) under their keys, so none of them goes later either.

use crate::calendar::WorkingCalendar;
use crate::cycle::ReportingCycle;
use crate::local_time::local_date;
use crate::period::ReportingPeriod;
use crate::reminder::{DueReminder, Recipient};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// At most this many periods are opened in one pass (two years of a monthly cycle):
/// a scheduler that was off for longer does not backfill further.
pub const MAX_PERIODS_OPENED_AT_ONCE: usize = 24;

/// The periods to open at `now`: the current period (whose due date is today or the
/// next one), and, when `last_opened_due` is known, every period due after it up to
/// the current one that a stopped scheduler missed. A programme with no period yet
/// starts at its current period: history before it was set up is not opened.
pub fn periods_to_open(
    cycle: &ReportingCycle,
    last_opened_due: Option<chrono::NaiveDate>,
    now: DateTime<Utc>,
    tz: Tz,
    cal: &WorkingCalendar,
) -> Vec<ReportingPeriod> {
    let Some(current) = cycle.current_period(now, tz, cal) else {
        return Vec::new();
    };
    let mut periods = match last_opened_due {
        Some(last) if last >= current.due_date => Vec::new(),
        Some(last) => match last.succ_opt() {
            Some(from) => cycle.periods_between(from, current.due_date, tz, cal),
            None => Vec::new(),
        },
        None => vec![current],
    };
    if periods.len() > MAX_PERIODS_OPENED_AT_ONCE {
        periods.drain(..periods.len() - MAX_PERIODS_OPENED_AT_ONCE);
    }
    periods
}

/// Whether a planned reminder is sent, or recorded as passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Delivery {
    /// Send it.
    Send,
    /// A later reminder to the same person for the same report is due too: record
    /// this one under its key, and do not send it.
    Superseded,
}

/// For the reminders due for one report (as [`crate::reminders_due`] returns them,
/// ordered by send date), the newest per recipient is sent and the older ones are
/// superseded. When the scheduler runs every day each pass finds one new reminder,
/// so nothing is superseded; after an outage only the newest goes.
pub fn catch_up(due: &[DueReminder]) -> Vec<(DueReminder, Delivery)> {
    let newest = |recipient: Recipient| {
        due.iter()
            .filter(|r| r.recipient == recipient)
            .max_by_key(|r| (r.send_on, r.kind, r.occurrence))
            .copied()
    };
    let newest_lead = newest(Recipient::Lead);
    let newest_manager = newest(Recipient::ProgrammeManager);
    due.iter()
        .map(|r| {
            let newest = match r.recipient {
                Recipient::Lead => newest_lead,
                Recipient::ProgrammeManager => newest_manager,
            };
            let delivery = if newest == Some(*r) {
                Delivery::Send
            } else {
                Delivery::Superseded
            };
            (*r, delivery)
        })
        .collect()
}

/// How many working days late a report due on `period.due_date` is at `now` (0 when
/// it is not late yet).
pub fn working_days_overdue(
    period: &ReportingPeriod,
    now: DateTime<Utc>,
    tz: Tz,
    cal: &WorkingCalendar,
) -> u32 {
    let today = local_date(now, tz);
    if today <= period.due_date {
        return 0;
    }
    u32::try_from(cal.working_days_between(period.due_date, today)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::ReportStatus;
    use crate::reminder::{ReminderKind, ReminderPolicy, reminders_due};
    use crate::test_dates::{d, noon};
    use chrono_tz::Europe::London;

    fn cal() -> WorkingCalendar {
        WorkingCalendar::england_and_wales(2025..=2027)
    }

    #[test]
    fn a_new_programme_opens_only_its_current_period() {
        let cycle = ReportingCycle::monthly(5).unwrap();
        let open = periods_to_open(&cycle, None, noon(d(2026, 3, 10)), London, &cal());
        assert_eq!(
            open,
            [ReportingPeriod {
                covers_from: d(2026, 3, 6),
                due_date: d(2026, 4, 9)
            }]
        );
    }

    #[test]
    fn nothing_to_open_while_the_current_period_is_open() {
        let cycle = ReportingCycle::monthly(5).unwrap();
        let open = periods_to_open(
            &cycle,
            Some(d(2026, 4, 9)),
            noon(d(2026, 3, 10)),
            London,
            &cal(),
        );
        assert_eq!(open, []);
    }

    #[test]
    fn the_next_period_opens_the_day_after_a_due_date() {
        let cycle = ReportingCycle::monthly(5).unwrap();
        let on_due = periods_to_open(
            &cycle,
            Some(d(2026, 3, 6)),
            noon(d(2026, 3, 6)),
            London,
            &cal(),
        );
        assert_eq!(on_due, []);
        let after = periods_to_open(
            &cycle,
            Some(d(2026, 3, 6)),
            noon(d(2026, 3, 7)),
            London,
            &cal(),
        );
        assert_eq!(after.len(), 1);
        assert_eq!(after[0].covers_from, d(2026, 3, 6));
        assert_eq!(after[0].due_date, d(2026, 4, 9));
    }

    #[test]
    fn a_scheduler_that_was_stopped_opens_the_periods_it_missed() {
        let cycle = ReportingCycle::monthly(5).unwrap();
        let open = periods_to_open(
            &cycle,
            Some(d(2026, 1, 8)),
            noon(d(2026, 3, 10)),
            London,
            &cal(),
        );
        let dues: Vec<_> = open.iter().map(|p| p.due_date).collect();
        assert_eq!(dues, [d(2026, 2, 6), d(2026, 3, 6), d(2026, 4, 9)]);
        assert_eq!(open[0].covers_from, d(2026, 1, 8));
    }

    #[test]
    fn a_finished_cycle_opens_nothing() {
        let cycle = ReportingCycle::board_dates([d(2026, 1, 15)]);
        assert_eq!(
            periods_to_open(
                &cycle,
                Some(d(2026, 1, 15)),
                noon(d(2026, 3, 1)),
                London,
                &cal()
            ),
            []
        );
    }

    #[test]
    fn catching_up_sends_only_the_newest_reminder_to_each_person() {
        let period = ReportingPeriod {
            covers_from: d(2026, 2, 6),
            due_date: d(2026, 3, 6),
        };
        let due = reminders_due(
            &period,
            ReportStatus::Overdue,
            noon(d(2026, 3, 17)),
            London,
            &cal(),
            &ReminderPolicy::default(),
        );
        let sent: Vec<_> = catch_up(&due)
            .into_iter()
            .filter(|(_, d)| *d == Delivery::Send)
            .map(|(r, _)| (r.kind, r.occurrence))
            .collect();
        assert_eq!(
            sent,
            [(ReminderKind::Escalation, 1), (ReminderKind::Overdue, 3)]
        );
        assert_eq!(catch_up(&due).len(), due.len(), "every key is recorded");
    }

    #[test]
    fn a_daily_pass_supersedes_only_what_was_sent_before() {
        let period = ReportingPeriod {
            covers_from: d(2026, 2, 6),
            due_date: d(2026, 3, 6),
        };
        let due = reminders_due(
            &period,
            ReportStatus::Due,
            noon(d(2026, 2, 27)),
            London,
            &cal(),
            &ReminderPolicy::default(),
        );
        assert_eq!(catch_up(&due), [(due[0], Delivery::Send)]);
    }

    #[test]
    fn working_days_overdue_counts_from_the_due_date() {
        let period = ReportingPeriod {
            covers_from: d(2026, 2, 6),
            due_date: d(2026, 3, 6),
        };
        assert_eq!(
            working_days_overdue(&period, noon(d(2026, 3, 6)), London, &cal()),
            0
        );
        assert_eq!(
            working_days_overdue(&period, noon(d(2026, 3, 9)), London, &cal()),
            1
        );
        assert_eq!(
            working_days_overdue(&period, noon(d(2026, 3, 13)), London, &cal()),
            5
        );
    }
}
