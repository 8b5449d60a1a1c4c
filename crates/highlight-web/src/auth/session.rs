//! Sessions: a random secret in an HttpOnly cookie, its hash in the `sessions` table.
//!
//! Kept in the database so a session survives a restart and works on every instance
//! behind a load balancer. Sessions last [`LIFETIME`] from sign-in; signing out deletes
//! the row, so a copied cookie stops working at once.

use axum_extra::extract::cookie::{Cookie, SameSite};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use super::secret;
use crate::store::entities::{sessions, users};

pub const COOKIE: &str = "highlight_session";
/// How long a sign-in lasts.
pub const LIFETIME: Duration = Duration::days(7);

/// Starts a session for `user_id`; returns the secret for the cookie.
pub async fn start(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
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
) -> Result<Option<users::Model>, DbErr> {
    let Some(session) = sessions::Entity::find_by_id(secret::hash(secret))
        .filter(sessions::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let user = users::Entity::find_by_id(session.user_id).one(db).await?;
    Ok(user.filter(|u| u.disabled_at.is_none()))
}

/// Ends the session with this secret (signing out).
pub async fn end(db: &impl ConnectionTrait, secret: &str) -> Result<(), DbErr> {
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
) -> Result<(), DbErr> {
    let mut delete = sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        delete = delete.filter(sessions::Column::Id.ne(secret::hash(keep)));
    }
    delete.exec(db).await?;
    Ok(())
}

/// The session cookie: HttpOnly, SameSite=Lax, Secure when served over HTTPS.
pub fn cookie(secret: String, secure: bool) -> Cookie<'static> {
    Cookie::build((COOKIE, secret))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time_duration(LIFETIME))
        .build()
}

/// A cookie that removes the session cookie from the browser.
pub fn removal(secure: bool) -> Cookie<'static> {
    let mut c = cookie(String::new(), secure);
    c.make_removal();
    c
}

fn time_duration(d: Duration) -> cookie::time::Duration {
    cookie::time::Duration::seconds(d.num_seconds())
}
