//! Single-use sign-in links: the link in a reminder lets a lead open the report form
//! without remembering a password.
//!
//! The raw token exists only in the e-mail: the table keeps its SHA-256 hash, so a
//! copy of the database signs nobody in. [`consume`] is one conditional `UPDATE`, so
//! two clicks racing each other (or two app instances) sign in at most once.

use crate::StoreResult;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, sea_query::Expr,
};

use crate::entities::{login_links, users};
use crate::secret;
use highlight_domain::UserId;
use highlight_domain::account::link_usable;

/// What a link is for; the route that consumes it checks it.
pub const SIGN_IN: &str = "sign_in";
/// A link to choose a new password (it expires sooner than a sign-in link).
pub const PASSWORD_RESET: &str = "password_reset";

/// A link in an invitation: the new person chooses their first password.
pub const INVITATION: &str = "invitation";

/// How long a password-reset link works.
pub const PASSWORD_RESET_TTL: Duration = Duration::hours(1);

/// Issues a link for `user_id` that works once, until `now + ttl`, and then sends the
/// person to `redirect_to`. Returns the raw token (store it nowhere).
pub async fn issue(
    db: &impl ConnectionTrait,
    user_id: i64,
    purpose: &str,
    redirect_to: &str,
    ttl: Duration,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    let token = secret::new_secret();
    login_links::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(secret::hash(&token)),
        purpose: Set(purpose.to_owned()),
        redirect_to: Set(redirect_to.to_owned()),
        expires_at: Set(now + ttl),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// A link as stored, less its token's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginLinkRecord {
    pub id: i64,
    pub user_id: UserId,
    /// [`SIGN_IN`], [`PASSWORD_RESET`] or [`INVITATION`].
    pub purpose: String,
    pub redirect_to: String,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<login_links::Model> for LoginLinkRecord {
    fn from(l: login_links::Model) -> Self {
        Self {
            id: l.id,
            user_id: UserId(l.user_id),
            purpose: l.purpose,
            redirect_to: l.redirect_to,
            expires_at: l.expires_at,
            used_at: l.used_at,
            created_at: l.created_at,
        }
    }
}

/// A link that was valid and is now used up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsumedLink {
    pub user_id: i64,
    pub purpose: String,
    pub redirect_to: String,
}

/// Uses up the link with `raw_token` if it is unused and unexpired at `now`; `None`
/// for an unknown, used or expired token (the caller shows one message for all three).
pub async fn consume(
    db: &impl ConnectionTrait,
    raw_token: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<ConsumedLink>> {
    let hash = secret::hash(raw_token.trim());
    let result = login_links::Entity::update_many()
        .col_expr(login_links::Column::UsedAt, Expr::value(now))
        .filter(login_links::Column::TokenHash.eq(hash.as_str()))
        .filter(login_links::Column::UsedAt.is_null())
        .filter(login_links::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Ok(None);
    }
    let link = login_links::Entity::find()
        .filter(login_links::Column::TokenHash.eq(hash.as_str()))
        .one(db)
        .await?;
    Ok(link.map(|l| ConsumedLink {
        user_id: l.user_id,
        purpose: l.purpose,
        redirect_to: l.redirect_to,
    }))
}

/// The usable link with `raw_token` (unused, unexpired, its account enabled: the rule
/// is [`link_usable`]), without using it up (to show its page).
pub async fn find_valid(
    db: &impl ConnectionTrait,
    raw_token: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<LoginLinkRecord>> {
    let Some(link) = login_links::Entity::find()
        .filter(login_links::Column::TokenHash.eq(secret::hash(raw_token.trim())))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let enabled = users::Entity::find_by_id(link.user_id)
        .one(db)
        .await?
        .is_some_and(|u| u.disabled_at.is_none());
    Ok(link_usable(link.used_at, link.expires_at, enabled, now).then(|| link.into()))
}

/// Uses up every unused link of `user_id` (after a password change or reset, or when
/// the account is disabled): a link issued before no longer works. Returns how many.
pub async fn end_all_for(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    Ok(login_links::Entity::update_many()
        .col_expr(login_links::Column::UsedAt, Expr::value(now))
        .filter(login_links::Column::UserId.eq(user_id))
        .filter(login_links::Column::UsedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}
