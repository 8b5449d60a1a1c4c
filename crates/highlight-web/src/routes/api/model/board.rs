//! The board's matrix for one period: every workstream's status and RAGs, each with
//! its explanation as data.

use highlight_domain as domain;
use serde::Serialize;
use utoipa::ToSchema;

use super::programmes::{PeriodItem, Programme};
use super::{Dimension, Rag, ReportStatus};
use crate::error::{WebError, WebResult};
use highlight_app::board as service;
use highlight_app::text::Cell;

/// The board's matrix for one period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Board {
    pub programme: Programme,
    /// The period shown; none when no period has opened yet.
    pub period: Option<PeriodItem>,
    /// Every period, newest first.
    pub periods: Vec<PeriodItem>,
    /// Exceptions first, then overdue, red, amber, green, not assessed; by name within.
    pub rows: Vec<BoardRow>,
    pub counts: BoardCounts,
    pub can_review: bool,
}

/// How many workstreams, and of them how many have exceptions, are overdue or have
/// a submitted report.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BoardCounts {
    /// Workstreams that owe a report for the period.
    pub workstreams: usize,
    pub exceptions: usize,
    pub overdue: usize,
    pub received: usize,
    /// Workstreams that started after the period was due (they owe nothing for it).
    pub not_started: usize,
    /// Workstreams that closed before the period was due (they owe nothing for it).
    pub closed: usize,
}

/// One workstream's row of the matrix.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BoardRow {
    /// The workstream's slug.
    pub workstream: String,
    pub workstream_name: String,
    pub status: ReportStatus,
    /// The latest submitted revision; none when nothing was submitted.
    pub revision: Option<i32>,
    /// What the rules make of the latest submitted revision; none without one.
    pub assessment: Option<RowAssessment>,
    /// One sentence per exception (a forecast beyond tolerance).
    pub exceptions: Vec<String>,
    pub has_exception: bool,
}

/// A RAG (none: not stated, or nothing to judge by) and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Judged {
    pub rag: Option<Rag>,
    pub explanation: String,
}

/// One dimension of a row: its RAG against its tolerance, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DimensionJudgement {
    pub dimension: Dimension,
    pub rag: Option<Rag>,
    pub explanation: String,
}

/// The latest revision's RAGs, derived beside stated.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowAssessment {
    /// The overall RAG the rules give.
    pub overall: Judged,
    /// The lead's stated overall RAG.
    pub stated: Judged,
    /// Budget, coloured by the cost dimension.
    pub budget: Judged,
    /// Schedule, coloured by the time dimension.
    pub schedule: Judged,
    /// Time, cost, quality, scope, risk, benefit.
    pub dimensions: Vec<DimensionJudgement>,
}

fn judged(cell: &Cell) -> WebResult<Judged> {
    Ok(Judged {
        rag: cell.rag.map(Rag::from),
        explanation: cell.explanation.clone(),
    })
}

impl TryFrom<&service::BoardRow> for BoardRow {
    type Error = WebError;

    fn try_from(r: &service::BoardRow) -> WebResult<Self> {
        let assessment = match r.revision {
            None => None,
            Some(_) => Some(RowAssessment {
                overall: judged(&r.overall)?,
                stated: judged(&r.stated)?,
                budget: judged(&r.budget)?,
                schedule: judged(&r.schedule)?,
                // The service lists the dimensions in the domain's order.
                dimensions: domain::Dimension::ALL
                    .iter()
                    .zip(&r.tolerances)
                    .map(|(d, line)| {
                        Ok(DimensionJudgement {
                            dimension: (*d).into(),
                            rag: line.cell.rag.map(Rag::from),
                            explanation: line.cell.explanation.clone(),
                        })
                    })
                    .collect::<WebResult<_>>()?,
            }),
        };
        Ok(BoardRow {
            workstream: r.workstream.clone(),
            workstream_name: r.workstream_name.clone(),
            status: r.status.into(),
            revision: r.revision,
            assessment,
            exceptions: r.exceptions.clone(),
            has_exception: r.has_exception,
        })
    }
}

impl TryFrom<&service::Board> for Board {
    type Error = WebError;

    fn try_from(b: &service::Board) -> WebResult<Self> {
        Ok(Board {
            programme: (&b.programme).into(),
            period: b.period.as_ref().map(PeriodItem::from),
            periods: b.periods.iter().map(PeriodItem::from).collect(),
            rows: b
                .rows
                .iter()
                .map(BoardRow::try_from)
                .collect::<WebResult<_>>()?,
            counts: BoardCounts {
                workstreams: b.counts.workstreams,
                exceptions: b.counts.exceptions,
                overdue: b.counts.overdue,
                received: b.counts.received,
                not_started: b.counts.not_started,
                closed: b.counts.closed,
            },
            can_review: b.can_review,
        })
    }
}
