//! Highlight reports: the working draft and the submitted revisions, kept for ever.

use chrono::{DateTime, Utc};
use highlight_domain::{Assessment, HighlightReportContent, ReportState};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use super::entities::{highlight_reports, report_revisions};
use super::json::to_json;

/// Starts a report for a workstream and period as a draft with `content`.
pub async fn create_draft(
    db: &impl ConnectionTrait,
    workstream_id: i64,
    period_id: i64,
    content: &HighlightReportContent,
    now: DateTime<Utc>,
) -> Result<highlight_reports::Model, DbErr> {
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
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Records the submission of `report`'s current content as its next revision, with
/// the assessment made at that moment (kept with the revision: a later PID change does
/// not rewrite what the board was told).
pub async fn submit(
    db: &impl ConnectionTrait,
    report: highlight_reports::Model,
    content: &HighlightReportContent,
    assessment: &Assessment,
    reason: Option<&str>,
    submitted_by: Option<i64>,
    at: DateTime<Utc>,
) -> Result<highlight_reports::Model, DbErr> {
    let number = report.current_revision + 1;
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
    let first_submission = report.submitted_at.unwrap_or(at);
    let lock_version = report.lock_version + 1;
    let mut active: highlight_reports::ActiveModel = report.into();
    active.state = Set(ReportState::Submitted.as_str().to_owned());
    active.current_revision = Set(number);
    active.lock_version = Set(lock_version);
    active.draft = Set(to_json(content, "highlight_reports.draft")?);
    active.overall_rag = Set(Some(assessment.rag.as_str().to_owned()));
    active.has_exception = Set(!assessment.exceptions.is_empty());
    active.submitted_at = Set(Some(first_submission));
    active.updated_at = Set(at);
    active.update(db).await
}
