//! The highlight report: what a lead tells the board each period.
//!
//! [`HighlightReportContent`] holds every section of the paper template (see seed
//! 003): stage, period, budget and schedule status with their figures, the
//! tolerance situation per dimension, the RAG grid for this and last period, the
//! products, problems, risks, issues, changes, interdependencies, barriers, requests
//! for change and lessons. [`HighlightReport`] adds its life: draft → submitted →
//! reviewed, with a loop back: the board may return a submitted report for changes,
//! and the lead resubmits it. After submission a correction (or a resubmission) is a
//! new numbered [`Revision`] with a reason, and every revision is kept.
//!
//! The whole lifecycle is one function, [`ReportState::apply`]: given a report's
//! state and what someone asks to do ([`ReportAction`]), the state it moves to or the
//! [`ReportLifecycleError`] saying why not. [`HighlightReport`]'s methods go through
//! it, and a caller that keeps reports as rows (the web crate) calls it on the row's
//! state before writing, so the rules are stated once. Each error says whether it is
//! a conflict with the report's state or an invalid request
//! ([`ReportLifecycleError::is_conflict`]), so every caller maps it to one status.

use crate::figures::assessment::{Assessment, RagPolicy, assess};
use crate::figures::{BudgetFigures, BudgetStatus, Figures, ScheduleFigures, ScheduleStatus};
use crate::ids::WorkstreamId;
use crate::money::Money;
use crate::period::ReportingPeriod;
use crate::pid::Pid;
use crate::rag::Rag;
use crate::stage::StageNumber;
use crate::text::normalise;
use crate::text_enum::text_enum;
use crate::tolerance::ToleranceReport;
use crate::validation::FieldError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

text_enum! {
    /// A report's life: "draft", "submitted", "returned", "reviewed".
    pub enum ReportState ("report state") {
        /// Being written; only the lead sees it.
        Draft => "draft",
        /// Sent to the programme office for the board.
        Submitted => "submitted",
        /// Sent back to the lead by the board with notes: the board still reads the
        /// revision it returned until the lead resubmits.
        Returned => "returned",
        /// Reviewed by the board.
        Reviewed => "reviewed",
    }
}

/// Budget section: the lead's tick box and figures.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BudgetReport {
    /// What the lead ticked (underspend £x / on budget / overspend £x / N/A).
    pub stated: Option<BudgetStatus>,
    /// Spent so far.
    pub spend_to_date: Option<Money>,
    /// Forecast cost at completion.
    pub forecast_at_completion: Option<Money>,
}

/// Schedule section: the lead's tick box and figures.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ScheduleReport {
    /// What the lead ticked (ahead / on schedule / behind).
    pub stated: Option<ScheduleStatus>,
    /// Forecast end date (takes precedence over `slippage_days`).
    pub forecast_end: Option<NaiveDate>,
    /// Slippage in days against the planned end (negative: ahead).
    pub slippage_days: Option<i32>,
    /// The lead's words beside the tick box ("but within agreed tolerance limits").
    #[serde(default)]
    pub note: Option<String>,
}

/// One row of the status grid: this period's RAG beside last period's
/// (`None` is "not assessed").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RagPair {
    /// This period.
    pub this_period: Option<Rag>,
    /// Last period, as reported then.
    pub last_period: Option<Rag>,
}

/// The RAG grid of a highlight report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StatusGrid {
    /// Overall: `overall.this_period` is the lead's stated overall RAG.
    pub overall: RagPair,
    /// Time.
    pub time: RagPair,
    /// Cost.
    pub cost: RagPair,
    /// Scope.
    pub scope: RagPair,
    /// Quality.
    pub quality: RagPair,
    /// Benefit.
    pub benefit: RagPair,
    /// Risk.
    pub risk: RagPair,
}

