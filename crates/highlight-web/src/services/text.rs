//! How reports read: field labels, the derived-versus-stated judgement, the report's
//! sections in words, board cells (a word, a colour class and an explanation — never
//! colour alone), and the field-by-field differences between two revisions.
//!
//! Pure functions of domain values, so the pages and the API say the same thing.

use highlight_domain::{
    Assessment, BudgetStatus, Dimension, DimensionAssessment, HighlightReportContent,
    HighlightReportDraft, Rag, ReportStatus, ScheduleStatus, ToleranceSituation, disagreements,
};
use serde::Serialize;

/// Every field of the report form, in form order, with the label a person reads.
pub const FIELDS: &[(&str, &str)] = &[
    ("stage", "Stage"),
    ("rag_overall", "Overall status this period"),
    ("rag_time", "Time status this period"),
    ("rag_cost", "Cost status this period"),
    ("rag_scope", "Scope status this period"),
    ("rag_quality", "Quality status this period"),
    ("rag_benefit", "Benefit status this period"),
    ("rag_risk", "Risk status this period"),
    ("rag_overall_last", "Overall status last period"),
    ("rag_time_last", "Time status last period"),
    ("rag_cost_last", "Cost status last period"),
    ("rag_scope_last", "Scope status last period"),
    ("rag_quality_last", "Quality status last period"),
    ("rag_benefit_last", "Benefit status last period"),
    ("rag_risk_last", "Risk status last period"),
    ("budget_status", "Budget status"),
    ("budget_amount", "Underspend or overspend amount"),
    ("spend_to_date", "Spend to date"),
    ("forecast_at_completion", "Forecast at completion"),
    ("schedule_status", "Schedule status"),
    ("schedule_days", "Days ahead or behind"),
    ("forecast_end", "Forecast end date"),
    ("slippage_days", "Slippage in days"),
    ("schedule_note", "Schedule note"),
    ("tolerance_time", "Time tolerance situation"),
    ("tolerance_time_note", "Time tolerance note"),
    ("tolerance_cost", "Cost tolerance situation"),
    ("tolerance_cost_note", "Cost tolerance note"),
    ("tolerance_quality", "Quality tolerance situation"),
    ("tolerance_quality_note", "Quality tolerance note"),
    ("tolerance_scope", "Scope tolerance situation"),
    ("tolerance_scope_note", "Scope tolerance note"),
    ("tolerance_risk", "Risk tolerance situation"),
    ("tolerance_risk_note", "Risk tolerance note"),
    ("tolerance_benefit", "Benefit tolerance situation"),
    ("tolerance_benefit_note", "Benefit tolerance note"),
    ("products_completed", "Products completed this period"),
    ("products_planned_next", "Products planned for next period"),
    ("problems", "Actual or potential problems"),
    ("risk_update", "Risk update"),
    ("issues_status", "Project issues status"),
    ("change_impact", "Budget and schedule impact of the changes"),
    (
        "interdependencies",
        "Interdependencies with other workstreams",
    ),
    ("barriers", "Barriers to progress"),
    ("requests_for_change", "Requests for change"),
    ("lessons", "Lessons"),
];

/// The form's value of every field, by name.
pub fn field_values(draft: &HighlightReportDraft) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(draft) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    }
}

/// The value of one field as text.
pub fn field_value(map: &serde_json::Map<String, serde_json::Value>, name: &str) -> String {
    map.get(name)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned()
}

/// The anchor of a field error in the form: a list item's error points at its list.
pub fn anchor(field: &str) -> String {
    field.split('[').next().unwrap_or(field).to_owned()
}

/// "Red", "Amber", "Green".
pub fn rag_word(rag: Rag) -> &'static str {
    match rag {
        Rag::Red => "Red",
        Rag::Amber => "Amber",
        Rag::Green => "Green",
    }
}

