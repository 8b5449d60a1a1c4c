//! A highlight report's content and assessment, mirrored from the domain
//! (`HighlightReportContent`, `Assessment`) so the OpenAPI document describes every
//! field, and the form fields the API takes to save one.

use chrono::NaiveDate;
use highlight_domain as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use super::{Basis, Dimension, Money, Percent, Period, Rag, SituationKind};
use highlight_app::text::FIELDS;

/// Everything a highlight report says, as the lead submitted it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReportContent {
    /// The stage the workstream is in (1–99).
    pub stage: u32,
    /// The period covered and the due date.
    pub period: Period,
    pub budget: BudgetReport,
    pub schedule: ScheduleReport,
    /// The lead's tolerance situation per dimension, with notes.
    pub tolerances: ToleranceReport,
    /// The RAG grid: this period beside last, per dimension.
    pub status_grid: StatusGrid,
    /// Products completed this period, one per item.
    pub products_completed: Vec<String>,
    /// Products planned for next period, one per item.
    pub products_planned_next: Vec<String>,
    /// Actual or potential problems.
    pub problems: Option<String>,
    pub risk_update: Option<String>,
    /// Project issues status.
    pub issues_status: Option<String>,
    /// Budget and schedule impact of the changes.
    pub change_impact: Option<String>,
    /// Interdependencies with other workstreams.
    pub interdependencies: Option<String>,
    /// Barriers to progress.
    pub barriers: Option<String>,
    pub requests_for_change: Option<String>,
    pub lessons: Option<String>,
}

/// The budget section: the lead's tick box and figures (money in pence).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct BudgetReport {
    /// What the lead ticked (none: not stated).
    pub stated: Option<BudgetStatus>,
    pub spend_to_date: Option<Money>,
    pub forecast_at_completion: Option<Money>,
}

/// The schedule section: the lead's tick box and figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ScheduleReport {
    /// What the lead ticked (none: not stated).
    pub stated: Option<ScheduleStatus>,
    /// Forecast end date (takes precedence over `slippage_days`).
    pub forecast_end: Option<NaiveDate>,
    /// Slippage in days against the planned end (negative: ahead).
    pub slippage_days: Option<i32>,
    /// The lead's words beside the tick box.
    pub note: Option<String>,
}

/// What the lead says about one dimension: a tick box and a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ToleranceStatement {
    /// None: not stated.
    pub situation: Option<SituationKind>,
    pub note: Option<String>,
}

/// The tolerance situation section, one statement per dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ToleranceReport {
    pub time: ToleranceStatement,
    pub cost: ToleranceStatement,
    pub quality: ToleranceStatement,
    pub scope: ToleranceStatement,
    pub risk: ToleranceStatement,
    pub benefit: ToleranceStatement,
}

/// One row of the status grid (none: not assessed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct RagPair {
    pub this_period: Option<Rag>,
    /// Last period, as reported then.
    pub last_period: Option<Rag>,
}

/// The RAG grid; `overall.this_period` is the lead's stated overall RAG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct StatusGrid {
    pub overall: RagPair,
    pub time: RagPair,
    pub cost: RagPair,
    pub scope: RagPair,
    pub quality: RagPair,
    pub benefit: RagPair,
    pub risk: RagPair,
}

/// `underspend`, `on_budget`, `overspend` or `not_applicable` (no budget held).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BudgetStatusKind {
    Underspend,
    OnBudget,
    Overspend,
    NotApplicable,
}

/// A budget status, with the amount under or over (pence) for an under/overspend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct BudgetStatus {
    pub status: BudgetStatusKind,
    /// The underspend or overspend (positive pence); none for the others.
    pub amount: Option<Money>,
}

/// `ahead`, `on_schedule` or `behind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleStatusKind {
    Ahead,
    OnSchedule,
    Behind,
}

/// A schedule status, with the days ahead or behind when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct ScheduleStatus {
    pub status: ScheduleStatusKind,
    /// Days ahead or behind, when known; none when on schedule.
    pub days: Option<u32>,
}

