//! Administrators' pages for accounts: everyone with their status (invited, active,
//! disabled) and last sign-in; one person's account with their API tokens; disabling,
//! enabling and resending an invitation (POST forms, each saying what it does).

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::routing::RouterExt;
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::auth::{CsrfToken, CurrentUser};
use crate::error::WebResult;
use crate::paths;
use crate::views;
use highlight_app::accounts::{self as service, PersonSummary, TokenSummary};
use highlight_domain::account::AccountStatus;

pub fn router() -> Router<AppState> {
    Router::new()
        .typed_get(list)
        .typed_get(person)
        .typed_post(disable)
        .typed_post(enable)
        .typed_post(invite)
}

#[derive(Serialize)]
struct PeopleView {
    people: Vec<PersonSummary>,
}

async fn list(
    _: paths::AdminPeople,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let view = PeopleView {
        people: service::people(&state.db, Some(&actor)).await?,
    };
    Ok(views::render(
        &state,
        Some(&actor),
        &csrf,
        "pages/admin_people",
        "People and accounts",
        &view,
    )?
    .into_response())
}

#[derive(Debug, Default, Deserialize)]
struct Done {
    done: Option<String>,
}

#[derive(Serialize)]
struct PersonView {
    person: PersonSummary,
    tokens: Vec<TokenSummary>,
    invited: bool,
    disabled: bool,
    is_self: bool,
    notice: Option<&'static str>,
}

async fn person(
    paths::AdminPerson { id }: paths::AdminPerson,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Query(q): Query<Done>,
) -> WebResult<Response> {
    let person = service::person(&state.db, Some(&actor), id).await?;
    let tokens = service::tokens_of(&state.db, Some(&actor), id, state.now()).await?;
    let notice = match q.done.as_deref() {
        Some("disabled") => Some(
            "The account is disabled: its sessions, sign-in links and API tokens have stopped.",
        ),
        Some("enabled") => Some("The account is enabled again: they can sign in."),
        Some("invited") => Some("A new invitation is on its way."),
        Some("revoked") => Some("The API token is revoked."),
        _ => None,
    };
    let title = format!("{}'s account", person.name);
    let view = PersonView {
        invited: person.status == AccountStatus::Invited,
        disabled: person.status == AccountStatus::Disabled,
        is_self: person.id == actor.id(),
        person,
        tokens,
        notice,
    };
    Ok(views::render(
        &state,
        Some(&actor),
        &csrf,
        "pages/admin_person",
        &title,
        &view,
    )?
    .into_response())
}

fn back(id: i64, done: &str) -> Response {
    Redirect::to(&format!("{}?done={done}", paths::AdminPerson { id })).into_response()
}

async fn disable(
    paths::DisablePerson { id }: paths::DisablePerson,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
) -> WebResult<Response> {
    service::set_enabled(&state.db, Some(&actor), id, false, state.now()).await?;
    Ok(back(id, "disabled"))
}

async fn enable(
    paths::EnablePerson { id }: paths::EnablePerson,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
) -> WebResult<Response> {
    service::set_enabled(&state.db, Some(&actor), id, true, state.now()).await?;
    Ok(back(id, "enabled"))
}

async fn invite(
    paths::InvitePerson { id }: paths::InvitePerson,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
) -> WebResult<Response> {
    service::resend_invitation(
        &state.db,
        &state.settings.server.public_url,
        Some(&actor),
        id,
        state.now(),
    )
    .await?;
    Ok(back(id, "invited"))
}
