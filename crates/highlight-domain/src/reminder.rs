//! Which reminders are due at an instant.
//!
//! Reminders replace the programme office's chasing e-mails: to the lead before the
//! due date, on it, and every few working days while the report is overdue, then
//! once to the programme manager. The scheduler only *plans*: it calls
//! [`reminders_due`] and stores each result under the unique key
//! (period, kind, recipient, occurrence); a worker delivers. So this function is
//! deterministic and monotonic: a reminder due at `t` is still due, with the same
//! key, at every later instant while the report is unsubmitted, and nothing is due
//! once it is submitted. Running the plan twice, or late after an outage, sends
//! nothing twice and loses nothing. A period the workstream does not owe (due before
//! it started, or after it closed: [`PeriodStatus`]) has no reminders at all; use
//! [`reminders_due_for`] with the status from [`crate::report_status_for`].

use crate::calendar::WorkingCalendar;
use crate::local_time::local_date;
use crate::period::{PeriodStatus, ReportStatus, ReportingPeriod};
use crate::text_enum::text_enum;
use crate::validation::ValidationErrors;
use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The largest working-day setting accepted in a reminder policy.
pub const MAX_POLICY_WORKING_DAYS: u32 = 60;

text_enum! {
    /// What a reminder is about: "before_due", "on_due", "overdue", "escalation", "digest".
    pub enum ReminderKind ("reminder kind") {
        /// Some working days before the due date.
        BeforeDue => "before_due",
        /// On the due date.
        OnDue => "on_due",
        /// Every few working days while overdue.
        Overdue => "overdue",
        /// To the programme manager, once, after some working days overdue.
        Escalation => "escalation",
        /// The programme manager's weekly digest.
        Digest => "digest",
    }
}

text_enum! {
    /// Who a reminder goes to: "lead" or "programme_manager".
    pub enum Recipient ("reminder recipient") {
        /// The workstream lead.
        Lead => "lead",
        /// The programme manager.
        ProgrammeManager => "programme_manager",
    }
}

/// When reminders go out. All counts are in working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderPolicy {
    /// Remind the lead this many working days before the due date (0: no such reminder).
    pub before_due_working_days: u32,
    /// While overdue, remind the lead every this many working days (0: only once).
    pub repeat_overdue_every_working_days: u32,
    /// Tell the programme manager once the report is this many working days overdue.
    pub escalate_after_working_days_overdue: u32,
    /// The day of the week the programme manager's digest goes out.
    #[serde(with = "weekday_text")]
    pub digest_weekday: Weekday,
}

impl Default for ReminderPolicy {
    /// 5 working days before; every 3 working days overdue; escalate after 5; digest on Monday.
    fn default() -> Self {
        Self {
            before_due_working_days: 5,
            repeat_overdue_every_working_days: 3,
            escalate_after_working_days_overdue: 5,
            digest_weekday: Weekday::Mon,
        }
    }
}

impl ReminderPolicy {
    /// A policy, checked: each count from 0 (1 for escalation) to [`MAX_POLICY_WORKING_DAYS`].
    pub fn new(
        before_due_working_days: u32,
        repeat_overdue_every_working_days: u32,
        escalate_after_working_days_overdue: u32,
        digest_weekday: Weekday,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let max = MAX_POLICY_WORKING_DAYS;
        if before_due_working_days > max {
            errors.add(
                "before_due_working_days",
                format!("Remind at most {max} working days before the due date"),
            );
        }
        if repeat_overdue_every_working_days > max {
            errors.add(
                "repeat_overdue_every_working_days",
                format!("Repeat overdue reminders at least every {max} working days"),
            );
        }
        if !(1..=max).contains(&escalate_after_working_days_overdue) {
            errors.add(
                "escalate_after_working_days_overdue",
                format!("Escalate after 1 to {max} working days overdue"),
            );
        }
        errors.into_result(|| Self {
            before_due_working_days,
            repeat_overdue_every_working_days,
            escalate_after_working_days_overdue,
            digest_weekday,
        })
    }
}

/// A reminder that should have been sent by now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DueReminder {
    /// What about.
    pub kind: ReminderKind,
    /// 1 for once-only kinds; 1, 2, 3… for overdue reminders.
    pub occurrence: u32,
    /// The local date it is scheduled for (it is due on or after this date).
    pub send_on: NaiveDate,
    /// To whom.
    pub recipient: Recipient,
}