/// How far a forecast is from the plan; positive is later or dearer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Deviation {
    /// Days late (positive) or early (negative).
    Days { days: i64 },
    /// Pence over (positive) or under (negative) the baseline.
    Money { amount: Money },
    /// The lead's description.
    Described { text: String },
}

/// The tolerance a forecast was measured against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ToleranceLimit {
    /// Days either side of the planned end.
    Days { days: u32 },
    /// Pence either side of the baseline.
    Money { amount: Money },
    /// A described tolerance.
    Described { text: String },
    /// The board set no tolerance for this dimension.
    NotSet,
}

/// One dimension against its tolerance, and the RAG it gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DimensionAssessment {
    pub dimension: Dimension,
    pub situation: SituationKind,
    /// How far from plan (none when unaffected).
    pub deviation: Option<Deviation>,
    pub basis: Basis,
    pub tolerance: ToleranceLimit,
    /// For numeric tolerances, how much of it the deviation uses.
    pub share_used: Option<Percent>,
    /// This dimension's RAG, decided by the same policy as the overall RAG.
    pub rag: Rag,
    /// Cost only: the PID holds no budget, so nothing was measured.
    pub no_budget_held: bool,
}

/// A forecast beyond tolerance: the board expects an exception report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Exception {
    pub dimension: Dimension,
    pub tolerance: ToleranceLimit,
    pub forecast: Deviation,
    /// The rule's explanation, one sentence.
    pub explanation: String,
}

/// Everything the rules derive from a report and the workstream's PID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Assessment {
    /// The overall RAG the rules give.
    pub rag: Rag,
    /// Why, in one or two sentences.
    pub explanation: String,
    /// Budget status from the figures (none without a forecast or a baseline).
    pub budget: Option<BudgetStatus>,
    /// Schedule status from the planned and forecast end (none without both).
    pub schedule: Option<ScheduleStatus>,
    /// Each dimension that could be assessed, in the order time, cost, quality,
    /// scope, risk, benefit.
    pub dimensions: Vec<DimensionAssessment>,
    /// Every dimension forecast beyond tolerance.
    pub exceptions: Vec<Exception>,
}

/// Where the lead's statement differs from what the rules derive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Disagreement {
    /// The field of `ReportContent`, e.g. `budget.stated` or
    /// `status_grid.overall.this_period`.
    pub field: String,
    /// Why they differ, one sentence.
    pub explanation: String,
}

// ---------------------------------------------------------------------------
// Conversions from the domain.

impl From<&domain::HighlightReportContent> for ReportContent {
    fn from(c: &domain::HighlightReportContent) -> Self {
        ReportContent {
            stage: c.stage.get(),
            period: c.period.into(),
            budget: BudgetReport {
                stated: c.budget.stated.map(BudgetStatus::from),
                spend_to_date: c.budget.spend_to_date.map(Money::from),
                forecast_at_completion: c.budget.forecast_at_completion.map(Money::from),
            },
            schedule: ScheduleReport {
                stated: c.schedule.stated.map(ScheduleStatus::from),
                forecast_end: c.schedule.forecast_end,
                slippage_days: c.schedule.slippage_days,
                note: c.schedule.note.clone(),
            },
            tolerances: ToleranceReport {
                time: (&c.tolerances.time).into(),
                cost: (&c.tolerances.cost).into(),
                quality: (&c.tolerances.quality).into(),
                scope: (&c.tolerances.scope).into(),
                risk: (&c.tolerances.risk).into(),
                benefit: (&c.tolerances.benefit).into(),
            },
            status_grid: c.status_grid.into(),
            products_completed: c.products_completed.clone(),
            products_planned_next: c.products_planned_next.clone(),
            problems: c.problems.clone(),
            risk_update: c.risk_update.clone(),
            issues_status: c.issues_status.clone(),
            change_impact: c.change_impact.clone(),
            interdependencies: c.interdependencies.clone(),
            barriers: c.barriers.clone(),
            requests_for_change: c.requests_for_change.clone(),
            lessons: c.lessons.clone(),
        }
    }
}