/// Everything a highlight report says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HighlightReportContent {
    /// The stage the workstream is in.
    pub stage: StageNumber,
    /// The period covered and the due date.
    pub period: ReportingPeriod,
    /// Budget status and figures.
    pub budget: BudgetReport,
    /// Schedule status and figures.
    pub schedule: ScheduleReport,
    /// Tolerance situation per dimension, with the lead's notes.
    pub tolerances: ToleranceReport,
    /// RAG per dimension, this period beside last.
    pub status_grid: StatusGrid,
    /// Products completed this period.
    pub products_completed: Vec<String>,
    /// Products planned for next period.
    pub products_planned_next: Vec<String>,
    /// Actual or potential problems.
    pub problems: Option<String>,
    /// Risk update.
    pub risk_update: Option<String>,
    /// Project issues status.
    pub issues_status: Option<String>,
    /// Budget and schedule impact of the changes.
    pub change_impact: Option<String>,
    /// Interdependencies with other workstreams.
    pub interdependencies: Option<String>,
    /// Barriers to progress.
    pub barriers: Option<String>,
    /// Requests for change.
    pub requests_for_change: Option<String>,
    /// Lessons.
    pub lessons: Option<String>,
    /// The period as the report itself words it ("Aug–Nov 08"), when it came from a
    /// document that said so; shown beside the system's period, never instead of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_covered: Option<String>,
    /// The budget and schedule figures were not written by the lead but supplied to
    /// illustrate (the demonstration programme's), so every page, pack and export that
    /// shows them says so.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative_figures: bool,
}

impl HighlightReportContent {
    /// An empty report for a period, in a stage.
    pub fn empty(stage: StageNumber, period: ReportingPeriod) -> Self {
        Self {
            stage,
            period,
            budget: BudgetReport::default(),
            schedule: ScheduleReport::default(),
            tolerances: ToleranceReport::default(),
            status_grid: StatusGrid::default(),
            products_completed: Vec::new(),
            products_planned_next: Vec::new(),
            problems: None,
            risk_update: None,
            issues_status: None,
            change_impact: None,
            interdependencies: None,
            barriers: None,
            requests_for_change: None,
            lessons: None,
            period_covered: None,
            illustrative_figures: false,
        }
    }

    /// The due date of the period reported on.
    pub fn due_date(&self) -> NaiveDate {
        self.period.due_date
    }

    /// The lead's stated overall RAG.
    pub fn stated_overall_rag(&self) -> Option<Rag> {
        self.status_grid.overall.this_period
    }

    /// The figures to assess, combining this report with the PID's baseline and plan.
    ///
    /// Budget: a PID that holds no budget has no cost baseline
    /// ([`Figures::no_budget_held`]; what the lead spends and states is reported, not
    /// measured). Otherwise the PID's baseline against the forecast at completion;
    /// with a £0 baseline and no forecast the forecast is taken as the spend so far
    /// (so a workstream without money is "not applicable"). Schedule: the PID's
    /// planned end against the forecast end, or the slippage in days.
    pub fn figures(&self, pid: &Pid) -> Figures {
        let schedule = pid.planned_end().and_then(|planned_end| {
            match (self.schedule.forecast_end, self.schedule.slippage_days) {
                (Some(forecast_end), _) => Some(ScheduleFigures {
                    planned_end,
                    forecast_end,
                }),
                (None, Some(days)) => {
                    Some(ScheduleFigures::from_slippage(planned_end, i64::from(days)))
                }
                (None, None) => None,
            }
        });
        let Some(baseline) = pid.baseline_budget else {
            return Figures {
                budget: None,
                schedule,
                no_budget_held: true,
            };
        };
        let spend = self.budget.spend_to_date.unwrap_or(Money::ZERO);
        let forecast = self
            .budget
            .forecast_at_completion
            .or(if baseline.is_zero() {
                Some(spend)
            } else {
                None
            });
        let budget = forecast.map(|forecast_at_completion| BudgetFigures {
            baseline,
            spend_to_date: spend,
            forecast_at_completion,
        });
        Figures {
            budget,
            schedule,
            no_budget_held: false,
        }
    }
}

/// Assesses a report against its workstream's PID (baseline, plan and tolerances).
pub fn assess_report(
    content: &HighlightReportContent,
    pid: &Pid,
    policy: &RagPolicy,
) -> Assessment {
    assess(
        &content.figures(pid),
        &pid.tolerances,
        &content.tolerances,
        policy,
    )
}

/// One kept version of a submitted report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// 1 for the first submission, then 2, 3, … for each correction.
    pub number: u32,
    /// Why it was made ("First submission", or the correction's reason).
    pub reason: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The report as it stood.
    pub content: HighlightReportContent,
}

/// Something a person asks to do to a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportAction<'a> {
    /// Save the working copy: the draft, or — once submitted — an unsubmitted
    /// correction, which the board does not see until it is made. Allowed in every state.
    SaveWorkingCopy,
    /// Submit the draft as revision 1.
    Submit,
    /// Make the working copy the next revision of a submitted (or reviewed) report.
    Correct {
        /// Why ("Added the survey delay"); must not be blank.
        reason: &'a str,
    },
    /// Mark the latest revision reviewed by the board.
    Review,
    /// Add a board comment or decision to the latest revision.
    Comment,
    /// Return the latest revision to the lead for changes, with notes.
    Return,
    /// Send a returned report back to the board as its next revision. No reason is
    /// asked for: the board's notes are the reason (the caller words it, with the
    /// lead's optional words).
    Resubmit,
}

