//! The highlight report workflow: open (pre-filled from last period), save a draft,
//! submit, correct with a reason, review — each checking what the actor may do, writing
//! through the lock version so nobody is overwritten silently, and auditing the change
//! in the same transaction.
//!
//! Readers (anyone who sees the programme) see submitted revisions only; the working
//! copy — a never-submitted draft, or an unsubmitted correction — is for those who can
//! write the workstream.
//!
//! Reading never writes: the form of a report nobody has started is built from the
//! pre-filled content, and the period row and the draft row appear with the first
//! save (or submission), in its transaction. What may be done to a report in its
//! state is the domain's [`ReportState::apply`], so a refusal has one status on every
//! path (a conflict with the state is 409, a missing reason 422 naming the field).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use highlight_domain::text::normalise;
use highlight_domain::{
    Assessment, HighlightReportContent, HighlightReportDraft, Pid, RagPolicy, ReportAction,
    ReportLifecycleError, ReportSection, ReportState, ReportStatus, ReportingPeriod, SectionState,
    StageNumber, ValidationErrors, assess_report, local_date, report_status,
};
use highlight_store::reports::{ReportRecord, RevisionRecord};
use highlight_store::workstreams::WorkstreamRecord;
use highlight_store::{Conn, Db, StoreError, Tx};
use serde::{Deserialize, Serialize};

use super::text::{self, Judgement, ReadableReport};
use crate::Actor;
use crate::error::{AppError, AppResult};
use crate::scope::{self, ProgrammeScope};
use highlight_store::audit::{self, Change};
use highlight_store::json::from_json;
use highlight_store::{self, current_pid};

pub use crate::review_loop::{
    ChangesSinceReturn, ReturnNotesView, SectionNotes, changes_since_return, open_return, resubmit,
    return_for_changes,
};

/// A report addressed by programme, workstream and due date, with what the actor may do.
#[derive(Debug, Clone)]
pub struct ReportScope {
    pub scope: ProgrammeScope,
    pub workstream: WorkstreamRecord,
    /// The period reported on.
    pub period: ReportingPeriod,
    /// The stored period's id; `None` while nobody has opened it (a writer may open a
    /// period the cycle has due: the first save stores it).
    pub period_id: Option<i64>,
    pub report: Option<ReportRecord>,
    pub can_write: bool,
    pub can_review: bool,
}

impl ReportScope {
    pub fn domain_period(&self) -> ReportingPeriod {
        self.period
    }

    /// The report's state (`None`: nobody has started it); a damaged stored state is an
    /// error naming the row.
    pub fn state(&self) -> AppResult<Option<ReportState>> {
        Ok(self.report.as_ref().map(|r| r.state))
    }

    pub fn status(&self, now: DateTime<Utc>) -> AppResult<ReportStatus> {
        Ok(report_status(
            &self.domain_period(),
            self.state()?,
            now,
            self.scope.tz,
        ))
    }

    pub fn is_submitted(&self) -> bool {
        self.report.as_ref().is_some_and(|r| r.current_revision > 0)
    }
}

/// Parses a due date from a URL: anything else is "not found".
pub fn parse_due(due: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(due, "%Y-%m-%d")
        .map_err(|_| AppError::NotFound(format!("the reporting period due \"{due}\"")))
}

