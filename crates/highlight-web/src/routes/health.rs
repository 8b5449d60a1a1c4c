//! `GET /healthz`: 200 when the database answers, 503 when it does not — for load
//! balancers and uptime checks.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::routing::RouterExt;

use crate::app::AppState;
use crate::paths;

pub fn router() -> Router<AppState> {
    Router::new().typed_get(healthz)
}

async fn healthz(_: paths::Healthz, State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n"),
        Err(e) => {
            tracing::warn!(error = %e, "health check: the database did not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
        }
    }
}
