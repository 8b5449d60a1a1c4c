//! Workstreams, their PIDs (versioned), and interdependencies between them.

use crate::StoreResult;
use chrono::{DateTime, Utc};
use highlight_domain::{
    InterdependencyKind, Pid, ProgrammeId, Slug, StageNumber, UserId, WorkstreamId, WorkstreamLife,
    WorkstreamStatus,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Unchanged, ColumnTrait, ConnectionTrait, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

use super::json::to_json;
use crate::StoreError;
use crate::entities::{interdependencies, pid_deliverables, pid_stages, pids, workstreams};

/// A workstream as stored, its columns read into domain types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkstreamRecord {
    pub id: WorkstreamId,
    pub programme_id: ProgrammeId,
    pub slug: String,
    pub name: String,
    pub lead_id: Option<UserId>,
    pub deputy_id: Option<UserId>,
    pub lead_organisation: String,
    pub stage: StageNumber,
    pub status: WorkstreamStatus,
    /// Its place in the programme's display order.
    pub position: i32,
    /// When the workstream reports: from the day it started until the day it closed.
    pub life: WorkstreamLife,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<workstreams::Model> for WorkstreamRecord {
    type Error = StoreError;

    /// Reads a row; a status or stage Highlight does not write is damage.
    fn try_from(w: workstreams::Model) -> StoreResult<Self> {
        let status = w
            .status
            .parse()
            .map_err(|e| StoreError::damaged("workstreams", "status", w.id, w.status.clone(), e))?;
        let stage = u32::try_from(w.stage)
            .map_err(|e| e.to_string())
            .and_then(|n| StageNumber::new(n).map_err(|e| e.to_string()))
            .map_err(|e| {
                StoreError::damaged("workstreams", "stage", w.id, w.stage.to_string(), e)
            })?;
        Ok(Self {
            id: WorkstreamId(w.id),
            programme_id: ProgrammeId(w.programme_id),
            slug: w.slug,
            name: w.name,
            lead_id: w.lead_id.map(UserId),
            deputy_id: w.deputy_id.map(UserId),
            lead_organisation: w.lead_organisation,
            stage,
            status,
            position: w.position,
            life: WorkstreamLife {
                started_on: w.started_on,
                closed_on: w.closed_on,
            },
            created_at: w.created_at,
            updated_at: w.updated_at,
        })
    }
}

/// Reads rows into records; the first damaged one is the error.
pub(crate) fn records(rows: Vec<workstreams::Model>) -> StoreResult<Vec<WorkstreamRecord>> {
    rows.into_iter().map(WorkstreamRecord::try_from).collect()
}

/// The programme's workstreams in their display order (position, then name).
pub async fn of_programme(
    db: &impl ConnectionTrait,
    programme_id: i64,
) -> StoreResult<Vec<WorkstreamRecord>> {
    records(
        workstreams::Entity::find()
            .filter(workstreams::Column::ProgrammeId.eq(programme_id))
            .order_by_asc(workstreams::Column::Position)
            .order_by_asc(workstreams::Column::Name)
            .all(db)
            .await?,
    )
}

/// The position after the programme's last workstream (1 for the first).
pub async fn next_position(db: &impl ConnectionTrait, programme_id: i64) -> StoreResult<i32> {
    Ok(of_programme(db, programme_id)
        .await?
        .iter()
        .map(|w| w.position + 1)
        .max()
        .unwrap_or(1))
}

/// A workstream's fields as changed on its set-up page.
#[derive(Debug, Clone)]
pub struct WorkstreamChanges {
    pub slug: Slug,
    pub name: String,
    pub lead_id: Option<i64>,
    pub deputy_id: Option<i64>,
    pub lead_organisation: String,
    pub stage: StageNumber,
    pub status: WorkstreamStatus,
    pub life: WorkstreamLife,
}

/// Stores `old`'s changes; returns the row as saved.
pub async fn update(
    db: &impl ConnectionTrait,
    old: &WorkstreamRecord,
    c: &WorkstreamChanges,
    now: DateTime<Utc>,
) -> StoreResult<WorkstreamRecord> {
    let mut active = workstreams::ActiveModel {
        id: Unchanged(old.id.0),
        ..Default::default()
    };
    active.name = Set(c.name.clone());
    active.slug = Set(c.slug.as_str().to_owned());
    active.lead_id = Set(c.lead_id);
    active.deputy_id = Set(c.deputy_id);
    active.lead_organisation = Set(c.lead_organisation.clone());
    active.stage = Set(stage_column(c.stage));
    active.status = Set(c.status.as_str().to_owned());
    active.started_on = Set(c.life.started_on);
    active.closed_on = Set(c.life.closed_on);
    active.updated_at = Set(now);
    active.update(db).await?.try_into()
}

/// Adds several workstreams with one insert and reads them back with one query.
pub async fn create_many(
    db: &impl ConnectionTrait,
    list: &[NewWorkstream],
    now: DateTime<Utc>,
) -> StoreResult<Vec<WorkstreamRecord>> {
    let Some(first) = list.first() else {
        return Ok(Vec::new());
    };
    let programme_id = first.programme_id;
    workstreams::Entity::insert_many(list.iter().map(|w| active_new(w, now)))
        .exec(db)
        .await?;
    let slugs: Vec<String> = list.iter().map(|w| w.slug.as_str().to_owned()).collect();
    records(
        workstreams::Entity::find()
            .filter(workstreams::Column::ProgrammeId.eq(programme_id))
            .filter(workstreams::Column::Slug.is_in(slugs))
            .all(db)
            .await?,
    )
}

fn stage_column(stage: StageNumber) -> i32 {
    i32::try_from(stage.get()).unwrap_or(1)
}

fn active_new(w: &NewWorkstream, now: DateTime<Utc>) -> workstreams::ActiveModel {
    workstreams::ActiveModel {
        programme_id: Set(w.programme_id),
        slug: Set(w.slug.as_str().to_owned()),
        name: Set(w.name.clone()),
        lead_id: Set(w.lead_id),
        deputy_id: Set(w.deputy_id),
        lead_organisation: Set(w.lead_organisation.clone()),
        stage: Set(stage_column(w.stage)),
        status: Set(w.status.as_str().to_owned()),
        position: Set(w.position),
        started_on: Set(w.life.started_on),
        closed_on: Set(w.life.closed_on),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

#[derive(Debug, Clone)]
pub struct NewWorkstream {
    pub programme_id: i64,
    pub slug: Slug,
    pub name: String,
    pub lead_id: Option<i64>,
    pub deputy_id: Option<i64>,
    pub lead_organisation: String,
    pub stage: StageNumber,
    pub status: WorkstreamStatus,
    pub position: i32,
    /// When it starts (by default the day it is added, in the programme's time zone).
    pub life: WorkstreamLife,
}

pub async fn create(
    db: &impl ConnectionTrait,
    w: &NewWorkstream,
    now: DateTime<Utc>,
) -> StoreResult<WorkstreamRecord> {
    active_new(w, now).insert(db).await?.try_into()
}

/// Stores a PID as version `pid.version` of the workstream, with its deliverables and
/// stages. Versions are never edited: re-baselining stores the next version.
pub async fn add_pid_version(
    db: &impl ConnectionTrait,
    workstream_id: i64,
    pid: &Pid,
    created_by: Option<i64>,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let row = pids::ActiveModel {
        workstream_id: Set(workstream_id),
        version: Set(i32::try_from(pid.version).unwrap_or(i32::MAX)),
        key_proposals: Set(pid.summary.clone().unwrap_or_default()),
        baseline_budget_pence: Set(pid.baseline_budget.map(|m| m.pence())),
        tolerances: Set(to_json(&PidExtras::of(pid), "pids.tolerances")?),
        agreed_by: Set(pid.approval.as_ref().map(|a| a.agreed_by.clone())),
        agreed_on: Set(pid.approval.as_ref().map(|a| a.agreed_on)),
        rebaseline_reason: Set(pid.rebaseline_reason.clone()),
        created_by_id: Set(created_by),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if !pid.deliverables.is_empty() {
        pid_deliverables::Entity::insert_many(pid.deliverables.iter().enumerate().map(|(i, d)| {
            pid_deliverables::ActiveModel {
                pid_id: Set(row.id),
                position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
                name: Set(d.name.clone()),
                target_date: Set(d.target_date),
                target_label: Set(d.target_label.clone()),
                done_on: Set(d.done_on),
                ..Default::default()
            }
        }))
        .exec(db)
        .await?;
    }
    if !pid.stages.is_empty() {
        pid_stages::Entity::insert_many(pid.stages.iter().map(|s| pid_stages::ActiveModel {
            pid_id: Set(row.id),
            number: Set(i32::try_from(s.number.get()).unwrap_or(1)),
            name: Set(s.name.clone()),
            starts_on: Set(Some(s.starts_on)),
            ends_on: Set(Some(s.ends_on)),
            ..Default::default()
        }))
        .exec(db)
        .await?;
    }
    Ok(row.id)
}

/// The parts of a PID kept as one JSON document: its tolerances and planned end.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PidExtras {
    pub tolerances: highlight_domain::Tolerances,
    pub planned_end: Option<chrono::NaiveDate>,
}

impl PidExtras {
    fn of(pid: &Pid) -> Self {
        Self {
            tolerances: pid.tolerances.clone(),
            planned_end: pid.planned_end,
        }
    }
}

pub async fn add_interdependency(
    db: &impl ConnectionTrait,
    programme_id: i64,
    from: i64,
    to: i64,
    kind: InterdependencyKind,
    note: &str,
) -> StoreResult<i64> {
    Ok(interdependencies::ActiveModel {
        programme_id: Set(programme_id),
        from_workstream_id: Set(from),
        to_workstream_id: Set(to),
        kind: Set(kind.as_str().to_owned()),
        note: Set(note.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}
