//! Makes the OpenAPI document say exactly what the request bodies accept, so a client
//! generated from it (or a fuzzer such as schemathesis) never sends what is refused nor
//! is refused what the document allows.
//!
//! [`close_request_bodies`] runs once the operations are collected:
//!
//! - every request body refuses fields it does not name (`additionalProperties: false`),
//!   as the handlers do (`deny_unknown_fields`, or the set-up bodies' own check);
//! - a body is `required` only when `{}` would not fit its schema: [`Body::json`]
//!   reads an empty body as `{}`, so a body whose fields are all optional may be left
//!   out;
//! - the set-up bodies read a JSON number as its text and `null` as blank, as a form
//!   would send them ([`highlight_app::forms::text`]): their text fields say so.
//!
//! [`Body::json`]: crate::routes::input::Body::json

use utoipa::openapi::schema::{AdditionalProperties, Schema, SchemaType, Type};
use utoipa::openapi::{OpenApi, RefOr, Required};

/// The bodies whose text fields also take a number (read as its text) or `null`.
const FORM_LIKE_BODIES: [&str; 4] = [
    "ProgrammeInput",
    "WorkstreamInput",
    "MemberInput",
    "NewTokenInput",
];

pub fn close_request_bodies(openapi: &mut OpenApi) {
    let mut body_schemas = Vec::new();
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            let Some(RefOr::T(body)) = operation.request_body.as_mut() else {
                continue;
            };
            let Some(name) = json_schema_name(body) else {
                continue;
            };
            let optional = schema(openapi.components.as_ref(), &name)
                .is_some_and(|object| object.required.is_empty());
            body.required = Some(if optional {
                Required::False
            } else {
                Required::True
            });
            body_schemas.push(name);
        }
    }
    let Some(components) = openapi.components.as_mut() else {
        return;
    };
    for name in body_schemas {
        if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(&name) {
            object.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
            if FORM_LIKE_BODIES.contains(&name.as_str()) {
                for property in object.properties.values_mut() {
                    if let RefOr::T(Schema::Object(field)) = property
                        && takes_text(&field.schema_type)
                    {
                        field.schema_type =
                            SchemaType::Array(vec![Type::String, Type::Number, Type::Null]);
                    }
                }
            }
        }
    }
}

/// The component a JSON request body refers to.
fn json_schema_name(body: &utoipa::openapi::request_body::RequestBody) -> Option<String> {
    let RefOr::T(content) = body.content.get("application/json")? else {
        return None;
    };
    match content.schema.as_ref()? {
        RefOr::Ref(r) => r
            .ref_location
            .strip_prefix("#/components/schemas/")
            .map(str::to_owned),
        RefOr::T(_) => None,
    }
}

fn schema<'a>(
    components: Option<&'a utoipa::openapi::Components>,
    name: &str,
) -> Option<&'a utoipa::openapi::schema::Object> {
    match components?.schemas.get(name)? {
        RefOr::T(Schema::Object(object)) => Some(object),
        _ => None,
    }
}

fn takes_text(schema_type: &SchemaType) -> bool {
    match schema_type {
        SchemaType::Type(Type::String) => true,
        SchemaType::Array(types) => types.contains(&Type::String),
        _ => false,
    }
}
