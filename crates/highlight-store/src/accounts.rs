//! Accounts as sign-in sees them: looking a person up by id, their password hash, the
//! API tokens that stand for them, and what they may do (their roles).
//!
//! Creating people and listing them live in `users` and `people`; this module is what
//! authentication and the account pages need. A disabled account (`disabled_at` set)
//! signs in by no route: every lookup here that authenticates filters it out.

use chrono::{DateTime, Duration, Utc};
use highlight_domain::UserId;
use highlight_domain::access::{Access, Role};
use highlight_domain::account::token_usable;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, Set};

use crate::entities::{api_tokens, programme_roles, users, workstreams};
use crate::users::UserRecord;
use crate::{Conn, StoreResult, secret};

/// An API token's `last_used_at` is refreshed at most this often (not on every call).
pub const TOKEN_TOUCH_INTERVAL: Duration = Duration::minutes(5);

/// The account with `id`, enabled or not.
pub async fn find(db: &impl Conn, id: i64) -> StoreResult<Option<UserRecord>> {
    Ok(users::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(UserRecord::from))
}

/// The enabled account with `id` (`None` when there is none, or it is disabled).
pub async fn find_enabled(db: &impl Conn, id: i64) -> StoreResult<Option<UserRecord>> {
    Ok(find(db, id).await?.filter(|u| u.disabled_at.is_none()))
}

/// Replaces the password hash of account `user_id`.
pub async fn set_password(
    db: &impl Conn,
    user_id: i64,
    password_hash: String,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let result = users::Entity::update_many()
        .col_expr(
            users::Column::PasswordHash,
            Expr::value(Some(password_hash)),
        )
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(crate::StoreError::NotFound(format!(
            "the account {user_id}"
        )));
    }
    // A link issued before the password changed (in a reminder, say) no longer works.
    crate::login_links::end_all_for(db, user_id, now).await?;
    Ok(())
}

/// Disables account `user_id` at `now` (`true`) or enables it again (`false`). A
/// disabled account's sessions, unused links and API tokens end with it: enabling it
/// again restores signing in, not them. Returns the account as it now is.
pub async fn set_disabled(
    db: &impl Conn,
    user_id: i64,
    disabled: bool,
    now: DateTime<Utc>,
) -> StoreResult<UserRecord> {
    let result = users::Entity::update_many()
        .col_expr(
            users::Column::DisabledAt,
            Expr::value(disabled.then_some(now)),
        )
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(crate::StoreError::NotFound(format!(
            "the account {user_id}"
        )));
    }
    if disabled {
        crate::sessions::end_all_for(db, user_id, None).await?;
        crate::login_links::end_all_for(db, user_id, now).await?;
        revoke_all_tokens(db, user_id, now).await?;
    }
    find(db, user_id)
        .await?
        .ok_or_else(|| crate::StoreError::NotFound(format!("the account {user_id}")))
}

