//! Exceptions and the overall RAG, with the reason in plain English.
//!
//! The board reads exceptions first, so the rule must be the same for every
//! workstream and explain itself:
//! - **red** when any dimension is forecast beyond its tolerance (an [`Exception`]);
//! - **amber** when a dimension deviates within tolerance and uses more than
//!   [`RagPolicy::amber_share_of_tolerance`] of it. The default share is **0%**:
//!   any deviation within tolerance is amber, as DOMAIN.md states. A programme that
//!   wants small deviations to stay green sets e.g. 80%: then only deviations using
//!   more than 80% of the tolerance turn amber. A deviation where the board set no
//!   tolerance, or a text dimension the lead reports as within tolerance, is amber;
//! - **green** otherwise.
//!
//! Each dimension gets its own RAG by the same rule ([`DimensionAssessment::rag`]),
//! and the overall RAG is the worst of them, so a dimension's cell can never
//! disagree with the overall colour.
//!
//! Time and cost are measured from the figures when there are figures, otherwise
//! taken from the lead's statement; quality, scope, risk and benefit always come
//! from the lead's statement. A PID that holds no budget has no cost baseline:
//! cost is then neither measured nor taken from the lead's tick, is never an
//! exception, and says so ([`DimensionAssessment::no_budget_held`]).

use super::{BudgetStatus, ScheduleStatus};
use super::{Figures, budget_status, cost_situation, schedule_status, time_situation};
use crate::percent::Percent;
use crate::rag::Rag;
use crate::text_enum::text_enum;
use crate::tolerance::{
    Deviation, Dimension, SituationKind, ToleranceLimit, ToleranceReport, ToleranceSituation,
    Tolerances, dimension_phrase,
};
use serde::{Deserialize, Serialize};

/// How the overall RAG treats deviations within tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RagPolicy {
    /// A deviation within tolerance turns the report amber when it uses *more* than
    /// this share of the tolerance. Default 0%: any deviation is amber.
    pub amber_share_of_tolerance: Percent,
}

text_enum! {
    /// Where a dimension's situation came from.
    pub enum Basis ("assessment basis") {
        /// Measured from the figures against the tolerance.
        Figures => "figures",
        /// As the lead stated it in the report.
        LeadStatement => "lead_statement",
    }
}

/// One dimension's situation, where it came from, what it was measured against and
/// the colour of its cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredDimensionAssessment")]
pub struct DimensionAssessment {
    /// Unaffected / within / exceeded.
    pub situation: ToleranceSituation,
    /// Figures or the lead's statement.
    pub basis: Basis,
    /// The tolerance it was measured against.
    pub tolerance: ToleranceLimit,
    /// For numeric tolerances, how much of it the deviation uses.
    pub share_used: Option<Percent>,
    /// This dimension's RAG, decided with the same [`RagPolicy`] as the overall RAG
    /// (the overall RAG is the worst of them). Show this; do not re-derive it from
    /// the situation.
    pub rag: Rag,
    /// Cost only: true when the PID holds no budget, so there is no baseline to
    /// measure against. The situation is then unaffected and the RAG green only
    /// because nothing was measured: show "No budget held", not a tolerance check.
    pub no_budget_held: bool,
}

/// [`DimensionAssessment`] as stored, including JSON written before it carried a RAG.
#[derive(Deserialize)]
struct StoredDimensionAssessment {
    situation: ToleranceSituation,
    basis: Basis,
    tolerance: ToleranceLimit,
    share_used: Option<Percent>,
    #[serde(default)]
    rag: Option<Rag>,
    #[serde(default)]
    no_budget_held: bool,
}

impl From<StoredDimensionAssessment> for DimensionAssessment {
    /// A stored dimension without a RAG gets the one it was shown with then:
    /// exceeded red, within amber, unaffected green.
    fn from(stored: StoredDimensionAssessment) -> Self {
        let rag = stored.rag.unwrap_or(match stored.situation {
            ToleranceSituation::Unaffected => Rag::Green,
            ToleranceSituation::Within { .. } => Rag::Amber,
            ToleranceSituation::Exceeded { .. } => Rag::Red,
        });
        DimensionAssessment {
            situation: stored.situation,
            basis: stored.basis,
            tolerance: stored.tolerance,
            share_used: stored.share_used,
            rag,
            no_budget_held: stored.no_budget_held,
        }
    }
}