/// Resolves the report a URL names. A writer may open a period the cycle has due but
/// nobody has opened yet (up to a year ahead); anyone else gets "not found" for it.
/// Nothing is written: such a period is stored by the first save.
#[tracing::instrument(skip_all, fields(programme = programme_slug, workstream = workstream_slug, due))]
pub async fn resolve(
    db: &impl Conn,
    actor: &Actor,
    programme_slug: &str,
    workstream_slug: &str,
    due: &str,
    now: DateTime<Utc>,
) -> AppResult<ReportScope> {
    let due_date = parse_due(due)?;
    let (scope, workstream) = scope::workstream(db, actor, programme_slug, workstream_slug).await?;
    let can_write = actor
        .access
        .can_write_workstream(scope.id(), workstream.id.0);
    let can_review = actor.access.can_review(scope.id());
    let not_found = || AppError::NotFound(format!("the reporting period due {due_date}"));
    let (period, period_id) =
        match highlight_store::periods::due_on(db, scope.id(), due_date).await? {
            Some(p) => (highlight_store::periods::domain(&p), Some(p.id)),
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
                (
                    scope.cycle.period_due_on(due_date, scope.tz, &calendar),
                    None,
                )
            }
            None => return Err(not_found()),
        };
    let report = match period_id {
        Some(id) => highlight_store::reports::find(db, workstream.id.0, id).await?,
        None => None,
    };
    Ok(ReportScope {
        scope,
        workstream,
        period,
        period_id,
        report,
        can_write,
        can_review,
    })
}

/// The workstream's current PID, or an empty plan.
pub async fn pid_of(db: &impl Conn, workstream_id: i64) -> AppResult<Pid> {
    Ok(current_pid::load(db, &[workstream_id])
        .await?
        .remove(&workstream_id)
        .unwrap_or_else(current_pid::empty))
}

/// Assesses content against the workstream's PID with the programme's policy
/// ([`ProgrammeScope::rag_policy`]).
pub fn assess(policy: &RagPolicy, content: &HighlightReportContent, pid: &Pid) -> Assessment {
    assess_report(content, pid, policy)
}

/// The working copy's content.
pub fn working_content(report: &ReportRecord) -> AppResult<HighlightReportContent> {
    Ok(from_json(&report.draft, "highlight_reports.draft")?)
}

/// What last period's report said, as last submitted.
pub async fn previous_content(
    db: &impl Conn,
    rs: &ReportScope,
) -> AppResult<Option<HighlightReportContent>> {
    let Some(previous) =
        highlight_store::periods::before(db, rs.scope.id(), rs.period.due_date).await?
    else {
        return Ok(None);
    };
    let Some(report) = highlight_store::reports::find(db, rs.workstream.id.0, previous.id).await?
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
    db: &impl Conn,
    workstream_id: i64,
) -> AppResult<(Vec<String>, Vec<String>)> {
    let risks = highlight_store::risks::open_of_workstream(db, workstream_id)
        .await?
        .iter()
        .map(|r| {
            let owner = if r.owner.is_empty() {
                String::new()
            } else {
                format!("; owner {}", r.owner)
            };
            format!(
                "{} (likelihood {}, impact {}, score {}{owner})",
                r.description,
                r.likelihood.get(),
                r.impact.get(),
                r.score().get()
            )
        })
        .collect();
    let issues = highlight_store::risks::open_issues_of_workstream(db, workstream_id)
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

/// What a report nobody has started would start with: last period's content carried
/// forward and the open register listed (the domain's
/// [`HighlightReportContent::carried_forward`]). Reads only.
pub async fn prefilled(db: &impl Conn, rs: &ReportScope) -> AppResult<HighlightReportContent> {
    let previous = previous_content(db, rs).await?;
    let (risks, issues) = open_register(db, rs.workstream.id.0).await?;
    let stage: StageNumber = rs.workstream.stage;
    Ok(HighlightReportContent::carried_forward(
        stage,
        rs.domain_period(),
        previous.as_ref(),
        &risks,
        &issues,
    ))
}

/// What the report form opens with.
#[derive(Debug, Clone)]
pub struct FormContent {
    /// The working copy, or the pre-filled content of a report nobody has started.
    pub content: HighlightReportContent,
    /// Send this back with the save (0 for a report not yet started).
    pub lock_version: i32,
}

/// The form's content for a writer, without writing anything: the working copy if the
/// report is started, else the pre-filled content (stored by the first save).
#[tracing::instrument(skip_all, fields(programme = rs.scope.id(), workstream = rs.workstream.id.0, due = %rs.period.due_date))]
pub async fn form_content(db: &impl Conn, rs: &ReportScope) -> AppResult<FormContent> {
    scope::require(rs.can_write, "write this workstream's report")?;
    match &rs.report {
        Some(r) => Ok(FormContent {
            content: working_content(r)?,
            lock_version: r.lock_version,
        }),
        None => Ok(FormContent {
            content: prefilled(db, rs).await?,
            lock_version: 0,
        }),
    }
}

/// Where the form stands, section by section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProgress {
    /// Every section in the form's order, with its state.
    pub sections: Vec<(ReportSection, SectionState)>,
    /// The fields to label "carried forward from last period — check": still exactly as
    /// carried, in a section the lead has not confirmed.
    pub carried: Vec<&'static str>,
}

