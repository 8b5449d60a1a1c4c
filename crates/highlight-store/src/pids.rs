//! Reading a workstream's PID versions back into domain values.
//!
//! A PID is stored as one `pids` row per version with its deliverables and stages in
//! their own tables, and its tolerances and planned end as JSON ([`PidExtras`]).
//! Loading every version of a workstream is four queries, whatever the number of
//! versions.

use crate::StoreResult;
use std::collections::HashMap;

use highlight_domain::{Approval, Deliverable, Money, Pid, Stage, StageNumber};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::json::from_json;
use super::workstreams::PidExtras;
use crate::entities::{pid_deliverables, pid_stages, pids, users};

/// One stored version: the PID it holds, when and by whom it was stored.
#[derive(Debug, Clone)]
pub struct StoredPid {
    pub id: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub pid: Pid,
    pub created_by: Option<String>,
}

/// Every version of the workstream's PID, newest first.
pub async fn versions(
    db: &impl ConnectionTrait,
    workstream_id: i64,
) -> StoreResult<Vec<StoredPid>> {
    let rows = pids::Entity::find()
        .filter(pids::Column::WorkstreamId.eq(workstream_id))
        .order_by_desc(pids::Column::Version)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut deliverables: HashMap<i64, Vec<pid_deliverables::Model>> = HashMap::new();
    for d in pid_deliverables::Entity::find()
        .filter(pid_deliverables::Column::PidId.is_in(ids.clone()))
        .order_by_asc(pid_deliverables::Column::Position)
        .all(db)
        .await?
    {
        deliverables.entry(d.pid_id).or_default().push(d);
    }
    let mut stages: HashMap<i64, Vec<pid_stages::Model>> = HashMap::new();
    for s in pid_stages::Entity::find()
        .filter(pid_stages::Column::PidId.is_in(ids))
        .order_by_asc(pid_stages::Column::Number)
        .all(db)
        .await?
    {
        stages.entry(s.pid_id).or_default().push(s);
    }
    let creator_ids: Vec<i64> = rows.iter().filter_map(|r| r.created_by_id).collect();
    let creators: HashMap<i64, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(creator_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    rows.into_iter()
        .map(|row| {
            let pid = to_domain(
                &row,
                deliverables.remove(&row.id).unwrap_or_default(),
                stages.remove(&row.id).unwrap_or_default(),
            )?;
            let created_by = row.created_by_id.and_then(|id| creators.get(&id).cloned());
            Ok(StoredPid {
                id: row.id,
                created_at: row.created_at,
                pid,
                created_by,
            })
        })
        .collect()
}

fn to_domain(
    row: &pids::Model,
    deliverables: Vec<pid_deliverables::Model>,
    stages: Vec<pid_stages::Model>,
) -> StoreResult<Pid> {
    let extras: PidExtras = from_json(&row.tolerances, "pids.tolerances")?;
    let stages = stages
        .into_iter()
        .filter_map(|s| {
            let number = StageNumber::new(u32::try_from(s.number).ok()?).ok()?;
            Some(Stage {
                number,
                name: s.name,
                starts_on: s.starts_on?,
                ends_on: s.ends_on?,
            })
        })
        .collect();
    Ok(Pid {
        version: u32::try_from(row.version).unwrap_or(1),
        summary: Some(row.key_proposals.clone()).filter(|s| !s.trim().is_empty()),
        deliverables: deliverables
            .into_iter()
            .map(|d| Deliverable {
                name: d.name,
                target_date: d.target_date,
                target_label: d.target_label,
                done_on: d.done_on,
            })
            .collect(),
        stages,
        baseline_budget: row.baseline_budget_pence.map(Money::from_pence),
        tolerances: extras.tolerances,
        planned_end: extras.planned_end,
        approval: match (&row.agreed_by, row.agreed_on) {
            (Some(by), Some(on)) => Some(Approval {
                agreed_by: by.clone(),
                agreed_on: on,
            }),
            _ => None,
        },
        rebaseline_reason: row.rebaseline_reason.clone(),
    })
}
