//! sea-orm entities, one per table, mirroring `migrations/` column for column.
//!
//! Relations are expressed as explicit filters in the `store` modules (set-based
//! queries with `IN (...)`), so no entity declares navigation it does not need.

pub mod api_tokens;
pub mod audit_log;
pub mod bank_holidays;
// Only tests reach this table today: progress notes under a board action: no page writes them yet (issue 11).
#[cfg_attr(not(feature = "testing"), allow(dead_code))]
pub mod board_action_updates;
pub mod board_actions;
pub mod captured_mail;
pub mod highlight_reports;
pub mod interdependencies;
pub mod issued_packs;
pub mod kept_forms;
// Only tests reach this table today: no longer written (sign-in counts moved to `signin_counters`); kept, as migrations are append-only.
#[cfg_attr(not(feature = "testing"), allow(dead_code))]
pub mod login_attempts;
pub mod login_links;
pub mod manual_chases;
pub mod outbox;
pub mod pid_deliverables;
pub mod pid_stages;
pub mod pids;
pub mod programme_roles;
pub mod programmes;
pub mod project_issues;
// Only tests reach this table today: partnership self-assessments: no page reads them yet (issue 11).
#[cfg_attr(not(feature = "testing"), allow(dead_code))]
pub mod questionnaires;
pub mod report_comments;
pub mod report_return_notes;
pub mod report_returns;
pub mod report_revisions;
pub mod reporting_periods;
// Only tests reach this table today: a risk's dated history: no page writes it yet (issue 11).
#[cfg_attr(not(feature = "testing"), allow(dead_code))]
pub mod risk_updates;
pub mod risks;
// Only tests reach this table today: partnership self-assessments: no page reads them yet (issue 11).
#[cfg_attr(not(feature = "testing"), allow(dead_code))]
pub mod self_assessments;
pub mod sessions;
pub mod users;
pub mod workstreams;
