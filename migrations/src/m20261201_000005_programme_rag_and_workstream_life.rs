//! A programme's amber threshold, and when each workstream started and closed.
//!
//! - `programmes.amber_share_basis_points`: the programme's RAG policy, the share of a
//!   tolerance a deviation may use and stay green, in basis points (1% = 100, as
//!   `Percent` holds it). Default 0: any deviation within tolerance is amber, which is
//!   what every programme did before the setting existed.
//! - `workstreams.started_on` (required) and `workstreams.closed_on` (optional): the
//!   workstream's life, which decides the periods it owes a report for. Existing rows
//!   start on the (UTC) date they were added.
//!
//! SQLite can add a NOT NULL column only with a default, and cannot drop one later
//! without rebuilding the table (which would cascade-delete through the foreign keys),
//! so `started_on` carries a placeholder default there while every row is backfilled;
//! on PostgreSQL the default is dropped again. Highlight itself always writes the
//! column.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn add(table: &'static str, column: ColumnDef) -> TableAlterStatement {
    Table::alter()
        .table(Alias::new(table))
        .add_column(column)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(add(
            "programmes",
            ColumnDef::new(Alias::new("amber_share_basis_points"))
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
        ))
        .await?;
        m.alter_table(add(
            "workstreams",
            ColumnDef::new(Alias::new("started_on"))
                .date()
                .not_null()
                .default("1970-01-01")
                .to_owned(),
        ))
        .await?;
        m.alter_table(add(
            "workstreams",
            ColumnDef::new(Alias::new("closed_on"))
                .date()
                .null()
                .to_owned(),
        ))
        .await?;
        let db = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "UPDATE workstreams SET started_on = CAST(created_at AT TIME ZONE 'UTC' AS date)",
                )
                .await?;
                db.execute_unprepared(
                    "ALTER TABLE workstreams ALTER COLUMN started_on DROP DEFAULT",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared("UPDATE workstreams SET started_on = date(created_at)")
                    .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [
            ("workstreams", "closed_on"),
            ("workstreams", "started_on"),
            ("programmes", "amber_share_basis_points"),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Alias::new(table))
                    .drop_column(Alias::new(column))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
