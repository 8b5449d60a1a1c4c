//! Where the lead's ticks disagree with the numbers, or with each other.
//!
//! A paper template lets a lead tick "Behind schedule: YES" and write "Time:
//! Unaffected" on the same page (seed 003, Shared Services). The board should see
//! that before it reads the pack. Each [`Disagreement`] names the report field, what
//! was stated, what the numbers (or the rest of the report) imply, and why.

use super::assessment::{Assessment, Basis};
use super::{BudgetStatus, ScheduleStatus};
use crate::report::HighlightReportContent;
use crate::tolerance::{Dimension, SituationKind, ToleranceStatement};
use serde::{Deserialize, Serialize};

/// One place where the stated status differs from the derived one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disagreement {
    /// The report field, as in [`HighlightReportContent`]'s JSON
    /// (`budget.stated`, `schedule.stated`, `tolerances.time.situation`,
    /// `status_grid.overall.this_period`).
    pub field: String,
    /// What the lead stated.
    pub stated: String,
    /// What the figures or the rest of the report imply.
    pub derived: String,
    /// One sentence for the lead and the board.
    pub explanation: String,
}

/// Compares the lead's stated budget, schedule, tolerance situations and overall RAG
/// with the assessment, and checks the ticks against each other.
pub fn disagreements(
    content: &HighlightReportContent,
    assessment: &Assessment,
) -> Vec<Disagreement> {
    let mut out = Vec::new();

    if let (Some(stated), Some(derived)) = (content.budget.stated, assessment.budget)
        && stated != derived
    {
        out.push(Disagreement {
            field: "budget.stated".to_owned(),
            stated: stated.to_string(),
            derived: derived.to_string(),
            explanation: format!(
                "The report says {stated}, but the baseline and forecast at completion give {derived}."
            ),
        });
    }

    if let (Some(stated), Some(derived)) = (content.schedule.stated, assessment.schedule)
        && !schedules_agree(stated, derived)
    {
        out.push(Disagreement {
            field: "schedule.stated".to_owned(),
            stated: stated.to_string(),
            derived: derived.to_string(),
            explanation: format!(
                "The report says {stated}, but the planned and forecast end dates give {derived}."
            ),
        });
    }

    for dimension in [Dimension::Time, Dimension::Cost] {
        let statement = content.tolerances.get(dimension);
        let field = format!("tolerances.{}.situation", dimension.as_str());
        let Some(stated) = statement.situation else {
            continue;
        };
        if assessment
            .dimension(dimension)
            .is_some_and(|d| d.no_budget_held)
        {
            // No baseline, so no cost tolerance for a tick to agree or disagree with.
            continue;
        }
        if let Some(d) = assessment.dimension(dimension)
            && d.basis == Basis::Figures
        {
            let derived = d.situation.kind();
            if derived != stated {
                out.push(Disagreement {
                    field,
                    stated: stated.as_str().to_owned(),
                    derived: derived.as_str().to_owned(),
                    explanation: format!(
                        "The report says {} is {}, but the figures put it {} (tolerance: {}).",
                        crate::tolerance::dimension_phrase(dimension),
                        words(stated),
                        words(derived),
                        d.tolerance
                    ),
                });
            }
            continue;
        }
        if let Some(d) = inconsistent_ticks(dimension, statement, content) {
            out.push(Disagreement { field, ..d });
        }
    }

    if let Some(stated) = content.stated_overall_rag()
        && stated != assessment.rag
    {
        out.push(Disagreement {
            field: "status_grid.overall.this_period".to_owned(),
            stated: stated.as_str().to_owned(),
            derived: assessment.rag.as_str().to_owned(),
            explanation: format!(
                "The report's overall status is {}, but the rules give {}. {}",
                stated.label(),
                assessment.rag.label(),
                assessment.explanation
            ),
        });
    }
    out
}

/// Same direction, and the same days when the lead gave days.
fn schedules_agree(stated: ScheduleStatus, derived: ScheduleStatus) -> bool {
    match (stated, derived) {
        (ScheduleStatus::OnSchedule, ScheduleStatus::OnSchedule) => true,
        (ScheduleStatus::Ahead { days: s }, ScheduleStatus::Ahead { days: d })
        | (ScheduleStatus::Behind { days: s }, ScheduleStatus::Behind { days: d }) => {
            s.is_none() || s == d
        }
        _ => false,
    }
}

fn words(kind: SituationKind) -> &'static str {
    match kind {
        SituationKind::Unaffected => "unaffected",
        SituationKind::Within => "within tolerance",
        SituationKind::Exceeded => "beyond tolerance",
    }
}

