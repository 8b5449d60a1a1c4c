//! Reports returned for changes: one row per return (the revision returned, who, when,
//! a general note) and its notes pinned to the form's sections.
//!
//! Returning writes the report's state with a guard (`WHERE state = 'submitted' AND
//! current_revision = ?`) and the return row under a unique (report, revision) index,
//! so of two board members returning the same report at once, one wins and the
//! other's write changes nothing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use highlight_domain::{ReportSection, ReportState, ReturnNotes, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::entities::{highlight_reports, report_return_notes, report_returns};
use crate::{StoreError, StoreResult};

/// A return as stored, its notes read into the domain's [`ReturnNotes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnRecord {
    pub id: i64,
    pub report_id: i64,
    /// The revision returned.
    pub revision: i32,
    pub returned_by_id: Option<UserId>,
    pub returned_by_name: String,
    pub returned_at: DateTime<Utc>,
    pub notes: ReturnNotes,
}

/// A return to record.
#[derive(Debug, Clone)]
pub struct NewReturn<'a> {
    pub report_id: i64,
    pub revision: i32,
    pub returned_by_id: i64,
    pub returned_by_name: &'a str,
    pub notes: &'a ReturnNotes,
}

/// Marks the report returned if it is still "submitted" at `revision`; `false` (and
/// nothing written) when someone returned, reviewed or corrected it first.
pub async fn mark_returned(
    db: &impl ConnectionTrait,
    report_id: i64,
    revision: i32,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let changed = highlight_reports::Entity::update_many()
        .col_expr(
            highlight_reports::Column::State,
            Expr::value(ReportState::Returned.as_str()),
        )
        .col_expr(highlight_reports::Column::UpdatedAt, Expr::value(at))
        .filter(highlight_reports::Column::Id.eq(report_id))
        .filter(highlight_reports::Column::State.eq(ReportState::Submitted.as_str()))
        .filter(highlight_reports::Column::CurrentRevision.eq(revision))
        .exec(db)
        .await?;
    Ok(changed.rows_affected > 0)
}

/// Records a return and its notes; `None` (nothing written) when this revision of the
/// report has been returned already.
pub async fn record(
    db: &impl ConnectionTrait,
    new: &NewReturn<'_>,
    at: DateTime<Utc>,
) -> StoreResult<Option<ReturnRecord>> {
    let row = report_returns::ActiveModel {
        report_id: Set(new.report_id),
        revision: Set(new.revision),
        returned_by_id: Set(Some(new.returned_by_id)),
        returned_by_name: Set(new.returned_by_name.to_owned()),
        general_note: Set(new.notes.general.clone()),
        returned_at: Set(at),
        ..Default::default()
    };
    let inserted = report_returns::Entity::insert(row)
        .on_conflict_do_nothing_on([
            report_returns::Column::ReportId,
            report_returns::Column::Revision,
        ])
        .exec_without_returning(db)
        .await?;
    if !matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0) {
        return Ok(None);
    }
    let stored = report_returns::Entity::find()
        .filter(report_returns::Column::ReportId.eq(new.report_id))
        .filter(report_returns::Column::Revision.eq(new.revision))
        .one(db)
        .await?
        .ok_or_else(|| StoreError::NotFound("the return just recorded".into()))?;
    if !new.notes.sections.is_empty() {
        report_return_notes::Entity::insert_many(new.notes.sections.iter().map(|(s, body)| {
            report_return_notes::ActiveModel {
                return_id: Set(stored.id),
                section: Set(s.as_str().to_owned()),
                body: Set(body.clone()),
                ..Default::default()
            }
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(Some(ReturnRecord {
        id: stored.id,
        report_id: stored.report_id,
        revision: stored.revision,
        returned_by_id: stored.returned_by_id.map(UserId),
        returned_by_name: stored.returned_by_name,
        returned_at: stored.returned_at,
        notes: new.notes.clone(),
    }))
}

/// The latest return of each report given, with its notes, by report id (two queries).
pub async fn latest_of_reports(
    db: &impl ConnectionTrait,
    report_ids: &[i64],
) -> StoreResult<HashMap<i64, ReturnRecord>> {
    if report_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = report_returns::Entity::find()
        .filter(report_returns::Column::ReportId.is_in(report_ids.iter().copied()))
        .order_by_asc(report_returns::Column::Revision)
        .all(db)
        .await?;
    let mut latest: HashMap<i64, report_returns::Model> = HashMap::new();
    for r in rows {
        latest.insert(r.report_id, r);
    }
    let notes = report_return_notes::Entity::find()
        .filter(report_return_notes::Column::ReturnId.is_in(latest.values().map(|r| r.id)))
        .order_by_asc(report_return_notes::Column::Id)
        .all(db)
        .await?;
    let mut by_return: HashMap<i64, Vec<(ReportSection, String)>> = HashMap::new();
    for n in notes {
        let section: ReportSection = n.section.parse().map_err(|e| {
            StoreError::damaged("report_return_notes", "section", n.id, &n.section, e)
        })?;
        by_return
            .entry(n.return_id)
            .or_default()
            .push((section, n.body));
    }
    Ok(latest
        .into_values()
        .map(|r| {
            let mut sections = by_return.remove(&r.id).unwrap_or_default();
            sections.sort_by_key(|(s, _)| ReportSection::ALL.iter().position(|a| a == s));
            (
                r.report_id,
                ReturnRecord {
                    id: r.id,
                    report_id: r.report_id,
                    revision: r.revision,
                    returned_by_id: r.returned_by_id.map(UserId),
                    returned_by_name: r.returned_by_name,
                    returned_at: r.returned_at,
                    notes: ReturnNotes {
                        general: r.general_note,
                        sections,
                    },
                },
            )
        })
        .collect())
}

/// The latest return of a report, if it was ever returned.
pub async fn latest(
    db: &impl ConnectionTrait,
    report_id: i64,
) -> StoreResult<Option<ReturnRecord>> {
    Ok(latest_of_reports(db, &[report_id])
        .await?
        .remove(&report_id))
}