impl DimensionAssessment {
    /// A dimension before [`decide`] colours it.
    fn undecided(
        situation: ToleranceSituation,
        basis: Basis,
        tolerance: ToleranceLimit,
        share_used: Option<Percent>,
    ) -> Self {
        DimensionAssessment {
            situation,
            basis,
            tolerance,
            share_used,
            rag: Rag::Green,
            no_budget_held: false,
        }
    }

    /// The cost dimension of a PID that holds no budget: nothing to measure, so
    /// unaffected and green, against the tolerance the board set (if any).
    fn no_budget_held(tolerance: ToleranceLimit) -> Self {
        DimensionAssessment {
            no_budget_held: true,
            ..DimensionAssessment::undecided(
                ToleranceSituation::Unaffected,
                Basis::Figures,
                tolerance,
                None,
            )
        }
    }
}

/// A forecast beyond tolerance: the board expects an exception report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exception {
    /// Which dimension.
    pub dimension: Dimension,
    /// The tolerance the board set.
    pub tolerance: ToleranceLimit,
    /// The forecast deviation.
    pub forecast: Deviation,
    /// One sentence for the board.
    pub explanation: String,
}

/// Everything derived about one highlight report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// Budget status from the figures (`None` when there is no forecast to judge by,
    /// or no baseline because the PID holds no budget: then show the lead's stated
    /// status, as stated).
    pub budget: Option<BudgetStatus>,
    /// Schedule status from the figures (`None` without a planned and forecast end).
    pub schedule: Option<ScheduleStatus>,
    /// Time against its tolerance.
    pub time: Option<DimensionAssessment>,
    /// Cost against its tolerance.
    pub cost: Option<DimensionAssessment>,
    /// Quality, as the lead states it.
    pub quality: Option<DimensionAssessment>,
    /// Scope, as the lead states it.
    pub scope: Option<DimensionAssessment>,
    /// Risk, as the lead states it.
    pub risk: Option<DimensionAssessment>,
    /// Benefit, as the lead states it.
    pub benefit: Option<DimensionAssessment>,
    /// Every dimension forecast beyond tolerance.
    pub exceptions: Vec<Exception>,
    /// The overall RAG.
    pub rag: Rag,
    /// Why, in one or two sentences.
    pub explanation: String,
}

impl Assessment {
    /// One dimension's assessment.
    pub fn dimension(&self, dimension: Dimension) -> Option<&DimensionAssessment> {
        match dimension {
            Dimension::Time => self.time.as_ref(),
            Dimension::Cost => self.cost.as_ref(),
            Dimension::Quality => self.quality.as_ref(),
            Dimension::Scope => self.scope.as_ref(),
            Dimension::Risk => self.risk.as_ref(),
            Dimension::Benefit => self.benefit.as_ref(),
        }
    }

    fn dimension_mut(&mut self, dimension: Dimension) -> Option<&mut DimensionAssessment> {
        match dimension {
            Dimension::Time => self.time.as_mut(),
            Dimension::Cost => self.cost.as_mut(),
            Dimension::Quality => self.quality.as_mut(),
            Dimension::Scope => self.scope.as_mut(),
            Dimension::Risk => self.risk.as_mut(),
            Dimension::Benefit => self.benefit.as_mut(),
        }
    }

    /// True when the PID holds no budget, so cost was not measured: a presenter
    /// shows "No budget held" for the cost dimension.
    pub fn no_budget_held(&self) -> bool {
        self.cost.as_ref().is_some_and(|c| c.no_budget_held)
    }

    /// True when any dimension is beyond tolerance.
    pub fn has_exception(&self) -> bool {
        !self.exceptions.is_empty()
    }
}

