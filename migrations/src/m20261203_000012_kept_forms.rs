//! What a person typed into a report form when their session had just timed out.
//!
//! `kept_forms`: one row per person and page — the form as the browser sent it, kept so
//! that after signing in again the page shows it to them (and only them) to check and
//! save. Read once, then deleted; rows older than a week are deleted as new ones arrive.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::helpers::{fk, index};

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
                .table(Alias::new("kept_forms"))
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string("page"))
                .col(text("body"))
                .col(timestamp_with_time_zone("kept_at"))
                .foreign_key(&mut fk(
                    "fk_kept_forms_user",
                    ("kept_forms", "user_id"),
                    "users",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ux_kept_forms_user_page",
            "kept_forms",
            &["user_id", "page"],
            true,
        ))
        .await?;
        m.create_index(index(
            "ix_kept_forms_kept_at",
            "kept_forms",
            &["kept_at"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("kept_forms")).to_owned())
            .await
    }
}
