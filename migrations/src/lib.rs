//! Highlight's database schema, as an append-only list of sea-orm migrations.
//!
//! Why a crate of its own: the schema is shared by every process that talks to the
//! database (`highlight serve`, `highlight migrate`, `highlight remind`, the tests), and
//! a migration, once released, is never edited — a change is a new migration.
//!
//! Every migration runs inside a transaction (SQLite and PostgreSQL both have
//! transactional DDL), and [`migrate`] runs *all* pending migrations inside one outer
//! transaction, so a failure leaves the database exactly as it was.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DatabaseConnection, DbBackend, TransactionTrait};

mod helpers;
mod m20261122_000001_programmes;
mod m20261122_000002_outbox;
mod m20261122_000003_accounts;
mod m20261122_000004_packs;
mod m20261201_000005_programme_rag_and_workstream_life;
mod m20261202_000006_signin_sessions;
mod m20261202_000007_accounts_life;
mod m20261203_000008_pack_marking;
mod m20261203_000009_your_work;
mod m20261203_000010_report_sections;
mod m20261203_000011_review_loop;
mod m20261203_000012_kept_forms;

/// The list of migrations, oldest first.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_programmes::Migration),
            Box::new(m20261122_000002_outbox::Migration),
            Box::new(m20261122_000003_accounts::Migration),
            Box::new(m20261122_000004_packs::Migration),
            Box::new(m20261201_000005_programme_rag_and_workstream_life::Migration),
            Box::new(m20261202_000006_signin_sessions::Migration),
            Box::new(m20261202_000007_accounts_life::Migration),
            Box::new(m20261203_000008_pack_marking::Migration),
            Box::new(m20261203_000009_your_work::Migration),
            Box::new(m20261203_000010_report_sections::Migration),
            Box::new(m20261203_000011_review_loop::Migration),
            Box::new(m20261203_000012_kept_forms::Migration),
        ]
    }
}

/// Applies every pending migration of `M` atomically: all of them, or none.
///
/// Returns the names of the migrations applied.
///
/// On PostgreSQL, several app instances may start at once: a transaction-scoped advisory
/// lock makes them take turns, and the later ones find nothing pending.
pub async fn migrate<M: MigratorTrait>(db: &DatabaseConnection) -> Result<Vec<String>, DbErr> {
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared("SELECT pg_advisory_xact_lock(47112026)")
            .await?;
    }
    let pending: Vec<String> = M::get_pending_migrations(&txn)
        .await?
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    if !pending.is_empty() {
        M::up(&txn, None).await?;
    }
    txn.commit().await?;
    Ok(pending)
}

/// Re-exported so tests and tools can build their own migrators on the same version.
pub use sea_orm_migration;
