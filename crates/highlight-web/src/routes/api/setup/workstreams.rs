//! `POST /api/v1/programmes/{slug}/workstreams` and
//! `PATCH /api/v1/programmes/{slug}/workstreams/{ws}`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::ApiJson;
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::WebResult;
use crate::paths::api;
use crate::routes::api::errors::ErrorBody;
use crate::routes::api::model::setup::{WorkstreamInput, WorkstreamSettings};
use crate::routes::setup::{managed, managed_workstream};
use axum_extra::routing::TypedPath;
use highlight_app::forms::{change, patch};
use highlight_app::workstreams::{self as service, WorkstreamForm};

/// Adds a workstream. Choose the lead and deputy by `lead_id`, or by `lead_email`
/// (with `lead_name` to create an account).
#[utoipa::path(
    post,
    path = api::Workstreams::PATH,
    tag = "set-up",
    params(api::Workstreams),
    request_body = WorkstreamInput,
    responses(
        (status = 201, description = "The workstream was added", body = WorkstreamSettings),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a message", body = ErrorBody)
    )
)]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Workstreams { slug }: api::Workstreams,
    ApiJson(body): ApiJson<WorkstreamInput>,
) -> WebResult<(StatusCode, Json<WorkstreamSettings>)> {
    let scope = managed(&state.db, &actor, &slug).await?;
    let form: WorkstreamForm = patch(&WorkstreamForm::blank(), body.changes())?;
    let w = service::create(
        &state.db,
        &state.settings.server.public_url,
        &actor,
        &scope,
        &form,
        state.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(w.into())))
}

/// Changes a workstream: send only the fields to change.
#[utoipa::path(
    patch,
    path = api::Workstream::PATH,
    tag = "set-up",
    params(api::Workstream),
    request_body = WorkstreamInput,
    responses(
        (status = 200, description = "The workstream as saved", body = WorkstreamSettings),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 404, description = "No such workstream", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a message", body = ErrorBody)
    )
)]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Workstream { slug, ws }: api::Workstream,
    ApiJson(body): ApiJson<WorkstreamInput>,
) -> WebResult<Json<WorkstreamSettings>> {
    let (scope, old) = managed_workstream(&state.db, &actor, &slug, &ws).await?;
    let form: WorkstreamForm = change(&WorkstreamForm::of(&old), body.changes())?;
    let w = service::update(
        &state.db,
        &state.settings.server.public_url,
        &actor,
        &scope,
        &old,
        &form,
        state.now(),
    )
    .await?;
    Ok(Json(w.into()))
}
