//! Review as a loop, under `/programmes/{slug}/workstreams/{ws}/reports/{due}`:
//!
//! - `GET  …/{due}/return`: the "return for changes" form — a note per section of the
//!   report form, and a general note — for those who may review a submitted report.
//! - `POST …/{due}/return`: returns it (the use case `review_loop::return_for_changes`);
//!   a report already returned, reviewed or still a draft is 409, a form with no note 422.
//! - `GET  …/{due}/resubmit`: for the lead of a returned report, the board's notes and
//!   the button that resubmits the saved report, with optional words for the board.
//! - `POST …/{due}/resubmit`: resubmits it (`review_loop::resubmit`).
//!
//! The report page (`routes/reports.rs`) shows the notes while the report is returned
//! and, once resubmitted, what changed since the board returned it.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::routing::RouterExt;
use highlight_domain::{ReportSection, ReturnNotesDraft, ValidationErrors};
use serde::Serialize;

use crate::app::AppState;
use crate::auth::{Actor, CsrfToken, CurrentUser};
use crate::error::{FieldMessage, WebError, WebResult};
use crate::paths;
use crate::views;
use highlight_app::reports::{self as service, ReportScope, WriteOutcome};
use highlight_app::review_loop::{self, ReturnNotesView};
use highlight_app::text;

pub fn router() -> Router<AppState> {
    Router::new()
        .typed_get(return_form)
        .typed_post(post_return)
        .typed_get(resubmit_page)
        .typed_post(post_resubmit)
}

fn report_path(rs: &ReportScope) -> paths::Report {
    paths::Report::of(
        &rs.scope.programme.slug,
        &rs.workstream.slug,
        rs.period.due_date,
    )
}

/// A form as the browser sent it; one that does not read (a field sent twice) is
/// refused saying so, never taken for an empty form.
fn read_form<T: serde::de::DeserializeOwned>(body: &[u8]) -> WebResult<T> {
    serde_html_form::from_bytes(body).map_err(|e| {
        let mut errors = ValidationErrors::new();
        errors.add(
            "form",
            format!("The form could not be read ({e}): reload the page and try again"),
        );
        WebError::Invalid(errors)
    })
}

fn field_messages(errors: &ValidationErrors) -> Vec<FieldMessage> {
    errors
        .iter()
        .map(|e| FieldMessage::new(&text::anchor(&e.field), &e.message))
        .collect()
}

// ---------------------------------------------------------------------------
// Returning a report for changes.

/// One section's note on the return form.
#[derive(Serialize)]
struct NoteField {
    name: String,
    label: String,
    hint: &'static str,
    value: String,
    error: Option<String>,
}

#[derive(Serialize)]
struct ReturnPage {
    workstream_name: String,
    due_label: String,
    revision: i32,
    lead_name: String,
    report_url: String,
    action_url: String,
    general_note: String,
    general_error: Option<String>,
    notes: Vec<NoteField>,
    errors: Vec<FieldMessage>,
}

async fn return_form(
    paths::ReturnReport { slug, ws, due }: paths::ReturnReport,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let rs = service::resolve(&state.db, &actor, &slug, &ws, &due, state.now()).await?;
    review_loop::require_returnable(&rs)?;
    render_return(
        &state,
        &actor,
        &csrf,
        &rs,
        &ReturnNotesDraft::default(),
        &ValidationErrors::new(),
    )
    .await
}

async fn post_return(
    paths::ReturnReport { slug, ws, due }: paths::ReturnReport,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    body: Bytes,
) -> WebResult<Response> {
    let now = state.now();
    let mut rs = service::resolve(&state.db, &actor, &slug, &ws, &due, now).await?;
    let form: BTreeMap<String, String> = read_form(&body)?;
    let draft = ReturnNotesDraft {
        general: form
            .get(ReturnNotesDraft::GENERAL_FIELD)
            .cloned()
            .unwrap_or_default(),
        sections: form
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("note_").map(|s| (s.to_owned(), v.clone())))
            .collect(),
    };
    match review_loop::return_for_changes(
        &state.db,
        &state.settings.server.public_url,
        &actor,
        &mut rs,
        &draft,
        now,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}?returned=1", report_path(&rs))).into_response()),
        Err(highlight_app::AppError::Invalid(errors)) => {
            render_return(&state, &actor, &csrf, &rs, &draft, &errors).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn render_return(
    state: &AppState,
    actor: &Actor,
    csrf: &CsrfToken,
    rs: &ReportScope,
    draft: &ReturnNotesDraft,
    errors: &ValidationErrors,
) -> WebResult<Response> {
    let error_of = |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    };
    let lead_name = review_loop::lead_name(&state.db, rs)
        .await?
        .unwrap_or_else(|| "the lead".to_owned());
    let view = ReturnPage {
        workstream_name: rs.workstream.name.clone(),
        due_label: highlight_app::format::long_date(rs.period.due_date),
        revision: rs.report.as_ref().map_or(0, |r| r.current_revision),
        lead_name,
        report_url: report_path(rs).to_string(),
        action_url: report_path(rs).return_for_changes().to_string(),
        general_note: draft.general.clone(),
        general_error: error_of(ReturnNotesDraft::GENERAL_FIELD),
        notes: ReportSection::ALL
            .iter()
            .map(|s| {
                let name = ReturnNotesDraft::field_of(*s);
                NoteField {
                    label: format!("Notes on {}", s.title().to_lowercase()),
                    hint: s.summary(),
                    value: draft
                        .sections
                        .iter()
                        .find(|(k, _)| k == s.as_str())
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default(),
                    error: error_of(&name),
                    name,
                }
            })
            .collect(),
        errors: field_messages(errors),
    };
    let title = format!("Return for changes: {}", rs.workstream.name);
    views::render_form_page(
        state,
        Some(actor),
        csrf,
        "pages/report_return",
        &title,
        &view,
        !errors.is_empty(),
    )
}

