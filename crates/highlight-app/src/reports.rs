//! The highlight report workflow: open (pre-filled from last period), save a draft,
//! submit, correct with a reason, review — each checking what the actor may do, writing
//! through the lock version so nobody is overwritten silently, and auditing the change
//! in the same transaction.
//!
//! Readers (anyone who sees the programme) see submitted revisions only; the working
//! copy — a never-submitted draft, or an unsubmitted correction — is for those who can
//! write the workstream.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use highlight_domain::{
    Assessment, HighlightReportContent, HighlightReportDraft, Pid, RagPolicy, ReportLifecycleError,
    ReportState, ReportStatus, ReportingPeriod, StageNumber, ValidationErrors, assess_report,
    local_date, report_status,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait,
};
use serde::{Deserialize, Serialize};

use super::text::{self, Judgement, ReadableReport};
use crate::Actor;
use crate::error::{AppError, AppResult};
use crate::scope::{self, ProgrammeScope};
use highlight_store::audit::{self, Change};
use highlight_store::entities::{
    highlight_reports, project_issues, report_revisions, reporting_periods, risks, users,
    workstreams,
};
use highlight_store::json::from_json;
use highlight_store::{self, current_pid};

/// A report addressed by programme, workstream and due date, with what the actor may do.
#[derive(Debug, Clone)]
pub struct ReportScope {
    pub scope: ProgrammeScope,
    pub workstream: workstreams::Model,
    pub period: reporting_periods::Model,
    pub report: Option<highlight_reports::Model>,
    pub can_write: bool,
    pub can_review: bool,
}

impl ReportScope {
    pub fn domain_period(&self) -> ReportingPeriod {
        highlight_store::periods::domain(&self.period)
    }

    pub fn state(&self) -> Option<ReportState> {
        self.report.as_ref().and_then(|r| r.state.parse().ok())
    }

    pub fn status(&self, now: DateTime<Utc>) -> ReportStatus {
        report_status(&self.domain_period(), self.state(), now, self.scope.tz)
    }

    pub fn is_submitted(&self) -> bool {
        self.report.as_ref().is_some_and(|r| r.current_revision > 0)
    }

    /// The page of this report.
    pub fn url(&self) -> String {
        format!(
            "/programmes/{}/workstreams/{}/reports/{}",
            self.scope.programme.slug, self.workstream.slug, self.period.due_date
        )
    }

    fn audit_id(&self) -> String {
        self.report
            .as_ref()
            .map(|r| r.id.to_string())
            .unwrap_or_default()
    }
}

/// Parses a due date from a URL: anything else is "not found".
pub fn parse_due(due: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(due, "%Y-%m-%d")
        .map_err(|_| AppError::NotFound(format!("the reporting period due \"{due}\"")))
}

/// Resolves the report a URL names. A writer may open a period the cycle has due but
/// nobody has opened yet (up to a year ahead); anyone else gets "not found" for it.
pub async fn resolve(
    db: &impl ConnectionTrait,
    actor: &Actor,
    programme_slug: &str,
    workstream_slug: &str,
    due: &str,
    now: DateTime<Utc>,
) -> AppResult<ReportScope> {
    let due_date = parse_due(due)?;
    let (scope, workstream) = scope::workstream(db, actor, programme_slug, workstream_slug).await?;
    let can_write = actor.access.can_write_workstream(scope.id(), workstream.id);
    let can_review = actor.access.can_review(scope.id());
    let not_found = || AppError::NotFound(format!("the reporting period due {due_date}"));
    let period = match highlight_store::periods::due_on(db, scope.id(), due_date).await? {
        Some(p) => p,
        None if can_write => {
            let today = local_date(now, scope.tz);
            if due_date > today + chrono::Days::new(366) {
                return Err(not_found());
            }
            let calendar = scope.calendar(db, due_date.year()).await?;
            let dues = scope
                .cycle
                .due_dates_between(due_date, due_date, scope.tz, &calendar);
            if !dues.contains(&due_date) {
                return Err(not_found());
            }
            let period = scope.cycle.period_due_on(due_date, scope.tz, &calendar);
            highlight_store::periods::open(db, scope.id(), &period, scope.tz, now).await?
        }
        None => return Err(not_found()),
    };
    let report = highlight_store::reports::find(db, workstream.id, period.id).await?;
    Ok(ReportScope {
        scope,
        workstream,
        period,
        report,
        can_write,
        can_review,
    })
}