impl DueReminder {
    /// A key unique within a period: "overdue:lead:2".
    pub fn key(&self) -> String {
        format!("{}:{}:{}", self.kind, self.recipient, self.occurrence)
    }
}

/// Every reminder for `period` whose send date is on or before today (local time)
/// and that still applies: none once the report is submitted or reviewed.
/// Ordered by send date, then kind.
///
/// This does not know the workstream's life: a period due before the workstream
/// started would be chased. Prefer [`reminders_due_for`].
pub fn reminders_due(
    period: &ReportingPeriod,
    status: ReportStatus,
    now: DateTime<Utc>,
    tz: Tz,
    cal: &WorkingCalendar,
    policy: &ReminderPolicy,
) -> Vec<DueReminder> {
    reminders_due_for(period, status.into(), now, tz, cal, policy)
}

/// Every reminder for `period` whose send date is on or before today (local time)
/// and that still applies, given where the workstream stands for it (from
/// [`crate::report_status_for`]): none once the report is submitted or reviewed, and
/// none ever for a period the workstream does not owe ("not started" or "closed").
/// Ordered by send date, then kind.
pub fn reminders_due_for(
    period: &ReportingPeriod,
    status: PeriodStatus,
    now: DateTime<Utc>,
    tz: Tz,
    cal: &WorkingCalendar,
    policy: &ReminderPolicy,
) -> Vec<DueReminder> {
    if !status.is_owed() || status.is_received() {
        return Vec::new();
    }
    let today = local_date(now, tz);
    let due = period.due_date;
    let mut out = Vec::new();
    let mut push = |kind, occurrence, send_on: NaiveDate, recipient| {
        if send_on <= today {
            out.push(DueReminder {
                kind,
                occurrence,
                send_on,
                recipient,
            });
        }
    };

    if policy.before_due_working_days > 0 {
        let send_on = cal
            .add_working_days(due, -i64::from(policy.before_due_working_days))
            .max(period.covers_from);
        if send_on < due {
            push(ReminderKind::BeforeDue, 1, send_on, Recipient::Lead);
        }
    }
    push(ReminderKind::OnDue, 1, due, Recipient::Lead);

    if today > due {
        let every = i64::from(policy.repeat_overdue_every_working_days);
        let mut occurrence: u32 = 1;
        loop {
            let offset = 1 + i64::from(occurrence - 1) * every;
            let send_on = cal.add_working_days(due, offset);
            if send_on > today {
                break;
            }
            push(ReminderKind::Overdue, occurrence, send_on, Recipient::Lead);
            if every == 0 || occurrence == u32::MAX {
                break;
            }
            occurrence += 1;
        }
        let escalate_on = cal.add_working_days(
            due,
            i64::from(policy.escalate_after_working_days_overdue.max(1)),
        );
        push(
            ReminderKind::Escalation,
            1,
            escalate_on,
            Recipient::ProgrammeManager,
        );
    }
    out.sort_by_key(|r| (r.send_on, r.kind));
    out
}

/// The programme manager's weekly digest for the ISO week of today, once the
/// policy's weekday has come. Keyed by ISO year and week, so a digest missed on
/// Monday still goes on Tuesday, and only once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DueDigest {
    /// ISO week-numbering year.
    pub iso_year: i32,
    /// ISO week, 1–53.
    pub iso_week: u32,
    /// The day it is scheduled for.
    pub send_on: NaiveDate,
}

impl DueDigest {
    /// The unique key: "digest:2026-W05".
    pub fn key(&self) -> String {
        format!(
            "{}:{}-W{:02}",
            ReminderKind::Digest,
            self.iso_year,
            self.iso_week
        )
    }
}

/// The digest due at `now`, if the policy's weekday has come this ISO week.
pub fn digest_due(now: DateTime<Utc>, tz: Tz, policy: &ReminderPolicy) -> Option<DueDigest> {
    let today = local_date(now, tz);
    let week = today.iso_week();
    let send_on = NaiveDate::from_isoywd_opt(week.year(), week.week(), policy.digest_weekday)?;
    (send_on <= today).then_some(DueDigest {
        iso_year: week.year(),
        iso_week: week.week(),
        send_on,
    })
}

/// serde for [`Weekday`] as "monday" … "sunday".
mod weekday_text {
    use chrono::Weekday;
    use serde::{Deserialize, Deserializer, Serializer};

