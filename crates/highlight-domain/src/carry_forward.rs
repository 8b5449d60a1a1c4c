//! A new period's report, pre-filled from the last one, and last period's plan
//! confirmed as this period's products.
//!
//! A lead does not start each month from a blank form: the standing parts of the
//! report (figures, ticks, tolerance notes, problems, interdependencies…) are carried
//! from the report last submitted, last period's RAG becomes the "last period" column,
//! and what is news this period (the RAG now, the products, requests for change,
//! lessons) starts empty. The products planned last period are offered to tick as
//! completed ([`HighlightReportContent::products_to_confirm`]); ticked ones go first
//! in "products completed" ([`HighlightReportDraft::with_confirmed_products`]).

use crate::period::ReportingPeriod;
use crate::report::{HighlightReportContent, RagPair, StatusGrid};
use crate::report_draft::HighlightReportDraft;
use crate::stage::StageNumber;
use crate::text::normalise;

impl HighlightReportContent {
    /// The draft a new period's report starts as, for a workstream in `stage`.
    ///
    /// From `previous` (last period's report as last submitted; `None` for a first
    /// report) it carries:
    ///
    /// | section | carried? |
    /// |---|---|
    /// | budget (tick and figures), schedule (tick, figures, note), tolerance situations and notes | carried |
    /// | status grid | this period cleared; last period = what last period said for this period |
    /// | problems, risk update, issues status, change impact, interdependencies, barriers | carried |
    /// | products completed, products planned next | cleared (last period's plan is offered to confirm) |
    /// | requests for change, lessons | cleared |
    /// | stage, period | `stage` and `period`, never last period's |
    ///
    /// When the risk update (or issues status) is still empty, it lists `open_risks`
    /// (`open_issues`), one line each ("Open risks:\n- …"); empty lists leave it empty.
    pub fn carried_forward(
        stage: StageNumber,
        period: ReportingPeriod,
        previous: Option<&HighlightReportContent>,
        open_risks: &[String],
        open_issues: &[String],
    ) -> Self {
        let mut c = Self::empty(stage, period);
        if let Some(p) = previous {
            c.budget = p.budget.clone();
            c.schedule = p.schedule.clone();
            c.tolerances = p.tolerances.clone();
            c.status_grid = p.status_grid.moved_to_last_period();
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

    /// The fields of this report still exactly as they were carried forward from last
    /// period (`carried`, what [`carried_forward`](Self::carried_forward) gave), by their
    /// form names: the form labels them "carried forward — check" until the lead edits
    /// them, so a stale copy is not submitted unread. Empty fields are not listed.
    pub fn still_as_carried(&self, carried: &HighlightReportContent) -> Vec<&'static str> {
        let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
        let same_money = |a: &Option<crate::Money>, b: &Option<crate::Money>| a.is_some() && a == b;
        [
            (
                "spend_to_date",
                same_money(&self.budget.spend_to_date, &carried.budget.spend_to_date),
            ),
            (
                "forecast_at_completion",
                same_money(
                    &self.budget.forecast_at_completion,
                    &carried.budget.forecast_at_completion,
                ),
            ),
            (
                "forecast_end",
                self.schedule.forecast_end.is_some()
                    && self.schedule.forecast_end == carried.schedule.forecast_end,
            ),
            ("problems", same(&self.problems, &carried.problems)),
            ("risk_update", same(&self.risk_update, &carried.risk_update)),
            (
                "issues_status",
                same(&self.issues_status, &carried.issues_status),
            ),
            (
                "change_impact",
                same(&self.change_impact, &carried.change_impact),
            ),
            (
                "interdependencies",
                same(&self.interdependencies, &carried.interdependencies),
            ),
            ("barriers", same(&self.barriers, &carried.barriers)),
        ]
        .into_iter()
        .filter_map(|(name, unchanged)| unchanged.then_some(name))
        .collect()
    }

    /// Every field [`still_as_carried`](Self::still_as_carried) can name.
    pub const CARRIED_FIELDS: [&'static str; 9] = [
        "spend_to_date",
        "forecast_at_completion",
        "forecast_end",
        "problems",
        "risk_update",
        "issues_status",
        "change_impact",
        "interdependencies",
        "barriers",
    ];

    /// The products last period planned for this one, offered to tick as completed:
    /// none for a first report.
    pub fn products_to_confirm(previous: Option<&HighlightReportContent>) -> &[String] {
        previous.map_or(&[], |p| p.products_planned_next.as_slice())
    }
}

impl StatusGrid {
    /// The grid a new period starts with: every "this period" RAG moved to "last
    /// period", and "this period" not assessed yet.
    pub fn moved_to_last_period(&self) -> StatusGrid {
        let carry = |pair: RagPair| RagPair {
            this_period: None,
            last_period: pair.this_period,
        };
        StatusGrid {
            overall: carry(self.overall),
            time: carry(self.time),
            cost: carry(self.cost),
            scope: carry(self.scope),
            quality: carry(self.quality),
            benefit: carry(self.benefit),
            risk: carry(self.risk),
        }
    }
}

impl HighlightReportDraft {
    /// The draft with `confirmed` (last period's planned products the lead ticked as
    /// done) first among the products completed, followed by the lines typed, each
    /// once: a typed line that repeats a ticked product is dropped. Lines are trimmed
    /// and blank ones dropped.
    pub fn with_confirmed_products(&self, confirmed: &[String]) -> HighlightReportDraft {
        let mut lines: Vec<String> = confirmed
            .iter()
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect();
        for l in normalise(&self.products_completed).lines() {
            let l = l.trim();
            if !l.is_empty() && !lines.iter().any(|x| x == l) {
                lines.push(l.to_owned());
            }
        }
        HighlightReportDraft {
            products_completed: lines.join("\n"),
            ..self.clone()
        }
    }
}

/// "Open risks:\n- first\n- second", or `None` for no lines.
fn listed(heading: &str, lines: &[String]) -> Option<String> {
    (!lines.is_empty()).then(|| {
        let mut t = format!("{heading}:\n");
        for l in lines {
            t.push_str("- ");
            t.push_str(l);
            t.push('\n');
        }
        t.trim_end().to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::{BudgetStatus, ScheduleStatus};
    use crate::money::Money;
    use crate::rag::Rag;
    use crate::report::{BudgetReport, ScheduleReport};
    use crate::test_dates::d;
    use crate::tolerance::{SituationKind, ToleranceReport, ToleranceStatement};

    fn april() -> ReportingPeriod {
        ReportingPeriod {
            covers_from: d(2026, 3, 6),
            due_date: d(2026, 4, 9),
        }
    }

    fn stage_two() -> StageNumber {
        StageNumber::new(2).unwrap()
    }

    /// March's report, every section filled.
    fn march() -> HighlightReportContent {
        let pair = |rag| RagPair {
            this_period: Some(rag),
            last_period: Some(Rag::Green),
        };
        HighlightReportContent {
            stage: StageNumber::FIRST,
            period: ReportingPeriod {
                covers_from: d(2026, 2, 6),
                due_date: d(2026, 3, 6),
            },
            budget: BudgetReport {
                stated: Some(BudgetStatus::Overspend(Money::from_pounds(1_500))),
                spend_to_date: Some(Money::from_pounds(12_000)),
                forecast_at_completion: Some(Money::from_pounds(26_500)),
            },
            schedule: ScheduleReport {
                stated: Some(ScheduleStatus::Behind { days: Some(14) }),
                forecast_end: Some(d(2026, 12, 15)),
                slippage_days: Some(14),
                note: Some("but within agreed tolerance limits".into()),
            },
            tolerances: ToleranceReport {
                time: ToleranceStatement {
                    situation: Some(SituationKind::Within),
                    note: Some("Two weeks".into()),
                },
                ..Default::default()
            },
            status_grid: StatusGrid {
                overall: pair(Rag::Amber),
                time: pair(Rag::Amber),
                cost: pair(Rag::Red),
                ..Default::default()
            },
            products_completed: vec!["Draft PID completed".into()],
            products_planned_next: vec!["Survey of parishes".into(), "Options paper".into()],
            problems: Some("Survey deadline extended".into()),
            risk_update: Some("Parish engagement risk now 12".into()),
            issues_status: Some("No open issues".into()),
            change_impact: Some("Two weeks' slippage".into()),
            interdependencies: Some("Clear overlap with Shared Services".into()),
            barriers: Some("Capacity in finance".into()),
            requests_for_change: Some("Extend stage 1".into()),
            lessons: Some("Engage parishes early".into()),
            period_covered: Some("Feb–Mar 26".into()),
            illustrative_figures: true,
        }
    }

    fn risks() -> Vec<String> {
        vec!["Parishes do not engage (likelihood 3, impact 4, score 12)".into()]
    }

    #[test]
    fn a_first_report_starts_empty_with_the_open_risks_and_issues_listed() {
        // Arrange
        let issues = vec!["Finance system access (high priority)".into()];

        // Act
        let c =
            HighlightReportContent::carried_forward(stage_two(), april(), None, &risks(), &issues);

        // Assert
        let mut expected = HighlightReportContent::empty(stage_two(), april());
        expected.risk_update =
            Some("Open risks:\n- Parishes do not engage (likelihood 3, impact 4, score 12)".into());
        expected.issues_status =
            Some("Open issues:\n- Finance system access (high priority)".into());
        assert_eq!(c, expected);
    }

    #[test]
    fn no_open_risks_or_issues_leave_those_sections_empty() {
        let c = HighlightReportContent::carried_forward(stage_two(), april(), None, &[], &[]);
        assert_eq!(c, HighlightReportContent::empty(stage_two(), april()));
    }

    #[test]
    fn the_figures_ticks_and_tolerances_are_carried() {
        // Act
        let c =
            HighlightReportContent::carried_forward(stage_two(), april(), Some(&march()), &[], &[]);

        // Assert
        assert_eq!(c.budget, march().budget);
        assert_eq!(c.schedule, march().schedule);
        assert_eq!(c.tolerances, march().tolerances);
    }

    #[test]
    fn the_standing_sections_are_carried() {
        let c =
            HighlightReportContent::carried_forward(stage_two(), april(), Some(&march()), &[], &[]);
        let m = march();
        assert_eq!(c.problems, m.problems);
        assert_eq!(c.risk_update, m.risk_update);
        assert_eq!(c.issues_status, m.issues_status);
        assert_eq!(c.change_impact, m.change_impact);
        assert_eq!(c.interdependencies, m.interdependencies);
        assert_eq!(c.barriers, m.barriers);
    }

    #[test]
    fn last_periods_rag_becomes_the_last_period_column_and_this_period_is_cleared() {
        // Act
        let grid =
            HighlightReportContent::carried_forward(stage_two(), april(), Some(&march()), &[], &[])
                .status_grid;

        // Assert
        assert_eq!(
            grid.overall,
            RagPair {
                this_period: None,
                last_period: Some(Rag::Amber)
            }
        );
        assert_eq!(grid.cost.last_period, Some(Rag::Red));
        assert_eq!(grid.scope, RagPair::default(), "not assessed last period");
    }

    #[test]
    fn the_products_requests_and_lessons_start_empty_in_the_new_stage_and_period() {
        let c =
            HighlightReportContent::carried_forward(stage_two(), april(), Some(&march()), &[], &[]);
        assert_eq!(c.products_completed, Vec::<String>::new());
        assert_eq!(c.products_planned_next, Vec::<String>::new());
        assert_eq!(c.requests_for_change, None);
        assert_eq!(c.lessons, None);
        assert_eq!(c.stage, stage_two());
        assert_eq!(c.period, april());
    }

    #[test]
    fn the_source_documents_period_wording_and_illustrative_figures_are_not_carried() {
        let c =
            HighlightReportContent::carried_forward(stage_two(), april(), Some(&march()), &[], &[]);
        assert_eq!(c.period_covered, None);
        assert!(
            !c.illustrative_figures,
            "the lead's own figures from now on"
        );
    }

    #[test]
    fn a_carried_risk_update_is_kept_rather_than_replaced_by_the_register() {
        let c = HighlightReportContent::carried_forward(
            stage_two(),
            april(),
            Some(&march()),
            &risks(),
            &[],
        );
        assert_eq!(
            c.risk_update.as_deref(),
            Some("Parish engagement risk now 12")
        );
    }

    #[test]
    fn an_empty_carried_risk_update_is_filled_from_the_register() {
        // Arrange
        let mut m = march();
        m.risk_update = None;

        // Act
        let c =
            HighlightReportContent::carried_forward(stage_two(), april(), Some(&m), &risks(), &[]);

        // Assert
        assert!(
            c.risk_update
                .unwrap()
                .starts_with("Open risks:\n- Parishes")
        );
        assert_eq!(c.issues_status.as_deref(), Some("No open issues"));
    }

    #[test]
    fn last_periods_plan_is_offered_to_confirm() {
        assert_eq!(
            HighlightReportContent::products_to_confirm(Some(&march())),
            ["Survey of parishes", "Options paper"]
        );
        assert!(HighlightReportContent::products_to_confirm(None).is_empty());
    }

    #[test]
    fn ticked_products_come_first_and_a_typed_repeat_is_dropped() {
        // Arrange
        let draft = HighlightReportDraft {
            products_completed: "Budget agreed\r\n Survey of parishes \r\n\r\n".into(),
            ..Default::default()
        };
        let ticked = vec![" Survey of parishes".into(), String::new()];

        // Act
        let merged = draft.with_confirmed_products(&ticked);

        // Assert
        assert_eq!(
            merged.products_completed,
            "Survey of parishes\nBudget agreed"
        );
        assert_eq!(
            HighlightReportDraft {
                products_completed: String::new(),
                ..merged
            },
            HighlightReportDraft::default(),
            "nothing else changes"
        );
    }

    #[test]
    fn carried_fields_are_named_until_the_lead_edits_them() {
        let carried =
            HighlightReportContent::carried_forward(stage_two(), april(), Some(&march()), &[], &[]);
        let mut edited = carried.clone();
        edited.problems = Some("A new problem this month".into());

        let still = edited.still_as_carried(&carried);

        assert!(!still.contains(&"problems"), "edited: no longer carried");
        assert!(still.contains(&"barriers") || carried.barriers.is_none());
        assert!(
            still
                .iter()
                .all(|f| HighlightReportContent::CARRIED_FIELDS.contains(f))
        );
        let first = HighlightReportContent::carried_forward(stage_two(), april(), None, &[], &[]);
        assert!(
            first.still_as_carried(&first).is_empty(),
            "nothing carried into a first report"
        );
        assert!(carried.problems.is_some());
        assert!(
            carried.still_as_carried(&carried).contains(&"problems"),
            "untouched: carried"
        );
    }
}
