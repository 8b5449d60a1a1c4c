//! Highlight reports: the working draft and the submitted revisions, kept for ever.
//!
//! Every write to a report row is guarded by its `lock_version` (`UPDATE … WHERE id = ?
//! AND lock_version = ?`): two people editing the same report never overwrite each
//! other silently; the later write changes no row and the caller shows a conflict.

use crate::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use highlight_domain::{
    Assessment, HighlightReportContent, Rag, ReportSection, ReportState, UserId, WorkstreamId,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::json::to_json;
use crate::entities::{highlight_reports, report_comments, report_revisions};

/// A highlight report as stored: its state and overall RAG read into domain types, its
/// working draft the content as JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRecord {
    pub id: i64,
    pub workstream_id: WorkstreamId,
    pub period_id: i64,
    pub state: ReportState,
    /// Moves on with every write; a write expecting an older one changes nothing.
    pub lock_version: i32,
    /// The working copy ([`HighlightReportContent`] as JSON).
    pub draft: String,
    /// The number of the latest submitted revision (0 before the first submission).
    pub current_revision: i32,
    /// As last submitted; none before the first submission.
    pub overall_rag: Option<Rag>,
    pub has_exception: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub reviewed_by_id: Option<UserId>,
    /// The sections of the working copy the lead has confirmed (saved through their
    /// own page), in the form's order; every section once submitted.
    pub confirmed_sections: Vec<ReportSection>,
}

impl TryFrom<highlight_reports::Model> for ReportRecord {
    type Error = StoreError;

    /// Reads a row; a state or RAG Highlight does not write is damage.
    fn try_from(r: highlight_reports::Model) -> StoreResult<Self> {
        let state = state(&r)?;
        let overall_rag = overall_rag(&r)?;
        let confirmed_sections = confirmed_sections(&r)?;
        Ok(Self {
            confirmed_sections,
            id: r.id,
            workstream_id: WorkstreamId(r.workstream_id),
            period_id: r.period_id,
            state,
            lock_version: r.lock_version,
            draft: r.draft,
            current_revision: r.current_revision,
            overall_rag,
            has_exception: r.has_exception,
            created_at: r.created_at,
            updated_at: r.updated_at,
            submitted_at: r.submitted_at,
            reviewed_at: r.reviewed_at,
            reviewed_by_id: r.reviewed_by_id.map(UserId),
        })
    }
}

fn reports(rows: Vec<highlight_reports::Model>) -> StoreResult<Vec<ReportRecord>> {
    rows.into_iter().map(ReportRecord::try_from).collect()
}

/// A submitted revision of a report, kept for ever; its content and assessment are the
/// domain's documents as JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionRecord {
    pub id: i64,
    pub report_id: i64,
    /// 1 for the first submission, then 2, …
    pub number: i32,
    pub content: String,
    pub assessment: String,
    /// Why it was corrected (none for the first submission).
    pub reason: Option<String>,
    pub submitted_by_id: Option<UserId>,
    pub submitted_at: DateTime<Utc>,
}

impl From<report_revisions::Model> for RevisionRecord {
    fn from(r: report_revisions::Model) -> Self {
        Self {
            id: r.id,
            report_id: r.report_id,
            number: r.number,
            content: r.content,
            assessment: r.assessment,
            reason: r.reason,
            submitted_by_id: r.submitted_by_id.map(UserId),
            submitted_at: r.submitted_at,
        }
    }
}

/// A board member's comment on a revision of a report, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRecord {
    pub id: i64,
    pub report_id: i64,
    /// The revision it is about.
    pub revision: i32,
    pub author_id: Option<UserId>,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

impl From<report_comments::Model> for CommentRecord {
    fn from(c: report_comments::Model) -> Self {
        Self {
            id: c.id,
            report_id: c.report_id,
            revision: c.revision,
            author_id: c.author_id.map(UserId),
            author_name: c.author_name,
            body: c.body,
            created_at: c.created_at,
        }
    }
}

