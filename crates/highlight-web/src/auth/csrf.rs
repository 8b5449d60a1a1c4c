//! Cross-site request forgery protection for every state-changing request.
//!
//! Each browser gets a random token in a `highlight_csrf` cookie (SameSite=Strict); every
//! form carries the same value in a hidden `_csrf` field (scripts may send it in an
//! `X-CSRF-Token` header instead). A POST, PUT, PATCH or DELETE whose token is missing or
//! differs is refused with 403 before any handler runs. Requests authenticated by a
//! bearer token carry no cookies, so they are not exposed to CSRF and are exempt, as are
//! API requests without a session cookie (they are refused as unauthenticated instead).

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{CONTENT_TYPE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

use super::actor::bearer;
use super::secret;
use crate::error::WebError;

pub const COOKIE: &str = "highlight_csrf";
pub const FIELD: &str = "_csrf";
pub const HEADER: &str = "x-csrf-token";
/// Forms are read whole to find the token; the app's body limit applies first.
const MAX_FORM_BYTES: usize = 4 * 1024 * 1024;

/// The token to put in this page's forms.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

impl<S: Send + Sync> FromRequestParts<S> for CsrfToken {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .ok_or_else(|| WebError::Internal(anyhow::anyhow!("the CSRF layer is not installed")))
    }
}

pub async fn protect(
    State(state): State<crate::app::AppState>,
    request: Request,
    next: Next,
) -> Response {
    let existing = CookieJar::from_headers(request.headers())
        .get(COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()));
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    // An API call with neither a bearer token nor a session cookie carries no ambient
    // authority to abuse: let it through so it is refused as unauthenticated (401).
    let anonymous_api = request.uri().path().starts_with("/api/")
        && CookieJar::from_headers(request.headers())
            .get(super::session::COOKIE)
            .is_none();
    let mut request = request;
    if changes_state && bearer(request.headers()).is_none() && !anonymous_api {
        let (parts, body) = request.into_parts();
        let bytes = match to_bytes(body, MAX_FORM_BYTES).await {
            Ok(bytes) => bytes,
            Err(_) => return WebError::PayloadTooLarge.into_response(),
        };
        let submitted = parts
            .headers
            .get(HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .or_else(|| token_in_body(&parts.headers, &bytes));
        let valid = matches!((&existing, &submitted), (Some(e), Some(s)) if secret::same(e, s));
        if !valid {
            return WebError::Forbidden(
                "This form has expired or did not come from Highlight. Go back, reload the page and try again."
                    .into(),
            )
            .into_response();
        }
        request = Request::from_parts(parts, Body::from(bytes));
    }
    let token = existing.clone().unwrap_or_else(secret::new_secret);
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if existing.is_none() {
        let cookie = Cookie::build((COOKIE, token))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(state.secure_cookies())
            .build();
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

/// The `_csrf` field of an urlencoded or multipart form body.
fn token_in_body(headers: &axum::http::HeaderMap, body: &Bytes) -> Option<String> {
    let content_type = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return url::form_urlencoded::parse(body)
            .find(|(k, _)| k == FIELD)
            .map(|(_, v)| v.into_owned());
    }
    if content_type.starts_with("multipart/form-data") {
        // The part looks like: Content-Disposition: form-data; name="_csrf"\r\n\r\nVALUE\r\n
        let text = String::from_utf8_lossy(body);
        let start = text.find(&format!("name=\"{FIELD}\""))?;
        let after = &text[start..];
        let value_start = after.find("\r\n\r\n")? + 4;
        let value = &after[value_start..];
        let end = value.find("\r\n")?;
        return Some(value[..end].trim().to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn headers(content_type: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, HeaderValue::from_str(content_type).unwrap());
        h
    }

    #[test]
    fn finds_the_token_in_an_urlencoded_form() {
        let body = Bytes::from("name=Lee&_csrf=abc123&x=1");
        assert_eq!(
            token_in_body(&headers("application/x-www-form-urlencoded"), &body).as_deref(),
            Some("abc123")
        );
    }

    #[test]
    fn finds_the_token_in_a_multipart_form() {
        let body = Bytes::from(
            "--X\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc123\r\n--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nname\r\n--X--\r\n",
        );
        assert_eq!(
            token_in_body(&headers("multipart/form-data; boundary=X"), &body).as_deref(),
            Some("abc123")
        );
    }
}
