//! Workstreams: the projects of a programme, each with a lead who reports.
//!
//! Only active workstreams get a reporting period at each due date; a workstream on
//! hold or closed is not chased.
//!
//! A workstream also has a life ([`WorkstreamLife`]): the day it started (by default
//! the day it was added) and, once it ends, the day it closed. The life decides which
//! periods it owes a report for ([`WorkstreamLife::obligation`]): a workstream added
//! today does not owe last month's report, and closing one does not make next
//! month's report overdue. The status says whether it is chased *now*; the life says
//! which periods were ever its own, so past periods, reminders and history read the
//! same after a workstream is added or closed.

use crate::ids::UserId;
use crate::period::ReportingPeriod;
use crate::slug::Slug;
use crate::stage::StageNumber;
use crate::text_enum::text_enum;
use crate::validation::{
    ValidationErrors, optional_date, optional_text, parse_enum, parse_int_in, required_name,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

text_enum! {
    /// "active", "on_hold" or "closed".
    pub enum WorkstreamStatus ("workstream status") {
        /// Reporting every period.
        Active => "active",
        /// Paused: not chased.
        OnHold => "on_hold",
        /// Finished.
        Closed => "closed",
    }
}

impl WorkstreamStatus {
    /// True when the workstream reports each period.
    pub const fn reports(self) -> bool {
        matches!(self, WorkstreamStatus::Active)
    }
}

/// When a workstream reports: from the day it started until the day it closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkstreamLife {
    /// The day it started (by default the day it was added to the programme).
    pub started_on: NaiveDate,
    /// The day it closed; `None` while it runs.
    pub closed_on: Option<NaiveDate>,
}

text_enum! {
    /// Whether a workstream owes a report for a period: "not_started", "owed", "closed".
    pub enum Obligation ("report obligation") {
        /// The period was due before the workstream started.
        NotStarted => "not_started",
        /// The period was due while the workstream ran: a report is owed.
        Owed => "owed",
        /// The period is due after the workstream closed.
        Closed => "closed",
    }
}

impl WorkstreamLife {
    /// A workstream that started on `started_on` and is still running.
    pub const fn starting(started_on: NaiveDate) -> Self {
        Self {
            started_on,
            closed_on: None,
        }
    }

    /// Whether the workstream owes a report for `period`, judged by its due date:
    ///
    /// | the period's due date is… | obligation |
    /// |---|---|
    /// | before `started_on` | [`Obligation::NotStarted`] |
    /// | on or after `started_on`, and on or before `closed_on` (or not closed) | [`Obligation::Owed`] |
    /// | after `closed_on` | [`Obligation::Closed`] |
    ///
    /// The due date decides, not the dates the period covers: a report is owed when
    /// the workstream exists on the day it is due. So a workstream started on a due
    /// date owes that day's report (its first, saying it has started), and one closed
    /// on a due date owes that day's report (its closing report) but none after.
    pub fn obligation(&self, period: &ReportingPeriod) -> Obligation {
        let due = period.due_date;
        if due < self.started_on {
            Obligation::NotStarted
        } else if self.closed_on.is_some_and(|closed| due > closed) {
            Obligation::Closed
        } else {
            Obligation::Owed
        }
    }

    /// True when the workstream owes a report for `period` (see [`Self::obligation`]).
    pub fn owes(&self, period: &ReportingPeriod) -> bool {
        self.obligation(period) == Obligation::Owed
    }
}

/// A workstream's life as typed: dates as strings, blank start for "the day it was added".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkstreamLifeDraft {
    /// The start date; blank for the day it is added.
    pub started_on: String,
    /// The close date; blank (or "N/A") while it runs.
    pub closed_on: String,
}

