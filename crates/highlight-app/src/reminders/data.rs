//! The data each reminder template reads, fixed when the reminder is planned (the
//! worker adds `recipient_name` and `link` when it renders). Every field is always
//! present because the templates are strict.

use serde::{Deserialize, Serialize};

/// A reminder about one workstream's report for one period (before_due, on_due,
/// overdue, escalation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportReminderData {
    pub programme_name: String,
    pub workstream_name: String,
    pub lead_name: String,
    /// "7 October to 6 November 2026".
    pub period: String,
    /// "Friday 6 November 2026".
    pub due_date: String,
    /// "5 working days" (before the due date), or "" otherwise.
    pub due_in: String,
    /// "3 working days" (overdue), or "" otherwise.
    pub overdue_by: String,
    /// Which overdue reminder this is (1, 2, 3…); 1 for the other kinds.
    pub occurrence: u32,
    /// What is missing, in a sentence.
    pub missing: String,
}

/// The programme manager's weekly digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestData {
    pub programme_name: String,
    /// "week beginning Monday 23 November 2026".
    pub week: String,
    pub overdue: Vec<OutstandingReport>,
    pub due: Vec<OutstandingReport>,
    pub overdue_actions: Vec<OverdueAction>,
    /// True when nothing at all is outstanding.
    pub all_clear: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutstandingReport {
    pub workstream_name: String,
    pub lead_name: String,
    pub due_date: String,
    /// "overdue by 3 working days", "due in 4 working days", "due today".
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueAction {
    pub description: String,
    pub owner: String,
    pub due_date: String,
}

/// A review-loop reminder about one report (review_due, resubmit_due,
/// resubmit_escalation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoopReminderData {
    pub programme_name: String,
    pub workstream_name: String,
    pub lead_name: String,
    /// "7 October to 6 November 2026".
    pub period: String,
    /// "Friday 6 November 2026".
    pub due_date: String,
    /// The revision waiting (for review, or returned).
    pub revision: i32,
    /// When it started waiting: "Tuesday 3 March 2026".
    pub since: String,
    /// How long it has waited: "5 working days".
    pub waiting: String,
}
