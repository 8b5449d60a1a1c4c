//! The current (latest) PID version of workstreams, read back into the domain's [`Pid`]
//! so reports can be assessed against the plan and tolerances the board agreed.

use crate::StoreResult;
use std::collections::HashMap;

use highlight_domain::{Approval, Deliverable, Money, Pid, Stage, StageNumber};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::json::from_json;
use super::workstreams::PidExtras;
use crate::entities::{pid_deliverables, pid_stages, pids};

/// The latest PID of each workstream given that has one: three queries.
pub async fn load(
    db: &impl ConnectionTrait,
    workstream_ids: &[i64],
) -> StoreResult<HashMap<i64, Pid>> {
    let mut latest: HashMap<i64, pids::Model> = HashMap::new();
    for row in pids::Entity::find()
        .filter(pids::Column::WorkstreamId.is_in(workstream_ids.iter().copied()))
        .all(db)
        .await?
    {
        match latest.get(&row.workstream_id) {
            Some(existing) if existing.version >= row.version => {}
            _ => {
                latest.insert(row.workstream_id, row);
            }
        }
    }
    let pid_ids: Vec<i64> = latest.values().map(|p| p.id).collect();
    let mut deliverables: HashMap<i64, Vec<pid_deliverables::Model>> = HashMap::new();
    for d in pid_deliverables::Entity::find()
        .filter(pid_deliverables::Column::PidId.is_in(pid_ids.iter().copied()))
        .order_by_asc(pid_deliverables::Column::Position)
        .all(db)
        .await?
    {
        deliverables.entry(d.pid_id).or_default().push(d);
    }
    let mut stages: HashMap<i64, Vec<pid_stages::Model>> = HashMap::new();
    for s in pid_stages::Entity::find()
        .filter(pid_stages::Column::PidId.is_in(pid_ids.iter().copied()))
        .order_by_asc(pid_stages::Column::Number)
        .all(db)
        .await?
    {
        stages.entry(s.pid_id).or_default().push(s);
    }
    let mut out = HashMap::new();
    for (workstream_id, row) in latest {
        let extras: PidExtras = from_json(&row.tolerances, "pids.tolerances")?;
        let pid = Pid {
            version: u32::try_from(row.version).unwrap_or(1),
            summary: Some(row.key_proposals.clone()).filter(|s| !s.trim().is_empty()),
            deliverables: deliverables
                .remove(&row.id)
                .unwrap_or_default()
                .into_iter()
                .map(|d| Deliverable {
                    name: d.name,
                    target_date: d.target_date,
                    target_label: d.target_label,
                    done_on: d.done_on,
                })
                .collect(),
            stages: stages
                .remove(&row.id)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|s| {
                    Some(Stage {
                        number: StageNumber::new(u32::try_from(s.number).ok()?).ok()?,
                        name: s.name,
                        starts_on: s.starts_on?,
                        ends_on: s.ends_on?,
                    })
                })
                .collect(),
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
        };
        out.insert(workstream_id, pid);
    }
    Ok(out)
}

/// A workstream with no PID yet is judged against an empty plan: no baseline, no
/// tolerances, so only the lead's statements count.
pub fn empty() -> Pid {
    Pid {
        version: 0,
        summary: None,
        deliverables: Vec::new(),
        stages: Vec::new(),
        baseline_budget: None,
        tolerances: highlight_domain::Tolerances::default(),
        planned_end: None,
        approval: None,
        rebaseline_reason: None,
    }
}
