//! Board decisions and actions.
//!
//! At each meeting the board records decisions and actions against the programme or
//! a workstream: the action, by whom, by when, resource implications, and dated
//! progress notes written under it (seed 000). Overdue actions are chased like
//! overdue reports. "By when" is often not a date ("Immediate", "As required",
//! "January 2010"): the text is kept as a label and a month becomes its last day.

use crate::ids::WorkstreamId;
use crate::text_enum::text_enum;
use crate::validation::{
    ValidationErrors, optional_text, parse_enum, parse_target, required_date, required_text,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

text_enum! {
    /// What the board recorded: "action" (someone is to do something, by a date) or
    /// "decision" (recorded, nothing to chase).
    pub enum BoardRecordKind ("board record kind") {
        /// Someone is to do something.
        Action => "action",
        /// A decision, for the record.
        Decision => "decision",
    }
}

text_enum! {
    /// "open", "done" or "dropped".
    pub enum ActionStatus ("action status") {
        /// Still to do.
        Open => "open",
        /// Done.
        Done => "done",
        /// No longer needed.
        Dropped => "dropped",
    }
}

/// A dated progress note under an action ("Letters sent September 2009…").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressNote {
    /// When.
    pub on: NaiveDate,
    /// What happened.
    pub note: String,
}

/// An action agreed by the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardAction {
    /// The workstream it is recorded against (`None`: the programme).
    pub workstream: Option<WorkstreamId>,
    /// The meeting that agreed it.
    pub agreed_on: NaiveDate,
    /// What is to be done.
    pub action: String,
    /// Who ("LSP Coordinator").
    pub by_whom: String,
    /// The date it is due, when there is one.
    pub by_when: Option<NaiveDate>,
    /// "By when" as written, when it was not a plain date ("January 2010", "Immediate").
    pub by_when_label: Option<String>,
    /// Resource or other implications.
    pub resource_implications: Option<String>,
    /// Open, done or dropped.
    pub status: ActionStatus,
    /// Dated progress notes, oldest first.
    pub progress: Vec<ProgressNote>,
}

impl BoardAction {
    /// True when open and its due date is before `today` (due by the end of its date).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status == ActionStatus::Open && self.by_when.is_some_and(|d| d < today)
    }
}

/// The open actions past their date, longest overdue first.
pub fn actions_to_chase(actions: &[BoardAction], today: NaiveDate) -> Vec<&BoardAction> {
    let mut overdue: Vec<&BoardAction> = actions.iter().filter(|a| a.is_overdue(today)).collect();
    overdue.sort_by_key(|a| (a.by_when, a.agreed_on));
    overdue
}

/// A decision the board made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardDecision {
    /// The workstream it concerns (`None`: the programme).
    pub workstream: Option<WorkstreamId>,
    /// The meeting.
    pub made_on: NaiveDate,
    /// What was decided.
    pub decision: String,
    /// Resource or other implications.
    pub resource_implications: Option<String>,
}

/// An action as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BoardActionDraft {
    /// Meeting date.
    pub agreed_on: String,
    /// The action.
    pub action: String,
    /// By whom.
    pub by_whom: String,
    /// By when: a date, a month ("January 2010") or words ("Immediate").
    pub by_when: String,
    /// Resource implications.
    pub resource_implications: String,
    /// "open" (default), "done", "dropped".
    pub status: String,
}

impl BoardActionDraft {
    /// Validates the draft, reporting every problem.
    pub fn validate(
        &self,
        workstream: Option<WorkstreamId>,
    ) -> Result<BoardAction, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let e = &mut errors;
        let agreed_on = required_date(e, "agreed_on", "meeting date", &self.agreed_on);
        let action = required_text(e, "action", "action", &self.action);
        let by_whom = required_text(e, "by_whom", "person or group responsible", &self.by_whom);
        let (by_when, by_when_label) = parse_target("by when", &self.by_when).unwrap_or_else(|m| {
            e.add("by_when", m);
            (None, None)
        });
        if let (Some(agreed), Some(due)) = (agreed_on, by_when)
            && due < agreed
        {
            e.add("by_when", format!("The action is due ({due}) before the meeting that agreed it ({agreed}): check the date"));
        }
        let resource_implications = optional_text(
            e,
            "resource_implications",
            "resource implications",
            &self.resource_implications,
        );
        let status = if self.status.trim().is_empty() {
            Some(ActionStatus::Open)
        } else {
            parse_enum(e, "status", &self.status)
        };
        match (agreed_on, action, by_whom, status) {
            (Some(agreed_on), Some(action), Some(by_whom), Some(status)) if errors.is_empty() => {
                Ok(BoardAction {
                    workstream,
                    agreed_on,
                    action,
                    by_whom,
                    by_when,
                    by_when_label,
                    resource_implications,
                    status,
                    progress: Vec::new(),
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

    fn action(by_when: &str) -> BoardAction {
        BoardActionDraft {
            agreed_on: "2009-11-27".into(),
            action: "Produce a folder with all relevant information about the LSP".into(),
            by_whom: "LSP Coordinator".into(),
            by_when: by_when.into(),
            resource_implications: "None".into(),
            ..Default::default()
        }
        .validate(None)
        .unwrap()
    }

    #[test]
    fn an_action_is_overdue_the_day_after_its_date() {
        let a = action("January 2010");
        assert_eq!(a.by_when, Some(d(2010, 1, 31)));
        assert_eq!(a.by_when_label.as_deref(), Some("January 2010"));
        assert!(!a.is_overdue(d(2010, 1, 31)));
        assert!(a.is_overdue(d(2010, 2, 1)));
    }

    #[test]
    fn actions_without_a_date_or_done_are_not_chased() {
        let immediate = action("Immediate");
        assert_eq!(immediate.by_when, None);
        let mut done = action("2009-12-01");
        done.status = ActionStatus::Done;
        let late = action("2009-12-15");
        let earlier = action("2009-12-01");
        let actions = vec![immediate, done, late, earlier];
        let chase = actions_to_chase(&actions, d(2010, 1, 1));
        assert_eq!(
            chase.iter().map(|a| a.by_when).collect::<Vec<_>>(),
            [Some(d(2009, 12, 1)), Some(d(2009, 12, 15))]
        );
    }

    #[test]
    fn a_due_date_before_the_meeting_is_rejected() {
        let e = BoardActionDraft {
            agreed_on: "2009-11-27".into(),
            action: "x".into(),
            by_whom: "y".into(),
            by_when: "23/09/2009".into(),
            ..Default::default()
        }
        .validate(None)
        .unwrap_err();
        assert!(e.has("by_when"));
    }
}
