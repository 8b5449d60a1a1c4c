//! Tolerances and tolerance situations (PRINCE2).
//!
//! The board delegates a permitted deviation from plan to each workstream: so many
//! days for time, so much money (or a percentage of the baseline) for cost, and
//! optionally a described tolerance for quality, scope, risk and benefit. A
//! deviation *within* tolerance is reported in the highlight report; a forecast
//! *beyond* it is an exception the board must hear about. Tolerances are
//! symmetric: finishing far earlier or spending far less than planned also exceeds
//! them, because the board may want the time or money back.

use crate::money::{Money, non_negative_money};
use crate::percent::Percent;
use crate::text_enum::text_enum;
use crate::validation::{ValidationErrors, optional_text};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest time tolerance accepted: ten years.
pub const MAX_TOLERANCE_DAYS: u32 = 3_650;

text_enum! {
    /// A dimension of the plan a tolerance applies to.
    pub enum Dimension ("tolerance dimension") {
        /// Time (days).
        Time => "time",
        /// Cost (money).
        Cost => "cost",
        /// Quality (described).
        Quality => "quality",
        /// Scope (described).
        Scope => "scope",
        /// Risk (described).
        Risk => "risk",
        /// Benefit (described).
        Benefit => "benefit",
    }
}

/// The cost tolerance: an amount, or a share of the baseline budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostTolerance {
    /// A fixed amount either side of the baseline.
    Amount(Money),
    /// A percentage of the baseline either side of it (of a zero baseline: £0).
    PercentOfBaseline(Percent),
}

impl CostTolerance {
    /// The permitted deviation in money for a baseline.
    pub fn limit(&self, baseline: Money) -> Money {
        match self {
            CostTolerance::Amount(m) => m.abs(),
            CostTolerance::PercentOfBaseline(p) => baseline.abs().percent_of(*p),
        }
    }
}

impl fmt::Display for CostTolerance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CostTolerance::Amount(m) => write!(f, "{m}"),
            CostTolerance::PercentOfBaseline(p) => write!(f, "{p} of the baseline"),
        }
    }
}

/// The tolerances the board set for a workstream (in its PID).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tolerances {
    /// Time tolerance in days; `None` when the board set none.
    pub time_days: Option<u32>,
    /// Cost tolerance; `None` when the board set none.
    pub cost: Option<CostTolerance>,
    /// Quality tolerance, described.
    pub quality: Option<String>,
    /// Scope tolerance, described.
    pub scope: Option<String>,
    /// Risk tolerance, described.
    pub risk: Option<String>,
    /// Benefit tolerance, described.
    pub benefit: Option<String>,
}

impl Tolerances {
    /// The described tolerance of a text dimension (quality, scope, risk, benefit).
    pub fn described(&self, dimension: Dimension) -> Option<&str> {
        match dimension {
            Dimension::Quality => self.quality.as_deref(),
            Dimension::Scope => self.scope.as_deref(),
            Dimension::Risk => self.risk.as_deref(),
            Dimension::Benefit => self.benefit.as_deref(),
            Dimension::Time | Dimension::Cost => None,
        }
    }
}

/// How far a forecast is from the plan. Positive is later or dearer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deviation {
    /// Days late (positive) or early (negative).
    Days(i64),
    /// Money over (positive) or under (negative) the baseline.
    Money(Money),
    /// The lead's description ("Duration extended by 2 months").
    Described(String),
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Deviation::Days(d) => {
                let sign = if *d > 0 {
                    "+"
                } else if *d < 0 {
                    "-"
                } else {
                    ""
                };
                write!(f, "{sign}{}", describe_days(d.unsigned_abs()))
            }
            Deviation::Money(m) if m.is_negative() => write!(f, "{m} (an underspend)"),
            Deviation::Money(m) if m.is_zero() => write!(f, "{m}"),
            Deviation::Money(m) => write!(f, "+{m} (an overspend)"),
            Deviation::Described(t) => write!(f, "\"{t}\""),
        }
    }
}