/// The CSS class that colours a RAG (the word is always shown too).
pub fn rag_class(rag: Option<Rag>) -> &'static str {
    match rag {
        Some(Rag::Red) => "rag-red",
        Some(Rag::Amber) => "rag-amber",
        Some(Rag::Green) => "rag-green",
        None => "rag-none",
    }
}

/// "Not yet due", "Due", "Overdue", "Submitted", "Reviewed".
pub fn status_word(status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::NotYetDue => "Not yet due",
        ReportStatus::Due => "Due",
        ReportStatus::Overdue => "Overdue",
        ReportStatus::Submitted => "Submitted",
        ReportStatus::Reviewed => "Reviewed",
    }
}

/// "Time", "Cost", …
pub fn dimension_word(d: Dimension) -> &'static str {
    match d {
        Dimension::Time => "Time",
        Dimension::Cost => "Cost",
        Dimension::Quality => "Quality",
        Dimension::Scope => "Scope",
        Dimension::Risk => "Risk",
        Dimension::Benefit => "Benefit",
    }
}

/// A board cell: a word, a colour class and the explanation in words.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// "Red", "Within tolerance", "Overspend", "Not received"…
    pub word: String,
    /// `red`, `amber`, `green`, `none` (for scripts; the page uses it for colour).
    pub rag: Option<String>,
    /// The CSS class of the colour.
    pub class: String,
    /// Why, in a sentence.
    pub explanation: String,
}

impl Cell {
    pub fn of(word: impl Into<String>, rag: Option<Rag>, explanation: impl Into<String>) -> Self {
        Self {
            word: word.into(),
            rag: rag.map(|r| r.as_str().to_owned()),
            class: rag_class(rag).to_owned(),
            explanation: explanation.into(),
        }
    }
}

/// The RAG a tolerance situation implies: exceeded red, within amber, unaffected green.
pub fn situation_rag(s: &ToleranceSituation) -> Rag {
    match s {
        ToleranceSituation::Unaffected => Rag::Green,
        ToleranceSituation::Within { .. } => Rag::Amber,
        ToleranceSituation::Exceeded { .. } => Rag::Red,
    }
}

fn situation_word(s: &ToleranceSituation) -> &'static str {
    match s {
        ToleranceSituation::Unaffected => "Unaffected",
        ToleranceSituation::Within { .. } => "Within tolerance",
        ToleranceSituation::Exceeded { .. } => "Exceeded",
    }
}

/// One dimension's cell from its assessment.
pub fn dimension_cell(d: Dimension, a: Option<&DimensionAssessment>) -> Cell {
    let Some(a) = a else {
        return Cell::of(
            "Not stated",
            None,
            format!(
                "{} was not stated and there are no figures to judge it by.",
                dimension_word(d)
            ),
        );
    };
    let basis = match a.basis {
        highlight_domain::Basis::Figures => "from the figures",
        highlight_domain::Basis::LeadStatement => "as the lead states it",
    };
    let deviation = a
        .situation
        .deviation()
        .map(|dev| format!(" Deviation {dev}."))
        .unwrap_or_default();
    Cell::of(
        situation_word(&a.situation),
        Some(situation_rag(&a.situation)),
        format!(
            "{}: {} ({basis}; tolerance: {}).{deviation}",
            dimension_word(d),
            situation_word(&a.situation).to_lowercase(),
            a.tolerance
        ),
    )
}

fn budget_word(b: &BudgetStatus) -> &'static str {
    match b {
        BudgetStatus::Underspend(_) => "Underspend",
        BudgetStatus::OnBudget => "On budget",
        BudgetStatus::Overspend(_) => "Overspend",
        BudgetStatus::NotApplicable => "Not applicable",
    }
}

fn schedule_word(s: &ScheduleStatus) -> &'static str {
    match s {
        ScheduleStatus::Ahead { .. } => "Ahead",
        ScheduleStatus::OnSchedule => "On schedule",
        ScheduleStatus::Behind { .. } => "Behind",
    }
}

