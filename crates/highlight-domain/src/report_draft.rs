//! A highlight report as typed into the form, validated into [`HighlightReportContent`].
//!
//! Fields are flat strings so an HTML form can post them directly. Blank, "-" and
//! "N/A" mean "not given", as they do in a paper board pack. Every problem is
//! reported at once, each naming its field.

use crate::figures::{BudgetStatus, ScheduleStatus};
use crate::money::{Money, non_negative_money};
use crate::period::ReportingPeriod;
use crate::rag::Rag;
use crate::report::{BudgetReport, HighlightReportContent, RagPair, ScheduleReport, StatusGrid};
use crate::stage::StageNumber;
use crate::tolerance::{SituationKind, ToleranceReport, ToleranceStatement};
use crate::validation::{
    ValidationErrors, is_blank, optional_date, optional_text, parse_enum, parse_int_in,
};
use serde::{Deserialize, Serialize};

/// The most days a schedule can plausibly slip or gain: ten years.
pub const MAX_SLIPPAGE_DAYS: i64 = 3_650;

/// A highlight report as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HighlightReportDraft {
    /// "1", "2"…
    pub stage: String,
    /// "underspend", "on_budget", "overspend", "not_applicable" (or blank).
    pub budget_status: String,
    /// The underspend or overspend amount.
    pub budget_amount: String,
    /// Spend to date.
    pub spend_to_date: String,
    /// Forecast at completion.
    pub forecast_at_completion: String,
    /// "ahead", "on_schedule", "behind" (or blank).
    pub schedule_status: String,
    /// Days ahead or behind, if known.
    pub schedule_days: String,
    /// Forecast end date.
    pub forecast_end: String,
    /// Slippage in days (negative: ahead).
    pub slippage_days: String,
    /// The lead's note on the schedule.
    pub schedule_note: String,
    /// "unaffected", "within", "exceeded" (or blank) per dimension, with notes.
    pub tolerance_time: String,
    /// Note on time.
    pub tolerance_time_note: String,
    /// Cost situation.
    pub tolerance_cost: String,
    /// Note on cost.
    pub tolerance_cost_note: String,
    /// Quality situation.
    pub tolerance_quality: String,
    /// Note on quality.
    pub tolerance_quality_note: String,
    /// Scope situation.
    pub tolerance_scope: String,
    /// Note on scope.
    pub tolerance_scope_note: String,
    /// Risk situation.
    pub tolerance_risk: String,
    /// Note on risk.
    pub tolerance_risk_note: String,
    /// Benefit situation.
    pub tolerance_benefit: String,
    /// Note on benefit.
    pub tolerance_benefit_note: String,
    /// Status grid, this period ("red", "amber", "green" or blank for not assessed).
    pub rag_overall: String,
    /// Time RAG.
    pub rag_time: String,
    /// Cost RAG.
    pub rag_cost: String,
    /// Scope RAG.
    pub rag_scope: String,
    /// Quality RAG.
    pub rag_quality: String,
    /// Benefit RAG.
    pub rag_benefit: String,
    /// Risk RAG.
    pub rag_risk: String,
    /// Status grid, last period.
    pub rag_overall_last: String,
    /// Time RAG last period.
    pub rag_time_last: String,
    /// Cost RAG last period.
    pub rag_cost_last: String,
    /// Scope RAG last period.
    pub rag_scope_last: String,
    /// Quality RAG last period.
    pub rag_quality_last: String,
    /// Benefit RAG last period.
    pub rag_benefit_last: String,
    /// Risk RAG last period.
    pub rag_risk_last: String,
    /// One product per line.
    pub products_completed: String,
    /// One product per line.
    pub products_planned_next: String,
    /// Actual or potential problems.
    pub problems: String,
    /// Risk update.
    pub risk_update: String,
    /// Project issues status.
    pub issues_status: String,
    /// Budget and schedule impact of the changes.
    pub change_impact: String,
    /// Interdependencies with other workstreams.
    pub interdependencies: String,
    /// Barriers to progress.
    pub barriers: String,
    /// Requests for change.
    pub requests_for_change: String,
    /// Lessons.
    pub lessons: String,
}

