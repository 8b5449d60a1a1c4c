//! `GET /api/v1/programmes/{slug}/exports/reports`: the rows of the CSV/XLSX export as
//! JSON, with each report's content and assessment typed.

use axum::Json;
use axum::extract::{Query, State};

use super::errors::ErrorBody;
use super::model::exports::ExportRow;
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::WebResult;
use crate::paths::api;
use crate::routes::exports::{RangeQuery, rows_for};
use axum_extra::routing::TypedPath;

/// Every workstream's latest submitted report per period, for a date range.
#[utoipa::path(
    get,
    path = api::ExportRows::PATH,
    tag = "exports",
    params(api::ExportRows, RangeQuery),
    responses(
        (status = 200, description = "One row per workstream per period", body = Vec<ExportRow>),
        (status = 403, description = "No role in this programme", body = ErrorBody),
        (status = 422, description = "A bad date", body = ErrorBody)
    )
)]
pub async fn rows(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::ExportRows { slug }: api::ExportRows,
    Query(range): Query<RangeQuery>,
) -> WebResult<Json<Vec<ExportRow>>> {
    let (_, rows) = rows_for(&state, &actor, &slug, &range).await?;
    Ok(Json(
        rows.iter()
            .map(ExportRow::try_from)
            .collect::<WebResult<_>>()?,
    ))
}
