//! One error model for every request.
//!
//! | error            | status | shown to the person                         | logged        |
//! |------------------|--------|---------------------------------------------|---------------|
//! | `Unauthenticated`| 401    | pages: a redirect to sign in; API: 401      | no            |
//! | `Forbidden`      | 403    | what they may not do, and who can           | no            |
//! | `NotFound`       | 404    | what was not found                          | no            |
//! | `PayloadTooLarge`| 413    | the size limit                              | no            |
//! | `Invalid`        | 422    | every field error, each saying what to fix  | no            |
//! | `Conflict`       | 409    | what changed under them                     | no            |
//! | `TooManyRequests`| 429    | when to try again                           | no            |
//! | `Unavailable`    | 503    | "try again shortly", with `Retry-After`     | warn, once    |
//! | `Internal`       | 500    | an opaque apology with a reference          | error, once   |
//!
//! Handlers return [`WebResult`]; infrastructure errors convert with `?` (a missing row
//! becomes `NotFound`, anything else `Internal`). The response carries an
//! [`ErrorPage`] extension; the `render_errors` middleware (in `app.rs`) turns it into
//! the HTML error page, a sign-in redirect, or — under `/api` — the one JSON error
//! shape `{"error": {"status", "title", "message", "fields": [{"field", "message"}]}}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use highlight_domain::ValidationErrors;
use serde::Serialize;

pub type WebResult<T> = Result<T, WebError>;

/// `Retry-After` on a 503: the database or the password hashers were busy, which a
/// burst clears in seconds.
pub const RETRY_UNAVAILABLE_SECONDS: &str = "5";

use highlight_app::AppError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("sign in required")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} was not found")]
    NotFound(String),
    #[error("the request is too large")]
    PayloadTooLarge,
    #[error("{0}")]
    TooManyRequests(String),
    #[error("{0}")]
    Invalid(ValidationErrors),
    #[error("{0}")]
    Conflict(String),
    #[error("the service is unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<AppError> for WebError {
    /// One application error, one status: exhaustive, so a new variant forces a decision.
    fn from(e: AppError) -> Self {
        match e {
            AppError::Unauthenticated => Self::Unauthenticated,
            AppError::Forbidden(m) => Self::Forbidden(m),
            AppError::NotFound(m) => Self::NotFound(m),
            AppError::TooManyRequests(m) => Self::TooManyRequests(m),
            AppError::Invalid(e) => Self::Invalid(e),
            AppError::Conflict(m) => Self::Conflict(m),
            AppError::Unavailable(m) => Self::Unavailable(m),
            AppError::Internal(e) => Self::Internal(e),
        }
    }
}

impl From<highlight_store::StoreError> for WebError {
    fn from(e: highlight_store::StoreError) -> Self {
        use highlight_store::StoreError;
        match e {
            StoreError::NotFound(what) => Self::NotFound(what),
            StoreError::Conflict(what) => Self::Conflict(what),
            StoreError::Busy(cause) => Self::Unavailable(cause),
            e @ (StoreError::Damaged { .. } | StoreError::Database(_)) => {
                Self::Internal(anyhow::Error::new(e))
            }
        }
    }
}

impl From<ValidationErrors> for WebError {
    fn from(e: ValidationErrors) -> Self {
        Self::Invalid(e)
    }
}

/// What an error page shows; attached to the response for `render_errors`.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorPage {
    pub status: u16,
    pub title: String,
    pub message: String,
    pub fields: Vec<FieldMessage>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldMessage {
    pub field: String,
    pub message: String,
}

impl FieldMessage {
    pub fn new(field: &str, message: &str) -> Self {
        Self {
            field: field.to_owned(),
            message: message.to_owned(),
        }
    }
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The page a person sees; logs the error once where the table says so.
    pub fn page(&self) -> ErrorPage {
        let status = self.status();
        let (title, message, fields) = match self {
            Self::Unauthenticated => (
                "Sign in".to_owned(),
                "Sign in to continue.".to_owned(),
                vec![],
            ),
            Self::Forbidden(message) => ("You cannot do that".to_owned(), message.clone(), vec![]),
            Self::PayloadTooLarge => (
                "Too large".to_owned(),
                "What you sent is larger than Highlight accepts (2 MB). Send less at a time."
                    .to_owned(),
                vec![],
            ),
            Self::TooManyRequests(message) => {
                ("Too many attempts".to_owned(), message.clone(), vec![])
            }
            Self::NotFound(what) => (
                "Page not found".to_owned(),
                format!(
                    "{} was not found. Check the address, or go back to the programmes.",
                    capitalise(what)
                ),
                vec![],
            ),
            Self::Invalid(errors) => (
                "There is a problem".to_owned(),
                "Correct the following and try again.".to_owned(),
                errors
                    .0
                    .iter()
                    .map(|e| FieldMessage {
                        field: e.field.clone(),
                        message: e.message.clone(),
                    })
                    .collect(),
            ),
            Self::Conflict(message) => (
                "Someone else changed this".to_owned(),
                message.clone(),
                vec![],
            ),
            Self::Unavailable(cause) => {
                tracing::warn!(%cause, "service unavailable");
                (
                    "Service unavailable".to_owned(),
                    "Highlight is too busy to answer just now. Try again in a few seconds."
                        .to_owned(),
                    vec![],
                )
            }
            Self::Internal(cause) => {
                tracing::error!(error = ?cause, "request failed");
                (
                    "Sorry, something went wrong".to_owned(),
                    "The problem has been logged. Try again, and if it keeps happening tell the programme office.".to_owned(),
                    vec![],
                )
            }
        };
        ErrorPage {
            status: status.as_u16(),
            title,
            message,
            fields,
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let page = self.page();
        let mut response = (self.status(), page.message.clone()).into_response();
        if matches!(self, Self::Unavailable(_)) {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static(RETRY_UNAVAILABLE_SECONDS),
            );
        }
        response.extensions_mut().insert(page);
        response
    }
}