impl FormProgress {
    /// The state of one section.
    pub fn state_of(&self, section: ReportSection) -> SectionState {
        self.sections
            .iter()
            .find(|(s, _)| *s == section)
            .map_or(SectionState::NotStarted, |(_, st)| *st)
    }
}

/// Where the form `draft` (as saved, or as typed) stands against `carried` (what the
/// report was pre-filled with: [`prefilled`]), with the sections the lead has confirmed
/// on `rs`'s report. The domain's [`ReportSection::state`] decides each; reads nothing.
pub fn progress(
    rs: &ReportScope,
    draft: &HighlightReportDraft,
    carried: &HighlightReportContent,
) -> FormProgress {
    let confirmed: &[ReportSection] = rs
        .report
        .as_ref()
        .map_or(&[], |r| r.confirmed_sections.as_slice());
    let missing = match draft.validate_for_submission(rs.domain_period()) {
        Ok(_) => ValidationErrors::new(),
        Err(e) => e,
    };
    let carried_draft = HighlightReportDraft::from(carried);
    let sections = ReportSection::ALL
        .iter()
        .copied()
        .map(|s| {
            (
                s,
                s.state(draft, &carried_draft, confirmed.contains(&s), &missing),
            )
        })
        .collect();
    // A form with errors in it compares nothing: the labels come back once it reads.
    let still = match draft.validate(rs.domain_period()) {
        Ok(now) => now.still_as_carried(carried),
        Err(_) => Vec::new(),
    };
    FormProgress {
        sections,
        carried: still
            .into_iter()
            .filter(|f| ReportSection::of_field(f).is_none_or(|s| !confirmed.contains(&s)))
            .collect(),
    }
}

/// The row a write goes to.
struct Target {
    report: ReportRecord,
    period_id: i64,
    /// Started by this write (in its transaction).
    fresh: bool,
}