/// Assesses a report: derives statuses and situations, finds exceptions, decides the RAG.
pub fn assess(
    figures: &Figures,
    tolerances: &Tolerances,
    statements: &ToleranceReport,
    policy: &RagPolicy,
) -> Assessment {
    let measured_budget = figures.budget.as_ref().filter(|_| !figures.no_budget_held);
    let budget = measured_budget.map(budget_status);
    let schedule = figures.schedule.as_ref().map(schedule_status);

    let time = match &figures.schedule {
        Some(s) => Some(match tolerances.time_days {
            Some(days) => DimensionAssessment::undecided(
                time_situation(s, days),
                Basis::Figures,
                ToleranceLimit::Days(days),
                share(s.slippage_days(), i64::from(days)),
            ),
            None => untoleranced(s.slippage_days(), Deviation::Days),
        }),
        None => from_statement(Dimension::Time, statements, time_limit(tolerances)),
    };

    let cost = match measured_budget {
        _ if figures.no_budget_held => Some(DimensionAssessment::no_budget_held(
            cost_limit_unknown_baseline(tolerances),
        )),
        Some(b) => Some(match &tolerances.cost {
            _ if b.no_budget_held() => DimensionAssessment::undecided(
                ToleranceSituation::Unaffected,
                Basis::Figures,
                cost_limit(tolerances, b.baseline),
                None,
            ),
            Some(t) => {
                let limit = t.limit(b.baseline);
                DimensionAssessment::undecided(
                    cost_situation(b, t),
                    Basis::Figures,
                    ToleranceLimit::Money(limit),
                    share(b.variance().pence(), limit.pence()),
                )
            }
            None => untoleranced(b.variance().pence(), |p| {
                Deviation::Money(crate::Money::from_pence(p))
            }),
        }),
        None => from_statement(
            Dimension::Cost,
            statements,
            cost_limit_unknown_baseline(tolerances),
        ),
    };

    let described = |dimension: Dimension| {
        let limit = tolerances
            .described(dimension)
            .map_or(ToleranceLimit::NotSet, |t| {
                ToleranceLimit::Described(t.to_owned())
            });
        from_statement(dimension, statements, limit)
    };

    let mut assessment = Assessment {
        budget,
        schedule,
        time,
        cost,
        quality: described(Dimension::Quality),
        scope: described(Dimension::Scope),
        risk: described(Dimension::Risk),
        benefit: described(Dimension::Benefit),
        exceptions: Vec::new(),
        rag: Rag::Green,
        explanation: String::new(),
    };
    decide(&mut assessment, policy);
    assessment
}

fn time_limit(t: &Tolerances) -> ToleranceLimit {
    t.time_days
        .map_or(ToleranceLimit::NotSet, ToleranceLimit::Days)
}

fn cost_limit(t: &Tolerances, baseline: crate::Money) -> ToleranceLimit {
    t.cost.map_or(ToleranceLimit::NotSet, |c| {
        ToleranceLimit::Money(c.limit(baseline))
    })
}

fn cost_limit_unknown_baseline(t: &Tolerances) -> ToleranceLimit {
    match t.cost {
        None => ToleranceLimit::NotSet,
        Some(crate::CostTolerance::Amount(m)) => ToleranceLimit::Money(m),
        Some(c) => ToleranceLimit::Described(c.to_string()),
    }
}

/// A numeric deviation where the board set no tolerance: within (so amber) if any.
fn untoleranced(deviation: i64, wrap: impl FnOnce(i64) -> Deviation) -> DimensionAssessment {
    let situation = if deviation == 0 {
        ToleranceSituation::Unaffected
    } else {
        ToleranceSituation::Within {
            deviation: wrap(deviation),
        }
    };
    DimensionAssessment::undecided(situation, Basis::Figures, ToleranceLimit::NotSet, None)
}

fn from_statement(
    dimension: Dimension,
    statements: &ToleranceReport,
    tolerance: ToleranceLimit,
) -> Option<DimensionAssessment> {
    let statement = statements.get(dimension);
    let kind = statement.situation?;
    let deviation = || {
        Deviation::Described(
            statement
                .note
                .clone()
                .unwrap_or_else(|| "no details given".to_owned()),
        )
    };
    let situation = match kind {
        SituationKind::Unaffected => ToleranceSituation::Unaffected,
        SituationKind::Within => ToleranceSituation::Within {
            deviation: deviation(),
        },
        SituationKind::Exceeded => ToleranceSituation::Exceeded {
            deviation: deviation(),
        },
    };
    Some(DimensionAssessment::undecided(
        situation,
        Basis::LeadStatement,
        tolerance,
        None,
    ))
}

