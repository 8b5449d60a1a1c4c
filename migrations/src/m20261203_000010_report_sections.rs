//! The report form as a task list: which sections the lead has confirmed.
//!
//! `highlight_reports.confirmed_sections`: the sections of the working copy the lead has
//! looked at and saved through their own page (comma-separated names, "status,budget"),
//! so the task list can say "Completed" of a section whose answers are still last
//! period's. Submitting confirms every section. Empty for every report that exists.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("highlight_reports"))
                .add_column(string("confirmed_sections").default(""))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("highlight_reports"))
                .drop_column(Alias::new("confirmed_sections"))
                .to_owned(),
        )
        .await
    }
}