/// Revokes every unrevoked API token of `user_id`; returns how many.
pub async fn revoke_all_tokens(
    db: &impl Conn,
    user_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    Ok(api_tokens::Entity::update_many()
        .col_expr(api_tokens::Column::RevokedAt, Expr::value(Some(now)))
        .filter(api_tokens::Column::UserId.eq(user_id))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// An API token as stored, less its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRecord {
    pub id: i64,
    pub user_id: UserId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// After this the token no longer authenticates (none: issued before tokens expired).
    pub expires_at: Option<DateTime<Utc>>,
}

impl From<api_tokens::Model> for ApiTokenRecord {
    fn from(t: api_tokens::Model) -> Self {
        Self {
            id: t.id,
            user_id: UserId(t.user_id),
            name: t.name,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
            expires_at: t.expires_at,
        }
    }
}

/// The API tokens of `user_id`, newest first (revoked and expired ones too).
pub async fn tokens_of(db: &impl Conn, user_id: i64) -> StoreResult<Vec<ApiTokenRecord>> {
    use sea_orm::QueryOrder;
    Ok(api_tokens::Entity::find()
        .filter(api_tokens::Column::UserId.eq(user_id))
        .order_by_desc(api_tokens::Column::CreatedAt)
        .order_by_desc(api_tokens::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(ApiTokenRecord::from)
        .collect())
}

/// The API token `token_id` (whoever it belongs to).
pub async fn token(db: &impl Conn, token_id: i64) -> StoreResult<Option<ApiTokenRecord>> {
    Ok(api_tokens::Entity::find_by_id(token_id)
        .one(db)
        .await?
        .map(ApiTokenRecord::from))
}

/// Revokes token `token_id` at `now` (already revoked: kept as it was). Returns it.
pub async fn revoke_token(
    db: &impl Conn,
    token_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<ApiTokenRecord> {
    api_tokens::Entity::update_many()
        .col_expr(api_tokens::Column::RevokedAt, Expr::value(Some(now)))
        .filter(api_tokens::Column::Id.eq(token_id))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    token(db, token_id)
        .await?
        .ok_or_else(|| crate::StoreError::NotFound(format!("the API token {token_id}")))
}

/// Issues a new API token called `name` for `user_id`, working until `expires_at`;
/// returns it (`hl_` and 64 hex digits) with its stored row. Only its hash is stored,
/// so it can be shown once and never again.
pub async fn issue_api_token(
    db: &impl Conn,
    user_id: i64,
    name: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> StoreResult<(String, ApiTokenRecord)> {
    let token = format!("hl_{}", secret::new_secret());
    let row = api_tokens::ActiveModel {
        user_id: Set(user_id),
        name: Set(name.to_owned()),
        token_hash: Set(secret::hash(&token)),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
        expires_at: Set(Some(expires_at)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((token, row.into()))
}

/// The enabled account an unrevoked, unexpired API token stands for, noting when it was used
/// (at most every [`TOKEN_TOUCH_INTERVAL`], so reads do not write on every call).
pub async fn user_of_token(
    db: &impl Conn,
    token: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<UserRecord>> {
    let Some(row) = api_tokens::Entity::find()
        .filter(api_tokens::Column::TokenHash.eq(secret::hash(token)))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .one(db)
        .await?
        .filter(|t| token_usable(t.revoked_at, t.expires_at, now))
    else {
        return Ok(None);
    };
    let Some(user) = find_enabled(db, row.user_id).await? else {
        return Ok(None);
    };
    if row
        .last_used_at
        .is_none_or(|t| now - t > TOKEN_TOUCH_INTERVAL)
    {
        let mut active: api_tokens::ActiveModel = row.into();
        active.last_used_at = Set(Some(now));
        active.update(db).await?;
    }
    Ok(Some(user))
}

/// What `user` may do: their programme roles and the workstreams they lead or deputise
/// — two queries, whatever the number of programmes. A role that does not parse is a
/// damaged row (an error naming it), never a role silently dropped.
pub async fn access_of(db: &impl Conn, user: &UserRecord) -> StoreResult<Access> {
    let mut access = Access {
        is_admin: user.is_admin,
        ..Access::default()
    };
    for row in programme_roles::Entity::find()
        .filter(programme_roles::Column::UserId.eq(user.id.0))
        .all(db)
        .await?
    {
        let role = Role::parse(&row.role).ok_or_else(|| {
            crate::StoreError::damaged(
                "programme_roles",
                "role",
                row.id,
                row.role.clone(),
                "not a programme role (programme_manager, board_member or viewer)",
            )
        })?;
        access
            .roles
            .entry(row.programme_id)
            .or_default()
            .insert(role);
    }
    for w in workstreams::Entity::find()
        .filter(
            Condition::any()
                .add(workstreams::Column::LeadId.eq(user.id.0))
                .add(workstreams::Column::DeputyId.eq(user.id.0)),
        )
        .all(db)
        .await?
    {
        access.leads.insert(w.id, w.programme_id);
    }
    Ok(access)
}
