//! Budget and schedule status derived from the numbers.
//!
//! A lead ticks "on budget" and "behind schedule"; the numbers (baseline, spend,
//! forecast at completion, planned and forecast end) say what the ticks should be.
//! This module derives [`BudgetStatus`] and [`ScheduleStatus`] and the time and cost
//! [`ToleranceSituation`]s from the numbers; [`assessment`] turns them into a RAG
//! with an explanation, and [`disagreement`] flags where the lead's ticks differ.

pub mod assessment;
pub mod disagreement;

use crate::money::Money;
use crate::tolerance::{CostTolerance, Deviation, ToleranceSituation};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The money side of a workstream: the PID's baseline and the lead's figures.
///
/// Only for a PID that holds a budget (possibly £0); a PID that holds none has no
/// cost baseline at all, see [`Figures::no_budget_held`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetFigures {
    /// The baseline budget agreed in the PID.
    pub baseline: Money,
    /// Spent so far.
    pub spend_to_date: Money,
    /// What the whole workstream is now forecast to cost.
    pub forecast_at_completion: Money,
}

impl BudgetFigures {
    /// Forecast at completion minus baseline: positive is an overspend.
    pub fn variance(&self) -> Money {
        self.forecast_at_completion - self.baseline
    }

    /// True when the baseline is £0 and nothing is spent or forecast: there is no
    /// money to report on, so the budget status is not applicable. (A PID that holds
    /// no budget at all never gets here: see [`Figures::no_budget_held`].)
    pub fn no_budget_held(&self) -> bool {
        self.baseline.is_zero()
            && self.spend_to_date.is_zero()
            && self.forecast_at_completion.is_zero()
    }
}

/// The time side of a workstream: the planned end and the forecast end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleFigures {
    /// The end date planned in the PID.
    pub planned_end: NaiveDate,
    /// The end date now forecast.
    pub forecast_end: NaiveDate,
}

impl ScheduleFigures {
    /// Figures from a slippage in days (negative: ahead), instead of a forecast end.
    pub fn from_slippage(planned_end: NaiveDate, slippage_days: i64) -> Self {
        let forecast_end = if slippage_days >= 0 {
            planned_end.checked_add_days(Days::new(slippage_days.unsigned_abs()))
        } else {
            planned_end.checked_sub_days(Days::new(slippage_days.unsigned_abs()))
        }
        .unwrap_or(planned_end);
        Self {
            planned_end,
            forecast_end,
        }
    }

    /// Forecast end minus planned end in calendar days: positive is late.
    pub fn slippage_days(&self) -> i64 {
        (self.forecast_end - self.planned_end).num_days()
    }
}

/// The numbers an assessment is made from; either side may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Figures {
    /// Budget figures, when there is a forecast to compare with the baseline.
    pub budget: Option<BudgetFigures>,
    /// Schedule figures, when there is a planned and a forecast end.
    pub schedule: Option<ScheduleFigures>,
    /// True when the PID holds no budget: there is no cost baseline, so cost is not
    /// measured against a tolerance and is never an exception, whatever the lead
    /// spends or ticks. `budget` is then ignored (and is `None` from
    /// [`crate::HighlightReportContent::figures`]).
    #[serde(default)]
    pub no_budget_held: bool,
}

/// Underspend / on budget / overspend / not applicable, as on the highlight report.
///
/// JSON: `"on_budget"`, `"not_applicable"`, `{"underspend":150000}`, `{"overspend":150000}`
/// (amounts in pence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetStatus {
    /// Forecast to cost less than the baseline, by this much.
    Underspend(Money),
    /// Forecast to cost the baseline.
    OnBudget,
    /// Forecast to cost more than the baseline, by this much.
    Overspend(Money),
    /// No budget is held.
    NotApplicable,
}

impl BudgetStatus {
    /// "underspend", "on_budget", "overspend" or "not_applicable".
    pub const fn as_str(&self) -> &'static str {
        match self {
            BudgetStatus::Underspend(_) => "underspend",
            BudgetStatus::OnBudget => "on_budget",
            BudgetStatus::Overspend(_) => "overspend",
            BudgetStatus::NotApplicable => "not_applicable",
        }
    }
}

