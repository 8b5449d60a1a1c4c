//! What one planning pass reads: every programme with its recent periods, active
//! workstreams (each with its life: which periods it owes a report for), the state of
//! their reports (and where those in the review loop stand), the people involved and
//! open board actions — a fixed number of queries however many programmes there are
//! (see `highlight_store::reminders`).

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use highlight_domain::{
    ReminderPolicy, ReportState, ReportingCycle, WorkingCalendar, WorkstreamLife, local_date,
};

use highlight_store::actions::BoardActionRecord;
use highlight_store::calendar::BankHolidayRecord;
use highlight_store::periods::PeriodRecord;
use highlight_store::programmes::ProgrammeRecord;
use highlight_store::reminders::{InReviewRow, PlannerRows, planner_rows};
use highlight_store::users::UserRecord;
use highlight_store::workstreams::WorkstreamRecord;
use highlight_store::{Conn, StoreResult};

/// Periods due longer ago than this are no longer chased (nor counted as the last
/// one opened: a programme idle for longer restarts at its current period).
pub const CHASE_HORIZON_DAYS: u64 = 366;

/// The rule-based holiday region.
pub const ENGLAND_AND_WALES: &str = "england-and-wales";

#[derive(Debug, Clone)]
pub struct Snapshot {
    pub programmes: Vec<ProgrammeState>,
    pub users: HashMap<i64, UserRecord>,
}

/// A programme as the planner sees it.
#[derive(Debug, Clone)]
pub struct ProgrammeState {
    pub programme: ProgrammeRecord,
    pub tz: Tz,
    pub cycle: ReportingCycle,
    pub policy: ReminderPolicy,
    pub calendar: WorkingCalendar,
    /// Oldest first.
    pub periods: Vec<PeriodRecord>,
    /// Active workstreams, in display order.
    pub workstreams: Vec<WorkstreamState>,
    /// The state of each report there is, by (workstream id, period id).
    pub reports: HashMap<(i64, i64), ReportState>,
    /// The reports in the review loop (submitted or returned) of those periods.
    pub in_review: Vec<InReviewRow>,
    /// Who may review the programme's reports: its board members and manager.
    pub reviewers: Vec<i64>,
    pub open_actions: Vec<BoardActionRecord>,
}

/// An active workstream and its life: which periods it owes a report for.
#[derive(Debug, Clone)]
pub struct WorkstreamState {
    pub workstream: WorkstreamRecord,
    pub life: WorkstreamLife,
}

/// Loads the snapshot at `now`: ten queries.
#[tracing::instrument(skip_all)]
pub async fn load(db: &impl Conn, now: DateTime<Utc>) -> StoreResult<Snapshot> {
    let horizon = now
        .date_naive()
        .checked_sub_days(Days::new(CHASE_HORIZON_DAYS))
        .unwrap_or(NaiveDate::MIN);
    let PlannerRows {
        programmes,
        holidays,
        periods,
        workstreams,
        report_states,
        in_review,
        mut reviewers,
        open_actions,
        users,
    } = planner_rows(db, horizon).await?;

    let mut states = Vec::new();
    for programme in programmes {
        let tz = programme.time_zone;
        let cycle = programme.cycle.clone();
        let policy = programme.reminder_policy;
        let calendar = calendar(&programme.holiday_region, &holidays, local_date(now, tz));
        let id = programme.id.0;
        let periods: Vec<_> = periods
            .iter()
            .filter(|p| p.programme_id.0 == id)
            .cloned()
            .collect();
        let workstreams: Vec<_> = workstreams
            .iter()
            .filter(|w| w.programme_id.0 == id)
            .map(|w| WorkstreamState {
                life: w.life,
                workstream: w.clone(),
            })
            .collect();
        let reports = report_states
            .iter()
            .filter(|((_, period_id), _)| periods.iter().any(|p| p.id == *period_id))
            .map(|(key, state)| (*key, *state))
            .collect();
        let open_actions = open_actions
            .iter()
            .filter(|a| a.programme_id.0 == id)
            .cloned()
            .collect();
        let in_review = in_review
            .iter()
            .filter(|r| periods.iter().any(|p| p.id == r.period_id))
            .cloned()
            .collect();
        let reviewers = reviewers.remove(&id).unwrap_or_default();
        states.push(ProgrammeState {
            programme,
            tz,
            cycle,
            policy,
            calendar,
            periods,
            workstreams,
            reports,
            in_review,
            reviewers,
            open_actions,
        });
    }
    Ok(Snapshot {
        programmes: states,
        users,
    })
}

/// The working calendar of a holiday region around `today`: the England and Wales
/// holidays by rule for that region, plus the holidays configured for it.
fn calendar(region: &str, holidays: &[BankHolidayRecord], today: NaiveDate) -> WorkingCalendar {
    let years = today.year() - 2..=today.year() + 2;
    let base = if region == ENGLAND_AND_WALES {
        WorkingCalendar::england_and_wales(years)
    } else {
        WorkingCalendar::weekends_only()
    };
    holidays
        .iter()
        .filter(|h| h.region == region)
        .fold(base, |cal, h| cal.with_holiday(h.date))
}
