//! The highlight report: what a lead tells the board each period.
//!
//! [`HighlightReportContent`] holds every section of the paper template (see seed
//! 003): stage, period, budget and schedule status with their figures, the
//! tolerance situation per dimension, the RAG grid for this and last period, the
//! products, problems, risks, issues, changes, interdependencies, barriers, requests
//! for change and lessons. [`HighlightReport`] adds its life: draft → submitted →
//! reviewed. After submission a correction is a new numbered [`Revision`] with a
//! reason, and every revision is kept.

use crate::figures::assessment::{Assessment, RagPolicy, assess};
use crate::figures::{BudgetFigures, BudgetStatus, Figures, ScheduleFigures, ScheduleStatus};
use crate::ids::WorkstreamId;
use crate::money::Money;
use crate::period::ReportingPeriod;
use crate::pid::Pid;
use crate::rag::Rag;
use crate::stage::StageNumber;
use crate::text_enum::text_enum;
use crate::tolerance::ToleranceReport;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

text_enum! {
    /// A report's life: "draft", "submitted", "reviewed".
    pub enum ReportState ("report state") {
        /// Being written; only the lead sees it.
        Draft => "draft",
        /// Sent to the programme office for the board.
        Submitted => "submitted",
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

/// Why a change to a report's life is not allowed; the message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum ReportLifecycleError {
    /// Only drafts can be edited or submitted.
    #[error("This report has already been submitted: make a correction instead, saying why")]
    AlreadySubmitted,
    /// Corrections and reviews need a submitted report.
    #[error("This report is still a draft: submit it first")]
    StillDraft,
    /// Reviewing twice.
    #[error(
        "This report has already been reviewed: correct it if it needs to go back to the board"
    )]
    AlreadyReviewed,
    /// A correction needs a reason.
    #[error("Say why the report is being corrected")]
    ReasonRequired,
    /// A correction must be for the same period.
    #[error("A correction must be for the same reporting period as the report")]
    DifferentPeriod,
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
        }
    }

    /// The period reported on.
    pub fn period(&self) -> ReportingPeriod {
        self.content.period
    }

    /// Replaces the draft's content.
    pub fn edit_draft(
        &mut self,
        content: HighlightReportContent,
    ) -> Result<(), ReportLifecycleError> {
        if self.state != ReportState::Draft {
            return Err(ReportLifecycleError::AlreadySubmitted);
        }
        if content.period != self.content.period {
            return Err(ReportLifecycleError::DifferentPeriod);
        }
        self.content = content;
        Ok(())
    }

    /// Submits the draft: revision 1.
    pub fn submit(&mut self, at: DateTime<Utc>) -> Result<&Revision, ReportLifecycleError> {
        if self.state != ReportState::Draft {
            return Err(ReportLifecycleError::AlreadySubmitted);
        }
        self.state = ReportState::Submitted;
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
        if self.state == ReportState::Draft {
            return Err(ReportLifecycleError::StillDraft);
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ReportLifecycleError::ReasonRequired);
        }
        if content.period != self.content.period {
            return Err(ReportLifecycleError::DifferentPeriod);
        }
        self.content = content;
        self.state = ReportState::Submitted;
        Ok(self.push_revision(reason.to_owned(), at))
    }

    /// Records the board's review.
    pub fn review(&mut self, at: DateTime<Utc>) -> Result<(), ReportLifecycleError> {
        match self.state {
            ReportState::Draft => Err(ReportLifecycleError::StillDraft),
            ReportState::Reviewed => Err(ReportLifecycleError::AlreadyReviewed),
            ReportState::Submitted => {
                self.state = ReportState::Reviewed;
                self.reviewed_at = Some(at);
                Ok(())
            }
        }
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
