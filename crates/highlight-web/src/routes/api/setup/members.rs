//! `GET/POST /api/v1/programmes/{slug}/members` and
//! `DELETE /api/v1/programmes/{slug}/members/{user_id}/{role}`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::ApiJson;
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::WebResult;
use crate::paths::api;
use crate::routes::api::errors::ErrorBody;
use crate::routes::api::model::setup::{Member, MemberInput};
use crate::routes::setup::managed;
use axum_extra::routing::TypedPath;
use highlight_app::members as service;

/// Everyone with a role in the programme (leads are on their workstreams).
#[utoipa::path(
    get,
    path = api::Members::PATH,
    tag = "set-up",
    params(api::Members),
    responses(
        (status = 200, description = "The roles, programme managers first", body = Vec<Member>),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody)
    )
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Members { slug }: api::Members,
) -> WebResult<Json<Vec<Member>>> {
    let scope = managed(&state.db, &actor, &slug).await?;
    let members = service::list(&state.db, scope.id()).await?;
    Ok(Json(
        members
            .iter()
            .map(Member::try_from)
            .collect::<WebResult<_>>()?,
    ))
}

/// Gives someone a role, by e-mail: their account, or a new one made with `name`.
#[utoipa::path(
    post,
    path = api::Members::PATH,
    tag = "set-up",
    params(api::Members),
    request_body = MemberInput,
    responses(
        (status = 201, description = "The role was given", body = Member),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a message", body = ErrorBody)
    )
)]
pub async fn add(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Members { slug }: api::Members,
    ApiJson(input): ApiJson<MemberInput>,
) -> WebResult<(StatusCode, Json<Member>)> {
    let scope = managed(&state.db, &actor, &slug).await?;
    let form = service::MemberForm::from(input);
    let member = service::add(
        &state.db,
        &state.settings.server.public_url,
        &actor,
        &scope,
        &form,
        state.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Member::try_from(&member)?)))
}

/// Takes a role away. The last programme manager cannot be removed (409).
#[utoipa::path(
    delete,
    path = api::Member::PATH,
    tag = "set-up",
    params(api::Member),
    responses(
        (status = 204, description = "The role was taken away"),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 404, description = "The person does not hold that role", body = ErrorBody),
        (status = 409, description = "The last programme manager", body = ErrorBody)
    )
)]
pub async fn remove(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Member {
        slug,
        user_id,
        role,
    }: api::Member,
) -> WebResult<StatusCode> {
    let scope = managed(&state.db, &actor, &slug).await?;
    service::remove(&state.db, &actor, &scope, user_id, &role, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
