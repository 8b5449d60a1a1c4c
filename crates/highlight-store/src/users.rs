//! People who can sign in.

use crate::StoreResult;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::HashMap;

use crate::entities::users;
use highlight_domain::UserId;

/// A person's account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: UserId,
    /// Lower case, so sign-in is case-blind.
    pub email: String,
    pub name: String,
    /// An argon2id PHC string, or none for an account that signs in by e-mailed link only.
    pub password_hash: Option<String>,
    pub is_admin: bool,
    /// When the account was disabled; none while it may sign in.
    pub disabled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Whether the person turned the weekly digest off.
    pub digest_opt_out: bool,
    /// When they signed in before their latest sign-in: what is new to them is newer.
    pub previous_sign_in_at: Option<DateTime<Utc>>,
}

impl From<users::Model> for UserRecord {
    fn from(u: users::Model) -> Self {
        Self {
            id: UserId(u.id),
            email: u.email,
            name: u.name,
            password_hash: u.password_hash,
            is_admin: u.is_admin,
            disabled_at: u.disabled_at,
            created_at: u.created_at,
            updated_at: u.updated_at,
            digest_opt_out: u.digest_opt_out,
            previous_sign_in_at: u.previous_sign_in_at,
        }
    }
}

/// Rows as records.
pub(crate) fn records(rows: Vec<users::Model>) -> Vec<UserRecord> {
    rows.into_iter().map(UserRecord::from).collect()
}

/// The person with the id, if there is one.
pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> StoreResult<Option<UserRecord>> {
    Ok(users::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(UserRecord::from))
}

/// The people with these ids, by id: one query.
pub async fn by_ids(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> StoreResult<HashMap<i64, UserRecord>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, UserRecord::from(u)))
        .collect())
}

/// The people with any of these ids or (lower-case) e-mail addresses: one query.
pub async fn by_ids_or_emails(
    db: &impl ConnectionTrait,
    ids: &[i64],
    emails: &[String],
) -> StoreResult<Vec<UserRecord>> {
    if ids.is_empty() && emails.is_empty() {
        return Ok(Vec::new());
    }
    Ok(records(
        users::Entity::find()
            .filter(
                Condition::any()
                    .add(users::Column::Id.is_in(ids.iter().copied()))
                    .add(users::Column::Email.is_in(emails.iter().cloned())),
            )
            .all(db)
            .await?,
    ))
}

/// Everyone whose account is not disabled, by name: one query.
pub async fn enabled(db: &impl ConnectionTrait) -> StoreResult<Vec<UserRecord>> {
    Ok(records(
        users::Entity::find()
            .filter(users::Column::DisabledAt.is_null())
            .order_by_asc(users::Column::Name)
            .all(db)
            .await?,
    ))
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    /// An argon2id PHC string, or none for an account that signs in by e-mailed link only.
    pub password_hash: Option<String>,
}

/// Adds a person; e-mail addresses are kept lower-case so sign-in is case-blind.
pub async fn create(
    db: &impl ConnectionTrait,
    user: &NewUser,
    now: DateTime<Utc>,
) -> StoreResult<UserRecord> {
    Ok(users::ActiveModel {
        email: Set(user.email.trim().to_lowercase()),
        name: Set(user.name.trim().to_owned()),
        password_hash: Set(user.password_hash.clone()),
        is_admin: Set(user.is_admin),
        disabled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?
    .into())
}

/// Turns the weekly digest off (or back on) for a person. Reminders about reports
/// they owe cannot be turned off.
pub async fn set_digest_opt_out(
    db: &impl ConnectionTrait,
    user_id: i64,
    opt_out: bool,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    use sea_orm::sea_query::Expr;
    Ok(users::Entity::update_many()
        .col_expr(users::Column::DigestOptOut, Expr::value(opt_out))
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?)
    .map(|_| ())
}
