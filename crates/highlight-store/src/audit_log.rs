//! Reading the audit log, newest first, a page at a time.

use crate::StoreResult;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entities::audit_log;
use chrono::{DateTime, Utc};
use highlight_domain::{ProgrammeId, UserId};

/// One entry of the audit log as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntryRecord {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub actor_name: String,
    pub programme_id: Option<ProgrammeId>,
    /// A code such as `programme.updated`.
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    /// The record before and after the change, as JSON text.
    pub before: Option<String>,
    pub after: Option<String>,
}

impl From<audit_log::Model> for AuditEntryRecord {
    fn from(e: audit_log::Model) -> Self {
        Self {
            id: e.id,
            at: e.at,
            actor_id: e.actor_id.map(UserId),
            actor_name: e.actor_name,
            programme_id: e.programme_id.map(ProgrammeId),
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            before: e.before,
            after: e.after,
        }
    }
}

fn of(programme_id: Option<i64>) -> sea_orm::sea_query::SimpleExpr {
    match programme_id {
        Some(id) => audit_log::Column::ProgrammeId.eq(id),
        None => audit_log::Column::ProgrammeId.is_null(),
    }
}

/// How many entries the log of a programme (`Some(id)`) or of changes outside any
/// programme (`None`: accounts) holds.
pub async fn count(db: &impl ConnectionTrait, programme_id: Option<i64>) -> StoreResult<u64> {
    Ok(audit_log::Entity::find()
        .filter(of(programme_id))
        .count(db)
        .await?)
}

/// At most `limit` entries of that log, newest first, after skipping `offset` of them.
pub async fn entries(
    db: &impl ConnectionTrait,
    programme_id: Option<i64>,
    offset: u64,
    limit: u64,
) -> StoreResult<Vec<AuditEntryRecord>> {
    Ok(audit_log::Entity::find()
        .filter(of(programme_id))
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(AuditEntryRecord::from)
        .collect())
}

/// The latest entry about one record (`entity`, `entity_id`), if any: who last changed it.
pub async fn latest_about(
    db: &impl ConnectionTrait,
    entity: &str,
    entity_id: &str,
) -> StoreResult<Option<AuditEntryRecord>> {
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq(entity))
        .filter(audit_log::Column::EntityId.eq(entity_id))
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id)
        .one(db)
        .await?
        .map(AuditEntryRecord::from))
}
