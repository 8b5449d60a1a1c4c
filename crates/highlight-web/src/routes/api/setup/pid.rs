//! `GET/POST /api/v1/programmes/{slug}/workstreams/{ws}/pid` and
//! `GET …/pid/versions/{n}`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::ApiJson;
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::paths::api;
use crate::routes::api::errors::ErrorBody;
use crate::routes::api::model::pid::{Pid, PidHistory, PidInput, PidVersion, PidVersionDetail};
use crate::routes::setup::managed_workstream;
use axum_extra::routing::TypedPath;
use highlight_app::pid::{self as service, changes};

/// The PID of a workstream: the current version and the list of versions.
#[utoipa::path(
    get,
    path = api::Pid::PATH,
    tag = "set-up",
    params(api::Pid),
    responses(
        (status = 200, description = "The current version and the versions", body = PidHistory),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 404, description = "No such workstream", body = ErrorBody)
    )
)]
pub async fn history(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Pid { slug, ws }: api::Pid,
) -> WebResult<Json<PidHistory>> {
    let (_, w) = managed_workstream(&state.db, &actor, &slug, &ws).await?;
    let h = service::history(&state.db, w.id.0).await?;
    Ok(Json(PidHistory {
        current: h.first().map(|v| Pid::from(&v.pid)),
        versions: h.iter().map(PidVersion::from).collect(),
    }))
}

/// One version of the PID, read-only, with what changed from the version before.
#[utoipa::path(
    get,
    path = api::PidVersion::PATH,
    tag = "set-up",
    params(api::PidVersion),
    responses(
        (status = 200, description = "The version", body = PidVersionDetail),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 404, description = "No such version", body = ErrorBody)
    )
)]
pub async fn version(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::PidVersion { slug, ws, n }: api::PidVersion,
) -> WebResult<Json<PidVersionDetail>> {
    let (_, w) = managed_workstream(&state.db, &actor, &slug, &ws).await?;
    let h = service::history(&state.db, w.id.0).await?;
    let i = h
        .iter()
        .position(|v| v.pid.version == n)
        .ok_or_else(|| WebError::NotFound(format!("version {n} of the PID of {}", w.name)))?;
    let previous = h.get(i + 1);
    Ok(Json(PidVersionDetail {
        pid: Pid::from(&h[i].pid),
        stored: PidVersion::from(&h[i]),
        current: i == 0,
        previous_version: previous.map(|p| p.pid.version),
        changes: previous
            .map(|p| changes(&p.pid, &h[i].pid))
            .unwrap_or_default(),
    }))
}

/// Stores the next version of the PID (never edits one). From version 2 on,
/// `rebaseline_reason` is required. Fields are the form's, as text: `summary`,
/// `baseline_budget` ("£25,000"), `tolerances` {`time`, `cost`, `quality`, `scope`,
/// `risk`, `benefit`}, `planned_end`, `stages` [{`number`, `name`, `starts_on`,
/// `ends_on`}], `deliverables` [{`name`, `target`, `done_on`}], `agreed_by`,
/// `agreed_on`.
#[utoipa::path(
    post,
    path = api::Pid::PATH,
    tag = "set-up",
    params(api::Pid),
    request_body = PidInput,
    responses(
        (status = 201, description = "The new version", body = Pid),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 422, description = "Invalid fields (paths like stages[1].ends_on)", body = ErrorBody)
    )
)]
pub async fn add(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Pid { slug, ws }: api::Pid,
    ApiJson(input): ApiJson<PidInput>,
) -> WebResult<(StatusCode, Json<Pid>)> {
    let (scope, w) = managed_workstream(&state.db, &actor, &slug, &ws).await?;
    let input = service::PidInput::from(input);
    let pid = service::add_version(&state.db, &actor, &scope, &w, &input, state.now()).await?;
    Ok((StatusCode::CREATED, Json(Pid::from(&pid))))
}
