//! Programmes and their workstreams as the API lists and reads them.

use chrono::NaiveDate;
use highlight_domain as domain;
use serde::Serialize;
use utoipa::ToSchema;

use super::mirror_enum;
use super::pid::Pid;
use super::reports::ReportListItem;
use crate::error::{WebError, WebResult};
use highlight_app::board as service;

/// A programme as listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Programme {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub sponsor: String,
    /// IANA time zone its dates are read in, e.g. `Europe/London`.
    pub time_zone: String,
    /// The currency of all its money (amounts are integer pence): `gbp`.
    pub currency: String,
}

impl From<&service::ProgrammeSummary> for Programme {
    fn from(p: &service::ProgrammeSummary) -> Self {
        Programme {
            slug: p.slug.clone(),
            name: p.name.clone(),
            description: p.description.clone(),
            sponsor: p.sponsor.clone(),
            time_zone: p.time_zone.clone(),
            currency: p.currency.clone(),
        }
    }
}

/// A reporting period of a programme.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PeriodItem {
    pub covers_from: NaiveDate,
    pub due_date: NaiveDate,
    /// True for the period in view: the current one (the latest due today or
    /// before, else the first) for a programme, the one shown for the board.
    pub selected: bool,
}

impl From<&service::PeriodLink> for PeriodItem {
    fn from(p: &service::PeriodLink) -> Self {
        PeriodItem {
            covers_from: p.covers_from,
            due_date: p.due_date,
            selected: p.selected,
        }
    }
}

/// A programme with its periods and what the caller may do there.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeDetail {
    #[serde(flatten)]
    pub programme: Programme,
    /// Newest first.
    pub periods: Vec<PeriodItem>,
    /// How many workstreams it has.
    pub workstreams: usize,
    pub can_review: bool,
    pub can_manage: bool,
}

impl From<&service::ProgrammeDetail> for ProgrammeDetail {
    fn from(d: &service::ProgrammeDetail) -> Self {
        ProgrammeDetail {
            programme: (&d.programme).into(),
            periods: d.periods.iter().map(PeriodItem::from).collect(),
            workstreams: d.workstreams,
            can_review: d.can_review,
            can_manage: d.can_manage,
        }
    }
}

mirror_enum! {
    /// A workstream's life: `active` (reporting every period), `on_hold` (paused:
    /// not chased) or `closed`.
    WorkstreamStatus from WorkstreamStatus { Active, OnHold, Closed }
}

/// A workstream as listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkstreamSummary {
    pub slug: String,
    pub name: String,
    /// The lead's name.
    pub lead: Option<String>,
    pub lead_organisation: String,
    pub stage: i32,
    pub status: WorkstreamStatus,
    /// Whether the caller may write its reports.
    pub can_write: bool,
}

impl TryFrom<&service::WorkstreamSummary> for WorkstreamSummary {
    type Error = WebError;

    fn try_from(w: &service::WorkstreamSummary) -> WebResult<Self> {
        Ok(WorkstreamSummary {
            slug: w.slug.clone(),
            name: w.name.clone(),
            lead: w.lead.clone(),
            lead_organisation: w.lead_organisation.clone(),
            stage: w.stage,
            status: w.status.into(),
            can_write: w.can_write,
        })
    }
}

/// Where a deliverable stands today: `done`, `late` (past its target date, not
/// done), `on_track` or `no_target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliverableState {
    Done,
    Late,
    OnTrack,
    NoTarget,
}

/// A deliverable of the current PID and where it stands today.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeliverableProgress {
    pub name: String,
    pub target_date: Option<NaiveDate>,
    /// The target as written ("Nov 08"), when it was not a plain date.
    pub target_label: Option<String>,
    pub done_on: Option<NaiveDate>,
    pub state: DeliverableState,
}

impl DeliverableProgress {
    pub fn of(d: &domain::Deliverable, today: NaiveDate) -> Self {
        let state = if d.done_on.is_some() {
            DeliverableState::Done
        } else if d.is_late(today) {
            DeliverableState::Late
        } else if d.target_date.is_some() {
            DeliverableState::OnTrack
        } else {
            DeliverableState::NoTarget
        };
        DeliverableProgress {
            name: d.name.clone(),
            target_date: d.target_date,
            target_label: d.target_label.clone(),
            done_on: d.done_on,
            state,
        }
    }
}

/// A workstream: its current PID, its deliverables today and its reports.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkstreamDetail {
    pub programme: Programme,
    pub workstream: WorkstreamSummary,
    /// The current PID; none before one is stored.
    pub pid: Option<Pid>,
    /// The current PID's deliverables and where each stands today.
    pub deliverables: Vec<DeliverableProgress>,
    /// One report per period, newest first: the status trend as data.
    pub reports: Vec<ReportListItem>,
}
