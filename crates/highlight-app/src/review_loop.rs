//! Review as a loop: a board member or the programme manager returns a submitted report
//! for changes with notes pinned to the form's sections; the lead reads them (on the
//! report, at the top of each section, on "your work"), changes the report and
//! resubmits it; the board then reads what changed since it returned it, field by
//! field and word by word.
//!
//! What may be done in which state is the domain's [`ReportState::apply`]
//! (`Return`, `Resubmit`); the notes are parsed by the domain's [`ReturnNotesDraft`].
//! Every return is written with a guard on the report's state and revision and a
//! unique (report, revision) index, and audited in the same transaction: of two board
//! members returning at once, one wins and the other is told it has already been
//! returned (409).

use chrono::{DateTime, Utc};
use highlight_domain::{
    HighlightReportContent, HighlightReportDraft, ReportAction, ReportLifecycleError,
    ReportSection, ReportState, ReturnNotesDraft, ValidationErrors, resubmission_reason,
};
use highlight_store::audit::{self, Change};
use highlight_store::json::from_json;
use highlight_store::report_returns::{self, NewReturn, ReturnRecord};
use highlight_store::{Conn, Db};
use serde::Serialize;

use crate::Actor;
use crate::error::{AppError, AppResult};
use crate::reports::{
    ReportInput, ReportScope, Submission, WriteOutcome, submit_as, when, working_content,
};
use crate::scope;
use crate::text::{self, FieldChange};

/// The longest words a lead may add to a resubmission, in characters.
pub const MAX_RESUBMISSION_WORDS: usize = 1_000;

/// One section's note from the board, as the lead reads it at the top of that section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionNotes {
    pub section: ReportSection,
    /// "Budget".
    pub title: &'static str,
    pub body: String,
    /// Who returned the report.
    pub returned_by: String,
    /// "3 December 2026 09:12", in the programme's time zone.
    pub returned_label: String,
}

/// The board's notes on a report returned for changes.
#[derive(Debug, Clone, Serialize)]
pub struct ReturnNotesView {
    /// The revision returned.
    pub revision: i32,
    pub returned_by: String,
    pub returned_at: DateTime<Utc>,
    pub returned_label: String,
    /// The note about the whole report.
    pub general: Option<String>,
    /// The notes pinned to sections, in the form's order.
    pub sections: Vec<SectionNotes>,
    /// How many notes there are, the general one included.
    pub count: usize,
    /// The first note (the general one, else the first section's).
    pub first: String,
}

impl ReturnNotesView {
    /// The note pinned to `section`, for the top of that section's page.
    pub fn on(&self, section: ReportSection) -> Option<&SectionNotes> {
        self.sections.iter().find(|n| n.section == section)
    }

    fn of(r: &ReturnRecord, tz: chrono_tz::Tz) -> Self {
        let label = when(r.returned_at, tz);
        Self {
            revision: r.revision,
            returned_by: r.returned_by_name.clone(),
            returned_at: r.returned_at,
            returned_label: label.clone(),
            general: r.notes.general.clone(),
            sections: r
                .notes
                .sections
                .iter()
                .map(|(s, body)| SectionNotes {
                    section: *s,
                    title: s.title(),
                    body: body.clone(),
                    returned_by: r.returned_by_name.clone(),
                    returned_label: label.clone(),
                })
                .collect(),
            count: r.notes.count(),
            first: r.notes.first().unwrap_or_default().to_owned(),
        }
    }
}

/// Refuses, as the return itself would, a return that cannot be made: for those who
/// may not review (403), or a report that is not submitted (409, the domain's words).
pub fn require_returnable(rs: &ReportScope) -> AppResult<()> {
    scope::require(
        rs.can_review,
        "return reports in this programme for changes",
    )?;
    rs.state()?
        .unwrap_or(ReportState::Draft)
        .apply(ReportAction::Return)?;
    Ok(())
}

/// The name of the workstream's lead, for "returned to Karen Moss".
pub async fn lead_name(db: &impl Conn, rs: &ReportScope) -> AppResult<Option<String>> {
    let Some(id) = rs.workstream.lead_id else {
        return Ok(None);
    };
    Ok(highlight_store::scope::user_names(db, [id.0])
        .await?
        .remove(&id.0))
}

