//! The set-up API: programmes, their people, workstreams, PIDs, the CSV import, the
//! cycle preview and the audit log. The same services as the pages; the request
//! bodies take the pages' field names (text, or numbers where a number is meant), so a
//! 422 names the same fields as the form would.

pub mod audit;
pub mod import;
pub mod members;
pub mod pid;
pub mod programmes;
pub mod workstreams;

use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::error::WebError;

/// A JSON body whose problems come back in the API's own 422 shape.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let body = crate::routes::input::Body::from_request(req, state).await?;
        body.json().map(ApiJson)
    }
}
