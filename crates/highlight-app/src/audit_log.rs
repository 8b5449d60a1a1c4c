//! Reading the audit log as a person would: newest first, fifty to a page, each entry
//! saying when (in the programme's time zone), who, what in words, and — field by
//! field — what changed from before to after (changed fields only).

use std::collections::BTreeMap;

use chrono_tz::Tz;
use serde::Serialize;
use serde_json::Value;

use crate::error::AppResult;
use highlight_store::Conn;
use highlight_store::audit_log;
use highlight_store::audit_log::AuditEntryRecord;

/// Entries per page.
pub const PER_PAGE: u64 = 50;

/// One changed field: its path in the record, and its value before and after
/// ("—" where there was none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// One entry, ready to show or return.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    /// "19 Nov 2026 14:05 GMT", in the programme's time zone.
    pub when: String,
    pub who: String,
    /// The action code ("pid.rebaselined").
    pub action: String,
    /// The action in words ("Re-baselined a PID").
    pub what: String,
    pub entity: String,
    pub entity_id: String,
    pub changes: Vec<FieldChange>,
}

/// A page of entries.
#[derive(Debug, Clone, Serialize)]
pub struct AuditPage {
    pub entries: Vec<Entry>,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
}

/// Page `page` (from 1) of the log of a programme, or of account changes (`None`).
/// A page before the first is the first, and one after the last is the last: a
/// hand-typed `?page=` of any size shows entries, never an error.
#[tracing::instrument(skip_all, fields(programme = ?programme_id, page))]
pub async fn page(
    db: &impl Conn,
    programme_id: Option<i64>,
    tz: Tz,
    page: u64,
) -> AppResult<AuditPage> {
    let total = audit_log::count(db, programme_id).await?;
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let rows = audit_log::entries(db, programme_id, (page - 1) * PER_PAGE, PER_PAGE).await?;
    Ok(AuditPage {
        entries: rows.iter().map(|r| entry(r, tz)).collect(),
        page,
        pages,
        total,
    })
}

fn entry(row: &AuditEntryRecord, tz: Tz) -> Entry {
    let parse = |t: &Option<String>| {
        t.as_deref()
            .map(|t| serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_owned())))
    };
    Entry {
        id: row.id,
        at: row.at.to_rfc3339(),
        when: crate::format::date_time(&row.at.with_timezone(&tz)),
        who: row.actor_name.clone(),
        action: row.action.clone(),
        what: action_in_words(&row.action),
        entity: row.entity.clone(),
        entity_id: row.entity_id.clone(),
        changes: diff(parse(&row.before).as_ref(), parse(&row.after).as_ref()),
    }
}

/// The action codes in words.
pub fn action_in_words(action: &str) -> String {
    match action {
        "programme.created" => "Created the programme".into(),
        "programme.updated" => "Changed the programme's settings".into(),
        "member.added" => "Gave someone a role in the programme".into(),
        "member.removed" => "Took a role away".into(),
        "workstream.created" => "Added a workstream".into(),
        "workstream.updated" => "Changed a workstream".into(),
        "workstreams.imported" => "Imported workstreams from a CSV file".into(),
        "pid.created" => "Recorded the first version of a PID".into(),
        "pid.rebaselined" => "Re-baselined a PID (a new version)".into(),
        "user.created" => "Created an account".into(),
        "user.password_changed" => "Changed their password".into(),
        "user.password_set" => "Chose their first password (from an invitation)".into(),
        "user.invited" => "Sent an invitation".into(),
        "user.disabled" => "Disabled an account".into(),
        "user.enabled" => "Enabled an account again".into(),
        "token.created" => "Issued an API token".into(),
        "token.revoked" => "Revoked an API token".into(),
        other => {
            let words = other.replace(['.', '_'], " ");
            let mut c = words.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        }
    }
}

/// The fields that differ between two JSON records, by path (`tolerances.time_days`,
/// `deliverables[1].name`), in path order.
pub fn diff(before: Option<&Value>, after: Option<&Value>) -> Vec<FieldChange> {
    let mut a = BTreeMap::new();
    let mut b = BTreeMap::new();
    if let Some(v) = before {
        flatten("", v, &mut a);
    }
    if let Some(v) = after {
        flatten("", v, &mut b);
    }
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| FieldChange {
            field: if k.is_empty() {
                "value".into()
            } else {
                k.clone()
            },
            before: a.get(k).cloned().unwrap_or_else(|| "—".into()),
            after: b.get(k).cloned().unwrap_or_else(|| "—".into()),
        })
        .collect()
}

fn flatten(path: &str, v: &Value, out: &mut BTreeMap<String, String>) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match v {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                flatten(&join(k), v, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{path}[{i}]"), v, out);
            }
        }
        Value::Null => {}
        Value::String(s) if s.is_empty() => {}
        Value::String(s) => {
            out.insert(path.to_owned(), s.clone());
        }
        Value::Object(_) | Value::Array(_) => {}
        other => {
            out.insert(path.to_owned(), other.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_changed_fields_are_listed_with_their_paths() {
        let before = json!({"name": "Shared Services", "stage": 1, "lead": null,
            "tolerances": {"time_days": 56, "cost": {"amount": 100}}});
        let after = json!({"name": "Shared Services", "stage": 2, "lead": "Rachel",
            "tolerances": {"time_days": 56, "cost": {"amount": 200}}});
        assert_eq!(
            diff(Some(&before), Some(&after)),
            vec![
                FieldChange {
                    field: "lead".into(),
                    before: "—".into(),
                    after: "Rachel".into()
                },
                FieldChange {
                    field: "stage".into(),
                    before: "1".into(),
                    after: "2".into()
                },
                FieldChange {
                    field: "tolerances.cost.amount".into(),
                    before: "100".into(),
                    after: "200".into()
                },
            ]
        );
    }

    #[test]
    fn a_creation_lists_every_field_as_new() {
        let after = json!({"items": [{"name": "A"}]});
        assert_eq!(
            diff(None, Some(&after)),
            vec![FieldChange {
                field: "items[0].name".into(),
                before: "—".into(),
                after: "A".into()
            }]
        );
    }

    #[test]
    fn unknown_actions_still_read_as_words() {
        assert_eq!(action_in_words("report.submitted"), "Report submitted");
    }
}
