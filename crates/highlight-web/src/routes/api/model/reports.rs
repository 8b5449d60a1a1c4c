//! A workstream's highlight reports: the list, one report with its latest revision and
//! the working copy, revisions and their differences, and the request bodies.

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use highlight_domain as domain;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::report::{Assessment, Disagreement, ReportContent, ReportFields, disagreements};
use super::{Rag, ReportState, ReportStatus, rag};
use crate::error::{WebError, WebResult};
use highlight_app::board::ReportListItem as ServiceListItem;
use highlight_app::reports as service;
use highlight_app::text;

/// A report in a workstream's list: one per period, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportListItem {
    pub due_date: NaiveDate,
    pub covers_from: NaiveDate,
    pub status: ReportStatus,
    /// A reader who cannot write the workstream sees `not_started` for a draft.
    pub state: ReportState,
    /// 0 until submitted.
    pub current_revision: i32,
    /// The overall RAG of the latest submitted revision.
    pub rag: Option<Rag>,
    pub has_exception: bool,
}

impl TryFrom<&ServiceListItem> for ReportListItem {
    type Error = WebError;

    fn try_from(r: &ServiceListItem) -> WebResult<Self> {
        Ok(ReportListItem {
            due_date: r.due_date,
            covers_from: r.covers_from,
            status: r.status.into(),
            state: ReportState::parse(&r.state)?,
            current_revision: r.current_revision,
            rag: rag(r.rag.as_deref())?,
            has_exception: r.has_exception,
        })
    }
}

/// One highlight report for one period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportDetail {
    /// The programme's slug.
    pub programme: String,
    pub programme_name: String,
    /// The workstream's slug.
    pub workstream: String,
    pub workstream_name: String,
    pub due_date: NaiveDate,
    pub covers_from: NaiveDate,
    pub state: ReportState,
    pub status: ReportStatus,
    /// 0 until submitted.
    pub current_revision: i32,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
    /// The board member who reviewed it.
    pub reviewed_by: Option<String>,
    /// The latest submitted revision (what the board reads).
    pub revision: Option<Revision>,
    /// The working copy: only for those who can write the workstream.
    pub working_copy: Option<WorkingCopy>,
    /// The board's comments, oldest first.
    pub comments: Vec<Comment>,
    pub can_write: bool,
    pub can_review: bool,
}

/// One submitted revision, with the assessment made at submission (kept: a later PID
/// change does not rewrite it).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Revision {
    /// 1 for the first submission, then one more per correction.
    pub number: i32,
    /// The correction's reason; none for the first submission.
    pub reason: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub submitted_by: Option<String>,
    pub content: ReportContent,
    pub assessment: Assessment,
    /// Where the lead's statements differ from the assessment.
    pub disagreements: Vec<Disagreement>,
}

/// The lead's working copy, assessed against the current PID.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkingCopy {
    /// Send this back with a save, submit or correction.
    pub lock_version: i32,
    /// The form's fields, as `PUT` takes them.
    pub fields: ReportFields,
    pub content: ReportContent,
    /// True when it differs from the latest submitted revision (an unsubmitted
    /// correction).
    pub unsubmitted_changes: bool,
    pub assessment: Assessment,
    pub disagreements: Vec<Disagreement>,
}

/// A board member's comment, kept with the revision it was made on.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Comment {
    pub author: String,
    pub revision: i32,
    pub body: String,
    pub at: DateTime<Utc>,
}

/// Reads back a value a service handed over as JSON.
fn read<T: DeserializeOwned>(value: &serde_json::Value, what: &str) -> WebResult<T> {
    serde_json::from_value(value.clone())
        .with_context(|| format!("reading the {what} of a report"))
        .map_err(WebError::Internal)
}

impl Revision {
    fn from_service(r: &service::RevisionDetail) -> WebResult<Self> {
        let content: domain::HighlightReportContent = read(&r.content, "content")?;
        let assessment: domain::Assessment = read(&r.assessment, "assessment")?;
        Ok(Revision {
            number: r.number,
            // The service words the first submission's missing reason; a revision
            // after the first always has one.
            reason: (r.number > 1).then(|| r.reason.clone()),
            submitted_at: r.submitted_at,
            submitted_by: r.submitted_by.clone(),
            disagreements: disagreements(&content, &assessment),
            content: (&content).into(),
            assessment: (&assessment).into(),
        })
    }
}