    const NAMES: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];

    pub fn serialize<S: Serializer>(day: &Weekday, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(NAMES[day.num_days_from_monday() as usize])
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Weekday, D::Error> {
        let text = String::deserialize(d)?;
        text.parse::<Weekday>().map_err(|_| {
            serde::de::Error::custom(format!(
                "\"{text}\" is not a day of the week: use monday … sunday"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dates::{d, noon};
    use chrono::TimeZone;
    use chrono_tz::Europe::London;

    fn cal() -> WorkingCalendar {
        WorkingCalendar::england_and_wales(2026..=2026)
    }

    /// Due Friday 6 March 2026, covering from 6 February.
    fn period() -> ReportingPeriod {
        ReportingPeriod {
            covers_from: d(2026, 2, 6),
            due_date: d(2026, 3, 6),
        }
    }

    fn kinds(r: &[DueReminder]) -> Vec<(ReminderKind, u32)> {
        r.iter().map(|r| (r.kind, r.occurrence)).collect()
    }

    fn due_at(date: NaiveDate, status: ReportStatus) -> Vec<DueReminder> {
        reminders_due(
            &period(),
            status,
            noon(date),
            London,
            &cal(),
            &ReminderPolicy::default(),
        )
    }

    #[test]
    fn nothing_before_the_before_due_reminder() {
        assert_eq!(due_at(d(2026, 2, 26), ReportStatus::Due), []);
    }

    #[test]
    fn before_due_reminder_five_working_days_before() {
        let r = due_at(d(2026, 2, 27), ReportStatus::Due);
        assert_eq!(
            r,
            [DueReminder {
                kind: ReminderKind::BeforeDue,
                occurrence: 1,
                send_on: d(2026, 2, 27),
                recipient: Recipient::Lead
            }]
        );
    }

    #[test]
    fn on_due_reminder_on_the_due_date() {
        let r = due_at(d(2026, 3, 6), ReportStatus::Due);
        assert_eq!(
            kinds(&r),
            [(ReminderKind::BeforeDue, 1), (ReminderKind::OnDue, 1)]
        );
    }

    #[test]
    fn overdue_reminders_repeat_every_three_working_days_then_escalate_once() {
        // Due Fri 6 Mar. Overdue #1 Mon 9, #2 Thu 12, #3 Tue 17; escalation Fri 13 (5 working days).
        let r = due_at(d(2026, 3, 17), ReportStatus::Overdue);
        assert_eq!(
            r.iter()
                .map(|r| (r.kind, r.occurrence, r.send_on))
                .collect::<Vec<_>>(),
            [
                (ReminderKind::BeforeDue, 1, d(2026, 2, 27)),
                (ReminderKind::OnDue, 1, d(2026, 3, 6)),
                (ReminderKind::Overdue, 1, d(2026, 3, 9)),
                (ReminderKind::Overdue, 2, d(2026, 3, 12)),
                (ReminderKind::Escalation, 1, d(2026, 3, 13)),
                (ReminderKind::Overdue, 3, d(2026, 3, 17)),
            ]
        );
        assert_eq!(r[4].recipient, Recipient::ProgrammeManager);
        assert_eq!(r[4].key(), "escalation:programme_manager:1");
    }

    #[test]
    fn nothing_once_submitted_even_if_late() {
        assert_eq!(due_at(d(2026, 3, 17), ReportStatus::Submitted), []);
        assert_eq!(due_at(d(2026, 3, 17), ReportStatus::Reviewed), []);
    }

    #[test]
    fn nothing_is_ever_due_for_a_period_the_workstream_does_not_owe() {
        // Arrange: long overdue, had the workstream existed.
        let now = noon(d(2026, 3, 17));

        // Act
        let for_status = |status| {
            reminders_due_for(
                &period(),
                status,
                now,
                London,
                &cal(),
                &ReminderPolicy::default(),
            )
        };

        // Assert
        assert_eq!(for_status(PeriodStatus::NotStarted), []);
        assert_eq!(for_status(PeriodStatus::Closed), []);
        assert_eq!(
            for_status(PeriodStatus::Overdue),
            due_at(d(2026, 3, 17), ReportStatus::Overdue)
        );
    }

    #[test]
    fn a_workstream_added_after_the_due_date_is_not_chased_for_it() {
        // Arrange
        let life = crate::WorkstreamLife::starting(d(2026, 3, 10));
        let now = noon(d(2026, 3, 17));
        let status = crate::report_status_for(&period(), &life, None, now, London);

        // Act
        let due = reminders_due_for(
            &period(),
            status,
            now,
            London,
            &cal(),
            &ReminderPolicy::default(),
        );

        // Assert
        assert_eq!(due, []);
    }

    #[test]
    fn overdue_starts_after_local_midnight_not_utc_midnight() {
        // Due Wednesday 1 July 2026 (BST). 23:30 UTC on 1 July is 00:30 on 2 July locally.
        let p = ReportingPeriod {
            covers_from: d(2026, 6, 1),
            due_date: d(2026, 7, 1),
        };
        let now = Utc.with_ymd_and_hms(2026, 7, 1, 23, 30, 0).unwrap();
        let r = reminders_due(
            &p,
            ReportStatus::Overdue,
            now,
            London,
            &cal(),
            &ReminderPolicy::default(),
        );
        assert!(
            r.iter()
                .any(|r| r.kind == ReminderKind::Overdue && r.send_on == d(2026, 7, 2))
        );
    }

    #[test]
    fn overdue_reminders_skip_the_easter_weekend() {
        // Due Thursday 2 April 2026: Good Friday and Easter Monday are not working days.
        let p = ReportingPeriod {
            covers_from: d(2026, 3, 5),
            due_date: d(2026, 4, 2),
        };
        let r = reminders_due(
            &p,
            ReportStatus::Overdue,
            noon(d(2026, 4, 7)),
            London,
            &cal(),
            &ReminderPolicy::default(),
        );
        let overdue: Vec<_> = r
            .iter()
            .filter(|r| r.kind == ReminderKind::Overdue)
            .collect();
        assert_eq!(overdue.len(), 1);
        assert_eq!(overdue[0].send_on, d(2026, 4, 7));
    }

    #[test]
    fn a_short_period_sends_the_before_due_reminder_when_it_opens() {
        let p = ReportingPeriod {
            covers_from: d(2026, 3, 4),
            due_date: d(2026, 3, 6),
        };
        let r = reminders_due(
            &p,
            ReportStatus::Due,
            noon(d(2026, 3, 4)),
            London,
            &cal(),
            &ReminderPolicy::default(),
        );
        assert_eq!(r[0].send_on, d(2026, 3, 4));
    }

    #[test]
    fn zero_repeat_sends_one_overdue_reminder() {
        let policy = ReminderPolicy {
            repeat_overdue_every_working_days: 0,
            ..Default::default()
        };
        let r = reminders_due(
            &period(),
            ReportStatus::Overdue,
            noon(d(2026, 4, 30)),
            London,
            &cal(),
            &policy,
        );
        assert_eq!(
            r.iter().filter(|r| r.kind == ReminderKind::Overdue).count(),
            1
        );
    }

    #[test]
    fn weekly_digest_is_keyed_by_iso_week() {
        let policy = ReminderPolicy::default();
        // Sunday 4 January 2026 is in ISO week 2026-W01; Monday 5 January starts W02.
        let sunday = noon(d(2026, 1, 4));
        assert_eq!(
            digest_due(sunday, London, &policy).unwrap().key(),
            "digest:2026-W01"
        );
        let tuesday = noon(d(2026, 1, 6));
        let digest = digest_due(tuesday, London, &policy).unwrap();
        assert_eq!(digest.key(), "digest:2026-W02");
        assert_eq!(digest.send_on, d(2026, 1, 5));
        let friday_policy = ReminderPolicy {
            digest_weekday: Weekday::Fri,
            ..policy
        };
        assert_eq!(digest_due(tuesday, London, &friday_policy), None);
    }

    #[test]
    fn policy_validation_and_json() {
        assert!(
            ReminderPolicy::new(5, 3, 0, Weekday::Mon)
                .unwrap_err()
                .has("escalate_after_working_days_overdue")
        );
        assert_eq!(
            ReminderPolicy::new(5, 3, 5, Weekday::Mon).unwrap(),
            ReminderPolicy::default()
        );
        let json = serde_json::to_string(&ReminderPolicy::default()).unwrap();
        assert_eq!(
            json,
            r#"{"before_due_working_days":5,"repeat_overdue_every_working_days":3,"escalate_after_working_days_overdue":5,"digest_weekday":"monday"}"#
        );
        assert_eq!(
            serde_json::from_str::<ReminderPolicy>(&json).unwrap(),
            ReminderPolicy::default()
        );
    }
}
