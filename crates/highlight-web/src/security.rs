//! Security headers on every response.
//!
//! The content security policy allows only the app's own scripts, styles and images
//! (nothing from elsewhere; one inline script, by its hash, and no other), forbids framing, and keeps forms posting
//! to the app itself. Every response except the static assets is `Cache-Control:
//! no-store` (pages carry a person's data and a CSRF token; API answers are data), and
//! when `server.public_url` is https, browsers are told to use nothing else (HSTS).

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::app::AppState;

/// A year, as HSTS preload lists ask.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000; includeSubDomains";

/// Where the static assets are served (cacheable: their own `Cache-Control`).
const ASSETS_PREFIX: &str = "/static/";

/// Middleware: `Cache-Control: no-store` on everything but the assets, and
/// `Strict-Transport-Security` when the app is served over HTTPS.
pub async fn transport_and_caching(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let asset = request.uri().path().starts_with(ASSETS_PREFIX);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !asset {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.secure_cookies() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
    response
}

/// The one inline script: GOV.UK Frontend's styles for a page where JavaScript runs are
/// keyed on these body classes, set before the page paints (as GOV.UK's page template
/// does). Pages write it with `{{inline_script}}`.
pub const BODY_CLASS_SCRIPT: &str = "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');";

/// Only the app's own files, and [`BODY_CLASS_SCRIPT`] by its SHA-256 (a test checks the
/// hash): no `unsafe-inline`.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
     script-src 'self' 'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
     frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// The API documentation page (Swagger UI, served by the app) also needs inline styles.
pub const DOCS_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

pub fn headers() -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    let pairs: [(HeaderName, &'static str); 5] = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
        ),
    ];
    pairs
        .into_iter()
        .map(|(name, value)| {
            SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use sha2::Digest;

    #[test]
    fn the_policy_allows_the_inline_script_by_its_hash_and_nothing_else_inline() {
        let digest = sha2::Sha256::digest(BODY_CLASS_SCRIPT.as_bytes());
        let hash = base64::engine::general_purpose::STANDARD.encode(digest);
        assert!(
            CONTENT_SECURITY_POLICY.contains(&format!("'sha256-{hash}'")),
            "the script's hash is sha256-{hash}"
        );
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe-inline"));
    }
}
