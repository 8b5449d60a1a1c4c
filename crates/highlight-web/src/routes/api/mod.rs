//! The JSON API under `/api/v1`: the same services as the pages, for scripts and other
//! systems, answered in the API's own types ([`model`]): a contract, not a page. Authenticated by bearer token (`highlight token create`) or a session
//! cookie (which then needs the `X-CSRF-Token` header on writes); errors use the one
//! JSON error shape of `error.rs`.
//!
//! Every handler is annotated with `#[utoipa::path]` and registered through
//! [`OpenApiRouter`], so the OpenAPI 3 document at `/api/v1/openapi.json` is generated
//! from the code that serves the requests; Swagger UI (vendored, served by the app
//! itself) is at `/api/docs`.

use axum::Router;
use axum::http::{HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use utoipa_swagger_ui::SwaggerUi;

use crate::app::AppState;

mod accounts;
mod contract;
pub mod errors;
mod exports;
mod me;
pub mod model;
mod packs;
mod programmes;
mod reports;
pub mod setup;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Highlight API",
        version = "1",
        description = "Programme highlight reporting: programmes, workstreams, highlight reports and the board's view. \
                       Authenticate with `Authorization: Bearer <token>` (create one with `highlight token create`). \
                       Statuses and RAGs are snake_case enums (`\"rag\": \"amber\"`), with their explanations as data; \
                       dates are ISO 8601 (`2026-11-06`), instants RFC 3339 in UTC; \
                       money is an integer number of pence in the programme's `currency` (`123456` is £1,234.56)."
    ),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    components(schemas(
        errors::ErrorBody,
        errors::ErrorDetail,
        errors::FieldErrorBody,
        crate::routes::input::OptionalDate,
        crate::routes::input::PageNumber
    ))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API routes and their OpenAPI document, with the errors every operation can
/// answer ([`errors::document_boundary`]).
pub fn api_router() -> OpenApiRouter<AppState> {
    let mut router = operations();
    errors::document_boundary(router.get_openapi_mut());
    contract::close_request_bodies(router.get_openapi_mut());
    router
}

/// Every operation; resource modules add theirs here.
fn operations() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(me::me))
        .routes(routes!(accounts::my_tokens, accounts::issue_token))
        .routes(routes!(accounts::revoke_token))
        .routes(routes!(accounts::list))
        .routes(routes!(accounts::tokens))
        .routes(routes!(accounts::disable))
        .routes(routes!(accounts::enable))
        .routes(routes!(accounts::invite))
        .routes(routes!(exports::rows))
        .routes(routes!(programmes::list_programmes))
        .routes(routes!(programmes::get_programme))
        .routes(routes!(programmes::list_workstreams))
        .routes(routes!(programmes::get_workstream))
        .routes(routes!(programmes::get_board))
        .routes(routes!(reports::list_reports))
        .routes(routes!(reports::get_report, reports::put_report))
        .routes(routes!(reports::submit_report))
        .routes(routes!(reports::correct_report))
        .routes(routes!(reports::list_revisions))
        .routes(routes!(reports::get_revision))
        .routes(routes!(reports::post_review))
        .routes(routes!(setup::programmes::create))
        .routes(routes!(setup::programmes::update))
        .routes(routes!(setup::programmes::preview))
        .routes(routes!(setup::members::list, setup::members::add))
        .routes(routes!(setup::members::remove))
        .routes(routes!(setup::workstreams::create))
        .routes(routes!(setup::workstreams::update))
        .routes(routes!(setup::pid::history, setup::pid::add))
        .routes(routes!(setup::pid::version))
        .routes(routes!(setup::import::import))
        .routes(routes!(setup::audit::list))
        .routes(routes!(packs::live_pack))
        .routes(routes!(packs::list, packs::issue))
        .routes(routes!(packs::issued))
}

pub fn router() -> Router<AppState> {
    let (router, openapi) = api_router().split_for_parts();
    // Swagger UI sets a few inline styles; its page alone may (scripts stay 'self').
    let docs = Router::from(SwaggerUi::new("/api/docs").url("/api/v1/openapi.json", openapi))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(crate::security::DOCS_CONTENT_SECURITY_POLICY),
        ));
    router.merge(docs)
}
