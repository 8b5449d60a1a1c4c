//! The Pioneer Somerset demonstration programme (placeholder until the loader lands).

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

pub async fn load_if_empty(
    _db: &DatabaseConnection,
    _now: DateTime<Utc>,
) -> anyhow::Result<String> {
    Ok(String::new())
}
