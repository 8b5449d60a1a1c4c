//! Issued board packs: each a frozen copy of the pack for one meeting, numbered by
//! version per meeting. The unique (programme, meeting, version) key turns a race
//! between two issuers into [`StoreError::Conflict`] instead of a lost version.
//!
//! Also what the pack reads that no other page does: the reminders sent for a period.

use crate::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::entities::{issued_packs, outbox};
use highlight_domain::{ProgrammeId, UserId};

/// An issued pack as stored; its content is the app's pack as JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedPackRecord {
    pub id: i64,
    pub programme_id: ProgrammeId,
    pub meeting_on: NaiveDate,
    /// 1 for the first issue for the meeting, then 2, …
    pub version: i32,
    pub period_id: Option<i64>,
    pub content: String,
    pub issued_by_id: Option<UserId>,
    pub issued_by_name: String,
    pub issued_at: DateTime<Utc>,
}

impl From<issued_packs::Model> for IssuedPackRecord {
    fn from(m: issued_packs::Model) -> Self {
        Self {
            id: m.id,
            programme_id: ProgrammeId(m.programme_id),
            meeting_on: m.meeting_on,
            version: m.version,
            period_id: m.period_id,
            content: m.content,
            issued_by_id: m.issued_by_id.map(UserId),
            issued_by_name: m.issued_by_name,
            issued_at: m.issued_at,
        }
    }
}

/// A pack about to be issued.
#[derive(Debug, Clone)]
pub struct NewIssuedPack<'a> {
    pub programme_id: i64,
    pub meeting_on: NaiveDate,
    pub period_id: Option<i64>,
    /// The pack as JSON.
    pub content: &'a str,
    pub issued_by_id: Option<i64>,
    pub issued_by_name: &'a str,
    pub issued_at: DateTime<Utc>,
}

/// The highest version issued for a programme's meeting, if any.
pub async fn latest_version(
    db: &impl ConnectionTrait,
    programme_id: i64,
    meeting_on: NaiveDate,
) -> StoreResult<Option<i32>> {
    Ok(issued_packs::Entity::find()
        .filter(issued_packs::Column::ProgrammeId.eq(programme_id))
        .filter(issued_packs::Column::MeetingOn.eq(meeting_on))
        .order_by_desc(issued_packs::Column::Version)
        .one(db)
        .await?
        .map(|p| p.version))
}

/// Stores `pack` as `version`; [`StoreError::Conflict`] when that version was issued
/// by someone else at the same moment.
pub async fn insert(
    db: &impl ConnectionTrait,
    pack: &NewIssuedPack<'_>,
    version: i32,
) -> StoreResult<IssuedPackRecord> {
    issued_packs::ActiveModel {
        programme_id: Set(pack.programme_id),
        meeting_on: Set(pack.meeting_on),
        version: Set(version),
        period_id: Set(pack.period_id),
        content: Set(pack.content.to_owned()),
        issued_by_id: Set(pack.issued_by_id),
        issued_by_name: Set(pack.issued_by_name.to_owned()),
        issued_at: Set(pack.issued_at),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => StoreError::Conflict(format!(
            "version {version} of the pack for {} was issued at the same moment",
            pack.meeting_on
        )),
        _ => e.into(),
    })
    .map(IssuedPackRecord::from)
}

/// Every issued pack of a programme, newest meeting first, then newest version first.
pub async fn of_programme(
    db: &impl ConnectionTrait,
    programme_id: i64,
) -> StoreResult<Vec<IssuedPackRecord>> {
    Ok(issued_packs::Entity::find()
        .filter(issued_packs::Column::ProgrammeId.eq(programme_id))
        .order_by_desc(issued_packs::Column::MeetingOn)
        .order_by_desc(issued_packs::Column::Version)
        .all(db)
        .await?
        .into_iter()
        .map(IssuedPackRecord::from)
        .collect())
}

/// One issued pack of a programme, if it is that programme's.
pub async fn find(
    db: &impl ConnectionTrait,
    programme_id: i64,
    id: i64,
) -> StoreResult<Option<IssuedPackRecord>> {
    Ok(issued_packs::Entity::find_by_id(id)
        .filter(issued_packs::Column::ProgrammeId.eq(programme_id))
        .one(db)
        .await?
        .map(IssuedPackRecord::from))
}

/// The reminders sent for a period, earliest first (one query).
pub async fn reminders_sent(
    db: &impl ConnectionTrait,
    period_id: i64,
) -> StoreResult<Vec<crate::outbox::OutboxRecord>> {
    crate::outbox::records(
        outbox::Entity::find()
            .filter(outbox::Column::PeriodId.eq(period_id))
            .filter(outbox::Column::Status.eq(highlight_domain::DeliveryStatus::Sent.as_str()))
            .order_by_asc(outbox::Column::SentAt)
            .all(db)
            .await?,
    )
}
