//! The audit log pages: a programme's (its programme manager or an administrator), and
//! changes outside any programme — accounts — for administrators.

use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::{Nav, page};
use crate::app::AppState;
use crate::auth::{CsrfToken, CurrentUser};
use crate::error::WebResult;
use crate::paths;
use highlight_app::audit_log::{self as service, AuditPage};
use highlight_app::scope;

#[derive(Debug, Default, Deserialize)]
pub(super) struct PageQuery {
    #[serde(default, deserialize_with = "crate::routes::input::page_number")]
    page: Option<u64>,
}

#[derive(Serialize)]
struct AuditView {
    nav: Option<Nav>,
    heading: String,
    log: AuditPage,
    newer: Option<String>,
    older: Option<String>,
}

fn links(base: &str, log: &AuditPage) -> (Option<String>, Option<String>) {
    let newer = (log.page > 1).then(|| format!("{base}?page={}", log.page - 1));
    let older = (log.page < log.pages).then(|| format!("{base}?page={}", log.page + 1));
    (newer, older)
}

pub(super) async fn programme(
    paths::Audit { slug }: paths::Audit,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Query(q): Query<PageQuery>,
) -> WebResult<Response> {
    let s = scope::programme(&state.db, &actor, &slug).await?;
    scope::require(
        actor.access.can_read_audit(s.id()),
        &format!(
            "read the audit log of {}: only its programme manager can",
            s.programme.name
        ),
    )?;
    let log = service::page(&state.db, Some(s.id()), s.tz, q.page.unwrap_or(1)).await?;
    let (newer, older) = links(&paths::Audit { slug: slug.clone() }.to_string(), &log);
    let view = AuditView {
        nav: Some(Nav::of(&s)),
        heading: format!("Audit log of {}", s.programme.name),
        log,
        newer,
        older,
    };
    let title = view.heading.clone();
    page(
        &state,
        &actor,
        &csrf,
        "pages/setup/audit",
        &title,
        &view,
        false,
    )
}

pub(super) async fn admin(
    _: paths::AdminAudit,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Query(q): Query<PageQuery>,
) -> WebResult<Response> {
    scope::require(
        actor.access.can_administer(),
        "read the log of account changes: only administrators can",
    )?;
    let log = service::page(
        &state.db,
        None,
        highlight_domain::programme::DEFAULT_TIME_ZONE,
        q.page.unwrap_or(1),
    )
    .await?;
    let (newer, older) = links(&paths::AdminAudit.to_string(), &log);
    let view = AuditView {
        nav: None,
        heading: "Audit log of accounts".into(),
        log,
        newer,
        older,
    };
    let title = view.heading.clone();
    page(
        &state,
        &actor,
        &csrf,
        "pages/setup/audit",
        &title,
        &view,
        false,
    )
}
