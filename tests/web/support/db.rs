//! A fresh, migrated database for each test.
//!
//! SQLite by default (a file in a temporary directory, removed afterwards). With
//! `HIGHLIGHT_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test` every test
//! creates its own PostgreSQL database instead, and drops it when it ends, so tests
//! run in parallel on either backend without seeing each other's rows.

use sea_orm::DatabaseConnection;

pub use highlight_store::testing::TestDb;

pub async fn undelivered_mail(conn: &DatabaseConnection) -> Result<Vec<String>, sea_orm::DbErr> {
    use highlight_domain::DeliveryStatus;
    use highlight_store::entities::outbox;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    Ok(outbox::Entity::find()
        .filter(outbox::Column::Status.is_in([
            DeliveryStatus::Queued.as_str(),
            DeliveryStatus::Sending.as_str(),
        ]))
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
            let conn = sea_orm::Database::connect(&url).await.ok()?;
            let left = undelivered_mail(&conn).await.ok();
            conn.close().await.ok();
            left
        })
    })
    .join()
    .ok()
    .flatten()
}
