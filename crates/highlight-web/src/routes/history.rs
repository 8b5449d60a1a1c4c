//! `GET /programmes/{slug}/history`: the heat map of workstreams × periods.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::app::AppState;
use crate::auth::{CsrfToken, CurrentUser};
use crate::error::WebResult;
use crate::views;
use highlight_app::history;

pub fn router() -> Router<AppState> {
    Router::new().route("/programmes/{slug}/history", get(page))
}

async fn page(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Path(slug): Path<String>,
) -> WebResult<Response> {
    let map = history::heat_map(&state.db, &actor, &slug, state.now()).await?;
    let title = format!("{}: history", map.programme.name);
    Ok(views::render(&state, Some(&actor), &csrf, "pages/history", &title, &map)?.into_response())
}
