//! Reporting cycles and reminders: each pass opens the periods that have started and
//! plans the reminders and digests due, as outbox rows under unique keys (the rules are
//! the domain's: `periods_to_open`, `reminders_due`, `catch_up`, `digest_due`,
//! `actions_to_chase`). Planning never sends; the mail worker delivers.

pub mod data;
pub mod plan;
pub mod snapshot;

pub use plan::{PlanReport, plan, plan_dry_run};
