//! The rows: for each period of a programme in a date range and each of its
//! workstreams, the latest submitted revision — in four queries, whatever the size.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use highlight_domain::{
    Assessment, HighlightReportContent, ReportState, ReportStatus, ReportingPeriod, report_status,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use crate::error::AppResult;
use crate::scope::ProgrammeScope;
use highlight_store::entities::{
    highlight_reports, report_revisions, reporting_periods, workstreams,
};
use highlight_store::json::from_json;

/// One workstream in one period.
#[derive(Debug, Clone, Serialize)]
pub struct ExportRow {
    pub programme: String,
    pub workstream: String,
    pub workstream_slug: String,
    pub period_from: NaiveDate,
    pub due_date: NaiveDate,
    /// not_yet_due, due, overdue, submitted or reviewed.
    pub report_status: String,
    /// The revision exported (none when no report was submitted).
    pub revision: Option<i32>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub content: Option<HighlightReportContent>,
    pub assessment: Option<Assessment>,
}

/// Every row for `scope`'s periods due from `from` to `to` (inclusive), ordered by due
/// date, then the workstreams' order.
pub async fn report_rows(
    db: &impl ConnectionTrait,
    scope: &ProgrammeScope,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<Vec<ExportRow>> {
    let periods = reporting_periods::Entity::find()
        .filter(reporting_periods::Column::ProgrammeId.eq(scope.id()))
        .filter(reporting_periods::Column::DueDate.between(from, to))
        .order_by_asc(reporting_periods::Column::DueDate)
        .all(db)
        .await?;
    let workstreams = workstreams::Entity::find()
        .filter(workstreams::Column::ProgrammeId.eq(scope.id()))
        .order_by_asc(workstreams::Column::Position)
        .order_by_asc(workstreams::Column::Name)
        .all(db)
        .await?;
    let period_ids: Vec<i64> = periods.iter().map(|p| p.id).collect();
    let reports = highlight_reports::Entity::find()
        .filter(highlight_reports::Column::PeriodId.is_in(period_ids))
        .all(db)
        .await?;
    let submitted: Vec<(i64, i32)> = reports
        .iter()
        .filter(|r| r.current_revision > 0)
        .map(|r| (r.id, r.current_revision))
        .collect();
    let mut latest: HashMap<i64, report_revisions::Model> = HashMap::new();
    if !submitted.is_empty() {
        let wanted: HashMap<i64, i32> = submitted.iter().copied().collect();
        for revision in report_revisions::Entity::find()
            .filter(report_revisions::Column::ReportId.is_in(wanted.keys().copied()))
            .all(db)
            .await?
        {
            if wanted.get(&revision.report_id) == Some(&revision.number) {
                latest.insert(revision.report_id, revision);
            }
        }
    }
    let by_key: HashMap<(i64, i64), &highlight_reports::Model> = reports
        .iter()
        .map(|r| ((r.period_id, r.workstream_id), r))
        .collect();

    let mut rows = Vec::with_capacity(periods.len() * workstreams.len());
    for period in &periods {
        let domain_period = ReportingPeriod {
            covers_from: period.covers_from,
            due_date: period.due_date,
        };
        for w in &workstreams {
            let report = by_key.get(&(period.id, w.id));
            let revision = report.and_then(|r| latest.get(&r.id));
            let state = report.and_then(|r| r.state.parse::<ReportState>().ok());
            let status = report_status(&domain_period, state, now, scope.tz);
            if revision.is_none() && w.status != "active" && status != ReportStatus::Submitted {
                continue; // closed or paused workstreams owe no report
            }
            rows.push(ExportRow {
                programme: scope.programme.name.clone(),
                workstream: w.name.clone(),
                workstream_slug: w.slug.clone(),
                period_from: period.covers_from,
                due_date: period.due_date,
                report_status: status.as_str().to_owned(),
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
