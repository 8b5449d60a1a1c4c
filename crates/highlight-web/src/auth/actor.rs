//! The person behind a request, and the extractors handlers use to ask for them.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;

use super::session;
use crate::app::AppState;
use crate::error::WebError;
use highlight_domain::UserId;
use highlight_domain::session_life::{Ending, SessionState};
use highlight_store::accounts;

pub use highlight_app::Actor;

/// Middleware: authenticates the request (bearer token or session cookie) and puts the
/// [`Actor`] into its extensions. An invalid or expired credential is simply no actor;
/// a session that ran out (idle or absolute, as the domain's `SessionPolicy` decides) is
/// ended, its cookie removed, and a short-lived note left for the sign-in page to say why.
pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let ended = match authenticate(&state, request.headers()).await {
        Ok(Found::Actor(actor)) => {
            request.extensions_mut().insert(*actor);
            None
        }
        Ok(Found::Nobody) => None,
        Ok(Found::Ended { ending, user }) => {
            request.extensions_mut().insert(EndedSession { user });
            Some(ending)
        }
        Err(e) => return WebError::from(e).into_response(),
    };
    let mut response = next.run(request).await;
    if let Some(ending) = ended {
        let secure = state.secure_cookies();
        for cookie in [session::removal(secure), session::ended(ending, secure)] {
            if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
        }
    }
    response
}

/// Who a request's credentials name.
enum Found {
    Actor(Box<Actor>),
    Nobody,
    /// A session cookie whose session has just run out, and whose it was.
    Ended {
        ending: Ending,
        user: UserId,
    },
}

/// On a request whose session ran out as it arrived: whose session it was. The request
/// is not signed in (it has no [`Actor`]); a report form's handler uses this only to keep
/// what was typed for that person, to show them once they have signed in again.
#[derive(Debug, Clone, Copy)]
pub struct EndedSession {
    pub user: UserId,
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
) -> highlight_store::StoreResult<Found> {
    let now = state.now();
    let (user, via_session) = if let Some(token) = bearer(headers) {
        (accounts::user_of_token(&state.db, token, now).await?, false)
    } else {
        let jar = CookieJar::from_headers(headers);
        let Some(cookie) = jar.get(session::COOKIE) else {
            return Ok(Found::Nobody);
        };
        let secret = cookie.value();
        let Some(found) = session::find(&state.db, secret).await? else {
            return Ok(Found::Nobody);
        };
        match state
            .session_policy()
            .state(found.created_at, found.last_seen_at, now)
        {
            SessionState::Live { touch } => {
                if touch {
                    session::touch(&state.db, secret, now).await?;
                }
            }
            ended => {
                session::end(&state.db, secret).await?;
                tracing::info!(user = found.user_id, ?ended, "session timed out");
                let user = UserId(found.user_id);
                return Ok(ended
                    .ending()
                    .map_or(Found::Nobody, |ending| Found::Ended { ending, user }));
            }
        }
        (session::user(&state.db, found.user_id).await?, true)
    };
    let Some(user) = user else {
        return Ok(Found::Nobody);
    };
    Ok(Found::Actor(Box::new(Actor {
        access: accounts::access_of(&state.db, &user).await?,
        user,
        via_session,
    })))
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