/// The workstream's current PID, or an empty plan.
pub async fn pid_of(db: &impl ConnectionTrait, workstream_id: i64) -> AppResult<Pid> {
    Ok(current_pid::load(db, &[workstream_id])
        .await?
        .remove(&workstream_id)
        .map(|(_, pid)| pid)
        .unwrap_or_else(current_pid::empty))
}

/// Assesses content against the workstream's PID with the programme's policy.
pub fn assess(content: &HighlightReportContent, pid: &Pid) -> Assessment {
    assess_report(content, pid, &RagPolicy::default())
}

/// The working copy's content.
pub fn working_content(report: &highlight_reports::Model) -> AppResult<HighlightReportContent> {
    Ok(from_json(&report.draft, "highlight_reports.draft")?)
}

/// What last period's report said, as last submitted.
pub async fn previous_content(
    db: &impl ConnectionTrait,
    rs: &ReportScope,
) -> AppResult<Option<HighlightReportContent>> {
    let Some(previous) =
        highlight_store::periods::before(db, rs.scope.id(), rs.period.due_date).await?
    else {
        return Ok(None);
    };
    let Some(report) = highlight_store::reports::find(db, rs.workstream.id, previous.id).await?
    else {
        return Ok(None);
    };
    if report.current_revision == 0 {
        return Ok(None);
    }
    let revisions = highlight_store::reports::latest_revisions(db, &[&report]).await?;
    match revisions.first() {
        Some(r) => Ok(Some(from_json(&r.content, "report_revisions.content")?)),
        None => Ok(None),
    }
}

/// The open risks and issues of a workstream, one line each, highest score first.
pub async fn open_register(
    db: &impl ConnectionTrait,
    workstream_id: i64,
) -> AppResult<(Vec<String>, Vec<String>)> {
    let mut open_risks = risks::Entity::find()
        .filter(risks::Column::WorkstreamId.eq(workstream_id))
        .filter(risks::Column::Status.eq("open"))
        .all(db)
        .await?;
    open_risks.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
    let risks = open_risks
        .iter()
        .map(|r| {
            let owner = if r.owner.is_empty() {
                String::new()
            } else {
                format!("; owner {}", r.owner)
            };
            format!(
                "{} (likelihood {}, impact {}, score {}{owner})",
                r.description, r.likelihood, r.impact, r.score
            )
        })
        .collect();
    let issues = project_issues::Entity::find()
        .filter(project_issues::Column::WorkstreamId.eq(workstream_id))
        .filter(project_issues::Column::Status.eq("open"))
        .all(db)
        .await?
        .iter()
        .map(|i| {
            let owner = if i.owner.is_empty() {
                String::new()
            } else {
                format!("; owner {}", i.owner)
            };
            format!("{} ({} priority{owner})", i.description, i.priority)
        })
        .collect();
    Ok((risks, issues))
}

/// A new period's report, pre-filled from last period's: the figures, statements and
/// standing sections carried; last period's "this period" statuses become "last
/// period"; the products completed start empty (last period's plan is offered to
/// confirm); open risks and issues are listed in the risk and issue sections.
pub fn prefill(
    stage: StageNumber,
    period: ReportingPeriod,
    previous: Option<&HighlightReportContent>,
    open_risks: &[String],
    open_issues: &[String],
) -> HighlightReportContent {
    let mut c = HighlightReportContent::empty(stage, period);
    let listed = |heading: &str, lines: &[String]| -> Option<String> {
        (!lines.is_empty()).then(|| {
            let mut t = format!("{heading}:\n");
            for l in lines {
                t.push_str("- ");
                t.push_str(l);
                t.push('\n');
            }
            t.trim_end().to_owned()
        })
    };
    if let Some(p) = previous {
        c.budget = p.budget.clone();
        c.schedule = p.schedule.clone();
        c.tolerances = p.tolerances.clone();
        let g = &p.status_grid;
        let carry = |pair: highlight_domain::RagPair| highlight_domain::RagPair {
            this_period: None,
            last_period: pair.this_period,
        };
        c.status_grid = highlight_domain::StatusGrid {
            overall: carry(g.overall),
            time: carry(g.time),
            cost: carry(g.cost),
            scope: carry(g.scope),
            quality: carry(g.quality),
            benefit: carry(g.benefit),
            risk: carry(g.risk),
        };
        c.problems = p.problems.clone();
        c.change_impact = p.change_impact.clone();
        c.interdependencies = p.interdependencies.clone();
        c.barriers = p.barriers.clone();
        c.risk_update = p.risk_update.clone();
        c.issues_status = p.issues_status.clone();
    }
    if c.risk_update.is_none() {
        c.risk_update = listed("Open risks", open_risks);
    }
    if c.issues_status.is_none() {
        c.issues_status = listed("Open issues", open_issues);
    }
    c
}

