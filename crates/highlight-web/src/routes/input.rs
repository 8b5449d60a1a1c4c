//! Request bodies read *after* the access check.
//!
//! An extractor like `Json<T>` or `Form<T>` runs before the handler, so a malformed
//! body would be refused (400/422, naming the fields it expects) before the handler can
//! say "you may not do this" — telling strangers about the API and breaking the rule
//! that a denied request is a 403. [`Body`] only buffers the bytes; the handler checks
//! access first and then parses them with [`Body::json`] or [`Body::form`], whose
//! errors are the app's own 422 with the problem named.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use highlight_domain::ValidationErrors;
use serde::de::DeserializeOwned;

use crate::error::WebError;

/// A request body, not yet parsed.
#[derive(Debug, Clone)]
pub struct Body(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state)
            .await
            .map(Body)
            .map_err(|_| WebError::PayloadTooLarge)
    }
}

impl Body {
    /// The body as JSON (an empty body reads as `{}`).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, WebError> {
        let text = if self.0.is_empty() {
            &b"{}"[..]
        } else {
            &self.0[..]
        };
        serde_json::from_slice(text)
            .map_err(|e| invalid(format!("The request body is not the JSON expected: {e}")))
    }

    /// The body as an HTML form.
    pub fn form<T: DeserializeOwned>(&self) -> Result<T, WebError> {
        serde_urlencoded::from_bytes(&self.0)
            .map_err(|e| invalid(format!("The form could not be read: {e}")))
    }
}

fn invalid(message: String) -> WebError {
    let mut errors = ValidationErrors::new();
    errors.add("body", message);
    WebError::Invalid(errors)
}
