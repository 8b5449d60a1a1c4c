//! `/api/v1/programmes/{slug}/pack` and `…/packs`: the live board pack for a meeting,
//! issuing one, and the packs as issued — the same packs as the pages, in the API's
//! own types.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;

use super::errors::ErrorBody;
use super::model::pack::{BoardPack, IssueBody, IssuedPack, IssuedPackSummary};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::WebResult;
use crate::pack::issued;
use crate::paths::api;
use crate::routes::input::ApiJson;
use crate::routes::packs::{MeetingQuery, issue_for, live};
use axum_extra::routing::TypedPath;
use highlight_app::scope;

/// The live pack for a meeting.
#[utoipa::path(
    get,
    path = api::LivePack::PATH,
    tag = "packs",
    params(api::LivePack, MeetingQuery),
    responses(
        (status = 200, description = "The board pack as it stands now", body = BoardPack),
        (status = 403, description = "No role in this programme", body = ErrorBody),
        (status = 422, description = "A bad date", body = ErrorBody)
    )
)]
pub async fn live_pack(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::LivePack { slug }: api::LivePack,
    Query(q): Query<MeetingQuery>,
) -> WebResult<Json<BoardPack>> {
    let (_, pack) = live(&state, &actor, &slug, q.meeting.as_deref()).await?;
    Ok(Json(BoardPack::try_from(&pack)?))
}

/// Every pack issued for the programme, newest meeting first.
#[utoipa::path(
    get,
    path = api::Packs::PATH,
    tag = "packs",
    params(api::Packs),
    responses(
        (status = 200, description = "The issued packs, without their content", body = Vec<IssuedPackSummary>),
        (status = 403, description = "No role in this programme", body = ErrorBody)
    )
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Packs { slug }: api::Packs,
) -> WebResult<Json<Vec<IssuedPackSummary>>> {
    let scope = scope::programme(&state.db, &actor, &slug).await?;
    let packs = issued::list(&state.db, &scope).await?;
    Ok(Json(packs.iter().map(IssuedPackSummary::from).collect()))
}

/// Issues the pack for a meeting: a new version, frozen as it stands.
#[utoipa::path(
    post,
    path = api::Packs::PATH,
    tag = "packs",
    params(api::Packs),
    request_body = IssueBody,
    responses(
        (status = 201, description = "The pack as issued", body = IssuedPack),
        (status = 403, description = "Not the programme office", body = ErrorBody),
        (status = 409, description = "Issued by someone else at the same moment", body = ErrorBody),
        (status = 422, description = "A bad date", body = ErrorBody)
    )
)]
pub async fn issue(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Packs { slug }: api::Packs,
    ApiJson(body): ApiJson<IssueBody>,
) -> WebResult<(StatusCode, Json<IssuedPack>)> {
    let (_, issued) = issue_for(&state, &actor, &slug, body.meeting.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(IssuedPack::try_from(&issued)?)))
}

/// One pack exactly as it was issued.
#[utoipa::path(
    get,
    path = api::IssuedPack::PATH,
    tag = "packs",
    params(api::IssuedPack),
    responses(
        (status = 200, description = "The pack as issued", body = IssuedPack),
        (status = 403, description = "No role in this programme", body = ErrorBody),
        (status = 404, description = "No such pack in this programme", body = ErrorBody)
    )
)]
pub async fn issued(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::IssuedPack { slug, id }: api::IssuedPack,
) -> WebResult<Json<IssuedPack>> {
    let scope = scope::programme(&state.db, &actor, &slug).await?;
    let pack = issued::find(&state.db, &scope, id).await?;
    Ok(Json(IssuedPack::try_from(&pack)?))
}
