//! The schema on SQLite and PostgreSQL: migrations, constraints, connection set-up.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};
use sea_orm_migration::prelude::*;

use crate::support::db::TestDb;

const TABLES: [&str; 22] = [
    "users",
    "bank_holidays",
    "programmes",
    "programme_roles",
    "workstreams",
    "pids",
    "pid_deliverables",
    "pid_stages",
    "reporting_periods",
    "highlight_reports",
    "report_revisions",
    "risks",
    "risk_updates",
    "project_issues",
    "interdependencies",
    "board_actions",
    "board_action_updates",
    "questionnaires",
    "self_assessments",
    "outbox",
    "login_links",
    "captured_mail",
];

async fn table_exists(db: &TestDb, table: &str) -> bool {
    let sql = match db.conn.get_database_backend() {
        DbBackend::Postgres => format!(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{table}'"
        ),
        _ => format!("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{table}'"),
    };
    db.conn
        .query_one_raw(Statement::from_string(db.conn.get_database_backend(), sql))
        .await
        .expect("catalogue query")
        .is_some()
}

#[tokio::test]
async fn migrations_create_every_table_and_running_them_again_does_nothing() {
    let db = TestDb::empty().await;

    let applied = highlight_store::db::migrate(&db.conn, &db.url)
        .await
        .expect("migrates");
    assert!(!applied.is_empty());
    for table in TABLES {
        assert!(table_exists(&db, table).await, "{table} exists");
    }

    let again = highlight_store::db::migrate(&db.conn, &db.url)
        .await
        .expect("migrates again");
    assert!(
        again.is_empty(),
        "nothing pending the second time: {again:?}"
    );
}

/// Every real migration, then one that fails half-way through.
struct BrokenMigrator;

struct FailsHalfWay;

impl MigrationName for FailsHalfWay {
    fn name(&self) -> &str {
        "m99991231_000000_fails_half_way"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for FailsHalfWay {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
            .await?;
        Err(DbErr::Migration("deliberately broken".into()))
    }

    async fn down(&self, _: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}

impl MigratorTrait for BrokenMigrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let mut all = highlight_migrations::Migrator::migrations();
        all.push(Box::new(FailsHalfWay));
        all
    }
}

#[tokio::test]
async fn a_migration_that_fails_leaves_the_database_as_it_was() {
    let db = TestDb::empty().await;

    let result = highlight_migrations::migrate::<BrokenMigrator>(&db.conn).await;

    assert!(result.is_err(), "the broken migration fails");
    assert!(
        !table_exists(&db, "half_done").await,
        "its half-made table is gone"
    );
    assert!(
        !table_exists(&db, "users").await,
        "the earlier migrations were rolled back too"
    );
    // And the real migrations still apply cleanly afterwards.
    highlight_store::db::migrate(&db.conn, &db.url)
        .await
        .expect("migrates after the failure");
    assert!(table_exists(&db, "users").await);
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_foreign_keys_enforced() {
    let db = TestDb::migrated().await;
    assert!(
        !db.is_postgres(),
        "SQLite's connection set-up only: on PostgreSQL pass --skip sqlite_"
    );
    let row = db
        .conn
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA journal_mode",
        ))
        .await
        .expect("pragma")
        .expect("row");
    let mode: String = row.try_get_by_index(0).expect("text");
    assert_eq!(mode.to_lowercase(), "wal");

    let orphan = db
        .conn
        .execute_unprepared(
            "INSERT INTO workstreams (programme_id, slug, name, stage, status, position, lead_organisation, created_at, updated_at) \
             VALUES (999, 'x', 'X', 1, 'active', 0, '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        )
        .await;
    assert!(
        orphan.is_err(),
        "a workstream of a missing programme is refused"
    );
}

#[tokio::test]
async fn a_programme_slug_is_unique() {
    let db = TestDb::migrated().await;
    let insert = "INSERT INTO programmes (slug, name, description, sponsor, time_zone, currency, holiday_region, reporting_cycle, reminder_policy, created_at, updated_at) \
                  VALUES ('pioneer-somerset', 'Pioneer Somerset', '', '', 'Europe/London', 'GBP', 'england-and-wales', '{}', '{}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')";
    db.conn
        .execute_unprepared(insert)
        .await
        .expect("first insert");
    assert!(
        db.conn.execute_unprepared(insert).await.is_err(),
        "second is refused"
    );
}
