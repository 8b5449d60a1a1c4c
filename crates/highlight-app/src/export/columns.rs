//! The export's columns, in order: a heading and how to read the cell from a row.

use chrono::NaiveDate;
use highlight_domain::{Money, RagPair, ToleranceStatement};

use super::ExportRow;

/// One typed cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Integer(i64),
    /// Pounds, two decimals (money is exported as a number, not "£1,234.00").
    Pounds(f64),
    Date(NaiveDate),
}

pub struct Column {
    pub heading: &'static str,
    pub read: fn(&ExportRow) -> Cell,
}

impl std::fmt::Debug for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Column")
            .field("heading", &self.heading)
            .finish()
    }
}

fn text(s: Option<&str>) -> Cell {
    match s.map(str::trim) {
        Some(s) if !s.is_empty() => Cell::Text(s.to_owned()),
        _ => Cell::Empty,
    }
}

fn owned(s: Option<String>) -> Cell {
    text(s.as_deref())
}

fn money(m: Option<Money>) -> Cell {
    m.map_or(Cell::Empty, |m| Cell::Pounds(m.pence() as f64 / 100.0))
}

fn lines(items: Option<&Vec<String>>) -> Cell {
    match items {
        Some(items) if !items.is_empty() => Cell::Text(items.join("\n")),
        _ => Cell::Empty,
    }
}

fn situation(t: Option<&ToleranceStatement>) -> Cell {
    text(t.and_then(|t| t.situation).map(|s| s.as_str()))
}

fn note(t: Option<&ToleranceStatement>) -> Cell {
    text(t.and_then(|t| t.note.as_deref()))
}

fn rag(pair: Option<&RagPair>) -> Cell {
    text(pair.and_then(|p| p.this_period).map(|r| r.as_str()))
}

macro_rules! col {
    ($heading:literal, |$r:ident| $body:expr) => {
        Column {
            heading: $heading,
            read: |$r: &ExportRow| $body,
        }
    };
}

