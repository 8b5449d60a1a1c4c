//! Issued board packs: what the board was sent for a meeting, frozen.
//!
//! Why a table of its own rather than re-building a pack from the reports: a report
//! corrected after the meeting must not change the pack the board read, and a scrutiny
//! committee may ask for exactly that pack. `content` holds the whole pack model as
//! JSON; re-issuing for the same meeting adds a new `version`, never an overwrite.

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
        m.create_table(
            Table::create()
                .table(Alias::new("issued_packs"))
                .col(big_pk_auto("id"))
                .col(big_integer("programme_id"))
                .col(date("meeting_on"))
                .col(integer("version"))
                .col(big_integer_null("period_id"))
                .col(text("content"))
                .col(big_integer_null("issued_by_id"))
                .col(string("issued_by_name"))
                .col(timestamp_with_time_zone("issued_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_issued_packs_programme")
                        .from(Alias::new("issued_packs"), Alias::new("programme_id"))
                        .to(Alias::new("programmes"), Alias::new("id"))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_issued_packs_period")
                        .from(Alias::new("issued_packs"), Alias::new("period_id"))
                        .to(Alias::new("reporting_periods"), Alias::new("id"))
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_issued_packs_issued_by")
                        .from(Alias::new("issued_packs"), Alias::new("issued_by_id"))
                        .to(Alias::new("users"), Alias::new("id"))
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_issued_packs_meeting_version")
                .table(Alias::new("issued_packs"))
                .col(Alias::new("programme_id"))
                .col(Alias::new("meeting_on"))
                .col(Alias::new("version"))
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("issued_packs")).to_owned())
            .await
    }
}
