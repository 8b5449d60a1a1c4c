//! Accounts that live and end: an API token's expiry.
//!
//! - `api_tokens.expires_at` (optional): after it the token no longer authenticates.
//!   Tokens issued from now on always carry one (`api.token_days`, 90 by default);
//!   tokens issued before the column existed have none and keep working until revoked.

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
                .table(Alias::new("api_tokens"))
                .add_column(timestamp_with_time_zone_null("expires_at"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("api_tokens"))
                .drop_column(Alias::new("expires_at"))
                .to_owned(),
        )
        .await
    }
}