/// Without figures: a schedule ticked ahead or behind with time "unaffected", or a
/// budget ticked under or over with cost "unaffected".
fn inconsistent_ticks(
    dimension: Dimension,
    statement: &ToleranceStatement,
    content: &HighlightReportContent,
) -> Option<Disagreement> {
    if statement.situation != Some(SituationKind::Unaffected) {
        return None;
    }
    let (ticked, consequence) = match dimension {
        Dimension::Time => match content.schedule.stated? {
            s @ (ScheduleStatus::Ahead { .. } | ScheduleStatus::Behind { .. }) => {
                (s.to_string(), "a slip or gain uses time tolerance")
            }
            ScheduleStatus::OnSchedule => return None,
        },
        Dimension::Cost => match content.budget.stated? {
            b @ (BudgetStatus::Underspend(_) | BudgetStatus::Overspend(_)) => {
                (b.to_string(), "a variance uses cost tolerance")
            }
            BudgetStatus::OnBudget | BudgetStatus::NotApplicable => return None,
        },
        _ => return None,
    };
    Some(Disagreement {
        field: String::new(),
        stated: "unaffected".to_owned(),
        derived: "within or beyond tolerance".to_owned(),
        explanation: format!(
            "The report says {ticked} but {} is unaffected: {consequence}, so it should be \
             within tolerance (or exceeded).",
            crate::tolerance::dimension_phrase(dimension)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Money;
    use crate::figures::assessment::{RagPolicy, assess};
    use crate::figures::{BudgetFigures, Figures, ScheduleFigures};
    use crate::period::ReportingPeriod;
    use crate::rag::Rag;
    use crate::stage::StageNumber;
    use crate::test_dates::d;
    use crate::tolerance::{CostTolerance, Tolerances};

    fn content() -> HighlightReportContent {
        HighlightReportContent::empty(
            StageNumber::FIRST,
            ReportingPeriod {
                covers_from: d(2008, 8, 1),
                due_date: d(2008, 11, 28),
            },
        )
    }

    fn tolerances() -> Tolerances {
        Tolerances {
            time_days: Some(56),
            cost: Some(CostTolerance::Amount(Money::from_pounds(1_000))),
            ..Default::default()
        }
    }

    #[test]
    fn behind_schedule_with_time_unaffected_is_flagged() {
        // Seed 003, Shared Services: "Behind schedule YES", "Time: Unaffected".
        let mut c = content();
        c.schedule.stated = Some(ScheduleStatus::Behind { days: None });
        c.budget.stated = Some(BudgetStatus::OnBudget);
        c.tolerances.time.situation = Some(SituationKind::Unaffected);
        c.tolerances.cost.situation = Some(SituationKind::Unaffected);
        let a = assess(
            &Figures::default(),
            &tolerances(),
            &c.tolerances,
            &RagPolicy::default(),
        );
        let found = disagreements(&c, &a);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].field, "tolerances.time.situation");
        assert_eq!(found[0].stated, "unaffected");
        assert!(
            found[0].explanation.starts_with(
                "The report says behind schedule but the time tolerance is unaffected"
            ),
            "{}",
            found[0].explanation
        );
    }

    #[test]
    fn stated_statuses_are_compared_with_the_figures() {
        let mut c = content();
        c.budget.stated = Some(BudgetStatus::OnBudget);
        c.schedule.stated = Some(ScheduleStatus::OnSchedule);
        c.tolerances.time.situation = Some(SituationKind::Within);
        c.status_grid.overall.this_period = Some(Rag::Green);
        let figures = Figures {
            budget: Some(BudgetFigures {
                baseline: Money::from_pounds(10_000),
                spend_to_date: Money::ZERO,
                forecast_at_completion: Money::from_pounds(12_000),
            }),
            schedule: Some(ScheduleFigures::from_slippage(d(2009, 3, 31), 70)),
            no_budget_held: false,
        };
        let a = assess(
            &figures,
            &tolerances(),
            &c.tolerances,
            &RagPolicy::default(),
        );
        let fields: Vec<String> = disagreements(&c, &a).into_iter().map(|d| d.field).collect();
        assert_eq!(
            fields,
            [
                "budget.stated",
                "schedule.stated",
                "tolerances.time.situation",
                "status_grid.overall.this_period"
            ]
        );
        let rag = disagreements(&c, &a).pop().unwrap();
        assert_eq!(rag.derived, "red");
        assert!(
            rag.explanation
                .contains("Red because the time forecast of +70 days"),
            "{}",
            rag.explanation
        );
    }

    #[test]
    fn agreeing_statements_give_no_disagreement() {
        let mut c = content();
        c.schedule.stated = Some(ScheduleStatus::Behind { days: Some(14) });
        c.tolerances.time.situation = Some(SituationKind::Within);
        c.status_grid.overall.this_period = Some(Rag::Amber);
        let figures = Figures {
            budget: None,
            schedule: Some(ScheduleFigures::from_slippage(d(2009, 3, 31), 14)),
            no_budget_held: false,
        };
        let a = assess(
            &figures,
            &tolerances(),
            &c.tolerances,
            &RagPolicy::default(),
        );
        assert_eq!(disagreements(&c, &a), []);
    }

    #[test]
    fn behind_without_days_agrees_with_any_delay() {
        assert!(schedules_agree(
            ScheduleStatus::Behind { days: None },
            ScheduleStatus::Behind { days: Some(3) }
        ));
        assert!(!schedules_agree(
            ScheduleStatus::Behind { days: Some(2) },
            ScheduleStatus::Behind { days: Some(3) }
        ));
        assert!(!schedules_agree(
            ScheduleStatus::Ahead { days: None },
            ScheduleStatus::Behind { days: None }
        ));
    }
}
