//! `GET /api/v1/me`: who the credentials belong to and their roles.

use axum::Json;

use super::model::me::{Me, ProgrammeRoles, Role};
use crate::auth::CurrentUser;
use crate::paths::api;
use axum_extra::routing::TypedPath;

/// Who the credentials belong to, and their roles.
#[utoipa::path(
    get,
    path = api::Me::PATH,
    tag = "account",
    responses(
        (status = 200, description = "The authenticated person", body = Me),
        (status = 401, description = "No valid credentials", body = super::errors::ErrorBody)
    )
)]
pub async fn me(CurrentUser(actor): CurrentUser) -> Json<Me> {
    let mut roles: Vec<ProgrammeRoles> = actor
        .access
        .roles
        .iter()
        .map(|(programme_id, roles)| {
            let mut roles: Vec<Role> = roles.iter().map(|r| Role::from(*r)).collect();
            roles.sort_unstable();
            ProgrammeRoles {
                programme_id: *programme_id,
                roles,
            }
        })
        .collect();
    roles.sort_by_key(|r| r.programme_id);
    let mut leads: Vec<i64> = actor.access.leads.keys().copied().collect();
    leads.sort_unstable();
    Json(Me {
        id: actor.user.id.0,
        email: actor.user.email,
        name: actor.user.name,
        is_admin: actor.user.is_admin,
        roles,
        leads,
    })
}
