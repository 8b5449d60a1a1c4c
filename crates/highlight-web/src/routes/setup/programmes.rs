//! Creating a programme and changing its settings, with a preview of the due dates;
//! the set-up overview of a programme.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::{Choice, Nav, managed, messages, page};
use crate::app::AppState;
use crate::auth::{Actor, CsrfToken, CurrentUser};
use crate::error::{FieldMessage, WebError, WebResult};
use crate::paths;
use highlight_app::people::options;
use highlight_app::programmes::{
    self as service, COMMON_TIME_ZONES, PREVIEW_COUNT, Preview, ProgrammeForm, long_date,
    preview_form,
};
use highlight_app::scope;
use highlight_store::calendar::ENGLAND_AND_WALES;

#[derive(Debug, Deserialize)]
pub(super) struct Submitted {
    #[serde(flatten)]
    form: ProgrammeForm,
    #[serde(default)]
    action: String,
}

#[derive(Serialize)]
struct FormView {
    form: ProgrammeForm,
    errors: Vec<FieldMessage>,
    heading: String,
    action_url: String,
    submit_label: String,
    nav: Option<Nav>,
    time_zones: Vec<Choice>,
    cycle_kinds: Vec<Choice>,
    months: Vec<Choice>,
    markings: Vec<Choice>,
    pack_orders: Vec<Choice>,
    managers: Vec<Choice>,
    preview: Option<Preview>,
}

const CYCLE_KINDS: &[(&str, &str)] = &[
    ("monthly", "Monthly, on the Nth working day"),
    (
        "bi_monthly",
        "Bi-monthly (every other month), on the Nth working day",
    ),
    (
        "quarterly",
        "Quarterly (January, April, July, October), on the Nth working day",
    ),
    ("cron", "A cron expression"),
    ("board_dates", "A list of board meeting dates"),
];

/// A domain enum's values as the form's choices.
fn choices<'a>(items: impl Iterator<Item = (&'a str, &'a str)>, selected: &str) -> Vec<Choice> {
    Choice::list(&items.collect::<Vec<_>>(), selected)
}

async fn render_form(
    state: &AppState,
    actor: &Actor,
    csrf: &CsrfToken,
    form: ProgrammeForm,
    errors: Vec<FieldMessage>,
    preview: Option<Preview>,
    nav: Option<Nav>,
) -> WebResult<Response> {
    let typed = form.time_zone.trim().to_owned();
    let mut zones: Vec<(&str, &str)> = COMMON_TIME_ZONES.iter().map(|z| (*z, *z)).collect();
    if !typed.is_empty() && !COMMON_TIME_ZONES.contains(&typed.as_str()) {
        zones.insert(0, (typed.as_str(), typed.as_str()));
    }
    let view = FormView {
        time_zones: Choice::list(&zones, &typed),
        cycle_kinds: Choice::list(CYCLE_KINDS, &form.cycle_kind),
        months: Choice::list(
            &[
                ("odd", "Odd months (January, March, …)"),
                ("even", "Even months (February, April, …)"),
            ],
            &form.cycle_months,
        ),
        markings: choices(
            highlight_domain::ProtectiveMarking::ALL
                .iter()
                .map(|m| (m.as_str(), m.label())),
            &form.protective_marking,
        ),
        pack_orders: choices(
            highlight_domain::PackOrder::ALL
                .iter()
                .map(|o| (o.as_str(), o.label())),
            &form.pack_order,
        ),
        managers: Choice::people("Nobody chosen", options(&state.db, &form.manager_id).await?),
        heading: match &nav {
            Some(n) => format!("Settings of {}", n.name),
            None => "Set up a programme".into(),
        },
        action_url: match &nav {
            Some(n) => paths::Settings {
                slug: n.slug.clone(),
            }
            .to_string(),
            None => paths::NewProgramme.to_string(),
        },
        submit_label: if nav.is_some() {
            "Save settings"
        } else {
            "Create the programme"
        }
        .into(),
        form,
        errors,
        preview,
        nav,
    };
    let invalid = !view.errors.is_empty();
    let title = view.heading.clone();
    page(
        state,
        actor,
        csrf,
        "pages/setup/programme_form",
        &title,
        &view,
        invalid,
    )
}

fn require_admin(actor: &Actor) -> WebResult<()> {
    scope::require(
        actor.access.can_administer(),
        "set up programmes: only administrators can",
    )
    .map_err(Into::into)
}