/// The report row a write goes to, inside `txn`: the stored one, or — on the first
/// write — the period opened (if nobody has) and the draft started with `prefilled`,
/// audited as "report.draft_started". `Err` with the store's error when the draft
/// could not be started (someone else started it at the same moment): the caller
/// drops the transaction and looks for theirs.
async fn target(
    txn: &Tx,
    actor: &Actor,
    rs: &ReportScope,
    prefilled: Option<HighlightReportContent>,
    now: DateTime<Utc>,
) -> AppResult<Result<Target, StoreError>> {
    if let (Some(report), Some(period_id)) = (&rs.report, rs.period_id) {
        return Ok(Ok(Target {
            report: report.clone(),
            period_id,
            fresh: false,
        }));
    }
    let content = match prefilled {
        Some(c) => c,
        None => {
            return Err(AppError::Internal(anyhow::anyhow!(
                "starting a report without its pre-filled content"
            )));
        }
    };
    let period_id = match rs.period_id {
        Some(id) => id,
        None => {
            highlight_store::periods::open(txn, rs.scope.id(), &rs.period, rs.scope.tz, now)
                .await?
                .id
        }
    };
    let report = match highlight_store::reports::create_draft(
        txn,
        rs.workstream.id.0,
        period_id,
        &content,
        now,
    )
    .await
    {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    audit::record(
        txn,
        Some(actor.who()),
        Change::<(), _> {
            programme_id: Some(rs.scope.id()),
            action: "report.draft_started",
            entity: "highlight_report",
            entity_id: report.id.to_string(),
            before: None,
            after: Some(&content),
        },
        now,
    )
    .await?;
    Ok(Ok(Target {
        report,
        period_id,
        fresh: true,
    }))
}

/// The report someone else started while this write was starting it, if any.
async fn theirs(db: &Db, rs: &ReportScope) -> AppResult<Option<ReportRecord>> {
    let Some(period) =
        highlight_store::periods::due_on(db, rs.scope.id(), rs.period.due_date).await?
    else {
        return Ok(None);
    };
    Ok(highlight_store::reports::find(db, rs.workstream.id.0, period.id).await?)
}

/// The pre-filled content a write needs when the report is not started yet.
async fn prefill_if_new(db: &Db, rs: &ReportScope) -> AppResult<Option<HighlightReportContent>> {
    match rs.report {
        Some(_) => Ok(None),
        None => Ok(Some(prefilled(db, rs).await?)),
    }
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
        self.fields.with_confirmed_products(&self.confirmed)
    }
}

/// How a write ended.
#[derive(Debug)]
pub enum WriteOutcome {
    /// Written; the row as it now stands.
    Written(ReportRecord),
    /// Refused: every problem, each naming its field.
    Invalid(ValidationErrors),
    /// Someone else saved first: the row as they left it.
    Conflict(ReportRecord),
}

async fn current_row(db: &impl Conn, report_id: i64) -> AppResult<ReportRecord> {
    highlight_store::reports::find_by_id(db, report_id)
        .await?
        .ok_or_else(|| AppError::NotFound("the report".into()))
}

/// Saves the working copy: incomplete is fine, unreadable values are not. The first
/// save of a report nobody has started opens its period and starts its draft, in the
/// same transaction.
#[tracing::instrument(skip_all, fields(programme = rs.scope.id(), workstream = rs.workstream.id.0, due = %rs.period.due_date))]
pub async fn save(
    db: &Db,
    actor: &Actor,
    rs: &mut ReportScope,
    input: &ReportInput,
    now: DateTime<Utc>,
) -> AppResult<WriteOutcome> {
    save_confirming(db, actor, rs, input, None, now).await
}

/// Saves one section of the form from its own page: that section's fields from
/// `input`, every other field as saved (or as pre-filled, for a report nobody has
/// started), and the section confirmed — so the task list says "Completed" of it even
/// when its answers are still last period's.
#[tracing::instrument(skip_all, fields(programme = rs.scope.id(), workstream = rs.workstream.id.0, due = %rs.period.due_date, section = %section))]
pub async fn save_section(
    db: &Db,
    actor: &Actor,
    rs: &mut ReportScope,
    section: ReportSection,
    input: &ReportInput,
    now: DateTime<Utc>,
) -> AppResult<WriteOutcome> {
    let base = form_content(db, rs).await?.content;
    let fields = HighlightReportDraft::from(&base).with_section(section, &input.merged());
    let whole = ReportInput {
        fields,
        confirmed: Vec::new(),
        lock_version: input.lock_version,
        reason: input.reason.clone(),
    };
    save_confirming(db, actor, rs, &whole, Some(section), now).await
}

