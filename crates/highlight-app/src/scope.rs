//! The programme (and workstream) a URL names, resolved once per request with the
//! actor's right to see it checked: an unknown slug is 404, a programme the person has
//! no role in is 403. Every programme page and API call starts here.

use chrono_tz::Tz;
use highlight_domain::{RagPolicy, ReminderPolicy, ReportingCycle, WorkingCalendar};

use crate::Actor;
use crate::error::{AppError, AppResult};
use highlight_store::Conn;
use highlight_store::calendar;
use highlight_store::programmes::ProgrammeRecord;
use highlight_store::workstreams::WorkstreamRecord;

/// A programme with its settings parsed into domain types.
#[derive(Debug, Clone)]
pub struct ProgrammeScope {
    pub programme: ProgrammeRecord,
    pub tz: Tz,
    pub cycle: ReportingCycle,
    pub reminder_policy: ReminderPolicy,
    /// How the programme turns figures and tolerances into a RAG: every assessment
    /// made for the programme uses this one.
    pub rag_policy: RagPolicy,
}

impl ProgrammeScope {
    pub fn id(&self) -> i64 {
        self.programme.id.0
    }

    /// The scope of a programme as stored (the store has read its settings).
    pub fn of(programme: ProgrammeRecord) -> Self {
        Self {
            tz: programme.time_zone,
            cycle: programme.cycle.clone(),
            reminder_policy: programme.reminder_policy,
            rag_policy: programme.rag_policy,
            programme,
        }
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
    if !actor.access.can_see_programme(programme.id.0) {
        // Says nothing of the programme (not even its name) to someone with no role in it.
        return Err(AppError::Forbidden(NO_ACCESS.to_owned()));
    }
    Ok(ProgrammeScope::of(programme))
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
