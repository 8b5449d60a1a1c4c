//! The application: shared state and the router.
//!
//! `router(state)` builds the whole HTTP surface so tests can drive it in-process or
//! on a real port, exactly as `highlight serve` does. Layers, outermost first: tracing,
//! the body limit, HSTS and caching (`security::transport_and_caching`), security
//! headers, error rendering, CSRF, refusing unreadable input (`routes::input`),
//! authentication.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Json, Redirect, Response};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::auth;
use crate::config::Settings;
use crate::error::{ErrorPage, WebError};
use crate::routes;
use crate::security;
use crate::templates::Templates;

/// What every handler can reach. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: highlight_store::Db,
    pub templates: Arc<Templates>,
    pub settings: Arc<Settings>,
    /// Started with `--demo`: the sign-in page lists the demo accounts.
    pub demo: bool,
    /// Where every request's `now` comes from (the wall clock, or a test's).
    pub clock: Arc<dyn highlight_app::clock::Clock>,
    /// Password hashes computed at once (`signin.max_concurrent_hashes`), so a burst of
    /// sign-ins queues for the CPU instead of exhausting it.
    pub hashers: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    pub fn new(db: highlight_store::Db, settings: Settings) -> anyhow::Result<Self> {
        Ok(Self {
            db,
            hashers: Arc::new(tokio::sync::Semaphore::new(settings.signin.hashers())),
            templates: Arc::new(Templates::load_with(settings.server.reload_templates)?),
            settings: Arc::new(settings),
            demo: false,
            clock: Arc::new(highlight_app::clock::SystemClock),
        })
    }

    /// The same state with another clock (tests pin the date a request runs at).
    pub fn with_clock(mut self, clock: Arc<dyn highlight_app::clock::Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The time of the request being handled.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    pub fn with_demo(mut self, demo: bool) -> Self {
        self.demo = demo;
        self
    }

    /// How long sessions last (`[session]`).
    pub fn session_policy(&self) -> highlight_domain::session_life::SessionPolicy {
        self.settings.session.policy()
    }

    /// How many sign-in attempts are checked (`[signin]`).
    pub fn throttle_policy(&self) -> highlight_domain::throttle::ThrottlePolicy {
        self.settings.signin.policy()
    }

    /// Whether cookies must be `Secure` (the app is served over HTTPS).
    pub fn secure_cookies(&self) -> bool {
        self.settings.server.public_url.scheme() == "https"
    }
}

/// Request bodies above this are refused with 413 before a handler runs.
pub const BODY_LIMIT_BYTES: usize = 2 * 1024 * 1024;

pub fn router(state: AppState) -> Router {
    let mut app = Router::new()
        .merge(routes::health::router())
        .merge(routes::home::router())
        .merge(routes::session::router())
        .merge(routes::account::router())
        .merge(routes::accounts::router())
        .merge(routes::links::router())
        .merge(routes::setup::router())
        .merge(routes::assets::router())
        .merge(routes::exports::router())
        .merge(routes::board::router())
        .merge(routes::history::router())
        .merge(routes::reports::router())
        .merge(routes::review::router())
        .merge(routes::packs::router())
        .merge(routes::api::router())
        .merge(routes::mail::admin_router().route_layer(middleware::from_fn(auth::require_admin)))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::views::work_counts,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), auth::resolve))
        .layer(middleware::from_fn(routes::input::refuse_unreadable))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::csrf::protect,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), render_errors));
    for layer in security::headers() {
        app = app.layer(layer);
    }
    app = app.layer(middleware::from_fn_with_state(
        state.clone(),
        security::transport_and_caching,
    ));
    app.layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Any address no route answers: the "Page not found" page, not an empty 404.
async fn not_found() -> WebError {
    WebError::NotFound("the page you asked for".to_owned())
}