async fn save_confirming(
    db: &Db,
    actor: &Actor,
    rs: &mut ReportScope,
    input: &ReportInput,
    confirming: Option<ReportSection>,
    now: DateTime<Utc>,
) -> AppResult<WriteOutcome> {
    scope::require(rs.can_write, "write this workstream's report")?;
    rs.state()?
        .unwrap_or(ReportState::Draft)
        .apply(ReportAction::SaveWorkingCopy)?;
    let content = match input.merged().validate(rs.domain_period()) {
        Ok(c) => c,
        Err(e) => return Ok(WriteOutcome::Invalid(e)),
    };
    let prefilled = prefill_if_new(db, rs).await?;
    let txn = highlight_store::begin(db).await?;
    let target = match target(&txn, actor, rs, prefilled, now).await? {
        Ok(t) => t,
        Err(e) => {
            drop(txn);
            return match theirs(db, rs).await? {
                Some(theirs) => Ok(WriteOutcome::Conflict(theirs)),
                None => Err(e.into()),
            };
        }
    };
    let report = &target.report;
    let before = working_content(report)?;
    let mut confirmed = report.confirmed_sections.clone();
    confirmed.extend(confirming);
    let Some(saved) = highlight_store::reports::save_draft(
        &txn,
        report.id,
        input.lock_version,
        &content,
        &confirmed,
        now,
    )
    .await?
    else {
        return conflict(db, txn, rs, target).await;
    };
    audit::record(
        &txn,
        Some(actor.who()),
        Change {
            programme_id: Some(rs.scope.id()),
            action: "report.draft_saved",
            entity: "highlight_report",
            entity_id: report.id.to_string(),
            before: Some(&before),
            after: Some(&content),
        },
        now,
    )
    .await?;
    highlight_store::commit(txn).await?;
    rs.period_id = Some(target.period_id);
    rs.report = Some(saved.clone());
    Ok(WriteOutcome::Written(saved))
}

/// A write whose lock version was stale. A report this write started stays started
/// (as when the form used to start it), and is the row shown; otherwise nothing is
/// written and the row as someone else left it is shown.
async fn conflict(
    db: &Db,
    txn: Tx,
    rs: &mut ReportScope,
    target: Target,
) -> AppResult<WriteOutcome> {
    if target.fresh {
        highlight_store::commit(txn).await?;
        rs.period_id = Some(target.period_id);
        rs.report = Some(target.report.clone());
        return Ok(WriteOutcome::Conflict(target.report));
    }
    drop(txn);
    Ok(WriteOutcome::Conflict(
        current_row(db, target.report.id).await?,
    ))
}

/// Submits a draft as revision 1, or — with a reason — corrects a submitted report as
/// the next revision. Needs everything the board reads. Submitting a report nobody has
/// started opens its period and starts it, in the same transaction.
#[tracing::instrument(skip_all, fields(programme = rs.scope.id(), workstream = rs.workstream.id.0, due = %rs.period.due_date, correction))]
pub async fn submit(
    db: &Db,
    actor: &Actor,
    rs: &mut ReportScope,
    input: &ReportInput,
    correction: bool,
    now: DateTime<Utc>,
) -> AppResult<WriteOutcome> {
    let kind = match correction {
        true => Submission::Correction,
        false => Submission::First,
    };
    submit_as(db, actor, rs, input, kind, now).await
}

/// Which kind of revision a submission makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Submission {
    /// Revision 1 of a draft.
    First,
    /// The next revision of a submitted, returned or reviewed report, with a reason.
    Correction,
    /// The next revision of a returned report (`input.reason` is the revision's reason).
    Resubmission,
}