impl ReportDetail {
    /// The report from the service's detail; `pid` is the workstream's current PID,
    /// which the working copy is assessed against with the programme's `policy` (as the
    /// page does).
    pub fn from_service(
        d: &service::ReportDetail,
        pid: &domain::Pid,
        policy: &domain::RagPolicy,
    ) -> WebResult<Self> {
        let working_copy = d
            .working_copy
            .as_ref()
            .map(|w| -> WebResult<WorkingCopy> {
                let content: domain::HighlightReportContent = read(&w.content, "working copy")?;
                let assessment = service::assess(policy, &content, pid);
                Ok(WorkingCopy {
                    lock_version: w.lock_version,
                    fields: read(&w.fields, "form fields")?,
                    unsubmitted_changes: w.unsubmitted_changes,
                    disagreements: disagreements(&content, &assessment),
                    content: (&content).into(),
                    assessment: (&assessment).into(),
                })
            })
            .transpose()?;
        Ok(ReportDetail {
            programme: d.programme.clone(),
            programme_name: d.programme_name.clone(),
            workstream: d.workstream.clone(),
            workstream_name: d.workstream_name.clone(),
            due_date: d.due_date,
            covers_from: d.covers_from,
            state: ReportState::parse(&d.state)?,
            status: d.status.into(),
            current_revision: d.current_revision,
            submitted_at: d.submitted_at,
            reviewed_at: d.reviewed_at,
            reviewed_by: d.reviewed_by.clone(),
            revision: d
                .revision
                .as_ref()
                .map(Revision::from_service)
                .transpose()?,
            working_copy,
            comments: d
                .comments
                .iter()
                .map(|c| Comment {
                    author: c.author.clone(),
                    revision: c.revision,
                    body: c.body.clone(),
                    at: c.at,
                })
                .collect(),
            can_write: d.can_write,
            can_review: d.can_review,
        })
    }
}

/// One revision in a report's history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RevisionSummary {
    pub number: i32,
    /// The correction's reason; none for the first submission.
    pub reason: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub submitted_by: Option<String>,
    /// The overall RAG the rules gave at submission.
    pub rag: Rag,
}

impl TryFrom<&service::RevisionSummary> for RevisionSummary {
    type Error = WebError;

    fn try_from(r: &service::RevisionSummary) -> WebResult<Self> {
        Ok(RevisionSummary {
            number: r.number,
            reason: (r.number > 1).then(|| r.reason.clone()),
            submitted_at: r.submitted_at,
            submitted_by: r.submitted_by.clone(),
            rag: super::parse::<domain::Rag>(&r.rag, "RAG status")?.into(),
        })
    }
}

/// Revision n with the differences from revision n − 1, field by field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RevisionWithChanges {
    pub revision: Revision,
    /// The revision compared with (none for the first).
    pub previous: Option<i32>,
    /// The form fields that changed, in form order.
    pub changes: Vec<FieldChange>,
}

impl TryFrom<&service::RevisionWithChanges> for RevisionWithChanges {
    type Error = WebError;

    fn try_from(r: &service::RevisionWithChanges) -> WebResult<Self> {
        Ok(RevisionWithChanges {
            revision: Revision::from_service(&r.revision)?,
            previous: r.previous,
            changes: r
                .changes
                .iter()
                .map(FieldChange::try_from)
                .collect::<WebResult<_>>()?,
        })
    }
}

/// One form field that changed between two revisions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldChange {
    /// The field's name in `ReportFields`, e.g. `problems`.
    pub field: String,
    /// Its value before, as the form has it.
    pub before: String,
    pub after: String,
    /// Line by line: kept, deleted and inserted lines.
    pub lines: Vec<DiffLine>,
}

/// One line of a field's difference.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DiffLine {
    pub kind: DiffKind,
    pub text: String,
}

/// `same`, `deleted` or `inserted`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    Same,
    Deleted,
    Inserted,
}

impl TryFrom<&text::FieldChange> for FieldChange {
    type Error = WebError;

    fn try_from(c: &text::FieldChange) -> WebResult<Self> {
        Ok(FieldChange {
            field: c.field.clone(),
            before: c.before.clone(),
            after: c.after.clone(),
            lines: c
                .lines
                .iter()
                .map(|l| {
                    let kind = match l.kind {
                        "same" => DiffKind::Same,
                        "deleted" => DiffKind::Deleted,
                        "inserted" => DiffKind::Inserted,
                        other => {
                            return Err(WebError::Internal(anyhow::anyhow!(
                                "the diff line kind \"{other}\" is not one we know"
                            )));
                        }
                    };
                    Ok(DiffLine {
                        kind,
                        text: l.text.clone(),
                    })
                })
                .collect::<WebResult<_>>()?,
        })
    }
}

// ---------------------------------------------------------------------------
// Request bodies.

/// Saves the working copy.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaveBody {
    /// The `lock_version` read with the report (0 for a report not yet started).
    pub lock_version: i32,
    pub fields: ReportFields,
}

/// Submits the draft. (The handler reads it as a [`CorrectionBody`] without a reason.)
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitBody {
    pub lock_version: i32,
    /// The fields to submit; without them the saved working copy is submitted.
    #[serde(default)]
    pub fields: Option<ReportFields>,
}

/// Corrects a submitted report.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionBody {
    pub lock_version: i32,
    /// Why the report is being corrected (required).
    #[serde(default)]
    pub reason: String,
    /// The corrected fields; without them the saved working copy is submitted.
    #[serde(default)]
    pub fields: Option<ReportFields>,
}

/// A board member's review: a comment, marking the report reviewed, or both.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    /// A comment or decision for the record (optional when marking reviewed).
    #[serde(default)]
    pub comment: String,
    /// Mark the report reviewed by the board.
    #[serde(default)]
    pub mark_reviewed: bool,
}

impl From<ReviewBody> for service::ReviewInput {
    fn from(b: ReviewBody) -> Self {
        service::ReviewInput {
            comment: b.comment,
            mark_reviewed: b.mark_reviewed,
        }
    }
}
