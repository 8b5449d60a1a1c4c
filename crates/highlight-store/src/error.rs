//! What can go wrong in the store, in terms its callers can act on.
//!
//! | error      | meaning                                                   | caller's answer |
//! |------------|-----------------------------------------------------------|-----------------|
//! | `NotFound` | the row asked for does not exist                          | 404             |
//! | `Damaged`  | a stored value does not parse (names table, row, column)  | 500, logged     |
//! | `Conflict` | someone else changed the row first (lock version moved)    | 409             |
//! | `Busy`     | no connection could be had in time (pool exhausted)       | 503             |
//! | `Database` | anything else the database said                           | 500, logged     |

use std::fmt;

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} was not found")]
    NotFound(String),
    #[error("the stored value {value:?} in {table}.{column} (row {row}) cannot be read: {reason}")]
    Damaged {
        table: &'static str,
        column: &'static str,
        row: String,
        value: String,
        reason: String,
    },
    #[error("{0}")]
    Conflict(String),
    #[error("the database is busy: {0}")]
    Busy(String),
    #[error("database error: {0}")]
    Database(#[source] sea_orm::DbErr),
}

impl StoreError {
    /// A stored value that does not parse.
    pub fn damaged(
        table: &'static str,
        column: &'static str,
        row: impl fmt::Display,
        value: impl Into<String>,
        reason: impl fmt::Display,
    ) -> Self {
        let e = Self::Damaged {
            table,
            column,
            row: row.to_string(),
            value: value.into(),
            reason: reason.to_string(),
        };
        tracing::error!(error = %e, "damaged row");
        e
    }
}

impl From<sea_orm::DbErr> for StoreError {
    fn from(e: sea_orm::DbErr) -> Self {
        use sea_orm::DbErr;
        match e {
            DbErr::RecordNotFound(what) => Self::NotFound(what),
            DbErr::ConnectionAcquire(cause) => Self::Busy(cause.to_string()),
            other => Self::Database(other),
        }
    }
}
