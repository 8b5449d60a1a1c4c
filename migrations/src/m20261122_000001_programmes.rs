//! The first schema: people, programmes, workstreams, PIDs, reporting periods,
//! highlight reports with their revisions, risks, project issues, interdependencies,
//! board decisions and actions, and self-assessments.
//!
//! Conventions: `id` is a 64-bit surrogate key; money is integer pence; instants are
//! UTC timestamps; calendar dates are dates; statuses are the domain's snake_case words
//! as text; structured documents the domain owns whole (report content, reporting
//! cycle, tolerances) are JSON text, with the columns the board filters on copied out.

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
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in tables().iter().rev() {
            let name = table
                .get_table_name()
                .cloned()
                .ok_or_else(|| DbErr::Migration("table without a name".into()))?;
            m.drop_table(Table::drop().table(name).to_owned()).await?;
        }
        Ok(())
    }
}

fn id() -> ColumnDef {
    big_pk_auto("id")
}

fn table(name: &'static str) -> TableCreateStatement {
    Table::create().table(Alias::new(name)).col(id()).to_owned()
}

fn created_updated(t: &mut TableCreateStatement) -> &mut TableCreateStatement {
    t.col(timestamp_with_time_zone("created_at"))
        .col(timestamp_with_time_zone("updated_at"))
}