/// |deviation| / limit as a percentage, when the limit is not zero. Derived, so it
/// may be far above what a person may type (1250% of a tolerance); capped at the
/// largest [`Percent`], and every value reads back from the store.
fn share(deviation: i64, limit: i64) -> Option<Percent> {
    if limit == 0 {
        return None;
    }
    let bp = i128::from(deviation.unsigned_abs()) * 10_000 / i128::from(limit.unsigned_abs());
    Some(Percent::from_basis_points(
        u32::try_from(bp).unwrap_or(u32::MAX),
    ))
}

/// "the time forecast of +70 days (10 weeks)" / "the lead's quality statement".
fn subject(dimension: Dimension, a: &DimensionAssessment, deviation: &Deviation) -> String {
    match a.basis {
        Basis::Figures => format!("the {} forecast of {deviation}", dimension.as_str()),
        Basis::LeadStatement => {
            format!("the lead's {} statement ({deviation})", dimension.as_str())
        }
    }
}

/// What one dimension says about the overall RAG.
enum Verdict {
    /// Beyond tolerance: red.
    Exception(Exception),
    /// Off plan enough to be amber, and why.
    Amber(String),
    /// Off plan, but using no more of the tolerance than the policy allows: green.
    Small(String),
    /// On plan: green.
    OnPlan,
}

impl Verdict {
    fn rag(&self) -> Rag {
        match self {
            Verdict::Exception(_) => Rag::Red,
            Verdict::Amber(_) => Rag::Amber,
            Verdict::Small(_) | Verdict::OnPlan => Rag::Green,
        }
    }
}

/// One dimension against the policy: the single place a dimension gets its colour.
fn judge(dimension: Dimension, d: &DimensionAssessment, policy: &RagPolicy) -> Verdict {
    if d.no_budget_held {
        return Verdict::OnPlan;
    }
    match &d.situation {
        ToleranceSituation::Unaffected => Verdict::OnPlan,
        ToleranceSituation::Exceeded { deviation } => {
            let explanation = match d.basis {
                Basis::Figures => format!(
                    "{} exceeds the tolerance of {}",
                    subject(dimension, d, deviation),
                    d.tolerance
                ),
                Basis::LeadStatement => format!(
                    "the lead reports {} exceeded ({deviation})",
                    dimension_phrase(dimension)
                ),
            };
            Verdict::Exception(Exception {
                dimension,
                tolerance: d.tolerance.clone(),
                forecast: deviation.clone(),
                explanation,
            })
        }
        ToleranceSituation::Within { deviation } => match (&d.tolerance, d.share_used) {
            (ToleranceLimit::NotSet, _) => Verdict::Amber(format!(
                "{} is off plan and the board has not set a {} tolerance",
                subject(dimension, d, deviation),
                dimension.as_str()
            )),
            (limit, Some(used)) if used > policy.amber_share_of_tolerance => {
                Verdict::Amber(if policy.amber_share_of_tolerance == Percent::ZERO {
                    format!(
                        "{} is within the tolerance of {limit} but off plan",
                        subject(dimension, d, deviation)
                    )
                } else {
                    format!(
                        "{} uses {used} of the tolerance of {limit}, more than the {} that turns a report amber",
                        subject(dimension, d, deviation),
                        policy.amber_share_of_tolerance
                    )
                })
            }
            (limit, Some(used)) => Verdict::Small(format!(
                "{} uses only {used} of the tolerance of {limit}",
                subject(dimension, d, deviation)
            )),
            (limit, None) => Verdict::Amber(match d.basis {
                Basis::LeadStatement => format!(
                    "the lead reports {} is within tolerance but affected ({deviation})",
                    dimension_phrase(dimension)
                ),
                Basis::Figures => format!(
                    "{} is within the tolerance of {limit} but off plan",
                    subject(dimension, d, deviation)
                ),
            }),
        },
    }
}

