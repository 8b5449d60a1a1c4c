//! The export rows: every workstream's latest submitted report per period.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::PeriodStatus;
use super::report::{Assessment, ReportContent};
use crate::error::{WebError, WebResult};
use highlight_app::export::ExportRow as ServiceRow;

/// One workstream in one period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportRow {
    /// The programme's name.
    pub programme: String,
    /// The workstream's name.
    pub workstream: String,
    pub workstream_slug: String,
    pub period_from: NaiveDate,
    pub due_date: NaiveDate,
    pub report_status: PeriodStatus,
    /// The revision exported; none when no report was submitted.
    pub revision: Option<i32>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub content: Option<ReportContent>,
    pub assessment: Option<Assessment>,
}

impl TryFrom<&ServiceRow> for ExportRow {
    type Error = WebError;

    fn try_from(r: &ServiceRow) -> WebResult<Self> {
        Ok(ExportRow {
            programme: r.programme.clone(),
            workstream: r.workstream.clone(),
            workstream_slug: r.workstream_slug.clone(),
            period_from: r.period_from,
            due_date: r.due_date,
            report_status: r.status.into(),
            revision: r.revision,
            submitted_at: r.submitted_at,
            content: r.content.as_ref().map(ReportContent::from),
            assessment: r.assessment.as_ref().map(Assessment::from),
        })
    }
}
