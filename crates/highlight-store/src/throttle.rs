//! Sign-in counters (`signin_counters`): one row per throttled key, counted atomically.
//!
//! [`count`] adds one attempt and returns the counter as it now stands, in a single
//! `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement (SQLite and PostgreSQL alike),
//! so parallel attempts on every instance sharing the database each see a distinct
//! count. What a count means is the domain's [`ThrottlePolicy`]'s business.

use chrono::{DateTime, TimeZone, Utc};
use highlight_domain::throttle::{Counted, ThrottlePolicy};
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

use crate::{StoreError, StoreResult};

fn sql(backend: DbBackend, text: &str) -> String {
    match backend {
        DbBackend::Postgres => text.to_owned(),
        _ => text.replace('$', "?"),
    }
}

/// Counts one attempt under `key` at `now`; a window that started at or before
/// `policy.expired_before(now)` is replaced by a new one starting now.
pub async fn count(
    db: &impl ConnectionTrait,
    policy: &ThrottlePolicy,
    key: &str,
    now: DateTime<Utc>,
) -> StoreResult<Counted> {
    let backend = db.get_database_backend();
    let text = "INSERT INTO signin_counters (counter_key, window_started_at, attempts) \
         VALUES ($1, $2, 1) \
         ON CONFLICT (counter_key) DO UPDATE SET \
         attempts = CASE WHEN signin_counters.window_started_at <= $3 THEN 1 \
                         ELSE signin_counters.attempts + 1 END, \
         window_started_at = CASE WHEN signin_counters.window_started_at <= $3 THEN $2 \
                         ELSE signin_counters.window_started_at END \
         RETURNING window_started_at, attempts";
    let values: [Value; 3] = [
        key.into(),
        now.timestamp().into(),
        policy.expired_before(now).timestamp().into(),
    ];
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql(backend, text),
            values,
        ))
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("the sign-in counter {key}")))?;
    let started: i64 = row.try_get("", "window_started_at")?;
    let attempts: i64 = row.try_get("", "attempts")?;
    let window_started_at = Utc.timestamp_opt(started, 0).single().ok_or_else(|| {
        StoreError::damaged(
            "signin_counters",
            "window_started_at",
            key,
            started.to_string(),
            "not an instant",
        )
    })?;
    Ok(Counted {
        window_started_at,
        attempts: u32::try_from(attempts.max(0)).unwrap_or(u32::MAX),
    })
}

/// Forgets the counter under `key` (a correct password clears its pair's count).
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> StoreResult<()> {
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        sql(
            backend,
            "DELETE FROM signin_counters WHERE counter_key = $1",
        ),
        [key.into()],
    ))
    .await?;
    Ok(())
}

/// Takes back one attempt under `key` (a success does not count against an address).
pub async fn take_back(db: &impl ConnectionTrait, key: &str) -> StoreResult<()> {
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        sql(
            backend,
            "UPDATE signin_counters SET attempts = attempts - 1 \
             WHERE counter_key = $1 AND attempts > 0",
        ),
        [key.into()],
    ))
    .await?;
    Ok(())
}

/// Removes counters whose window has run out.
pub async fn sweep(
    db: &impl ConnectionTrait,
    policy: &ThrottlePolicy,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        sql(
            backend,
            "DELETE FROM signin_counters WHERE window_started_at <= $1",
        ),
        [policy.expired_before(now).timestamp().into()],
    ))
    .await?;
    Ok(())
}