impl ReportState {
    /// The state a report moves to when `action` is done to it, or why it may not be.
    ///
    /// | state ↓ action → | save working copy | submit | correct (with a reason) | review | comment | return | resubmit |
    /// |---|---|---|---|---|---|---|---|
    /// | draft | draft | submitted | `StillDraft` | `StillDraft` | `StillDraft` | `StillDraft` | `StillDraft` |
    /// | submitted | submitted | `AlreadySubmitted` | submitted (new revision) | reviewed | submitted | returned | `NotReturned` |
    /// | returned | returned | `AlreadySubmitted` | submitted (new revision) | `ReturnedForChanges` | returned | `AlreadyReturned` | submitted (new revision) |
    /// | reviewed | reviewed | `AlreadySubmitted` | submitted (new revision, back to the board) | `AlreadyReviewed` | reviewed | `AlreadyReviewed` | `NotReturned` |
    ///
    /// A correction with a blank reason is `ReasonRequired` (after the state check).
    /// So a report is reviewed at most once per revision: only a submitted revision
    /// can be reviewed, and only a correction (a new revision) makes it reviewable
    /// again. A report nobody has started is a draft here: start one, then act.
    ///
    /// Returning is the board's way to say "not yet": only a submitted revision can be
    /// returned, once. A reviewed report is not returned — the board has accepted that
    /// revision and its review is the record of the meeting; it says what it wants next
    /// in a comment, and the lead corrects. A returned report cannot be reviewed until
    /// the lead resubmits it (or corrects it with a reason), which makes a new revision
    /// and puts it back in front of the board as "submitted".
    pub fn apply(self, action: ReportAction<'_>) -> Result<ReportState, ReportLifecycleError> {
        use ReportAction as A;
        use ReportLifecycleError as E;
        use ReportState as S;
        match (self, action) {
            (state, A::SaveWorkingCopy) => Ok(state),
            (S::Draft, A::Submit) => Ok(S::Submitted),
            (S::Submitted | S::Returned | S::Reviewed, A::Submit) => Err(E::AlreadySubmitted),
            (S::Draft, A::Correct { .. } | A::Review | A::Comment | A::Return | A::Resubmit) => {
                Err(E::StillDraft)
            }
            (S::Submitted | S::Returned | S::Reviewed, A::Correct { reason }) => {
                if normalise(reason).is_empty() {
                    Err(E::ReasonRequired)
                } else {
                    Ok(S::Submitted)
                }
            }
            (S::Submitted, A::Review) => Ok(S::Reviewed),
            (S::Returned, A::Review) => Err(E::ReturnedForChanges),
            (S::Reviewed, A::Review | A::Return) => Err(E::AlreadyReviewed),
            (state @ (S::Submitted | S::Returned | S::Reviewed), A::Comment) => Ok(state),
            (S::Submitted, A::Return) => Ok(S::Returned),
            (S::Returned, A::Return) => Err(E::AlreadyReturned),
            (S::Returned, A::Resubmit) => Ok(S::Submitted),
            (S::Submitted | S::Reviewed, A::Resubmit) => Err(E::NotReturned),
        }
    }
}

