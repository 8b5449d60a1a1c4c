//! Single-use sign-in links: the link in a reminder lets a lead open the report form
//! without remembering a password.
//!
//! The raw token exists only in the e-mail: the table keeps its SHA-256 hash, so a
//! copy of the database signs nobody in. [`consume`] is one conditional `UPDATE`, so
//! two clicks racing each other (or two app instances) sign in at most once.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
    sea_query::Expr,
};
use sha2::{Digest, Sha256};

use super::entities::login_links;

/// What a link is for; the route that consumes it checks it.
pub const SIGN_IN: &str = "sign_in";

/// A fresh random token: 32 bytes from the operating system, as 64 hex digits.
pub fn new_token() -> Result<String, DbErr> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| DbErr::Custom(format!("no randomness for a sign-in token: {e}")))?;
    Ok(hex::encode(bytes))
}

/// The SHA-256 of a token, as stored.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Issues a link for `user_id` that works once, until `now + ttl`, and then sends the
/// person to `redirect_to`. Returns the raw token (store it nowhere).
pub async fn issue(
    db: &impl ConnectionTrait,
    user_id: i64,
    purpose: &str,
    redirect_to: &str,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    let token = new_token()?;
    login_links::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(hash_token(&token)),
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
) -> Result<Option<ConsumedLink>, DbErr> {
    let hash = hash_token(raw_token.trim());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        let hash = hash_token(&a);
        assert_eq!(hash.len(), 64);
        assert_ne!(hash, a);
        assert_eq!(hash, hash_token(&a));
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
