//! Sessions: the hash of a random secret in the `sessions` table.
//!
//! Kept in the database so a session survives a restart and works on every instance
//! behind a load balancer. Signing out deletes the row, so a copied cookie stops working
//! at once. The cookie itself is the web crate's business.

use crate::StoreResult;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entities::{sessions, users};
use crate::secret;

/// A session as stored: whose it is and the times the domain's `SessionPolicy` judges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

/// Starts a session for `user_id` that ends at `expires_at` at the latest; returns the
/// secret for the cookie.
pub async fn start(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> StoreResult<String> {
    let secret = secret::new_secret();
    sessions::ActiveModel {
        id: Set(secret::hash(&secret)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(expires_at),
    }
    .insert(db)
    .await?;
    // The sign-in before this one becomes "when you last signed in" ("your work" shows
    // what is new since then).
    users::Entity::update_many()
        .col_expr(
            users::Column::PreviousSignInAt,
            Expr::col(users::Column::LastSignInAt),
        )
        .col_expr(users::Column::LastSignInAt, Expr::value(Some(now)))
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    // Expired sessions are of no use to anyone: clear them out as we go.
    sessions::Entity::delete_many()
        .filter(sessions::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?;
    Ok(secret)
}

/// The session with this secret, if there is one.
pub async fn find(db: &impl ConnectionTrait, secret: &str) -> StoreResult<Option<SessionRecord>> {
    Ok(sessions::Entity::find_by_id(secret::hash(secret))
        .one(db)
        .await?
        .map(|s| SessionRecord {
            user_id: s.user_id,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
        }))
}

/// Records activity on the session with this secret.
pub async fn touch(db: &impl ConnectionTrait, secret: &str, now: DateTime<Utc>) -> StoreResult<()> {
    sessions::Entity::update_many()
        .col_expr(sessions::Column::LastSeenAt, Expr::value(now))
        .filter(sessions::Column::Id.eq(secret::hash(secret)))
        .exec(db)
        .await?;
    Ok(())
}

/// The enabled user behind a session.
pub async fn user(
    db: &impl ConnectionTrait,
    user_id: i64,
) -> StoreResult<Option<crate::users::UserRecord>> {
    crate::accounts::find_enabled(db, user_id).await
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
