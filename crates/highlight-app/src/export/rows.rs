//! The rows: for each period of a programme in a date range and each of its
//! workstreams, the latest submitted revision — in four queries, whatever the size.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use highlight_domain::{Assessment, HighlightReportContent, PeriodStatus, report_status_for};
use highlight_store::Conn;
use highlight_store::reports::ReportRecord;
use serde::Serialize;

use crate::error::AppResult;
use crate::scope::ProgrammeScope;
use highlight_store::json::from_json;

/// One workstream in one period.
#[derive(Debug, Clone, Serialize)]
pub struct ExportRow {
    pub programme: String,
    pub workstream: String,
    pub workstream_slug: String,
    pub period_from: NaiveDate,
    pub due_date: NaiveDate,
    /// Where the workstream's report for the period stands.
    pub status: PeriodStatus,
    /// The revision exported (none when no report was submitted).
    pub revision: Option<i32>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub content: Option<HighlightReportContent>,
    pub assessment: Option<Assessment>,
}

/// Every row for `scope`'s periods due from `from` to `to` (inclusive), ordered by due
/// date, then the workstreams' order.
#[tracing::instrument(skip_all, fields(programme = scope.id(), %from, %to))]
pub async fn report_rows(
    db: &impl Conn,
    scope: &ProgrammeScope,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Vec<ExportRow>> {
    let periods = highlight_store::periods::due_between(db, scope.id(), from, to).await?;
    let workstreams = highlight_store::scope::workstreams_of(db, scope.id()).await?;
    let period_ids: Vec<i64> = periods.iter().map(|p| p.id).collect();
    let reports = highlight_store::reports::of_periods(db, &period_ids).await?;
    let refs: Vec<&ReportRecord> = reports.iter().collect();
    let latest = highlight_store::reports::current_revisions(db, &refs).await?;
    let mut by_key = HashMap::with_capacity(reports.len());
    for r in &reports {
        let state = r.state;
        by_key.insert((r.period_id, r.workstream_id), (r, state));
    }

    let mut rows = Vec::with_capacity(periods.len() * workstreams.len());
    for period in &periods {
        let domain_period = highlight_store::periods::domain(period);
        for w in &workstreams {
            let report = by_key.get(&(period.id, w.id));
            let revision = report.and_then(|(r, _)| latest.get(&r.id));
            let state = report.map(|(_, s)| *s);
            let life = w.life;
            let status = report_status_for(&domain_period, &life, state, now, scope.tz);
            if revision.is_none()
                && w.status != highlight_domain::WorkstreamStatus::Active
                && status != PeriodStatus::Submitted
            {
                continue; // closed or paused workstreams owe no report
            }
            rows.push(ExportRow {
                programme: scope.programme.name.clone(),
                workstream: w.name.clone(),
                workstream_slug: w.slug.clone(),
                period_from: period.covers_from,
                due_date: period.due_date,
                status,
                revision: revision.map(|r| r.number),
                submitted_at: revision.map(|r| r.submitted_at),
                content: revision
                    .map(|r| from_json(&r.content, "report_revisions.content"))
                    .transpose()?,
                assessment: revision
                    .map(|r| from_json(&r.assessment, "report_revisions.assessment"))
                    .transpose()?,
            });
        }
    }
    Ok(rows)
}
