//! A workstream's PID (Project Initiation Document), mirrored from the domain's
//! `Pid`, its stored versions, and the fields a new version is stored from.

use chrono::{DateTime, NaiveDate, Utc};
use highlight_domain as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Money, Percent};

/// One version of a workstream's PID: the plan the board agreed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Pid {
    /// 1 for the first baseline, then one more per re-baseline.
    pub version: u32,
    /// Summary of key proposals.
    pub summary: Option<String>,
    pub deliverables: Vec<Deliverable>,
    pub stages: Vec<Stage>,
    /// The baseline budget in pence; none when no budget is held.
    pub baseline_budget: Option<Money>,
    pub tolerances: Tolerances,
    /// The planned end as set, when not simply the end of the last stage.
    pub planned_end: Option<NaiveDate>,
    /// Who agreed it and when; none while still a draft PID.
    pub approval: Option<Approval>,
    /// Why this version replaced the one before.
    pub rebaseline_reason: Option<String>,
}

/// Something the workstream will deliver, with its target.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Deliverable {
    pub name: String,
    /// The target date (for a month target, the month's last day).
    pub target_date: Option<NaiveDate>,
    /// The target as written ("Nov 08"), when it was not a plain date.
    pub target_label: Option<String>,
    pub done_on: Option<NaiveDate>,
}

/// A stage of the plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Stage {
    pub number: u32,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// The tolerances the board set; none where it set none.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Tolerances {
    /// Days either side of the planned end.
    pub time_days: Option<u32>,
    pub cost: Option<CostTolerance>,
    pub quality: Option<String>,
    pub scope: Option<String>,
    pub risk: Option<String>,
    pub benefit: Option<String>,
}

/// The cost tolerance: an amount (pence), or a share of the baseline budget.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CostTolerance {
    Amount { amount: Money },
    PercentOfBaseline { percent: Percent },
}

/// Who agreed the PID and when.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Approval {
    /// The person or group.
    pub agreed_by: String,
    pub agreed_on: NaiveDate,
}

impl From<&domain::Pid> for Pid {
    fn from(p: &domain::Pid) -> Self {
        let t = &p.tolerances;
        Pid {
            version: p.version,
            summary: p.summary.clone(),
            deliverables: p
                .deliverables
                .iter()
                .map(|d| Deliverable {
                    name: d.name.clone(),
                    target_date: d.target_date,
                    target_label: d.target_label.clone(),
                    done_on: d.done_on,
                })
                .collect(),
            stages: p
                .stages
                .iter()
                .map(|s| Stage {
                    number: s.number.get(),
                    name: s.name.clone(),
                    starts_on: s.starts_on,
                    ends_on: s.ends_on,
                })
                .collect(),
            baseline_budget: p.baseline_budget.map(Money::from),
            tolerances: Tolerances {
                time_days: t.time_days,
                cost: t.cost.map(|c| match c {
                    domain::CostTolerance::Amount(m) => CostTolerance::Amount { amount: m.into() },
                    domain::CostTolerance::PercentOfBaseline(p) => {
                        CostTolerance::PercentOfBaseline { percent: p.into() }
                    }
                }),
                quality: t.quality.clone(),
                scope: t.scope.clone(),
                risk: t.risk.clone(),
                benefit: t.benefit.clone(),
            },
            planned_end: p.planned_end,
            approval: p.approval.as_ref().map(|a| Approval {
                agreed_by: a.agreed_by.clone(),
                agreed_on: a.agreed_on,
            }),
            rebaseline_reason: p.rebaseline_reason.clone(),
        }
    }
}

/// Who stored a version, when and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PidVersion {
    pub version: u32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<String>,
    pub rebaseline_reason: Option<String>,
}

impl From<&highlight_store::pids::StoredPid> for PidVersion {
    fn from(v: &highlight_store::pids::StoredPid) -> Self {
        PidVersion {
            version: v.pid.version,
            created_at: v.created_at,
            created_by: v.created_by.clone(),
            rebaseline_reason: v.pid.rebaseline_reason.clone(),
        }
    }
}

/// The current PID and every version.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PidHistory {
    /// The current version; none before the first is stored.
    pub current: Option<Pid>,
    /// Newest first.
    pub versions: Vec<PidVersion>,
}

/// One version with what it changed from the one before.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PidVersionDetail {
    pub pid: Pid,
    pub stored: PidVersion,
    /// True for the current version.
    pub current: bool,
    pub previous_version: Option<u32>,
    /// One sentence per change from the previous version.
    pub changes: Vec<String>,
}

// ---------------------------------------------------------------------------
// The request body.

/// A deliverable as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct DeliverableInput {
    pub name: String,
    /// "2026-11-30", or a month such as "Nov 08" or "July 2011".
    pub target: String,
    /// YYYY-MM-DD, if done.
    pub done_on: String,
}

/// A stage as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct StageInput {
    /// "1", "2"…
    pub number: String,
    pub name: String,
    /// YYYY-MM-DD.
    pub starts_on: String,
    /// YYYY-MM-DD.
    pub ends_on: String,
}

/// Tolerances as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct TolerancesInput {
    /// "56", "56 days" or "8 weeks"; blank for none.
    pub time: String,
    /// "£10,000" or "10%"; blank for none.
    pub cost: String,
    pub quality: String,
    pub scope: String,
    pub risk: String,
    pub benefit: String,
}

/// The next version of a PID, as typed into the form (every field text; a problem is
/// a 422 naming the field, like `stages[1].ends_on`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct PidInput {
    /// Summary of key proposals.
    pub summary: String,
    pub deliverables: Vec<DeliverableInput>,
    pub stages: Vec<StageInput>,
    /// "£25,000"; blank or "N/A" for no budget held.
    pub baseline_budget: String,
    pub tolerances: TolerancesInput,
    /// YYYY-MM-DD, if not the end of the last stage.
    pub planned_end: String,
    /// Who agreed it ("Directors group").
    pub agreed_by: String,
    /// YYYY-MM-DD.
    pub agreed_on: String,
    /// Why the PID is re-baselined: required from version 2.
    pub rebaseline_reason: String,
}

impl From<PidInput> for highlight_app::pid::PidInput {
    fn from(i: PidInput) -> Self {
        highlight_app::pid::PidInput {
            draft: domain::PidDraft {
                summary: i.summary,
                deliverables: i
                    .deliverables
                    .into_iter()
                    .map(|d| domain::DeliverableDraft {
                        name: d.name,
                        target: d.target,
                        done_on: d.done_on,
                    })
                    .collect(),
                stages: i
                    .stages
                    .into_iter()
                    .map(|s| domain::StageDraft {
                        number: s.number,
                        name: s.name,
                        starts_on: s.starts_on,
                        ends_on: s.ends_on,
                    })
                    .collect(),
                baseline_budget: i.baseline_budget,
                tolerances: domain::TolerancesDraft {
                    time: i.tolerances.time,
                    cost: i.tolerances.cost,
                    quality: i.tolerances.quality,
                    scope: i.tolerances.scope,
                    risk: i.tolerances.risk,
                    benefit: i.tolerances.benefit,
                },
                planned_end: i.planned_end,
                agreed_by: i.agreed_by,
                agreed_on: i.agreed_on,
            },
            rebaseline_reason: i.rebaseline_reason,
        }
    }
}
