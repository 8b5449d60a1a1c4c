//! Reading the audit log, newest first, a page at a time.

use crate::StoreResult;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entities::audit_log;

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
) -> StoreResult<Vec<audit_log::Model>> {
    Ok(audit_log::Entity::find()
        .filter(of(programme_id))
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?)
}

/// The latest entry about one record (`entity`, `entity_id`), if any: who last changed it.
pub async fn latest_about(
    db: &impl ConnectionTrait,
    entity: &str,
    entity_id: &str,
) -> StoreResult<Option<audit_log::Model>> {
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq(entity))
        .filter(audit_log::Column::EntityId.eq(entity_id))
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id)
        .one(db)
        .await?)
}
