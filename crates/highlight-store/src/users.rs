//! People who can sign in.

use crate::StoreResult;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use crate::entities::users;

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
) -> StoreResult<users::Model> {
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
    .await?)
}

/// Turns the weekly digest off (or back on) for a person. Reminders about reports
/// they owe cannot be turned off.
pub async fn set_digest_opt_out(
    db: &impl ConnectionTrait,
    user_id: i64,
    opt_out: bool,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    Ok(users::Entity::update_many()
        .col_expr(users::Column::DigestOptOut, Expr::value(opt_out))
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?)
    .map(|_| ())
}
