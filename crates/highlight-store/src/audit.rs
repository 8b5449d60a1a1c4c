//! The audit log: every change, who made it, when, and the record before and after.
//!
//! Handlers call [`record`] in the same transaction as the change, so the log and the
//! data cannot disagree. The programme office reads it per programme.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use crate::StoreResult;
use serde::Serialize;

use crate::entities::audit_log;

/// Who made a change (none: Highlight itself, e.g. a scheduled pass).
#[derive(Debug, Clone, Copy)]
pub struct Who<'a> {
    pub id: i64,
    pub name: &'a str,
}

/// One change to record.
#[derive(Debug)]
pub struct Change<'a, B: Serialize, A: Serialize> {
    pub programme_id: Option<i64>,
    /// What was done, in the domain's words: "report.submitted", "pid.rebaselined".
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub before: Option<&'a B>,
    pub after: Option<&'a A>,
}

pub async fn record<B: Serialize, A: Serialize>(
    db: &impl ConnectionTrait,
    who: Option<Who<'_>>,
    change: Change<'_, B, A>,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let json = |v: Option<&dyn erased::Json>| v.map(|v| v.to_json());
    audit_log::ActiveModel {
        at: Set(at),
        actor_id: Set(who.map(|w| w.id)),
        actor_name: Set(who.map_or_else(|| "Highlight".to_owned(), |w| w.name.to_owned())),
        programme_id: Set(change.programme_id),
        action: Set(change.action.to_owned()),
        entity: Set(change.entity.to_owned()),
        entity_id: Set(change.entity_id),
        before: Set(json(change.before.map(|b| b as &dyn erased::Json))),
        after: Set(json(change.after.map(|a| a as &dyn erased::Json))),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

mod erased {
    pub trait Json {
        fn to_json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> String {
            serde_json::to_string(self)
                .unwrap_or_else(|e| format!("{{\"unserialisable\": \"{e}\"}}"))
        }
    }
}
