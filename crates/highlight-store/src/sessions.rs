//! Sessions: the hash of a random secret in the `sessions` table.
//!
//! Kept in the database so a session survives a restart and works on every instance
//! behind a load balancer. Signing out deletes the row, so a copied cookie stops working
//! at once. The cookie itself is the web crate's business.

use crate::StoreResult;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entities::{sessions, users};
use crate::secret;

/// How long a sign-in lasts.
pub const LIFETIME: Duration = Duration::days(7);

/// Starts a session for `user_id`; returns the secret for the cookie.
pub async fn start(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    let secret = secret::new_secret();
    sessions::ActiveModel {
        id: Set(secret::hash(&secret)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + LIFETIME),
    }
    .insert(db)
    .await?;
    // Expired sessions are of no use to anyone: clear them out as we go.
    sessions::Entity::delete_many()
        .filter(sessions::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?;
    Ok(secret)
}

/// The signed-in, enabled user of a live session.
pub async fn user_of(
    db: &impl ConnectionTrait,
    secret: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<users::Model>> {
    let Some(session) = sessions::Entity::find_by_id(secret::hash(secret))
        .filter(sessions::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    crate::accounts::find_enabled(db, session.user_id).await
}

/// Ends the session with this secret (signing out).
pub async fn end(db: &impl ConnectionTrait, secret: &str) -> StoreResult<()> {
    sessions::Entity::delete_by_id(secret::hash(secret))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of a user (after a password change or reset), except `keep`.
pub async fn end_all_for(
    db: &impl ConnectionTrait,
    user_id: i64,
    keep: Option<&str>,
) -> StoreResult<()> {
    let mut delete = sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        delete = delete.filter(sessions::Column::Id.ne(secret::hash(keep)));
    }
    delete.exec(db).await?;
    Ok(())
}
