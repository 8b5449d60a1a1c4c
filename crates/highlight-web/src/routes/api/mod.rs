//! The JSON API under `/api/v1`: the same services as the pages, for scripts and other
//! systems. Authenticated by bearer token (`highlight token create`) or a session
//! cookie; errors use the one JSON error shape (see `error.rs`).

use axum::Router;

use crate::app::AppState;

mod me;

pub fn router() -> Router<AppState> {
    Router::new().merge(me::router())
}
