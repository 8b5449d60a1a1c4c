//! The boundary every request's input crosses, in two steps.
//!
//! **Before any handler**, [`refuse_unreadable`] (a middleware) refuses what no handler
//! could use, for every route at once, so no handler has to remember:
//!
//! - a NUL character in a form field, a JSON string, a query parameter or a text body
//!   is refused with 422 naming the field. PostgreSQL cannot store NUL in text (a NUL
//!   that reached a query was a 500 there and silently accepted on SQLite), no person
//!   means one, and removing it quietly would change what a password or an e-mail
//!   address says. The domain's normal form ([`highlight_domain::text::normalise`])
//!   still drops one, for text that arrives another way (the command line);
//! - bytes that are not UTF-8 in a form, a JSON body, a text body or a query string
//!   are refused with 422 naming the field, where the form and query parsers would
//!   have replaced them with U+FFFD and stored the damage;
//! - an address with a NUL or bytes that are not UTF-8 in it is no page: 404.
//!
//! Like a body over the size limit (413), this comes before the handler's access
//! check: it says only what is wrong with the request's own characters.
//!
//! **In the handler**, after the access check: an extractor like `Json<T>` or `Form<T>`
//! runs before the handler, so a malformed body would be refused (400/422, naming the
//! fields it expects) before the handler can say "you may not do this" — telling
//! strangers about the API and breaking the rule that a denied request is a 403.
//! [`Body`] only buffers the bytes; the handler checks access first and then parses
//! them with [`Body::json`] or [`Body::form`], whose errors are the app's own 422 with
//! the field named (`fields.problems`, `deliverables[2].name`). [`ApiJson`] is the
//! same as an extractor, for bodies whose every field is optional (the set-up API), so
//! that a malformed one says no more than the form's own fields would.

use std::borrow::Cow;

use axum::body::{Body as RawBody, Bytes, to_bytes};
use axum::extract::{FromRequest, Request};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use highlight_domain::ValidationErrors;
use percent_encoding::percent_decode;
use serde::de::DeserializeOwned;

use crate::error::WebError;

/// Bodies are read whole to be checked; the app's body limit applies first.
const MAX_CHECKED_BYTES: usize = 4 * 1024 * 1024;

/// Refuses a request whose address, query string or body holds what no handler can
/// use (see the module's documentation); passes every other request on unchanged.
pub async fn refuse_unreadable(request: Request, next: Next) -> Response {
    let decoded_path: Vec<u8> = percent_decode(request.uri().path().as_bytes()).collect();
    if decoded_path.contains(&0) || std::str::from_utf8(&decoded_path).is_err() {
        return WebError::NotFound("the page you asked for".to_owned()).into_response();
    }
    if let Some(query) = request.uri().query()
        && let Err(errors) = check_urlencoded(query.as_bytes(), "query parameter")
    {
        return WebError::Invalid(errors).into_response();
    }
    let Some(kind) = body_kind(request.headers()) else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    let bytes = match to_bytes(body, MAX_CHECKED_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => return WebError::PayloadTooLarge.into_response(),
    };
    let kind = match kind {
        BodyKind::Unlabelled if looks_like_json(&bytes) => BodyKind::Json,
        BodyKind::Unlabelled => BodyKind::Form,
        kind => kind,
    };
    let checked = match kind {
        BodyKind::Form => check_urlencoded(&bytes, "field"),
        BodyKind::Json => check_json(&bytes),
        BodyKind::Text | BodyKind::Unlabelled => check_text(&bytes),
    };
    if let Err(errors) = checked {
        return WebError::Invalid(errors).into_response();
    }
    next.run(Request::from_parts(parts, RawBody::from(bytes)))
        .await
}

/// The bodies [`refuse_unreadable`] reads: forms, JSON and text, and a body sent
/// without a `Content-Type` (which the handlers that read bytes still parse), checked
/// as JSON when it looks like JSON and as a form otherwise. Uploads
/// (`multipart/form-data`) are read by their handler, which names the file.
enum BodyKind {
    Form,
    Json,
    Text,
    Unlabelled,
}

fn body_kind(headers: &HeaderMap) -> Option<BodyKind> {
    let Some(content_type) = headers.get(CONTENT_TYPE) else {
        return Some(BodyKind::Unlabelled);
    };
    let content_type = content_type.to_str().ok()?;
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/x-www-form-urlencoded" => Some(BodyKind::Form),
        "application/json" => Some(BodyKind::Json),
        e if e.ends_with("+json") => Some(BodyKind::Json),
        e if e.starts_with("text/") => Some(BodyKind::Text),
        _ => None,
    }
}

