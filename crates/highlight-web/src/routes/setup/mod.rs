//! The programme office's set-up pages: programmes, people, workstreams, PIDs, the
//! CSV import and the audit log. Handlers parse the form, call `crate::services`, and
//! either redirect or re-render the form with every message beside its field.
//!
//! Who may: creating a programme and reading account changes (`/admin/audit`) are for
//! administrators; everything else for the programme's manager or an administrator.

mod audit;
mod import;
mod people;
mod pid;
mod programmes;
mod workstreams;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::routing::RouterExt;
use highlight_domain::ValidationErrors;
use serde::Serialize;

use crate::app::AppState;
use crate::auth::{Actor, CsrfToken};
use crate::error::{FieldMessage, WebResult};
use crate::views;
use highlight_app::scope::{self, ProgrammeScope};
use highlight_store::workstreams::WorkstreamRecord;

pub fn router() -> Router<AppState> {
    Router::new()
        .typed_get(programmes::new_page)
        .typed_post(programmes::create)
        .typed_get(programmes::overview)
        .typed_get(programmes::settings_page)
        .typed_post(programmes::update)
        .typed_get(people::list_page)
        .typed_post(people::add)
        .typed_post(people::remove)
        .typed_get(workstreams::new_page)
        .typed_post(workstreams::create)
        .typed_get(workstreams::edit_page)
        .typed_post(workstreams::update)
        .typed_get(import::form_page)
        .typed_post(import::submit)
        .typed_get(import::template)
        .typed_get(pid::current)
        .typed_get(pid::version)
        .typed_get(pid::edit_page)
        .typed_post(pid::save)
        .typed_get(audit::programme)
        .typed_get(audit::admin)
}

/// The programme, if the actor may set it up.
pub(crate) async fn managed(
    db: &impl highlight_store::Conn,
    actor: &Actor,
    slug: &str,
) -> WebResult<ProgrammeScope> {
    let s = scope::programme(db, actor, slug).await?;
    scope::require(
        actor.access.can_manage_programme(s.id()),
        &format!(
            "set up {}: only its programme manager can",
            s.programme.name
        ),
    )?;
    Ok(s)
}

/// The workstream, if the actor may set up its programme.
pub(crate) async fn managed_workstream(
    db: &impl highlight_store::Conn,
    actor: &Actor,
    slug: &str,
    ws: &str,
) -> WebResult<(ProgrammeScope, WorkstreamRecord)> {
    let (s, w) = scope::workstream(db, actor, slug, ws).await?;
    scope::require(
        actor.access.can_manage_programme(s.id()),
        &format!(
            "set up {}: only its programme manager can",
            s.programme.name
        ),
    )?;
    Ok((s, w))
}

/// The links along the top of every set-up page of a programme.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Nav {
    pub slug: String,
    pub name: String,
}

impl Nav {
    pub fn of(scope: &ProgrammeScope) -> Self {
        Self {
            slug: scope.programme.slug.clone(),
            name: scope.programme.name.clone(),
        }
    }
}

/// An option of a select or a radio button.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn list(items: &[(&str, &str)], selected: &str) -> Vec<Choice> {
        items
            .iter()
            .map(|(v, l)| Choice {
                value: (*v).to_owned(),
                label: (*l).to_owned(),
                selected: *v == selected.trim(),
            })
            .collect()
    }

    /// Everyone who can be chosen, after a first option for choosing no one
    /// ("No lead"), selected when no one is.
    pub fn people(none: &str, people: Vec<highlight_app::people::PersonOption>) -> Vec<Choice> {
        let nobody = !people.iter().any(|p| p.selected);
        std::iter::once(Choice {
            value: String::new(),
            label: none.to_owned(),
            selected: nobody,
        })
        .chain(people.into_iter().map(|p| Choice {
            value: p.id.to_string(),
            label: format!("{} ({})", p.name, p.email),
            selected: p.selected,
        }))
        .collect()
    }
}

pub(crate) fn messages(errors: &ValidationErrors) -> Vec<FieldMessage> {
    errors
        .iter()
        .map(|e| FieldMessage::new(&e.field, &e.message))
        .collect()
}

/// Renders a page; with errors the status is 422 so scripts and tests can tell.
pub(crate) fn page<T: Serialize>(
    state: &AppState,
    actor: &Actor,
    csrf: &CsrfToken,
    template: &str,
    title: &str,
    view: &T,
    invalid: bool,
) -> WebResult<Response> {
    let html = views::render(state, Some(actor), csrf, template, title, view)?;
    let status = if invalid {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, html).into_response())
}