/// Colours every dimension and decides the overall RAG (the worst of them), with
/// the exceptions and the explanation.
fn decide(a: &mut Assessment, policy: &RagPolicy) {
    let mut exceptions = Vec::new();
    let mut amber_reasons = Vec::new();
    let mut small_deviations = Vec::new();
    for dimension in Dimension::ALL.iter().copied() {
        let Some(d) = a.dimension_mut(dimension) else {
            continue;
        };
        let verdict = judge(dimension, d, policy);
        d.rag = verdict.rag();
        match verdict {
            Verdict::Exception(e) => exceptions.push(e),
            Verdict::Amber(reason) => amber_reasons.push(reason),
            Verdict::Small(reason) => small_deviations.push(reason),
            Verdict::OnPlan => {}
        }
    }
    let (rag, explanation) = if !exceptions.is_empty() {
        let reasons: Vec<String> = exceptions.iter().map(|e| e.explanation.clone()).collect();
        (Rag::Red, format!("Red because {}.", join_and(&reasons)))
    } else if !amber_reasons.is_empty() {
        (
            Rag::Amber,
            format!("Amber because {}.", join_and(&amber_reasons)),
        )
    } else if !small_deviations.is_empty() {
        (
            Rag::Green,
            format!(
                "Green because every deviation is small: {}.",
                join_and(&small_deviations)
            ),
        )
    } else {
        (
            Rag::Green,
            "Green because nothing is forecast to deviate from plan.".to_owned(),
        )
    };
    for e in &mut exceptions {
        e.explanation = format!("{}.", crate::validation::sentence_case(&e.explanation));
    }
    a.exceptions = exceptions;
    a.rag = rag;
    a.explanation = explanation;
}

