//! Sign-in throttling: a few wrong passwords per account, and more per network address,
//! within a window; after that, sign-in is refused with a message saying when to retry.

use crate::StoreResult;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

use crate::entities::login_attempts;

pub const WINDOW: Duration = Duration::minutes(15);
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: u64 = 30;

/// `Some(message)` when sign-in must wait.
pub async fn refusal(
    db: &impl ConnectionTrait,
    email: &str,
    address: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<String>> {
    let since = now - WINDOW;
    let failures = |column: login_attempts::Column, value: String| {
        login_attempts::Entity::find()
            .filter(column.eq(value))
            .filter(login_attempts::Column::Succeeded.eq(false))
            .filter(login_attempts::Column::At.gt(since))
            .count(db)
    };
    let by_account = failures(login_attempts::Column::Email, email.to_owned()).await?;
    let by_address = failures(login_attempts::Column::Address, address.to_owned()).await?;
    Ok((by_account >= MAX_FAILURES_PER_ACCOUNT || by_address >= MAX_FAILURES_PER_ADDRESS).then(|| {
        format!(
            "Too many failed attempts to sign in. Wait {} minutes and try again, or reset your password.",
            WINDOW.num_minutes()
        )
    }))
}

pub async fn record(
    db: &impl ConnectionTrait,
    email: &str,
    address: &str,
    succeeded: bool,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    login_attempts::ActiveModel {
        email: Set(email.to_owned()),
        address: Set(address.to_owned()),
        succeeded: Set(succeeded),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if succeeded {
        // A correct password clears the account's count.
        login_attempts::Entity::delete_many()
            .filter(login_attempts::Column::Email.eq(email))
            .filter(login_attempts::Column::Succeeded.eq(false))
            .exec(db)
            .await?;
    }
    login_attempts::Entity::delete_many()
        .filter(login_attempts::Column::At.lt(now - Duration::days(1)))
        .exec(db)
        .await?;
    Ok(())
}