// ---------------------------------------------------------------------------
// Resubmitting a returned report.

#[derive(Serialize)]
struct ResubmitPage {
    workstream_name: String,
    due_label: String,
    report_url: String,
    edit_url: String,
    action_url: String,
    notes: ReturnNotesView,
    words: String,
    words_error: Option<String>,
    /// Problems on this page (the words).
    errors: Vec<FieldMessage>,
    /// What the report still lacks, each linking to its field on the form.
    incomplete: Vec<Incomplete>,
    conflict: bool,
}

#[derive(Serialize)]
struct Incomplete {
    message: String,
    href: String,
}

async fn resubmit_page(
    paths::ResubmitReport { slug, ws, due }: paths::ResubmitReport,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let rs = service::resolve(&state.db, &actor, &slug, &ws, &due, state.now()).await?;
    render_resubmit(
        &state,
        &actor,
        &csrf,
        &rs,
        String::new(),
        &ValidationErrors::new(),
        false,
    )
    .await
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ResubmitForm {
    words: String,
    #[serde(rename = "_csrf")]
    _csrf: String,
}

async fn post_resubmit(
    paths::ResubmitReport { slug, ws, due }: paths::ResubmitReport,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    body: Bytes,
) -> WebResult<Response> {
    let now = state.now();
    let mut rs = service::resolve(&state.db, &actor, &slug, &ws, &due, now).await?;
    let form: ResubmitForm = read_form(&body)?;
    match review_loop::resubmit(&state.db, &actor, &mut rs, &form.words, now).await? {
        WriteOutcome::Written(_) => {
            Ok(Redirect::to(&format!("{}?submitted=1", report_path(&rs))).into_response())
        }
        WriteOutcome::Invalid(errors) => {
            render_resubmit(&state, &actor, &csrf, &rs, form.words, &errors, false).await
        }
        WriteOutcome::Conflict(theirs) => {
            rs.report = Some(theirs);
            render_resubmit(
                &state,
                &actor,
                &csrf,
                &rs,
                form.words,
                &ValidationErrors::new(),
                true,
            )
            .await
        }
    }
}

async fn render_resubmit(
    state: &AppState,
    actor: &Actor,
    csrf: &CsrfToken,
    rs: &ReportScope,
    words: String,
    errors: &ValidationErrors,
    conflict: bool,
) -> WebResult<Response> {
    highlight_app::scope::require(rs.can_write, "write this workstream's report")?;
    let Some(notes) = service::open_return(&state.db, rs).await? else {
        // Not returned (any more): the report says where it stands.
        return Ok(Redirect::to(&report_path(rs).to_string()).into_response());
    };
    let edit_url = report_path(rs).edit().to_string();
    let form_url = report_path(rs).whole_form().to_string();
    let (here, elsewhere): (Vec<_>, Vec<_>) = errors.iter().partition(|e| e.field == "words");
    let view = ResubmitPage {
        workstream_name: rs.workstream.name.clone(),
        due_label: highlight_app::format::long_date(rs.period.due_date),
        report_url: report_path(rs).to_string(),
        action_url: report_path(rs).resubmit().to_string(),
        words_error: here.first().map(|e| e.message.clone()),
        errors: here
            .iter()
            .map(|e| FieldMessage::new("words", &e.message))
            .collect(),
        incomplete: elsewhere
            .iter()
            .map(|e| Incomplete {
                message: e.message.clone(),
                href: format!("{form_url}#{}", text::anchor(&e.field)),
            })
            .collect(),
        edit_url,
        notes,
        words,
        conflict,
    };
    let status = if conflict {
        StatusCode::CONFLICT
    } else if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let title = format!("Resubmit to the board: {}", rs.workstream.name);
    let html = views::render(
        state,
        Some(actor),
        csrf,
        "pages/report_resubmit",
        &title,
        &view,
    )?;
    Ok((status, html).into_response())
}