/// The report row for a writer, starting the draft (pre-filled) if there is none.
pub async fn ensure_draft(
    db: &DatabaseConnection,
    actor: &Actor,
    rs: &mut ReportScope,
    now: DateTime<Utc>,
) -> AppResult<highlight_reports::Model> {
    if let Some(r) = &rs.report {
        return Ok(r.clone());
    }
    scope::require(rs.can_write, "write this workstream's report")?;
    let previous = previous_content(db, rs).await?;
    let (risks, issues) = open_register(db, rs.workstream.id).await?;
    let stage = u32::try_from(rs.workstream.stage)
        .ok()
        .and_then(|n| StageNumber::new(n).ok())
        .unwrap_or(StageNumber::FIRST);
    let content = prefill(
        stage,
        rs.domain_period(),
        previous.as_ref(),
        &risks,
        &issues,
    );
    let txn = db.begin().await?;
    let created =
        highlight_store::reports::create_draft(&txn, rs.workstream.id, rs.period.id, &content, now)
            .await;
    let report = match created {
        Ok(r) => {
            audit::record(
                &txn,
                Some(actor.who()),
                Change::<(), _> {
                    programme_id: Some(rs.scope.id()),
                    action: "report.draft_started",
                    entity: "highlight_report",
                    entity_id: r.id.to_string(),
                    before: None,
                    after: Some(&content),
                },
                now,
            )
            .await?;
            txn.commit().await?;
            r
        }
        Err(e) => {
            txn.rollback().await.ok();
            // Someone opened it at the same moment: use theirs.
            highlight_store::reports::find(db, rs.workstream.id, rs.period.id)
                .await?
                .ok_or(AppError::from(e))?
        }
    };
    rs.report = Some(report.clone());
    Ok(report)
}

/// What a person typed into the form (or sent to the API).
#[derive(Debug, Clone, Default)]
pub struct ReportInput {
    pub fields: HighlightReportDraft,
    /// Last period's planned products ticked as completed this period.
    pub confirmed: Vec<String>,
    /// The lock version the form was loaded with.
    pub lock_version: i32,
    /// Why a submitted report is being corrected.
    pub reason: String,
}

impl ReportInput {
    /// The fields with the ticked products first among the products completed.
    pub fn merged(&self) -> HighlightReportDraft {
        let mut fields = self.fields.clone();
        let mut lines: Vec<String> = self
            .confirmed
            .iter()
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect();
        for l in fields.products_completed.lines() {
            let l = l.trim();
            if !l.is_empty() && !lines.iter().any(|x| x == l) {
                lines.push(l.to_owned());
            }
        }
        fields.products_completed = lines.join("\n");
        fields
    }
}

/// How a write ended.
#[derive(Debug)]
pub enum WriteOutcome {
    /// Written; the row as it now stands.
    Written(highlight_reports::Model),
    /// Refused: every problem, each naming its field.
    Invalid(ValidationErrors),
    /// Someone else saved first: the row as they left it.
    Conflict(highlight_reports::Model),
}

fn lifecycle(e: ReportLifecycleError) -> AppError {
    AppError::Conflict(e.to_string())
}

async fn current_row(
    db: &impl ConnectionTrait,
    report_id: i64,
) -> AppResult<highlight_reports::Model> {
    highlight_reports::Entity::find_by_id(report_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("the report".into()))
}