impl HighlightReportDraft {
    /// Validates the draft for `period`, reporting every problem.
    pub fn validate(
        &self,
        period: ReportingPeriod,
    ) -> Result<HighlightReportContent, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let e = &mut errors;

        let stage = if self.stage.trim().is_empty() {
            e.add("stage", "Enter the stage the workstream is in, like 1");
            None
        } else {
            parse_int_in(e, "stage", "stage", &self.stage, 1..=99, "a stage number")
                .and_then(|n| u32::try_from(n).ok())
                .and_then(|n| StageNumber::new(n).ok())
        };

        let spend_to_date =
            non_negative_money(e, "spend_to_date", "spend to date", &self.spend_to_date);
        let forecast_at_completion = non_negative_money(
            e,
            "forecast_at_completion",
            "forecast at completion",
            &self.forecast_at_completion,
        );
        if let (Some(spend), Some(forecast)) = (spend_to_date, forecast_at_completion)
            && forecast < spend
        {
            e.add(
                "forecast_at_completion",
                format!(
                    "Forecast at completion ({forecast}) is less than the spend to date ({spend}): \
                     the forecast must include what has been spent"
                ),
            );
        }
        let budget_stated = self.stated_budget(e);

        let schedule_stated = self.stated_schedule(e);
        let forecast_end =
            optional_date(e, "forecast_end", "forecast end date", &self.forecast_end);
        let slippage_days = if is_blank(&self.slippage_days) {
            None
        } else {
            parse_int_in(
                e,
                "slippage_days",
                "slippage",
                &self.slippage_days,
                -MAX_SLIPPAGE_DAYS..=MAX_SLIPPAGE_DAYS,
                "days (negative when ahead)",
            )
            .and_then(|n| i32::try_from(n).ok())
        };

        let statement = |e: &mut ValidationErrors, field: &str, situation: &str, note: &str| {
            let kind: Option<SituationKind> = if is_blank(situation) {
                None
            } else {
                parse_enum(e, field, situation)
            };
            let note_field = format!("{field}_note");
            let note = optional_text(e, &note_field, "tolerance note", note);
            if kind == Some(SituationKind::Exceeded) && note.is_none() {
                e.add(
                    note_field,
                    "Say how far the forecast is beyond tolerance and why",
                );
            }
            ToleranceStatement {
                situation: kind,
                note,
            }
        };
        let tolerances = ToleranceReport {
            time: statement(
                e,
                "tolerance_time",
                &self.tolerance_time,
                &self.tolerance_time_note,
            ),
            cost: statement(
                e,
                "tolerance_cost",
                &self.tolerance_cost,
                &self.tolerance_cost_note,
            ),
            quality: statement(
                e,
                "tolerance_quality",
                &self.tolerance_quality,
                &self.tolerance_quality_note,
            ),
            scope: statement(
                e,
                "tolerance_scope",
                &self.tolerance_scope,
                &self.tolerance_scope_note,
            ),
            risk: statement(
                e,
                "tolerance_risk",
                &self.tolerance_risk,
                &self.tolerance_risk_note,
            ),
            benefit: statement(
                e,
                "tolerance_benefit",
                &self.tolerance_benefit,
                &self.tolerance_benefit_note,
            ),
        };