/// Starts a report for a workstream and period as a draft with `content`.
pub async fn create_draft(
    db: &impl ConnectionTrait,
    workstream_id: i64,
    period_id: i64,
    content: &HighlightReportContent,
    now: DateTime<Utc>,
) -> StoreResult<ReportRecord> {
    highlight_reports::ActiveModel {
        workstream_id: Set(workstream_id),
        period_id: Set(period_id),
        state: Set(ReportState::Draft.as_str().to_owned()),
        lock_version: Set(0),
        draft: Set(to_json(content, "highlight_reports.draft")?),
        current_revision: Set(0),
        overall_rag: Set(None),
        has_exception: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(None),
        reviewed_at: Set(None),
        reviewed_by_id: Set(None),
        confirmed_sections: Set(String::new()),
        ..Default::default()
    }
    .insert(db)
    .await?
    .try_into()
}

/// Records the submission of `report`'s current content as its next revision, with
/// the assessment made at that moment (kept with the revision: a later PID change does
/// not rewrite what the board was told). Fails if the row changed since it was read.
pub async fn submit(
    db: &impl ConnectionTrait,
    report: ReportRecord,
    content: &HighlightReportContent,
    assessment: &Assessment,
    reason: Option<&str>,
    submitted_by: Option<i64>,
    at: DateTime<Utc>,
) -> StoreResult<ReportRecord> {
    let id = report.id;
    let expected = report.lock_version;
    submit_revision(
        db,
        report,
        expected,
        content,
        assessment,
        reason,
        submitted_by,
        at,
    )
    .await?
    .ok_or_else(|| {
        StoreError::Conflict(format!(
            "highlight report {id} changed while being submitted"
        ))
    })
}

/// Submits (or corrects) `report` as revision `current_revision + 1` if its
/// `lock_version` is still `expected_lock`; `None` when someone else saved first.
/// The report becomes "submitted" (a correction of a reviewed report goes back to the
/// board), its draft becomes the submitted content, and its lock version moves on.
#[allow(clippy::too_many_arguments)]
pub async fn submit_revision(
    db: &impl ConnectionTrait,
    report: ReportRecord,
    expected_lock: i32,
    content: &HighlightReportContent,
    assessment: &Assessment,
    reason: Option<&str>,
    submitted_by: Option<i64>,
    at: DateTime<Utc>,
) -> StoreResult<Option<ReportRecord>> {
    let number = report.current_revision + 1;
    let first_submission = report.submitted_at.unwrap_or(at);
    let changed = highlight_reports::Entity::update_many()
        .col_expr(
            highlight_reports::Column::State,
            Expr::value(ReportState::Submitted.as_str()),
        )
        .col_expr(
            highlight_reports::Column::CurrentRevision,
            Expr::value(number),
        )
        .col_expr(
            highlight_reports::Column::LockVersion,
            Expr::value(expected_lock + 1),
        )
        .col_expr(
            highlight_reports::Column::Draft,
            Expr::value(to_json(content, "highlight_reports.draft")?),
        )
        .col_expr(
            highlight_reports::Column::OverallRag,
            Expr::value(Some(assessment.rag.as_str().to_owned())),
        )
        .col_expr(
            highlight_reports::Column::HasException,
            Expr::value(!assessment.exceptions.is_empty()),
        )
        .col_expr(
            highlight_reports::Column::SubmittedAt,
            Expr::value(Some(first_submission)),
        )
        .col_expr(
            highlight_reports::Column::ConfirmedSections,
            Expr::value(sections_text(ReportSection::ALL)),
        )
        .col_expr(highlight_reports::Column::UpdatedAt, Expr::value(at))
        .filter(highlight_reports::Column::Id.eq(report.id))
        .filter(highlight_reports::Column::LockVersion.eq(expected_lock))
        .exec(db)
        .await?;
    if changed.rows_affected == 0 {
        return Ok(None);
    }
    report_revisions::ActiveModel {
        report_id: Set(report.id),
        number: Set(number),
        content: Set(to_json(content, "report_revisions.content")?),
        assessment: Set(to_json(assessment, "report_revisions.assessment")?),
        reason: Set(reason.map(str::to_owned)),
        submitted_by_id: Set(submitted_by),
        submitted_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    find_by_id(db, report.id).await
}

/// Saves the working copy (a draft, or an unsubmitted correction) and the sections the
/// lead has confirmed, if the row's `lock_version` is still `expected_lock`; `None` when
/// someone else saved first.
pub async fn save_draft(
    db: &impl ConnectionTrait,
    report_id: i64,
    expected_lock: i32,
    content: &HighlightReportContent,
    confirmed: &[ReportSection],
    at: DateTime<Utc>,
) -> StoreResult<Option<ReportRecord>> {
    let changed = highlight_reports::Entity::update_many()
        .col_expr(
            highlight_reports::Column::ConfirmedSections,
            Expr::value(sections_text(confirmed)),
        )
        .col_expr(
            highlight_reports::Column::Draft,
            Expr::value(to_json(content, "highlight_reports.draft")?),
        )
        .col_expr(
            highlight_reports::Column::LockVersion,
            Expr::value(expected_lock + 1),
        )
        .col_expr(highlight_reports::Column::UpdatedAt, Expr::value(at))
        .filter(highlight_reports::Column::Id.eq(report_id))
        .filter(highlight_reports::Column::LockVersion.eq(expected_lock))
        .exec(db)
        .await?;
    if changed.rows_affected == 0 {
        return Ok(None);
    }
    find_by_id(db, report_id).await
}

/// Marks a submitted report reviewed; `None` when it is no longer "submitted".
pub async fn mark_reviewed(
    db: &impl ConnectionTrait,
    report_id: i64,
    reviewed_by: i64,
    at: DateTime<Utc>,
) -> StoreResult<Option<ReportRecord>> {
    let changed = highlight_reports::Entity::update_many()
        .col_expr(
            highlight_reports::Column::State,
            Expr::value(ReportState::Reviewed.as_str()),
        )
        .col_expr(highlight_reports::Column::ReviewedAt, Expr::value(Some(at)))
        .col_expr(
            highlight_reports::Column::ReviewedById,
            Expr::value(Some(reviewed_by)),
        )
        .col_expr(highlight_reports::Column::UpdatedAt, Expr::value(at))
        .filter(highlight_reports::Column::Id.eq(report_id))
        .filter(highlight_reports::Column::State.eq(ReportState::Submitted.as_str()))
        .exec(db)
        .await?;
    if changed.rows_affected == 0 {
        return Ok(None);
    }
    find_by_id(db, report_id).await
}

/// Sections as stored: their names, comma-separated, in the form's order, each once.
fn sections_text(sections: &[ReportSection]) -> String {
    ReportSection::ALL
        .iter()
        .copied()
        .filter(|s| sections.contains(s))
        .map(ReportSection::as_str)
        .collect::<Vec<_>>()
        .join(",")
}

/// A report row's confirmed sections, or [`StoreError::Damaged`] naming the row and the
/// value.
fn confirmed_sections(report: &highlight_reports::Model) -> StoreResult<Vec<ReportSection>> {
    report
        .confirmed_sections
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse().map_err(|e| {
                StoreError::damaged(
                    "highlight_reports",
                    "confirmed_sections",
                    report.id,
                    &report.confirmed_sections,
                    e,
                )
            })
        })
        .collect()
}

