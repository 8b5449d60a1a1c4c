//! Accounts and API tokens: `GET/POST /api/v1/me/tokens`, `DELETE /api/v1/tokens/{id}`,
//! and for administrators `GET /api/v1/accounts`, a person's tokens, and disabling,
//! enabling and re-inviting an account.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::routing::TypedPath;

use super::errors::ErrorBody;
use super::model::accounts::{ApiToken, IssuedToken, NewTokenInput, Person};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::WebResult;
use crate::paths::api;
use crate::routes::input::ApiJson;
use highlight_app::accounts as service;

/// The caller's API tokens, newest first (revoked and expired ones too).
#[utoipa::path(
    get,
    path = api::MyTokens::PATH,
    tag = "account",
    responses(
        (status = 200, description = "The caller's tokens", body = Vec<ApiToken>),
        (status = 401, description = "No valid credentials", body = ErrorBody)
    )
)]
pub async fn my_tokens(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    _: api::MyTokens,
) -> WebResult<Json<Vec<ApiToken>>> {
    let tokens = service::tokens_of(&state.db, Some(&actor), actor.id(), state.now()).await?;
    Ok(Json(tokens.into_iter().map(ApiToken::from).collect()))
}

/// Issues an API token for the caller, working for `api.token_days` (90 by default).
/// The token is in this response only.
#[utoipa::path(
    post,
    path = api::MyTokens::PATH,
    tag = "account",
    request_body = NewTokenInput,
    responses(
        (status = 201, description = "The token, shown this once", body = IssuedToken),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 422, description = "No name", body = ErrorBody)
    )
)]
pub async fn issue_token(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    _: api::MyTokens,
    ApiJson(input): ApiJson<NewTokenInput>,
) -> WebResult<(StatusCode, Json<IssuedToken>)> {
    let (token, summary) = service::issue_token(
        &state.db,
        Some(&actor),
        actor.id(),
        &input.name,
        state.settings.api.token_days,
        state.now(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(IssuedToken {
            token,
            api_token: summary.into(),
        }),
    ))
}

/// Revokes an API token: the caller's own, or anyone's for an administrator. It stops
/// working at once (401). Revoking a revoked token changes nothing.
#[utoipa::path(
    delete,
    path = api::Token::PATH,
    tag = "account",
    params(api::Token),
    responses(
        (status = 200, description = "The token, revoked", body = ApiToken),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 404, description = "No such token of the caller's", body = ErrorBody)
    )
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Token { token_id }: api::Token,
) -> WebResult<Json<ApiToken>> {
    let t = service::revoke_token(&state.db, Some(&actor), token_id, state.now()).await?;
    Ok(Json(t.into()))
}

/// Everyone with an account, disabled ones too, by name.
#[utoipa::path(
    get,
    path = api::Accounts::PATH,
    tag = "accounts",
    responses(
        (status = 200, description = "Everyone", body = Vec<Person>),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody)
    )
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    _: api::Accounts,
) -> WebResult<Json<Vec<Person>>> {
    let people = service::people(&state.db, Some(&actor)).await?;
    Ok(Json(people.into_iter().map(Person::from).collect()))
}

/// A person's API tokens.
#[utoipa::path(
    get,
    path = api::AccountTokens::PATH,
    tag = "accounts",
    params(api::AccountTokens),
    responses(
        (status = 200, description = "Their tokens, newest first", body = Vec<ApiToken>),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not an administrator (nor the person)", body = ErrorBody)
    )
)]
pub async fn tokens(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::AccountTokens { user_id }: api::AccountTokens,
) -> WebResult<Json<Vec<ApiToken>>> {
    let tokens = service::tokens_of(&state.db, Some(&actor), user_id, state.now()).await?;
    Ok(Json(tokens.into_iter().map(ApiToken::from).collect()))
}

/// Disables an account: its sessions, sign-in links and API tokens stop at once.
#[utoipa::path(
    post,
    path = api::DisableAccount::PATH,
    tag = "accounts",
    params(api::DisableAccount),
    responses(
        (status = 200, description = "The account, disabled", body = Person),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
        (status = 409, description = "One's own account", body = ErrorBody)
    )
)]
pub async fn disable(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::DisableAccount { user_id }: api::DisableAccount,
) -> WebResult<Json<Person>> {
    let p = service::set_enabled(&state.db, Some(&actor), user_id, false, state.now()).await?;
    Ok(Json(p.into()))
}

/// Enables an account again; tokens revoked when it was disabled stay revoked.
#[utoipa::path(
    post,
    path = api::EnableAccount::PATH,
    tag = "accounts",
    params(api::EnableAccount),
    responses(
        (status = 200, description = "The account, enabled", body = Person),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody)
    )
)]
pub async fn enable(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::EnableAccount { user_id }: api::EnableAccount,
) -> WebResult<Json<Person>> {
    let p = service::set_enabled(&state.db, Some(&actor), user_id, true, state.now()).await?;
    Ok(Json(p.into()))
}

/// E-mails an invited person (no password yet) a new invitation link (seven days).
#[utoipa::path(
    post,
    path = api::AccountInvitation::PATH,
    tag = "accounts",
    params(api::AccountInvitation),
    responses(
        (status = 200, description = "The invitation is queued", body = Person),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
        (status = 409, description = "Not invited: active or disabled", body = ErrorBody)
    )
)]
pub async fn invite(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::AccountInvitation { user_id }: api::AccountInvitation,
) -> WebResult<Json<Person>> {
    let p = service::resend_invitation(
        &state.db,
        &state.settings.server.public_url,
        Some(&actor),
        user_id,
        state.now(),
    )
    .await?;
    Ok(Json(p.into()))
}