        let rag = |e: &mut ValidationErrors, field: &str, text: &str| -> Option<Rag> {
            let t = text.trim();
            if is_blank(t)
                || t.eq_ignore_ascii_case("not assessed")
                || t.eq_ignore_ascii_case("not_assessed")
            {
                None
            } else {
                parse_enum(e, field, t)
            }
        };
        let pair = |e: &mut ValidationErrors, name: &str, this: &str, last: &str| RagPair {
            this_period: rag(e, &format!("rag_{name}"), this),
            last_period: rag(e, &format!("rag_{name}_last"), last),
        };
        let status_grid = StatusGrid {
            overall: pair(e, "overall", &self.rag_overall, &self.rag_overall_last),
            time: pair(e, "time", &self.rag_time, &self.rag_time_last),
            cost: pair(e, "cost", &self.rag_cost, &self.rag_cost_last),
            scope: pair(e, "scope", &self.rag_scope, &self.rag_scope_last),
            quality: pair(e, "quality", &self.rag_quality, &self.rag_quality_last),
            benefit: pair(e, "benefit", &self.rag_benefit, &self.rag_benefit_last),
            risk: pair(e, "risk", &self.rag_risk, &self.rag_risk_last),
        };

        let products_completed =
            lines(e, "products_completed", "product", &self.products_completed);
        let products_planned_next = lines(
            e,
            "products_planned_next",
            "product",
            &self.products_planned_next,
        );
        let problems = optional_text(
            e,
            "problems",
            "actual or potential problems",
            &self.problems,
        );
        let risk_update = optional_text(e, "risk_update", "risk update", &self.risk_update);
        let issues_status = optional_text(
            e,
            "issues_status",
            "project issues status",
            &self.issues_status,
        );
        let change_impact = optional_text(
            e,
            "change_impact",
            "budget and schedule impact of the changes",
            &self.change_impact,
        );
        let interdependencies = optional_text(
            e,
            "interdependencies",
            "interdependencies",
            &self.interdependencies,
        );
        let barriers = optional_text(e, "barriers", "barriers to progress", &self.barriers);
        let requests_for_change = optional_text(
            e,
            "requests_for_change",
            "requests for change",
            &self.requests_for_change,
        );
        let lessons = optional_text(e, "lessons", "lessons", &self.lessons);
        let schedule_note = optional_text(e, "schedule_note", "schedule note", &self.schedule_note);

