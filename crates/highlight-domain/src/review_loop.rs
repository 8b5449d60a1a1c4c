//! Review as a loop: the board returns a report for changes with notes pinned to the
//! form's sections, the lead resubmits, and reminders keep the loop moving.
//!
//! - [`ReturnNotesDraft`] is the "return for changes" form as typed; it parses into
//!   [`ReturnNotes`] (a general note and a note per [`ReportSection`], each in the one
//!   normal form of free text) or every problem at once. A return with nothing in it
//!   is refused: the lead must be told what to change.
//! - [`loop_reminders_due`] says which reminders are due for a report in the loop:
//!   submitted and not reviewed (to the board, once per revision), returned and not
//!   resubmitted (to the lead, once per return, then once to the programme manager).
//!   Like [`crate::reminders_due_for`] it is monotonic: a reminder due at `today` is
//!   due with the same key every later day while the report stays where it is, so the
//!   planner's unique keys send each at most once.
//!
//! The lifecycle itself (who may return what, in which state) is
//! [`crate::ReportState::apply`]'s.

use crate::calendar::WorkingCalendar;
use crate::report::ReportState;
use crate::report_section::ReportSection;
use crate::text::normalise;
use crate::text_enum::text_enum;
use crate::validation::ValidationErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest note accepted, in characters (as long as a board comment).
pub const MAX_NOTE_CHARS: usize = 10_000;

/// The reason a resubmitted revision gives when the lead adds no words of their own.
pub const RESUBMITTED: &str = "Resubmitted after the board's notes";

/// The board's notes on a returned report.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReturnNotes {
    /// A note about the report as a whole.
    pub general: Option<String>,
    /// A note per section, in the form's order, each section at most once.
    pub sections: Vec<(ReportSection, String)>,
}

impl ReturnNotes {
    /// The note pinned to `section`, if any.
    pub fn on(&self, section: ReportSection) -> Option<&str> {
        self.sections
            .iter()
            .find(|(s, _)| *s == section)
            .map(|(_, n)| n.as_str())
    }

    /// How many notes there are, the general one included.
    pub fn count(&self) -> usize {
        self.sections.len() + usize::from(self.general.is_some())
    }

    /// The first note, as the lead reads them: the general note, else the first
    /// section's.
    pub fn first(&self) -> Option<&str> {
        self.general
            .as_deref()
            .or_else(|| self.sections.first().map(|(_, n)| n.as_str()))
    }
}

/// The "return for changes" form as typed: the general note and a note per section,
/// keyed by the section's name ("budget").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnNotesDraft {
    /// The note about the whole report.
    #[serde(default)]
    pub general: String,
    /// A note per section, by [`ReportSection::as_str`].
    #[serde(default)]
    pub sections: Vec<(String, String)>,
}

impl ReturnNotesDraft {
    /// The form field of a section's note: "note_budget".
    pub fn field_of(section: ReportSection) -> String {
        format!("note_{}", section.as_str())
    }

    /// The form field of the general note.
    pub const GENERAL_FIELD: &'static str = "general_note";

    /// The notes, or every problem: a note too long (naming its field), a section
    /// that does not exist, or no note at all.
    pub fn parse(&self) -> Result<ReturnNotes, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut too_long = |field: &str, text: &str| {
            if text.chars().count() > MAX_NOTE_CHARS {
                errors.add(
                    field,
                    format!("The note must be {MAX_NOTE_CHARS} characters or fewer: shorten it"),
                );
            }
        };
        let general = normalise(&self.general);
        too_long(Self::GENERAL_FIELD, &general);
        let mut typed: Vec<(ReportSection, String)> = Vec::new();
        let mut unknown = Vec::new();
        for (name, text) in &self.sections {
            let text = normalise(text);
            if text.is_empty() {
                continue;
            }
            match name.parse::<ReportSection>() {
                Ok(section) => {
                    too_long(&Self::field_of(section), &text);
                    match typed.iter_mut().find(|(s, _)| *s == section) {
                        Some((_, existing)) => {
                            existing.push_str("\n\n");
                            existing.push_str(&text);
                        }
                        None => typed.push((section, text)),
                    }
                }
                Err(_) => unknown.push(name.clone()),
            }
        }
        for name in unknown {
            errors.add(
                format!("note_{name}"),
                format!("The report has no section \"{name}\": reload the page and try again"),
            );
        }
        if general.is_empty() && typed.is_empty() {
            errors.add(
                Self::GENERAL_FIELD,
                "Write at least one note: say what the lead should change",
            );
        }
        let sections = ReportSection::ALL
            .iter()
            .filter_map(|s| {
                typed
                    .iter()
                    .find(|(t, _)| t == s)
                    .map(|(_, n)| (*s, n.clone()))
            })
            .collect();
        errors.into_result(|| ReturnNotes {
            general: (!general.is_empty()).then_some(general),
            sections,
        })
    }
}

