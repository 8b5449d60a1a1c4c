//! What one planning pass reads: every programme with its recent periods, active
//! workstreams, their reports, the people involved and open board actions — a fixed
//! number of queries however many programmes there are.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use highlight_domain::{
    ReminderPolicy, ReportingCycle, WorkingCalendar, WorkstreamStatus, local_date,
};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use highlight_store::entities::{
    bank_holidays, board_actions, highlight_reports, programmes, reporting_periods, users,
    workstreams,
};
use highlight_store::json::from_json;

/// Periods due longer ago than this are no longer chased (nor counted as the last
/// one opened: a programme idle for longer restarts at its current period).
pub const CHASE_HORIZON_DAYS: u64 = 366;

/// The rule-based holiday region.
pub const ENGLAND_AND_WALES: &str = "england-and-wales";

#[derive(Debug, Clone)]
pub struct Snapshot {
    pub programmes: Vec<ProgrammeState>,
    pub users: HashMap<i64, users::Model>,
}

/// A programme as the planner sees it.
#[derive(Debug, Clone)]
pub struct ProgrammeState {
    pub programme: programmes::Model,
    pub tz: Tz,
    pub cycle: ReportingCycle,
    pub policy: ReminderPolicy,
    pub calendar: WorkingCalendar,
    /// Oldest first.
    pub periods: Vec<reporting_periods::Model>,
    /// Active workstreams, in display order.
    pub workstreams: Vec<workstreams::Model>,
    /// By (workstream id, period id).
    pub reports: HashMap<(i64, i64), highlight_reports::Model>,
    pub open_actions: Vec<board_actions::Model>,
}

/// Loads the snapshot at `now`: seven queries.
pub async fn load(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> highlight_store::StoreResult<Snapshot> {
    let horizon = now
        .date_naive()
        .checked_sub_days(Days::new(CHASE_HORIZON_DAYS))
        .unwrap_or(NaiveDate::MIN);
    let programmes = programmes::Entity::find()
        .order_by_asc(programmes::Column::Name)
        .all(db)
        .await?;
    let holidays = bank_holidays::Entity::find().all(db).await?;
    let periods = reporting_periods::Entity::find()
        .filter(reporting_periods::Column::DueDate.gte(horizon))
        .order_by_asc(reporting_periods::Column::DueDate)
        .all(db)
        .await?;
    let workstreams = workstreams::Entity::find()
        .filter(workstreams::Column::Status.eq(WorkstreamStatus::Active.as_str()))
        .order_by_asc(workstreams::Column::Position)
        .order_by_asc(workstreams::Column::Name)
        .all(db)
        .await?;
    let period_ids: Vec<i64> = periods.iter().map(|p| p.id).collect();
    let mut reports = Vec::new();
    for chunk in period_ids.chunks(500) {
        reports.extend(
            highlight_reports::Entity::find()
                .filter(highlight_reports::Column::PeriodId.is_in(chunk.iter().copied()))
                .all(db)
                .await?,
        );
    }
    let actions = board_actions::Entity::find()
        .filter(board_actions::Column::Status.eq("open"))
        .filter(board_actions::Column::DueOn.is_not_null())
        .all(db)
        .await?;
    let mut user_ids: Vec<i64> = workstreams.iter().filter_map(|w| w.lead_id).collect();
    user_ids.extend(programmes.iter().filter_map(|p| p.programme_manager_id));
    user_ids.sort_unstable();
    user_ids.dedup();
    let users: HashMap<i64, users::Model> = users::Entity::find()
        .filter(users::Column::Id.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();

    let mut states = Vec::new();
    for programme in programmes {
        let tz: Tz = programme.time_zone.parse().map_err(|e| {
            DbErr::Custom(format!(
                "programme {}: time zone {:?}: {e}",
                programme.slug, programme.time_zone
            ))
        })?;
        let cycle: ReportingCycle =
            from_json(&programme.reporting_cycle, "programmes.reporting_cycle")?;
        let policy: ReminderPolicy =
            from_json(&programme.reminder_policy, "programmes.reminder_policy")?;
        let calendar = calendar(&programme.holiday_region, &holidays, local_date(now, tz));
        let id = programme.id;
        let periods: Vec<_> = periods
            .iter()
            .filter(|p| p.programme_id == id)
            .cloned()
            .collect();
        let workstreams: Vec<_> = workstreams
            .iter()
            .filter(|w| w.programme_id == id)
            .cloned()
            .collect();
        let reports = reports
            .iter()
            .filter(|r| periods.iter().any(|p| p.id == r.period_id))
            .map(|r| ((r.workstream_id, r.period_id), r.clone()))
            .collect();
        let open_actions = actions
            .iter()
            .filter(|a| a.programme_id == id)
            .cloned()
            .collect();
        states.push(ProgrammeState {
            programme,
            tz,
            cycle,
            policy,
            calendar,
            periods,
            workstreams,
            reports,
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
fn calendar(region: &str, holidays: &[bank_holidays::Model], today: NaiveDate) -> WorkingCalendar {
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