/// Saves the working copy: incomplete is fine, unreadable values are not.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    rs: &mut ReportScope,
    input: &ReportInput,
    now: DateTime<Utc>,
) -> AppResult<WriteOutcome> {
    scope::require(rs.can_write, "write this workstream's report")?;
    let report = ensure_draft(db, actor, rs, now).await?;
    let content = match input.merged().validate(rs.domain_period()) {
        Ok(c) => c,
        Err(e) => return Ok(WriteOutcome::Invalid(e)),
    };
    let before = working_content(&report)?;
    let txn = db.begin().await?;
    let Some(saved) =
        highlight_store::reports::save_draft(&txn, report.id, input.lock_version, &content, now)
            .await?
    else {
        txn.rollback().await.ok();
        return Ok(WriteOutcome::Conflict(current_row(db, report.id).await?));
    };
    audit::record(
        &txn,
        Some(actor.who()),
        Change {
            programme_id: Some(rs.scope.id()),
            action: "report.draft_saved",
            entity: "highlight_report",
            entity_id: rs.audit_id(),
            before: Some(&before),
            after: Some(&content),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    rs.report = Some(saved.clone());
    Ok(WriteOutcome::Written(saved))
}

/// Submits a draft as revision 1, or — with a reason — corrects a submitted report as
/// the next revision. Needs everything the board reads.
pub async fn submit(
    db: &DatabaseConnection,
    actor: &Actor,
    rs: &mut ReportScope,
    input: &ReportInput,
    correction: bool,
    now: DateTime<Utc>,
) -> AppResult<WriteOutcome> {
    scope::require(rs.can_write, "write this workstream's report")?;
    let report = ensure_draft(db, actor, rs, now).await?;
    let state: ReportState = report.state.parse().unwrap_or(ReportState::Draft);
    match (state, correction) {
        (ReportState::Draft, true) => return Err(lifecycle(ReportLifecycleError::StillDraft)),
        (ReportState::Submitted | ReportState::Reviewed, false) => {
            return Err(lifecycle(ReportLifecycleError::AlreadySubmitted));
        }
        _ => {}
    }
    let mut errors = ValidationErrors::new();
    let reason = input.reason.trim();
    if correction && reason.is_empty() {
        errors.add("reason", ReportLifecycleError::ReasonRequired.to_string());
    }
    let content = match input.merged().validate_for_submission(rs.domain_period()) {
        Ok(c) if errors.is_empty() => c,
        Ok(_) => return Ok(WriteOutcome::Invalid(errors)),
        Err(e) => {
            errors.0.extend(e.0);
            return Ok(WriteOutcome::Invalid(errors));
        }
    };
    let pid = pid_of(db, rs.workstream.id).await?;
    let assessment = assess(&content, &pid);
    let before = match correction {
        true => latest_revision(db, &report)
            .await?
            .map(|r| from_json::<HighlightReportContent>(&r.content, "report_revisions.content"))
            .transpose()?,
        false => Some(working_content(&report)?),
    };
    let txn = db.begin().await?;
    let Some(saved) = highlight_store::reports::submit_revision(
        &txn,
        report.clone(),
        input.lock_version,
        &content,
        &assessment,
        correction.then_some(reason),
        Some(actor.id()),
        now,
    )
    .await?
    else {
        txn.rollback().await.ok();
        return Ok(WriteOutcome::Conflict(current_row(db, report.id).await?));
    };
    audit::record(
        &txn,
        Some(actor.who()),
        Change {
            programme_id: Some(rs.scope.id()),
            action: if correction {
                "report.corrected"
            } else {
                "report.submitted"
            },
            entity: "highlight_report",
            entity_id: rs.audit_id(),
            before: before.as_ref(),
            after: Some(&serde_json::json!({
                "revision": saved.current_revision,
                "reason": correction.then_some(reason),
                "content": content,
                "rag": assessment.rag,
                "exceptions": assessment.exceptions.len(),
            })),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    rs.report = Some(saved.clone());
    Ok(WriteOutcome::Written(saved))
}

async fn latest_revision(
    db: &impl ConnectionTrait,
    report: &highlight_reports::Model,
) -> AppResult<Option<report_revisions::Model>> {
    Ok(highlight_store::reports::latest_revisions(db, &[report])
        .await?
        .into_iter()
        .next())
}

/// A board member's review: a comment, marking the report reviewed, or both.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReviewInput {
    /// A comment or decision for the record (optional when marking reviewed).
    #[serde(default)]
    pub comment: String,
    /// Mark the report reviewed by the board.
    #[serde(default)]
    pub mark_reviewed: bool,
}

/// Records a review. A draft cannot be reviewed; a reviewed report cannot be marked
/// again (a correction sends it back to the board).
pub async fn review(
    db: &DatabaseConnection,
    actor: &Actor,
    rs: &mut ReportScope,
    input: &ReviewInput,
    now: DateTime<Utc>,
) -> AppResult<()> {
    scope::require(rs.can_review, "review reports in this programme")?;
    let Some(report) = rs.report.clone().filter(|r| r.current_revision > 0) else {
        return Err(lifecycle(ReportLifecycleError::StillDraft));
    };
    let mut errors = ValidationErrors::new();
    let comment = input.comment.trim();
    if comment.is_empty() && !input.mark_reviewed {
        errors.add(
            "comment",
            "Enter a comment, or choose to mark the report as reviewed",
        );
    }
    if comment.chars().count() > 10_000 {
        errors.add(
            "comment",
            "The comment must be 10,000 characters or fewer: shorten it",
        );
    }
    if input.mark_reviewed && report.state == ReportState::Reviewed.as_str() {
        errors.add(
            "mark_reviewed",
            ReportLifecycleError::AlreadyReviewed.to_string(),
        );
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let txn = db.begin().await?;
    if !comment.is_empty() {
        let row = highlight_store::reports::add_comment(
            &txn,
            report.id,
            report.current_revision,
            actor.id(),
            &actor.user.name,
            comment,
            now,
        )
        .await?;
        audit::record(
            &txn,
            Some(actor.who()),
            Change::<(), _> {
                programme_id: Some(rs.scope.id()),
                action: "report.commented",
                entity: "highlight_report",
                entity_id: report.id.to_string(),
                before: None,
                after: Some(&serde_json::json!({
                    "comment_id": row.id, "revision": row.revision, "body": row.body
                })),
            },
            now,
        )
        .await?;
    }
    if input.mark_reviewed {
        let Some(saved) =
            highlight_store::reports::mark_reviewed(&txn, report.id, actor.id(), now).await?
        else {
            txn.rollback().await.ok();
            return Err(lifecycle(ReportLifecycleError::AlreadyReviewed));
        };
        audit::record(
            &txn,
            Some(actor.who()),
            Change {
                programme_id: Some(rs.scope.id()),
                action: "report.reviewed",
                entity: "highlight_report",
                entity_id: report.id.to_string(),
                before: Some(&serde_json::json!({"state": report.state})),
                after: Some(&serde_json::json!({
                    "state": saved.state, "revision": saved.current_revision
                })),
            },
            now,
        )
        .await?;
        rs.report = Some(saved);
    }
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Reading.

/// A report as a person (or a script) reads it.
#[derive(Debug, Clone, Serialize)]
pub struct ReportDetail {
    pub programme: String,
    pub programme_name: String,
    pub workstream: String,
    pub workstream_name: String,
    pub due_date: NaiveDate,
    pub covers_from: NaiveDate,
    /// "7 Oct 2026 to 6 Nov 2026".
    pub period_label: String,
    /// "not_started", "draft", "submitted" or "reviewed".
    pub state: String,
    /// Where the report stands for the board: not_yet_due, due, overdue, submitted, reviewed.
    pub status: String,
    pub status_label: String,
    /// 0 until submitted.
    pub current_revision: i32,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<String>,
    /// The latest submitted revision (what the board reads).
    pub revision: Option<RevisionDetail>,
    /// The working copy: only for those who can write the workstream.
    pub working_copy: Option<WorkingCopy>,
    pub comments: Vec<CommentView>,
    pub can_write: bool,
    pub can_review: bool,
}

/// One submitted revision.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionDetail {
    pub number: i32,
    /// "First submission", or the correction's reason.
    pub reason: String,
    pub submitted_at: DateTime<Utc>,
    /// "3 November 2026 09:00", in the programme's time zone.
    pub submitted_label: String,
    pub submitted_by: Option<String>,
    /// The report as submitted (the domain's `HighlightReportContent`).
    pub content: serde_json::Value,
    /// The assessment made at submission (kept: a later PID change does not rewrite it).
    pub assessment: serde_json::Value,
    pub readable: ReadableReport,
    pub judgement: Judgement,
}

/// The lead's working copy.
#[derive(Debug, Clone, Serialize)]
pub struct WorkingCopy {
    /// Send this back with a save, submit or correction.
    pub lock_version: i32,
    /// The form's fields (flat strings, as `PUT` takes them).
    pub fields: serde_json::Value,
    pub content: serde_json::Value,
    /// True when it differs from the latest submitted revision (an unsubmitted correction).
    pub unsubmitted_changes: bool,
    pub judgement: Judgement,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommentView {
    pub author: String,
    pub revision: i32,
    pub body: String,
    pub at: DateTime<Utc>,
    pub at_label: String,
}

async fn names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> AppResult<std::collections::HashMap<i64, String>> {
    let ids: Vec<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// Turns a stored revision into what a reader sees.
pub fn revision_detail(
    r: &report_revisions::Model,
    submitted_by: Option<String>,
    tz: chrono_tz::Tz,
) -> AppResult<RevisionDetail> {
    let content: HighlightReportContent = from_json(&r.content, "report_revisions.content")?;
    let assessment: Assessment = from_json(&r.assessment, "report_revisions.assessment")?;
    Ok(RevisionDetail {
        number: r.number,
        reason: r
            .reason
            .clone()
            .unwrap_or_else(|| "First submission".to_owned()),
        submitted_at: r.submitted_at,
        submitted_label: when(r.submitted_at, tz),
        submitted_by,
        readable: text::readable(&content),
        judgement: text::judgement(&content, &assessment),
        content: serde_json::to_value(&content).unwrap_or_default(),
        assessment: serde_json::to_value(&assessment).unwrap_or_default(),
    })
}

/// The report for whoever asks: readers get the latest submitted revision; writers
/// also get the working copy with its judgement against the current PID.
pub async fn detail(
    db: &impl ConnectionTrait,
    rs: &ReportScope,
    now: DateTime<Utc>,
) -> AppResult<ReportDetail> {
    let report = rs.report.as_ref();
    let latest = match report {
        Some(r) if r.current_revision > 0 => latest_revision(db, r).await?,
        _ => None,
    };
    let comments = match report {
        Some(r) => highlight_store::reports::comments(db, r.id).await?,
        None => Vec::new(),
    };
    let people = names(
        db,
        latest
            .iter()
            .filter_map(|l| l.submitted_by_id)
            .chain(report.and_then(|r| r.reviewed_by_id)),
    )
    .await?;
    let revision = latest
        .as_ref()
        .map(|l| {
            revision_detail(
                l,
                l.submitted_by_id.and_then(|id| people.get(&id).cloned()),
                rs.scope.tz,
            )
        })
        .transpose()?;
    let working_copy = match report {
        Some(r) if rs.can_write => {
            let content = working_content(r)?;
            let pid = pid_of(db, rs.workstream.id).await?;
            let assessment = assess(&content, &pid);
            let submitted: Option<HighlightReportContent> = latest
                .as_ref()
                .map(|l| from_json(&l.content, "report_revisions.content"))
                .transpose()?;
            Some(WorkingCopy {
                lock_version: r.lock_version,
                fields: serde_json::to_value(HighlightReportDraft::from(&content))
                    .unwrap_or_default(),
                unsubmitted_changes: submitted.as_ref().is_some_and(|s| *s != content),
                judgement: text::judgement(&content, &assessment),
                content: serde_json::to_value(&content).unwrap_or_default(),
            })
        }
        _ => None,
    };
    let status = rs.status(now);
    Ok(ReportDetail {
        programme: rs.scope.programme.slug.clone(),
        programme_name: rs.scope.programme.name.clone(),
        workstream: rs.workstream.slug.clone(),
        workstream_name: rs.workstream.name.clone(),
        due_date: rs.period.due_date,
        covers_from: rs.period.covers_from,
        period_label: rs.domain_period().to_string(),
        state: report
            .map(|r| r.state.clone())
            .unwrap_or_else(|| "not_started".to_owned()),
        status: status.as_str().to_owned(),
        status_label: text::status_word(status).to_owned(),
        current_revision: report.map_or(0, |r| r.current_revision),
        submitted_at: report.and_then(|r| r.submitted_at),
        reviewed_at: report.and_then(|r| r.reviewed_at),
        reviewed_by: report
            .and_then(|r| r.reviewed_by_id)
            .and_then(|id| people.get(&id).cloned()),
        revision,
        working_copy,
        comments: comments
            .into_iter()
            .map(|c| CommentView {
                author: c.author_name,
                revision: c.revision,
                body: c.body,
                at_label: when(c.created_at, rs.scope.tz),
                at: c.created_at,
            })
            .collect(),
        can_write: rs.can_write,
        can_review: rs.can_review,
    })
}

/// One revision in a report's history.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionSummary {
    pub number: i32,
    pub reason: String,
    pub submitted_at: DateTime<Utc>,
    pub submitted_label: String,
    pub submitted_by: Option<String>,
    pub rag: String,
}

/// Every submitted revision of the report (readers see these; nothing before submission).
pub async fn revision_list(
    db: &impl ConnectionTrait,
    rs: &ReportScope,
) -> AppResult<Vec<RevisionSummary>> {
    let Some(report) = rs.report.as_ref() else {
        return Ok(Vec::new());
    };
    let rows = highlight_store::reports::revisions(db, report.id).await?;
    let people = names(db, rows.iter().filter_map(|r| r.submitted_by_id)).await?;
    rows.iter()
        .map(|r| {
            let a: Assessment = from_json(&r.assessment, "report_revisions.assessment")?;
            Ok(RevisionSummary {
                number: r.number,
                reason: r
                    .reason
                    .clone()
                    .unwrap_or_else(|| "First submission".to_owned()),
                submitted_at: r.submitted_at,
                submitted_label: when(r.submitted_at, rs.scope.tz),
                submitted_by: r.submitted_by_id.and_then(|id| people.get(&id).cloned()),
                rag: a.rag.as_str().to_owned(),
            })
        })
        .collect()
}

/// Revision `n` with the differences from revision `n - 1`, field by field.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionWithChanges {
    pub revision: RevisionDetail,
    /// The revision compared with (none for the first).
    pub previous: Option<i32>,
    pub changes: Vec<text::FieldChange>,
}

pub async fn revision_with_changes(
    db: &impl ConnectionTrait,
    rs: &ReportScope,
    number: i32,
) -> AppResult<RevisionWithChanges> {
    let not_found = || AppError::NotFound(format!("revision {number} of this report"));
    let report = rs.report.as_ref().ok_or_else(not_found)?;
    let rows = highlight_store::reports::revisions(db, report.id).await?;
    let this = rows
        .iter()
        .find(|r| r.number == number)
        .ok_or_else(not_found)?;
    let previous = rows.iter().find(|r| r.number == number - 1);
    let people = names(db, this.submitted_by_id).await?;
    let after: HighlightReportContent = from_json(&this.content, "report_revisions.content")?;
    let changes = match previous {
        Some(p) => {
            let before: HighlightReportContent = from_json(&p.content, "report_revisions.content")?;
            text::changes(
                &HighlightReportDraft::from(&before),
                &HighlightReportDraft::from(&after),
            )
        }
        None => Vec::new(),
    };
    Ok(RevisionWithChanges {
        revision: revision_detail(
            this,
            this.submitted_by_id.and_then(|id| people.get(&id).cloned()),
            rs.scope.tz,
        )?,
        previous: previous.map(|p| p.number),
        changes,
    })
}

/// Refuses a reader a report that has nothing submitted: drafts are the writers' own.
pub fn require_readable(rs: &ReportScope) -> AppResult<()> {
    if rs.can_write || rs.is_submitted() {
        Ok(())
    } else {
        scope::require(false, "read this report before it is submitted")
    }
}

/// An instant as a person reads it, in the programme's time zone.
pub fn when(at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    at.with_timezone(&tz).format("%-d %B %Y %H:%M").to_string()
}

/// Who last changed a report and when, from the audit log ("Karen Moss at 22 November
/// 2026 14:05"), for the conflict page.
pub async fn last_changed_by(
    db: &impl ConnectionTrait,
    report_id: i64,
    tz: chrono_tz::Tz,
) -> AppResult<Option<String>> {
    use sea_orm::QueryOrder;
    Ok(highlight_store::entities::audit_log::Entity::find()
        .filter(highlight_store::entities::audit_log::Column::Entity.eq("highlight_report"))
        .filter(highlight_store::entities::audit_log::Column::EntityId.eq(report_id.to_string()))
        .order_by_desc(highlight_store::entities::audit_log::Column::At)
        .order_by_desc(highlight_store::entities::audit_log::Column::Id)
        .one(db)
        .await?
        .map(|a| format!("{} at {}", a.actor_name, when(a.at, tz))))
}
