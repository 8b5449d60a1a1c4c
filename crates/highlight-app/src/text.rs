//! How reports read: field labels, the derived-versus-stated judgement, the report's
//! sections in words, board cells (a word, a colour class and an explanation — never
//! colour alone), and the field-by-field differences between two revisions.
//!
//! Pure functions of domain values, so the pages and the API say the same thing.

use highlight_domain::{
    Assessment, BudgetStatus, Dimension, DimensionAssessment, HighlightReportContent,
    HighlightReportDraft, PeriodStatus, Rag, ReportStatus, ScheduleStatus, ToleranceSituation,
    WorkstreamStatus, disagreements,
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

/// What a status shown beside its word is: a RAG, a tolerance situation or a report's
/// status. The web layer decides how each looks (`presenters::tone_class`); the word
/// always says it too, so colour never carries it alone.
///
/// Issued packs stored before tones existed hold CSS class names; the aliases read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    #[serde(alias = "rag-red")]
    Red,
    #[serde(alias = "rag-amber")]
    Amber,
    #[serde(alias = "rag-green")]
    Green,
    #[serde(alias = "rag-none")]
    NotAssessed,
    #[serde(alias = "situation-unaffected")]
    Unaffected,
    #[serde(alias = "situation-within")]
    Within,
    #[serde(alias = "situation-exceeded")]
    Exceeded,
    #[serde(alias = "situation-none")]
    NotStated,
    #[serde(alias = "status-not_yet_due")]
    NotYetDue,
    #[serde(alias = "status-due")]
    Due,
    #[serde(alias = "status-overdue")]
    Overdue,
    #[serde(alias = "status-submitted")]
    Submitted,
    #[serde(alias = "status-reviewed")]
    Reviewed,
}

impl Tone {
    pub fn of_rag(rag: Option<Rag>) -> Self {
        match rag {
            Some(Rag::Red) => Self::Red,
            Some(Rag::Amber) => Self::Amber,
            Some(Rag::Green) => Self::Green,
            None => Self::NotAssessed,
        }
    }

    pub fn of_status(status: ReportStatus) -> Self {
        match status {
            ReportStatus::NotYetDue => Self::NotYetDue,
            ReportStatus::Due => Self::Due,
            ReportStatus::Overdue => Self::Overdue,
            ReportStatus::Submitted => Self::Submitted,
            ReportStatus::Reviewed => Self::Reviewed,
        }
    }

    /// The RAG this tone shows, if it shows one (`Ok(None)`: not assessed).
    pub fn rag(self) -> Result<Option<Rag>, Self> {
        match self {
            Self::Red => Ok(Some(Rag::Red)),
            Self::Amber => Ok(Some(Rag::Amber)),
            Self::Green => Ok(Some(Rag::Green)),
            Self::NotAssessed => Ok(None),
            other => Err(other),
        }
    }

    /// The report status this tone shows, if it shows one.
    pub fn status(self) -> Option<ReportStatus> {
        Some(match self {
            Self::NotYetDue => ReportStatus::NotYetDue,
            Self::Due => ReportStatus::Due,
            Self::Overdue => ReportStatus::Overdue,
            Self::Submitted => ReportStatus::Submitted,
            Self::Reviewed => ReportStatus::Reviewed,
            _ => return None,
        })
    }
}

/// The one set of words for a report's status, on every page, in the pack, e-mails
/// and exports: "Not yet due", "Due", "Overdue", "Submitted", "Reviewed".
pub fn status_word(status: ReportStatus) -> &'static str {
    period_status_word(status.into())
}

/// "Submitted 1 day late", "Submitted 25 days late".
pub fn submitted_late(days: u32) -> String {
    if days == 1 {
        "Submitted 1 day late".into()
    } else {
        format!("Submitted {days} days late")
    }
}

/// A workstream's life in words: "Active", "On hold", "Closed" (the set-up list, the
/// home page and the status radios all say it this way).
pub fn workstream_status_word(status: WorkstreamStatus) -> &'static str {
    match status {
        WorkstreamStatus::Active => "Active",
        WorkstreamStatus::OnHold => "On hold",
        WorkstreamStatus::Closed => "Closed",
    }
}

/// [`status_word`], with the two states in which a workstream owes nothing for a
/// period: "Not started", "Closed".
pub fn period_status_word(status: PeriodStatus) -> &'static str {
    match status {
        PeriodStatus::NotStarted => "Not started",
        PeriodStatus::NotYetDue => "Not yet due",
        PeriodStatus::Due => "Due",
        PeriodStatus::Overdue => "Overdue",
        PeriodStatus::Submitted => "Submitted",
        PeriodStatus::Reviewed => "Reviewed",
        PeriodStatus::Closed => "Closed",
    }
}

