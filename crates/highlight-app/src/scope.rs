//! The programme (and workstream) a URL names, resolved once per request with the
//! actor's right to see it checked: an unknown slug is 404, a programme the person has
//! no role in is 403. Every programme page and API call starts here.

use chrono_tz::Tz;
use highlight_domain::{RagPolicy, ReminderPolicy, ReportingCycle, WorkingCalendar};

use crate::Actor;
use crate::error::{AppError, AppResult};
use highlight_store::Conn;
use highlight_store::calendar;
use highlight_store::entities::programmes;
use highlight_store::json::from_json;
use highlight_store::workstreams::WorkstreamRecord;

/// A programme with its settings parsed into domain types.
#[derive(Debug, Clone)]
pub struct ProgrammeScope {
    pub programme: programmes::Model,
    pub tz: Tz,
    pub cycle: ReportingCycle,
    pub reminder_policy: ReminderPolicy,
    /// How the programme turns figures and tolerances into a RAG: every assessment
    /// made for the programme uses this one.
    pub rag_policy: RagPolicy,
}

impl ProgrammeScope {
    pub fn id(&self) -> i64 {
        self.programme.id
    }

    pub fn from_model(programme: programmes::Model) -> AppResult<Self> {
        let tz: Tz = programme.time_zone.parse().map_err(|e| {
            AppError::Internal(anyhow::anyhow!(
                "programme {} has a bad time zone: {e}",
                programme.slug
            ))
        })?;
        let cycle = from_json(&programme.reporting_cycle, "programmes.reporting_cycle")?;
        let reminder_policy = from_json(&programme.reminder_policy, "programmes.reminder_policy")?;
        let rag_policy = highlight_store::programmes::rag_policy(&programme)?;
        Ok(Self {
            programme,
            tz,
            cycle,
            reminder_policy,
            rag_policy,
        })
    }

    /// The programme's working calendar around `year`: its region's bank holidays.
    pub async fn calendar(&self, db: &impl Conn, year: i32) -> AppResult<WorkingCalendar> {
        Ok(calendar::for_region(db, &self.programme.holiday_region, year - 2..=year + 3).await?)
    }
}

/// What someone with no role in a programme is told: nothing about the programme.
pub const NO_ACCESS: &str =
    "You do not have access to this page. Ask your programme office if you think you should.";

/// The programme called `slug`, if `actor` may see it.
#[tracing::instrument(skip_all, fields(programme = slug))]
pub async fn programme(db: &impl Conn, actor: &Actor, slug: &str) -> AppResult<ProgrammeScope> {
    let programme = highlight_store::scope::programme_by_slug(db, slug)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("the programme \"{slug}\"")))?;
    if !actor.access.can_see_programme(programme.id) {
        // Says nothing of the programme (not even its name) to someone with no role in it.
        return Err(AppError::Forbidden(NO_ACCESS.to_owned()));
    }
    ProgrammeScope::from_model(programme)
}

/// The workstream `workstream_slug` of the programme `programme_slug`, if `actor` may see it.
#[tracing::instrument(skip_all, fields(programme = programme_slug, workstream = workstream_slug))]
pub async fn workstream(
    db: &impl Conn,
    actor: &Actor,
    programme_slug: &str,
    workstream_slug: &str,
) -> AppResult<(ProgrammeScope, WorkstreamRecord)> {
    let scope = programme(db, actor, programme_slug).await?;
    let workstream = highlight_store::scope::workstream_by_slug(db, scope.id(), workstream_slug)
        .await?
        .ok_or_else(|| {
            AppError::NotFound(format!(
                "the workstream \"{workstream_slug}\" of {}",
                scope.programme.name
            ))
        })?;
    Ok((scope, workstream))
}

/// Refuses unless `allowed`, with a sentence saying what the person cannot do.
pub fn require(allowed: bool, what: &str) -> AppResult<()> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden(format!(
            "You cannot {what}. Ask the programme office if you think you should."
        )))
    }
}
