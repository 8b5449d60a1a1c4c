//! Rendering pages: every page gets the layout's context (title, the signed-in person,
//! the CSRF token for its forms, what "your work" holds for them) beside its own view
//! struct.
//!
//! The header's counts ("Your work: 2 reports to write") are computed once per page
//! request by [`work_counts`], a middleware, and read here from a task-local, so no
//! handler has to remember them.

use axum::response::Html;
use serde::Serialize;

use crate::app::AppState;
use crate::auth::{Actor, CsrfToken};
use crate::error::WebResult;

/// What the layout shows about the signed-in person.
#[derive(Debug, Clone, Serialize)]
pub struct NavUser {
    pub name: String,
    pub email: String,
    pub is_admin: bool,
}

tokio::task_local! {
    static WORK_COUNTS: Option<highlight_app::your_work::WorkCounts>;
}

/// Middleware: for a signed-in person's page (a GET in a browser session, not the API
/// or an asset), what "your work" holds, for the header. A failure here is logged and
/// the header goes without counts: it never fails the page.
pub async fn work_counts(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = request.uri().path();
    let page = request.method() == axum::http::Method::GET
        && !path.starts_with("/api/")
        && !path.starts_with("/static/");
    let counts = match request.extensions().get::<Actor>() {
        Some(actor) if page && actor.via_session => {
            match highlight_app::your_work::your_work(&state.db, actor, state.now()).await {
                Ok(work) => Some(work.counts()),
                Err(e) => {
                    tracing::warn!(error = %e, "the header's counts of your work could not be read");
                    None
                }
            }
        }
        _ => None,
    };
    WORK_COUNTS.scope(counts, next.run(request)).await
}

/// "2 reports to write · 1 report to review", or "" when nothing is asked.
pub fn counts_line(c: highlight_app::your_work::WorkCounts) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut parts = Vec::new();
    if c.to_write > 0 {
        parts.push(plural(c.to_write, "report to write", "reports to write"));
    }
    if c.to_review > 0 {
        parts.push(plural(c.to_review, "report to review", "reports to review"));
    }
    parts.join(" · ")
}

#[derive(Serialize)]
struct Page<'a, T: Serialize> {
    title: &'a str,
    user: Option<NavUser>,
    /// The header's "2 reports to write", or "".
    work_counts: String,
    csrf: &'a str,
    #[serde(flatten)]
    view: &'a T,
}

/// Renders `template` with `view` inside the layout.
/// A page with its status: 200, or 422 when it shows what the person must fix.
#[allow(clippy::too_many_arguments)]
pub fn render_form_page<T: Serialize>(
    state: &AppState,
    actor: Option<&Actor>,
    csrf: &CsrfToken,
    template: &str,
    title: &str,
    view: &T,
    has_errors: bool,
) -> WebResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let status = if has_errors {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, render(state, actor, csrf, template, title, view)?).into_response())
}

pub fn render<T: Serialize>(
    state: &AppState,
    actor: Option<&Actor>,
    csrf: &CsrfToken,
    template: &str,
    title: &str,
    view: &T,
) -> WebResult<Html<String>> {
    let page = Page {
        title,
        user: actor.map(|a| NavUser {
            name: a.user.name.clone(),
            email: a.user.email.clone(),
            is_admin: a.user.is_admin,
        }),
        work_counts: WORK_COUNTS
            .try_with(|c| c.map(counts_line))
            .ok()
            .flatten()
            .unwrap_or_default(),
        csrf: &csrf.0,
        view,
    };
    Ok(Html(state.templates.render(template, &page)?))
}
