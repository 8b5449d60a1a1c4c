//! The API's error shape, as documented in the OpenAPI document. It mirrors
//! `crate::error::ErrorPage`, which `render_errors` serialises under `/api`.
//!
//! [`document_boundary`] adds to every operation the errors that come from no handler
//! but from what every request passes through (credentials, `routes::input`'s checks,
//! axum's reading of the address), so the document lists every status an operation
//! can answer.

use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

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

/// Adds, to every operation that does not say already, the errors any request can get
/// before its handler decides anything:
///
/// - 401 without valid credentials (every operation needs them);
/// - 400 when a query parameter or a number in the address does not read as its type;
/// - 404 when an address's parameters name nothing (or hold a NUL, or bytes that are
///   not UTF-8);
/// - 422 when the query string, a parameter or the body holds a NUL or bytes that are
///   not UTF-8.
pub fn document_boundary(openapi: &mut OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            document_operation(operation);
        }
    }
}

fn document_operation(operation: &mut Operation) {
    let parameters: Vec<(ParameterIn, bool)> = operation
        .parameters
        .iter()
        .flatten()
        .filter_map(|p| match p {
            RefOr::T(p) => {
                let text = serde_json::to_value(&p.schema)
                    .ok()
                    .is_some_and(|s| s["type"] == "string");
                Some((p.parameter_in.clone(), text))
            }
            RefOr::Ref(_) => None,
        })
        .collect();
    let in_path = parameters.iter().any(|(at, _)| *at == ParameterIn::Path);
    let read_as_typed = parameters
        .iter()
        .any(|(at, text)| *at == ParameterIn::Query || (*at == ParameterIn::Path && !text));
    let mut add = |status: &str, description: &str| {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| {
                RefOr::T(
                    ResponseBuilder::new()
                        .description(description)
                        .content(
                            "application/json",
                            ContentBuilder::new()
                                .schema(Some(Ref::from_schema_name("ErrorBody")))
                                .build(),
                        )
                        .build(),
                )
            });
    };
    add("401", "No valid credentials");
    if read_as_typed {
        add(
            "400",
            "A query parameter, or a number in the address, that does not read as its type",
        );
    }
    if in_path {
        add("404", "Nothing has this address");
    }
    // Any request can carry a query string, so any can be refused for one.
    add(
        "422",
        "The query string, a parameter or the body holds a NUL character or bytes that are not UTF-8 (each named), or cannot be read",
    );
}
