//! What the reminder planner and the mail worker read: every programme with its recent
//! periods, active workstreams, the state of their reports, the people involved and
//! open board actions — a fixed number of queries however many programmes there are —
//! and which chased reports are in by now.
//!
//! Report states come back as [`ReportState`]: a state that does not parse is a damaged
//! row (an error naming it), so a pass never chases — or fails to chase — a report
//! because of a word it could not read.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use highlight_domain::access::Role;
use highlight_domain::{ReportState, WorkstreamStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::{
    bank_holidays, board_actions, highlight_reports, programme_roles, programmes, report_returns,
    report_revisions, reporting_periods, users, workstreams,
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
    /// The reports of those periods in the review loop (submitted or returned), with
    /// when their latest revision came in and their latest return.
    pub in_review: Vec<InReviewRow>,
    /// Who may review each programme's reports (its board members and programme
    /// manager), by programme id, each person once.
    pub reviewers: HashMap<i64, Vec<i64>>,
    /// Open board actions and decisions that have a due date.
    pub open_actions: Vec<crate::actions::BoardActionRecord>,
    /// The workstreams' leads and the programmes' managers, by id.
    pub users: HashMap<i64, crate::users::UserRecord>,
}

/// A report in the review loop, as the planner reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InReviewRow {
    pub report_id: i64,
    pub workstream_id: i64,
    pub period_id: i64,
    /// Submitted or returned.
    pub state: ReportState,
    /// The latest revision's number.
    pub revision: i32,
    /// When the latest revision came in (the report's first submission for a row
    /// written without its revision).
    pub revision_submitted_at: Option<DateTime<Utc>>,
    /// The latest return, if the report is returned: its id and when.
    pub returned: Option<(i64, DateTime<Utc>)>,
}

/// Loads the planner's rows for periods due on or after `horizon`: ten queries.
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
    let mut in_review = Vec::new();
    for chunk in period_ids.chunks(500) {
        type Row = (i64, i64, i64, String, i32, Option<DateTime<Utc>>);
        let rows: Vec<Row> = highlight_reports::Entity::find()
            .select_only()
            .column(highlight_reports::Column::Id)
            .column(highlight_reports::Column::WorkstreamId)
            .column(highlight_reports::Column::PeriodId)
            .column(highlight_reports::Column::State)
            .column(highlight_reports::Column::CurrentRevision)
            .column(highlight_reports::Column::SubmittedAt)
            .filter(highlight_reports::Column::PeriodId.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        for (id, workstream_id, period_id, state, revision, submitted_at) in rows {
            let state = report_state(id, &state)?;
            report_states.insert((workstream_id, period_id), state);
            if matches!(state, ReportState::Submitted | ReportState::Returned) {
                in_review.push(InReviewRow {
                    report_id: id,
                    workstream_id,
                    period_id,
                    state,
                    revision,
                    revision_submitted_at: submitted_at,
                    returned: None,
                });
            }
        }
    }
    loop_dates(db, &mut in_review).await?;
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
    let mut reviewers: HashMap<i64, Vec<i64>> = HashMap::new();
    let roles = programme_roles::Entity::find()
        .filter(
            programme_roles::Column::Role
                .is_in([Role::BoardMember.as_str(), Role::ProgrammeManager.as_str()]),
        )
        .order_by_asc(programme_roles::Column::Id)
        .all(db)
        .await?;
    for r in roles {
        reviewers.entry(r.programme_id).or_default().push(r.user_id);
    }
    for p in &programmes {
        if let Some(manager) = p.programme_manager_id {
            reviewers.entry(p.id.0).or_default().push(manager.0);
        }
    }
    for ids in reviewers.values_mut() {
        ids.sort_unstable();
        ids.dedup();
    }
    let mut user_ids: Vec<i64> = workstreams
        .iter()
        .filter_map(|w| w.lead_id.map(|id| id.0))
        .collect();
    user_ids.extend(reviewers.values().flatten().copied());
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
        in_review,
        reviewers,
        open_actions,
        users,
    })
}

/// Fills in when each report in the loop last came in (its latest revision) and when
/// it was returned (its latest return): two queries.
async fn loop_dates(db: &impl Conn, rows: &mut [InReviewRow]) -> StoreResult<()> {
    let submitted: Vec<i64> = rows
        .iter()
        .filter(|r| r.state == ReportState::Submitted)
        .map(|r| r.report_id)
        .collect();
    let returned: Vec<i64> = rows
        .iter()
        .filter(|r| r.state == ReportState::Returned)
        .map(|r| r.report_id)
        .collect();
    let mut revision_at: HashMap<(i64, i32), DateTime<Utc>> = HashMap::new();
    for chunk in submitted.chunks(500) {
        let found: Vec<(i64, i32, DateTime<Utc>)> = report_revisions::Entity::find()
            .select_only()
            .column(report_revisions::Column::ReportId)
            .column(report_revisions::Column::Number)
            .column(report_revisions::Column::SubmittedAt)
            .filter(report_revisions::Column::ReportId.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        revision_at.extend(found.into_iter().map(|(id, n, at)| ((id, n), at)));
    }
    let mut returned_at: HashMap<i64, (i64, i32, DateTime<Utc>)> = HashMap::new();
    for chunk in returned.chunks(500) {
        let found: Vec<(i64, i64, i32, DateTime<Utc>)> = report_returns::Entity::find()
            .select_only()
            .column(report_returns::Column::Id)
            .column(report_returns::Column::ReportId)
            .column(report_returns::Column::Revision)
            .column(report_returns::Column::ReturnedAt)
            .filter(report_returns::Column::ReportId.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        for (id, report_id, revision, at) in found {
            let later = returned_at
                .get(&report_id)
                .is_none_or(|(_, seen, _)| revision > *seen);
            if later {
                returned_at.insert(report_id, (id, revision, at));
            }
        }
    }
    for r in rows.iter_mut() {
        if let Some(at) = revision_at.get(&(r.report_id, r.revision)) {
            r.revision_submitted_at = Some(*at);
        }
        r.returned = returned_at.get(&r.report_id).map(|(id, _, at)| (*id, *at));
    }
    Ok(())
}

/// The state of each report of `period_ids`, by (workstream id, period id): the mail
/// worker asks the domain whether a reminder about one still has a point
/// (`MessageKind::still_wanted`). One query.
pub async fn report_states(
    db: &impl Conn,
    period_ids: &[i64],
) -> StoreResult<HashMap<(i64, i64), ReportState>> {
    if period_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, i64, i64, String)> = highlight_reports::Entity::find()
        .select_only()
        .column(highlight_reports::Column::Id)
        .column(highlight_reports::Column::WorkstreamId)
        .column(highlight_reports::Column::PeriodId)
        .column(highlight_reports::Column::State)
        .filter(highlight_reports::Column::PeriodId.is_in(period_ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(id, w, p, state)| Ok(((w, p), report_state(id, &state)?)))
        .collect()
}

/// A report's stored state, or a damaged row naming it.
fn report_state(id: i64, text: &str) -> StoreResult<ReportState> {
    text.parse::<ReportState>()
        .map_err(|e| StoreError::damaged("highlight_reports", "state", id, text, e))
}
