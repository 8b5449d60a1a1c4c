//! A programme's audit log: who changed what, when, field by field.

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{WebError, WebResult};
use highlight_app::audit_log as service;

/// A page of entries, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// This page, from 1 (50 entries a page).
    pub page: u64,
    pub pages: u64,
    /// How many entries in all.
    pub total: u64,
}

/// One change.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// Who made it (their name at the time).
    pub who: String,
    /// The action code, e.g. `pid.rebaselined`, `report.submitted`.
    pub action: String,
    /// What was changed, e.g. `highlight_report`, and its id.
    pub entity: String,
    pub entity_id: String,
    /// The fields that changed, by path (`tolerances.time_days`), in path order.
    pub changes: Vec<AuditChange>,
}

/// One changed field, its value before and after (none where there was none).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The service shows a missing value as a dash.
fn value(text: &str) -> Option<String> {
    (text != "—").then(|| text.to_owned())
}

impl TryFrom<&service::AuditPage> for AuditPage {
    type Error = WebError;

    fn try_from(p: &service::AuditPage) -> WebResult<Self> {
        Ok(AuditPage {
            entries: p
                .entries
                .iter()
                .map(|e| {
                    Ok(AuditEntry {
                        id: e.id,
                        at: DateTime::parse_from_rfc3339(&e.at)
                            .with_context(|| format!("reading the time of audit entry {}", e.id))
                            .map_err(WebError::Internal)?
                            .with_timezone(&Utc),
                        who: e.who.clone(),
                        action: e.action.clone(),
                        entity: e.entity.clone(),
                        entity_id: e.entity_id.clone(),
                        changes: e
                            .changes
                            .iter()
                            .map(|c| AuditChange {
                                field: c.field.clone(),
                                before: value(&c.before),
                                after: value(&c.after),
                            })
                            .collect(),
                    })
                })
                .collect::<WebResult<_>>()?,
            page: p.page,
            pages: p.pages,
            total: p.total,
        })
    }
}