/// The reason a resubmission's revision gives: [`RESUBMITTED`], with the lead's own
/// words after it when there are any.
pub fn resubmission_reason(words: &str) -> String {
    let words = normalise(words);
    if words.is_empty() {
        RESUBMITTED.to_owned()
    } else {
        format!("{RESUBMITTED}: {words}")
    }
}

text_enum! {
    /// A reminder that keeps a report moving round the review loop.
    pub enum LoopReminderKind ("review loop reminder") {
        /// Submitted and not yet reviewed: to the board members and the programme
        /// manager, once per revision.
        ReviewDue => "review_due",
        /// Returned and not yet resubmitted: to the lead, once per return.
        ResubmitDue => "resubmit_due",
        /// Still not resubmitted: to the programme manager, once per return.
        ResubmitEscalation => "resubmit_escalation",
    }
}

text_enum! {
    /// Who a review-loop reminder goes to.
    pub enum LoopRecipient ("review loop recipient") {
        /// Everyone who may review: the board members and the programme manager.
        Reviewers => "reviewers",
        /// The workstream lead.
        Lead => "lead",
        /// The programme manager.
        ProgrammeManager => "programme_manager",
    }
}

impl LoopReminderKind {
    /// Who it goes to.
    pub const fn recipient(self) -> LoopRecipient {
        match self {
            LoopReminderKind::ReviewDue => LoopRecipient::Reviewers,
            LoopReminderKind::ResubmitDue => LoopRecipient::Lead,
            LoopReminderKind::ResubmitEscalation => LoopRecipient::ProgrammeManager,
        }
    }
}

/// How long the loop waits before reminding, in working days. The same for every
/// programme for now (the defaults); a programme setting can come when one asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoopPolicy {
    /// Remind the board this many working days after a revision came in unreviewed.
    pub review_after_working_days: u32,
    /// Remind the lead this many working days after the report was returned.
    pub resubmit_after_working_days: u32,
    /// Tell the programme manager this many working days after the report was returned.
    pub escalate_resubmit_after_working_days: u32,
}

impl Default for LoopPolicy {
    /// Review reminder after 5 working days; resubmit reminder after 3; escalation after 8.
    fn default() -> Self {
        Self {
            review_after_working_days: 5,
            resubmit_after_working_days: 3,
            escalate_resubmit_after_working_days: 8,
        }
    }
}

/// Where a report stands in the loop, as the planner reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopPosition {
    /// Its latest revision came in on this local date and has not been reviewed.
    AwaitingReview {
        /// The local date the latest revision was submitted.
        since: NaiveDate,
    },
    /// Returned on this local date and not yet resubmitted.
    Returned {
        /// The local date it was returned.
        since: NaiveDate,
    },
}

impl LoopPosition {
    /// Where a report in `state` stands, given when its latest revision came in and
    /// when it was last returned (local dates); `None` outside the loop (a draft, a
    /// reviewed report, or a date not known).
    pub fn of(
        state: ReportState,
        revision_submitted_on: Option<NaiveDate>,
        returned_on: Option<NaiveDate>,
    ) -> Option<Self> {
        match state {
            ReportState::Submitted => {
                revision_submitted_on.map(|since| LoopPosition::AwaitingReview { since })
            }
            ReportState::Returned => returned_on.map(|since| LoopPosition::Returned { since }),
            ReportState::Draft | ReportState::Reviewed => None,
        }
    }
}

/// A review-loop reminder due by now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DueLoopReminder {
    /// What about.
    pub kind: LoopReminderKind,
    /// The local date it is scheduled for.
    pub send_on: NaiveDate,
}

