//! Downloads of a programme's reports and statuses as CSV or XLSX; the same rows are
//! JSON under the API (`routes::api::exports`). Anyone who can see the programme may
//! export its submitted reports.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum_extra::routing::RouterExt;
use highlight_domain::local_date;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::paths;
use highlight_app::export::{self, ExportRow, Format};
use highlight_app::scope;

pub fn router() -> Router<AppState> {
    Router::new().typed_get(download)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct RangeQuery {
    /// First due date to include (YYYY-MM-DD); default twelve months ago.
    #[param(value_type = crate::routes::input::OptionalDate, required = false)]
    pub from: Option<String>,
    /// Last due date to include (YYYY-MM-DD); default today.
    #[param(value_type = crate::routes::input::OptionalDate, required = false)]
    pub to: Option<String>,
}

pub(crate) async fn rows_for(
    state: &AppState,
    actor: &crate::auth::Actor,
    slug: &str,
    range: &RangeQuery,
) -> WebResult<(String, Vec<ExportRow>)> {
    let scope = scope::programme(&state.db, actor, slug).await?;
    let now = state.now();
    let (from, to) = export::range::parse(
        range.from.as_deref(),
        range.to.as_deref(),
        local_date(now, scope.tz),
    )?;
    let rows = export::report_rows(&state.db, &scope, from, to, now).await?;
    Ok((
        format!("{}-reports-{from}-to-{to}", scope.programme.slug),
        rows,
    ))
}

/// `GET /programmes/{slug}/export/reports.csv` or `reports.xlsx`.
async fn download(
    paths::Export { slug, file }: paths::Export,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Query(range): Query<RangeQuery>,
) -> WebResult<Response> {
    let format = match file.as_str() {
        "reports.csv" => Format::Csv,
        "reports.xlsx" => Format::Xlsx,
        _ => return Err(WebError::NotFound(format!("the export \"{file}\""))),
    };
    let (name, rows) = rows_for(&state, &actor, &slug, &range).await?;
    let bytes = format.write(&rows)?;
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.{}\"", format.extension()),
            ),
        ],
        bytes,
    )
        .into_response())
}
