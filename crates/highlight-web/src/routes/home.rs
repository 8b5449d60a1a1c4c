//! `GET /`: the programmes the signed-in person has a role in, each with its
//! workstreams; for someone not signed in, the sign-in page.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::routing::RouterExt;
use serde::Serialize;

use crate::app::AppState;
use crate::auth::{CsrfToken, MaybeUser};
use crate::error::WebResult;
use crate::paths;
use crate::routes::session::{render_sign_in_with, signed_out_note};
use crate::views;
use axum_extra::extract::CookieJar;

pub fn router() -> Router<AppState> {
    Router::new().typed_get(home)
}

#[derive(Serialize)]
struct HomeView {
    programmes: Vec<ProgrammeView>,
    is_admin: bool,
}

#[derive(Serialize)]
struct ProgrammeView {
    name: String,
    slug: String,
    description: String,
    /// The person may set the programme up (its programme manager or an admin).
    can_manage: bool,
    workstreams: Vec<WorkstreamView>,
}

#[derive(Serialize)]
struct WorkstreamView {
    name: String,
    slug: String,
    lead: String,
    stage: i32,
    status: String,
}

async fn home(
    _: paths::Home,
    State(state): State<AppState>,
    MaybeUser(actor): MaybeUser,
    csrf: CsrfToken,
    jar: CookieJar,
) -> WebResult<Response> {
    let Some(actor) = actor else {
        let (jar, signed_out) = signed_out_note(&state, jar);
        let page = render_sign_in_with(
            &state,
            &csrf,
            "/".into(),
            String::new(),
            Vec::new(),
            signed_out,
            StatusCode::OK,
        )
        .await?;
        return Ok((jar, page).into_response());
    };
    let overview = highlight_store::programmes::overview(&state.db).await?;
    let view = HomeView {
        is_admin: actor.access.can_administer(),
        programmes: overview
            .into_iter()
            .filter(|p| actor.access.can_see_programme(p.id.0))
            .map(|p| ProgrammeView {
                can_manage: actor.access.can_manage_programme(p.id.0),
                name: p.name,
                slug: p.slug,
                description: p.description,
                workstreams: p
                    .workstreams
                    .into_iter()
                    .map(|w| WorkstreamView {
                        name: w.workstream.name,
                        slug: w.workstream.slug,
                        lead: w.lead_name.unwrap_or_else(|| "No lead yet".into()),
                        stage: i32::try_from(w.workstream.stage.get()).unwrap_or(i32::MAX),
                        status: highlight_app::text::workstream_status_word(w.workstream.status)
                            .to_owned(),
                    })
                    .collect(),
            })
            .collect(),
    };
    Ok(views::render(
        &state,
        Some(&actor),
        &csrf,
        "pages/home",
        "Programmes",
        &view,
    )?
    .into_response())
}
