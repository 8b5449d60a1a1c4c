//! `GET /api/v1/programmes/{slug}/audit`: the programme's audit log, newest first.

use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::WebResult;
use crate::paths::api;
use crate::routes::api::errors::ErrorBody;
use crate::routes::api::model::audit::AuditPage;
use axum_extra::routing::TypedPath;
use highlight_app::audit_log as service;
use highlight_app::scope;

#[derive(Debug, Deserialize, IntoParams)]
pub struct AuditQuery {
    /// The page, from 1 (50 entries a page); a page after the last is the last.
    #[serde(default, deserialize_with = "crate::routes::input::page_number")]
    #[param(value_type = crate::routes::input::PageNumber, required = false)]
    page: Option<u64>,
}

/// Every change to the programme: who, when, what, and each field before and after.
#[utoipa::path(
    get,
    path = api::Audit::PATH,
    tag = "set-up",
    params(api::Audit, AuditQuery),
    responses(
        (status = 200, description = "A page of entries, newest first", body = AuditPage),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody)
    )
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Audit { slug }: api::Audit,
    Query(q): Query<AuditQuery>,
) -> WebResult<Json<AuditPage>> {
    let s = scope::programme(&state.db, &actor, &slug).await?;
    scope::require(
        actor.access.can_read_audit(s.id()),
        &format!(
            "read the audit log of {}: only its programme manager can",
            s.programme.name
        ),
    )?;
    let page = service::page(&state.db, Some(s.id()), s.tz, q.page.unwrap_or(1)).await?;
    Ok(Json(AuditPage::try_from(&page)?))
}
