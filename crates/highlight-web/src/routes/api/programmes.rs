//! `GET /api/v1/programmes…`: the programmes the caller can see, a programme, its
//! workstreams and the board's matrix for a period — the same services as the pages,
//! answered in the API's own types (`model`).

use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use utoipa::IntoParams;

use super::errors::ErrorBody;
use super::model::board::Board;
use super::model::pid::Pid;
use super::model::programmes::{
    DeliverableProgress, Programme, ProgrammeDetail, WorkstreamDetail, WorkstreamSummary,
};
use super::model::reports::ReportListItem;
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::WebResult;
use crate::paths::api;
use axum_extra::routing::TypedPath;
use highlight_app::board;
use highlight_app::reports::parse_due;

/// The programmes the caller has a role in.
#[utoipa::path(
    get,
    path = api::Programmes::PATH,
    tag = "programmes",
    responses(
        (status = 200, description = "The programmes the caller can see, by name", body = [Programme]),
        (status = 401, description = "No valid credentials", body = ErrorBody)
    )
)]
pub async fn list_programmes(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
) -> WebResult<Json<Vec<Programme>>> {
    let programmes = board::programmes_of(&state.db, &actor).await?;
    Ok(Json(programmes.iter().map(Programme::from).collect()))
}

/// A programme, with its reporting periods.
#[utoipa::path(
    get,
    path = api::Programme::PATH,
    tag = "programmes",
    params(api::Programme),
    responses(
        (status = 200, description = "The programme", body = ProgrammeDetail),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No role in this programme", body = ErrorBody),
        (status = 404, description = "No such programme", body = ErrorBody)
    )
)]
pub async fn get_programme(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Programme { slug }: api::Programme,
) -> WebResult<Json<ProgrammeDetail>> {
    let detail = board::programme_detail(&state.db, &actor, &slug, state.now()).await?;
    Ok(Json(ProgrammeDetail::from(&detail)))
}

/// The programme's workstreams, in display order.
#[utoipa::path(
    get,
    path = api::Workstreams::PATH,
    tag = "programmes",
    params(api::Workstreams),
    responses(
        (status = 200, description = "The workstreams", body = [WorkstreamSummary]),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No role in this programme", body = ErrorBody),
        (status = 404, description = "No such programme", body = ErrorBody)
    )
)]
pub async fn list_workstreams(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Workstreams { slug }: api::Workstreams,
) -> WebResult<Json<Vec<WorkstreamSummary>>> {
    let workstreams = board::workstreams_of(&state.db, &actor, &slug).await?;
    Ok(Json(
        workstreams
            .iter()
            .map(WorkstreamSummary::try_from)
            .collect::<WebResult<_>>()?,
    ))
}

/// A workstream: its current PID, its deliverables today and its reports, one per
/// period (the status trend as data).
#[utoipa::path(
    get,
    path = api::Workstream::PATH,
    tag = "programmes",
    params(api::Workstream),
    responses(
        (status = 200, description = "The workstream", body = WorkstreamDetail),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No role in this programme", body = ErrorBody),
        (status = 404, description = "No such programme or workstream", body = ErrorBody)
    )
)]
pub async fn get_workstream(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Workstream { slug, ws }: api::Workstream,
) -> WebResult<Json<WorkstreamDetail>> {
    let now = state.now();
    let (scope, w) = highlight_app::scope::workstream(&state.db, &actor, &slug, &ws).await?;
    let detail = board::workstream_detail(&state.db, &actor, &slug, &ws, now).await?;
    let reports = board::report_list(&state.db, &actor, &slug, &ws, now).await?;
    let pid = highlight_store::current_pid::load(&state.db, &[w.id.0])
        .await?
        .remove(&w.id.0);
    let today = highlight_domain::local_date(now, scope.tz);
    Ok(Json(WorkstreamDetail {
        programme: (&detail.programme).into(),
        workstream: (&detail.workstream).try_into()?,
        deliverables: pid
            .iter()
            .flat_map(|p| &p.deliverables)
            .map(|d| DeliverableProgress::of(d, today))
            .collect(),
        pid: pid.as_ref().map(Pid::from),
        reports: reports
            .iter()
            .map(ReportListItem::try_from)
            .collect::<WebResult<_>>()?,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct BoardQuery {
    /// The period's due date, `YYYY-MM-DD`; default: the current period.
    #[param(value_type = crate::routes::input::OptionalDate, required = false)]
    pub period: Option<String>,
}

/// The board's matrix: every workstream's status for a period, exceptions and
/// overdue first; every RAG with its explanation.
#[utoipa::path(
    get,
    path = api::Board::PATH,
    tag = "programmes",
    params(api::Board, BoardQuery),
    responses(
        (status = 200, description = "The matrix", body = Board),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No role in this programme", body = ErrorBody),
        (status = 404, description = "No such programme or period", body = ErrorBody)
    )
)]
pub async fn get_board(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Board { slug }: api::Board,
    Query(query): Query<BoardQuery>,
) -> WebResult<Json<Board>> {
    let period = query
        .period
        .as_deref()
        .filter(|p| !p.is_empty())
        .map(parse_due)
        .transpose()?;
    let board = board::board(&state.db, &actor, &slug, period, state.now()).await?;
    Ok(Json(Board::try_from(&board)?))
}
