//! A programme's history at a glance: a heat map of workstreams × reporting periods by
//! overall RAG, each cell linking to its report. The cells carry the word as well as
//! the colour, so the table is its own text equivalent for screen readers.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use highlight_domain::{PeriodStatus, Rag, ReportState, ReportStatus, report_status_for};
use highlight_store::Conn;
use serde::Serialize;

use super::board::ProgrammeSummary;
use super::text;
use crate::Actor;
use crate::error::AppResult;
use crate::scope;

/// How many periods the heat map shows, newest last.
pub const PERIODS_SHOWN: usize = 12;

#[derive(Debug, Clone, Serialize)]
pub struct HeatMap {
    pub programme: ProgrammeSummary,
    pub periods: Vec<HeatPeriod>,
    pub rows: Vec<HeatRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeatPeriod {
    pub label: String,
    pub due_date: chrono::NaiveDate,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeatRow {
    pub workstream: String,
    /// The workstream's slug, for its links.
    pub slug: String,
    pub cells: Vec<HeatCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeatCell {
    /// "Red", "Amber", "Green", or the report's status when there is no RAG yet.
    pub word: String,
    pub tone: text::Tone,
    pub exception: bool,
    /// The period's due date, for the report's link.
    pub due_date: chrono::NaiveDate,
    /// A sentence for the cell's title: workstream, period and status.
    pub title: String,
}

/// Four queries, whatever the number of workstreams and periods.
#[tracing::instrument(skip_all, fields(programme = slug))]
pub async fn heat_map(
    db: &impl Conn,
    actor: &Actor,
    slug: &str,
    now: DateTime<Utc>,
) -> AppResult<HeatMap> {
    let scope = scope::programme(db, actor, slug).await?;
    let mut periods = highlight_store::periods::of_programme(db, scope.id()).await?;
    periods.sort_by_key(|p| p.due_date);
    let periods: Vec<_> = periods
        .into_iter()
        .rev()
        .take(PERIODS_SHOWN)
        .rev()
        .collect();
    let period_ids: Vec<i64> = periods.iter().map(|p| p.id).collect();
    let workstreams = highlight_store::scope::workstreams_of(db, scope.id()).await?;
    let reports = highlight_store::reports::of_periods(db, &period_ids).await?;
    // Each report's state and RAG, read once: a damaged value fails the page, naming the row.
    let mut by_key: HashMap<(i64, i64), (&_, ReportState, Option<Rag>)> = HashMap::new();
    for r in &reports {
        let state = r.state;
        let rag = r.overall_rag;
        by_key.insert((r.workstream_id.0, r.period_id), (r, state, rag));
    }

    let rows = workstreams
        .iter()
        .map(|w| {
            let cells = periods
                .iter()
                .map(|p| {
                    let found = by_key.get(&(w.id.0, p.id)).copied();
                    let report = found.map(|(r, _, _)| r);
                    let state = found.map(|(_, s, _)| s);
                    let life = w.life;
                    let status = report_status_for(
                        &highlight_store::periods::domain(p),
                        &life,
                        state,
                        now,
                        scope.tz,
                    );
                    let rag: Option<Rag> = found
                        .filter(|(r, _, _)| r.current_revision > 0)
                        .and_then(|(_, _, rag)| rag);
                    let word = match (rag, status) {
                        (Some(rag), _) => text::rag_word(rag),
                        (None, PeriodStatus::Overdue) => {
                            text::absent_report_word(ReportStatus::Overdue)
                        }
                        (None, PeriodStatus::Submitted | PeriodStatus::Reviewed) => "Not assessed",
                        (None, other) => text::period_status_word(other),
                    }
                    .to_owned();
                    let exception = report.is_some_and(|r| r.has_exception);
                    let tone = match (rag, status) {
                        (None, PeriodStatus::Overdue) => text::Tone::Overdue,
                        _ => text::Tone::of_rag(rag),
                    };
                    HeatCell {
                        title: format!(
                            "{}, period due {}: {word}{}",
                            w.name,
                            crate::format::day_month_year(p.due_date),
                            if exception { " (exception)" } else { "" }
                        ),
                        word,
                        tone,
                        exception,
                        due_date: p.due_date,
                    }
                })
                .collect();
            HeatRow {
                workstream: w.name.clone(),
                slug: w.slug.clone(),
                cells,
            }
        })
        .collect();
    Ok(HeatMap {
        programme: ProgrammeSummary::from(&scope.programme),
        periods: periods
            .iter()
            .map(|p| HeatPeriod {
                label: crate::format::month_year(p.due_date),
                due_date: p.due_date,
            })
            .collect(),
        rows,
    })
}