/// "a", "a and b", "a, b and c".
pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Money;
    use crate::figures::{BudgetFigures, ScheduleFigures};
    use crate::tolerance::{CostTolerance, ToleranceStatement};
    use chrono::NaiveDate;

    fn plan_end() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
    }

    fn tolerances() -> Tolerances {
        Tolerances {
            time_days: Some(56),
            cost: Some(CostTolerance::Amount(Money::from_pounds(10_000))),
            ..Default::default()
        }
    }

    fn figures(slip: i64, baseline: i64, forecast: i64) -> Figures {
        Figures {
            budget: Some(BudgetFigures {
                baseline: Money::from_pounds(baseline),
                spend_to_date: Money::ZERO,
                forecast_at_completion: Money::from_pounds(forecast),
            }),
            schedule: Some(ScheduleFigures::from_slippage(plan_end(), slip)),
            no_budget_held: false,
        }
    }

    fn run(f: &Figures) -> Assessment {
        assess(
            f,
            &tolerances(),
            &ToleranceReport::default(),
            &RagPolicy::default(),
        )
    }

    #[test]
    fn red_because_the_time_forecast_exceeds_the_tolerance() {
        let a = run(&figures(70, 100_000, 100_000));
        assert_eq!(a.rag, Rag::Red);
        assert_eq!(
            a.explanation,
            "Red because the time forecast of +70 days (10 weeks) exceeds the tolerance of 56 days (8 weeks)."
        );
        assert_eq!(a.exceptions.len(), 1);
        let e = &a.exceptions[0];
        assert_eq!(e.dimension, Dimension::Time);
        assert_eq!(e.tolerance, ToleranceLimit::Days(56));
        assert_eq!(e.forecast, Deviation::Days(70));
        assert_eq!(a.schedule, Some(ScheduleStatus::Behind { days: Some(70) }));
    }

    #[test]
    fn two_exceptions_are_both_explained() {
        let a = run(&figures(70, 100_000, 112_000));
        assert_eq!(a.exceptions.len(), 2);
        assert_eq!(
            a.explanation,
            "Red because the time forecast of +70 days (10 weeks) exceeds the tolerance of 56 days (8 weeks) \
             and the cost forecast of +£12,000.00 (an overspend) exceeds the tolerance of £10,000.00."
        );
    }

    #[test]
    fn amber_when_deviating_within_tolerance() {
        let a = run(&figures(14, 100_000, 100_000));
        assert_eq!(a.rag, Rag::Amber);
        assert!(a.exceptions.is_empty());
        assert_eq!(
            a.explanation,
            "Amber because the time forecast of +14 days (2 weeks) is within the tolerance of 56 days (8 weeks) but off plan."
        );
    }

    #[test]
    fn exactly_at_the_tolerance_is_within_not_exceeded() {
        let a = run(&figures(56, 100_000, 110_000));
        assert_eq!(a.rag, Rag::Amber);
        assert!(a.exceptions.is_empty());
    }

    #[test]
    fn finishing_far_early_also_exceeds_the_time_tolerance() {
        let a = run(&figures(-60, 100_000, 100_000));
        assert_eq!(a.rag, Rag::Red);
        assert_eq!(a.schedule, Some(ScheduleStatus::Ahead { days: Some(60) }));
    }

    #[test]
    fn green_when_on_plan() {
        let a = run(&figures(0, 100_000, 100_000));
        assert_eq!(a.rag, Rag::Green);
        assert_eq!(a.budget, Some(BudgetStatus::OnBudget));
        assert_eq!(
            a.explanation,
            "Green because nothing is forecast to deviate from plan."
        );
    }

    #[test]
    fn with_an_80_percent_share_small_deviations_stay_green_and_large_ones_turn_amber() {
        let policy = RagPolicy {
            amber_share_of_tolerance: Percent::from_whole(80),
        };
        let small = assess(
            &figures(14, 100_000, 100_000),
            &tolerances(),
            &ToleranceReport::default(),
            &policy,
        );
        assert_eq!(small.rag, Rag::Green);
        assert!(
            small.explanation.contains("uses only 25% of the tolerance"),
            "{}",
            small.explanation
        );
        let large = assess(
            &figures(50, 100_000, 100_000),
            &tolerances(),
            &ToleranceReport::default(),
            &policy,
        );
        assert_eq!(large.rag, Rag::Amber);
        assert!(
            large.explanation.contains("uses 89.28% of the tolerance"),
            "{}",
            large.explanation
        );
    }

    #[test]
    fn zero_budget_with_a_percent_tolerance() {
        let t = Tolerances {
            cost: Some(CostTolerance::PercentOfBaseline(Percent::from_whole(10))),
            ..Default::default()
        };
        let none_held = Figures {
            budget: Some(BudgetFigures {
                baseline: Money::ZERO,
                spend_to_date: Money::ZERO,
                forecast_at_completion: Money::ZERO,
            }),
            schedule: None,
            no_budget_held: false,
        };
        let a = assess(
            &none_held,
            &t,
            &ToleranceReport::default(),
            &RagPolicy::default(),
        );
        assert_eq!(a.budget, Some(BudgetStatus::NotApplicable));
        assert_eq!(a.rag, Rag::Green);
        let spending = Figures {
            budget: Some(BudgetFigures {
                baseline: Money::ZERO,
                spend_to_date: Money::ZERO,
                forecast_at_completion: Money::from_pounds(1),
            }),
            schedule: None,
            no_budget_held: false,
        };
        let a = assess(
            &spending,
            &t,
            &ToleranceReport::default(),
            &RagPolicy::default(),
        );
        assert_eq!(a.rag, Rag::Red);
        assert_eq!(
            a.exceptions[0].tolerance,
            ToleranceLimit::Money(Money::ZERO)
        );
    }

    #[test]
    fn deviation_without_a_tolerance_set_is_amber_not_an_exception() {
        let a = assess(
            &figures(30, 100, 100),
            &Tolerances::default(),
            &ToleranceReport::default(),
            &RagPolicy::default(),
        );
        assert_eq!(a.rag, Rag::Amber);
        assert!(
            a.explanation
                .contains("the board has not set a time tolerance"),
            "{}",
            a.explanation
        );
    }

    #[test]
    fn text_dimensions_take_the_leads_statement() {
        let statements = ToleranceReport {
            quality: ToleranceStatement {
                situation: Some(SituationKind::Exceeded),
                note: Some("Survey sample too small".into()),
            },
            ..Default::default()
        };
        let a = assess(
            &figures(0, 100, 100),
            &tolerances(),
            &statements,
            &RagPolicy::default(),
        );
        assert_eq!(a.rag, Rag::Red);
        assert_eq!(a.exceptions[0].dimension, Dimension::Quality);
        assert_eq!(
            a.explanation,
            "Red because the lead reports the quality tolerance exceeded (\"Survey sample too small\")."
        );
    }

    #[test]
    fn without_figures_time_falls_back_to_the_leads_statement() {
        // Seed 003, Service Devolution: "Time: Duration extended by 2 months", within tolerance.
        let statements = ToleranceReport {
            time: ToleranceStatement {
                situation: Some(SituationKind::Within),
                note: Some("Duration extended by 2 months".into()),
            },
            cost: ToleranceStatement {
                situation: Some(SituationKind::Unaffected),
                note: None,
            },
            ..Default::default()
        };
        let a = assess(
            &Figures::default(),
            &tolerances(),
            &statements,
            &RagPolicy::default(),
        );
        assert_eq!(a.time.as_ref().unwrap().basis, Basis::LeadStatement);
        assert_eq!(a.rag, Rag::Amber);
        assert!(
            a.explanation.contains("Duration extended by 2 months"),
            "{}",
            a.explanation
        );
        assert_eq!(a.budget, None);
    }

    #[test]
    fn nothing_reported_is_green() {
        let a = assess(
            &Figures::default(),
            &Tolerances::default(),
            &ToleranceReport::default(),
            &RagPolicy::default(),
        );
        assert_eq!(a.rag, Rag::Green);
        assert!(a.exceptions.is_empty());
    }

    fn eighty_percent() -> RagPolicy {
        RagPolicy {
            amber_share_of_tolerance: Percent::from_whole(80),
        }
    }

    fn time_rag(a: &Assessment) -> Rag {
        a.time.as_ref().unwrap().rag
    }

    #[test]
    fn with_an_80_percent_share_a_small_deviation_is_green_in_its_dimension_and_overall() {
        // Arrange: 14 days late against 56 days uses 25% of the tolerance.
        let small = figures(14, 100_000, 100_000);

        // Act
        let a = assess(
            &small,
            &tolerances(),
            &ToleranceReport::default(),
            &eighty_percent(),
        );

        // Assert
        assert_eq!(time_rag(&a), Rag::Green);
        assert_eq!(a.rag, Rag::Green);
    }

    #[test]
    fn with_an_80_percent_share_a_deviation_over_80_percent_is_amber_in_its_dimension_and_overall()
    {
        let large = figures(50, 100_000, 100_000);

        let a = assess(
            &large,
            &tolerances(),
            &ToleranceReport::default(),
            &eighty_percent(),
        );

        assert_eq!(time_rag(&a), Rag::Amber);
        assert_eq!(a.rag, Rag::Amber);
    }

    #[test]
    fn with_the_default_policy_any_deviation_within_tolerance_is_amber_in_its_dimension() {
        let a = run(&figures(14, 100_000, 100_000));

        assert_eq!(time_rag(&a), Rag::Amber);
        assert_eq!(a.cost.as_ref().unwrap().rag, Rag::Green);
    }

    #[test]
    fn an_exceeded_dimension_is_red_and_the_others_keep_their_own_colour() {
        let a = assess(
            &figures(70, 100_000, 105_000),
            &tolerances(),
            &ToleranceReport::default(),
            &eighty_percent(),
        );

        assert_eq!(time_rag(&a), Rag::Red);
        assert_eq!(a.cost.as_ref().unwrap().rag, Rag::Green);
        assert_eq!(a.rag, Rag::Red);
    }

    #[test]
    fn a_dimension_stored_before_it_carried_a_rag_reads_it_from_its_situation() {
        // Arrange: JSON as stored before `rag` was added.
        let json = r#"{"situation":{"within":{"deviation":{"days":14}}},"basis":"figures",
            "tolerance":{"days":56},"share_used":"25%"}"#;

        // Act
        let d: DimensionAssessment = serde_json::from_str(json).unwrap();

        // Assert
        assert_eq!(d.rag, Rag::Amber);
        assert_eq!(d.share_used, Some(Percent::from_whole(25)));
    }

    #[test]
    fn an_assessment_stored_before_dimension_rags_and_no_budget_held_still_reads() {
        // Arrange: an assessment as stored before either field existed.
        let json = r#"{"budget":{"overspend":1200000},"schedule":{"behind":{"days":14}},
            "time":{"situation":{"within":{"deviation":{"days":14}}},"basis":"figures",
                "tolerance":{"days":56},"share_used":"25%"},
            "cost":{"situation":{"exceeded":{"deviation":{"money":1200000}}},"basis":"figures",
                "tolerance":{"money":1000000},"share_used":"120%"},
            "quality":null,"scope":null,"risk":null,"benefit":null,
            "exceptions":[{"dimension":"cost","tolerance":{"money":1000000},
                "forecast":{"money":1200000},"explanation":"The cost forecast exceeds."}],
            "rag":"red","explanation":"Red because the cost forecast exceeds."}"#;

        // Act
        let a: Assessment = serde_json::from_str(json).unwrap();

        // Assert
        assert!(!a.no_budget_held());
        assert_eq!(a.time.as_ref().unwrap().rag, Rag::Amber);
        assert_eq!(a.cost.as_ref().unwrap().rag, Rag::Red);
        assert!(!a.cost.as_ref().unwrap().no_budget_held);
    }

    #[test]
    fn figures_without_the_no_budget_flag_read_as_a_budget_held() {
        let json = r#"{"budget":null,"schedule":null}"#;

        let f: Figures = serde_json::from_str(json).unwrap();

        assert_eq!(f, Figures::default());
        assert!(!f.no_budget_held);
    }

    #[test]
    fn no_budget_held_assesses_no_cost_even_when_the_lead_ticks_it_exceeded() {
        let statements = ToleranceReport {
            cost: ToleranceStatement {
                situation: Some(SituationKind::Exceeded),
                note: Some("Overspent by £12,000".into()),
            },
            ..Default::default()
        };
        let none_held = Figures {
            no_budget_held: true,
            ..Default::default()
        };

        let a = assess(
            &none_held,
            &tolerances(),
            &statements,
            &RagPolicy::default(),
        );

        assert!(a.no_budget_held());
        assert!(a.exceptions.is_empty());
        assert_eq!(a.rag, Rag::Green);
        assert_eq!(
            a.cost.as_ref().unwrap().tolerance,
            ToleranceLimit::Money(Money::from_pounds(10_000))
        );
    }

    fn round_trip(a: &Assessment) -> Assessment {
        let json = serde_json::to_string(a).unwrap();
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
    }

    #[test]
    fn an_overspend_of_twelve_times_a_percent_tolerance_round_trips() {
        // Arrange: £90,000 forecast against a £40,000 baseline with a 10% tolerance.
        let t = Tolerances {
            cost: Some(CostTolerance::PercentOfBaseline(Percent::from_whole(10))),
            ..Default::default()
        };
        let a = assess(
            &figures(0, 40_000, 90_000),
            &t,
            &ToleranceReport::default(),
            &RagPolicy::default(),
        );
        assert_eq!(
            a.cost.as_ref().unwrap().share_used,
            Some(Percent::from_whole(1_250))
        );

        // Act
        let read = round_trip(&a);

        // Assert
        assert_eq!(read, a);
    }

    #[test]
    fn a_deviation_of_a_thousand_times_its_tolerance_round_trips() {
        let a = run(&figures(0, 100_000, 10_100_000));

        let read = round_trip(&a);

        assert_eq!(
            a.cost.as_ref().unwrap().share_used,
            Some(Percent::from_whole(100_000))
        );
        assert_eq!(read, a);
    }

    #[test]
    fn a_forecast_of_a_billion_pounds_against_a_penny_tolerance_round_trips() {
        let t = Tolerances {
            cost: Some(CostTolerance::Amount(Money::from_pence(1))),
            ..Default::default()
        };
        let a = assess(
            &figures(0, 1, 1_000_000_000),
            &t,
            &ToleranceReport::default(),
            &RagPolicy::default(),
        );

        let read = round_trip(&a);

        assert_eq!(read, a);
    }

    #[test]
    fn join_and_reads_naturally() {
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&s(&["a"])), "a");
        assert_eq!(join_and(&s(&["a", "b"])), "a and b");
        assert_eq!(join_and(&s(&["a", "b", "c"])), "a, b and c");
    }
}
