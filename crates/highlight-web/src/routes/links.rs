//! E-mailed links: a single-use sign-in link from a reminder, a password-reset link,
//! and asking for one ("Forgotten your password?").
//!
//! Opening a link (GET) never uses it up — mail scanners open links too — it shows a
//! page whose button (POST) does. A password is checked before the link is used, so a
//! typo does not waste it. Unknown, used and expired links get one message.
//!
//! Someone already signed in who opens another person's link (a forwarded reminder) is
//! told whose account they would leave, and only a POST from that page switches; their
//! own sign-in link simply takes them where it points, unused.

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
use crate::auth::{CsrfToken, MaybeUser, password, session};
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
    /// The link sets a password (a reset or an invitation).
    reset: bool,
    invitation: bool,
    name: String,
    /// The person signed in now, when the link is someone else's.
    signed_in_as: Option<String>,
    errors: Vec<FieldMessage>,
    password_hint: String,
}

#[derive(Debug, Default, Deserialize)]
struct NewPasswordForm {
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
    /// "yes" from a page that said whose account this signs out of.
    #[serde(default)]
    confirm_switch: String,
    /// Present (a ticked checkbox) when the person keeps their API tokens on a reset.
    keep_tokens: Option<String>,
}

/// Who is signed in now, when it is not the person the link is for.
fn someone_else(
    actor: Option<&crate::auth::Actor>,
    link: Option<&highlight_store::login_links::LoginLinkRecord>,
) -> Option<String> {
    match (actor, link) {
        (Some(actor), Some(link)) if actor.user.id != link.user_id => Some(actor.user.name.clone()),
        _ => None,
    }
}

async fn render_link(
    state: &AppState,
    csrf: &CsrfToken,
    link: Option<&highlight_store::login_links::LoginLinkRecord>,
    name: String,
    signed_in_as: Option<String>,
    errors: Vec<FieldMessage>,
    status: StatusCode,
) -> WebResult<Response> {
    let invitation = link.is_some_and(|l| l.purpose == login_links::INVITATION);
    let reset = invitation || link.is_some_and(|l| l.purpose == login_links::PASSWORD_RESET);
    let view = LinkView {
        valid: link.is_some(),
        reset,
        invitation,
        name,
        signed_in_as,
        errors,
        password_hint: password::hint(),
    };
    let title = match (link.is_some(), reset, invitation) {
        (false, _, _) => "This link has expired",
        (true, _, true) => "Choose your password",
        (true, true, false) => "Choose a new password",
        (true, false, false) => "Sign in to Highlight",
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

/// The one page for an unknown, used or expired link.
async fn expired(state: &AppState, csrf: &CsrfToken) -> WebResult<Response> {
    render_link(
        state,
        csrf,
        None,
        String::new(),
        None,
        Vec::new(),
        StatusCode::GONE,
    )
    .await
}

async fn open_link(
    paths::LoginLink { token }: paths::LoginLink,
    State(state): State<AppState>,
    MaybeUser(actor): MaybeUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let link = login_links::find_valid(&state.db, &token, state.now()).await?;
    if let (Some(actor), Some(l)) = (&actor, &link)
        && actor.user.id == l.user_id
        && l.purpose == login_links::SIGN_IN
    {
        // Their own link, and already signed in: no need to use it up.
        return Ok(Redirect::to(&safe_next(Some(&l.redirect_to))).into_response());
    }
    let signed_in_as = someone_else(actor.as_ref(), link.as_ref());
    let name = match &link {
        Some(l) => accounts::find(&state.db, l.user_id.0)
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
        signed_in_as,
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

async fn use_link(
    paths::LoginLink { token }: paths::LoginLink,
    State(state): State<AppState>,
    MaybeUser(actor): MaybeUser,
    csrf: CsrfToken,
    jar: CookieJar,
    Form(form): Form<NewPasswordForm>,
) -> WebResult<Response> {
    let now = state.now();
    let Some(link) = login_links::find_valid(&state.db, &token, now).await? else {
        return expired(&state, &csrf).await;
    };
    let Some(user) = accounts::find_enabled(&state.db, link.user_id.0).await? else {
        return expired(&state, &csrf).await;
    };
    let invitation = link.purpose == login_links::INVITATION;
    let reset = invitation || link.purpose == login_links::PASSWORD_RESET;
    let signed_in_as = someone_else(actor.as_ref(), Some(&link));
    if signed_in_as.is_some() && form.confirm_switch != "yes" {
        // A page that did not say whose account this leaves: ask first.
        let errors = vec![FieldMessage::new(
            "confirm_switch",
            "You are signed in as someone else: confirm that you want to sign out of their account first",
        )];
        return render_link(
            &state,
            &csrf,
            Some(&link),
            user.name,
            signed_in_as,
            errors,
            StatusCode::CONFLICT,
        )
        .await;
    }
    if !reset && actor.as_ref().is_some_and(|a| a.user.id == user.id) {
        return Ok(Redirect::to(&safe_next(Some(&link.redirect_to))).into_response());
    }
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
                signed_in_as,
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
        return expired(&state, &csrf).await;
    };
    if let Some(hash) = new_hash {
        // Setting the password also uses up every other link issued before it.
        accounts::set_password(&txn, user.id.0, hash, now).await?;
        session::end_all_for(&txn, user.id.0, None).await?;
        let kept = serde_json::json!({ "api_tokens_kept": form.keep_tokens.is_some() });
        if !invitation && form.keep_tokens.is_none() {
            accounts::revoke_all_tokens(&txn, user.id.0, now).await?;
        }
        audit::record(
            &txn,
            Some(highlight_store::audit::Who {
                id: user.id.0,
                name: &user.name,
            }),
            Change::<(), _> {
                programme_id: None,
                action: if invitation {
                    "user.password_set"
                } else {
                    "user.password_reset"
                },
                entity: "user",
                entity_id: user.id.to_string(),
                before: None,
                after: (!invitation).then_some(&kept),
            },
            now,
        )
        .await?;
    }
    if let Some(current) = jar.get(session::COOKIE) {
        // Switching accounts (confirmed above): the other person's session ends here.
        session::end(&txn, current.value()).await?;
    }
    let secret = session::start(&txn, &state, user.id.0).await?;
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
                kind: highlight_domain::MessageKind::PasswordReset,
                recipient_user_id: Some(user.id.0),
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