/// Returns the report's latest revision to its lead for changes, with the board's
/// notes. Only for those who may review; only a submitted report (the domain's
/// lifecycle: a draft is 409 "still a draft", a reviewed one 409 "already reviewed", a
/// returned one 409 "already returned"); at least one note (422 otherwise).
#[tracing::instrument(skip_all, fields(programme = rs.scope.id(), workstream = rs.workstream.id.0, due = %rs.period.due_date))]
pub async fn return_for_changes(
    db: &Db,
    public_url: &url::Url,
    actor: &Actor,
    rs: &mut ReportScope,
    draft: &ReturnNotesDraft,
    now: DateTime<Utc>,
) -> AppResult<ReturnNotesView> {
    scope::require(
        rs.can_review,
        "return reports in this programme for changes",
    )?;
    let Some(report) = rs.report.clone() else {
        return Err(ReportLifecycleError::StillDraft.into());
    };
    report.state.apply(ReportAction::Return)?;
    let notes = draft.parse().map_err(AppError::Invalid)?;
    let txn = highlight_store::begin(db).await?;
    if !report_returns::mark_returned(&txn, report.id, report.current_revision, now).await? {
        // Someone returned, reviewed or corrected it between our read and our write.
        drop(txn);
        return Err(moved_on(db, report.id).await);
    }
    let Some(recorded) = report_returns::record(
        &txn,
        &NewReturn {
            report_id: report.id,
            revision: report.current_revision,
            returned_by_id: actor.id(),
            returned_by_name: &actor.user.name,
            notes: &notes,
        },
        now,
    )
    .await?
    else {
        drop(txn);
        return Err(ReportLifecycleError::AlreadyReturned.into());
    };
    audit::record(
        &txn,
        Some(actor.who()),
        Change {
            programme_id: Some(rs.scope.id()),
            action: "report.returned",
            entity: "highlight_report",
            entity_id: report.id.to_string(),
            before: Some(&serde_json::json!({
                "state": report.state.as_str(), "revision": report.current_revision
            })),
            after: Some(&serde_json::json!({
                "state": ReportState::Returned.as_str(),
                "revision": report.current_revision,
                "return_id": recorded.id,
                "general_note": notes.general,
                "notes": notes
                    .sections
                    .iter()
                    .map(|(s, body)| serde_json::json!({"section": s.as_str(), "body": body}))
                    .collect::<Vec<_>>(),
            })),
        },
        now,
    )
    .await?;
    tell_the_lead(&txn, public_url, rs, &recorded, now).await?;
    highlight_store::commit(txn).await?;
    rs.report = highlight_store::reports::find_by_id(db, report.id).await?;
    Ok(ReturnNotesView::of(&recorded, rs.scope.tz))
}

/// What the lead's "returned for changes" e-mail says.
#[derive(Debug, Clone, Serialize)]
pub struct ReturnedData {
    pub programme_name: String,
    pub workstream_name: String,
    /// "7 October to 6 November 2026".
    pub period: String,
    /// "Friday 6 November 2026".
    pub due_date: String,
    pub returned_by: String,
    /// The note about the whole report, if any.
    pub general_note: Option<String>,
    /// The notes pinned to sections, in the form's order.
    pub notes: Vec<SectionNotes>,
}

/// Queues the e-mail that tells the lead at once, in the return's transaction (so it
/// goes exactly when the return is recorded). A workstream with no active lead has
/// nobody to tell: "your work" and the programme manager's reminders carry it.
async fn tell_the_lead(
    txn: &highlight_store::Tx,
    public_url: &url::Url,
    rs: &ReportScope,
    recorded: &ReturnRecord,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(lead_id) = rs.workstream.lead_id else {
        return Ok(());
    };
    let Some(lead) = highlight_store::users::by_id(txn, lead_id.0)
        .await?
        .filter(|u| u.disabled_at.is_none())
    else {
        return Ok(());
    };
    let view = ReturnNotesView::of(recorded, rs.scope.tz);
    let data = ReturnedData {
        programme_name: rs.scope.programme.name.clone(),
        workstream_name: rs.workstream.name.clone(),
        period: crate::format::period(rs.period.covers_from, rs.period.due_date),
        due_date: crate::format::long_date(rs.period.due_date),
        returned_by: view.returned_by.clone(),
        general_note: view.general.clone(),
        notes: view.sections.clone(),
    };
    crate::outbox::enqueue(
        txn,
        public_url,
        crate::outbox::OutgoingMessage {
            dedupe_key: format!("returned:{}", recorded.id),
            kind: highlight_domain::MessageKind::Returned,
            recipient_user_id: Some(lead.id.0),
            recipient_address: lead.email.clone(),
            recipient_name: lead.name.clone(),
            programme_id: Some(rs.scope.id()),
            workstream_id: Some(rs.workstream.id.0),
            period_id: rs.period_id,
            data: serde_json::to_value(&data).map_err(anyhow::Error::from)?,
            link: Some(crate::outbox::Link {
                place: crate::outbox::Place::Report {
                    programme: rs.scope.programme.slug.clone(),
                    workstream: rs.workstream.slug.clone(),
                    due: rs.period.due_date,
                },
                sign_in_purpose: Some(highlight_store::login_links::SIGN_IN.to_owned()),
            }),
            send: true,
        },
        now,
    )
    .await?;
    Ok(())
}

