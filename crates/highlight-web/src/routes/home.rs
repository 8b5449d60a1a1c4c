//! `GET /`: the programmes the signed-in person has a role in, each with its
//! workstreams; for someone not signed in, the sign-in page.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::routing::RouterExt;
use serde::Serialize;

use crate::app::AppState;
use crate::auth::{CsrfToken, CurrentUser, MaybeUser};
use crate::error::WebResult;
use crate::paths;
use crate::routes::session::{render_sign_in_with, signed_out_note};
use crate::views;
use axum::extract::Query;
use axum::response::Redirect;
use axum_extra::extract::CookieJar;
use highlight_app::your_work;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().typed_get(home).typed_post(chase)
}

#[derive(Serialize)]
struct HomeView {
    work: your_work::YourWork,
    counts: your_work::WorkCounts,
    /// Nothing is asked of the person just now.
    all_clear: bool,
    /// After "Send a reminder now": whose reminder is on its way.
    chased: Option<String>,
    programmes: Vec<ProgrammeView>,
    is_admin: bool,
}

#[derive(Debug, Default, Deserialize)]
struct HomeQuery {
    /// The workstream just chased (its slug).
    chased: Option<String>,
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
    Query(query): Query<HomeQuery>,
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
    let work = your_work::your_work(&state.db, &actor, state.now()).await?;
    let counts = work.counts();
    let chased = query.chased.and_then(|slug| {
        work.returns
            .iter()
            .flat_map(|p| &p.rows)
            .find(|r| r.workstream == slug)
            .map(|r| {
                format!(
                    "A reminder is on its way to {} for {}.",
                    r.lead_name, r.workstream_name
                )
            })
    });
    let view = HomeView {
        all_clear: work.to_write.is_empty()
            && work.returned.is_empty()
            && work.to_review.is_empty()
            && work.returns.is_empty(),
        counts,
        work,
        chased,
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
        "Your work",
        &view,
    )?
    .into_response())
}

/// "Send a reminder now": queues the reminder and goes back to "your work", which says
/// it is on its way (or the error page says why it cannot go).
async fn chase(
    paths::Chase { slug, ws }: paths::Chase,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
) -> WebResult<Response> {
    your_work::chase(
        &state.db,
        &actor,
        &state.settings.server.public_url,
        &slug,
        &ws,
        state.now(),
    )
    .await?;
    Ok(Redirect::to(&format!("{}?chased={ws}#returns-{slug}", paths::Home)).into_response())
}