/// A report row's state, or [`StoreError::Damaged`] naming the row and the value.
fn state(report: &highlight_reports::Model) -> StoreResult<ReportState> {
    report
        .state
        .parse()
        .map_err(|e| StoreError::damaged("highlight_reports", "state", report.id, &report.state, e))
}

/// A report row's overall RAG as last submitted (`None` before the first submission),
/// or [`StoreError::Damaged`] naming the row and the value.
fn overall_rag(report: &highlight_reports::Model) -> StoreResult<Option<Rag>> {
    report
        .overall_rag
        .as_deref()
        .map(|v| {
            v.parse().map_err(|e| {
                StoreError::damaged("highlight_reports", "overall_rag", report.id, v, e)
            })
        })
        .transpose()
}

/// A report row by its id, if it exists.
pub async fn find_by_id(db: &impl ConnectionTrait, id: i64) -> StoreResult<Option<ReportRecord>> {
    highlight_reports::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(ReportRecord::try_from)
        .transpose()
}

/// The report of a workstream for a period, if started.
pub async fn find(
    db: &impl ConnectionTrait,
    workstream_id: i64,
    period_id: i64,
) -> StoreResult<Option<ReportRecord>> {
    highlight_reports::Entity::find()
        .filter(highlight_reports::Column::WorkstreamId.eq(workstream_id))
        .filter(highlight_reports::Column::PeriodId.eq(period_id))
        .one(db)
        .await?
        .map(ReportRecord::try_from)
        .transpose()
}

