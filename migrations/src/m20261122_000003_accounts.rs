//! Accounts and accountability: sessions (kept in the database so they survive restarts
//! and work across instances), API tokens, sign-in attempts (for throttling), the audit
//! log of every change, and the board's review comments on reports.
//!
//! Secrets are never stored: session ids and API tokens are kept as SHA-256 hashes.

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
                .table(Alias::new("sessions"))
                .col(string_len("id", 64).primary_key())
                .col(big_integer("user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("last_seen_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .foreign_key(&mut fk(
                    "fk_sessions_user",
                    ("sessions", "user_id"),
                    "users",
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("api_tokens"))
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string("name"))
                .col(string_len_uniq("token_hash", 64))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("last_used_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .foreign_key(&mut fk(
                    "fk_api_tokens_user",
                    ("api_tokens", "user_id"),
                    "users",
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("login_attempts"))
                .col(big_pk_auto("id"))
                .col(string("email"))
                .col(string("address"))
                .col(boolean("succeeded"))
                .col(timestamp_with_time_zone("at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("audit_log"))
                .col(big_pk_auto("id"))
                .col(timestamp_with_time_zone("at"))
                .col(big_integer_null("actor_id"))
                .col(string("actor_name"))
                .col(big_integer_null("programme_id"))
                .col(string("action"))
                .col(string("entity"))
                .col(string("entity_id"))
                .col(text_null("before"))
                .col(text_null("after"))
                .foreign_key(&mut fk(
                    "fk_audit_log_actor",
                    ("audit_log", "actor_id"),
                    "users",
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_audit_log_programme",
                    ("audit_log", "programme_id"),
                    "programmes",
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("report_comments"))
                .col(big_pk_auto("id"))
                .col(big_integer("report_id"))
                .col(integer("revision"))
                .col(big_integer_null("author_id"))
                .col(string("author_name"))
                .col(text("body"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "fk_report_comments_report",
                    ("report_comments", "report_id"),
                    "highlight_reports",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_report_comments_author",
                    ("report_comments", "author_id"),
                    "users",
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        for i in [
            index("ix_sessions_user", "sessions", &["user_id"], false),
            index("ix_sessions_expires", "sessions", &["expires_at"], false),
            index("ix_api_tokens_user", "api_tokens", &["user_id"], false),
            index(
                "ix_login_attempts_email",
                "login_attempts",
                &["email", "at"],
                false,
            ),
            index(
                "ix_login_attempts_address",
                "login_attempts",
                &["address", "at"],
                false,
            ),
            index(
                "ix_audit_log_programme",
                "audit_log",
                &["programme_id", "at"],
                false,
            ),
            index("ix_audit_log_at", "audit_log", &["at"], false),
            index(
                "ix_report_comments_report",
                "report_comments",
                &["report_id"],
                false,
            ),
        ] {
            m.create_index(i).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "report_comments",
            "audit_log",
            "login_attempts",
            "api_tokens",
            "sessions",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