/// "1 day", "10 days", "14 days (2 weeks)", "7 days (1 week)".
pub fn describe_days(days: u64) -> String {
    let unit = if days == 1 { "day" } else { "days" };
    if days >= 7 && days.is_multiple_of(7) {
        let weeks = days / 7;
        let wunit = if weeks == 1 { "week" } else { "weeks" };
        format!("{days} {unit} ({weeks} {wunit})")
    } else {
        format!("{days} {unit}")
    }
}

/// Where a dimension stands against its tolerance.
///
/// JSON: `"unaffected"`, `{"within":{"deviation":{"days":14}}}`,
/// `{"exceeded":{"deviation":{"money":1200000}}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToleranceSituation {
    /// No deviation from plan.
    Unaffected,
    /// Deviating, inside the tolerance.
    Within {
        /// How far from plan.
        deviation: Deviation,
    },
    /// Forecast beyond the tolerance: an exception.
    Exceeded {
        /// How far from plan.
        deviation: Deviation,
    },
}

text_enum! {
    /// The three tolerance situations without their deviation (a lead's tick box).
    pub enum SituationKind ("tolerance situation") {
        /// No deviation.
        Unaffected => "unaffected",
        /// Within tolerance.
        Within => "within",
        /// Tolerance exceeded.
        Exceeded => "exceeded",
    }
}

impl ToleranceSituation {
    /// Which of the three situations this is.
    pub fn kind(&self) -> SituationKind {
        match self {
            ToleranceSituation::Unaffected => SituationKind::Unaffected,
            ToleranceSituation::Within { .. } => SituationKind::Within,
            ToleranceSituation::Exceeded { .. } => SituationKind::Exceeded,
        }
    }

    /// The deviation, if any.
    pub fn deviation(&self) -> Option<&Deviation> {
        match self {
            ToleranceSituation::Unaffected => None,
            ToleranceSituation::Within { deviation }
            | ToleranceSituation::Exceeded { deviation } => Some(deviation),
        }
    }

    /// Compares a numeric deviation with a limit: none is unaffected, up to the limit
    /// (either way) is within, beyond it is exceeded.
    pub fn from_numbers(deviation: i64, limit: i64, wrap: impl FnOnce(i64) -> Deviation) -> Self {
        if deviation == 0 {
            ToleranceSituation::Unaffected
        } else if deviation.unsigned_abs() <= limit.unsigned_abs() {
            ToleranceSituation::Within {
                deviation: wrap(deviation),
            }
        } else {
            ToleranceSituation::Exceeded {
                deviation: wrap(deviation),
            }
        }
    }
}

/// The tolerance a forecast was measured against, for explanations and exceptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToleranceLimit {
    /// Days either side of the planned end.
    Days(u32),
    /// Money either side of the baseline.
    Money(Money),
    /// A described tolerance.
    Described(String),
    /// The board set no tolerance for this dimension.
    NotSet,
}

impl fmt::Display for ToleranceLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ToleranceLimit::Days(d) => f.write_str(&describe_days(u64::from(*d))),
            ToleranceLimit::Money(m) => write!(f, "{m}"),
            ToleranceLimit::Described(t) => write!(f, "\"{t}\""),
            ToleranceLimit::NotSet => f.write_str("no tolerance set"),
        }
    }
}

/// What a lead says about one dimension in a highlight report: a tick box and a note
/// ("Time: Duration extended by 2 months").
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ToleranceStatement {
    /// Unaffected / within / exceeded, if the lead said.
    pub situation: Option<SituationKind>,
    /// The lead's note.
    pub note: Option<String>,
}