        errors.into_result(|| HighlightReportContent {
            stage: stage.unwrap_or_default(),
            period,
            budget: BudgetReport {
                stated: budget_stated,
                spend_to_date,
                forecast_at_completion,
            },
            schedule: ScheduleReport {
                stated: schedule_stated,
                forecast_end,
                slippage_days,
                note: schedule_note,
            },
            tolerances,
            status_grid,
            products_completed,
            products_planned_next,
            problems,
            risk_update,
            issues_status,
            change_impact,
            interdependencies,
            barriers,
            requests_for_change,
            lessons,
            period_covered: None,
            illustrative_figures: false,
        })
    }

    /// Validates the draft for submission to the board: everything [`validate`] checks,
    /// and also what a board needs to read the report — the overall status, the budget
    /// and schedule (stated, or the figures to derive them from), the products completed
    /// this period and those planned for the next. Every problem is reported at once.
    ///
    /// [`validate`]: HighlightReportDraft::validate
    pub fn validate_for_submission(
        &self,
        period: ReportingPeriod,
    ) -> Result<HighlightReportContent, ValidationErrors> {
        let result = self.validate(period);
        let mut missing = ValidationErrors::new();
        let blank = |t: &str| is_blank(t) || t.trim().eq_ignore_ascii_case("not assessed");
        if blank(&self.rag_overall) {
            missing.add(
                "rag_overall",
                "Choose the overall status this period: red, amber or green",
            );
        }
        if is_blank(&self.budget_status)
            && (is_blank(&self.spend_to_date) || is_blank(&self.forecast_at_completion))
        {
            missing.add(
                "budget_status",
                "Choose the budget status, or enter the spend to date and the forecast at completion",
            );
        }
        if is_blank(&self.schedule_status)
            && is_blank(&self.forecast_end)
            && is_blank(&self.slippage_days)
        {
            missing.add(
                "schedule_status",
                "Choose the schedule status, or enter the forecast end date or the slippage in days",
            );
        }
        if self.products_completed.trim().is_empty() {
            missing.add(
                "products_completed",
                "Enter the products completed this period, one per line, or \"None this period\"",
            );
        }
        if self.products_planned_next.trim().is_empty() {
            missing.add(
                "products_planned_next",
                "Enter the products planned for next period, one per line",
            );
        }
        match result {
            Ok(content) if missing.is_empty() => Ok(content),
            Ok(_) => Err(missing),
            Err(mut errors) => {
                // Keep the order of the form: a field's own problem before a missing one.
                for m in missing {
                    if !errors.has(&m.field) {
                        errors.0.push(m);
                    }
                }
                Err(errors)
            }
        }
    }

    fn stated_budget(&self, e: &mut ValidationErrors) -> Option<BudgetStatus> {
        let status = crate::text_enum::normalise_enum_text(&self.budget_status);
        let amount = match Money::parse_optional(&self.budget_amount) {
            Ok(Some(m)) if m.is_negative() => {
                e.add("budget_amount", "The underspend or overspend amount cannot be negative: enter the size of the difference, like £1,500");
                return None;
            }
            Ok(m) => m,
            Err(err) => {
                e.add(
                    "budget_amount",
                    format!("Underspend or overspend amount: {err}"),
                );
                return None;
            }
        };
        let needs_amount = |e: &mut ValidationErrors, word: &str| {
            e.add(
                "budget_amount",
                format!("Enter the {word} amount, or choose \"on budget\""),
            );
        };
        let no_amount_wanted = |e: &mut ValidationErrors, amount: Option<Money>| {
            if amount.is_some_and(|m| !m.is_zero()) {
                e.add(
                    "budget_amount",
                    "Leave the amount blank unless there is an underspend or overspend",
                );
            }
        };
        match status.as_str() {
            "" => {
                no_amount_wanted(e, amount);
                None
            }
            "underspend" => match amount {
                Some(m) if !m.is_zero() => Some(BudgetStatus::Underspend(m)),
                _ => {
                    needs_amount(e, "underspend");
                    None
                }
            },
            "overspend" => match amount {
                Some(m) if !m.is_zero() => Some(BudgetStatus::Overspend(m)),
                _ => {
                    needs_amount(e, "overspend");
                    None
                }
            },
            "on_budget" => {
                no_amount_wanted(e, amount);
                Some(BudgetStatus::OnBudget)
            }
            "not_applicable" | "n/a" | "na" => {
                no_amount_wanted(e, amount);
                Some(BudgetStatus::NotApplicable)
            }
            _ => {
                e.add(
                    "budget_status",
                    format!(
                        "\"{}\" is not a budget status: choose underspend, on budget, overspend or not applicable",
                        self.budget_status.trim()
                    ),
                );
                None
            }
        }
    }

    fn stated_schedule(&self, e: &mut ValidationErrors) -> Option<ScheduleStatus> {
        let status = crate::text_enum::normalise_enum_text(&self.schedule_status);
        let days = if is_blank(&self.schedule_days) {
            None
        } else {
            parse_int_in(
                e,
                "schedule_days",
                "days ahead or behind",
                &self.schedule_days,
                0..=MAX_SLIPPAGE_DAYS,
                "days",
            )
            .and_then(|n| u32::try_from(n).ok())
        };
        match status.as_str() {
            "" => None,
            "ahead" | "ahead_of_time" | "ahead_of_schedule" => Some(ScheduleStatus::Ahead { days }),
            "on_schedule" => {
                if days.is_some_and(|d| d > 0) {
                    e.add(
                        "schedule_days",
                        "Leave the days blank when on schedule, or choose ahead or behind",
                    );
                }
                Some(ScheduleStatus::OnSchedule)
            }
            "behind" | "behind_schedule" => Some(ScheduleStatus::Behind { days }),
            _ => {
                e.add(
                    "schedule_status",
                    format!(
                        "\"{}\" is not a schedule status: choose ahead, on schedule or behind",
                        self.schedule_status.trim()
                    ),
                );
                None
            }
        }
    }
}

