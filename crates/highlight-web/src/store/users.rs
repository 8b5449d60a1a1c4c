//! People who can sign in.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use super::entities::users;

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
) -> Result<users::Model, DbErr> {
    users::ActiveModel {
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
    .await
}
