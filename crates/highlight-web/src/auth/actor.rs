//! The person behind a request, and the extractors handlers use to ask for them.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;

use super::session;
use crate::app::AppState;
use crate::error::WebError;
use highlight_store::accounts;

pub use highlight_app::Actor;

/// Middleware: authenticates the request (bearer token or session cookie) and puts the
/// [`Actor`] into its extensions. An invalid or expired credential is simply no actor.
pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    match authenticate(&state, request.headers()).await {
        Ok(Some(actor)) => {
            request.extensions_mut().insert(actor);
        }
        Ok(None) => {}
        Err(e) => return WebError::from(e).into_response(),
    }
    next.run(request).await
}

/// The bearer token of an `Authorization: Bearer …` header.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
) -> highlight_store::StoreResult<Option<Actor>> {
    let now = state.now();
    let (user, via_session) = if let Some(token) = bearer(headers) {
        (accounts::user_of_token(&state.db, token, now).await?, false)
    } else {
        let jar = CookieJar::from_headers(headers);
        let Some(cookie) = jar.get(session::COOKIE) else {
            return Ok(None);
        };
        (
            session::user_of(&state.db, cookie.value(), now).await?,
            true,
        )
    };
    let Some(user) = user else {
        return Ok(None);
    };
    Ok(Some(Actor {
        access: accounts::access_of(&state.db, &user).await?,
        user,
        via_session,
    }))
}

/// The signed-in person; unauthenticated requests are refused (a sign-in redirect for
/// pages, 401 for the API).
#[derive(Debug, Clone)]
pub struct CurrentUser(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Actor>()
            .cloned()
            .map(CurrentUser)
            .ok_or(WebError::Unauthenticated)
    }
}

/// The signed-in person, if any.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<Actor>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeUser(parts.extensions.get::<Actor>().cloned()))
    }
}

/// Middleware for administration pages (captured mail, the outbox): administrators only.
pub async fn require_admin(request: Request, next: Next) -> Response {
    match request.extensions().get::<Actor>() {
        None => WebError::Unauthenticated.into_response(),
        Some(actor) if !actor.access.can_administer() => WebError::Forbidden(
            "Only the programme office's administrators can see the outgoing mail.".into(),
        )
        .into_response(),
        Some(_) => next.run(request).await,
    }
}
