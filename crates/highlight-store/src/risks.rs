//! Risk and issue registers (per workstream, or programme-level).

use crate::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use highlight_domain::{Impact, Likelihood, Proximity, Risk, RiskStatus};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entities::{project_issues, risks};

pub async fn create(
    db: &impl ConnectionTrait,
    programme_id: i64,
    workstream_id: Option<i64>,
    risk: &Risk,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    Ok(risks::ActiveModel {
        programme_id: Set(programme_id),
        workstream_id: Set(workstream_id),
        description: Set(risk.description.clone()),
        cause: Set(risk.cause.clone().unwrap_or_default()),
        effect: Set(risk.effect.clone().unwrap_or_default()),
        likelihood: Set(i16::from(risk.likelihood.get())),
        impact: Set(i16::from(risk.impact.get())),
        score: Set(i16::from(risk.score().get())),
        proximity: Set(risk
            .proximity
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default()),
        owner: Set(risk.owner.clone().unwrap_or_default()),
        response: Set(risk.response.clone().unwrap_or_default()),
        status: Set(risk.status.as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

/// An open risk as the board reads it, its scores and proximity read into the
/// domain's types.
#[derive(Debug, Clone)]
pub struct OpenRisk {
    pub id: i64,
    pub workstream_id: Option<i64>,
    pub description: String,
    /// Blank when none was named.
    pub owner: String,
    /// Blank when none was recorded.
    pub response: String,
    pub created_at: DateTime<Utc>,
    pub likelihood: Likelihood,
    pub impact: Impact,
    /// `None` when none was given (stored as an empty string).
    pub proximity: Option<Proximity>,
}

fn open_risk(row: risks::Model) -> StoreResult<OpenRisk> {
    let likelihood = u8::try_from(row.likelihood)
        .map_err(|e| e.to_string())
        .and_then(Likelihood::new)
        .map_err(|e| {
            StoreError::damaged("risks", "likelihood", row.id, row.likelihood.to_string(), e)
        })?;
    let impact = u8::try_from(row.impact)
        .map_err(|e| e.to_string())
        .and_then(Impact::new)
        .map_err(|e| StoreError::damaged("risks", "impact", row.id, row.impact.to_string(), e))?;
    let proximity =
        match row.proximity.trim() {
            "" => None,
            p => Some(p.parse::<Proximity>().map_err(|e| {
                StoreError::damaged("risks", "proximity", row.id, &row.proximity, e)
            })?),
        };
    Ok(OpenRisk {
        id: row.id,
        workstream_id: row.workstream_id,
        description: row.description,
        owner: row.owner,
        response: row.response,
        created_at: row.created_at,
        likelihood,
        impact,
        proximity,
    })
}

/// The open risks of a programme (its own and its workstreams'): one query.
pub async fn open_of_programme(
    db: &impl ConnectionTrait,
    programme_id: i64,
) -> StoreResult<Vec<OpenRisk>> {
    risks::Entity::find()
        .filter(risks::Column::ProgrammeId.eq(programme_id))
        .filter(risks::Column::Status.eq(RiskStatus::Open.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(open_risk)
        .collect()
}

/// The open risks of a workstream, highest score first (then oldest first).
pub async fn open_of_workstream(
    db: &impl ConnectionTrait,
    workstream_id: i64,
) -> StoreResult<Vec<OpenRisk>> {
    let mut rows: Vec<OpenRisk> = risks::Entity::find()
        .filter(risks::Column::WorkstreamId.eq(workstream_id))
        .filter(risks::Column::Status.eq(RiskStatus::Open.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(open_risk)
        .collect::<StoreResult<_>>()?;
    rows.sort_by(|a, b| b.score().get().cmp(&a.score().get()).then(a.id.cmp(&b.id)));
    Ok(rows)
}

impl OpenRisk {
    /// Likelihood × impact, as the domain scores it.
    pub fn score(&self) -> highlight_domain::RiskScore {
        highlight_domain::RiskScore::of(self.likelihood, self.impact)
    }
}

/// An open issue as the report form lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenIssue {
    pub id: i64,
    pub description: String,
    pub priority: String,
    /// Blank when none was named.
    pub owner: String,
}

/// The open issues of a workstream, in the order stored.
pub async fn open_issues_of_workstream(
    db: &impl ConnectionTrait,
    workstream_id: i64,
) -> StoreResult<Vec<OpenIssue>> {
    Ok(project_issues::Entity::find()
        .filter(project_issues::Column::WorkstreamId.eq(workstream_id))
        .filter(project_issues::Column::Status.eq(highlight_domain::IssueStatus::Open.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|i| OpenIssue {
            id: i.id,
            description: i.description,
            priority: i.priority,
            owner: i.owner,
        })
        .collect())
}
