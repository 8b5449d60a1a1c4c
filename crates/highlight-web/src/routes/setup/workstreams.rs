//! Adding and changing a workstream of a programme.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

use super::{Choice, Nav, managed, managed_workstream, messages, page};
use crate::app::AppState;
use crate::auth::{Actor, CsrfToken, CurrentUser};
use crate::error::{FieldMessage, WebResult};
use crate::paths;
use highlight_app::people::options;
use highlight_app::scope::ProgrammeScope;
use highlight_app::workstreams::{self as service, WorkstreamForm};

const STATUSES: &[(&str, &str)] = &[
    ("active", "Active: reports every period"),
    ("on_hold", "On hold: not chased for reports"),
    ("closed", "Closed"),
];

#[derive(Serialize)]
struct FormView {
    nav: Nav,
    heading: String,
    action_url: String,
    submit_label: String,
    /// The workstream's slug when editing (links to its PID), else null.
    editing: Option<String>,
    form: WorkstreamForm,
    errors: Vec<FieldMessage>,
    leads: Vec<Choice>,
    deputies: Vec<Choice>,
    statuses: Vec<Choice>,
}

async fn render(
    state: &AppState,
    actor: &Actor,
    csrf: &CsrfToken,
    scope: &ProgrammeScope,
    editing: Option<String>,
    form: WorkstreamForm,
    errors: Vec<FieldMessage>,
) -> WebResult<Response> {
    let slug = &scope.programme.slug;
    let view = FormView {
        nav: Nav::of(scope),
        heading: match &editing {
            Some(_) => format!("Change {}", form.name),
            None => format!("Add a workstream to {}", scope.programme.name),
        },
        action_url: match &editing {
            Some(ws) => paths::EditWorkstream {
                slug: slug.into(),
                ws: ws.into(),
            }
            .to_string(),
            None => paths::NewWorkstream { slug: slug.into() }.to_string(),
        },
        submit_label: if editing.is_some() {
            "Save the workstream"
        } else {
            "Add the workstream"
        }
        .into(),
        leads: Choice::people("No lead", options(&state.db, &form.lead_id).await?),
        deputies: Choice::people("No deputy", options(&state.db, &form.deputy_id).await?),
        statuses: Choice::list(STATUSES, &form.status),
        editing,
        form,
        errors,
    };
    let invalid = !view.errors.is_empty();
    let title = view.heading.clone();
    page(
        state,
        actor,
        csrf,
        "pages/setup/workstream_form",
        &title,
        &view,
        invalid,
    )
}

pub(super) async fn new_page(
    paths::NewWorkstream { slug }: paths::NewWorkstream,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let scope = managed(&state.db, &actor, &slug).await?;
    render(
        &state,
        &actor,
        &csrf,
        &scope,
        None,
        WorkstreamForm::blank(),
        Vec::new(),
    )
    .await
}

pub(super) async fn create(
    paths::NewWorkstream { slug }: paths::NewWorkstream,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Form(form): Form<WorkstreamForm>,
) -> WebResult<Response> {
    let scope = managed(&state.db, &actor, &slug).await?;
    match service::create(
        &state.db,
        &state.settings.server.public_url,
        &actor,
        &scope,
        &form,
        state.now(),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&paths::Setup { slug }.to_string()).into_response()),
        Err(highlight_app::AppError::Invalid(errors)) => {
            render(&state, &actor, &csrf, &scope, None, form, messages(&errors)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn edit_page(
    paths::EditWorkstream { slug, ws }: paths::EditWorkstream,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let (scope, w) = managed_workstream(&state.db, &actor, &slug, &ws).await?;
    let form = WorkstreamForm::of(&w);
    render(
        &state,
        &actor,
        &csrf,
        &scope,
        Some(w.slug),
        form,
        Vec::new(),
    )
    .await
}

pub(super) async fn update(
    paths::EditWorkstream { slug, ws }: paths::EditWorkstream,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Form(form): Form<WorkstreamForm>,
) -> WebResult<Response> {
    let (scope, w) = managed_workstream(&state.db, &actor, &slug, &ws).await?;
    match service::update(
        &state.db,
        &state.settings.server.public_url,
        &actor,
        &scope,
        &w,
        &form,
        state.now(),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&paths::Setup { slug }.to_string()).into_response()),
        Err(highlight_app::AppError::Invalid(errors)) => {
            render(
                &state,
                &actor,
                &csrf,
                &scope,
                Some(w.slug),
                form,
                messages(&errors),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
