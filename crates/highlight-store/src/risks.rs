//! Risk registers (per workstream, or programme-level).

use crate::StoreResult;
use chrono::{DateTime, Utc};
use highlight_domain::Risk;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use crate::entities::risks;

pub async fn create(
    db: &impl ConnectionTrait,
    programme_id: i64,
    workstream_id: Option<i64>,
    risk: &Risk,
    now: DateTime<Utc>,
) -> StoreResult<risks::Model> {
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
    .await?)
}