impl From<&domain::ToleranceStatement> for ToleranceStatement {
    fn from(s: &domain::ToleranceStatement) -> Self {
        ToleranceStatement {
            situation: s.situation.map(SituationKind::from),
            note: s.note.clone(),
        }
    }
}

impl From<domain::RagPair> for RagPair {
    fn from(p: domain::RagPair) -> Self {
        RagPair {
            this_period: p.this_period.map(Rag::from),
            last_period: p.last_period.map(Rag::from),
        }
    }
}

impl From<domain::StatusGrid> for StatusGrid {
    fn from(g: domain::StatusGrid) -> Self {
        StatusGrid {
            overall: g.overall.into(),
            time: g.time.into(),
            cost: g.cost.into(),
            scope: g.scope.into(),
            quality: g.quality.into(),
            benefit: g.benefit.into(),
            risk: g.risk.into(),
        }
    }
}

impl From<domain::BudgetStatus> for BudgetStatus {
    fn from(b: domain::BudgetStatus) -> Self {
        use domain::BudgetStatus as B;
        let (status, amount) = match b {
            B::Underspend(m) => (BudgetStatusKind::Underspend, Some(m.into())),
            B::OnBudget => (BudgetStatusKind::OnBudget, None),
            B::Overspend(m) => (BudgetStatusKind::Overspend, Some(m.into())),
            B::NotApplicable => (BudgetStatusKind::NotApplicable, None),
        };
        BudgetStatus { status, amount }
    }
}

impl From<domain::ScheduleStatus> for ScheduleStatus {
    fn from(s: domain::ScheduleStatus) -> Self {
        use domain::ScheduleStatus as S;
        let (status, days) = match s {
            S::Ahead { days } => (ScheduleStatusKind::Ahead, days),
            S::OnSchedule => (ScheduleStatusKind::OnSchedule, None),
            S::Behind { days } => (ScheduleStatusKind::Behind, days),
        };
        ScheduleStatus { status, days }
    }
}

impl From<&domain::Deviation> for Deviation {
    fn from(d: &domain::Deviation) -> Self {
        match d {
            domain::Deviation::Days(days) => Deviation::Days { days: *days },
            domain::Deviation::Money(m) => Deviation::Money {
                amount: (*m).into(),
            },
            domain::Deviation::Described(t) => Deviation::Described { text: t.clone() },
        }
    }
}

impl From<&domain::ToleranceLimit> for ToleranceLimit {
    fn from(l: &domain::ToleranceLimit) -> Self {
        match l {
            domain::ToleranceLimit::Days(days) => ToleranceLimit::Days { days: *days },
            domain::ToleranceLimit::Money(m) => ToleranceLimit::Money {
                amount: (*m).into(),
            },
            domain::ToleranceLimit::Described(t) => ToleranceLimit::Described { text: t.clone() },
            domain::ToleranceLimit::NotSet => ToleranceLimit::NotSet,
        }
    }
}

impl From<&domain::Exception> for Exception {
    fn from(e: &domain::Exception) -> Self {
        Exception {
            dimension: e.dimension.into(),
            tolerance: (&e.tolerance).into(),
            forecast: (&e.forecast).into(),
            explanation: e.explanation.clone(),
        }
    }
}

impl From<&domain::Assessment> for Assessment {
    fn from(a: &domain::Assessment) -> Self {
        Assessment {
            rag: a.rag.into(),
            explanation: a.explanation.clone(),
            budget: a.budget.map(BudgetStatus::from),
            schedule: a.schedule.map(ScheduleStatus::from),
            dimensions: domain::Dimension::ALL
                .iter()
                .filter_map(|d| {
                    a.dimension(*d).map(|x| DimensionAssessment {
                        dimension: (*d).into(),
                        situation: x.situation.kind().into(),
                        deviation: x.situation.deviation().map(Deviation::from),
                        basis: x.basis.into(),
                        tolerance: (&x.tolerance).into(),
                        share_used: x.share_used.map(Percent::from),
                        rag: x.rag.into(),
                        no_budget_held: x.no_budget_held,
                    })
                })
                .collect(),
            exceptions: a.exceptions.iter().map(Exception::from).collect(),
        }
    }
}