/// The budget cell: derived from the figures when there are some, else as stated;
/// coloured by the cost dimension.
pub fn budget_cell(content: &HighlightReportContent, a: &Assessment) -> Cell {
    let rag = a.cost.as_ref().map(|c| situation_rag(&c.situation));
    match (a.budget, content.budget.stated) {
        (Some(derived), stated) => Cell::of(
            budget_word(&derived),
            rag,
            format!(
                "From the figures: {derived}.{}",
                stated
                    .map(|s| format!(" The lead states {s}."))
                    .unwrap_or_default()
            ),
        ),
        (None, Some(stated)) => Cell::of(
            budget_word(&stated),
            rag,
            format!("As the lead states it: {stated} (no figures to check it against)."),
        ),
        (None, None) => Cell::of("Not stated", None, "No budget status or figures given."),
    }
}

/// The schedule cell, coloured by the time dimension.
pub fn schedule_cell(content: &HighlightReportContent, a: &Assessment) -> Cell {
    let rag = a.time.as_ref().map(|c| situation_rag(&c.situation));
    match (a.schedule, content.schedule.stated) {
        (Some(derived), stated) => Cell::of(
            schedule_word(&derived),
            rag,
            format!(
                "From the planned and forecast end: {derived}.{}",
                stated
                    .map(|s| format!(" The lead states {s}."))
                    .unwrap_or_default()
            ),
        ),
        (None, Some(stated)) => Cell::of(
            schedule_word(&stated),
            rag,
            format!("As the lead states it: {stated} (no dates to check it against)."),
        ),
        (None, None) => Cell::of("Not stated", None, "No schedule status or dates given."),
    }
}

/// The overall cell.
pub fn overall_cell(a: &Assessment) -> Cell {
    Cell::of(rag_word(a.rag), Some(a.rag), a.explanation.clone())
}

/// Derived beside stated, with every disagreement explained.
#[derive(Debug, Clone, Serialize)]
pub struct Judgement {
    /// The overall RAG the rules give.
    pub derived: Cell,
    /// The lead's stated overall RAG ("Not stated" when blank).
    pub stated: Cell,
    pub budget: Cell,
    pub schedule: Cell,
    /// Time, cost, quality, scope, risk, benefit.
    pub dimensions: Vec<DimensionLine>,
    /// One sentence per exception (a forecast beyond tolerance).
    pub exceptions: Vec<String>,
    /// Where the lead's statements differ from the rules, each explained.
    pub disagreements: Vec<DisagreementLine>,
    /// True when stated and derived overall RAG agree and nothing disagrees.
    pub agrees: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DimensionLine {
    pub dimension: String,
    pub cell: Cell,
}

#[derive(Debug, Clone, Serialize)]
pub struct DisagreementLine {
    /// The report field, e.g. `status_grid.overall.this_period`.
    pub field: String,
    pub stated: String,
    pub derived: String,
    pub explanation: String,
}

pub fn judgement(content: &HighlightReportContent, a: &Assessment) -> Judgement {
    let stated = match content.stated_overall_rag() {
        Some(r) => Cell::of(rag_word(r), Some(r), "As the lead states it."),
        None => Cell::of(
            "Not stated",
            None,
            "The lead has not stated an overall status.",
        ),
    };
    let disagreements: Vec<DisagreementLine> = disagreements(content, a)
        .into_iter()
        .map(|d| DisagreementLine {
            field: d.field,
            stated: d.stated,
            derived: d.derived,
            explanation: d.explanation,
        })
        .collect();
    Judgement {
        derived: overall_cell(a),
        stated,
        budget: budget_cell(content, a),
        schedule: schedule_cell(content, a),
        dimensions: Dimension::ALL
            .iter()
            .map(|d| DimensionLine {
                dimension: dimension_word(*d).to_owned(),
                cell: dimension_cell(*d, a.dimension(*d)),
            })
            .collect(),
        exceptions: a.exceptions.iter().map(|e| e.explanation.clone()).collect(),
        agrees: disagreements.is_empty(),
        disagreements,
    }
}

/// One part of a report as it reads.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub heading: String,
    /// Paragraph text (None for a list).
    pub text: Option<String>,
    pub items: Vec<String>,
}

