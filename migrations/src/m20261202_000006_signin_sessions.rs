//! Sign-in counters: one row per throttled key (an account and client address, or a
//! client address), holding the start of its window (Unix seconds) and the attempts
//! counted in it. Sign-in increments a row with one `INSERT … ON CONFLICT DO UPDATE …
//! RETURNING` statement before it checks a password, so the count holds under
//! concurrency and across every instance sharing the database.
//!
//! (The `login_attempts` table of the first accounts migration is no longer written.)

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, string};

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("signin_counters"))
                .col(string("counter_key").primary_key())
                .col(big_integer("window_started_at"))
                .col(big_integer("attempts"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_signin_counters_window",
            "signin_counters",
            &["window_started_at"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(Alias::new("signin_counters"))
                .to_owned(),
        )
        .await
    }
}
