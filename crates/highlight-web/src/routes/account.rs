//! The signed-in person's own account: changing their password, and which e-mails
//! they get (the weekly digest can be turned off; reminders for reports they owe cannot).

use axum::Form;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::routing::RouterExt;
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::auth::{CsrfToken, CurrentUser, password, session};
use crate::error::{FieldMessage, WebResult};
use crate::paths;
use crate::views;
use highlight_store::accounts;
use highlight_store::audit::{self, Change};

pub fn router() -> Router<AppState> {
    Router::new()
        .typed_get(page)
        .typed_post(change)
        .typed_get(email_page)
        .typed_post(email_change)
}

#[derive(Debug, Default, Deserialize)]
struct Changed {
    changed: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

#[derive(Serialize)]
struct PasswordView {
    changed: bool,
    errors: Vec<FieldMessage>,
    min_length: usize,
}

async fn page(
    _: paths::AccountPassword,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Query(q): Query<Changed>,
) -> WebResult<Response> {
    let view = PasswordView {
        changed: q.changed.is_some(),
        errors: Vec::new(),
        min_length: password::MIN_LENGTH,
    };
    Ok(views::render(
        &state,
        Some(&actor),
        &csrf,
        "pages/change_password",
        "Change your password",
        &view,
    )?
    .into_response())
}

async fn change(
    _: paths::AccountPassword,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    jar: CookieJar,
    Form(form): Form<PasswordForm>,
) -> WebResult<Response> {
    let mut errors = Vec::new();
    let current_ok = password::verify_blocking(
        form.current_password.clone(),
        actor.user.password_hash.clone(),
    )
    .await;
    if !current_ok {
        errors.push(FieldMessage::new(
            "current_password",
            "Enter your current password correctly",
        ));
    }
    if let Err((field, message)) = password::check_new_twice(
        &form.new_password,
        &form.confirm_password,
        &actor.user.email,
    ) {
        errors.push(FieldMessage::new(field, &message));
    }
    if !errors.is_empty() {
        let view = PasswordView {
            changed: false,
            errors,
            min_length: password::MIN_LENGTH,
        };
        let html = views::render(
            &state,
            Some(&actor),
            &csrf,
            "pages/change_password",
            "Change your password",
            &view,
        )?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    }

    let now = state.now();
    let hash = password::hash_blocking(form.new_password).await?;
    let txn = highlight_store::begin(&state.db).await?;
    accounts::set_password(&txn, actor.id(), hash, now).await?;
    let keep = jar.get(session::COOKIE).map(|c| c.value().to_owned());
    session::end_all_for(&txn, actor.id(), keep.as_deref()).await?;
    audit::record(
        &txn,
        Some(actor.who()),
        Change::<(), ()> {
            programme_id: None,
            action: "user.password_changed",
            entity: "user",
            entity_id: actor.id().to_string(),
            before: None,
            after: None,
        },
        now,
    )
    .await?;
    highlight_store::commit(txn).await?;
    Ok(Redirect::to(&format!("{}?changed=1", paths::AccountPassword)).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct EmailForm {
    /// Present (a ticked checkbox) when the person wants the weekly digest.
    digest: Option<String>,
}

#[derive(Serialize)]
struct EmailView {
    digest: bool,
    saved: bool,
}

async fn email_page(
    _: paths::AccountEmail,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Query(q): Query<Changed>,
) -> WebResult<Response> {
    let view = EmailView {
        digest: !actor.user.digest_opt_out,
        saved: q.changed.is_some(),
    };
    Ok(views::render(
        &state,
        Some(&actor),
        &csrf,
        "pages/email_preferences",
        "Your e-mails",
        &view,
    )?
    .into_response())
}

async fn email_change(
    _: paths::AccountEmail,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Form(form): Form<EmailForm>,
) -> WebResult<Response> {
    let now = state.now();
    let opt_out = form.digest.is_none();
    let txn = highlight_store::begin(&state.db).await?;
    highlight_store::users::set_digest_opt_out(&txn, actor.id(), opt_out, now).await?;
    audit::record(
        &txn,
        Some(actor.who()),
        Change {
            programme_id: None,
            action: "user.email_preferences_changed",
            entity: "user",
            entity_id: actor.id().to_string(),
            before: Some(&serde_json::json!({ "digest": !actor.user.digest_opt_out })),
            after: Some(&serde_json::json!({ "digest": !opt_out })),
        },
        now,
    )
    .await?;
    highlight_store::commit(txn).await?;
    Ok(Redirect::to(&format!("{}?changed=1", paths::AccountEmail)).into_response())
}
