//! The board pack as the API serves it: the live pack for a meeting, and packs as
//! issued.
//!
//! An issued pack is stored as the printed model (`crate::pack::BoardPack`: dates,
//! statuses and RAGs already in words, so it reprints exactly as issued). The reports
//! inside it keep their content and assessment as data; the few values the printed
//! model holds only as a word or a colour badge (a section's status, a risk's RAG, an
//! action's dates) are read back here into their types, and a value that does not
//! read is an error, never a guess.

use anyhow::anyhow;
use chrono::{DateTime, NaiveDate, Utc};
use highlight_domain as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::report::{Assessment, Disagreement, ReportContent, disagreements};
use super::setup::{PackOrder, ProtectiveMarking};
use super::{Dimension, Period, Rag, ReportStatus, mirror_enum, parse};
use crate::error::{WebError, WebResult};
use crate::pack::BoardPack as PrintedPack;
use crate::pack::issued::{IssuedPack as ServiceIssued, IssuedPackSummary as ServiceSummary};
use crate::pack::model::{Badge, PackAction as PrintedAction, PackRisk as PrintedRisk};

/// Everything the board reads for one meeting.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BoardPack {
    pub programme: PackProgramme,
    /// The board meeting the pack is for.
    pub meeting_on: NaiveDate,
    /// The period reported on: the latest due on or before the meeting; none before
    /// any was due.
    pub period: Option<Period>,
    pub generated_at: DateTime<Utc>,
    pub counts: PackCounts,
    /// One per workstream, in pack order (exceptions, not received, red, amber, green).
    pub sections: Vec<PackSection>,
    /// Every dimension of every workstream forecast beyond its tolerance.
    pub exceptions: Vec<PackException>,
    /// Open board actions, soonest due first.
    pub actions: Vec<PackAction>,
    /// The worst open risks across the programme, worst first.
    pub risks: Vec<PackRisk>,
    /// Printed on every page of the pack (`none` in a pack issued before markings).
    pub protective_marking: ProtectiveMarking,
    /// How the sections are ordered.
    pub order: PackOrder,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PackProgramme {
    pub name: String,
    pub slug: String,
}

/// How many workstreams, by overall RAG and by whether their report is in.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PackCounts {
    pub workstreams: usize,
    pub red: usize,
    pub amber: usize,
    pub green: usize,
    /// Submitted or reviewed.
    pub received: usize,
    /// Overdue: the due date passed without a report.
    pub not_received: usize,
    /// Not yet due, or due and not in before the deadline.
    pub awaited: usize,
    pub exceptions: usize,
    /// Workstreams that started after the period was due (nothing owed).
    pub not_started: usize,
    /// Workstreams that closed before the period was due (nothing owed).
    pub closed: usize,
}

/// One workstream's part of the pack.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PackSection {
    /// The workstream's name.
    pub workstream: String,
    /// The lead's name; none when no lead is named.
    pub lead: Option<String>,
    pub status: ReportStatus,
    /// The latest submitted revision; none when not received.
    pub report: Option<PackReport>,
    /// When not received: the reminders sent for the period.
    pub reminders_sent: Vec<ReminderSent>,
    /// The PID's summary of key proposals; none when no PID is recorded (and in a pack
    /// issued before they were kept).
    pub key_proposals: Option<String>,
}

/// The revision in the pack, with the assessment made at submission.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PackReport {
    pub revision: i32,
    /// The day it was submitted, programme time.
    pub submitted_on: Option<NaiveDate>,
    pub content: ReportContent,
    pub assessment: Assessment,
    pub disagreements: Vec<Disagreement>,
}

mirror_enum! {
    /// `before_due`, `on_due`, `overdue`, `escalation` (to the programme manager) or
    /// `digest` (the weekly digest).
    ReminderKind from ReminderKind { BeforeDue, OnDue, Overdue, Escalation, Digest }
}

/// A reminder sent about a report not received.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReminderSent {
    pub kind: ReminderKind,
    /// The day it was sent, programme time.
    pub sent_on: Option<NaiveDate>,
}

/// A dimension of a workstream forecast beyond its tolerance.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PackException {
    /// The workstream's name.
    pub workstream: String,
    pub dimension: Dimension,
    pub tolerance: super::report::ToleranceLimit,
    pub forecast: super::report::Deviation,
    /// The rule's explanation.
    pub explanation: String,
    /// What the lead said about it (their note on the dimension, else their problems);
    /// none when they said nothing.
    pub lead_explanation: Option<String>,
}

