//! Persistence: sea-orm entities and every query Highlight runs, grouped by table group.
//!
//! This is the only crate (with `migrations`) that names a sea-orm type. Callers hold a
//! [`Db`] and pass it, or a [`Tx`] from [`begin`], to the query functions here; they
//! get domain values and plain records back and hand domain values in. A stored value
//! that does not parse is a [`StoreError::Damaged`] naming the table, row, column and
//! value — never a silent default.
//!
//! Queries are set-based: a page that shows N things runs a fixed number of queries
//! (one per table, with `IN (...)`), never one per row. Functions take `&impl Conn`, so
//! a caller composes several into one transaction.

pub mod accounts;
pub mod actions;
pub mod audit;
pub mod audit_log;
pub mod calendar;
pub mod captured_mail;
pub mod chases;
pub mod current_pid;
pub mod db;
// The sea-orm entities are the store's own: other crates get records. Tests (which
// read and damage rows directly) see them through the `testing` feature.
#[cfg(feature = "testing")]
pub mod entities;
#[cfg(not(feature = "testing"))]
pub(crate) mod entities;
pub mod json;
pub mod kept_forms;
pub mod login_links;
pub mod members;
pub mod outbox;
pub mod packs;
pub mod people;
pub mod periods;
pub mod pids;
pub mod programmes;
pub mod reminders;
pub mod report_returns;
pub mod reports;
pub mod risks;
pub mod scope;
pub mod secret;
pub mod sessions;
#[cfg(feature = "testing")]
pub mod testing;
pub mod throttle;
pub mod users;
pub mod workstreams;

mod error;

pub use error::{StoreError, StoreResult};

/// A pool of connections to the database (SQLite or PostgreSQL). Cheap to clone.
pub type Db = sea_orm::DatabaseConnection;

/// A database transaction: pass `&tx` wherever a query function takes `&impl Conn`, then
/// [`commit`] it. Dropped without committing, it rolls back.
pub type Tx = sea_orm::DatabaseTransaction;

/// Something queries run on: the pool ([`Db`]) or a transaction ([`Tx`]).
pub trait Conn: sea_orm::ConnectionTrait + Sync {}
impl<T: sea_orm::ConnectionTrait + Sync> Conn for T {}

/// Starts a transaction.
pub async fn begin(db: &Db) -> StoreResult<Tx> {
    use sea_orm::TransactionTrait;
    Ok(db.begin().await?)
}

/// Commits a transaction.
pub async fn commit(tx: Tx) -> StoreResult<()> {
    Ok(tx.commit().await?)
}

/// Which database the pool talks to, for the few rules that differ (none should).
pub fn is_postgres(db: &impl Conn) -> bool {
    db.get_database_backend() == sea_orm::DbBackend::Postgres
}