impl From<&HighlightReportContent> for HighlightReportDraft {
    /// The form as it should be pre-filled to edit or correct a report; validating it
    /// again gives the same content.
    fn from(c: &HighlightReportContent) -> Self {
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        let money = |m: Option<Money>| m.map(|m| m.to_string()).unwrap_or_default();
        let rag = |r: Option<Rag>| r.map(|r| r.as_str().to_owned()).unwrap_or_default();
        let kind = |s: &ToleranceStatement| {
            s.situation
                .map(|k| k.as_str().to_owned())
                .unwrap_or_default()
        };
        let (budget_status, budget_amount) = match c.budget.stated {
            None => (String::new(), String::new()),
            Some(BudgetStatus::Underspend(m)) => ("underspend".to_owned(), m.to_string()),
            Some(BudgetStatus::Overspend(m)) => ("overspend".to_owned(), m.to_string()),
            Some(b) => (b.as_str().to_owned(), String::new()),
        };
        let (schedule_status, schedule_days) = match c.schedule.stated {
            None => (String::new(), String::new()),
            Some(s @ (ScheduleStatus::Ahead { days } | ScheduleStatus::Behind { days })) => (
                s.as_str().to_owned(),
                days.map(|d| d.to_string()).unwrap_or_default(),
            ),
            Some(s) => (s.as_str().to_owned(), String::new()),
        };
        let t = &c.tolerances;
        let g = &c.status_grid;
        HighlightReportDraft {
            stage: c.stage.to_string(),
            budget_status,
            budget_amount,
            spend_to_date: money(c.budget.spend_to_date),
            forecast_at_completion: money(c.budget.forecast_at_completion),
            schedule_status,
            schedule_days,
            forecast_end: c
                .schedule
                .forecast_end
                .map(|d| d.to_string())
                .unwrap_or_default(),
            slippage_days: c
                .schedule
                .slippage_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
            schedule_note: c.schedule.note.clone().unwrap_or_default(),
            tolerance_time: kind(&t.time),
            tolerance_time_note: text(&t.time.note),
            tolerance_cost: kind(&t.cost),
            tolerance_cost_note: text(&t.cost.note),
            tolerance_quality: kind(&t.quality),
            tolerance_quality_note: text(&t.quality.note),
            tolerance_scope: kind(&t.scope),
            tolerance_scope_note: text(&t.scope.note),
            tolerance_risk: kind(&t.risk),
            tolerance_risk_note: text(&t.risk.note),
            tolerance_benefit: kind(&t.benefit),
            tolerance_benefit_note: text(&t.benefit.note),
            rag_overall: rag(g.overall.this_period),
            rag_time: rag(g.time.this_period),
            rag_cost: rag(g.cost.this_period),
            rag_scope: rag(g.scope.this_period),
            rag_quality: rag(g.quality.this_period),
            rag_benefit: rag(g.benefit.this_period),
            rag_risk: rag(g.risk.this_period),
            rag_overall_last: rag(g.overall.last_period),
            rag_time_last: rag(g.time.last_period),
            rag_cost_last: rag(g.cost.last_period),
            rag_scope_last: rag(g.scope.last_period),
            rag_quality_last: rag(g.quality.last_period),
            rag_benefit_last: rag(g.benefit.last_period),
            rag_risk_last: rag(g.risk.last_period),
            products_completed: c.products_completed.join("\n"),
            products_planned_next: c.products_planned_next.join("\n"),
            problems: text(&c.problems),
            risk_update: text(&c.risk_update),
            issues_status: text(&c.issues_status),
            change_impact: text(&c.change_impact),
            interdependencies: text(&c.interdependencies),
            barriers: text(&c.barriers),
            requests_for_change: text(&c.requests_for_change),
            lessons: text(&c.lessons),
        }
    }
}

