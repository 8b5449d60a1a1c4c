//! A fresh, migrated database for each test.
//!
//! SQLite by default (a file in a temporary directory, removed afterwards). With
//! `HIGHLIGHT_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test` every test
//! creates its own PostgreSQL database instead, and drops it when it ends, so tests
//! run in parallel on either backend without seeing each other's rows.

use std::sync::atomic::{AtomicU32, Ordering};

use highlight_store::db;
use highlight_web::config::DatabaseSettings;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

pub struct TestDb {
    pub conn: DatabaseConnection,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestDb {
    /// A new empty database with every migration applied.
    pub async fn migrated() -> Self {
        let db = Self::empty().await;
        db::migrate(&db.conn, &db.url)
            .await
            .expect("migrations apply");
        db
    }

    /// A new empty database with no schema at all.
    pub async fn empty() -> Self {
        match std::env::var("HIGHLIGHT_TEST_DATABASE_URL") {
            Ok(admin_url) if admin_url.starts_with("postgres") => Self::postgres(admin_url).await,
            _ => Self::sqlite().await,
        }
    }

    pub fn settings(&self) -> DatabaseSettings {
        settings_for(&self.url)
    }

    pub fn is_postgres(&self) -> bool {
        self.url.starts_with("postgres")
    }

    async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("sqlite://{}/highlight.db", dir.path().display());
        let conn = db::connect(&settings_for(&url))
            .await
            .expect("sqlite connects");
        Self {
            conn,
            url,
            cleanup: Cleanup::Sqlite(dir),
        }
    }

    async fn postgres(admin_url: String) -> Self {
        let name = format!(
            "hl_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            chrono::Utc::now().timestamp_subsec_micros()
        );
        let admin = Database::connect(&admin_url)
            .await
            .expect("PostgreSQL admin connection");
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("create test database");
        admin.close().await.ok();
        let mut url = url::Url::parse(&admin_url).expect("admin URL parses");
        url.set_path(&name);
        let url = url.to_string();
        let conn = db::connect(&settings_for(&url))
            .await
            .expect("test database connects");
        Self {
            conn,
            url,
            cleanup: Cleanup::Postgres { admin_url, name },
        }
    }
}

pub fn settings_for(url: &str) -> DatabaseSettings {
    DatabaseSettings {
        url: url.to_owned(),
        max_connections: 5,
        timeout_seconds: 10,
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs inside the test's runtime: do the async clean-up on a thread of its own.
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async {
                    if let Ok(admin) = Database::connect(&admin_url).await {
                        let _ = admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            ))
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

/// The messages still waiting in the outbox (queued or being sent), as
/// `"kind to address (dedupe key)"`.
pub async fn undelivered_mail(conn: &DatabaseConnection) -> Result<Vec<String>, sea_orm::DbErr> {
    use highlight_store::entities::outbox;
    use highlight_store::outbox::status;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    Ok(outbox::Entity::find()
        .filter(outbox::Column::Status.is_in([status::QUEUED, status::SENDING]))
        .order_by_asc(outbox::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| format!("{} to {} ({})", m.kind, m.recipient_address, m.dedupe_key))
        .collect())
}

/// Fails unless every message queued has been delivered (or given up on): the check a
/// test makes at its end when it drives the planner and the worker itself.
pub async fn assert_outbox_empty(conn: &DatabaseConnection) {
    let left = undelivered_mail(conn)
        .await
        .expect("the outbox can be read");
    assert!(
        left.is_empty(),
        "mail left undelivered in the outbox: {left:?}"
    );
}

/// [`undelivered_mail`] from synchronous code (a `Drop`): on a thread and runtime of its
/// own, over a connection of its own (a pool belongs to the runtime that made it).
/// `None` when the database cannot be read (gone already, or never migrated): there is
/// nothing to check then. The connection never creates a database that is not there.
pub fn undelivered_mail_blocking(url: &str) -> Option<Vec<String>> {
    let url = url.to_owned();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .ok()?;
        rt.block_on(async {
            let conn = Database::connect(&url).await.ok()?;
            let left = undelivered_mail(&conn).await.ok();
            conn.close().await.ok();
            left
        })
    })
    .join()
    .ok()
    .flatten()
}