/// The tolerance situation section of a highlight report, one statement per dimension.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ToleranceReport {
    /// Time.
    pub time: ToleranceStatement,
    /// Cost.
    pub cost: ToleranceStatement,
    /// Quality.
    pub quality: ToleranceStatement,
    /// Scope.
    pub scope: ToleranceStatement,
    /// Risk.
    pub risk: ToleranceStatement,
    /// Benefit.
    pub benefit: ToleranceStatement,
}

impl ToleranceReport {
    /// The statement about one dimension.
    pub fn get(&self, dimension: Dimension) -> &ToleranceStatement {
        match dimension {
            Dimension::Time => &self.time,
            Dimension::Cost => &self.cost,
            Dimension::Quality => &self.quality,
            Dimension::Scope => &self.scope,
            Dimension::Risk => &self.risk,
            Dimension::Benefit => &self.benefit,
        }
    }
}

/// Tolerances as typed into the PID form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TolerancesDraft {
    /// "56", "56 days" or "8 weeks"; blank for none.
    pub time: String,
    /// "£10,000" or "10%"; blank for none.
    pub cost: String,
    /// Described quality tolerance.
    pub quality: String,
    /// Described scope tolerance.
    pub scope: String,
    /// Described risk tolerance.
    pub risk: String,
    /// Described benefit tolerance.
    pub benefit: String,
}

impl TolerancesDraft {
    /// Parses the draft, reporting every problem.
    pub fn validate(&self) -> Result<Tolerances, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let time_days = parse_time_tolerance(&mut errors, "time", &self.time);
        let cost = parse_cost_tolerance(&mut errors, "cost", &self.cost);
        let quality = optional_text(&mut errors, "quality", "quality tolerance", &self.quality);
        let scope = optional_text(&mut errors, "scope", "scope tolerance", &self.scope);
        let risk = optional_text(&mut errors, "risk", "risk tolerance", &self.risk);
        let benefit = optional_text(&mut errors, "benefit", "benefit tolerance", &self.benefit);
        errors.into_result(|| Tolerances {
            time_days,
            cost,
            quality,
            scope,
            risk,
            benefit,
        })
    }
}

fn parse_time_tolerance(errors: &mut ValidationErrors, field: &str, text: &str) -> Option<u32> {
    let t = text.trim().to_ascii_lowercase();
    if crate::validation::is_blank(&t) {
        return None;
    }
    let (number, per) = if let Some(n) = t.strip_suffix("weeks").or_else(|| t.strip_suffix("week"))
    {
        (n.trim(), 7)
    } else if let Some(n) = t.strip_suffix("days").or_else(|| t.strip_suffix("day")) {
        (n.trim(), 1)
    } else {
        (t.as_str(), 1)
    };
    match number.parse::<i64>() {
        Ok(n) if n < 0 => {
            errors.add(field, "Time tolerance cannot be negative: enter the days either side of the plan, like 56");
            None
        }
        Ok(n) if n * per > i64::from(MAX_TOLERANCE_DAYS) => {
            errors.add(field, format!("Time tolerance of {} days is more than ten years: enter days, like 56, or weeks, like 8 weeks", n * per));
            None
        }
        Ok(n) => u32::try_from(n * per).ok(),
        Err(_) => {
            errors.add(field, format!("Time tolerance \"{}\" is not a number of days: enter days, like 56, or weeks, like 8 weeks", text.trim()));
            None
        }
    }
}

fn parse_cost_tolerance(
    errors: &mut ValidationErrors,
    field: &str,
    text: &str,
) -> Option<CostTolerance> {
    let t = text.trim();
    if crate::validation::is_blank(t) {
        return None;
    }
    if t.ends_with('%') {
        if t.starts_with('-') {
            errors.add(
                field,
                "Cost tolerance cannot be negative: enter a percentage of the baseline, like 10%",
            );
            return None;
        }
        return match Percent::parse(t) {
            Ok(p) => Some(CostTolerance::PercentOfBaseline(p)),
            Err(e) => {
                errors.add(field, format!("Cost tolerance: {e}"));
                None
            }
        };
    }
    non_negative_money(errors, field, "cost tolerance", t).map(CostTolerance::Amount)
}