/// Why a guarded return changed no row, from the report as it now stands.
async fn moved_on(db: &Db, report_id: i64) -> AppError {
    match highlight_store::reports::find_by_id(db, report_id).await {
        Ok(Some(now)) => match now.state.apply(ReportAction::Return) {
            Err(e) => e.into(),
            Ok(_) => AppError::Conflict(
                "A new revision of this report came in while you were writing your notes: \
                 read it, and return it if it still needs changes"
                    .into(),
            ),
        },
        Ok(None) => AppError::NotFound("the report".into()),
        Err(e) => e.into(),
    }
}

/// The board's notes on the report while it is returned for changes (`None` when it is
/// not returned). For the lead's section pages: `open_return(db, &rs)?.on(section)`.
pub async fn open_return(db: &impl Conn, rs: &ReportScope) -> AppResult<Option<ReturnNotesView>> {
    let Some(report) = rs.report.as_ref() else {
        return Ok(None);
    };
    if report.state != ReportState::Returned {
        return Ok(None);
    }
    Ok(report_returns::latest(db, report.id)
        .await?
        .filter(|r| r.revision == report.current_revision)
        .map(|r| ReturnNotesView::of(&r, rs.scope.tz)))
}

/// What changed between the revision the board returned and the resubmission now in
/// front of it, field by field (each changed line word by word).
#[derive(Debug, Clone, Serialize)]
pub struct ChangesSinceReturn {
    /// The revision the board returned.
    pub returned_revision: i32,
    /// The resubmitted revision it reads now.
    pub revision: i32,
    /// The notes the board returned it with.
    pub notes: ReturnNotesView,
    pub changes: Vec<FieldChange>,
}

/// For a resubmitted report awaiting review: what changed since the board returned it
/// (`None` when it was never returned, is returned still, or has been reviewed since).
pub async fn changes_since_return(
    db: &impl Conn,
    rs: &ReportScope,
) -> AppResult<Option<ChangesSinceReturn>> {
    let Some(report) = rs.report.as_ref() else {
        return Ok(None);
    };
    if report.state != ReportState::Submitted {
        return Ok(None);
    }
    let Some(returned) = report_returns::latest(db, report.id).await? else {
        return Ok(None);
    };
    if returned.revision >= report.current_revision {
        return Ok(None);
    }
    let revisions = highlight_store::reports::revisions(db, report.id).await?;
    let content_of = |n: i32| -> AppResult<Option<HighlightReportContent>> {
        revisions
            .iter()
            .find(|r| r.number == n)
            .map(|r| from_json(&r.content, "report_revisions.content"))
            .transpose()
            .map_err(Into::into)
    };
    let (Some(before), Some(after)) = (
        content_of(returned.revision)?,
        content_of(report.current_revision)?,
    ) else {
        return Ok(None);
    };
    Ok(Some(ChangesSinceReturn {
        returned_revision: returned.revision,
        revision: report.current_revision,
        notes: ReturnNotesView::of(&returned, rs.scope.tz),
        changes: text::changes(
            &HighlightReportDraft::from(&before),
            &HighlightReportDraft::from(&after),
        ),
    }))
}

/// The lead sends a returned report back to the board: the working copy as saved
/// becomes the next revision, its reason "Resubmitted after the board's notes" with
/// the lead's own `words` after it, if any. Needs everything the board reads (the
/// problems come back as [`WriteOutcome::Invalid`], each naming its field).
#[tracing::instrument(skip_all, fields(programme = rs.scope.id(), workstream = rs.workstream.id.0, due = %rs.period.due_date))]
pub async fn resubmit(
    db: &Db,
    actor: &Actor,
    rs: &mut ReportScope,
    words: &str,
    now: DateTime<Utc>,
) -> AppResult<WriteOutcome> {
    scope::require(rs.can_write, "write this workstream's report")?;
    let Some(report) = rs.report.clone() else {
        return Err(ReportLifecycleError::StillDraft.into());
    };
    report.state.apply(ReportAction::Resubmit)?;
    if words.chars().count() > MAX_RESUBMISSION_WORDS {
        let mut errors = ValidationErrors::new();
        errors.add(
            "words",
            format!(
                "What you say to the board must be {MAX_RESUBMISSION_WORDS} characters or fewer: shorten it"
            ),
        );
        return Ok(WriteOutcome::Invalid(errors));
    }
    let content = working_content(&report)?;
    let input = ReportInput {
        fields: HighlightReportDraft::from(&content),
        confirmed: Vec::new(),
        lock_version: report.lock_version,
        reason: resubmission_reason(words),
    };
    submit_as(db, actor, rs, &input, Submission::Resubmission, now).await
}
