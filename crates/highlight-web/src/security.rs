//! Security headers on every response.
//!
//! The content security policy allows only the app's own scripts, styles and images
//! (no inline scripts, nothing from elsewhere), forbids framing, and keeps forms posting
//! to the app itself.

use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
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
