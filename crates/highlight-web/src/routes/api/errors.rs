//! The API's error shape, as documented in the OpenAPI document. It mirrors
//! `crate::error::ErrorPage`, which `render_errors` serialises under `/api`.

use serde::Serialize;
use utoipa::ToSchema;

/// `{"error": {...}}`
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// The HTTP status.
    pub status: u16,
    /// A short title, e.g. "There is a problem".
    pub title: String,
    /// What went wrong and what to do.
    pub message: String,
    /// One entry per invalid field, each saying what to fix.
    pub fields: Vec<FieldErrorBody>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldErrorBody {
    /// The field's name, e.g. `spend_to_date` or `deliverables[2].target_date`.
    pub field: String,
    pub message: String,
}
