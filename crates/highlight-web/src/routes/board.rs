//! The board's pages: `GET /programmes/{slug}` (the matrix for a period, `?period=`
//! a due date) and `GET /programmes/{slug}/workstreams/{ws}` (PID, deliverables,
//! report history and trend).

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum_extra::routing::RouterExt;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::{CsrfToken, CurrentUser};
use crate::error::WebResult;
use crate::views;
use crate::{paths, presenters};
use highlight_app::{board, reports};

pub fn router() -> Router<AppState> {
    Router::new()
        .typed_get(board_page)
        .typed_get(workstream_page)
}

#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    pub period: Option<String>,
}

async fn board_page(
    paths::Board { slug }: paths::Board,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Query(query): Query<PeriodQuery>,
) -> WebResult<Response> {
    let period = query
        .period
        .as_deref()
        .filter(|p| !p.is_empty())
        .map(reports::parse_due)
        .transpose()?;
    let view = board::board(&state.db, &actor, &slug, period, state.now()).await?;
    let title = format!("{} board view", view.programme.name);
    Ok(views::render(&state, Some(&actor), &csrf, "pages/board", &title, &view)?.into_response())
}

#[derive(serde::Serialize)]
struct WorkstreamPage {
    #[serde(flatten)]
    detail: board::WorkstreamDetail,
    trend_svg: presenters::trend::TrendSvg,
    /// "Active", "On hold" or "Closed".
    status_word: &'static str,
}

async fn workstream_page(
    paths::Workstream { slug, ws }: paths::Workstream,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let detail = board::workstream_detail(&state.db, &actor, &slug, &ws, state.now()).await?;
    let title = detail.workstream.name.clone();
    let view = WorkstreamPage {
        trend_svg: presenters::trend::layout(&detail.trend),
        status_word: highlight_app::text::workstream_status_word(detail.workstream.status),
        detail,
    };
    Ok(views::render(
        &state,
        Some(&actor),
        &csrf,
        "pages/workstream",
        &title,
        &view,
    )?
    .into_response())
}