/// Why a change to a report's life is not allowed; the message says what to do.
///
/// Two kinds, so every caller gives one error one status:
///
/// | variant | kind ([`is_conflict`](Self::is_conflict)) | HTTP | field ([`field`](Self::field)) |
/// |---|---|---|---|
/// | `AlreadySubmitted` | conflict: the report has moved on | 409 Conflict | — |
/// | `StillDraft` | conflict: the report is not there yet | 409 Conflict | — |
/// | `AlreadyReviewed` | conflict: someone reviewed it first | 409 Conflict | — |
/// | `AlreadyReturned` | conflict: someone returned it first | 409 Conflict | — |
/// | `ReturnedForChanges` | conflict: it is with the lead until resubmitted | 409 Conflict | — |
/// | `NotReturned` | conflict: there is nothing to resubmit | 409 Conflict | — |
/// | `ReasonRequired` | invalid: the request lacks something | 422 Unprocessable | `reason` |
/// | `DifferentPeriod` | invalid: the content is for another period | 422 Unprocessable | `period` |
///
/// A conflict depends on the report's state, not on what was typed, so it is the
/// same whether it is found before writing or by a guarded write that changed no row
/// (two board members marking the same report reviewed): both are 409.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum ReportLifecycleError {
    /// Only drafts can be edited or submitted. Conflict (409).
    #[error("This report has already been submitted: make a correction instead, saying why")]
    AlreadySubmitted,
    /// Corrections, reviews and comments need a submitted report. Conflict (409).
    #[error("This report is still a draft: submit it first")]
    StillDraft,
    /// Reviewing the same revision twice. Conflict (409).
    #[error(
        "This report has already been reviewed: correct it if it needs to go back to the board"
    )]
    AlreadyReviewed,
    /// Returning the same revision twice (two board members at once). Conflict (409).
    #[error(
        "This report has already been returned for changes: the lead is working on the board's notes"
    )]
    AlreadyReturned,
    /// Reviewing a report that is back with its lead. Conflict (409).
    #[error(
        "This report has been returned for changes: it can be reviewed once the lead resubmits it"
    )]
    ReturnedForChanges,
    /// Resubmitting a report nobody returned. Conflict (409).
    #[error("This report has not been returned for changes: correct it instead, saying why")]
    NotReturned,
    /// A correction needs a reason. Invalid (422), field `reason`.
    #[error("Say why the report is being corrected")]
    ReasonRequired,
    /// A correction must be for the same period. Invalid (422), field `period`.
    #[error("A correction must be for the same reporting period as the report")]
    DifferentPeriod,
}

impl ReportLifecycleError {
    /// Every variant, for callers that check their mapping of each.
    pub const ALL: &'static [ReportLifecycleError] = &[
        ReportLifecycleError::AlreadySubmitted,
        ReportLifecycleError::StillDraft,
        ReportLifecycleError::AlreadyReviewed,
        ReportLifecycleError::AlreadyReturned,
        ReportLifecycleError::ReturnedForChanges,
        ReportLifecycleError::NotReturned,
        ReportLifecycleError::ReasonRequired,
        ReportLifecycleError::DifferentPeriod,
    ];

    /// True when the refusal comes from the report's state (HTTP 409 Conflict); false
    /// when the request itself is invalid (HTTP 422, reported against [`Self::field`]).
    pub const fn is_conflict(&self) -> bool {
        match self {
            ReportLifecycleError::AlreadySubmitted
            | ReportLifecycleError::StillDraft
            | ReportLifecycleError::AlreadyReviewed
            | ReportLifecycleError::AlreadyReturned
            | ReportLifecycleError::ReturnedForChanges
            | ReportLifecycleError::NotReturned => true,
            ReportLifecycleError::ReasonRequired | ReportLifecycleError::DifferentPeriod => false,
        }
    }

    /// The input field an invalid request is reported against; `None` for a conflict.
    pub const fn field(&self) -> Option<&'static str> {
        match self {
            ReportLifecycleError::AlreadySubmitted
            | ReportLifecycleError::StillDraft
            | ReportLifecycleError::AlreadyReviewed
            | ReportLifecycleError::AlreadyReturned
            | ReportLifecycleError::ReturnedForChanges
            | ReportLifecycleError::NotReturned => None,
            ReportLifecycleError::ReasonRequired => Some("reason"),
            ReportLifecycleError::DifferentPeriod => Some("period"),
        }
    }

    /// The error as a field error for a 422 response; `None` for a conflict.
    pub fn to_field_error(&self) -> Option<FieldError> {
        self.field().map(|f| FieldError::new(f, self.to_string()))
    }
}

/// A workstream's highlight report for one period, with its life and revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HighlightReport {
    /// Whose report.
    pub workstream: WorkstreamId,
    /// Draft, submitted or reviewed.
    pub state: ReportState,
    /// The current content (the draft, or the latest revision).
    pub content: HighlightReportContent,
    /// Every submitted version, oldest first.
    pub revisions: Vec<Revision>,
    /// When it was first submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When the board last reviewed it.
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Once submitted: a correction being written, not yet made (the board sees
    /// `content`, the latest revision, until [`HighlightReport::correct`]).
    #[serde(default)]
    pub working_copy: Option<HighlightReportContent>,
}

impl HighlightReport {
    /// A new draft.
    pub fn new_draft(workstream: WorkstreamId, content: HighlightReportContent) -> Self {
        Self {
            workstream,
            state: ReportState::Draft,
            content,
            revisions: Vec::new(),
            submitted_at: None,
            reviewed_at: None,
            working_copy: None,
        }
    }

