//! Review as a loop: a report returned to its lead for changes, with the board's notes.
//!
//! - `report_returns`: one row per return — the report, the revision returned, who
//!   returned it and when, and a general note. The unique index on (report, revision)
//!   is "a revision is returned at most once", held by the database when two board
//!   members return the same report at the same moment.
//! - `report_return_notes`: the notes of a return pinned to the form's sections (a
//!   section's name, "budget", and the note), each section at most once per return.

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
                .table(Alias::new("report_returns"))
                .col(big_pk_auto("id"))
                .col(big_integer("report_id"))
                .col(integer("revision"))
                .col(big_integer_null("returned_by_id"))
                .col(string("returned_by_name"))
                .col(text_null("general_note"))
                .col(timestamp_with_time_zone("returned_at"))
                .foreign_key(&mut fk(
                    "fk_report_returns_report",
                    ("report_returns", "report_id"),
                    "highlight_reports",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_report_returns_by",
                    ("report_returns", "returned_by_id"),
                    "users",
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ux_report_returns_once_per_revision",
            "report_returns",
            &["report_id", "revision"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("report_return_notes"))
                .col(big_pk_auto("id"))
                .col(big_integer("return_id"))
                .col(string("section"))
                .col(text("body"))
                .foreign_key(&mut fk(
                    "fk_report_return_notes_return",
                    ("report_return_notes", "return_id"),
                    "report_returns",
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ux_report_return_notes_section",
            "report_return_notes",
            &["return_id", "section"],
            true,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(Alias::new("report_return_notes"))
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(Alias::new("report_returns")).to_owned())
            .await
    }
}
