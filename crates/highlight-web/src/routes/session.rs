//! Signing in and out.

use axum::Form;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::routing::RouterExt;
use serde::{Deserialize, Serialize};

use super::client::ClientAddress;
use crate::app::AppState;
use crate::auth::{CsrfToken, MaybeUser, password, session, throttle};
use crate::error::{FieldMessage, WebResult};
use crate::paths;
use crate::views;
use highlight_store::people::{self, PersonLine};

pub fn router() -> Router<AppState> {
    Router::new()
        .typed_get(sign_in_page)
        .typed_post(sign_in)
        .typed_post(sign_out)
}

#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

#[derive(Serialize)]
struct SignInView {
    next: String,
    email: String,
    errors: Vec<FieldMessage>,
    demo_people: Vec<PersonLine>,
    demo_password: &'static str,
}

/// The password every demo account gets (printed by `--demo`, shown on the demo sign-in page).
pub const DEMO_PASSWORD: &str = crate::demo::DEMO_PASSWORD;

/// Only paths on this site: never `//elsewhere` or an absolute URL.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// The sign-in page (also what `/` shows to someone not signed in).
pub async fn render_sign_in(
    state: &AppState,
    csrf: &CsrfToken,
    next: String,
    email: String,
    errors: Vec<FieldMessage>,
    status: StatusCode,
) -> WebResult<Response> {
    let demo_people = if state.demo {
        people::directory(&state.db).await?
    } else {
        Vec::new()
    };
    let view = SignInView {
        next,
        email,
        errors,
        demo_people,
        demo_password: DEMO_PASSWORD,
    };
    Ok((
        status,
        views::render(state, None, csrf, "pages/sign_in", "Sign in", &view)?,
    )
        .into_response())
}

async fn sign_in_page(
    _: paths::SignIn,
    State(state): State<AppState>,
    MaybeUser(actor): MaybeUser,
    csrf: CsrfToken,
    Query(query): Query<NextQuery>,
) -> WebResult<Response> {
    let next = safe_next(query.next.as_deref());
    if actor.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    render_sign_in(
        &state,
        &csrf,
        next,
        String::new(),
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

async fn sign_in(
    _: paths::SignIn,
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    csrf: CsrfToken,
    jar: CookieJar,
    Form(form): Form<SignInForm>,
) -> WebResult<Response> {
    let now = state.now();
    let next = safe_next(Some(&form.next));
    let email = form.email.trim().to_lowercase();
    let mut errors = Vec::new();
    if email.is_empty() {
        errors.push(FieldMessage::new("email", "Enter your e-mail address"));
    }
    if form.password.is_empty() {
        errors.push(FieldMessage::new("password", "Enter your password"));
    }
    if !errors.is_empty() {
        return render_sign_in(
            &state,
            &csrf,
            next,
            email,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    if let Some(message) = throttle::refusal(&state.db, &email, &address, now).await? {
        let errors = vec![FieldMessage::new("email", &message)];
        return render_sign_in(
            &state,
            &csrf,
            next,
            email,
            errors,
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    let user = people::by_email(&state.db, &email).await?;
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let matches = password::verify_blocking(form.password, stored).await;
    let user = user.filter(|u| matches && u.disabled_at.is_none());
    throttle::record(&state.db, &email, &address, user.is_some(), now).await?;
    let Some(user) = user else {
        let errors = vec![FieldMessage::new(
            "email",
            "Enter a correct e-mail address and password (both are case-sensitive only in the password)",
        )];
        return render_sign_in(&state, &csrf, next, email, errors, StatusCode::UNAUTHORIZED).await;
    };
    let secret = session::start(&state.db, user.id, now).await?;
    tracing::info!(user = user.id, "signed in");
    Ok((
        jar.add(session::cookie(secret, state.secure_cookies())),
        Redirect::to(&next),
    )
        .into_response())
}

async fn sign_out(
    _: paths::SignOut,
    State(state): State<AppState>,
    jar: CookieJar,
) -> WebResult<Response> {
    if let Some(cookie) = jar.get(session::COOKIE) {
        session::end(&state.db, cookie.value()).await?;
    }
    Ok((
        jar.add(session::removal(state.secure_cookies())),
        Redirect::to(&paths::SignIn.to_string()),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/programmes/x")), "/programmes/x");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