/// "the time tolerance" etc.
pub(crate) fn dimension_phrase(dimension: Dimension) -> String {
    format!("the {} tolerance", dimension.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_described_in_weeks_when_whole() {
        assert_eq!(describe_days(70), "70 days (10 weeks)");
        assert_eq!(describe_days(56), "56 days (8 weeks)");
        assert_eq!(describe_days(10), "10 days");
        assert_eq!(describe_days(1), "1 day");
        assert_eq!(describe_days(7), "7 days (1 week)");
        assert_eq!(Deviation::Days(70).to_string(), "+70 days (10 weeks)");
        assert_eq!(Deviation::Days(-3).to_string(), "-3 days");
    }

    #[test]
    fn percent_tolerance_of_a_zero_baseline_is_zero() {
        let t = CostTolerance::PercentOfBaseline(Percent::from_whole(10));
        assert_eq!(t.limit(Money::ZERO), Money::ZERO);
        assert_eq!(
            t.limit(Money::from_pounds(50_000)),
            Money::from_pounds(5_000)
        );
    }

    #[test]
    fn situation_from_numbers_is_symmetric() {
        let wrap = Deviation::Days;
        assert_eq!(
            ToleranceSituation::from_numbers(0, 10, wrap),
            ToleranceSituation::Unaffected
        );
        assert_eq!(
            ToleranceSituation::from_numbers(10, 10, wrap).kind(),
            SituationKind::Within
        );
        assert_eq!(
            ToleranceSituation::from_numbers(-10, 10, wrap).kind(),
            SituationKind::Within
        );
        assert_eq!(
            ToleranceSituation::from_numbers(11, 10, wrap).kind(),
            SituationKind::Exceeded
        );
        assert_eq!(
            ToleranceSituation::from_numbers(-11, 10, wrap).kind(),
            SituationKind::Exceeded
        );
        assert_eq!(
            ToleranceSituation::from_numbers(1, 0, wrap).kind(),
            SituationKind::Exceeded
        );
    }

    #[test]
    fn tolerances_draft_accepts_days_weeks_money_and_percent() {
        let t = TolerancesDraft {
            time: "8 weeks".into(),
            cost: "10%".into(),
            quality: "No reduction in scope of consultation".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(t.time_days, Some(56));
        assert_eq!(
            t.cost,
            Some(CostTolerance::PercentOfBaseline(Percent::from_whole(10)))
        );
        assert_eq!(
            t.quality.as_deref(),
            Some("No reduction in scope of consultation")
        );
        let t = TolerancesDraft {
            time: "14".into(),
            cost: "£5,000".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(t.time_days, Some(14));
        assert_eq!(
            t.cost,
            Some(CostTolerance::Amount(Money::from_pounds(5_000)))
        );
        assert_eq!(
            TolerancesDraft::default().validate().unwrap(),
            Tolerances::default()
        );
    }

    #[test]
    fn absurd_tolerances_are_rejected_naming_each_field() {
        let e = TolerancesDraft {
            time: "11 years".into(),
            cost: "-£5".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert!(e.has("time"));
        assert!(e.has("cost"));
        let e = TolerancesDraft {
            time: "5000".into(),
            cost: "2000%".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.len(), 2, "{e}");
        assert!(
            e.messages_for("time")
                .next()
                .unwrap()
                .contains("more than ten years")
        );
    }

    #[test]
    fn situation_serialises_in_a_stable_shape() {
        let s = ToleranceSituation::Within {
            deviation: Deviation::Days(14),
        };
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"within":{"deviation":{"days":14}}}"#
        );
        assert_eq!(
            serde_json::to_string(&ToleranceSituation::Unaffected).unwrap(),
            r#""unaffected""#
        );
    }
}