/// Handles the preview button and invalid saves alike: the form again, with the next
/// due dates or the messages.
async fn preview_or_errors(
    state: &AppState,
    actor: &Actor,
    csrf: &CsrfToken,
    form: ProgrammeForm,
    result: Option<WebError>,
    nav: Option<Nav>,
) -> WebResult<Response> {
    if let Some(e) = result {
        return match e {
            WebError::Invalid(errors) => {
                render_form(state, actor, csrf, form, messages(&errors), None, nav).await
            }
            other => Err(other),
        };
    }
    match preview_form(&state.db, &form, ENGLAND_AND_WALES, state.now()).await? {
        Ok(p) => render_form(state, actor, csrf, form, Vec::new(), Some(p), nav).await,
        Err(errors) => render_form(state, actor, csrf, form, messages(&errors), None, nav).await,
    }
}

pub(super) async fn new_page(
    _: paths::NewProgramme,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    require_admin(&actor)?;
    render_form(
        &state,
        &actor,
        &csrf,
        ProgrammeForm::blank(),
        Vec::new(),
        None,
        None,
    )
    .await
}

pub(super) async fn create(
    _: paths::NewProgramme,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Form(submitted): Form<Submitted>,
) -> WebResult<Response> {
    require_admin(&actor)?;
    let form = submitted.form;
    if submitted.action == "preview" {
        return preview_or_errors(&state, &actor, &csrf, form, None, None).await;
    }
    match service::create(
        &state.db,
        &state.settings.server.public_url,
        &actor,
        &form,
        state.now(),
    )
    .await
    {
        Ok(p) => Ok(Redirect::to(&paths::Setup { slug: p.slug }.to_string()).into_response()),
        Err(e) => preview_or_errors(&state, &actor, &csrf, form, Some(e.into()), None).await,
    }
}

pub(super) async fn settings_page(
    paths::Settings { slug }: paths::Settings,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let scope = managed(&state.db, &actor, &slug).await?;
    let nav = Some(Nav::of(&scope));
    render_form(
        &state,
        &actor,
        &csrf,
        ProgrammeForm::of(&scope),
        Vec::new(),
        None,
        nav,
    )
    .await
}

pub(super) async fn update(
    paths::Settings { slug }: paths::Settings,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Form(submitted): Form<Submitted>,
) -> WebResult<Response> {
    let scope = managed(&state.db, &actor, &slug).await?;
    let nav = Some(Nav::of(&scope));
    let form = submitted.form;
    if submitted.action == "preview" {
        return preview_or_errors(&state, &actor, &csrf, form, None, nav).await;
    }
    match service::update(
        &state.db,
        &state.settings.server.public_url,
        &actor,
        &scope,
        &form,
        state.now(),
    )
    .await
    {
        Ok(p) => Ok(Redirect::to(&paths::Setup { slug: p.slug }.to_string()).into_response()),
        Err(e) => preview_or_errors(&state, &actor, &csrf, form, Some(e.into()), nav).await,
    }
}

#[derive(Serialize)]
struct OverviewView {
    nav: Nav,
    description: String,
    sponsor: String,
    time_zone: String,
    cycle: String,
    due_dates: Vec<String>,
    workstreams: Vec<WorkstreamLine>,
}

#[derive(Serialize)]
struct WorkstreamLine {
    name: String,
    slug: String,
    lead: String,
    deputy: String,
    stage: i32,
    status: String,
}

pub(super) async fn overview(
    paths::Setup { slug }: paths::Setup,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    use highlight_store::scope::{user_names, workstreams_of};
    let scope = managed(&state.db, &actor, &slug).await?;
    let dates = service::preview(
        &state.db,
        &scope.cycle,
        scope.tz,
        &scope.programme.holiday_region,
        state.now(),
        PREVIEW_COUNT,
    )
    .await?;
    let list = workstreams_of(&state.db, scope.id()).await?;
    let people: Vec<i64> = list
        .iter()
        .flat_map(|w| [w.lead_id, w.deputy_id])
        .flatten()
        .map(|id| id.0)
        .collect();
    let names = user_names(&state.db, people).await?;
    let name = |id: Option<i64>| id.and_then(|i| names.get(&i).cloned()).unwrap_or_default();
    let view = OverviewView {
        nav: Nav::of(&scope),
        description: scope.programme.description.clone(),
        sponsor: scope.programme.sponsor.clone(),
        time_zone: scope.programme.time_zone.name().to_owned(),
        cycle: scope.cycle.to_string(),
        due_dates: dates.into_iter().map(long_date).collect(),
        workstreams: list
            .iter()
            .map(|w| WorkstreamLine {
                name: w.name.clone(),
                slug: w.slug.clone(),
                lead: name(w.lead_id.map(|id| id.0)),
                deputy: name(w.deputy_id.map(|id| id.0)),
                stage: i32::try_from(w.stage.get()).unwrap_or(i32::MAX),
                status: highlight_app::text::workstream_status_word(w.status).to_owned(),
            })
            .collect(),
    };
    let title = format!("Set up {}", scope.programme.name);
    page(
        &state,
        &actor,
        &csrf,
        "pages/setup/overview",
        &title,
        &view,
        false,
    )
}