/// Where the lead's statements differ from the assessment (the domain's rule).
pub fn disagreements(
    content: &domain::HighlightReportContent,
    assessment: &domain::Assessment,
) -> Vec<Disagreement> {
    domain::disagreements(content, assessment)
        .into_iter()
        .map(|d| Disagreement {
            field: d.field,
            explanation: d.explanation,
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The form fields a report is saved with.

/// The report's fields as the form has them: flat strings, every one optional (a
/// field left out is blank). `PUT` and `submit` read these and validate them into a
/// [`ReportContent`]; a value that cannot be read is a 422 naming the field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ReportFields(pub domain::HighlightReportDraft);

/// A field the form does not have is refused by name, as the document says
/// (`additionalProperties: false`), rather than dropped.
impl<'de> Deserialize<'de> for ReportFields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        if let Some(unknown) = map
            .keys()
            .find(|k| !FIELDS.iter().any(|(name, _)| name == k))
        {
            return Err(D::Error::custom(format!(
                "unknown field `{unknown}`: a report has no such field"
            )));
        }
        serde_path_to_error::deserialize(serde_json::Value::Object(map))
            .map(ReportFields)
            .map_err(|e| D::Error::custom(format!("{}: {}", e.path(), e.inner())))
    }
}

impl From<&domain::HighlightReportContent> for ReportFields {
    fn from(c: &domain::HighlightReportContent) -> Self {
        ReportFields(domain::HighlightReportDraft::from(c))
    }
}

/// What a form field holds, for its description.
fn field_hint(name: &str) -> &'static str {
    match name {
        "stage" => "A stage number, like 1.",
        "budget_status" => "`underspend`, `on_budget`, `overspend`, `not_applicable`, or blank.",
        "schedule_status" => "`ahead`, `on_schedule`, `behind`, or blank.",
        "budget_amount" | "spend_to_date" | "forecast_at_completion" => {
            "An amount as typed, like £1,234.56; blank when not given."
        }
        "schedule_days" | "slippage_days" => "A whole number of days; blank when not known.",
        "forecast_end" => "A date, YYYY-MM-DD; blank when not given.",
        "products_completed" | "products_planned_next" => "One product per line.",
        n if n.starts_with("rag_") => "`red`, `amber`, `green`, or blank for not assessed.",
        n if n.starts_with("tolerance_") && !n.ends_with("_note") => {
            "`unaffected`, `within`, `exceeded`, or blank."
        }
        _ => "Text; blank when none.",
    }
}

impl utoipa::PartialSchema for ReportFields {
    fn schema() -> RefOr<Schema> {
        let mut object = ObjectBuilder::new()
            .additional_properties(Some(
                utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
            ))
            .description(Some(
                "The report's fields as the form has them: flat strings, each optional \
             (left out is blank).",
            ));
        for (name, label) in FIELDS {
            object = object.property(
                *name,
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some(format!("{label}. {}", field_hint(name)))),
            );
        }
        RefOr::T(Schema::Object(object.build()))
    }
}

impl ToSchema for ReportFields {
    fn name() -> std::borrow::Cow<'static, str> {
        "ReportFields".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_a_draft_holds_is_one_the_api_names() {
        let draft = serde_json::to_value(domain::HighlightReportDraft::default()).unwrap();
        for key in draft.as_object().unwrap().keys() {
            assert!(
                FIELDS.iter().any(|(name, _)| name == key),
                "the draft's field {key} is missing from FIELDS, so the API would refuse it"
            );
        }
    }

    #[test]
    fn a_field_the_report_does_not_have_is_refused_by_name() {
        let e = serde_json::from_str::<ReportFields>(r#"{"stage": "2", "colour": "red"}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("`colour`"), "{e}");
        let ok = serde_json::from_str::<ReportFields>(r#"{"stage": "2"}"#).unwrap();
        assert_eq!(ok.0.stage, "2");
    }
}