/// One row of the status grid.
#[derive(Debug, Clone, Serialize)]
pub struct GridLine {
    pub dimension: String,
    pub this_period: Cell,
    pub last_period: Cell,
}

/// The report's facts (budget, schedule, tolerances), grid and sections in words.
#[derive(Debug, Clone, Serialize)]
pub struct ReadableReport {
    pub stage: u32,
    pub facts: Vec<Fact>,
    pub grid: Vec<GridLine>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

fn or_dash(s: Option<String>) -> String {
    s.filter(|s| !s.is_empty())
        .unwrap_or_else(|| "Not stated".to_owned())
}

pub fn readable(c: &HighlightReportContent) -> ReadableReport {
    let mut facts = vec![
        Fact {
            label: "Budget status".into(),
            value: or_dash(c.budget.stated.map(|b| b.to_string())),
        },
        Fact {
            label: "Spend to date".into(),
            value: or_dash(c.budget.spend_to_date.map(|m| m.to_string())),
        },
        Fact {
            label: "Forecast at completion".into(),
            value: or_dash(c.budget.forecast_at_completion.map(|m| m.to_string())),
        },
        Fact {
            label: "Schedule status".into(),
            value: or_dash(c.schedule.stated.map(|s| s.to_string())),
        },
        Fact {
            label: "Forecast end".into(),
            value: or_dash(
                c.schedule
                    .forecast_end
                    .map(|d| d.format("%-d %B %Y").to_string()),
            ),
        },
        Fact {
            label: "Slippage".into(),
            value: or_dash(c.schedule.slippage_days.map(|d| format!("{d} days"))),
        },
    ];
    if let Some(note) = &c.schedule.note {
        facts.push(Fact {
            label: "Schedule note".into(),
            value: note.clone(),
        });
    }
    for d in Dimension::ALL {
        let s = c.tolerances.get(*d);
        if s.situation.is_none() && s.note.is_none() {
            continue;
        }
        let kind = match s.situation {
            Some(highlight_domain::SituationKind::Unaffected) => "Unaffected",
            Some(highlight_domain::SituationKind::Within) => "Within tolerance",
            Some(highlight_domain::SituationKind::Exceeded) => "Exceeded",
            None => "Not stated",
        };
        facts.push(Fact {
            label: format!("{} tolerance", dimension_word(*d)),
            value: match &s.note {
                Some(n) => format!("{kind}: {n}"),
                None => kind.to_owned(),
            },
        });
    }
    let g = &c.status_grid;
    let rag_cell = |r: Option<Rag>| match r {
        Some(r) => Cell::of(rag_word(r), Some(r), ""),
        None => Cell::of("Not assessed", None, ""),
    };
    let grid = [
        ("Overall", g.overall),
        ("Time", g.time),
        ("Cost", g.cost),
        ("Scope", g.scope),
        ("Quality", g.quality),
        ("Benefit", g.benefit),
        ("Risk", g.risk),
    ]
    .into_iter()
    .map(|(label, pair)| GridLine {
        dimension: label.to_owned(),
        this_period: rag_cell(pair.this_period),
        last_period: rag_cell(pair.last_period),
    })
    .collect();
    let list = |heading: &str, items: &[String]| Section {
        heading: heading.to_owned(),
        text: None,
        items: items.to_vec(),
    };
    let text = |heading: &str, t: &Option<String>| Section {
        heading: heading.to_owned(),
        text: Some(t.clone().unwrap_or_else(|| "None given.".to_owned())),
        items: Vec::new(),
    };
    ReadableReport {
        stage: c.stage.get(),
        facts,
        grid,
        sections: vec![
            list("Products completed this period", &c.products_completed),
            list("Products planned for next period", &c.products_planned_next),
            text("Actual or potential problems", &c.problems),
            text("Risk update", &c.risk_update),
            text("Project issues status", &c.issues_status),
            text(
                "Budget and schedule impact of the changes",
                &c.change_impact,
            ),
            text(
                "Interdependencies with other workstreams",
                &c.interdependencies,
            ),
            text("Barriers to progress", &c.barriers),
            text("Requests for change", &c.requests_for_change),
            text("Lessons", &c.lessons),
        ],
    }
}

/// One field that changed between two versions.
#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub label: String,
    pub before: String,
    pub after: String,
    /// Line by line: kept, deleted and inserted lines.
    pub lines: Vec<DiffLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    /// "same", "deleted" or "inserted".
    pub kind: &'static str,
    pub text: String,
}

