//! What can go wrong in the store, in terms its callers can act on.
//!
//! | error      | meaning                                                   | caller's answer |
//! |------------|-----------------------------------------------------------|-----------------|
//! | `NotFound` | the row asked for does not exist                          | 404             |
//! | `Damaged`  | a stored value does not parse (names table, row, column)  | 500, logged     |
//! | `Conflict` | someone else changed the row first (lock version moved)    | 409             |
//! | `Busy`     | no room just now: pool exhausted, connection lost, too many clients, SQLite locked | 503 |
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
            // A connection that could not be opened or broke: the database is out of
            // reach for now, not wrong.
            DbErr::Conn(cause) => Self::Busy(cause.to_string()),
            DbErr::Exec(ref cause) | DbErr::Query(ref cause) if is_busy(cause) => {
                Self::Busy(e.to_string())
            }
            other => Self::Database(other),
        }
    }
}

/// Whether a statement failed because the database had no room for it just now: the
/// pool timed out or closed, the connection broke, PostgreSQL had too many clients or
/// was starting up or shutting down, or SQLite's write lock stayed taken past the busy
/// timeout. Worth a 503 and a retry, not a 500.
fn is_busy(cause: &sea_orm::RuntimeErr) -> bool {
    use sea_orm::sqlx::Error;
    let sea_orm::RuntimeErr::SqlxError(error) = cause else {
        return false;
    };
    match &**error {
        Error::PoolTimedOut | Error::PoolClosed | Error::Io(_) | Error::WorkerCrashed => true,
        Error::Database(db) => matches!(
            db.code().as_deref(),
            // PostgreSQL: too_many_connections, admin_shutdown, crash_shutdown,
            // cannot_connect_now; SQLite: SQLITE_BUSY, SQLITE_LOCKED (and extended codes).
            Some("53300" | "57P01" | "57P02" | "57P03" | "5" | "6" | "261" | "262" | "517" | "773")
        ),
        _ => false,
    }
}