/// Turns an error response carrying an [`ErrorPage`] into what the client can use: the
/// JSON error shape under `/api`, a sign-in redirect for pages that need a person, and
/// the HTML error page otherwise.
async fn render_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| path.clone());
    let method = request.method().clone();
    let response = next.run(request).await;
    let api = path.starts_with("/api/");
    let page = match response.extensions().get::<ErrorPage>().cloned() {
        Some(page) => page,
        None if api && is_error(response.status()) && !is_json(response.headers()) => {
            return api_error(framework_error_page(&method, response).await);
        }
        None => return response,
    };
    let status = response.status();
    if api {
        return api_error((page, response.headers().clone()));
    }
    if status == StatusCode::UNAUTHORIZED {
        let next =
            url::form_urlencoded::byte_serialize(path_and_query.as_bytes()).collect::<String>();
        let mut redirect =
            Redirect::to(&format!("{}?next={next}", crate::paths::SignIn)).into_response();
        for value in response.headers().get_all(header::SET_COOKIE) {
            redirect
                .headers_mut()
                .append(header::SET_COOKIE, value.clone());
        }
        return redirect;
    }
    let view = serde_json::json!({ "title": page.title, "user": null, "csrf": "", "page": page });
    match state.templates.render("pages/error", &view) {
        Ok(html) => {
            let mut rendered = (status, Html(html)).into_response();
            for name in [header::ALLOW, header::RETRY_AFTER, header::SET_COOKIE] {
                for value in response.headers().get_all(&name) {
                    rendered.headers_mut().append(name.clone(), value.clone());
                }
            }
            rendered
        }
        Err(e) => {
            tracing::error!(error = ?e, "rendering the error page failed");
            response
        }
    }
}

fn is_error(status: StatusCode) -> bool {
    status.is_client_error() || status.is_server_error()
}

/// A response that is JSON already (the import's row-by-row report with its 422).
fn is_json(headers: &header::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// The one JSON error shape for `page`, keeping the headers that say how to go on
/// (`Allow` on a 405, `Retry-After` on a 429 or 503).
fn api_error((page, headers): (ErrorPage, header::HeaderMap)) -> Response {
    let status = StatusCode::from_u16(page.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut json = (status, Json(serde_json::json!({ "error": page }))).into_response();
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(value) = headers.get(&name) {
            json.headers_mut().insert(name, value.clone());
        }
    }
    // A session that just timed out is removed from the browser here too.
    for value in headers.get_all(header::SET_COOKIE) {
        json.headers_mut().append(header::SET_COOKIE, value.clone());
    }
    if status == StatusCode::UNAUTHORIZED {
        json.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
    }
    json
}

/// What an error response that did not come from a [`WebError`] says, as an
/// [`ErrorPage`]: axum's own refusals (a path, query or body its extractors could not
/// read; no route for the method: 405), which answer in plain text or not at all. (A
/// handler's own JSON answer, such as the import's report with its 422, is left as it is.)
/// Under `/api` they are put in the one JSON error shape with their status and words.
async fn framework_error_page(
    method: &axum::http::Method,
    response: Response,
) -> (ErrorPage, header::HeaderMap) {
    let status = response.status();
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 16 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let (title, message) = match status {
        StatusCode::NOT_FOUND => (
            "Page not found",
            "No API operation has this address: see /api/v1/openapi.json for those there are."
                .to_owned(),
        ),
        StatusCode::METHOD_NOT_ALLOWED => (
            "Not allowed",
            format!(
                "This address does not answer {method}: the Allow header says what it does answer."
            ),
        ),
        s if s.is_server_error() => {
            tracing::error!(%status, "request failed outside the error model");
            (
                "Sorry, something went wrong",
                "The problem has been logged. Try again, and if it keeps happening tell the programme office.".to_owned(),
            )
        }
        _ if text.is_empty() => (
            "There is a problem",
            status
                .canonical_reason()
                .unwrap_or("The request could not be read")
                .to_owned(),
        ),
        _ => ("There is a problem", text),
    };
    (
        ErrorPage {
            status: status.as_u16(),
            title: title.to_owned(),
            message,
            fields: Vec::new(),
        },
        parts.headers,
    )
}
