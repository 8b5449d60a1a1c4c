//! What the outbox holds: which kind of message a row is, and where its delivery stands.
//!
//! The planner and features decide what to send; the worker delivers. Both speak these
//! two enums, and the store reads a row whose text is neither as damage.

use crate::reminder::ReminderKind;
use crate::report::ReportState;
use crate::review_loop::LoopReminderKind;
use crate::text_enum::text_enum;

text_enum! {
    /// Which template renders a message: the folder under `templates/email/`.
    pub enum MessageKind ("message kind") {
        /// A reminder some working days before the due date.
        BeforeDue => "before_due",
        /// A reminder on the due date.
        OnDue => "on_due",
        /// A reminder while a report is overdue.
        Overdue => "overdue",
        /// To the programme manager, once, after some working days overdue.
        Escalation => "escalation",
        /// The programme manager's weekly digest.
        Digest => "digest",
        /// An invitation to set a password and sign in.
        Invitation => "invitation",
        /// A link to choose a new password.
        PasswordReset => "password_reset",
        /// "Send a reminder now": a programme manager chasing one report by hand.
        Chase => "chase",
        /// A report submitted some working days ago is still not reviewed (to each
        /// board member and the programme manager, once per revision).
        ReviewDue => "review_due",
        /// A report returned for changes is still not resubmitted (to the lead, once
        /// per return).
        ResubmitDue => "resubmit_due",
        /// A report returned for changes is still not resubmitted, later (to the
        /// programme manager, once per return).
        ResubmitEscalation => "resubmit_escalation",
        /// A report has just been returned for changes: to the lead, with the board's
        /// notes (once per return).
        Returned => "returned",
        /// A message an operator sends to check delivery.
        Test => "test",
    }
}

impl MessageKind {
    /// The reminder this message is, if it is one.
    pub fn reminder(self) -> Option<ReminderKind> {
        match self {
            Self::BeforeDue => Some(ReminderKind::BeforeDue),
            Self::OnDue => Some(ReminderKind::OnDue),
            Self::Overdue => Some(ReminderKind::Overdue),
            Self::Escalation => Some(ReminderKind::Escalation),
            Self::Digest => Some(ReminderKind::Digest),
            Self::Chase
            | Self::Invitation
            | Self::PasswordReset
            | Self::Test
            | Self::ReviewDue
            | Self::ResubmitDue
            | Self::ResubmitEscalation
            | Self::Returned => None,
        }
    }

    /// Whether a message about a report still has a point when the report is in
    /// `state` (`None`: nobody has started it), as the worker is about to send it:
    /// a chaser is cancelled once the report is in (submitted, returned or reviewed), a
    /// review reminder once it is no longer awaiting review, a resubmit reminder once
    /// it is no longer returned. Messages about no report always go.
    pub fn still_wanted(self, state: Option<ReportState>) -> bool {
        use ReportState as S;
        match self {
            k if k.chases_a_report() => matches!(state, None | Some(S::Draft)),
            Self::ReviewDue => state == Some(S::Submitted),
            Self::ResubmitDue | Self::ResubmitEscalation | Self::Returned => {
                state == Some(S::Returned)
            }
            _ => true,
        }
    }

    /// True for a message that chases one report: it is cancelled, not sent, once the
    /// report it chases has been submitted.
    pub fn chases_a_report(self) -> bool {
        matches!(
            self,
            Self::BeforeDue | Self::OnDue | Self::Overdue | Self::Escalation | Self::Chase
        )
    }
}

impl From<LoopReminderKind> for MessageKind {
    fn from(kind: LoopReminderKind) -> Self {
        match kind {
            LoopReminderKind::ReviewDue => Self::ReviewDue,
            LoopReminderKind::ResubmitDue => Self::ResubmitDue,
            LoopReminderKind::ResubmitEscalation => Self::ResubmitEscalation,
        }
    }
}

impl From<ReminderKind> for MessageKind {
    fn from(kind: ReminderKind) -> Self {
        match kind {
            ReminderKind::BeforeDue => Self::BeforeDue,
            ReminderKind::OnDue => Self::OnDue,
            ReminderKind::Overdue => Self::Overdue,
            ReminderKind::Escalation => Self::Escalation,
            ReminderKind::Digest => Self::Digest,
        }
    }
}

text_enum! {
    /// Where a message in the outbox stands.
    pub enum DeliveryStatus ("delivery status") {
        /// Waiting to be sent (first time, or again after a failed attempt).
        Queued => "queued",
        /// Claimed by a worker until its lease ends.
        Sending => "sending",
        /// Accepted by the mail server (or captured).
        Sent => "sent",
        /// Gave up after the last attempt, or the server refused it for good.
        Failed => "failed",
        /// Recorded but never sent: a later reminder to the same person went instead.
        Superseded => "superseded",
        /// Not sent: the report it chased was submitted before it went.
        Cancelled => "cancelled",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reminder_kind_is_a_message_kind_and_back() {
        for &kind in ReminderKind::ALL {
            assert_eq!(MessageKind::from(kind).reminder(), Some(kind));
            assert_eq!(MessageKind::from(kind).as_str(), kind.as_str());
        }
    }

    #[test]
    fn only_the_report_reminders_chase_a_report() {
        let chasing: Vec<_> = MessageKind::ALL
            .iter()
            .filter(|k| k.chases_a_report())
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            chasing,
            ["before_due", "on_due", "overdue", "escalation", "chase"]
        );
    }

    #[test]
    fn a_reminder_goes_only_while_the_report_is_where_it_was_planned() {
        use ReportState as S;
        let states = [
            None,
            Some(S::Draft),
            Some(S::Submitted),
            Some(S::Returned),
            Some(S::Reviewed),
        ];
        let wanted = |kind: MessageKind| -> Vec<bool> {
            states.iter().map(|s| kind.still_wanted(*s)).collect()
        };
        assert_eq!(
            wanted(MessageKind::Overdue),
            [true, true, false, false, false]
        );
        assert_eq!(
            wanted(MessageKind::Chase),
            [true, true, false, false, false]
        );
        assert_eq!(
            wanted(MessageKind::ReviewDue),
            [false, false, true, false, false]
        );
        assert_eq!(
            wanted(MessageKind::ResubmitDue),
            [false, false, false, true, false]
        );
        assert_eq!(
            wanted(MessageKind::ResubmitEscalation),
            [false, false, false, true, false]
        );
        assert_eq!(wanted(MessageKind::Digest), [true; 5]);
        for &kind in LoopReminderKind::ALL {
            assert_eq!(MessageKind::from(kind).as_str(), kind.as_str());
        }
    }

    #[test]
    fn every_status_reads_back_from_its_text() {
        for &status in DeliveryStatus::ALL {
            assert_eq!(status.as_str().parse::<DeliveryStatus>(), Ok(status));
        }
        assert!("delivered".parse::<DeliveryStatus>().is_err());
    }
}