/// An open board action.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PackAction {
    pub action: String,
    pub owner: String,
    /// None when no date is set.
    pub due_on: Option<NaiveDate>,
    /// The workstream's name; none for the programme as a whole.
    pub against: Option<String>,
    /// The meeting that agreed it.
    pub agreed_on: NaiveDate,
    pub overdue: bool,
}

mirror_enum! {
    /// How soon a risk could happen: `imminent`, `within_stage`, `within_project` or
    /// `beyond_project`.
    Proximity from Proximity { Imminent, WithinStage, WithinProject, BeyondProject }
}

/// An open risk.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PackRisk {
    /// The workstream's name; none for the programme as a whole.
    pub against: Option<String>,
    pub description: String,
    /// Likelihood × impact, 1–25.
    pub score: u8,
    /// The score's RAG.
    pub rag: Rag,
    /// 1–5.
    pub likelihood: u8,
    /// 1–5.
    pub impact: u8,
    pub proximity: Option<Proximity>,
    pub owner: Option<String>,
    pub response: Option<String>,
}

/// An issued pack without its content.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IssuedPackSummary {
    pub id: i64,
    pub meeting_on: NaiveDate,
    /// 1, then one more per re-issue for the same meeting.
    pub version: i32,
    pub issued_by: String,
    pub issued_at: DateTime<Utc>,
}

/// A pack exactly as it was issued.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IssuedPack {
    #[serde(flatten)]
    pub summary: IssuedPackSummary,
    pub pack: BoardPack,
}

/// Issues the pack for a meeting.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueBody {
    /// The board meeting date (YYYY-MM-DD); default today in the programme's time zone.
    #[serde(default)]
    #[schema(value_type = Option<crate::routes::input::OptionalDate>)]
    pub meeting: Option<String>,
}

// ---------------------------------------------------------------------------
// From the pack model's facts into the API's types.
//
// The pack model keeps, beside the words it prints, the facts behind them (dates,
// kinds, names). A pack frozen before the facts were kept has only the words: for
// those alone the words are read back (the `legacy_*` readers), so an issued pack
// keeps reading however old it is.

fn unreadable(what: &str, text: &str) -> WebError {
    WebError::Internal(anyhow!("the pack's {what} \"{text}\" does not read"))
}

/// "6 November 2026", as the pack prints a day.
fn printed_date(text: &str, what: &str) -> WebResult<NaiveDate> {
    NaiveDate::parse_from_str(text, "%-d %B %Y").map_err(|_| unreadable(what, text))
}

/// A printed value, or none where the pack prints a placeholder.
fn unless(text: &str, placeholder: &str) -> Option<String> {
    (text != placeholder).then(|| text.to_owned())
}

fn badge_status(b: &Badge) -> WebResult<ReportStatus> {
    b.tone
        .status()
        .map(ReportStatus::from)
        .ok_or_else(|| unreadable("status", &format!("{:?}", b.tone)))
}

fn badge_rag(b: &Badge) -> WebResult<Option<Rag>> {
    b.tone
        .rag()
        .map(|r| r.map(Rag::from))
        .map_err(|t| unreadable("RAG", &format!("{t:?}")))
}

fn legacy_reminder_kind(words: &str) -> WebResult<ReminderKind> {
    Ok(match words {
        "Reminder before the due date" => ReminderKind::BeforeDue,
        "Reminder on the due date" => ReminderKind::OnDue,
        "Overdue reminder" => ReminderKind::Overdue,
        "Escalation to the programme manager" => ReminderKind::Escalation,
        "Weekly digest" => ReminderKind::Digest,
        code => parse::<domain::ReminderKind>(code, "reminder kind")?.into(),
    })
}

fn action(a: &PrintedAction) -> WebResult<PackAction> {
    let (due_on, agreed_on, against) = match &a.facts {
        Some(f) => (f.due_on, f.agreed_on, f.workstream.clone()),
        None => (
            unless(&a.due, "No date set")
                .map(|d| printed_date(&d, "action due date"))
                .transpose()?,
            printed_date(&a.agreed, "action agreed date")?,
            unless(&a.against, "Programme"),
        ),
    };
    Ok(PackAction {
        action: a.action.clone(),
        owner: a.owner.clone(),
        due_on,
        against,
        agreed_on,
        overdue: a.overdue,
    })
}

