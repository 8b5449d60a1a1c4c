//! "Your work": the programme manager's manual chases and when a person last signed in.
//!
//! - `manual_chases`: one row per chase of a workstream's report for a period, on the
//!   programme's local day. The unique index on (workstream, period, day) is the rule "at
//!   most one manual chase per workstream per day", held by the database under
//!   concurrency and across instances; the e-mail itself goes through the outbox.
//! - `users.previous_sign_in_at`, `users.last_sign_in_at`: signing in moves the last
//!   into the previous, so "submitted since you last signed in" reads without a page ever
//!   writing.

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
        use ForeignKeyAction::{Cascade, SetNull};
        m.create_table(
            Table::create()
                .table(Alias::new("manual_chases"))
                .col(big_pk_auto("id"))
                .col(big_integer("programme_id"))
                .col(big_integer("workstream_id"))
                .col(big_integer("period_id"))
                .col(date("chased_on"))
                .col(big_integer_null("chased_by_id"))
                .col(string("chased_by_name"))
                .col(timestamp_with_time_zone("chased_at"))
                .col(string("recipient_address"))
                .foreign_key(&mut fk(
                    "fk_manual_chases_programme",
                    ("manual_chases", "programme_id"),
                    "programmes",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_manual_chases_workstream",
                    ("manual_chases", "workstream_id"),
                    "workstreams",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_manual_chases_period",
                    ("manual_chases", "period_id"),
                    "reporting_periods",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_manual_chases_by",
                    ("manual_chases", "chased_by_id"),
                    "users",
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ux_manual_chases_once_a_day",
            "manual_chases",
            &["workstream_id", "period_id", "chased_on"],
            true,
        ))
        .await?;
        m.create_index(index(
            "ix_manual_chases_period",
            "manual_chases",
            &["period_id"],
            false,
        ))
        .await?;
        for column in ["previous_sign_in_at", "last_sign_in_at"] {
            m.alter_table(
                Table::alter()
                    .table(Alias::new("users"))
                    .add_column(timestamp_with_time_zone_null(column))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in ["previous_sign_in_at", "last_sign_in_at"] {
            m.alter_table(
                Table::alter()
                    .table(Alias::new("users"))
                    .drop_column(Alias::new(column))
                    .to_owned(),
            )
            .await?;
        }
        m.drop_table(Table::drop().table(Alias::new("manual_chases")).to_owned())
            .await
    }
}
