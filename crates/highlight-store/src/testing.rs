//! A fresh, migrated database for each test, for this crate's tests and the web's.
//!
//! SQLite by default (a file in a temporary directory, removed afterwards). With
//! `HIGHLIGHT_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test` every test
//! creates its own PostgreSQL database instead, and drops it when it ends, so tests
//! run in parallel on either backend without seeing each other's rows.

use std::sync::atomic::{AtomicU32, Ordering};

use crate::db::{self, DatabaseSettings};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

/// A database of the test's own, dropped (PostgreSQL) or deleted (SQLite) afterwards.
pub struct TestDb {
    pub conn: DatabaseConnection,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl std::fmt::Debug for TestDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestDb")
            .field("url", &db::redact_url(&self.url))
            .finish()
    }
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

/// Settings for a test database at `url`.
pub fn settings_for(url: &str) -> DatabaseSettings {
    DatabaseSettings {
        url: url.to_owned(),
        max_connections: 5,
        timeout_seconds: 10,
        acquire_timeout_seconds: 10,
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