/// What stands where a report's figures would be when none has arrived: "Not received"
/// once it is overdue (as a real board pack says), "Not yet submitted" before.
pub fn absent_report_word(status: ReportStatus) -> &'static str {
    if status == ReportStatus::Overdue {
        "Not received"
    } else {
        "Not yet submitted"
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

/// A board cell: a word, what it shows and the explanation in words.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// "Red", "Within tolerance", "Overspend", "Not received"…
    pub word: String,
    /// The RAG the cell shows, if any.
    pub rag: Option<Rag>,
    pub tone: Tone,
    /// Why, in a sentence.
    pub explanation: String,
}

impl Cell {
    pub fn of(word: impl Into<String>, rag: Option<Rag>, explanation: impl Into<String>) -> Self {
        Self {
            word: word.into(),
            rag,
            tone: Tone::of_rag(rag),
            explanation: explanation.into(),
        }
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
    if a.no_budget_held {
        return Cell::of(
            "No budget held",
            Some(a.rag),
            format!(
                "{}: the PID holds no budget, so there is no baseline to measure cost against.",
                dimension_word(d)
            ),
        );
    }
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
        Some(a.rag),
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
    let rag = a.cost.as_ref().map(|c| c.rag);
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
        (None, Some(stated)) if a.no_budget_held() => Cell::of(
            budget_word(&stated),
            rag,
            format!(
                "As the lead states it: {stated}. No budget held, so there is no baseline to check it against."
            ),
        ),
        (None, Some(stated)) => Cell::of(
            budget_word(&stated),
            rag,
            format!("As the lead states it: {stated} (no figures to check it against)."),
        ),
        (None, None) if a.no_budget_held() => Cell::of(
            "No budget held",
            rag,
            "The PID holds no budget, so there is no baseline to measure spend against.",
        ),
        (None, None) => Cell::of("Not stated", None, "No budget status or figures given."),
    }
}

/// The schedule cell, coloured by the time dimension.
pub fn schedule_cell(content: &HighlightReportContent, a: &Assessment) -> Cell {
    let rag = a.time.as_ref().map(|c| c.rag);
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

/// What every page, the pack and exports say of figures supplied to illustrate.
pub const ILLUSTRATIVE_FIGURES: &str =
    "Illustrative: the budget and schedule figures are not in the source document";

pub fn readable(c: &HighlightReportContent) -> ReadableReport {
    let mut facts = Vec::new();
    if let Some(covered) = &c.period_covered {
        facts.push(Fact {
            label: "Period covered (as the report words it)".into(),
            value: covered.clone(),
        });
    }
    if c.illustrative_figures {
        facts.push(Fact {
            label: "Figures".into(),
            value: ILLUSTRATIVE_FIGURES.into(),
        });
    }
    facts.extend([
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
            value: or_dash(c.schedule.forecast_end.map(crate::format::day_month_year)),
        },
        Fact {
            label: "Slippage".into(),
            value: or_dash(c.schedule.slippage_days.map(|d| format!("{d} days"))),
        },
    ]);
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
    /// "same", "deleted", "inserted", or "changed" (a line edited in place: see `parts`).
    pub kind: &'static str,
    /// The line as it reads now (the old line, for a deletion).
    pub text: String,
    /// For a changed line, its words: "same", "deleted" or "inserted", in reading order.
    pub parts: Vec<DiffPart>,
}

/// A run of words within a changed line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffPart {
    /// "same", "deleted" or "inserted".
    pub kind: &'static str,
    pub text: String,
}

/// The fields that differ between two versions of a report, in form order (a field
/// whose lines differ only in blank lines or surrounding spaces is not one).
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
        // A field that differs only in blank lines or spaces reads the same: not a change.
        .filter(|c| c.lines.iter().any(|l| l.kind != "same"))
        .collect()
}

