//! `GET/POST /api/v1/programmes/{slug}/workstreams/{ws}/pid` and
//! `GET …/pid/versions/{n}`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use highlight_domain::Pid;
use serde::Serialize;
use utoipa::ToSchema;

use super::ApiJson;
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::routes::api::errors::ErrorBody;
use crate::routes::setup::managed_workstream;
use highlight_app::pid::{self as service, PidInput, changes};
use highlight_store::pids::StoredPid;

/// Who stored a version, when and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionBody {
    pub version: u32,
    /// RFC 3339.
    pub created_at: String,
    pub created_by: Option<String>,
    pub rebaseline_reason: Option<String>,
}

impl VersionBody {
    fn of(v: &StoredPid) -> Self {
        Self {
            version: v.pid.version,
            created_at: v.row.created_at.to_rfc3339(),
            created_by: v.created_by.clone(),
            rebaseline_reason: v.pid.rebaseline_reason.clone(),
        }
    }
}

/// The current PID and every version.
#[derive(Debug, Serialize, ToSchema)]
pub struct PidHistoryBody {
    /// The current version (the domain's PID: money in pence, dates ISO 8601), or null.
    #[schema(value_type = Object)]
    pub current: Option<Pid>,
    /// Newest first.
    pub versions: Vec<VersionBody>,
}

/// One version with what it changed from the one before.
#[derive(Debug, Serialize, ToSchema)]
pub struct PidVersionBody {
    #[schema(value_type = Object)]
    pub pid: Pid,
    pub stored: VersionBody,
    pub current: bool,
    pub previous_version: Option<u32>,
    /// In words, one per change.
    pub changes: Vec<String>,
}

/// The PID of a workstream: the current version and the list of versions.
#[utoipa::path(
    get,
    path = "/api/v1/programmes/{slug}/workstreams/{ws}/pid",
    tag = "set-up",
    params(
        ("slug" = String, Path, description = "The programme's web address name"),
        ("ws" = String, Path, description = "The workstream's web address name")
    ),
    responses(
        (status = 200, description = "The current version and the versions", body = PidHistoryBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 404, description = "No such workstream", body = ErrorBody)
    )
)]
pub async fn history(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Path((slug, ws)): Path<(String, String)>,
) -> WebResult<Json<PidHistoryBody>> {
    let (_, w) = managed_workstream(&state.db, &actor, &slug, &ws).await?;
    let h = service::history(&state.db, w.id).await?;
    Ok(Json(PidHistoryBody {
        current: h.first().map(|v| v.pid.clone()),
        versions: h.iter().map(VersionBody::of).collect(),
    }))
}

/// One version of the PID, read-only, with what changed from the version before.
#[utoipa::path(
    get,
    path = "/api/v1/programmes/{slug}/workstreams/{ws}/pid/versions/{n}",
    tag = "set-up",
    params(
        ("slug" = String, Path, description = "The programme's web address name"),
        ("ws" = String, Path, description = "The workstream's web address name"),
        ("n" = u32, Path, description = "The version")
    ),
    responses(
        (status = 200, description = "The version", body = PidVersionBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 404, description = "No such version", body = ErrorBody)
    )
)]
pub async fn version(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Path((slug, ws, n)): Path<(String, String, u32)>,
) -> WebResult<Json<PidVersionBody>> {
    let (_, w) = managed_workstream(&state.db, &actor, &slug, &ws).await?;
    let h = service::history(&state.db, w.id).await?;
    let i = h
        .iter()
        .position(|v| v.pid.version == n)
        .ok_or_else(|| WebError::NotFound(format!("version {n} of the PID of {}", w.name)))?;
    let previous = h.get(i + 1);
    Ok(Json(PidVersionBody {
        pid: h[i].pid.clone(),
        stored: VersionBody::of(&h[i]),
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
    path = "/api/v1/programmes/{slug}/workstreams/{ws}/pid",
    tag = "set-up",
    params(
        ("slug" = String, Path, description = "The programme's web address name"),
        ("ws" = String, Path, description = "The workstream's web address name")
    ),
    request_body(content = Object, description = "The PID as typed, with rebaseline_reason"),
    responses(
        (status = 201, description = "The new version", body = Object),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 422, description = "Invalid fields (paths like stages[1].ends_on)", body = ErrorBody)
    )
)]
pub async fn add(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Path((slug, ws)): Path<(String, String)>,
    ApiJson(input): ApiJson<PidInput>,
) -> WebResult<(StatusCode, Json<Pid>)> {
    let (scope, w) = managed_workstream(&state.db, &actor, &slug, &ws).await?;
    let pid = service::add_version(&state.db, &actor, &scope, &w, &input, Utc::now()).await?;
    Ok((StatusCode::CREATED, Json(pid)))
}
