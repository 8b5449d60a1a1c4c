//! Forms kept for their author across a session timeout: one per person and page, read
//! once.

use crate::StoreResult;
use chrono::{DateTime, Utc};
use highlight_domain::UserId;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entities::kept_forms;

/// Keeps `body` for `user` and `page`, replacing what was kept there before, and drops
/// whatever anyone kept before `forget_before`.
pub async fn keep(
    db: &impl ConnectionTrait,
    user: UserId,
    page: &str,
    body: &str,
    now: DateTime<Utc>,
    forget_before: DateTime<Utc>,
) -> StoreResult<()> {
    kept_forms::Entity::delete_many()
        .filter(kept_forms::Column::KeptAt.lt(forget_before))
        .exec(db)
        .await?;
    kept_forms::Entity::delete_many()
        .filter(kept_forms::Column::UserId.eq(user.0))
        .filter(kept_forms::Column::Page.eq(page))
        .exec(db)
        .await?;
    kept_forms::ActiveModel {
        user_id: Set(user.0),
        page: Set(page.to_owned()),
        body: Set(body.to_owned()),
        kept_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// What `user` had kept for `page` since `not_before`, deleting it: a kept form is shown
/// once. `None` when nothing is kept (or someone else took it first).
pub async fn take(
    db: &impl ConnectionTrait,
    user: UserId,
    page: &str,
    not_before: DateTime<Utc>,
) -> StoreResult<Option<String>> {
    let Some(row) = kept_forms::Entity::find()
        .filter(kept_forms::Column::UserId.eq(user.0))
        .filter(kept_forms::Column::Page.eq(page))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let deleted = kept_forms::Entity::delete_by_id(row.id).exec(db).await?;
    Ok((deleted.rows_affected == 1 && row.kept_at >= not_before).then_some(row.body))
}