/// A line diff by longest common subsequence (reports are short).
pub fn diff_lines(before: &str, after: &str) -> Vec<DiffLine> {
    use similar::{Algorithm, DiffOp, capture_diff_slices};
    // Blank lines and surrounding spaces carry no meaning in a report field, so the
    // comparison ignores them (a pasted paragraph with a trailing space is unchanged).
    let b: Vec<&str> = before
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let a: Vec<&str> = after
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let line = |kind, text: &str| DiffLine {
        kind,
        text: text.to_owned(),
        parts: Vec::new(),
    };
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &b, &a) {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                out.extend(
                    a[new_index..new_index + len]
                        .iter()
                        .map(|t| line("same", t)),
                );
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                out.extend(
                    b[old_index..old_index + old_len]
                        .iter()
                        .map(|t| line("deleted", t)),
                );
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                out.extend(
                    a[new_index..new_index + new_len]
                        .iter()
                        .map(|t| line("inserted", t)),
                );
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let old = &b[old_index..old_index + old_len];
                let new = &a[new_index..new_index + new_len];
                // Lines replaced one for one are edits in place: show the words that
                // changed. Unequal runs stay whole lines deleted and inserted.
                // A line rewritten from scratch reads better whole, struck out and
                // replaced.
                let pairs = old_len.min(new_len);
                for k in 0..pairs {
                    match changed_line(old[k], new[k]) {
                        Some(changed) => out.push(changed),
                        None => {
                            out.push(line("deleted", old[k]));
                            out.push(line("inserted", new[k]));
                        }
                    }
                }
                out.extend(old[pairs..].iter().map(|t| line("deleted", t)));
                out.extend(new[pairs..].iter().map(|t| line("inserted", t)));
            }
        }
    }
    out
}

/// One line edited in place, as runs of same, deleted and inserted words; `None` when
/// the two lines share too little for that to help (under 40% alike).
fn changed_line(old: &str, new: &str) -> Option<DiffLine> {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_words(old, new);
    // Alike by the letters of the words kept (spaces would make any two lines alike).
    let letters = |t: &str| t.chars().filter(|c| !c.is_whitespace()).count();
    let kept: usize = diff
        .iter_all_changes()
        .filter(|c| c.tag() == ChangeTag::Equal)
        .map(|c| letters(c.value()))
        .sum();
    let total = letters(old) + letters(new);
    if total == 0 || kept * 2 * 10 < total * 4 {
        return None;
    }
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => "same",
            ChangeTag::Delete => "deleted",
            ChangeTag::Insert => "inserted",
        };
        match parts.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => parts.push(DiffPart {
                kind,
                text: change.value().to_owned(),
            }),
        }
    }
    Some(DiffLine {
        kind: "changed",
        text: new.to_owned(),
        parts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_added_line_is_an_insertion_and_a_removed_one_a_deletion() {
        let d = diff_lines(
            "Draft PID\nSurvey\nOptions paper",
            "Draft PID\nOptions paper\nBudget",
        );
        let kinds: Vec<_> = d.iter().map(|l| (l.kind, l.text.as_str())).collect();
        assert_eq!(
            kinds,
            [
                ("same", "Draft PID"),
                ("deleted", "Survey"),
                ("same", "Options paper"),
                ("inserted", "Budget"),
            ]
        );
    }

    #[test]
    fn a_line_edited_in_place_shows_the_words_that_changed() {
        let d = diff_lines("Options paper drafted", "Options paper agreed by the board");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, "changed");
        let parts: Vec<_> = d[0]
            .parts
            .iter()
            .map(|p| (p.kind, p.text.as_str()))
            .collect();
        assert_eq!(
            parts,
            [
                ("same", "Options paper "),
                ("deleted", "drafted"),
                ("inserted", "agreed by the board"),
            ]
        );
    }

    #[test]
    fn a_line_rewritten_from_scratch_is_struck_out_and_replaced_whole() {
        let d = diff_lines(
            "None to date for Phase 1",
            "Survey of shared services delayed",
        );
        let kinds: Vec<_> = d.iter().map(|l| (l.kind, l.text.as_str())).collect();
        assert_eq!(
            kinds,
            [
                ("deleted", "None to date for Phase 1"),
                ("inserted", "Survey of shared services delayed"),
            ]
        );
    }

    #[test]
    fn blank_lines_and_surrounding_spaces_are_not_changes() {
        let d = diff_lines("Survey  \n\nBudget", "Survey\nBudget\n");
        assert!(d.iter().all(|l| l.kind == "same"), "{d:?}");
    }

    #[test]
    fn a_field_that_differs_only_in_blank_lines_is_not_listed_as_changed() {
        let before = HighlightReportDraft {
            issues_status: "The PID agreed\n\nPriorities matrix agreed".into(),
            ..Default::default()
        };
        let after = HighlightReportDraft {
            issues_status: "The PID agreed\nPriorities matrix agreed".into(),
            ..before.clone()
        };
        assert!(changes(&before, &after).is_empty());
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
