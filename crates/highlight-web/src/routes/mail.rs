//! `GET /admin/mail`: the mail catcher — messages the capture transport kept, newest
//! first — and the messages that failed for good, each with a retry button
//! (`POST /admin/outbox/{id}/retry`), so the programme office sees what did not go.
//!
//! Guarded by the admin / programme-office check of the auth layer (wired by the auth
//! layer when it is merged: this module does not check who is asking).

use axum::Router;
use axum::extract::State;
use axum::response::{Html, Redirect};
use axum_extra::routing::RouterExt;
use serde::Serialize;

use crate::app::AppState;
use crate::error::{WebError, WebResult};
use crate::paths;
use highlight_store::{captured_mail, outbox};

/// How many captured and failed messages the page shows.
const SHOWN: u64 = 100;

pub fn admin_router() -> Router<AppState> {
    Router::new().typed_get(mail_page).typed_post(retry)
}

#[derive(Serialize)]
struct MailPage {
    title: &'static str,
    transport: String,
    captured: Vec<CapturedView>,
    failed: Vec<FailedView>,
}

#[derive(Serialize)]
struct CapturedView {
    to: String,
    subject: String,
    at: String,
    message_id: String,
    text_body: String,
}

#[derive(Serialize)]
struct FailedView {
    id: i64,
    to: String,
    kind: String,
    attempts: i32,
    error: String,
    at: String,
}

async fn mail_page(_: paths::AdminMail, State(state): State<AppState>) -> WebResult<Html<String>> {
    let captured = captured_mail::latest(&state.db, SHOWN).await?;
    let failed = outbox::failed(&state.db, SHOWN).await?;
    let view = MailPage {
        title: "E-mail",
        transport: format!("{:?}", state.settings.mail.transport).to_lowercase(),
        captured: captured
            .into_iter()
            .map(|m| CapturedView {
                to: m.recipient,
                subject: m.subject,
                at: when(m.captured_at),
                message_id: m.message_id,
                text_body: m.text_body,
            })
            .collect(),
        failed: failed
            .into_iter()
            .map(|m| FailedView {
                id: m.id,
                to: format!("{} <{}>", m.recipient_name, m.recipient_address),
                kind: m.kind.as_str().replace('_', " "),
                attempts: m.attempts,
                error: m.last_error.unwrap_or_default(),
                at: when(m.updated_at),
            })
            .collect(),
    };
    Ok(Html(state.templates.render("pages/admin_mail", &view)?))
}

async fn retry(
    paths::OutboxRetry { id }: paths::OutboxRetry,
    State(state): State<AppState>,
) -> WebResult<Redirect> {
    if outbox::retry_failed(&state.db, id, state.now()).await? {
        Ok(Redirect::to(&paths::AdminMail.to_string()))
    } else {
        Err(WebError::NotFound(format!(
            "a failed message numbered {id}"
        )))
    }
}

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    highlight_app::format::date_time(&at)
}
