//! `POST /api/v1/programmes/{slug}/workstreams/import`: a CSV body, checked row by row
//! and imported all or nothing.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::WebResult;
use crate::paths::api;
use crate::routes::api::errors::ErrorBody;
use crate::routes::api::model::setup::{ImportRefusal, ImportReport};
use crate::routes::setup::managed;
use axum_extra::routing::TypedPath;
use highlight_app::import as service;

#[derive(Debug, Deserialize, IntoParams)]
pub struct ImportQuery {
    /// Only check the rows; import nothing.
    #[serde(default)]
    dry_run: bool,
}

/// Imports workstreams from CSV (`name,lead_email,deputy_email,lead_organisation,stage,status`,
/// header first). Answers 200 with the report after a dry run or an import, and 422
/// with the report when any row has a problem (nothing is imported then).
#[utoipa::path(
    post,
    path = api::WorkstreamImport::PATH,
    tag = "set-up",
    params(api::WorkstreamImport, ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "The CSV file"),
    responses(
        (status = 200, description = "Every row ready (and imported unless a dry run)", body = ImportReport),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 422, description = "The row-by-row report, nothing imported; or the error shape for a body or parameter holding a NUL or bytes that are not UTF-8", body = ImportRefusal)
    )
)]
pub async fn import(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::WorkstreamImport { slug }: api::WorkstreamImport,
    Query(q): Query<ImportQuery>,
    body: String,
) -> WebResult<(StatusCode, Json<ImportReport>)> {
    let scope = managed(&state.db, &actor, &slug).await?;
    let report = if q.dry_run {
        service::check(&state.db, &scope, &body, state.now()).await?
    } else {
        service::import(&state.db, &actor, &scope, &body, state.now()).await?
    };
    let status = if report.ready {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(ImportReport::from(&report))))
}
