//! What the reminder planner and the mail worker read: every programme with its recent
//! periods, active workstreams, the state of their reports, the people involved and
//! open board actions — a fixed number of queries however many programmes there are —
//! and which chased reports are in by now.
//!
//! Report states come back as [`ReportState`]: a state that does not parse is a damaged
//! row (an error naming it), so a pass never chases — or fails to chase — a report
//! because of a word it could not read.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use highlight_domain::{ReportState, WorkstreamStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::{
    bank_holidays, board_actions, highlight_reports, programmes, reporting_periods, users,
    workstreams,
};
use crate::{Conn, StoreError, StoreResult};

/// Everything one planning pass reads, as stored.
#[derive(Debug, Clone, Default)]
pub struct PlannerRows {
    /// By name.
    pub programmes: Vec<crate::programmes::ProgrammeRecord>,
    /// Every configured bank holiday, of every region.
    pub holidays: Vec<crate::calendar::BankHolidayRecord>,
    /// Periods due on or after the horizon, oldest first.
    pub periods: Vec<crate::periods::PeriodRecord>,
    /// Active workstreams, in display order.
    pub workstreams: Vec<crate::workstreams::WorkstreamRecord>,
    /// The state of each report of those periods, by (workstream id, period id).
    pub report_states: HashMap<(i64, i64), ReportState>,
    /// Open board actions and decisions that have a due date.
    pub open_actions: Vec<crate::actions::BoardActionRecord>,
    /// The workstreams' leads and the programmes' managers, by id.
    pub users: HashMap<i64, crate::users::UserRecord>,
}

/// Loads the planner's rows for periods due on or after `horizon`: seven queries.
pub async fn planner_rows(db: &impl Conn, horizon: NaiveDate) -> StoreResult<PlannerRows> {
    let programmes = crate::programmes::records(
        programmes::Entity::find()
            .order_by_asc(programmes::Column::Name)
            .all(db)
            .await?,
    )?;
    let holidays = bank_holidays::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    let periods = crate::periods::records(
        reporting_periods::Entity::find()
            .filter(reporting_periods::Column::DueDate.gte(horizon))
            .order_by_asc(reporting_periods::Column::DueDate)
            .all(db)
            .await?,
    );
    let workstreams = crate::workstreams::records(
        workstreams::Entity::find()
            .filter(workstreams::Column::Status.eq(WorkstreamStatus::Active.as_str()))
            .order_by_asc(workstreams::Column::Position)
            .order_by_asc(workstreams::Column::Name)
            .all(db)
            .await?,
    )?;
    let period_ids: Vec<i64> = periods.iter().map(|p| p.id).collect();
    let mut report_states = HashMap::new();
    for chunk in period_ids.chunks(500) {
        let rows: Vec<(i64, i64, i64, String)> = highlight_reports::Entity::find()
            .select_only()
            .column(highlight_reports::Column::Id)
            .column(highlight_reports::Column::WorkstreamId)
            .column(highlight_reports::Column::PeriodId)
            .column(highlight_reports::Column::State)
            .filter(highlight_reports::Column::PeriodId.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        for (id, workstream_id, period_id, state) in rows {
            report_states.insert((workstream_id, period_id), report_state(id, &state)?);
        }
    }
    let open_actions = crate::actions::records(
        board_actions::Entity::find()
            .filter(
                board_actions::Column::Status
                    .eq(highlight_domain::board::ActionStatus::Open.as_str()),
            )
            .filter(board_actions::Column::DueOn.is_not_null())
            .all(db)
            .await?,
    )?;
    let mut user_ids: Vec<i64> = workstreams
        .iter()
        .filter_map(|w| w.lead_id.map(|id| id.0))
        .collect();
    user_ids.extend(
        programmes
            .iter()
            .filter_map(|p| p.programme_manager_id.map(|id| id.0)),
    );
    user_ids.sort_unstable();
    user_ids.dedup();
    let users = users::Entity::find()
        .filter(users::Column::Id.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.into()))
        .collect();
    Ok(PlannerRows {
        programmes,
        holidays,
        periods,
        workstreams,
        report_states,
        open_actions,
        users,
    })
}

/// Of the reports of `period_ids`, the (workstream id, period id) of those submitted or
/// reviewed: a reminder about one of them is cancelled rather than sent. One query.
pub async fn answered(db: &impl Conn, period_ids: &[i64]) -> StoreResult<HashSet<(i64, i64)>> {
    if period_ids.is_empty() {
        return Ok(HashSet::new());
    }
    let answered = [
        ReportState::Submitted.as_str(),
        ReportState::Reviewed.as_str(),
    ];
    let rows: Vec<(i64, i64)> = highlight_reports::Entity::find()
        .select_only()
        .column(highlight_reports::Column::WorkstreamId)
        .column(highlight_reports::Column::PeriodId)
        .filter(highlight_reports::Column::PeriodId.is_in(period_ids.iter().copied()))
        .filter(highlight_reports::Column::State.is_in(answered))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// A report's stored state, or a damaged row naming it.
fn report_state(id: i64, text: &str) -> StoreResult<ReportState> {
    text.parse::<ReportState>()
        .map_err(|e| StoreError::damaged("highlight_reports", "state", id, text, e))
}