/// Each name and value of an urlencoded form or query string, percent-decoded as bytes
/// (the parsers replace what is not UTF-8; this sees it first).
fn check_urlencoded(encoded: &[u8], what: &str) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    for pair in encoded.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let (name, value) = match pair.iter().position(|b| *b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        };
        let name = decode_form_bytes(name);
        let value = decode_form_bytes(value);
        let field = field_name(&name);
        if errors.0.iter().any(|e| e.field == field) {
            continue;
        }
        if std::str::from_utf8(&name).is_err() || std::str::from_utf8(&value).is_err() {
            errors.add(&field, not_utf8(what, &field));
        } else if name.contains(&0) || value.contains(&0) {
            errors.add(&field, has_nul(what, &field));
        }
    }
    errors.into_result(|| ())
}

/// `+` as a space, then `%XX` as the byte it stands for.
fn decode_form_bytes(encoded: &[u8]) -> Vec<u8> {
    let spaced: Cow<'_, [u8]> = if encoded.contains(&b'+') {
        Cow::Owned(
            encoded
                .iter()
                .map(|b| if *b == b'+' { b' ' } else { *b })
                .collect(),
        )
    } else {
        Cow::Borrowed(encoded)
    };
    percent_decode(&spaced).collect()
}

/// A field's name as an error can show it (what is not UTF-8 or NUL shown as U+FFFD).
fn field_name(name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name).replace('\0', "\u{fffd}");
    if name.is_empty() {
        "body".to_owned()
    } else {
        name
    }
}

fn looks_like_json(bytes: &[u8]) -> bool {
    matches!(
        bytes.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{' | b'[' | b'"')
    )
}

/// A JSON body must be UTF-8 (RFC 8259), and none of its strings — names or values —
/// may hold a NUL (`"\u0000"`). A body that is not JSON at all is left to the handler,
/// which says so after its access check.
fn check_json(bytes: &[u8]) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if std::str::from_utf8(bytes).is_err() {
        errors.add(
            "body",
            "The request body is not UTF-8 text: JSON must be sent in UTF-8",
        );
        return Err(errors);
    }
    // A NUL in JSON text is always written `\u0000` (a raw one is not JSON): only a
    // body with that in it needs reading through.
    let escaped_nul = bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000"));
    if escaped_nul && let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) {
        find_nul(&value, &mut String::new(), &mut errors);
    }
    errors.into_result(|| ())
}

/// Adds an error for every string of `value` that holds a NUL, named by its path in
/// the body as the rest of the API names fields (`fields.problems`, `items[2].name`).
fn find_nul(value: &serde_json::Value, path: &mut String, errors: &mut ValidationErrors) {
    let here = |path: &str| {
        if path.is_empty() {
            "body".to_owned()
        } else {
            path.to_owned()
        }
    };
    match value {
        serde_json::Value::String(s) if s.contains('\0') => {
            let field = here(path);
            let message = has_nul("field", &field);
            errors.add(field, message);
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                find_nul(item, path, errors);
                path.truncate(len);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                if key.contains('\0') {
                    let field = field_name(path.as_bytes());
                    let message = has_nul("field name", &field);
                    errors.add(field, message);
                } else {
                    find_nul(item, path, errors);
                }
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// A text body (a CSV file sent to the API): UTF-8. Its lines are checked by what
/// reads it, which can name the line.
fn check_text(bytes: &[u8]) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        errors.add(
            "body",
            format!(
                "The request body is not UTF-8 text (line {line} has bytes that are not): save it as UTF-8, such as \"CSV UTF-8\" from a spreadsheet, and send it again"
            ),
        );
    }
    errors.into_result(|| ())
}

fn has_nul(what: &str, field: &str) -> String {
    format!(
        "The {what} \"{field}\" contains a NUL character (\\0), which Highlight cannot store: remove it and try again"
    )
}

fn not_utf8(what: &str, field: &str) -> String {
    format!(
        "The {what} \"{field}\" is not UTF-8 text: it has bytes that stand for no character. Send it in UTF-8"
    )
}

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
    /// The body as JSON (an empty body reads as `{}`). A value that does not fit is a
    /// 422 naming it by its path in the body.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, WebError> {
        let text = if self.0.is_empty() {
            &b"{}"[..]
        } else {
            &self.0[..]
        };
        // Whatever the body was labelled, what reaches a handler holds no NUL.
        check_json(text).map_err(WebError::Invalid)?;
        let unexpected = |field: &str, e: &dyn std::fmt::Display| {
            invalid(
                field,
                format!("The request body is not the JSON expected: {e}"),
            )
        };
        let mut deserializer = serde_json::Deserializer::from_slice(text);
        let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let path = e.path().to_string();
            let field = if path == "." { "body".to_owned() } else { path };
            unexpected(&field, e.inner())
        })?;
        deserializer.end().map_err(|e| unexpected("body", &e))?;
        Ok(value)
    }

    /// The body as an HTML form.
    pub fn form<T: DeserializeOwned>(&self) -> Result<T, WebError> {
        serde_urlencoded::from_bytes(&self.0)
            .map_err(|e| invalid("body", format!("The form could not be read: {e}")))
    }
}

