//! `POST /api/v1/programmes/{slug}/workstreams` and
//! `PATCH /api/v1/programmes/{slug}/workstreams/{ws}`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use serde::Serialize;
use utoipa::ToSchema;

use super::ApiJson;
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::WebResult;
use crate::routes::api::errors::ErrorBody;
use crate::routes::setup::{managed, managed_workstream};
use highlight_app::forms::patch;
use highlight_app::workstreams::{self as service, WorkstreamForm};
use highlight_store::entities::workstreams;

/// A workstream as set up.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkstreamBody {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub lead_id: Option<i64>,
    pub deputy_id: Option<i64>,
    pub lead_organisation: String,
    pub stage: i32,
    /// active, on_hold or closed.
    pub status: String,
    /// The day it started (YYYY-MM-DD).
    #[schema(value_type = String, format = Date)]
    pub started_on: chrono::NaiveDate,
    /// The day it closed (YYYY-MM-DD); null while it runs.
    #[schema(value_type = Option<String>, format = Date)]
    pub closed_on: Option<chrono::NaiveDate>,
}

impl From<workstreams::Model> for WorkstreamBody {
    fn from(w: workstreams::Model) -> Self {
        Self {
            id: w.id,
            slug: w.slug,
            name: w.name,
            lead_id: w.lead_id,
            deputy_id: w.deputy_id,
            lead_organisation: w.lead_organisation,
            stage: w.stage,
            status: w.status,
            started_on: w.started_on,
            closed_on: w.closed_on,
        }
    }
}

/// Adds a workstream. Choose the lead and deputy by `lead_id`, or by `lead_email`
/// (with `lead_name` to create an account).
#[utoipa::path(
    post,
    path = "/api/v1/programmes/{slug}/workstreams",
    tag = "set-up",
    params(("slug" = String, Path, description = "The programme's web address name")),
    request_body = WorkstreamForm,
    responses(
        (status = 201, description = "The workstream was added", body = WorkstreamBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a message", body = ErrorBody)
    )
)]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> WebResult<(StatusCode, Json<WorkstreamBody>)> {
    let scope = managed(&state.db, &actor, &slug).await?;
    let form: WorkstreamForm = patch(&WorkstreamForm::blank(), body)?;
    let w = service::create(&state.db, &actor, &scope, &form, Utc::now()).await?;
    Ok((StatusCode::CREATED, Json(w.into())))
}

/// Changes a workstream: send only the fields to change.
#[utoipa::path(
    patch,
    path = "/api/v1/programmes/{slug}/workstreams/{ws}",
    tag = "set-up",
    params(
        ("slug" = String, Path, description = "The programme's web address name"),
        ("ws" = String, Path, description = "The workstream's web address name")
    ),
    request_body = WorkstreamForm,
    responses(
        (status = 200, description = "The workstream as saved", body = WorkstreamBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 404, description = "No such workstream", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a message", body = ErrorBody)
    )
)]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Path((slug, ws)): Path<(String, String)>,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> WebResult<Json<WorkstreamBody>> {
    let (scope, old) = managed_workstream(&state.db, &actor, &slug, &ws).await?;
    let form: WorkstreamForm = patch(&WorkstreamForm::of(&old), body)?;
    let w = service::update(&state.db, &actor, &scope, &old, &form, Utc::now()).await?;
    Ok(Json(w.into()))
}