fn tables() -> Vec<TableCreateStatement> {
    use ForeignKeyAction::{Cascade, Restrict, SetNull};
    vec![
        created_updated(
            table("users")
                .col(string_uniq("email"))
                .col(string("name"))
                .col(text_null("password_hash"))
                .col(boolean("is_admin").default(false))
                .col(timestamp_with_time_zone_null("disabled_at")),
        )
        .to_owned(),
        table("bank_holidays")
            .col(string("region"))
            .col(date("date"))
            .col(string("name"))
            .to_owned(),
        created_updated(
            table("programmes")
                .col(string_uniq("slug"))
                .col(string("name"))
                .col(text("description").default(""))
                .col(string("sponsor").default(""))
                .col(big_integer_null("programme_manager_id"))
                .col(string("time_zone"))
                .col(string_len("currency", 3))
                .col(string("holiday_region"))
                .col(text("reporting_cycle"))
                .col(text("reminder_policy"))
                .foreign_key(&mut fk(
                    "fk_programmes_manager",
                    ("programmes", "programme_manager_id"),
                    "users",
                    SetNull,
                )),
        )
        .to_owned(),
        table("programme_roles")
            .col(big_integer("programme_id"))
            .col(big_integer("user_id"))
            .col(string("role"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut fk(
                "fk_programme_roles_programme",
                ("programme_roles", "programme_id"),
                "programmes",
                Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_programme_roles_user",
                ("programme_roles", "user_id"),
                "users",
                Cascade,
            ))
            .to_owned(),
        created_updated(
            table("workstreams")
                .col(big_integer("programme_id"))
                .col(string("slug"))
                .col(string("name"))
                .col(big_integer_null("lead_id"))
                .col(big_integer_null("deputy_id"))
                .col(string("lead_organisation").default(""))
                .col(integer("stage").default(1))
                .col(string("status"))
                .col(integer("position").default(0))
                .foreign_key(&mut fk(
                    "fk_workstreams_programme",
                    ("workstreams", "programme_id"),
                    "programmes",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_workstreams_lead",
                    ("workstreams", "lead_id"),
                    "users",
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_workstreams_deputy",
                    ("workstreams", "deputy_id"),
                    "users",
                    SetNull,
                )),
        )
        .to_owned(),
        table("pids")
            .col(big_integer("workstream_id"))
            .col(integer("version"))
            .col(text("key_proposals"))
            .col(big_integer_null("baseline_budget_pence"))
            .col(text("tolerances"))
            .col(string_null("agreed_by"))
            .col(date_null("agreed_on"))
            .col(text_null("rebaseline_reason"))
            .col(big_integer_null("created_by_id"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut fk(
                "fk_pids_workstream",
                ("pids", "workstream_id"),
                "workstreams",
                Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_pids_created_by",
                ("pids", "created_by_id"),
                "users",
                SetNull,
            ))
            .to_owned(),
        table("pid_deliverables")
            .col(big_integer("pid_id"))
            .col(integer("position"))
            .col(text("name"))
            .col(date_null("target_date"))
            .col(string_null("target_label"))
            .col(date_null("done_on"))
            .foreign_key(&mut fk(
                "fk_pid_deliverables_pid",
                ("pid_deliverables", "pid_id"),
                "pids",
                Cascade,
            ))
            .to_owned(),
        table("pid_stages")
            .col(big_integer("pid_id"))
            .col(integer("number"))
            .col(string("name"))
            .col(date_null("starts_on"))
            .col(date_null("ends_on"))
            .foreign_key(&mut fk(
                "fk_pid_stages_pid",
                ("pid_stages", "pid_id"),
                "pids",
                Cascade,
            ))
            .to_owned(),
        table("reporting_periods")
            .col(big_integer("programme_id"))
            .col(date("covers_from"))
            .col(date("due_date"))
            .col(timestamp_with_time_zone("deadline_at"))
            .col(timestamp_with_time_zone("opened_at"))
            .foreign_key(&mut fk(
                "fk_reporting_periods_programme",
                ("reporting_periods", "programme_id"),
                "programmes",
                Cascade,
            ))
            .to_owned(),
        table("highlight_reports")
            .col(big_integer("workstream_id"))
            .col(big_integer("period_id"))
            .col(string("state"))
            .col(integer("lock_version").default(0))
            .col(text("draft"))
            .col(integer("current_revision").default(0))
            .col(string_null("overall_rag"))
            .col(boolean("has_exception").default(false))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .col(timestamp_with_time_zone_null("submitted_at"))
            .col(timestamp_with_time_zone_null("reviewed_at"))
            .col(big_integer_null("reviewed_by_id"))
            .foreign_key(&mut fk(
                "fk_highlight_reports_workstream",
                ("highlight_reports", "workstream_id"),
                "workstreams",
                Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_highlight_reports_period",
                ("highlight_reports", "period_id"),
                "reporting_periods",
                Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_highlight_reports_reviewed_by",
                ("highlight_reports", "reviewed_by_id"),
                "users",
                SetNull,
            ))
            .to_owned(),
        table("report_revisions")
            .col(big_integer("report_id"))
            .col(integer("number"))
            .col(text("content"))
            .col(text("assessment"))
            .col(text_null("reason"))
            .col(big_integer_null("submitted_by_id"))
            .col(timestamp_with_time_zone("submitted_at"))
            .foreign_key(&mut fk(
                "fk_report_revisions_report",
                ("report_revisions", "report_id"),
                "highlight_reports",
                Restrict,
            ))
            .foreign_key(&mut fk(
                "fk_report_revisions_submitted_by",
                ("report_revisions", "submitted_by_id"),
                "users",
                SetNull,
            ))
            .to_owned(),
        created_updated(
            table("risks")
                .col(big_integer("programme_id"))
                .col(big_integer_null("workstream_id"))
                .col(text("description"))
                .col(text("cause").default(""))
                .col(text("effect").default(""))
                .col(small_integer("likelihood"))
                .col(small_integer("impact"))
                .col(small_integer("score"))
                .col(string("proximity").default(""))
                .col(string("owner").default(""))
                .col(text("response").default(""))
                .col(string("status"))
                .foreign_key(&mut fk(
                    "fk_risks_programme",
                    ("risks", "programme_id"),
                    "programmes",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_risks_workstream",
                    ("risks", "workstream_id"),
                    "workstreams",
                    Cascade,
                )),
        )
        .to_owned(),
        table("risk_updates")
            .col(big_integer("risk_id"))
            .col(timestamp_with_time_zone("at"))
            .col(text("note"))
            .col(small_integer("likelihood"))
            .col(small_integer("impact"))
            .col(big_integer_null("author_id"))
            .foreign_key(&mut fk(
                "fk_risk_updates_risk",
                ("risk_updates", "risk_id"),
                "risks",
                Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_risk_updates_author",
                ("risk_updates", "author_id"),
                "users",
                SetNull,
            ))
            .to_owned(),
        created_updated(
            table("project_issues")
                .col(big_integer("programme_id"))
                .col(big_integer_null("workstream_id"))
                .col(text("description"))
                .col(date("raised_on"))
                .col(string("raised_by").default(""))
                .col(string("owner").default(""))
                .col(string("priority"))
                .col(string("status"))
                .col(text("resolution").default(""))
                .foreign_key(&mut fk(
                    "fk_project_issues_programme",
                    ("project_issues", "programme_id"),
                    "programmes",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_project_issues_workstream",
                    ("project_issues", "workstream_id"),
                    "workstreams",
                    Cascade,
                )),
        )
        .to_owned(),
        table("interdependencies")
            .col(big_integer("programme_id"))
            .col(big_integer("from_workstream_id"))
            .col(big_integer("to_workstream_id"))
            .col(string("kind"))
            .col(text("note").default(""))
            .foreign_key(&mut fk(
                "fk_interdependencies_programme",
                ("interdependencies", "programme_id"),
                "programmes",
                Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_interdependencies_from",
                ("interdependencies", "from_workstream_id"),
                "workstreams",
                Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_interdependencies_to",
                ("interdependencies", "to_workstream_id"),
                "workstreams",
                Cascade,
            ))
            .to_owned(),
        created_updated(
            table("board_actions")
                .col(big_integer("programme_id"))
                .col(big_integer_null("workstream_id"))
                .col(string("kind"))
                .col(date("meeting_on"))
                .col(text("description"))
                .col(string("owner").default(""))
                .col(date_null("due_on"))
                .col(text("resource_implications").default(""))
                .col(string("status"))
                .foreign_key(&mut fk(
                    "fk_board_actions_programme",
                    ("board_actions", "programme_id"),
                    "programmes",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_board_actions_workstream",
                    ("board_actions", "workstream_id"),
                    "workstreams",
                    Cascade,
                )),
        )
        .to_owned(),
        table("board_action_updates")
            .col(big_integer("action_id"))
            .col(date("on_date"))
            .col(text("note"))
            .col(big_integer_null("author_id"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut fk(
                "fk_board_action_updates_action",
                ("board_action_updates", "action_id"),
                "board_actions",
                Cascade,
            ))
            .foreign_key(&mut fk(
                "fk_board_action_updates_author",
                ("board_action_updates", "author_id"),
                "users",
                SetNull,
            ))
            .to_owned(),
        table("questionnaires")
            .col(big_integer_null("programme_id"))
            .col(string("title"))
            .col(text("questions"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut fk(
                "fk_questionnaires_programme",
                ("questionnaires", "programme_id"),
                "programmes",
                Cascade,
            ))
            .to_owned(),
        table("self_assessments")
            .col(big_integer("questionnaire_id"))
            .col(string("subject"))
            .col(date("assessed_on"))
            .col(text("ratings"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut fk(
                "fk_self_assessments_questionnaire",
                ("self_assessments", "questionnaire_id"),
                "questionnaires",
                Cascade,
            ))
            .to_owned(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index(
            "ux_bank_holidays",
            "bank_holidays",
            &["region", "date"],
            true,
        ),
        index(
            "ux_programme_roles",
            "programme_roles",
            &["programme_id", "user_id", "role"],
            true,
        ),
        index(
            "ix_programme_roles_user",
            "programme_roles",
            &["user_id"],
            false,
        ),
        index(
            "ux_workstreams_slug",
            "workstreams",
            &["programme_id", "slug"],
            true,
        ),
        index("ix_workstreams_lead", "workstreams", &["lead_id"], false),
        index(
            "ux_pids_version",
            "pids",
            &["workstream_id", "version"],
            true,
        ),
        index(
            "ix_pid_deliverables_pid",
            "pid_deliverables",
            &["pid_id"],
            false,
        ),
        index("ix_pid_stages_pid", "pid_stages", &["pid_id"], false),
        index(
            "ux_reporting_periods_due",
            "reporting_periods",
            &["programme_id", "due_date"],
            true,
        ),
        index(
            "ix_reporting_periods_deadline",
            "reporting_periods",
            &["deadline_at"],
            false,
        ),
        index(
            "ux_highlight_reports",
            "highlight_reports",
            &["workstream_id", "period_id"],
            true,
        ),
        index(
            "ix_highlight_reports_period",
            "highlight_reports",
            &["period_id"],
            false,
        ),
        index(
            "ux_report_revisions",
            "report_revisions",
            &["report_id", "number"],
            true,
        ),
        index(
            "ix_risks_programme",
            "risks",
            &["programme_id", "status", "score"],
            false,
        ),
        index("ix_risks_workstream", "risks", &["workstream_id"], false),
        index("ix_risk_updates_risk", "risk_updates", &["risk_id"], false),
        index(
            "ix_project_issues_programme",
            "project_issues",
            &["programme_id", "status"],
            false,
        ),
        index(
            "ux_interdependencies",
            "interdependencies",
            &["from_workstream_id", "to_workstream_id", "kind"],
            true,
        ),
        index(
            "ix_board_actions_programme",
            "board_actions",
            &["programme_id", "status", "due_on"],
            false,
        ),
        index(
            "ix_board_action_updates_action",
            "board_action_updates",
            &["action_id"],
            false,
        ),
    ]
}
