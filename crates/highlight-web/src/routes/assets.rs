//! `GET /static/{file}`: the app's own CSS and icons, compiled into the binary.

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::routing::RouterExt;

use crate::app::AppState;
use crate::paths;
use crate::templates::StaticFiles;

pub fn router() -> Router<AppState> {
    Router::new().typed_get(asset)
}

async fn asset(paths::Asset { file }: paths::Asset) -> Response {
    let Some(content) = StaticFiles::get(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mime = match file.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    };
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        content.data,
    )
        .into_response()
}
