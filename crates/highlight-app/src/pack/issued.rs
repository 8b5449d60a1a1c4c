//! Issuing a pack: the live pack for a meeting, stored as it stands, as a new version.
//!
//! An issued pack is never rebuilt: its stored [`BoardPack`] JSON is what every later
//! rendering reads, so reports corrected after issue do not change it. Re-issuing for
//! the same meeting makes version n + 1; the unique (programme, meeting, version) key
//! turns a race between two issuers into a conflict instead of a lost version.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use serde::Serialize;

use super::model::{self, BoardPack};
use crate::Actor;
use crate::error::{AppError, AppResult};
use crate::format::day_month_year;
use crate::scope::ProgrammeScope;
use highlight_store::audit::{self, Change};
use highlight_store::entities::issued_packs;
use highlight_store::json::from_json;

/// An issued pack without its content, for lists.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedPackSummary {
    pub id: i64,
    pub meeting_on: NaiveDate,
    pub version: i32,
    pub issued_by: String,
    pub issued_at: DateTime<Utc>,
}

impl From<&issued_packs::Model> for IssuedPackSummary {
    fn from(m: &issued_packs::Model) -> Self {
        Self {
            id: m.id,
            meeting_on: m.meeting_on,
            version: m.version,
            issued_by: m.issued_by_name.clone(),
            issued_at: m.issued_at,
        }
    }
}

/// An issued pack with the pack as it was issued.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedPack {
    #[serde(flatten)]
    pub summary: IssuedPackSummary,
    pub pack: BoardPack,
}

/// What the pack's header says about its issue, when it was issued.
#[derive(Debug, Clone)]
pub struct IssueNote {
    pub version: i32,
    pub issued_by: String,
    pub issued_on: String,
}

impl IssuedPack {
    pub fn from_model(m: &issued_packs::Model) -> AppResult<Self> {
        Ok(Self {
            summary: m.into(),
            pack: from_json(&m.content, "issued_packs.content")?,
        })
    }

    /// The line the renderers print about this issue.
    pub fn note(&self, tz: chrono_tz::Tz) -> IssueNote {
        IssueNote {
            version: self.summary.version,
            issued_by: self.summary.issued_by.clone(),
            issued_on: day_month_year(highlight_domain::local_date(self.summary.issued_at, tz)),
        }
    }
}

/// Builds the pack for `meeting_on` and stores it as the next version for that meeting.
pub async fn issue(
    db: &sea_orm::DatabaseConnection,
    scope: &ProgrammeScope,
    actor: Option<&Actor>,
    meeting_on: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<IssuedPack> {
    let txn = db.begin().await?;
    let pack = model::build(&txn, scope, meeting_on, now).await?;
    let latest = issued_packs::Entity::find()
        .filter(issued_packs::Column::ProgrammeId.eq(scope.id()))
        .filter(issued_packs::Column::MeetingOn.eq(meeting_on))
        .order_by_desc(issued_packs::Column::Version)
        .one(&txn)
        .await?;
    let version = latest.map_or(1, |l| l.version + 1);
    let content = serde_json::to_string(&pack)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("serialising the pack: {e}")))?;
    let saved = issued_packs::ActiveModel {
        programme_id: Set(scope.id()),
        meeting_on: Set(meeting_on),
        version: Set(version),
        period_id: Set(pack.period.as_ref().map(|p| p.id)),
        content: Set(content),
        issued_by_id: Set(actor.map(Actor::id)),
        issued_by_name: Set(actor
            .map(|a| a.user.name.clone())
            .unwrap_or_else(|| "Highlight".to_owned())),
        issued_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict(
            "Someone issued a pack for this meeting at the same moment: look at the list of issued packs, then issue again if you still need to.".to_owned(),
        ),
        _ => e.into(),
    })?;
    let summary = IssuedPackSummary::from(&saved);
    audit::record(
        &txn,
        actor.map(Actor::who),
        Change::<(), _> {
            programme_id: Some(scope.id()),
            action: "pack.issued",
            entity: "issued_pack",
            entity_id: saved.id.to_string(),
            before: None,
            after: Some(&summary),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(IssuedPack { summary, pack })
}

/// Every issued pack of a programme, newest meeting first, then newest version first.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &ProgrammeScope,
) -> AppResult<Vec<IssuedPackSummary>> {
    Ok(issued_packs::Entity::find()
        .filter(issued_packs::Column::ProgrammeId.eq(scope.id()))
        .order_by_desc(issued_packs::Column::MeetingOn)
        .order_by_desc(issued_packs::Column::Version)
        .all(db)
        .await?
        .iter()
        .map(IssuedPackSummary::from)
        .collect())
}

/// One issued pack of the programme.
pub async fn find(
    db: &impl ConnectionTrait,
    scope: &ProgrammeScope,
    id: i64,
) -> AppResult<IssuedPack> {
    let m = issued_packs::Entity::find_by_id(id)
        .filter(issued_packs::Column::ProgrammeId.eq(scope.id()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("the issued pack {id}")))?;
    IssuedPack::from_model(&m)
}
