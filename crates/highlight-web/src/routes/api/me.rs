//! `GET /api/v1/me`: who the credentials belong to and their roles.

use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::app::AppState;
use crate::auth::CurrentUser;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/me", get(me))
}

#[derive(Debug, Serialize)]
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

#[derive(Debug, Serialize)]
pub struct ProgrammeRoles {
    pub programme_id: i64,
    pub roles: Vec<&'static str>,
}

async fn me(CurrentUser(actor): CurrentUser) -> Json<Me> {
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
