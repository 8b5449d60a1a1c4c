//! `GET /`: the programmes, each with its workstreams — where everyone starts.

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use serde::Serialize;

use crate::app::AppState;
use crate::error::AppResult;
use crate::store;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Serialize)]
struct HomeView {
    title: &'static str,
    programmes: Vec<ProgrammeView>,
}

#[derive(Serialize)]
struct ProgrammeView {
    name: String,
    slug: String,
    description: String,
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

async fn home(State(state): State<AppState>) -> AppResult<Html<String>> {
    let overview = store::programmes::overview(&state.db).await?;
    let view = HomeView {
        title: "Programmes",
        programmes: overview
            .into_iter()
            .map(|p| ProgrammeView {
                name: p.programme.name,
                slug: p.programme.slug,
                description: p.programme.description,
                workstreams: p
                    .workstreams
                    .into_iter()
                    .map(|w| WorkstreamView {
                        name: w.workstream.name,
                        slug: w.workstream.slug,
                        lead: w.lead_name.unwrap_or_else(|| "No lead yet".into()),
                        stage: w.workstream.stage,
                        status: w.workstream.status.replace('_', " "),
                    })
                    .collect(),
            })
            .collect(),
    };
    Ok(Html(state.templates.render("pages/home", &view)?))
}