impl fmt::Display for BudgetStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BudgetStatus::Underspend(m) => write!(f, "underspend of {m}"),
            BudgetStatus::OnBudget => f.write_str("on budget"),
            BudgetStatus::Overspend(m) => write!(f, "overspend of {m}"),
            BudgetStatus::NotApplicable => f.write_str("not applicable (no budget held)"),
        }
    }
}

/// Ahead / on schedule / behind, with the days when known.
///
/// JSON: `"on_schedule"`, `{"behind":{"days":70}}`, `{"ahead":{"days":null}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleStatus {
    /// Forecast to finish early, by this many days if known.
    Ahead {
        /// Days early.
        days: Option<u32>,
    },
    /// Forecast to finish as planned.
    OnSchedule,
    /// Forecast to finish late, by this many days if known.
    Behind {
        /// Days late.
        days: Option<u32>,
    },
}

impl ScheduleStatus {
    /// "ahead", "on_schedule" or "behind".
    pub const fn as_str(&self) -> &'static str {
        match self {
            ScheduleStatus::Ahead { .. } => "ahead",
            ScheduleStatus::OnSchedule => "on_schedule",
            ScheduleStatus::Behind { .. } => "behind",
        }
    }

    /// True when ahead or behind.
    pub const fn deviates(&self) -> bool {
        !matches!(self, ScheduleStatus::OnSchedule)
    }
}

impl fmt::Display for ScheduleStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = |d: &Option<u32>| match d {
            Some(d) => format!(" by {}", crate::tolerance::describe_days(u64::from(*d))),
            None => String::new(),
        };
        match self {
            ScheduleStatus::Ahead { days: d } => write!(f, "ahead of schedule{}", days(d)),
            ScheduleStatus::OnSchedule => f.write_str("on schedule"),
            ScheduleStatus::Behind { days: d } => write!(f, "behind schedule{}", days(d)),
        }
    }
}

/// Budget status from the figures: no budget held (all zero) is not applicable;
/// otherwise the forecast at completion against the baseline.
pub fn budget_status(figures: &BudgetFigures) -> BudgetStatus {
    if figures.no_budget_held() {
        return BudgetStatus::NotApplicable;
    }
    let variance = figures.variance();
    if variance.is_zero() {
        BudgetStatus::OnBudget
    } else if variance.is_negative() {
        BudgetStatus::Underspend(variance.abs())
    } else {
        BudgetStatus::Overspend(variance)
    }
}

/// Schedule status from the planned and forecast end dates.
pub fn schedule_status(figures: &ScheduleFigures) -> ScheduleStatus {
    let slip = figures.slippage_days();
    let days = u32::try_from(slip.unsigned_abs()).ok();
    match slip {
        0 => ScheduleStatus::OnSchedule,
        s if s > 0 => ScheduleStatus::Behind { days },
        _ => ScheduleStatus::Ahead { days },
    }
}

/// The time situation: slippage against the time tolerance in days.
pub fn time_situation(figures: &ScheduleFigures, tolerance_days: u32) -> ToleranceSituation {
    ToleranceSituation::from_numbers(
        figures.slippage_days(),
        i64::from(tolerance_days),
        Deviation::Days,
    )
}

