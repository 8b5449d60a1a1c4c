//! E-mailed links: a single-use sign-in link from a reminder, a password-reset link,
//! and asking for one ("Forgotten your password?").
//!
//! Opening a link (GET) never uses it up — mail scanners open links too — it shows a
//! page whose button (POST) does. A password is checked before the link is used, so a
//! typo does not waste it. Unknown, used and expired links get one message.

use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::routing::RouterExt;
use chrono::Timelike;
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::auth::{CsrfToken, password, session};
use crate::error::{FieldMessage, WebResult};
use crate::mail::outbox::{Link, OutgoingMessage, Place, enqueue};
use crate::paths;
use crate::routes::session::safe_next;
use crate::views;
use highlight_store::audit::{self, Change};
use highlight_store::{accounts, login_links, people};

pub fn router() -> Router<AppState> {
    Router::new()
        .typed_get(open_link)
        .typed_post(use_link)
        .typed_get(forgot_page)
        .typed_post(forgot)
}

#[derive(Serialize)]
struct LinkView {
    valid: bool,
    reset: bool,
    name: String,
    errors: Vec<FieldMessage>,
    min_length: usize,
}

#[derive(Debug, Default, Deserialize)]
struct NewPasswordForm {
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

async fn render_link(
    state: &AppState,
    csrf: &CsrfToken,
    link: Option<&highlight_store::entities::login_links::Model>,
    name: String,
    errors: Vec<FieldMessage>,
    status: StatusCode,
) -> WebResult<Response> {
    let reset = link.is_some_and(|l| l.purpose == login_links::PASSWORD_RESET);
    let view = LinkView {
        valid: link.is_some(),
        reset,
        name,
        errors,
        min_length: password::MIN_LENGTH,
    };
    let title = match (link.is_some(), reset) {
        (false, _) => "This link has expired",
        (true, true) => "Choose a new password",
        (true, false) => "Sign in to Highlight",
    };
    let status = if link.is_some() {
        status
    } else {
        StatusCode::GONE
    };
    Ok((
        status,
        views::render(state, None, csrf, "pages/link", title, &view)?,
    )
        .into_response())
}

async fn open_link(
    paths::LoginLink { token }: paths::LoginLink,
    State(state): State<AppState>,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let link = login_links::find_valid(&state.db, &token, state.now()).await?;
    let name = match &link {
        Some(l) => accounts::find(&state.db, l.user_id)
            .await?
            .map(|u| u.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    render_link(
        &state,
        &csrf,
        link.as_ref(),
        name,
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

async fn use_link(
    paths::LoginLink { token }: paths::LoginLink,
    State(state): State<AppState>,
    csrf: CsrfToken,
    jar: CookieJar,
    Form(form): Form<NewPasswordForm>,
) -> WebResult<Response> {
    let now = state.now();
    let Some(link) = login_links::find_valid(&state.db, &token, now).await? else {
        return render_link(
            &state,
            &csrf,
            None,
            String::new(),
            Vec::new(),
            StatusCode::GONE,
        )
        .await;
    };
    let Some(user) = accounts::find_enabled(&state.db, link.user_id).await? else {
        return render_link(
            &state,
            &csrf,
            None,
            String::new(),
            Vec::new(),
            StatusCode::GONE,
        )
        .await;
    };
    let reset = link.purpose == login_links::PASSWORD_RESET;
    let new_hash = if reset {
        let mut errors = Vec::new();
        if let Err((field, message)) =
            password::check_new_twice(&form.new_password, &form.confirm_password, &user.email)
        {
            errors.push(FieldMessage::new(field, &message));
        }
        if !errors.is_empty() {
            return render_link(
                &state,
                &csrf,
                Some(&link),
                user.name,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        Some(password::hash_blocking(form.new_password).await?)
    } else {
        None
    };

    let txn = highlight_store::begin(&state.db).await?;
    let Some(used) = login_links::consume(&txn, &token, now).await? else {
        drop(txn); // rolls back: nothing was written
        return render_link(
            &state,
            &csrf,
            None,
            String::new(),
            Vec::new(),
            StatusCode::GONE,
        )
        .await;
    };
    if let Some(hash) = new_hash {
        accounts::set_password(&txn, user.id, hash, now).await?;
        session::end_all_for(&txn, user.id, None).await?;
        audit::record(
            &txn,
            None,
            Change::<(), ()> {
                programme_id: None,
                action: "user.password_reset",
                entity: "user",
                entity_id: user.id.to_string(),
                before: None,
                after: None,
            },
            now,
        )
        .await?;
    }
    let secret = session::start(&txn, &state, user.id).await?;
    highlight_store::commit(txn).await?;
    let next = if reset {
        "/".to_owned()
    } else {
        safe_next(Some(&used.redirect_to))
    };
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

#[derive(Serialize)]
struct ForgotView {
    email: String,
    sent: bool,
    errors: Vec<FieldMessage>,
}

#[derive(Debug, Default, Deserialize)]
struct ForgotForm {
    #[serde(default)]
    email: String,
}

async fn forgot_page(
    _: paths::ForgotPassword,
    State(state): State<AppState>,
    csrf: CsrfToken,
) -> WebResult<Response> {
    forgot_view(
        &state,
        &csrf,
        String::new(),
        false,
        Vec::new(),
        StatusCode::OK,
    )
}

/// Queues a reset e-mail when the account exists — and says the same either way, so the
/// page does not tell strangers who has an account. At most one e-mail per account per
/// hour (the outbox key includes the hour).
async fn forgot(
    _: paths::ForgotPassword,
    State(state): State<AppState>,
    csrf: CsrfToken,
    Form(form): Form<ForgotForm>,
) -> WebResult<Response> {
    let email = form.email.trim().to_lowercase();
    if !email.contains('@') {
        let errors = vec![FieldMessage::new(
            "email",
            "Enter your e-mail address, like name@example.org",
        )];
        return forgot_view(
            &state,
            &csrf,
            form.email,
            false,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let now = state.now();
    if let Some(user) = people::by_email(&state.db, &email)
        .await?
        .filter(|u| u.disabled_at.is_none())
    {
        let hour = now
            .with_minute(0)
            .and_then(|t| t.with_second(0))
            .unwrap_or(now);
        enqueue(
            &state.db,
            &state.settings.server.public_url,
            OutgoingMessage {
                dedupe_key: format!("password_reset:{}:{}", user.id, hour.format("%Y-%m-%dT%H")),
                kind: "password_reset".into(),
                recipient_user_id: Some(user.id),
                recipient_address: user.email.clone(),
                recipient_name: user.name.clone(),
                programme_id: None,
                workstream_id: None,
                period_id: None,
                data: serde_json::json!({}),
                link: Some(Link {
                    place: Place::Home,
                    sign_in_purpose: Some(login_links::PASSWORD_RESET.into()),
                }),
                send: true,
            },
            now,
        )
        .await?;
    }
    forgot_view(&state, &csrf, email, true, Vec::new(), StatusCode::OK)
}

fn forgot_view(
    state: &AppState,
    csrf: &CsrfToken,
    email: String,
    sent: bool,
    errors: Vec<FieldMessage>,
    status: StatusCode,
) -> WebResult<Response> {
    let view = ForgotView {
        email,
        sent,
        errors,
    };
    let html = views::render(
        state,
        None,
        csrf,
        "pages/forgot_password",
        "Reset your password",
        &view,
    )?;
    Ok((status, html).into_response())
}
