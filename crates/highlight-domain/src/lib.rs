//! Highlight's domain: programme highlight reporting as pure rules.
//!
//! Everything a programme office decides about highlight reports lives here as
//! plain functions over plain values: when reports are due and which period they
//! cover, whether one is overdue at an instant, which reminders are due, what the
//! figures say about budget, schedule and tolerance, the exceptions and the overall
//! RAG with its reason, where a lead's ticks disagree with the figures, risk
//! ordering and the order of the board pack. No I/O, no database, no clock: every
//! rule that depends on time takes `now` (or a date) as an argument, so each one is
//! a plain unit test. Input arrives as *drafts* of raw strings and is parsed into
//! domain values, collecting every problem as [`ValidationErrors`].

mod text_enum;

#[cfg(test)]
mod test_dates;

pub mod access;
pub mod account;
pub mod board;
pub mod calendar;
pub mod carry_forward;
pub mod cron_expr;
pub mod cycle;
pub mod delivery;
pub mod figures;
pub mod ids;
pub mod interdependency;
pub mod issue;
pub mod local_time;
pub mod money;
pub mod pack_order;
pub mod percent;
pub mod period;
pub mod pid;
pub mod programme;
pub mod rag;
pub mod reminder;
pub mod report;
pub mod report_draft;
pub mod report_section;
pub mod returns;
pub mod review_loop;
pub mod risk;
pub mod schedule;
pub mod self_assessment;
pub mod session_life;
pub mod slug;
pub mod stage;
#[cfg(feature = "strategies")]
pub mod strategies;
pub mod text;
pub mod throttle;
pub mod tolerance;
pub mod validation;
pub mod workstream;

pub use board::{
    ActionStatus, BoardAction, BoardActionDraft, BoardDecision, ProgressNote, actions_to_chase,
};
pub use calendar::{WorkingCalendar, easter_sunday, england_and_wales_bank_holidays};
pub use cron_expr::{CronExpr, CronParseError};
pub use cycle::{CycleParseError, MonthParity, NthWorkingDay, ReportingCycle};
pub use delivery::{DeliveryStatus, MessageKind};
pub use figures::assessment::{
    Assessment, Basis, DimensionAssessment, Exception, RagPolicy, assess,
};
pub use figures::disagreement::{Disagreement, disagreements};
pub use figures::{
    BudgetFigures, BudgetStatus, Figures, ScheduleFigures, ScheduleStatus, budget_status,
    cost_situation, schedule_status, time_situation,
};
pub use ids::{ProgrammeId, UserId, WorkstreamId};
pub use interdependency::{Interdependency, InterdependencyKind};
pub use issue::{IssuePriority, IssueStatus, ProjectIssue, ProjectIssueDraft};
pub use local_time::{deadline, local_date, start_of_local_day};
pub use money::{Currency, Money, MoneyParseError};
pub use pack_order::{PackEntry, PackOrder, ProtectiveMarking, pack_order};
pub use percent::Percent;
pub use period::{
    ChaseRefused, PeriodStatus, ReportStatus, ReportingPeriod, days_late, is_overdue, may_chase,
    report_status, report_status_for,
};
pub use pid::{Approval, Deliverable, DeliverableDraft, Pid, PidDraft, StageDraft};
pub use programme::{Programme, ProgrammeDraft};
pub use rag::Rag;
pub use reminder::{
    DueDigest, DueReminder, Recipient, ReminderKind, ReminderPolicy, digest_due, reminders_due,
    reminders_due_for,
};
pub use report::{
    BudgetReport, HighlightReport, HighlightReportContent, RagPair, ReportAction,
    ReportLifecycleError, ReportState, Revision, ScheduleReport, StatusGrid, assess_report,
};
pub use report_draft::HighlightReportDraft;
pub use report_section::{ReportSection, SectionState};
pub use returns::{OnTime, ReturnCounts};
pub use review_loop::{
    DueLoopReminder, LoopPolicy, LoopPosition, LoopRecipient, LoopReminderKind, ReturnNotes,
    ReturnNotesDraft, loop_reminders_due, resubmission_reason,
};
pub use risk::{
    Impact, Likelihood, Proximity, Risk, RiskDraft, RiskScore, RiskStatus, RiskUpdate, top_risks,
};
pub use schedule::{Delivery, catch_up, periods_to_open, working_days_overdue};
pub use self_assessment::{
    Question, QuestionAnswer, QuestionSection, Questionnaire, RagDescriptors, SelfAssessment,
    SplitRating,
};
pub use slug::{Slug, SlugError};
pub use stage::{Stage, StageNumber};
pub use text_enum::ParseEnumError;
pub use tolerance::{
    CostTolerance, Deviation, Dimension, SituationKind, ToleranceLimit, ToleranceReport,
    ToleranceSituation, ToleranceStatement, Tolerances, TolerancesDraft,
};
pub use validation::{FieldError, ValidationErrors};
pub use workstream::{
    Obligation, Workstream, WorkstreamDraft, WorkstreamLife, WorkstreamLifeDraft, WorkstreamStatus,
};
