//! Workstreams: the projects of a programme, each with a lead who reports.
//!
//! Only active workstreams get a reporting period at each due date; a workstream on
//! hold or closed is not chased.

use crate::ids::UserId;
use crate::slug::Slug;
use crate::stage::StageNumber;
use crate::text_enum::text_enum;
use crate::validation::{ValidationErrors, optional_text, parse_enum, parse_int_in, required_name};
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