impl WorkstreamLifeDraft {
    /// Validates the dates; a blank start date is `added_on` (the day the workstream
    /// is added, in the programme's time zone). A close date before the start is refused.
    pub fn validate(&self, added_on: NaiveDate) -> Result<WorkstreamLife, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let e = &mut errors;
        let started_on = if self.started_on.trim().is_empty() {
            Some(added_on)
        } else {
            optional_date(e, "started_on", "start date", &self.started_on)
        };
        let closed_on = optional_date(e, "closed_on", "close date", &self.closed_on);
        if let (Some(start), Some(close)) = (started_on, closed_on)
            && close < start
        {
            e.add(
                "closed_on",
                format!(
                    "The workstream closes ({close}) before it starts ({start}): check the dates"
                ),
            );
        }
        match started_on {
            Some(started_on) if errors.is_empty() => Ok(WorkstreamLife {
                started_on,
                closed_on,
            }),
            _ => Err(errors),
        }
    }
}

impl From<&WorkstreamLife> for WorkstreamLifeDraft {
    /// The form as it should be pre-filled to edit the dates.
    fn from(life: &WorkstreamLife) -> Self {
        Self {
            started_on: life.started_on.to_string(),
            closed_on: life.closed_on.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

/// A workstream of a programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workstream {
    /// "Shared Services".
    pub name: String,
    /// "shared-services".
    pub slug: Slug,
    /// The lead, who writes the highlight report.
    pub lead: Option<UserId>,
    /// The deputy.
    pub deputy: Option<UserId>,
    /// The organisation leading it ("South Somerset District Council").
    pub lead_organisation: Option<String>,
    /// The current stage.
    pub stage: StageNumber,
    /// Active, on hold or closed.
    pub status: WorkstreamStatus,
}

/// A workstream as typed (lead and deputy are chosen separately).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkstreamDraft {
    /// Name.
    pub name: String,
    /// Lead organisation.
    pub lead_organisation: String,
    /// Stage; blank for 1.
    pub stage: String,
    /// Status; blank for active.
    pub status: String,
}

impl WorkstreamDraft {
    /// Validates the draft, reporting every problem.
    pub fn validate(&self) -> Result<Workstream, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let e = &mut errors;
        let name = required_name(e, "name", "workstream name", &self.name);
        let slug = name.as_deref().and_then(|n| {
            Slug::from_name(n)
                .map_err(|err| e.add("name", err.to_string()))
                .ok()
        });
        let lead_organisation = optional_text(
            e,
            "lead_organisation",
            "lead organisation",
            &self.lead_organisation,
        );
        let stage = if self.stage.trim().is_empty() {
            Some(StageNumber::FIRST)
        } else {
            parse_int_in(e, "stage", "stage", &self.stage, 1..=99, "a stage number")
                .and_then(|n| u32::try_from(n).ok())
                .and_then(|n| StageNumber::new(n).ok())
        };
        let status = if self.status.trim().is_empty() {
            Some(WorkstreamStatus::Active)
        } else {
            parse_enum(e, "status", &self.status)
        };
        match (name, slug, stage, status) {
            (Some(name), Some(slug), Some(stage), Some(status)) if errors.is_empty() => {
                Ok(Workstream {
                    name,
                    slug,
                    lead: None,
                    deputy: None,
                    lead_organisation,
                    stage,
                    status,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dates::d;

    fn period_due(due: NaiveDate) -> ReportingPeriod {
        ReportingPeriod {
            covers_from: due - chrono::Days::new(28),
            due_date: due,
        }
    }

    #[test]
    fn a_period_due_before_the_workstream_started_is_not_started() {
        // Arrange
        let life = WorkstreamLife::starting(d(2026, 3, 10));

        // Act
        let obligation = life.obligation(&period_due(d(2026, 3, 6)));

        // Assert
        assert_eq!(obligation, Obligation::NotStarted);
        assert!(!life.owes(&period_due(d(2026, 3, 6))));
    }

    #[test]
    fn the_period_due_on_the_day_it_started_is_owed() {
        let life = WorkstreamLife::starting(d(2026, 3, 6));
        assert_eq!(
            life.obligation(&period_due(d(2026, 3, 6))),
            Obligation::Owed
        );
        assert!(life.owes(&period_due(d(2030, 1, 4))), "never closed");
    }

    #[test]
    fn the_period_due_on_the_closing_day_is_owed_and_the_next_is_closed() {
        // Arrange
        let life = WorkstreamLife {
            started_on: d(2026, 1, 8),
            closed_on: Some(d(2026, 4, 9)),
        };

        // Act / Assert
        assert_eq!(
            life.obligation(&period_due(d(2026, 4, 9))),
            Obligation::Owed
        );
        assert_eq!(
            life.obligation(&period_due(d(2026, 5, 8))),
            Obligation::Closed
        );
    }

    #[test]
    fn a_workstream_added_without_a_start_date_starts_the_day_it_is_added() {
        let life = WorkstreamLifeDraft::default()
            .validate(d(2026, 3, 10))
            .unwrap();
        assert_eq!(life, WorkstreamLife::starting(d(2026, 3, 10)));
    }

    #[test]
    fn typed_dates_are_taken_and_a_close_before_the_start_is_refused() {
        // Arrange
        let typed = WorkstreamLifeDraft {
            started_on: "01/09/2008".into(),
            closed_on: "2011-07-31".into(),
        };
        let backwards = WorkstreamLifeDraft {
            started_on: "2026-03-10".into(),
            closed_on: "2026-03-09".into(),
        };

        // Act
        let life = typed.validate(d(2026, 3, 10)).unwrap();
        let refused = backwards.validate(d(2026, 3, 10)).unwrap_err();

        // Assert
        assert_eq!(life.started_on, d(2008, 9, 1));
        assert_eq!(life.closed_on, Some(d(2011, 7, 31)));
        assert_eq!(
            WorkstreamLifeDraft::from(&life).validate(d(2026, 1, 1)),
            Ok(life)
        );
        assert!(refused.has("closed_on"), "{refused}");
    }

    #[test]
    fn obligation_text_forms() {
        assert_eq!(Obligation::NotStarted.as_str(), "not_started");
        assert_eq!("closed".parse::<Obligation>(), Ok(Obligation::Closed));
    }

    #[test]
    fn status_text_forms() {
        assert_eq!(WorkstreamStatus::OnHold.as_str(), "on_hold");
        assert_eq!(
            "on hold".parse::<WorkstreamStatus>(),
            Ok(WorkstreamStatus::OnHold)
        );
        assert_eq!(
            "On-Hold".parse::<WorkstreamStatus>(),
            Ok(WorkstreamStatus::OnHold)
        );
        assert!(WorkstreamStatus::Active.reports());
        assert!(!WorkstreamStatus::Closed.reports());
    }

    #[test]
    fn a_workstream_from_the_seed() {
        let w = WorkstreamDraft {
            name: "Strategic Leadership (Political)".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(w.slug, "strategic-leadership-political");
        assert_eq!(w.stage, StageNumber::FIRST);
        assert_eq!(w.status, WorkstreamStatus::Active);
    }

    #[test]
    fn stage_zero_and_unknown_status_are_rejected() {
        let e = WorkstreamDraft {
            name: "X".into(),
            stage: "0".into(),
            status: "paused".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert!(e.has("stage"));
        assert_eq!(
            e.messages_for("status").next(),
            Some("\"paused\" is not a valid workstream status: use one of active, on_hold, closed")
        );
    }

    #[test]
    fn free_text_from_a_browser_is_stored_with_lf_line_endings() {
        let w = WorkstreamDraft {
            name: "Shared Services\r\n".into(),
            lead_organisation: "South Somerset\r\nDistrict Council ".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(w.name, "Shared Services");
        assert_eq!(
            w.lead_organisation.as_deref(),
            Some("South Somerset\nDistrict Council")
        );
    }
}
