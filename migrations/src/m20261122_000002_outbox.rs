//! E-mail: the outbox every message goes through, single-use sign-in links, mail
//! captured in development, and each person's choice about the weekly digest.
//!
//! Why an outbox: the scheduler *plans* reminders by inserting rows here under a
//! unique `dedupe_key`, in the same transaction as the periods it opens, so planning
//! twice (or from two processes) queues nothing twice; a worker *delivers* them,
//! claiming rows with a lease (`claimed_until`) and retrying with back-off. The
//! `message_id` is fixed at planning so a re-sent message can be recognised by its
//! receiver. Sign-in links are stored as SHA-256 hashes only; the outbox never holds a
//! raw token (it is issued when the message is rendered, just before sending).

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
        for table in tables() {
            m.create_table(table).await?;
        }
        for index in indexes() {
            m.create_index(index).await?;
        }
        m.alter_table(
            Table::alter()
                .table(Alias::new("users"))
                .add_column(boolean("digest_opt_out").default(false))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("users"))
                .drop_column(Alias::new("digest_opt_out"))
                .to_owned(),
        )
        .await?;
        for name in ["captured_mail", "login_links", "outbox"] {
            m.drop_table(Table::drop().table(Alias::new(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}

fn tables() -> Vec<TableCreateStatement> {
    use ForeignKeyAction::{Cascade, SetNull};
    vec![
        Table::create()
            .table(Alias::new("outbox"))
            .col(big_pk_auto("id"))
            .col(string_uniq("dedupe_key"))
            .col(string("kind"))
            .col(big_integer_null("recipient_user_id"))
            .col(string("recipient_address"))
            .col(string("recipient_name"))
            .col(big_integer_null("programme_id"))
            .col(big_integer_null("workstream_id"))
            .col(big_integer_null("period_id"))
            .col(text("data"))
            .col(string_null("link_purpose"))
            .col(string_null("link_path"))
            .col(string_uniq("message_id"))
            .col(string("status"))
            .col(integer("attempts").default(0))
            .col(timestamp_with_time_zone("next_attempt_at"))
            .col(timestamp_with_time_zone_null("claimed_until"))
            .col(string_null("claimed_by"))
            .col(text_null("last_error"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .col(timestamp_with_time_zone_null("sent_at"))
            .foreign_key(&mut fk(
                "fk_outbox_recipient",
                ("outbox", "recipient_user_id"),
                "users",
                SetNull,
            ))
            .foreign_key(&mut fk(
                "fk_outbox_programme",
                ("outbox", "programme_id"),
                "programmes",
                Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_outbox_workstream",
                ("outbox", "workstream_id"),
                "workstreams",
                Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_outbox_period",
                ("outbox", "period_id"),
                "reporting_periods",
                Cascade,
            ))
            .to_owned(),
        Table::create()
            .table(Alias::new("login_links"))
            .col(big_pk_auto("id"))
            .col(big_integer("user_id"))
            .col(string_uniq("token_hash"))
            .col(string("purpose"))
            .col(string("redirect_to"))
            .col(timestamp_with_time_zone("expires_at"))
            .col(timestamp_with_time_zone_null("used_at"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut fk(
                "fk_login_links_user",
                ("login_links", "user_id"),
                "users",
                Cascade,
            ))
            .to_owned(),
        Table::create()
            .table(Alias::new("captured_mail"))
            .col(big_pk_auto("id"))
            .col(big_integer_null("outbox_id"))
            .col(string("message_id"))
            .col(string("recipient"))
            .col(text("subject"))
            .col(text("text_body"))
            .col(text("html_body"))
            .col(timestamp_with_time_zone("captured_at"))
            .foreign_key(&mut fk(
                "fk_captured_mail_outbox",
                ("captured_mail", "outbox_id"),
                "outbox",
                SetNull,
            ))
            .to_owned(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index(
            "ix_outbox_due",
            "outbox",
            &["status", "next_attempt_at"],
            false,
        ),
        index("ix_outbox_period", "outbox", &["period_id"], false),
        index("ix_login_links_user", "login_links", &["user_id"], false),
        index(
            "ix_captured_mail_at",
            "captured_mail",
            &["captured_at"],
            false,
        ),
    ]
}
