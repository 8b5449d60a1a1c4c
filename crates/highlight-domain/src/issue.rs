//! Project issues: things that have happened and need managing (PRINCE2).
//!
//! Unlike a risk, an issue is already here; the board wants the open ones by priority
//! and to see how each was resolved.

use crate::text_enum::text_enum;
use crate::validation::{
    ValidationErrors, optional_text, parse_enum, required_date, required_text,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

text_enum! {
    /// "high", "medium" or "low"; high sorts first.
    pub enum IssuePriority ("issue priority") {
        /// Needs the board now.
        High => "high",
        /// Needs attention this period.
        Medium => "medium",
        /// Can wait.
        Low => "low",
    }
}

text_enum! {
    /// "open", "resolved" or "closed".
    pub enum IssueStatus ("issue status") {
        /// Being dealt with.
        Open => "open",
        /// Dealt with; awaiting confirmation.
        Resolved => "resolved",
        /// Finished with.
        Closed => "closed",
    }
}

/// A project issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectIssue {
    /// What happened.
    pub description: String,
    /// When it was raised.
    pub raised_on: NaiveDate,
    /// Who is dealing with it.
    pub owner: Option<String>,
    /// Priority.
    pub priority: IssuePriority,
    /// Status.
    pub status: IssueStatus,
    /// How it was resolved (required once resolved or closed).
    pub resolution: Option<String>,
}

/// An issue as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectIssueDraft {
    /// What happened.
    pub description: String,
    /// When raised.
    pub raised_on: String,
    /// Owner.
    pub owner: String,
    /// "high", "medium" (default) or "low".
    pub priority: String,
    /// "open" (default), "resolved" or "closed".
    pub status: String,
    /// Resolution.
    pub resolution: String,
}

impl ProjectIssueDraft {
    /// Validates the draft, reporting every problem.
    pub fn validate(&self) -> Result<ProjectIssue, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let e = &mut errors;
        let description = required_text(e, "description", "issue description", &self.description);
        let raised_on = required_date(e, "raised_on", "date raised", &self.raised_on);
        let owner = optional_text(e, "owner", "owner", &self.owner);
        let priority = if self.priority.trim().is_empty() {
            Some(IssuePriority::Medium)
        } else {
            parse_enum(e, "priority", &self.priority)
        };
        let status = if self.status.trim().is_empty() {
            Some(IssueStatus::Open)
        } else {
            parse_enum(e, "status", &self.status)
        };
        let resolution = optional_text(e, "resolution", "resolution", &self.resolution);
        if matches!(status, Some(IssueStatus::Resolved | IssueStatus::Closed))
            && resolution.is_none()
        {
            e.add(
                "resolution",
                "Say how the issue was resolved before marking it resolved or closed",
            );
        }
        match (description, raised_on, priority, status) {
            (Some(description), Some(raised_on), Some(priority), Some(status))
                if errors.is_empty() =>
            {
                Ok(ProjectIssue {
                    description,
                    raised_on,
                    owner,
                    priority,
                    status,
                    resolution,
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
    fn closing_an_issue_needs_a_resolution() {
        let e = ProjectIssueDraft {
            description: "Survey deadline extended to 12 December".into(),
            raised_on: "2008-11-14".into(),
            status: "closed".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert!(e.has("resolution"));
    }

    #[test]
    fn an_open_issue_defaults_to_medium_priority() {
        let i = ProjectIssueDraft {
            description: "Programme Manager post vacant".into(),
            raised_on: "2008-11-14".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(
            (i.priority, i.status),
            (IssuePriority::Medium, IssueStatus::Open)
        );
        assert!(IssuePriority::High < IssuePriority::Low);
    }
}
