//! Signing in and out.

use axum::Form;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::routing::RouterExt;
use serde::{Deserialize, Serialize};

use super::client::ClientAddress;
use crate::app::AppState;
use crate::auth::{CsrfToken, MaybeUser, password, session};
use crate::error::{FieldMessage, WebError, WebResult};
use crate::paths;
use crate::views;
use highlight_app::signin::{self, Refusal};
use highlight_domain::session_life::Ending;
use highlight_domain::throttle::minutes_to_wait;
use highlight_store::people::{self, PersonLine};
use std::time::Duration;

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
    /// Why the last session ended, when it ended on its own.
    signed_out: Option<String>,
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
    render_sign_in_with(state, csrf, next, email, errors, None, status).await
}

/// The sign-in page with, when the last session ended on its own, a note saying why.
pub async fn render_sign_in_with(
    state: &AppState,
    csrf: &CsrfToken,
    next: String,
    email: String,
    errors: Vec<FieldMessage>,
    signed_out: Option<String>,
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
        signed_out,
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
    jar: CookieJar,
    Query(query): Query<NextQuery>,
) -> WebResult<Response> {
    let next = safe_next(query.next.as_deref());
    if actor.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let (jar, signed_out) = signed_out_note(&state, jar);
    let page = render_sign_in_with(
        &state,
        &csrf,
        next,
        String::new(),
        Vec::new(),
        signed_out,
        StatusCode::OK,
    )
    .await?;
    Ok((jar, page).into_response())
}

/// Why the last session ended, if it ended on its own; the note is removed once read.
pub fn signed_out_note(state: &AppState, jar: CookieJar) -> (CookieJar, Option<String>) {
    let Some(ending) = jar
        .get(session::ENDED_COOKIE)
        .and_then(|c| Ending::parse(c.value()))
    else {
        return (jar, None);
    };
    let note = state.session_policy().explain(ending);
    (
        jar.add(session::ended_removal(state.secure_cookies())),
        Some(note),
    )
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
    // Counted before anything is hashed: a refusal costs two statements and a page.
    let policy = state.throttle_policy();
    if let Err(refusal) = signin::admit(&state.db, &policy, &email, &address, now).await? {
        return refuse(&state, &csrf, next, email, refusal).await;
    }
    let user = people::by_email(&state.db, &email).await?;
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    // No connection is held while hashing; at most `signin.max_concurrent_hashes` run.
    let matches = password::verify_bounded(
        &state.hashers,
        Duration::from_secs(state.settings.signin.hash_wait_seconds),
        form.password,
        stored,
    )
    .await
    .ok_or_else(|| WebError::Unavailable("every password hasher is busy".into()))?;
    let user = user.filter(|u| matches && u.disabled_at.is_none());
    let Some(user) = user else {
        let errors = vec![FieldMessage::new(
            "email",
            "Enter a correct e-mail address and password (both are case-sensitive only in the password)",
        )];
        return render_sign_in(&state, &csrf, next, email, errors, StatusCode::UNAUTHORIZED).await;
    };
    signin::succeeded(&state.db, &policy, &email, &address, now).await?;
    let secret = session::start(&state.db, &state, user.id.0).await?;
    tracing::info!(user = user.id.0, "signed in");
    Ok((
        jar.add(session::cookie(
            secret,
            state.secure_cookies(),
            state.session_policy().absolute_lifetime,
        )),
        Redirect::to(&next),
    )
        .into_response())
}

/// 429 with `Retry-After`, saying when to try again and that a reset works now.
async fn refuse(
    state: &AppState,
    csrf: &CsrfToken,
    next: String,
    email: String,
    refusal: Refusal,
) -> WebResult<Response> {
    let minutes = minutes_to_wait(refusal.retry_after);
    let message = format!(
        "Too many failed attempts to sign in to this account from here. Try again in {} {}, \
         or reset your password now with \u{201c}Forgotten your password?\u{201d} below.",
        minutes,
        if minutes == 1 { "minute" } else { "minutes" }
    );
    let errors = vec![FieldMessage::new("email", &message)];
    let mut response = render_sign_in(
        state,
        csrf,
        next,
        email,
        errors,
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await?;
    let seconds = refusal.retry_after.num_seconds().max(1).to_string();
    if let Ok(value) = HeaderValue::from_str(&seconds) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    Ok(response)
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