pub const COLUMNS: &[Column] = &[
    col!("Programme", |r| Cell::Text(r.programme.clone())),
    col!("Workstream", |r| Cell::Text(r.workstream.clone())),
    col!("Workstream slug", |r| Cell::Text(r.workstream_slug.clone())),
    col!("Period from", |r| Cell::Date(r.period_from)),
    col!("Due date", |r| Cell::Date(r.due_date)),
    col!("Period covered (as the report words it)", |r| text(
        r.content.as_ref().and_then(|c| c.period_covered.as_deref())
    )),
    col!("Report status", |r| Cell::Text(
        crate::text::period_status_word(r.status).to_owned()
    )),
    col!("Revision", |r| r
        .revision
        .map_or(Cell::Empty, |n| Cell::Integer(i64::from(n)))),
    col!("Submitted on", |r| r
        .submitted_at
        .map_or(Cell::Empty, |t| Cell::Date(t.date_naive()))),
    col!("Stage", |r| r.content.as_ref().map_or(Cell::Empty, |c| {
        Cell::Integer(i64::from(c.stage.get()))
    })),
    col!("Overall RAG (derived)", |r| text(
        r.assessment.as_ref().map(|a| a.rag.as_str())
    )),
    col!("Exception", |r| text(
        r.assessment
            .as_ref()
            .map(|a| if a.exceptions.is_empty() { "no" } else { "yes" })
    )),
    col!("Why", |r| text(
        r.assessment.as_ref().map(|a| a.explanation.as_str())
    )),
    col!("Overall RAG (stated)", |r| rag(r
        .content
        .as_ref()
        .map(|c| &c.status_grid.overall))),
    col!("Budget status (stated)", |r| owned(
        r.content
            .as_ref()
            .and_then(|c| c.budget.stated.map(|s| s.to_string()))
    )),
    col!("Figures", |r| text(r.content.as_ref().map(|c| {
        if c.illustrative_figures {
            "illustrative (not in the source document)"
        } else {
            "as reported"
        }
    }))),
    col!("Spend to date (£)", |r| money(
        r.content.as_ref().and_then(|c| c.budget.spend_to_date)
    )),
    col!("Forecast at completion (£)", |r| money(
        r.content
            .as_ref()
            .and_then(|c| c.budget.forecast_at_completion)
    )),
    col!("Schedule status (stated)", |r| owned(
        r.content
            .as_ref()
            .and_then(|c| c.schedule.stated.map(|s| s.to_string()))
    )),
    col!("Slippage (days)", |r| r
        .content
        .as_ref()
        .and_then(|c| c.schedule.slippage_days)
        .map_or(Cell::Empty, |d| Cell::Integer(i64::from(d)))),
    col!("Forecast end", |r| r
        .content
        .as_ref()
        .and_then(|c| c.schedule.forecast_end)
        .map_or(Cell::Empty, Cell::Date)),
    col!("Schedule note", |r| text(
        r.content.as_ref().and_then(|c| c.schedule.note.as_deref())
    )),
    col!("Time tolerance", |r| situation(
        r.content.as_ref().map(|c| &c.tolerances.time)
    )),
    col!("Time note", |r| note(
        r.content.as_ref().map(|c| &c.tolerances.time)
    )),
    col!("Cost tolerance", |r| situation(
        r.content.as_ref().map(|c| &c.tolerances.cost)
    )),
    col!("Cost note", |r| note(
        r.content.as_ref().map(|c| &c.tolerances.cost)
    )),
    col!("Quality tolerance", |r| situation(
        r.content.as_ref().map(|c| &c.tolerances.quality)
    )),
    col!("Quality note", |r| note(
        r.content.as_ref().map(|c| &c.tolerances.quality)
    )),
    col!("Scope tolerance", |r| situation(
        r.content.as_ref().map(|c| &c.tolerances.scope)
    )),
    col!("Scope note", |r| note(
        r.content.as_ref().map(|c| &c.tolerances.scope)
    )),
    col!("Risk tolerance", |r| situation(
        r.content.as_ref().map(|c| &c.tolerances.risk)
    )),
    col!("Risk note", |r| note(
        r.content.as_ref().map(|c| &c.tolerances.risk)
    )),
    col!("Benefit tolerance", |r| situation(
        r.content.as_ref().map(|c| &c.tolerances.benefit)
    )),
    col!("Benefit note", |r| note(
        r.content.as_ref().map(|c| &c.tolerances.benefit)
    )),
    col!("Time RAG", |r| rag(r
        .content
        .as_ref()
        .map(|c| &c.status_grid.time))),
    col!("Cost RAG", |r| rag(r
        .content
        .as_ref()
        .map(|c| &c.status_grid.cost))),
    col!("Scope RAG", |r| rag(r
        .content
        .as_ref()
        .map(|c| &c.status_grid.scope))),
    col!("Quality RAG", |r| rag(r
        .content
        .as_ref()
        .map(|c| &c.status_grid.quality))),
    col!("Benefit RAG", |r| rag(r
        .content
        .as_ref()
        .map(|c| &c.status_grid.benefit))),
    col!("Risk RAG", |r| rag(r
        .content
        .as_ref()
        .map(|c| &c.status_grid.risk))),
    col!("Products completed this period", |r| lines(
        r.content.as_ref().map(|c| &c.products_completed)
    )),
    col!("Products planned next period", |r| lines(
        r.content.as_ref().map(|c| &c.products_planned_next)
    )),
    col!("Actual or potential problems", |r| text(
        r.content.as_ref().and_then(|c| c.problems.as_deref())
    )),
    col!("Risk update", |r| text(
        r.content.as_ref().and_then(|c| c.risk_update.as_deref())
    )),
    col!("Project issues status", |r| text(
        r.content.as_ref().and_then(|c| c.issues_status.as_deref())
    )),
    col!("Budget and schedule impact of changes", |r| text(
        r.content.as_ref().and_then(|c| c.change_impact.as_deref())
    )),
    col!("Interdependencies", |r| text(
        r.content
            .as_ref()
            .and_then(|c| c.interdependencies.as_deref())
    )),
    col!("Barriers to progress", |r| text(
        r.content.as_ref().and_then(|c| c.barriers.as_deref())
    )),
    col!("Requests for change", |r| text(
        r.content
            .as_ref()
            .and_then(|c| c.requests_for_change.as_deref())
    )),
    col!("Lessons", |r| text(
        r.content.as_ref().and_then(|c| c.lessons.as_deref())
    )),
];
