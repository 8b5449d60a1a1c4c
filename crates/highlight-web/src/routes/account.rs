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
        .typed_get(tokens_page)
        .typed_post(create_token)
        .typed_post(revoke_token)
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
    /// Present (a ticked checkbox) when the person keeps their API tokens.
    keep_tokens: Option<String>,
}

#[derive(Serialize)]
struct PasswordView {
    changed: bool,
    /// The account has no password yet (an invitation not taken up): nothing to confirm.
    has_password: bool,
    errors: Vec<FieldMessage>,
    password_hint: String,
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
        has_password: actor.user.password_hash.is_some(),
        errors: Vec::new(),
        password_hint: password::hint(),
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
    // An account without a password yet (signed in by an e-mailed link) has no current
    // password to confirm.
    let has_password = actor.user.password_hash.is_some();
    let current_ok = !has_password
        || password::verify_blocking(
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
            has_password,
            errors,
            password_hint: password::hint(),
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
    let keep_tokens = form.keep_tokens.is_some();
    if !keep_tokens {
        accounts::revoke_all_tokens(&txn, actor.id(), now).await?;
    }
    audit::record(
        &txn,
        Some(actor.who()),
        Change::<(), _> {
            programme_id: None,
            action: "user.password_changed",
            entity: "user",
            entity_id: actor.id().to_string(),
            before: None,
            after: Some(&serde_json::json!({ "api_tokens_kept": keep_tokens })),
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

#[derive(Debug, Default, Deserialize)]
struct TokenForm {
    #[serde(default)]
    name: String,
}

#[derive(Serialize)]
struct TokensView {
    tokens: Vec<highlight_app::accounts::TokenSummary>,
    /// A token just issued: shown this once.
    new_token: Option<String>,
    new_token_expires: String,
    name: String,
    days: u32,
    revoked: bool,
    errors: Vec<FieldMessage>,
}

#[derive(Debug, Default, Deserialize)]
struct Revoked {
    revoked: Option<String>,
}

async fn tokens_view(
    state: &AppState,
    actor: &crate::auth::Actor,
    csrf: &CsrfToken,
    mut view: TokensView,
    status: StatusCode,
) -> WebResult<Response> {
    view.tokens =
        highlight_app::accounts::tokens_of(&state.db, Some(actor), actor.id(), state.now()).await?;
    let html = views::render(
        state,
        Some(actor),
        csrf,
        "pages/account_tokens",
        "Your API tokens",
        &view,
    )?;
    Ok((status, html).into_response())
}

fn empty_tokens_view(state: &AppState) -> TokensView {
    TokensView {
        tokens: Vec::new(),
        new_token: None,
        new_token_expires: String::new(),
        name: String::new(),
        days: state.settings.api.token_days,
        revoked: false,
        errors: Vec::new(),
    }
}

async fn tokens_page(
    _: paths::AccountTokens,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Query(q): Query<Revoked>,
) -> WebResult<Response> {
    let view = TokensView {
        revoked: q.revoked.is_some(),
        ..empty_tokens_view(&state)
    };
    tokens_view(&state, &actor, &csrf, view, StatusCode::OK).await
}

/// Issues a token and shows it once, on this response only (never in a redirect).
async fn create_token(
    _: paths::AccountTokens,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Form(form): Form<TokenForm>,
) -> WebResult<Response> {
    let result = highlight_app::accounts::issue_token(
        &state.db,
        Some(&actor),
        actor.id(),
        &form.name,
        state.settings.api.token_days,
        state.now(),
    )
    .await;
    match result {
        Ok((token, summary)) => {
            let view = TokensView {
                new_token: Some(token),
                new_token_expires: summary.expires_label,
                ..empty_tokens_view(&state)
            };
            tokens_view(&state, &actor, &csrf, view, StatusCode::OK).await
        }
        Err(highlight_app::AppError::Invalid(errors)) => {
            let view = TokensView {
                name: form.name,
                errors: errors
                    .0
                    .iter()
                    .map(|e| FieldMessage::new(&e.field, &e.message))
                    .collect(),
                ..empty_tokens_view(&state)
            };
            tokens_view(
                &state,
                &actor,
                &csrf,
                view,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// Revokes a token: one's own (back to this page) or, for an administrator, anyone's
/// (back to that person's page).
async fn revoke_token(
    paths::RevokeToken { id }: paths::RevokeToken,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
) -> WebResult<Response> {
    let token =
        highlight_app::accounts::revoke_token(&state.db, Some(&actor), id, state.now()).await?;
    let to = if token.user_id == actor.id() {
        format!("{}?revoked=1", paths::AccountTokens)
    } else {
        format!("{}?done=revoked", paths::AdminPerson { id: token.user_id })
    };
    Ok(Redirect::to(&to).into_response())
}