/// The fields that differ between two versions of a report, in form order.
pub fn changes(before: &HighlightReportDraft, after: &HighlightReportDraft) -> Vec<FieldChange> {
    let (b, a) = (field_values(before), field_values(after));
    FIELDS
        .iter()
        .filter_map(|(name, label)| {
            let (before, after) = (field_value(&b, name), field_value(&a, name));
            (before.trim() != after.trim()).then(|| FieldChange {
                field: (*name).to_owned(),
                label: (*label).to_owned(),
                lines: diff_lines(&before, &after),
                before,
                after,
            })
        })
        .collect()
}

/// A line diff by longest common subsequence (reports are short).
pub fn diff_lines(before: &str, after: &str) -> Vec<DiffLine> {
    let b: Vec<&str> = before.lines().filter(|l| !l.trim().is_empty()).collect();
    let a: Vec<&str> = after.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut lcs = vec![vec![0usize; a.len() + 1]; b.len() + 1];
    for i in (0..b.len()).rev() {
        for j in (0..a.len()).rev() {
            lcs[i][j] = if b[i].trim() == a[j].trim() {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    let line = |kind, text: &str| DiffLine {
        kind,
        text: text.to_owned(),
    };
    while i < b.len() && j < a.len() {
        if b[i].trim() == a[j].trim() {
            out.push(line("same", a[j]));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            out.push(line("deleted", b[i]));
            i += 1;
        } else {
            out.push(line("inserted", a[j]));
            j += 1;
        }
    }
    out.extend(b[i..].iter().map(|t| line("deleted", t)));
    out.extend(a[j..].iter().map(|t| line("inserted", t)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line_is_a_deletion_and_an_insertion() {
        let d = diff_lines(
            "Draft PID\nOptions paper",
            "Draft PID\nOptions paper agreed\nBudget",
        );
        let kinds: Vec<_> = d.iter().map(|l| (l.kind, l.text.as_str())).collect();
        assert_eq!(
            kinds,
            [
                ("same", "Draft PID"),
                ("deleted", "Options paper"),
                ("inserted", "Options paper agreed"),
                ("inserted", "Budget"),
            ]
        );
    }

    #[test]
    fn only_changed_fields_are_listed_with_their_labels() {
        let before = HighlightReportDraft {
            stage: "1".into(),
            problems: "None".into(),
            ..Default::default()
        };
        let after = HighlightReportDraft {
            problems: "Survey delayed".into(),
            ..before.clone()
        };
        let c = changes(&before, &after);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].label, "Actual or potential problems");
    }

    #[test]
    fn every_form_field_has_a_label() {
        let names: Vec<String> = field_values(&HighlightReportDraft::default())
            .keys()
            .cloned()
            .collect();
        for n in &names {
            assert!(FIELDS.iter().any(|(f, _)| f == n), "{n} has no label");
        }
        assert_eq!(names.len(), FIELDS.len());
    }
}