/// The cost situation: forecast at completion against the baseline and the cost
/// tolerance (a percentage of a zero baseline is £0, so any forecast spend exceeds it).
pub fn cost_situation(figures: &BudgetFigures, tolerance: &CostTolerance) -> ToleranceSituation {
    ToleranceSituation::from_numbers(
        figures.variance().pence(),
        tolerance.limit(figures.baseline).pence(),
        |p| Deviation::Money(Money::from_pence(p)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::percent::Percent;
    use crate::test_dates::d;
    use crate::tolerance::SituationKind;

    fn budget(baseline: i64, spend: i64, forecast: i64) -> BudgetFigures {
        BudgetFigures {
            baseline: Money::from_pounds(baseline),
            spend_to_date: Money::from_pounds(spend),
            forecast_at_completion: Money::from_pounds(forecast),
        }
    }

    #[test]
    fn budget_status_from_forecast_against_baseline() {
        assert_eq!(budget_status(&budget(100, 50, 100)), BudgetStatus::OnBudget);
        assert_eq!(
            budget_status(&budget(100, 50, 120)),
            BudgetStatus::Overspend(Money::from_pounds(20))
        );
        assert_eq!(
            budget_status(&budget(100, 50, 90)),
            BudgetStatus::Underspend(Money::from_pounds(10))
        );
    }

    #[test]
    fn no_budget_held_is_not_applicable() {
        assert_eq!(budget_status(&budget(0, 0, 0)), BudgetStatus::NotApplicable);
    }

    #[test]
    fn spending_against_a_zero_budget_is_an_overspend_beyond_a_percent_tolerance() {
        let b = budget(0, 0, 500);
        assert_eq!(
            budget_status(&b),
            BudgetStatus::Overspend(Money::from_pounds(500))
        );
        let pct = CostTolerance::PercentOfBaseline(Percent::from_whole(10));
        assert_eq!(cost_situation(&b, &pct).kind(), SituationKind::Exceeded);
        let amount = CostTolerance::Amount(Money::from_pounds(1_000));
        assert_eq!(cost_situation(&b, &amount).kind(), SituationKind::Within);
    }

    #[test]
    fn zero_budget_with_nothing_spent_leaves_cost_unaffected() {
        let pct = CostTolerance::PercentOfBaseline(Percent::from_whole(10));
        assert_eq!(
            cost_situation(&budget(0, 0, 0), &pct),
            ToleranceSituation::Unaffected
        );
    }

    #[test]
    fn schedule_status_from_end_dates() {
        let on = ScheduleFigures {
            planned_end: d(2026, 6, 30),
            forecast_end: d(2026, 6, 30),
        };
        assert_eq!(schedule_status(&on), ScheduleStatus::OnSchedule);
        let late = ScheduleFigures::from_slippage(d(2026, 6, 30), 70);
        assert_eq!(late.forecast_end, d(2026, 9, 8));
        assert_eq!(
            schedule_status(&late),
            ScheduleStatus::Behind { days: Some(70) }
        );
        let early = ScheduleFigures::from_slippage(d(2026, 6, 30), -5);
        assert_eq!(
            schedule_status(&early),
            ScheduleStatus::Ahead { days: Some(5) }
        );
    }

    #[test]
    fn slippage_across_a_leap_day_counts_calendar_days() {
        let s = ScheduleFigures {
            planned_end: d(2028, 2, 28),
            forecast_end: d(2028, 3, 1),
        };
        assert_eq!(s.slippage_days(), 2);
    }

    #[test]
    fn time_situation_against_tolerance_edges() {
        let plan = d(2026, 6, 30);
        assert_eq!(
            time_situation(&ScheduleFigures::from_slippage(plan, 0), 56),
            ToleranceSituation::Unaffected
        );
        assert_eq!(
            time_situation(&ScheduleFigures::from_slippage(plan, 56), 56).kind(),
            SituationKind::Within
        );
        assert_eq!(
            time_situation(&ScheduleFigures::from_slippage(plan, 57), 56).kind(),
            SituationKind::Exceeded
        );
    }

    #[test]
    fn statuses_serialise_in_a_stable_shape() {
        assert_eq!(
            serde_json::to_string(&BudgetStatus::OnBudget).unwrap(),
            r#""on_budget""#
        );
        assert_eq!(
            serde_json::to_string(&BudgetStatus::Overspend(Money::from_pence(150_000))).unwrap(),
            r#"{"overspend":150000}"#
        );
        assert_eq!(
            serde_json::to_string(&ScheduleStatus::Behind { days: Some(70) }).unwrap(),
            r#"{"behind":{"days":70}}"#
        );
        assert_eq!(
            serde_json::to_string(&ScheduleStatus::OnSchedule).unwrap(),
            r#""on_schedule""#
        );
    }
}
