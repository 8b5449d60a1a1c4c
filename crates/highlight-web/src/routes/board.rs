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
    /// "exceptions", "overdue" or a dimension ("cost"): which rows to show.
    pub show: Option<String>,
}

#[derive(serde::Serialize)]
struct BoardPage {
    #[serde(flatten)]
    board: board::Board,
    /// How many rows the filter shows, of all.
    shown: usize,
    filtered: bool,
    filters: Vec<FilterLink>,
}

/// A link of the board's filter: "Exceptions", "Overdue", "Cost"…
#[derive(serde::Serialize)]
struct FilterLink {
    label: String,
    href: String,
    current: bool,
}

fn filter_links(board: &board::Board, current: board::BoardFilter) -> Vec<FilterLink> {
    use highlight_domain::Dimension;
    let base = paths::Board {
        slug: board.programme.slug.clone(),
    }
    .to_string();
    let period = board
        .period
        .as_ref()
        .map(|p| format!("period={}", p.due_date));
    let mut choices = vec![
        (board::BoardFilter::All, "All workstreams".to_owned()),
        (board::BoardFilter::Exceptions, "Exceptions".to_owned()),
        (board::BoardFilter::Overdue, "Overdue".to_owned()),
    ];
    choices.extend(Dimension::ALL.iter().map(|d| {
        (
            board::BoardFilter::Dimension(*d),
            highlight_app::text::dimension_word(*d).to_owned(),
        )
    }));
    choices
        .into_iter()
        .map(|(filter, label)| {
            let query: Vec<String> = period
                .iter()
                .cloned()
                .chain(
                    (filter != board::BoardFilter::All)
                        .then(|| format!("show={}", filter.as_str())),
                )
                .collect();
            FilterLink {
                label,
                href: if query.is_empty() {
                    format!("{base}#matrix")
                } else {
                    format!("{base}?{}#matrix", query.join("&"))
                },
                current: filter == current,
            }
        })
        .collect()
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
    let mut board = board::board(&state.db, &actor, &slug, period, state.now()).await?;
    let filter = board::BoardFilter::parse(query.show.as_deref());
    let filters = filter_links(&board, filter);
    board.rows.retain(|row| filter.keeps(row));
    let title = format!("{} board view", board.programme.name);
    let view = BoardPage {
        shown: board.rows.len(),
        filtered: filter != board::BoardFilter::All,
        filters,
        board,
    };
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