/// Every report of the given periods (one query).
pub async fn of_periods(
    db: &impl ConnectionTrait,
    period_ids: &[i64],
) -> StoreResult<Vec<ReportRecord>> {
    reports(
        highlight_reports::Entity::find()
            .filter(highlight_reports::Column::PeriodId.is_in(period_ids.iter().copied()))
            .all(db)
            .await?,
    )
}

/// Where a report stands, without its content: what lists of reports need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportSummary {
    pub id: i64,
    pub workstream_id: WorkstreamId,
    pub period_id: i64,
    pub state: ReportState,
    /// When it was first submitted; none before.
    pub submitted_at: Option<DateTime<Utc>>,
}

/// A [`ReportSummary`]'s columns as read: id, workstream, period, state, submitted at.
type SummaryRow = (i64, i64, i64, String, Option<DateTime<Utc>>);

/// Where each report of the given periods stands (one query, no draft or content read).
pub async fn summaries_of_periods(
    db: &impl ConnectionTrait,
    period_ids: &[i64],
) -> StoreResult<Vec<ReportSummary>> {
    if period_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<SummaryRow> = highlight_reports::Entity::find()
        .select_only()
        .column(highlight_reports::Column::Id)
        .column(highlight_reports::Column::WorkstreamId)
        .column(highlight_reports::Column::PeriodId)
        .column(highlight_reports::Column::State)
        .column(highlight_reports::Column::SubmittedAt)
        .filter(highlight_reports::Column::PeriodId.is_in(period_ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(id, workstream_id, period_id, state, submitted_at)| {
            let state = state.parse().map_err(|e| {
                StoreError::damaged("highlight_reports", "state", id, state.clone(), e)
            })?;
            Ok(ReportSummary {
                id,
                workstream_id: WorkstreamId(workstream_id),
                period_id,
                state,
                submitted_at,
            })
        })
        .collect()
}

/// Every report of a workstream (one query).
pub async fn of_workstream(
    db: &impl ConnectionTrait,
    workstream_id: i64,
) -> StoreResult<Vec<ReportRecord>> {
    reports(
        highlight_reports::Entity::find()
            .filter(highlight_reports::Column::WorkstreamId.eq(workstream_id))
            .all(db)
            .await?,
    )
}

/// The current (latest) revision of each submitted report given (one query).
pub async fn latest_revisions(
    db: &impl ConnectionTrait,
    reports: &[&ReportRecord],
) -> StoreResult<Vec<RevisionRecord>> {
    let mut wanted = Condition::any();
    let mut any = false;
    for r in reports.iter().filter(|r| r.current_revision > 0) {
        any = true;
        wanted = wanted.add(
            Condition::all()
                .add(report_revisions::Column::ReportId.eq(r.id))
                .add(report_revisions::Column::Number.eq(r.current_revision)),
        );
    }
    if !any {
        return Ok(Vec::new());
    }
    Ok(report_revisions::Entity::find()
        .filter(wanted)
        .all(db)
        .await?
        .into_iter()
        .map(RevisionRecord::from)
        .collect())
}

/// The current revision of each submitted report given, by report id: one query on
/// the report ids (an `IN` list, so it stays one short statement for a long export).
pub async fn current_revisions(
    db: &impl ConnectionTrait,
    reports: &[&ReportRecord],
) -> StoreResult<std::collections::HashMap<i64, RevisionRecord>> {
    let wanted: std::collections::HashMap<i64, i32> = reports
        .iter()
        .filter(|r| r.current_revision > 0)
        .map(|r| (r.id, r.current_revision))
        .collect();
    if wanted.is_empty() {
        return Ok(Default::default());
    }
    Ok(report_revisions::Entity::find()
        .filter(report_revisions::Column::ReportId.is_in(wanted.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .filter(|r| wanted.get(&r.report_id) == Some(&r.number))
        .map(|r| (r.report_id, RevisionRecord::from(r)))
        .collect())
}

/// Every revision of a report, oldest first.
pub async fn revisions(
    db: &impl ConnectionTrait,
    report_id: i64,
) -> StoreResult<Vec<RevisionRecord>> {
    Ok(report_revisions::Entity::find()
        .filter(report_revisions::Column::ReportId.eq(report_id))
        .order_by_asc(report_revisions::Column::Number)
        .all(db)
        .await?
        .into_iter()
        .map(RevisionRecord::from)
        .collect())
}

/// Every revision of the given reports, oldest first (one query).
pub async fn revisions_of(
    db: &impl ConnectionTrait,
    report_ids: &[i64],
) -> StoreResult<Vec<RevisionRecord>> {
    Ok(report_revisions::Entity::find()
        .filter(report_revisions::Column::ReportId.is_in(report_ids.iter().copied()))
        .order_by_asc(report_revisions::Column::Number)
        .all(db)
        .await?
        .into_iter()
        .map(RevisionRecord::from)
        .collect())
}

/// Adds a board member's comment on a revision.
pub async fn add_comment(
    db: &impl ConnectionTrait,
    report_id: i64,
    revision: i32,
    author_id: i64,
    author_name: &str,
    body: &str,
    at: DateTime<Utc>,
) -> StoreResult<CommentRecord> {
    Ok(report_comments::ActiveModel {
        report_id: Set(report_id),
        revision: Set(revision),
        author_id: Set(Some(author_id)),
        author_name: Set(author_name.to_owned()),
        body: Set(body.to_owned()),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?
    .into())
}

/// A report's comments, oldest first.
pub async fn comments(
    db: &impl ConnectionTrait,
    report_id: i64,
) -> StoreResult<Vec<CommentRecord>> {
    Ok(report_comments::Entity::find()
        .filter(report_comments::Column::ReportId.eq(report_id))
        .order_by_asc(report_comments::Column::CreatedAt)
        .order_by_asc(report_comments::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(CommentRecord::from)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(state: &str, rag: Option<&str>) -> highlight_reports::Model {
        let at = chrono::DateTime::<Utc>::from_timestamp(1_790_000_000, 0).unwrap();
        highlight_reports::Model {
            id: 42,
            workstream_id: 1,
            period_id: 2,
            state: state.to_owned(),
            lock_version: 0,
            draft: "{}".to_owned(),
            current_revision: 1,
            overall_rag: rag.map(str::to_owned),
            has_exception: false,
            created_at: at,
            updated_at: at,
            submitted_at: None,
            reviewed_at: None,
            reviewed_by_id: None,
            confirmed_sections: String::new(),
        }
    }

    #[test]
    fn confirmed_sections_read_back_in_the_forms_order_and_damage_is_named() {
        let mut r = row("draft", None);
        r.confirmed_sections = sections_text(&[ReportSection::Narrative, ReportSection::Budget]);
        assert_eq!(r.confirmed_sections, "budget,narrative");
        assert_eq!(
            confirmed_sections(&r).unwrap(),
            vec![ReportSection::Budget, ReportSection::Narrative]
        );
        r.confirmed_sections = sections_text(ReportSection::ALL);
        assert_eq!(confirmed_sections(&r).unwrap(), ReportSection::ALL);
        r.confirmed_sections = "budget,everything".into();
        let e = confirmed_sections(&r).unwrap_err();
        assert!(e.to_string().contains("confirmed_sections"), "{e}");
    }

    #[test]
    fn a_stored_state_reads_back_as_the_domain_state() {
        assert_eq!(
            state(&row("reviewed", None)).unwrap(),
            ReportState::Reviewed
        );
        assert_eq!(
            overall_rag(&row("submitted", Some("amber"))).unwrap(),
            Some(Rag::Amber)
        );
        assert_eq!(overall_rag(&row("draft", None)).unwrap(), None);
    }

    #[test]
    fn a_damaged_state_names_the_table_column_row_and_value() {
        let e = state(&row("sbmitted", None)).unwrap_err();
        let StoreError::Damaged {
            table,
            column,
            row,
            value,
            ..
        } = &e
        else {
            panic!("not a damaged-row error: {e:?}");
        };
        assert_eq!(
            (*table, *column, row.as_str(), value.as_str()),
            ("highlight_reports", "state", "42", "sbmitted")
        );
        let message = e.to_string();
        for part in ["highlight_reports.state", "row 42", "\"sbmitted\""] {
            assert!(message.contains(part), "{message} names {part}");
        }
    }

    #[test]
    fn a_damaged_overall_rag_names_its_column() {
        let e = overall_rag(&row("submitted", Some("purple"))).unwrap_err();
        let message = e.to_string();
        assert!(
            message.contains("highlight_reports.overall_rag"),
            "{message}"
        );
        assert!(message.contains("\"purple\""), "{message}");
    }
}
