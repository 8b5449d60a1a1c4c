//! Importing workstreams from CSV: upload a file or paste the text, check every row,
//! then import all of them — or none.

use axum::extract::{Multipart, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use highlight_domain::ValidationErrors;
use serde::{Deserialize, Serialize};

use super::{Nav, managed, messages, page};
use crate::app::AppState;
use crate::auth::{CsrfToken, CurrentUser};
use crate::error::{FieldMessage, WebError, WebResult};
use crate::paths;
use highlight_app::import::{self as service, COLUMNS, ImportReport, TEMPLATE};

#[derive(Debug, Default, Deserialize)]
pub(super) struct Imported {
    imported: Option<usize>,
}

#[derive(Serialize)]
struct ImportView {
    nav: Nav,
    columns: Vec<&'static str>,
    example: &'static str,
    text: String,
    report: Option<ImportReport>,
    imported: Option<usize>,
    errors: Vec<FieldMessage>,
}

pub(super) async fn form_page(
    paths::ImportWorkstreams { slug }: paths::ImportWorkstreams,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Query(q): Query<Imported>,
) -> WebResult<Response> {
    let scope = managed(&state.db, &actor, &slug).await?;
    let view = ImportView {
        nav: Nav::of(&scope),
        columns: COLUMNS.to_vec(),
        example: TEMPLATE,
        text: String::new(),
        report: None,
        imported: q.imported,
        errors: Vec::new(),
    };
    let title = format!("Import workstreams into {}", scope.programme.name);
    page(
        &state,
        &actor,
        &csrf,
        "pages/setup/import",
        &title,
        &view,
        false,
    )
}

/// The file (or pasted text) and the button pressed.
async fn read_form(mut multipart: Multipart) -> WebResult<(String, String)> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        let mut errors = ValidationErrors::new();
        errors.add("file", format!("The upload could not be read: {e}"));
        WebError::Invalid(errors)
    };
    let (mut file, mut text, mut action) = (String::new(), String::new(), String::new());
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(unreadable)?;
        let value = match String::from_utf8(bytes.to_vec()) {
            Ok(v) => v,
            Err(_) => {
                let mut errors = ValidationErrors::new();
                errors.add(
                    "file",
                    "The file is not text in UTF-8: save it from your spreadsheet as \"CSV UTF-8\"",
                );
                return Err(WebError::Invalid(errors));
            }
        };
        match name.as_str() {
            "file" => file = value,
            "text" => text = value,
            "action" => action = value,
            _ => {}
        }
    }
    let content = if file.trim().is_empty() { text } else { file };
    Ok((content, action))
}

pub(super) async fn submit(
    paths::ImportWorkstreams { slug }: paths::ImportWorkstreams,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> WebResult<Response> {
    let scope = managed(&state.db, &actor, &slug).await?;
    let multipart = multipart.map_err(|e| {
        let mut errors = ValidationErrors::new();
        errors.add(
            "file",
            format!("Send the form as an upload (multipart/form-data): {e}"),
        );
        WebError::Invalid(errors)
    })?;
    let title = format!("Import workstreams into {}", scope.programme.name);
    let mut view = ImportView {
        nav: Nav::of(&scope),
        columns: COLUMNS.to_vec(),
        example: TEMPLATE,
        text: String::new(),
        report: None,
        imported: None,
        errors: Vec::new(),
    };
    let (content, action) = match read_form(multipart).await {
        Ok(v) => v,
        Err(WebError::Invalid(errors)) => {
            view.errors = messages(&errors);
            return page(
                &state,
                &actor,
                &csrf,
                "pages/setup/import",
                &title,
                &view,
                true,
            );
        }
        Err(e) => return Err(e),
    };
    if content.trim().is_empty() {
        view.errors = vec![FieldMessage::new(
            "file",
            "Choose a CSV file to upload, or paste the rows into the box",
        )];
        return page(
            &state,
            &actor,
            &csrf,
            "pages/setup/import",
            &title,
            &view,
            true,
        );
    }
    let report = if action == "import" {
        service::import(&state.db, &actor, &scope, &content, state.now()).await?
    } else {
        service::check(&state.db, &scope, &content, state.now()).await?
    };
    if report.imported > 0 {
        return Ok(Redirect::to(&format!(
            "{}?imported={}",
            paths::ImportWorkstreams { slug },
            report.imported
        ))
        .into_response());
    }
    let invalid = !report.ready;
    view.text = content;
    view.report = Some(report);
    page(
        &state,
        &actor,
        &csrf,
        "pages/setup/import",
        &title,
        &view,
        invalid,
    )
}

pub(super) async fn template(
    paths::ImportTemplate { slug }: paths::ImportTemplate,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
) -> WebResult<Response> {
    managed(&state.db, &actor, &slug).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"workstreams.csv\"",
            ),
        ],
        TEMPLATE,
    )
        .into_response())
}
