//! The people of a programme: who manages it, who sits on its board, who may view it.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::{Choice, Nav, managed, messages, page};
use crate::app::AppState;
use crate::auth::{CsrfToken, CurrentUser};
use crate::error::{FieldMessage, WebResult};
use crate::paths;
use highlight_app::members::{self as service, Member, MemberForm};
use highlight_app::scope::ProgrammeScope;

const ROLES: &[(&str, &str)] = &[
    ("board_member", "Board member"),
    ("programme_manager", "Programme manager"),
    ("viewer", "Viewer (reads submitted reports)"),
];

#[derive(Serialize)]
struct PeopleView {
    nav: Nav,
    members: Vec<Member>,
    form: MemberForm,
    roles: Vec<Choice>,
    errors: Vec<FieldMessage>,
}

async fn render(
    state: &AppState,
    actor: &crate::auth::Actor,
    csrf: &CsrfToken,
    scope: &ProgrammeScope,
    form: MemberForm,
    errors: Vec<FieldMessage>,
) -> WebResult<Response> {
    let view = PeopleView {
        nav: Nav::of(scope),
        members: service::list(&state.db, scope.id()).await?,
        roles: Choice::list(ROLES, &form.role),
        form,
        errors,
    };
    let invalid = !view.errors.is_empty();
    let title = format!("People of {}", scope.programme.name);
    page(
        state,
        actor,
        csrf,
        "pages/setup/people",
        &title,
        &view,
        invalid,
    )
}

pub(super) async fn list_page(
    paths::People { slug }: paths::People,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let scope = managed(&state.db, &actor, &slug).await?;
    let form = MemberForm {
        role: "board_member".into(),
        ..MemberForm::default()
    };
    render(&state, &actor, &csrf, &scope, form, Vec::new()).await
}

pub(super) async fn add(
    paths::People { slug }: paths::People,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Form(form): Form<MemberForm>,
) -> WebResult<Response> {
    let scope = managed(&state.db, &actor, &slug).await?;
    match service::add(
        &state.db,
        &state.settings.server.public_url,
        &actor,
        &scope,
        &form,
        state.now(),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&paths::People { slug }.to_string()).into_response()),
        Err(highlight_app::AppError::Invalid(errors)) => {
            render(&state, &actor, &csrf, &scope, form, messages(&errors)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct RemoveForm {
    user_id: i64,
    role: String,
}

pub(super) async fn remove(
    paths::RemovePerson { slug }: paths::RemovePerson,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    body: crate::routes::input::Body,
) -> WebResult<Response> {
    let scope = managed(&state.db, &actor, &slug).await?;
    let form: RemoveForm = body.form()?;
    service::remove(
        &state.db,
        &actor,
        &scope,
        form.user_id,
        &form.role,
        state.now(),
    )
    .await?;
    Ok(Redirect::to(&paths::People { slug }.to_string()).into_response())
}