/// One item per line (any line ending); bullets ("- ", "• ", "* ") and blank lines dropped.
fn lines(e: &mut ValidationErrors, field: &str, label: &str, text: &str) -> Vec<String> {
    let items: Vec<String> = crate::text::normalise(text)
        .lines()
        .map(|l| {
            l.trim()
                .trim_start_matches(['-', '•', '*', '–'])
                .trim()
                .to_owned()
        })
        .filter(|l| !l.is_empty())
        .collect();
    crate::validation::text_list(e, field, label, &items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn period() -> ReportingPeriod {
        let d = |m, day| NaiveDate::from_ymd_opt(2008, m, day).unwrap();
        ReportingPeriod {
            covers_from: d(8, 1),
            due_date: d(11, 28),
        }
    }

    /// Seed 003, Shared Services.
    fn shared_services() -> HighlightReportDraft {
        HighlightReportDraft {
            stage: "1".into(),
            budget_status: "on budget".into(),
            budget_amount: "£-".into(),
            schedule_status: "behind".into(),
            tolerance_time: "Unaffected".into(),
            tolerance_cost: "Unaffected".into(),
            tolerance_quality: "Unaffected".into(),
            products_completed:
                "Draft PID completed\n- Analysis of current shared services 'activity'\n\n".into(),
            problems: "None to date for Phase 1".into(),
            change_impact: "On target for Phase 1".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_seed_report_validates() {
        let c = shared_services().validate(period()).unwrap();
        assert_eq!(c.stage, StageNumber::FIRST);
        assert_eq!(c.budget.stated, Some(BudgetStatus::OnBudget));
        assert_eq!(
            c.schedule.stated,
            Some(ScheduleStatus::Behind { days: None })
        );
        assert_eq!(c.tolerances.time.situation, Some(SituationKind::Unaffected));
        assert_eq!(
            c.products_completed,
            [
                "Draft PID completed",
                "Analysis of current shared services 'activity'"
            ]
        );
        assert_eq!(c.status_grid.overall, RagPair::default());
    }

    #[test]
    fn negative_or_absurd_figures_are_rejected_naming_each_field() {
        let draft = HighlightReportDraft {
            stage: "0".into(),
            spend_to_date: "-£100".into(),
            forecast_at_completion: "lots".into(),
            slippage_days: "4000".into(),
            forecast_end: "1900-01-01".into(),
            budget_status: "overspend".into(),
            rag_overall: "purple".into(),
            tolerance_quality: "exceeded".into(),
            ..Default::default()
        };
        let e = draft.validate(period()).unwrap_err();
        for field in [
            "stage",
            "spend_to_date",
            "forecast_at_completion",
            "slippage_days",
            "forecast_end",
            "budget_amount",
            "rag_overall",
            "tolerance_quality_note",
        ] {
            assert!(e.has(field), "{field} missing from {e}");
        }
        assert_eq!(
            e.messages_for("spend_to_date").next(),
            Some("Spend to date cannot be negative: enter 0 or more")
        );
        assert!(
            e.messages_for("slippage_days")
                .next()
                .unwrap()
                .contains("not plausible")
        );
    }

    #[test]
    fn a_forecast_below_the_spend_so_far_is_rejected() {
        let draft = HighlightReportDraft {
            stage: "1".into(),
            spend_to_date: "£10,000".into(),
            forecast_at_completion: "£9,000".into(),
            ..Default::default()
        };
        let e = draft.validate(period()).unwrap_err();
        assert_eq!(
            e.messages_for("forecast_at_completion").next(),
            Some(
                "Forecast at completion (£9,000.00) is less than the spend to date (£10,000.00): the forecast must include what has been spent"
            )
        );
    }

    #[test]
    fn not_applicable_budget_from_the_seed_pack() {
        let draft = HighlightReportDraft {
            stage: "1".into(),
            budget_status: "N/A".into(),
            budget_amount: "£ N/A".into(),
            spend_to_date: "N/A".into(),
            ..Default::default()
        };
        let c = draft.validate(period()).unwrap();
        assert_eq!(c.budget.stated, Some(BudgetStatus::NotApplicable));
        assert_eq!(c.budget.spend_to_date, None);
    }

    #[test]
    fn a_report_turned_back_into_a_form_validates_to_the_same_content() {
        let mut draft = shared_services();
        draft.budget_status = "overspend".into();
        draft.budget_amount = "£1,500".into();
        draft.spend_to_date = "£500".into();
        draft.forecast_at_completion = "£26,500".into();
        draft.schedule_status = "behind".into();
        draft.schedule_days = "14".into();
        draft.slippage_days = "14".into();
        draft.forecast_end = "2009-01-15".into();
        draft.tolerance_time = "within".into();
        draft.tolerance_time_note = "Two weeks".into();
        draft.rag_overall = "amber".into();
        draft.rag_risk_last = "green".into();
        draft.lessons = "Engage parishes early".into();
        let content = draft.validate(period()).unwrap();
        let again = HighlightReportDraft::from(&content)
            .validate(period())
            .unwrap();
        assert_eq!(again, content);
    }

    #[test]
    fn a_draft_saves_incomplete_but_submission_needs_what_the_board_reads() {
        let draft = HighlightReportDraft {
            stage: "1".into(),
            ..Default::default()
        };
        assert!(
            draft.validate(period()).is_ok(),
            "a draft may be incomplete"
        );
        let e = draft.validate_for_submission(period()).unwrap_err();
        for field in [
            "rag_overall",
            "budget_status",
            "schedule_status",
            "products_completed",
            "products_planned_next",
        ] {
            assert!(e.has(field), "{field} missing from {e}");
        }
    }

    #[test]
    fn figures_stand_in_for_stated_budget_and_schedule_at_submission() {
        let draft = HighlightReportDraft {
            stage: "1".into(),
            rag_overall: "green".into(),
            spend_to_date: "£1,000".into(),
            forecast_at_completion: "£5,000".into(),
            slippage_days: "0".into(),
            products_completed: "Options paper".into(),
            products_planned_next: "Phase 2 report".into(),
            ..Default::default()
        };
        let c = draft.validate_for_submission(period()).unwrap();
        assert_eq!(c.products_completed, ["Options paper"]);
    }

    #[test]
    fn submission_reports_bad_values_and_missing_ones_together_once_per_field() {
        let draft = HighlightReportDraft {
            stage: "1".into(),
            rag_overall: "purple".into(),
            spend_to_date: "abc".into(),
            ..Default::default()
        };
        let e = draft.validate_for_submission(period()).unwrap_err();
        assert!(e.has("spend_to_date") && e.has("products_completed"));
        assert_eq!(e.messages_for("rag_overall").count(), 1);
    }

    #[test]
    fn grid_accepts_not_assessed() {
        let draft = HighlightReportDraft {
            stage: "2".into(),
            rag_overall: "AMBER".into(),
            rag_overall_last: "Green".into(),
            rag_time: "not assessed".into(),
            ..Default::default()
        };
        let c = draft.validate(period()).unwrap();
        assert_eq!(
            c.status_grid.overall,
            RagPair {
                this_period: Some(Rag::Amber),
                last_period: Some(Rag::Green)
            }
        );
        assert_eq!(c.status_grid.time.this_period, None);
    }

    #[test]
    fn a_report_whose_text_differs_only_in_line_endings_parses_equal() {
        // Arrange
        let mut with_lf = shared_services();
        with_lf.problems = "Survey delayed\nParishes not yet engaged".into();
        with_lf.products_completed = "Draft PID completed\nAnalysis of activity".into();
        let mut with_crlf = with_lf.clone();
        with_crlf.problems = "Survey delayed \r\nParishes not yet engaged\r\n".into();
        with_crlf.products_completed = "Draft PID completed\rAnalysis of activity\r\n".into();

        // Act
        let lf = with_lf.validate(period()).unwrap();
        let crlf = with_crlf.validate(period()).unwrap();

        // Assert
        assert_eq!(crlf, lf);
        assert_eq!(crlf.products_completed.len(), 2);
    }
}
