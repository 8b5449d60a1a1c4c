//! `GET /programmes/{slug}/history`: the heat map of workstreams × periods.

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum_extra::routing::RouterExt;

use crate::app::AppState;
use crate::auth::{CsrfToken, CurrentUser};
use crate::error::WebResult;
use crate::paths;
use crate::views;
use highlight_app::history;

pub fn router() -> Router<AppState> {
    Router::new().typed_get(page)
}

async fn page(
    paths::History { slug }: paths::History,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let map = history::heat_map(&state.db, &actor, &slug, state.now()).await?;
    let title = format!("{}: history", map.programme.name);
    Ok(views::render(&state, Some(&actor), &csrf, "pages/history", &title, &map)?.into_response())
}