pub(crate) async fn submit_as(
    db: &Db,
    actor: &Actor,
    rs: &mut ReportScope,
    input: &ReportInput,
    kind: Submission,
    now: DateTime<Utc>,
) -> AppResult<WriteOutcome> {
    scope::require(rs.can_write, "write this workstream's report")?;
    let reason = input.reason.trim();
    let correction = kind != Submission::First;
    let action = match kind {
        Submission::Correction => ReportAction::Correct { reason },
        Submission::First => ReportAction::Submit,
        Submission::Resubmission => ReportAction::Resubmit,
    };
    let mut errors = ValidationErrors::new();
    // A refusal by the report's state is the answer; a missing reason joins the
    // field errors, so the form shows them all at once.
    match rs.state()?.unwrap_or(ReportState::Draft).apply(action) {
        Ok(_) => {}
        Err(e) if e.is_conflict() => return Err(e.into()),
        Err(e) => match e.to_field_error() {
            Some(f) => errors.0.push(f),
            None => errors.add("report", e.to_string()),
        },
    }
    let content = match input.merged().validate_for_submission(rs.domain_period()) {
        Ok(c) if errors.is_empty() => c,
        Ok(_) => return Ok(WriteOutcome::Invalid(errors)),
        Err(e) => {
            errors.0.extend(e.0);
            return Ok(WriteOutcome::Invalid(errors));
        }
    };
    let pid = pid_of(db, rs.workstream.id.0).await?;
    let assessment = assess(&rs.scope.rag_policy, &content, &pid);
    let prefilled = prefill_if_new(db, rs).await?;
    let before = match (&rs.report, correction) {
        (Some(report), true) => latest_revision(db, report)
            .await?
            .map(|r| from_json::<HighlightReportContent>(&r.content, "report_revisions.content"))
            .transpose()?,
        (Some(report), false) => Some(working_content(report)?),
        (None, _) => prefilled.clone(),
    };
    let txn = highlight_store::begin(db).await?;
    let target = match target(&txn, actor, rs, prefilled, now).await? {
        Ok(t) => t,
        Err(e) => {
            drop(txn);
            return match theirs(db, rs).await? {
                Some(theirs) => Ok(WriteOutcome::Conflict(theirs)),
                None => Err(e.into()),
            };
        }
    };
    let report_id = target.report.id;
    let Some(saved) = highlight_store::reports::submit_revision(
        &txn,
        target.report.clone(),
        input.lock_version,
        &content,
        &assessment,
        correction.then_some(reason),
        Some(actor.id()),
        now,
    )
    .await?
    else {
        return conflict(db, txn, rs, target).await;
    };
    audit::record(
        &txn,
        Some(actor.who()),
        Change {
            programme_id: Some(rs.scope.id()),
            action: match kind {
                Submission::First => "report.submitted",
                Submission::Correction => "report.corrected",
                Submission::Resubmission => "report.resubmitted",
            },
            entity: "highlight_report",
            entity_id: report_id.to_string(),
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
    highlight_store::commit(txn).await?;
    rs.period_id = Some(target.period_id);
    rs.report = Some(saved.clone());
    Ok(WriteOutcome::Written(saved))
}

async fn latest_revision(
    db: &impl Conn,
    report: &ReportRecord,
) -> AppResult<Option<RevisionRecord>> {
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
/// again (a correction sends it back to the board). Both are conflicts with the
/// report's state (409), as the domain's lifecycle says.
#[tracing::instrument(skip_all, fields(programme = rs.scope.id(), workstream = rs.workstream.id.0, due = %rs.period.due_date))]
pub async fn review(
    db: &Db,
    actor: &Actor,
    rs: &mut ReportScope,
    input: &ReviewInput,
    now: DateTime<Utc>,
) -> AppResult<()> {
    scope::require(rs.can_review, "review reports in this programme")?;
    let Some(report) = rs.report.clone() else {
        return Err(ReportLifecycleError::StillDraft.into());
    };
    let state = report.state;
    state.apply(match input.mark_reviewed {
        true => ReportAction::Review,
        false => ReportAction::Comment,
    })?;
    let mut errors = ValidationErrors::new();
    let comment = normalise(&input.comment);
    let comment = comment.as_str();
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
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let txn = highlight_store::begin(db).await?;
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
            // Someone marked it between our read and our write.
            drop(txn);
            return Err(ReportLifecycleError::AlreadyReviewed.into());
        };
        audit::record(
            &txn,
            Some(actor.who()),
            Change {
                programme_id: Some(rs.scope.id()),
                action: "report.reviewed",
                entity: "highlight_report",
                entity_id: report.id.to_string(),
                before: Some(&serde_json::json!({"state": report.state.as_str()})),
                after: Some(&serde_json::json!({
                    "state": saved.state.as_str(), "revision": saved.current_revision
                })),
            },
            now,
        )
        .await?;
        rs.report = Some(saved);
    }
    highlight_store::commit(txn).await?;
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
    /// Where the report stands for the board.
    pub status: highlight_domain::ReportStatus,
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

/// Turns a stored revision into what a reader sees.
pub fn revision_detail(
    r: &RevisionRecord,
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
#[tracing::instrument(skip_all, fields(programme = rs.scope.id(), workstream = rs.workstream.id.0, due = %rs.period.due_date))]
pub async fn detail(
    db: &impl Conn,
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
    let people = highlight_store::scope::user_names(
        db,
        latest
            .iter()
            .filter_map(|l| l.submitted_by_id.map(|id| id.0))
            .chain(report.and_then(|r| r.reviewed_by_id).map(|id| id.0)),
    )
    .await?;
    let revision = latest
        .as_ref()
        .map(|l| {
            revision_detail(
                l,
                l.submitted_by_id.and_then(|id| people.get(&id.0).cloned()),
                rs.scope.tz,
            )
        })
        .transpose()?;
    let working_copy = match report {
        Some(r) if rs.can_write => {
            let content = working_content(r)?;
            let pid = pid_of(db, rs.workstream.id.0).await?;
            let assessment = assess(&rs.scope.rag_policy, &content, &pid);
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
    let status = rs.status(now)?;
    Ok(ReportDetail {
        programme: rs.scope.programme.slug.clone(),
        programme_name: rs.scope.programme.name.clone(),
        workstream: rs.workstream.slug.clone(),
        workstream_name: rs.workstream.name.clone(),
        due_date: rs.period.due_date,
        covers_from: rs.period.covers_from,
        period_label: rs.domain_period().to_string(),
        state: rs
            .state()?
            .map_or("not_started", ReportState::as_str)
            .to_owned(),
        status,
        status_label: text::status_word(status).to_owned(),
        current_revision: report.map_or(0, |r| r.current_revision),
        submitted_at: report.and_then(|r| r.submitted_at),
        reviewed_at: report.and_then(|r| r.reviewed_at),
        reviewed_by: report
            .and_then(|r| r.reviewed_by_id)
            .and_then(|id| people.get(&id.0).cloned()),
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
pub async fn revision_list(db: &impl Conn, rs: &ReportScope) -> AppResult<Vec<RevisionSummary>> {
    let Some(report) = rs.report.as_ref() else {
        return Ok(Vec::new());
    };
    let rows = highlight_store::reports::revisions(db, report.id).await?;
    let people = highlight_store::scope::user_names(
        db,
        rows.iter().filter_map(|r| r.submitted_by_id.map(|id| id.0)),
    )
    .await?;
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
                submitted_by: r.submitted_by_id.and_then(|id| people.get(&id.0).cloned()),
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
    db: &impl Conn,
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
    let people =
        highlight_store::scope::user_names(db, this.submitted_by_id.map(|id| id.0)).await?;
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
            this.submitted_by_id
                .and_then(|id| people.get(&id.0).cloned()),
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
    crate::format::date_time(&at.with_timezone(&tz))
}

/// Who last changed a report and when, from the audit log ("Karen Moss at 22 November
/// 2026 14:05"), for the conflict page.
pub async fn last_changed_by(
    db: &impl Conn,
    report_id: i64,
    tz: chrono_tz::Tz,
) -> AppResult<Option<String>> {
    Ok(
        highlight_store::audit_log::latest_about(db, "highlight_report", &report_id.to_string())
            .await?
            .map(|a| format!("{} at {}", a.actor_name, when(a.at, tz))),
    )
}
