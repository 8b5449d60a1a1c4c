//! `POST /api/v1/programmes`, `PATCH /api/v1/programmes/{slug}` and
//! `GET /api/v1/programmes/{slug}/cycle/preview`.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiJson;
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::routes::api::errors::ErrorBody;
use crate::routes::setup::managed;
use highlight_app::forms::patch;
use highlight_app::programmes::{self as service, ProgrammeForm};
use highlight_app::scope::{self, ProgrammeScope};
use highlight_store::entities::programmes;

/// A programme's settings.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeBody {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub sponsor: String,
    pub programme_manager_id: Option<i64>,
    pub time_zone: String,
    /// In words: "monthly on the 5th working day", "cron: 0 9 1 * *", …
    pub reporting_cycle: String,
    pub reminder_policy: ReminderBody,
    /// The RAG policy: a deviation within tolerance is amber when it uses more than
    /// this share of its tolerance ("80%"); "0%" makes any deviation amber.
    pub amber_share_of_tolerance: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReminderBody {
    pub before_due_working_days: u32,
    pub repeat_overdue_every_working_days: u32,
    pub escalate_after_working_days_overdue: u32,
}

impl ProgrammeBody {
    fn of(model: programmes::Model) -> WebResult<Self> {
        let s = ProgrammeScope::from_model(model)?;
        let r = s.reminder_policy;
        Ok(Self {
            amber_share_of_tolerance: s.rag_policy.amber_share_of_tolerance.to_string(),
            reporting_cycle: s.cycle.to_string(),
            reminder_policy: ReminderBody {
                before_due_working_days: r.before_due_working_days,
                repeat_overdue_every_working_days: r.repeat_overdue_every_working_days,
                escalate_after_working_days_overdue: r.escalate_after_working_days_overdue,
            },
            id: s.programme.id,
            slug: s.programme.slug,
            name: s.programme.name,
            description: s.programme.description,
            sponsor: s.programme.sponsor,
            programme_manager_id: s.programme.programme_manager_id,
            time_zone: s.programme.time_zone,
        })
    }
}

/// Sets up a programme (administrators only). Blank fields take the form's defaults:
/// Europe/London, monthly on the 5th working day, the default reminders.
#[utoipa::path(
    post,
    path = "/api/v1/programmes",
    tag = "set-up",
    request_body = ProgrammeForm,
    responses(
        (status = 201, description = "The programme was created", body = ProgrammeBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a message", body = ErrorBody)
    )
)]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> WebResult<(StatusCode, Json<ProgrammeBody>)> {
    scope::require(
        actor.access.can_administer(),
        "set up programmes: only administrators can",
    )?;
    let form: ProgrammeForm = patch(&ProgrammeForm::blank(), body)?;
    let model = service::create(&state.db, &actor, &form, Utc::now()).await?;
    Ok((StatusCode::CREATED, Json(ProgrammeBody::of(model)?)))
}

/// Changes a programme's settings: send only the fields to change.
#[utoipa::path(
    patch,
    path = "/api/v1/programmes/{slug}",
    tag = "set-up",
    params(("slug" = String, Path, description = "The programme's web address name")),
    request_body = ProgrammeForm,
    responses(
        (status = 200, description = "The settings as saved", body = ProgrammeBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 404, description = "No such programme", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a message", body = ErrorBody)
    )
)]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> WebResult<Json<ProgrammeBody>> {
    let scope = managed(&state.db, &actor, &slug).await?;
    let form: ProgrammeForm = patch(&ProgrammeForm::of(&scope), body)?;
    let model = service::update(&state.db, &actor, &scope, &form, Utc::now()).await?;
    Ok(Json(ProgrammeBody::of(model)?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PreviewQuery {
    /// How many due dates (1 to 60; default 6).
    count: Option<usize>,
}

/// The next due dates of the programme's cycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewBody {
    pub reporting_cycle: String,
    pub time_zone: String,
    /// Local dates, ISO 8601.
    #[schema(value_type = Vec<String>)]
    pub due_dates: Vec<chrono::NaiveDate>,
}

/// The next due dates from today, in the programme's time zone and working calendar.
#[utoipa::path(
    get,
    path = "/api/v1/programmes/{slug}/cycle/preview",
    tag = "set-up",
    params(("slug" = String, Path, description = "The programme's web address name"), PreviewQuery),
    responses(
        (status = 200, description = "The next due dates", body = PreviewBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 422, description = "A count out of range", body = ErrorBody)
    )
)]
pub async fn preview(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Path(slug): Path<String>,
    Query(q): Query<PreviewQuery>,
) -> WebResult<Json<PreviewBody>> {
    let scope = managed(&state.db, &actor, &slug).await?;
    let count = q.count.unwrap_or(service::PREVIEW_COUNT);
    if !(1..=60).contains(&count) {
        let mut e = highlight_domain::ValidationErrors::new();
        e.add("count", "Ask for 1 to 60 due dates");
        return Err(WebError::Invalid(e));
    }
    let due_dates = service::preview(
        &state.db,
        &scope.cycle,
        scope.tz,
        &scope.programme.holiday_region,
        Utc::now(),
        count,
    )
    .await?;
    Ok(Json(PreviewBody {
        reporting_cycle: scope.cycle.to_string(),
        time_zone: scope.programme.time_zone.clone(),
        due_dates,
    }))
}
