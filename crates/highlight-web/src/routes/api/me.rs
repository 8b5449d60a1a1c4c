//! `GET /api/v1/me`: who the credentials belong to and their roles.

use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::CurrentUser;

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    /// Programme ids → role names.
    pub roles: Vec<ProgrammeRoles>,
    /// Workstream ids this person leads or deputises.
    pub leads: Vec<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeRoles {
    pub programme_id: i64,
    pub roles: Vec<&'static str>,
}

/// Who the credentials belong to, and their roles.
#[utoipa::path(
    get,
    path = "/api/v1/me",
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
            let mut roles: Vec<&'static str> = roles.iter().map(|r| r.as_str()).collect();
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
        id: actor.user.id,
        email: actor.user.email,
        name: actor.user.name,
        is_admin: actor.user.is_admin,
        roles,
        leads,
    })
}