    /// The period reported on.
    pub fn period(&self) -> ReportingPeriod {
        self.content.period
    }

    /// The number of the latest revision; 0 before the first submission.
    pub fn current_revision(&self) -> u32 {
        self.revisions.last().map_or(0, |r| r.number)
    }

    /// What the lead is working on: the unsubmitted correction if there is one,
    /// otherwise the content (the draft, or the latest revision).
    pub fn working_content(&self) -> &HighlightReportContent {
        self.working_copy.as_ref().unwrap_or(&self.content)
    }

    /// True when an unsubmitted correction differs from the latest revision.
    pub fn has_unsubmitted_changes(&self) -> bool {
        self.working_copy
            .as_ref()
            .is_some_and(|w| *w != self.content)
    }

    /// Replaces the draft's content; refused once submitted (see
    /// [`Self::save_working_copy`] for writing a correction).
    pub fn edit_draft(
        &mut self,
        content: HighlightReportContent,
    ) -> Result<(), ReportLifecycleError> {
        if self.state != ReportState::Draft {
            return Err(ReportLifecycleError::AlreadySubmitted);
        }
        self.save_working_copy(content)
    }

    /// Saves what the lead is working on, in any state: a draft's content, or once
    /// submitted a correction not yet made (nothing the board sees changes).
    pub fn save_working_copy(
        &mut self,
        content: HighlightReportContent,
    ) -> Result<(), ReportLifecycleError> {
        self.state.apply(ReportAction::SaveWorkingCopy)?;
        if content.period != self.content.period {
            return Err(ReportLifecycleError::DifferentPeriod);
        }
        match self.state {
            ReportState::Draft => self.content = content,
            ReportState::Submitted | ReportState::Returned | ReportState::Reviewed => {
                self.working_copy = Some(content)
            }
        }
        Ok(())
    }

    /// Submits the draft: revision 1.
    pub fn submit(&mut self, at: DateTime<Utc>) -> Result<&Revision, ReportLifecycleError> {
        self.state = self.state.apply(ReportAction::Submit)?;
        self.submitted_at = Some(at);
        Ok(self.push_revision("First submission".to_owned(), at))
    }

