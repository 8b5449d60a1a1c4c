//! The person behind a request, and the extractors handlers use to ask for them.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set,
};

use super::{secret, session};
use crate::app::AppState;
use crate::error::WebError;
use highlight_domain::access::{Access, Role};
use highlight_store::entities::{api_tokens, programme_roles, users, workstreams};

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
    let now = Utc::now();
    if let Some(token) = bearer(headers) {
        let Some(row) = api_tokens::Entity::find()
            .filter(api_tokens::Column::TokenHash.eq(secret::hash(token)))
            .filter(api_tokens::Column::RevokedAt.is_null())
            .one(&state.db)
            .await?
        else {
            return Ok(None);
        };
        let user = users::Entity::find_by_id(row.user_id)
            .one(&state.db)
            .await?;
        let Some(user) = user.filter(|u| u.disabled_at.is_none()) else {
            return Ok(None);
        };
        if row
            .last_used_at
            .is_none_or(|t| now - t > chrono::Duration::minutes(5))
        {
            let mut active: api_tokens::ActiveModel = row.into();
            active.last_used_at = Set(Some(now));
            active.update(&state.db).await?;
        }
        return Ok(Some(Actor {
            access: access_of(&state.db, &user).await?,
            user,
            via_session: false,
        }));
    }
    let jar = CookieJar::from_headers(headers);
    let Some(cookie) = jar.get(session::COOKIE) else {
        return Ok(None);
    };
    let Some(user) = session::user_of(&state.db, cookie.value(), now).await? else {
        return Ok(None);
    };
    Ok(Some(Actor {
        access: access_of(&state.db, &user).await?,
        user,
        via_session: true,
    }))
}

/// A person's roles: two queries, whatever the number of programmes.
pub async fn access_of(
    db: &impl ConnectionTrait,
    user: &users::Model,
) -> highlight_store::StoreResult<Access> {
    let mut access = Access {
        is_admin: user.is_admin,
        ..Access::default()
    };
    for row in programme_roles::Entity::find()
        .filter(programme_roles::Column::UserId.eq(user.id))
        .all(db)
        .await?
    {
        if let Some(role) = Role::parse(&row.role) {
            access
                .roles
                .entry(row.programme_id)
                .or_default()
                .insert(role);
        }
    }
    for w in workstreams::Entity::find()
        .filter(
            Condition::any()
                .add(workstreams::Column::LeadId.eq(user.id))
                .add(workstreams::Column::DeputyId.eq(user.id)),
        )
        .all(db)
        .await?
    {
        access.leads.insert(w.id, w.programme_id);
    }
    Ok(access)
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