/// A JSON body whose problems come back in the API's own 422 shape, naming the field
/// (the set-up API's bodies). A `PATCH` with nothing in it is refused by
/// [`highlight_app::forms::change`], after the handler's access check.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let body = Body::from_request(req, state).await?;
        body.json().map(ApiJson)
    }
}

/// The document's word for an optional date in a query or body: a `YYYY-MM-DD` date,
/// or blank (or left out) for the default the field describes.
/// (`#[param(value_type = OptionalDate, required = false)]`)
#[derive(Debug)]
pub struct OptionalDate;

impl utoipa::PartialSchema for OptionalDate {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{
            AnyOfBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type,
        };
        AnyOfBuilder::new()
            .description(Some(
                "A date, YYYY-MM-DD; blank for the default the field describes.",
            ))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .max_length(Some(0)),
            )
            .into()
    }
}

impl utoipa::ToSchema for OptionalDate {
    fn name() -> std::borrow::Cow<'static, str> {
        "OptionalDate".into()
    }
}

/// The document's word for a `?page=` number: any whole number from 0, with no
/// `int64` bound (a larger one reads as the last page).
/// (`#[param(value_type = PageNumber, required = false)]`)
#[derive(Debug)]
pub struct PageNumber;

impl utoipa::PartialSchema for PageNumber {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(0))
            .description(Some(
                "A page number from 1; 0 reads as 1, and a page after the last as the last.",
            ))
            .into()
    }
}

impl utoipa::ToSchema for PageNumber {
    fn name() -> std::borrow::Cow<'static, str> {
        "PageNumber".into()
    }
}

/// A `?page=` number (`#[serde(default, deserialize_with = "page_number")]`): digits of
/// any length, a number too large for any log read as the largest (which a log shows
/// as its last page, never an overflow); anything else is refused.
pub fn page_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    use serde::Deserialize as _;
    let text: Option<String> = Option::deserialize(d)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) if t.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(t.parse().unwrap_or(u64::MAX))),
        Some(t) => Err(serde::de::Error::custom(format!(
            "the page must be a number from 1, not \"{t}\""
        ))),
    }
}

fn invalid(field: &str, message: String) -> WebError {
    let mut errors = ValidationErrors::new();
    errors.add(field, message);
    WebError::Invalid(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(errors: Result<(), ValidationErrors>) -> Vec<String> {
        errors
            .err()
            .map(|e| e.0.into_iter().map(|e| e.field).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_form_field_with_a_nul_or_bytes_that_are_not_utf8_is_named() {
        assert_eq!(
            fields(check_urlencoded(b"email=a%00b&password=x", "field")),
            ["email"]
        );
        assert_eq!(
            fields(check_urlencoded(b"name=ok&notes=caf%E9", "field")),
            ["notes"]
        );
        assert_eq!(
            fields(check_urlencoded(b"a=1&b=%C3%A9+%E2%80%94&c", "field")),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_json_string_with_a_nul_is_named_by_its_path() {
        let body = br#"{"fields": {"problems": "a\u0000b"}, "items": [{"name": "ok"}, {"name": "\u0000"}]}"#;
        assert_eq!(
            fields(check_json(body)),
            ["fields.problems", "items[1].name"]
        );
        assert_eq!(fields(check_json(b"\"\\u0000\"")), ["body"]);
        assert_eq!(fields(check_json(b"{\"a\": \"\xff\"}")), ["body"]);
        assert_eq!(fields(check_json(b"not json")), Vec::<String>::new());
        assert_eq!(
            fields(check_json(br#"{"a": "\\u0000"}"#)),
            Vec::<String>::new()
        );
    }

    #[test]
    fn text_that_is_not_utf8_is_named_by_its_line() {
        let errors = check_text(b"name\nCustomer \xff Access\n").unwrap_err();
        assert!(errors.0[0].message.contains("line 2"), "{errors}");
    }
}
