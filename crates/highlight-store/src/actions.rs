//! Board actions and decisions recorded at meetings: the reading the pack needs.

use crate::StoreResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::board_actions;

/// The open actions of a programme (decisions are not actions), soonest due first.
pub async fn open_of_programme(
    db: &impl ConnectionTrait,
    programme_id: i64,
) -> StoreResult<Vec<board_actions::Model>> {
    Ok(board_actions::Entity::find()
        .filter(board_actions::Column::ProgrammeId.eq(programme_id))
        .filter(board_actions::Column::Status.eq("open"))
        .filter(board_actions::Column::Kind.ne("decision"))
        .order_by_asc(board_actions::Column::DueOn)
        .order_by_asc(board_actions::Column::Id)
        .all(db)
        .await?)
}
