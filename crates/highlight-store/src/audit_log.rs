//! Reading the audit log, newest first, a page at a time.

use crate::StoreResult;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entities::audit_log;

/// One page of the log of a programme (`Some(id)`) or of changes outside any programme
/// (`None`: accounts), with the total number of entries: two queries.
pub async fn page(
    db: &impl ConnectionTrait,
    programme_id: Option<i64>,
    page: u64,
    per_page: u64,
) -> StoreResult<(Vec<audit_log::Model>, u64)> {
    let filter = match programme_id {
        Some(id) => audit_log::Column::ProgrammeId.eq(id),
        None => audit_log::Column::ProgrammeId.is_null(),
    };
    let total = audit_log::Entity::find()
        .filter(filter.clone())
        .count(db)
        .await?;
    let rows = audit_log::Entity::find()
        .filter(filter)
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id)
        .offset(page.saturating_sub(1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok((rows, total))
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