fn risk(r: &PrintedRisk) -> WebResult<PackRisk> {
    let facts = match &r.facts {
        Some(f) => f.clone(),
        None => highlight_app::pack::model::RiskFacts {
            workstream: unless(&r.against, "Programme"),
            proximity: unless(&r.proximity, "Not stated")
                .map(|p| {
                    parse::<domain::Proximity>(
                        &p.to_lowercase().replace(' ', "_"),
                        "risk proximity",
                    )
                })
                .transpose()?,
            owner: unless(&r.owner, "Not named"),
            response: unless(&r.response, "None recorded"),
        },
    };
    Ok(PackRisk {
        against: facts.workstream,
        description: r.description.clone(),
        score: r.score,
        rag: badge_rag(&r.score_rag)?.ok_or_else(|| unreadable("risk RAG", "none"))?,
        likelihood: r.likelihood,
        impact: r.impact,
        proximity: facts.proximity.map(Proximity::from),
        owner: facts.owner,
        response: facts.response,
    })
}

impl TryFrom<&PrintedPack> for BoardPack {
    type Error = WebError;

    fn try_from(p: &PrintedPack) -> WebResult<Self> {
        let mut sections = Vec::with_capacity(p.sections.len());
        let mut exceptions = Vec::new();
        // The printed exceptions are in section order, then the assessment's order.
        let mut printed = p.exceptions.iter();
        for s in &p.sections {
            let report = s.report.as_ref().map(|r| -> WebResult<PackReport> {
                Ok(PackReport {
                    revision: r.revision,
                    submitted_on: match (r.submitted_on, r.submitted_label.as_str()) {
                        (Some(day), _) => Some(day),
                        (None, "") => None,
                        (None, text) => Some(printed_date(text, "submission date")?),
                    },
                    content: (&r.content).into(),
                    assessment: (&r.assessment).into(),
                    disagreements: disagreements(&r.content, &r.assessment),
                })
            });
            if let Some(r) = &s.report {
                for e in &r.assessment.exceptions {
                    let lead = printed.next().map(|x| x.lead_explanation.as_str());
                    exceptions.push(PackException {
                        workstream: s.workstream.clone(),
                        dimension: e.dimension.into(),
                        tolerance: (&e.tolerance).into(),
                        forecast: (&e.forecast).into(),
                        explanation: e.explanation.clone(),
                        lead_explanation: lead
                            .and_then(|l| unless(l, "The lead gave no explanation.")),
                    });
                }
            }
            sections.push(PackSection {
                workstream: s.workstream.clone(),
                lead: match &s.lead_name {
                    Some(name) => name.clone(),
                    None => unless(&s.lead, "No lead named"),
                },
                status: badge_status(&s.status)?,
                report: report.transpose()?,
                key_proposals: s.pid_summary.clone(),
                reminders_sent: s
                    .not_received
                    .iter()
                    .flat_map(|n| &n.reminders)
                    .map(|m| match &m.facts {
                        Some(f) => Ok(ReminderSent {
                            kind: f.kind.into(),
                            sent_on: f.sent_on,
                        }),
                        None => Ok(ReminderSent {
                            kind: legacy_reminder_kind(&m.kind)?,
                            sent_on: match m.sent_on.as_str() {
                                "" => None,
                                text => Some(printed_date(text, "reminder date")?),
                            },
                        }),
                    })
                    .collect::<WebResult<_>>()?,
            });
        }
        let c = &p.counts;
        Ok(BoardPack {
            programme: PackProgramme {
                name: p.programme.name.clone(),
                slug: p.programme.slug.clone(),
            },
            meeting_on: p.meeting_on,
            period: p.period.as_ref().map(|x| Period {
                covers_from: x.covers_from,
                due_date: x.due_date,
            }),
            generated_at: p.generated_at,
            counts: PackCounts {
                workstreams: c.workstreams,
                red: c.red,
                amber: c.amber,
                green: c.green,
                received: c.received,
                not_received: c.not_received,
                awaited: c.awaited,
                exceptions: c.exceptions,
                not_started: c.not_started,
                closed: c.closed,
            },
            sections,
            exceptions,
            actions: p.actions.iter().map(action).collect::<WebResult<_>>()?,
            risks: p.risks.iter().map(risk).collect::<WebResult<_>>()?,
            protective_marking: p.protective_marking.into(),
            order: p.order.into(),
        })
    }
}

impl From<&ServiceSummary> for IssuedPackSummary {
    fn from(s: &ServiceSummary) -> Self {
        IssuedPackSummary {
            id: s.id,
            meeting_on: s.meeting_on,
            version: s.version,
            issued_by: s.issued_by.clone(),
            issued_at: s.issued_at,
        }
    }
}

impl TryFrom<&ServiceIssued> for IssuedPack {
    type Error = WebError;

    fn try_from(i: &ServiceIssued) -> WebResult<Self> {
        Ok(IssuedPack {
            summary: (&i.summary).into(),
            pack: (&i.pack).try_into()?,
        })
    }
}