    /// Corrects a submitted or reviewed report: a new revision with a reason. A
    /// reviewed report that is corrected goes back to "submitted" for the board.
    pub fn correct(
        &mut self,
        content: HighlightReportContent,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<&Revision, ReportLifecycleError> {
        let next = self.state.apply(ReportAction::Correct { reason })?;
        if content.period != self.content.period {
            return Err(ReportLifecycleError::DifferentPeriod);
        }
        self.content = content;
        self.working_copy = None;
        self.state = next;
        Ok(self.push_revision(normalise(reason), at))
    }

    /// Records the board's review of the latest revision (once per revision).
    pub fn review(&mut self, at: DateTime<Utc>) -> Result<(), ReportLifecycleError> {
        self.state = self.state.apply(ReportAction::Review)?;
        self.reviewed_at = Some(at);
        Ok(())
    }

    /// Returns the latest revision to the lead for changes (the notes are kept beside
    /// the report, not in it): the board reads that revision until the resubmission.
    pub fn return_for_changes(&mut self) -> Result<(), ReportLifecycleError> {
        self.state = self.state.apply(ReportAction::Return)?;
        Ok(())
    }

    /// Resubmits a returned report: the working copy (or the content as it stands)
    /// becomes the next revision, with `reason` ("Resubmitted after the board's notes").
    pub fn resubmit(
        &mut self,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<&Revision, ReportLifecycleError> {
        let next = self.state.apply(ReportAction::Resubmit)?;
        if let Some(content) = self.working_copy.take() {
            self.content = content;
        }
        self.state = next;
        Ok(self.push_revision(normalise(reason), at))
    }

    fn push_revision(&mut self, reason: String, at: DateTime<Utc>) -> &Revision {
        let number = u32::try_from(self.revisions.len()).unwrap_or(u32::MAX - 1) + 1;
        self.revisions.push(Revision {
            number,
            reason,
            at,
            content: self.content.clone(),
        });
        &self.revisions[self.revisions.len() - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn content() -> HighlightReportContent {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        HighlightReportContent::empty(
            StageNumber::FIRST,
            ReportingPeriod {
                covers_from: d(2, 6),
                due_date: d(3, 6),
            },
        )
    }

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0).unwrap()
    }

    #[test]
    fn draft_submitted_reviewed_with_numbered_revisions() {
        let mut r = HighlightReport::new_draft(WorkstreamId(1), content());
        assert_eq!(r.submit(at(5)).unwrap().number, 1);
        assert_eq!(r.state, ReportState::Submitted);
        r.review(at(10)).unwrap();
        assert_eq!(r.state, ReportState::Reviewed);
        let mut corrected = content();
        corrected.problems = Some("Survey deadline extended".into());
        let rev = r
            .correct(corrected.clone(), "Added the survey delay", at(11))
            .unwrap();
        assert_eq!(rev.number, 2);
        assert_eq!(rev.reason, "Added the survey delay");
        assert_eq!(r.state, ReportState::Submitted);
        assert_eq!(r.revisions.len(), 2);
        assert_eq!(r.revisions[0].content, content());
        assert_eq!(r.content, corrected);
        assert_eq!(r.submitted_at, Some(at(5)));
    }

    #[test]
    fn a_submitted_report_is_not_edited_silently() {
        let mut r = HighlightReport::new_draft(WorkstreamId(1), content());
        r.submit(at(5)).unwrap();
        assert_eq!(
            r.edit_draft(content()),
            Err(ReportLifecycleError::AlreadySubmitted)
        );
        assert_eq!(
            r.submit(at(6)).unwrap_err(),
            ReportLifecycleError::AlreadySubmitted
        );
        assert_eq!(
            r.correct(content(), "  ", at(6)).unwrap_err(),
            ReportLifecycleError::ReasonRequired
        );
    }

    #[test]
    fn a_draft_cannot_be_reviewed_or_corrected() {
        let mut r = HighlightReport::new_draft(WorkstreamId(1), content());
        assert_eq!(r.review(at(5)), Err(ReportLifecycleError::StillDraft));
        assert_eq!(
            r.correct(content(), "why", at(5)).unwrap_err(),
            ReportLifecycleError::StillDraft
        );
    }

    fn submitted() -> HighlightReport {
        let mut r = HighlightReport::new_draft(WorkstreamId(1), content());
        r.submit(at(5)).unwrap();
        r
    }

    #[test]
    fn a_report_is_reviewed_once_per_revision() {
        // Arrange
        let mut r = submitted();
        r.review(at(10)).unwrap();

        // Act
        let twice = r.review(at(11));
        r.correct(content(), "Added the survey delay", at(12))
            .unwrap();
        let after_correction = r.review(at(13));

        // Assert
        assert_eq!(twice, Err(ReportLifecycleError::AlreadyReviewed));
        assert_eq!(after_correction, Ok(()));
        assert_eq!(r.current_revision(), 2);
        assert_eq!(r.reviewed_at, Some(at(13)));
    }

    #[test]
    fn a_returned_report_goes_back_to_the_board_only_when_resubmitted() {
        // Arrange
        let mut r = submitted();
        r.return_for_changes().unwrap();
        let mut changed = content();
        changed.problems = Some("Survey deadline extended to April".into());

        // Act
        let twice = r.return_for_changes();
        let reviewed_while_returned = r.review(at(7));
        r.save_working_copy(changed.clone()).unwrap();
        let board_still_reads = r.content.clone();
        let number = r
            .resubmit("Resubmitted after the board's notes", at(8))
            .unwrap()
            .number;

        // Assert
        assert_eq!(twice, Err(ReportLifecycleError::AlreadyReturned));
        assert_eq!(
            reviewed_while_returned,
            Err(ReportLifecycleError::ReturnedForChanges)
        );
        assert_eq!(board_still_reads, content(), "the returned revision");
        assert_eq!(number, 2);
        assert_eq!(r.state, ReportState::Submitted);
        assert_eq!(r.content, changed);
        assert_eq!(r.revisions[1].reason, "Resubmitted after the board's notes");
        assert_eq!(r.review(at(9)), Ok(()));
        assert_eq!(
            r.resubmit("again", at(10)).unwrap_err(),
            ReportLifecycleError::NotReturned
        );
    }

    #[test]
    fn a_reviewed_report_is_not_returned() {
        let mut r = submitted();
        r.review(at(6)).unwrap();
        assert_eq!(
            r.return_for_changes(),
            Err(ReportLifecycleError::AlreadyReviewed)
        );
        assert_eq!(r.state, ReportState::Reviewed);
    }

    #[test]
    fn a_correction_is_saved_without_the_board_seeing_it_until_it_is_made() {
        // Arrange
        let mut r = submitted();
        let mut correction = content();
        correction.problems = Some("Survey deadline extended".into());

        // Act
        r.save_working_copy(correction.clone()).unwrap();

        // Assert
        assert_eq!(r.content, content(), "the board still reads revision 1");
        assert_eq!(r.working_content(), &correction);
        assert!(r.has_unsubmitted_changes());
        assert_eq!(r.state, ReportState::Submitted);

        // Act: make it.
        r.correct(correction.clone(), " Survey delay\r\n", at(7))
            .unwrap();

        // Assert
        assert_eq!(r.content, correction);
        assert!(!r.has_unsubmitted_changes());
        assert_eq!(r.revisions[1].reason, "Survey delay");
    }

    #[test]
    fn a_working_copy_for_another_period_is_refused() {
        let mut r = submitted();
        let mut other = content();
        other.period.due_date = NaiveDate::from_ymd_opt(2026, 4, 9).unwrap();
        assert_eq!(
            r.save_working_copy(other),
            Err(ReportLifecycleError::DifferentPeriod)
        );
    }

    #[test]
    fn the_lifecycle_table() {
        use ReportAction as A;
        use ReportLifecycleError as E;
        use ReportState as S;
        let why = A::Correct { reason: "why" };
        let blank = A::Correct { reason: " \r\n" };
        let cases = [
            (S::Draft, A::SaveWorkingCopy, Ok(S::Draft)),
            (S::Draft, A::Submit, Ok(S::Submitted)),
            (S::Draft, why, Err(E::StillDraft)),
            (S::Draft, blank, Err(E::StillDraft)),
            (S::Draft, A::Review, Err(E::StillDraft)),
            (S::Draft, A::Comment, Err(E::StillDraft)),
            (S::Submitted, A::SaveWorkingCopy, Ok(S::Submitted)),
            (S::Submitted, A::Submit, Err(E::AlreadySubmitted)),
            (S::Submitted, why, Ok(S::Submitted)),
            (S::Submitted, blank, Err(E::ReasonRequired)),
            (S::Submitted, A::Review, Ok(S::Reviewed)),
            (S::Submitted, A::Comment, Ok(S::Submitted)),
            (S::Reviewed, A::SaveWorkingCopy, Ok(S::Reviewed)),
            (S::Reviewed, A::Submit, Err(E::AlreadySubmitted)),
            (S::Reviewed, why, Ok(S::Submitted)),
            (S::Reviewed, blank, Err(E::ReasonRequired)),
            (S::Reviewed, A::Review, Err(E::AlreadyReviewed)),
            (S::Reviewed, A::Comment, Ok(S::Reviewed)),
            (S::Draft, A::Return, Err(E::StillDraft)),
            (S::Draft, A::Resubmit, Err(E::StillDraft)),
            (S::Submitted, A::Return, Ok(S::Returned)),
            (S::Submitted, A::Resubmit, Err(E::NotReturned)),
            (S::Reviewed, A::Return, Err(E::AlreadyReviewed)),
            (S::Reviewed, A::Resubmit, Err(E::NotReturned)),
            (S::Returned, A::SaveWorkingCopy, Ok(S::Returned)),
            (S::Returned, A::Submit, Err(E::AlreadySubmitted)),
            (S::Returned, why, Ok(S::Submitted)),
            (S::Returned, blank, Err(E::ReasonRequired)),
            (S::Returned, A::Review, Err(E::ReturnedForChanges)),
            (S::Returned, A::Comment, Ok(S::Returned)),
            (S::Returned, A::Return, Err(E::AlreadyReturned)),
            (S::Returned, A::Resubmit, Ok(S::Submitted)),
        ];
        // Every state meets every kind of action.
        let actions = [
            A::SaveWorkingCopy,
            A::Submit,
            why,
            A::Review,
            A::Comment,
            A::Return,
            A::Resubmit,
        ];
        for state in S::ALL {
            for action in actions {
                assert!(
                    cases.iter().any(|(s, a, _)| s == state && *a == action),
                    "the table has no row for {state} {action:?}"
                );
            }
        }
        for (state, action, expected) in cases {
            assert_eq!(state.apply(action), expected, "{state} {action:?}");
        }
    }

    #[test]
    fn state_refusals_are_conflicts_and_bad_requests_are_invalid_with_a_field() {
        use ReportLifecycleError as E;
        for e in E::ALL {
            assert_eq!(e.is_conflict(), e.field().is_none(), "{e:?}");
        }
        assert!(E::AlreadyReviewed.is_conflict());
        assert!(E::AlreadySubmitted.is_conflict());
        assert!(E::StillDraft.is_conflict());
        assert!(E::AlreadyReturned.is_conflict());
        assert!(E::ReturnedForChanges.is_conflict());
        assert!(E::NotReturned.is_conflict());
        assert_eq!(
            E::ReasonRequired.to_field_error(),
            Some(FieldError::new(
                "reason",
                "Say why the report is being corrected"
            ))
        );
        assert_eq!(E::DifferentPeriod.field(), Some("period"));
        assert_eq!(E::AlreadyReviewed.to_field_error(), None);
    }

    #[test]
    fn a_report_saved_before_the_working_copy_existed_still_reads() {
        // Arrange: JSON as stored before `working_copy` was added.
        let mut json = serde_json::to_value(submitted()).unwrap();
        json.as_object_mut().unwrap().remove("working_copy");

        // Act
        let r: HighlightReport = serde_json::from_value(json).unwrap();

        // Assert
        assert_eq!(r, submitted());
    }

    #[test]
    fn report_state_text_forms() {
        assert_eq!(ReportState::Draft.as_str(), "draft");
        assert_eq!(
            "Submitted".parse::<ReportState>(),
            Ok(ReportState::Submitted)
        );
        assert_eq!(
            serde_json::to_string(&ReportState::Reviewed).unwrap(),
            "\"reviewed\""
        );
    }

    fn pid_holding(baseline_budget: Option<Money>) -> Pid {
        Pid {
            version: 1,
            summary: None,
            deliverables: Vec::new(),
            stages: Vec::new(),
            baseline_budget,
            tolerances: crate::Tolerances {
                cost: Some(crate::CostTolerance::PercentOfBaseline(
                    crate::Percent::from_whole(10),
                )),
                ..Default::default()
            },
            planned_end: None,
            approval: None,
            rebaseline_reason: None,
        }
    }

    fn overspend_of_twelve_thousand() -> HighlightReportContent {
        let mut c = content();
        c.budget.stated = Some(BudgetStatus::Overspend(Money::from_pounds(12_000)));
        c.budget.spend_to_date = Some(Money::from_pounds(40_000));
        c.budget.forecast_at_completion = Some(Money::from_pounds(88_200));
        c
    }

    #[test]
    fn a_workstream_whose_pid_holds_no_budget_has_no_cost_exception() {
        // Arrange
        let c = overspend_of_twelve_thousand();
        let pid = pid_holding(None);

        // Act
        let a = assess_report(&c, &pid, &RagPolicy::default());

        // Assert
        assert!(a.exceptions.is_empty(), "{:?}", a.exceptions);
        assert_eq!(a.rag, Rag::Green, "{}", a.explanation);
        assert!(!a.explanation.contains("cost"), "{}", a.explanation);
    }

    #[test]
    fn the_cost_dimension_says_no_budget_is_held() {
        let c = overspend_of_twelve_thousand();

        let a = assess_report(&c, &pid_holding(None), &RagPolicy::default());

        assert!(a.no_budget_held());
        let cost = a.cost.as_ref().unwrap();
        assert!(cost.no_budget_held);
        assert_eq!(cost.situation, crate::ToleranceSituation::Unaffected);
        assert_eq!(cost.rag, Rag::Green);
        assert_eq!(cost.share_used, None);
    }

    #[test]
    fn without_a_baseline_the_leads_stated_overspend_stands_unmeasured() {
        let mut c = overspend_of_twelve_thousand();
        c.tolerances.cost.situation = Some(crate::SituationKind::Unaffected);

        let a = assess_report(&c, &pid_holding(None), &RagPolicy::default());

        assert_eq!(a.budget, None, "no baseline to derive a budget status from");
        assert_eq!(
            c.budget.stated,
            Some(BudgetStatus::Overspend(Money::from_pounds(12_000)))
        );
        assert_eq!(crate::disagreements(&c, &a), []);
    }

    #[test]
    fn a_pid_holding_a_budget_still_measures_cost_against_it() {
        let c = overspend_of_twelve_thousand();

        let a = assess_report(
            &c,
            &pid_holding(Some(Money::from_pounds(76_200))),
            &RagPolicy::default(),
        );

        assert!(!a.no_budget_held());
        assert_eq!(
            a.budget,
            Some(BudgetStatus::Overspend(Money::from_pounds(12_000)))
        );
        assert_eq!(a.rag, Rag::Red, "£12,000 over a £7,620 tolerance");
    }

    #[test]
    fn content_round_trips_through_json() {
        let c = content();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(
            serde_json::from_str::<HighlightReportContent>(&json).unwrap(),
            c
        );
        assert!(json.contains("\"products_completed\":[]"));
    }
}
