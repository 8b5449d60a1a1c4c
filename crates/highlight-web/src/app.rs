//! The application: shared state and the router.
//!
//! `router(state)` builds the whole HTTP surface so tests can drive it in-process or
//! on a real port, exactly as `highlight serve` does.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use sea_orm::DatabaseConnection;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::config::Settings;
use crate::error::ErrorPage;
use crate::routes;
use crate::templates::Templates;

/// What every handler can reach. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub templates: Arc<Templates>,
    pub settings: Arc<Settings>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, settings: Settings) -> anyhow::Result<Self> {
        Ok(Self {
            db,
            templates: Arc::new(Templates::load()?),
            settings: Arc::new(settings),
        })
    }
}

/// Request bodies above this are refused with 413 before a handler runs.
const BODY_LIMIT_BYTES: usize = 2 * 1024 * 1024;

pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(routes::health::router())
        .merge(routes::home::router())
        .merge(routes::assets::router())
        .merge(routes::mail::admin_router())
        .layer(middleware::from_fn_with_state(state.clone(), render_errors))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Turns an error response carrying an [`ErrorPage`] into the HTML error page.
async fn render_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let Some(page) = response.extensions().get::<ErrorPage>().cloned() else {
        return response;
    };
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json {
        return response;
    }
    match state.templates.render("pages/error", &page) {
        Ok(html) => (response.status(), Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "rendering the error page failed");
            response
        }
    }
}
