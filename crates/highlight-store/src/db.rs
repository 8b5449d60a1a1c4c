//! Connecting to the database and bringing its schema up to date.
//!
//! SQLite is the embedded default: the file (and its directory) is created on first
//! start, and each connection is set up for a web app — WAL journal (readers never wait
//! for the writer), foreign keys enforced, and a busy timeout so concurrent writers wait
//! their turn instead of failing. PostgreSQL is used when the URL says `postgres://`.
//! Statement logging by sqlx is switched off: it logs every query at INFO.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend};

/// Where the database is and how many connections to keep (`[database]` in config).
#[derive(Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    pub url: String,
    pub max_connections: u32,
    pub timeout_seconds: u64,
    /// How long a query waits for a pooled connection before it fails as `Busy` (503).
    #[serde(default = "default_acquire_timeout")]
    pub acquire_timeout_seconds: u64,
}

fn default_acquire_timeout() -> u64 {
    3
}

impl std::fmt::Debug for DatabaseSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseSettings")
            .field("url", &redact_url(&self.url))
            .field("max_connections", &self.max_connections)
            .field("timeout_seconds", &self.timeout_seconds)
            .field("acquire_timeout_seconds", &self.acquire_timeout_seconds)
            .finish()
    }
}

/// Why the database could not be used, phrased for the person starting the app.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("the database URL {url} is not one Highlight can use: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("cannot create the directory {} for the SQLite database: {source}", dir.display())]
    CreateDir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot connect to the database at {url}: {source}")]
    Connect { url: String, source: sea_orm::DbErr },
    #[error("migrating the database at {url} failed, and nothing was changed: {source}")]
    Migrate { url: String, source: sea_orm::DbErr },
}

/// The URL with any password replaced by `***`, safe to log and to show.
pub fn redact_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.to_string()
        }
        _ => raw.to_owned(),
    }
}

/// Opens a connection pool for `settings.url` (SQLite or PostgreSQL).
pub async fn connect(settings: &DatabaseSettings) -> Result<DatabaseConnection, DbError> {
    let url = settings.url.trim();
    let shown = redact_url(url);
    let backend = backend_of(url).ok_or_else(|| DbError::BadUrl {
        url: shown.clone(),
        reason: "it must start with sqlite:// or postgres://".into(),
    })?;
    if backend == DbBackend::Sqlite {
        prepare_sqlite_file(url)?;
    }

    let timeout = Duration::from_secs(settings.timeout_seconds.max(1));
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(settings.max_connections.max(1))
        .connect_timeout(timeout)
        .acquire_timeout(Duration::from_secs(settings.acquire_timeout_seconds.max(1)))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(move |opts: SqliteConnectOptions| {
            opts.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(timeout)
        });
    Database::connect(options)
        .await
        .map_err(|source| DbError::Connect { url: shown, source })
}

/// Applies every pending migration in one transaction. Returns the names applied.
pub async fn migrate(db: &DatabaseConnection, url: &str) -> Result<Vec<String>, DbError> {
    highlight_migrations::migrate::<highlight_migrations::Migrator>(db)
        .await
        .map_err(|source| DbError::Migrate {
            url: redact_url(url),
            source,
        })
}

fn backend_of(url: &str) -> Option<DbBackend> {
    if url.starts_with("sqlite:") {
        Some(DbBackend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Some(DbBackend::Postgres)
    } else {
        None
    }
}

/// Creates the directory of a SQLite file so the first start just works.
fn prepare_sqlite_file(url: &str) -> Result<(), DbError> {
    let options = SqliteConnectOptions::from_str(url).map_err(|e| DbError::BadUrl {
        url: url.to_owned(),
        reason: e.to_string(),
    })?;
    let path = options.get_filename();
    if path.as_os_str().is_empty() || path.to_string_lossy().contains(":memory:") {
        return Ok(());
    }
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.exists() => std::fs::create_dir_all(dir)
            .map_err(|source| DbError::CreateDir {
                dir: dir.to_owned(),
                source,
            }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_leave_the_url() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db.internal:5432/highlight"),
            "postgres://app:***@db.internal:5432/highlight"
        );
        assert_eq!(
            redact_url("sqlite://data/highlight.db"),
            "sqlite://data/highlight.db"
        );
    }

    #[test]
    fn only_sqlite_and_postgres_urls_are_accepted() {
        assert_eq!(backend_of("sqlite://x.db"), Some(DbBackend::Sqlite));
        assert_eq!(backend_of("postgres://h/d"), Some(DbBackend::Postgres));
        assert_eq!(backend_of("mysql://h/d"), None);
    }
}
