//! Workstreams, their PIDs (versioned), and interdependencies between them.

use crate::StoreResult;
use chrono::{DateTime, Utc};
use highlight_domain::{InterdependencyKind, Pid, Slug, StageNumber, WorkstreamStatus};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

use super::json::to_json;
use crate::entities::{interdependencies, pid_deliverables, pid_stages, pids, workstreams};

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
}

pub async fn create(
    db: &impl ConnectionTrait,
    w: &NewWorkstream,
    now: DateTime<Utc>,
) -> StoreResult<workstreams::Model> {
    Ok(workstreams::ActiveModel {
        programme_id: Set(w.programme_id),
        slug: Set(w.slug.as_str().to_owned()),
        name: Set(w.name.clone()),
        lead_id: Set(w.lead_id),
        deputy_id: Set(w.deputy_id),
        lead_organisation: Set(w.lead_organisation.clone()),
        stage: Set(i32::try_from(w.stage.get()).unwrap_or(1)),
        status: Set(w.status.as_str().to_owned()),
        position: Set(w.position),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Stores a PID as version `pid.version` of the workstream, with its deliverables and
/// stages. Versions are never edited: re-baselining stores the next version.
pub async fn add_pid_version(
    db: &impl ConnectionTrait,
    workstream_id: i64,
    pid: &Pid,
    created_by: Option<i64>,
    now: DateTime<Utc>,
) -> StoreResult<pids::Model> {
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
    Ok(row)
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
) -> StoreResult<interdependencies::Model> {
    Ok(interdependencies::ActiveModel {
        programme_id: Set(programme_id),
        from_workstream_id: Set(from),
        to_workstream_id: Set(to),
        kind: Set(kind.as_str().to_owned()),
        note: Set(note.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}
