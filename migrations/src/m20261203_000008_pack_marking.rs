//! A programme's board pack settings: its protective marking and the order of its pack.
//!
//! - `programmes.protective_marking`: `none` (the default), `official` or
//!   `official_sensitive` — printed on every page of every format of the pack.
//! - `programmes.pack_order`: `exceptions_first` (the default, what every pack did
//!   before the setting existed) or `programme` (the programme's own order).
//!
//! Both are NOT NULL with their defaults, which SQLite needs to add a column to a table
//! with rows and which existing programmes take.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [(&str, &str); 2] = [
    ("protective_marking", "none"),
    ("pack_order", "exceptions_first"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (column, default) in COLUMNS {
            m.alter_table(
                Table::alter()
                    .table(Alias::new("programmes"))
                    .add_column(
                        ColumnDef::new(Alias::new(column))
                            .string()
                            .not_null()
                            .default(default)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (column, _) in COLUMNS.iter().rev() {
            m.alter_table(
                Table::alter()
                    .table(Alias::new("programmes"))
                    .drop_column(Alias::new(*column))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