/// The review-loop reminders due by `today` for a report at `position`, in date order.
pub fn loop_reminders_due(
    position: LoopPosition,
    today: NaiveDate,
    cal: &WorkingCalendar,
    policy: &LoopPolicy,
) -> Vec<DueLoopReminder> {
    let after = |since: NaiveDate, days: u32| cal.add_working_days(since, i64::from(days.max(1)));
    let candidates = match position {
        LoopPosition::AwaitingReview { since } => vec![DueLoopReminder {
            kind: LoopReminderKind::ReviewDue,
            send_on: after(since, policy.review_after_working_days),
        }],
        LoopPosition::Returned { since } => vec![
            DueLoopReminder {
                kind: LoopReminderKind::ResubmitDue,
                send_on: after(since, policy.resubmit_after_working_days),
            },
            DueLoopReminder {
                kind: LoopReminderKind::ResubmitEscalation,
                send_on: after(since, policy.escalate_resubmit_after_working_days),
            },
        ],
    };
    let mut due: Vec<_> = candidates
        .into_iter()
        .filter(|r| r.send_on <= today)
        .collect();
    due.sort();
    due
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dates::d;

    fn cal() -> WorkingCalendar {
        WorkingCalendar::england_and_wales(2026..=2026)
    }

    fn draft(general: &str, sections: &[(&str, &str)]) -> ReturnNotesDraft {
        ReturnNotesDraft {
            general: general.into(),
            sections: sections
                .iter()
                .map(|(s, n)| ((*s).to_owned(), (*n).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn notes_are_kept_in_the_forms_order_blank_ones_dropped() {
        let notes = draft(
            "  ",
            &[
                ("narrative", "Say who owns the barrier.\r\n"),
                ("budget", "Explain the £12,000 overspend"),
                ("schedule", "   "),
            ],
        )
        .parse()
        .unwrap();
        assert_eq!(notes.general, None);
        assert_eq!(
            notes.sections,
            vec![
                (
                    ReportSection::Budget,
                    "Explain the £12,000 overspend".into()
                ),
                (ReportSection::Narrative, "Say who owns the barrier.".into()),
            ]
        );
        assert_eq!(
            notes.on(ReportSection::Budget),
            Some("Explain the £12,000 overspend")
        );
        assert_eq!(notes.on(ReportSection::Schedule), None);
        assert_eq!(notes.count(), 2);
        assert_eq!(notes.first(), Some("Explain the £12,000 overspend"));
    }

    #[test]
    fn a_return_with_no_note_is_refused_saying_what_to_do() {
        let e = draft("", &[("budget", " \n ")]).parse().unwrap_err();
        assert_eq!(e.0.len(), 1);
        assert_eq!(e.0[0].field, "general_note");
        assert!(e.0[0].message.contains("at least one note"), "{e:?}");
    }

    #[test]
    fn a_long_note_and_an_unknown_section_name_their_fields() {
        let long = "x".repeat(MAX_NOTE_CHARS + 1);
        let e = draft("fine", &[("budget", &long), ("everything", "hm")])
            .parse()
            .unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["note_budget", "note_everything"]);
    }

    #[test]
    fn a_resubmission_says_why_with_or_without_the_leads_words() {
        assert_eq!(
            resubmission_reason(" "),
            "Resubmitted after the board's notes"
        );
        assert_eq!(
            resubmission_reason("Explained the overspend "),
            "Resubmitted after the board's notes: Explained the overspend"
        );
    }

    #[test]
    fn a_report_awaiting_review_reminds_the_board_once_after_five_working_days() {
        // Submitted Tuesday 3 March 2026.
        let at = LoopPosition::AwaitingReview {
            since: d(2026, 3, 3),
        };
        let p = LoopPolicy::default();
        assert_eq!(loop_reminders_due(at, d(2026, 3, 9), &cal(), &p), []);
        let due = loop_reminders_due(at, d(2026, 3, 10), &cal(), &p);
        assert_eq!(
            due,
            [DueLoopReminder {
                kind: LoopReminderKind::ReviewDue,
                send_on: d(2026, 3, 10)
            }]
        );
        assert_eq!(
            loop_reminders_due(at, d(2026, 4, 30), &cal(), &p),
            due,
            "still the one reminder, same day: the planner's key sends it once"
        );
        assert_eq!(due[0].kind.recipient(), LoopRecipient::Reviewers);
    }

    #[test]
    fn a_returned_report_reminds_the_lead_then_tells_the_programme_manager() {
        // Returned Thursday 2 April 2026; Good Friday and Easter Monday are holidays.
        let at = LoopPosition::Returned {
            since: d(2026, 4, 2),
        };
        let p = LoopPolicy::default();
        let kinds = |today| -> Vec<(LoopReminderKind, NaiveDate)> {
            loop_reminders_due(at, today, &cal(), &p)
                .into_iter()
                .map(|r| (r.kind, r.send_on))
                .collect()
        };
        assert_eq!(kinds(d(2026, 4, 8)), []);
        assert_eq!(
            kinds(d(2026, 4, 9)),
            [(LoopReminderKind::ResubmitDue, d(2026, 4, 9))]
        );
        assert_eq!(
            kinds(d(2026, 4, 20)),
            [
                (LoopReminderKind::ResubmitDue, d(2026, 4, 9)),
                (LoopReminderKind::ResubmitEscalation, d(2026, 4, 16)),
            ]
        );
        assert_eq!(
            LoopReminderKind::ResubmitEscalation.recipient(),
            LoopRecipient::ProgrammeManager
        );
    }

    #[test]
    fn only_a_submitted_or_returned_report_is_in_the_loop() {
        let on = Some(d(2026, 3, 3));
        assert_eq!(LoopPosition::of(ReportState::Draft, on, on), None);
        assert_eq!(LoopPosition::of(ReportState::Reviewed, on, on), None);
        assert_eq!(
            LoopPosition::of(ReportState::Submitted, on, None),
            Some(LoopPosition::AwaitingReview {
                since: d(2026, 3, 3)
            })
        );
        assert_eq!(
            LoopPosition::of(ReportState::Returned, None, on),
            Some(LoopPosition::Returned {
                since: d(2026, 3, 3)
            })
        );
        assert_eq!(LoopPosition::of(ReportState::Returned, on, None), None);
    }
}
