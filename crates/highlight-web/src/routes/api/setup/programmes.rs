//! `POST /api/v1/programmes`, `PATCH /api/v1/programmes/{slug}` and
//! `GET /api/v1/programmes/{slug}/cycle/preview`.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

use super::ApiJson;
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::paths::api;
use crate::routes::api::errors::ErrorBody;
use crate::routes::api::model::setup::{CyclePreview, ProgrammeInput, ProgrammeSettings};
use crate::routes::setup::managed;
use axum_extra::routing::TypedPath;
use highlight_app::forms::{change, patch};
use highlight_app::programmes::{self as service, ProgrammeForm};
use highlight_app::scope;

/// Sets up a programme (administrators only). Blank fields take the form's defaults:
/// Europe/London, monthly on the 5th working day, the default reminders.
#[utoipa::path(
    post,
    path = api::Programmes::PATH,
    tag = "set-up",
    request_body = ProgrammeInput,
    responses(
        (status = 201, description = "The programme was created", body = ProgrammeSettings),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a message", body = ErrorBody)
    )
)]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiJson(body): ApiJson<ProgrammeInput>,
) -> WebResult<(StatusCode, Json<ProgrammeSettings>)> {
    scope::require(
        actor.access.can_administer(),
        "set up programmes: only administrators can",
    )?;
    let form: ProgrammeForm = patch(&ProgrammeForm::blank(), body.changes())?;
    let model = service::create(
        &state.db,
        &state.settings.server.public_url,
        &actor,
        &form,
        state.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(ProgrammeSettings::of(model))))
}

/// Changes a programme's settings: send only the fields to change.
#[utoipa::path(
    patch,
    path = api::Programme::PATH,
    tag = "set-up",
    params(api::Programme),
    request_body = ProgrammeInput,
    responses(
        (status = 200, description = "The settings as saved", body = ProgrammeSettings),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 404, description = "No such programme", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a message", body = ErrorBody)
    )
)]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Programme { slug }: api::Programme,
    ApiJson(body): ApiJson<ProgrammeInput>,
) -> WebResult<Json<ProgrammeSettings>> {
    let scope = managed(&state.db, &actor, &slug).await?;
    let form: ProgrammeForm = change(&ProgrammeForm::of(&scope), body.changes())?;
    let model = service::update(
        &state.db,
        &state.settings.server.public_url,
        &actor,
        &scope,
        &form,
        state.now(),
    )
    .await?;
    Ok(Json(ProgrammeSettings::of(model)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PreviewQuery {
    /// How many due dates (1 to 60; default 6).
    #[param(minimum = 1, maximum = 60)]
    count: Option<usize>,
}

/// The next due dates from today, in the programme's time zone and working calendar.
#[utoipa::path(
    get,
    path = api::CyclePreview::PATH,
    tag = "set-up",
    params(api::CyclePreview, PreviewQuery),
    responses(
        (status = 200, description = "The next due dates", body = CyclePreview),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 422, description = "A count out of range", body = ErrorBody)
    )
)]
pub async fn preview(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::CyclePreview { slug }: api::CyclePreview,
    Query(q): Query<PreviewQuery>,
) -> WebResult<Json<CyclePreview>> {
    let scope = managed(&state.db, &actor, &slug).await?;
    let count = q.count.unwrap_or(service::PREVIEW_COUNT);
    if !(1..=60).contains(&count) {
        let mut e = highlight_domain::ValidationErrors::new();
        e.add("count", "Ask for 1 to 60 due dates");
        return Err(WebError::Invalid(e));
    }
    let due_dates = service::preview(
        &state.db,
        &scope.cycle,
        scope.tz,
        &scope.programme.holiday_region,
        state.now(),
        count,
    )
    .await?;
    Ok(Json(CyclePreview {
        cycle: (&scope.cycle).into(),
        reporting_cycle: scope.cycle.to_string(),
        time_zone: scope.programme.time_zone.name().to_owned(),
        due_dates,
    }))
}
