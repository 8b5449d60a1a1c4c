//! The board pack as data: everything the board reads for one meeting, already put in
//! the words and order it is printed in.
//!
//! Why a model of its own: the HTML page, the Word document and the JSON API all
//! render this one value, and an issued pack is this value stored as JSON. Because
//! the text (dates, money, RAG words) is fixed here rather than in the renderers, an
//! issued pack renders exactly as it was issued, whatever happens to the reports later.
//! The raw report content and assessment ride along for the API.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use highlight_domain::{
    Assessment, DimensionAssessment, HighlightReportContent, PackEntry, PackOrder, PeriodStatus,
    Pid, ProtectiveMarking, Rag, RagPair, ReportStatus, Risk, RiskStatus, ToleranceSituation,
    WorkstreamId, local_date, top_risks,
};
use highlight_store::Conn;
use highlight_store::risks::OpenRisk;
use highlight_store::workstreams::WorkstreamRecord;
use serde::{Deserialize, Serialize};

use crate::error::AppResult;
use crate::export::{ExportRow, report_rows};
use crate::format::{day_month_year, long_date, period as period_label};
use crate::scope::ProgrammeScope;
use crate::text::Tone;
use highlight_store::actions::BoardActionRecord;
use highlight_store::outbox::OutboxRecord;
use highlight_store::periods::PeriodRecord;

/// How many risks the pack lists.
pub const TOP_RISKS: usize = 10;

/// The whole pack for one meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardPack {
    pub programme: PackProgramme,
    /// The board meeting the pack is for.
    pub meeting_on: NaiveDate,
    /// "Monday 23 November 2026".
    pub meeting_label: String,
    /// The reporting period the pack reports on: the latest due on or before the meeting.
    pub period: Option<PackPeriod>,
    pub generated_at: DateTime<Utc>,
    /// "22 November 2026".
    pub generated_label: String,
    pub counts: PackCounts,
    /// One row per workstream, in pack order (exceptions, not received, red, amber, green).
    pub matrix: Vec<MatrixRow>,
    /// Every dimension of every workstream forecast beyond its tolerance.
    pub exceptions: Vec<PackException>,
    /// One section per workstream, in pack order.
    pub sections: Vec<WorkstreamSection>,
    /// Open board actions.
    pub actions: Vec<PackAction>,
    /// The worst open risks across the programme.
    pub risks: Vec<PackRisk>,
    /// The protective marking printed on every page ("OFFICIAL"); none when unmarked
    /// (and in a pack frozen before markings existed).
    #[serde(default)]
    pub marking: Option<String>,
    /// The marking as a value.
    #[serde(default)]
    pub protective_marking: ProtectiveMarking,
    /// How the sections are ordered.
    #[serde(default)]
    pub order: PackOrder,
    /// The paper's front sheet (empty in a pack frozen before it existed).
    #[serde(default)]
    pub front_sheet: FrontSheet,
}

/// What a council's board paper opens with: why it is in front of the board, what the
/// board is asked to decide or note, who wrote it and when.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FrontSheet {
    pub purpose: String,
    /// What the board is asked to do, decisions first.
    pub asks: Vec<BoardAsk>,
    /// The programme manager (or "The programme office").
    pub author: String,
    /// "22 November 2026": the day the pack was prepared.
    pub date: String,
}

/// One thing the board is asked to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardAsk {
    /// "Decide" or "Note".
    pub verb: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackProgramme {
    pub name: String,
    pub slug: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackPeriod {
    pub id: i64,
    pub covers_from: NaiveDate,
    pub due_date: NaiveDate,
    /// "7 October to 6 November 2026".
    pub label: String,
    /// "Friday 6 November 2026".
    pub due_label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PackCounts {
    pub workstreams: usize,
    pub red: usize,
    pub amber: usize,
    pub green: usize,
    pub received: usize,
    /// Overdue: the due date has passed without a report.
    pub not_received: usize,
    /// Not yet due or due but not in, before the deadline.
    pub awaited: usize,
    pub exceptions: usize,
    /// Workstreams that started after the period was due (nothing owed).
    #[serde(default)]
    pub not_started: usize,
    /// Workstreams that closed before the period was due (nothing owed).
    #[serde(default)]
    pub closed: usize,
}

/// A status as a word and what it shows: colour never carries it alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Badge {
    pub word: String,
    /// Issued packs stored before tones existed call it `class`.
    #[serde(alias = "class")]
    pub tone: Tone,
}

impl Badge {
    fn rag(rag: Option<Rag>) -> Self {
        match rag {
            Some(r) => Badge {
                word: r.label().to_owned(),
                tone: Tone::of_rag(Some(r)),
            },
            None => Badge {
                word: "Not assessed".to_owned(),
                tone: Tone::NotAssessed,
            },
        }
    }

    fn situation(a: Option<&DimensionAssessment>) -> Self {
        match a.map(|a| &a.situation) {
            Some(ToleranceSituation::Unaffected) => Badge {
                word: "Unaffected".into(),
                tone: Tone::Unaffected,
            },
            Some(ToleranceSituation::Within { .. }) => Badge {
                word: "Within".into(),
                tone: Tone::Within,
            },
            Some(ToleranceSituation::Exceeded { .. }) => Badge {
                word: "Exceeded".into(),
                tone: Tone::Exceeded,
            },
            None => Badge {
                word: "Not stated".into(),
                tone: Tone::NotStated,
            },
        }
    }

    fn status(status: ReportStatus) -> Self {
        // The pack says "Not received" for an overdue report, as a real pack does.
        let word = match status {
            ReportStatus::Overdue => crate::text::absent_report_word(status),
            other => crate::text::status_word(other),
        };
        Badge {
            word: word.to_owned(),
            tone: Tone::of_status(status),
        }
    }
}

/// One cell of a matrix row's tolerance columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimensionCell {
    pub dimension: String,
    pub situation: Badge,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixRow {
    pub workstream: String,
    pub anchor: String,
    pub overall: Badge,
    pub budget: String,
    pub schedule: String,
    /// Time, cost, quality, scope, risk, benefit.
    pub tolerances: Vec<DimensionCell>,
    pub status: Badge,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackException {
    pub workstream: String,
    pub anchor: String,
    /// "Time".
    pub dimension: String,
    /// "56 days (8 weeks)".
    pub tolerance: String,
    /// "+70 days (10 weeks)".
    pub forecast: String,
    /// The rule's sentence.
    pub why: String,
    /// What the lead said about it.
    pub lead_explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelValue {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridRow {
    pub dimension: String,
    pub this_period: Badge,
    pub last_period: Badge,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToleranceRow {
    pub dimension: String,
    /// What the lead ticked and wrote.
    pub stated: String,
    /// What the figures and the board's tolerance say.
    pub assessed: Badge,
    pub assessed_detail: String,
}

/// A headed field of the report: its paragraphs, or its list of products.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackField {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSection {
    pub revision: i32,
    pub submitted_label: String,
    /// The day it was submitted, as a value (none in a pack frozen before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_on: Option<NaiveDate>,
    /// The derived overall RAG and why.
    pub overall: Badge,
    pub explanation: String,
    pub summary: Vec<LabelValue>,
    /// Overall, time, cost, scope, quality, benefit, risk: this period beside last.
    pub grid: Vec<GridRow>,
    pub tolerances: Vec<ToleranceRow>,
    pub fields: Vec<PackField>,
    pub content: HighlightReportContent,
    pub assessment: Assessment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderSent {
    pub kind: String,
    pub sent_on: String,
    /// The facts behind the words (none in a pack frozen before they were kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<ReminderFacts>,
}

/// What a reminder was and when it went, as values: the API reads these, never the
/// printed words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderFacts {
    pub kind: highlight_domain::ReminderKind,
    pub sent_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotReceived {
    /// "Report not received" (overdue) or "Report not yet received".
    pub title: String,
    pub due_label: String,
    pub reminders: Vec<ReminderSent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkstreamSection {
    pub workstream: String,
    pub anchor: String,
    pub lead: String,
    /// The lead's name as a value, none when no lead is named (`None` in a pack frozen
    /// before it was kept: then read `lead`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_name: Option<Option<String>>,
    pub status: Badge,
    /// The PID's summary of key proposals, a paragraph a line, or that no PID is
    /// recorded (empty in a pack frozen before they were printed).
    #[serde(default)]
    pub key_proposals: Vec<String>,
    /// The fact behind it: the PID's summary as written; none when no PID (or none is
    /// recorded) and in a pack frozen before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pid_summary: Option<String>,
    pub report: Option<ReportSection>,
    pub not_received: Option<NotReceived>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackAction {
    pub action: String,
    pub owner: String,
    pub due: String,
    pub against: String,
    pub agreed: String,
    pub overdue: bool,
    /// The facts behind the words (none in a pack frozen before they were kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<ActionFacts>,
}

/// An action's dates and subject as values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionFacts {
    pub due_on: Option<NaiveDate>,
    pub agreed_on: NaiveDate,
    /// The workstream it is against; none for the programme.
    pub workstream: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackRisk {
    pub against: String,
    pub description: String,
    pub score: u8,
    pub score_rag: Badge,
    pub likelihood: u8,
    pub impact: u8,
    pub proximity: String,
    pub owner: String,
    pub response: String,
    /// The facts behind the words (none in a pack frozen before they were kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<RiskFacts>,
}

/// A risk's subject, proximity, owner and response as values (none where none given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskFacts {
    pub workstream: Option<String>,
    pub proximity: Option<highlight_domain::Proximity>,
    pub owner: Option<String>,
    pub response: Option<String>,
}

/// The latest period due on or before `meeting_on`.
pub async fn period_for_meeting(
    db: &impl Conn,
    scope: &ProgrammeScope,
    meeting_on: NaiveDate,
) -> AppResult<Option<PeriodRecord>> {
    Ok(highlight_store::periods::latest_due_by(db, scope.id(), meeting_on).await?)
}

/// Builds the live pack for `meeting_on` from the export rows and a few set-based
/// queries (workstream leads, reminders sent, actions, risks), whatever the size.
#[tracing::instrument(skip_all, fields(programme = scope.id(), %meeting_on))]
pub async fn build(
    db: &impl Conn,
    scope: &ProgrammeScope,
    meeting_on: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<BoardPack> {
    let period = period_for_meeting(db, scope, meeting_on).await?;
    let rows = match &period {
        Some(p) => report_rows(db, scope, p.due_date, p.due_date, now).await?,
        None => Vec::new(),
    };
    let workstreams = highlight_store::scope::workstreams_of(db, scope.id()).await?;
    let manager_id = scope.programme.programme_manager_id.map(|id| id.0);
    let leads = highlight_store::scope::user_names(
        db,
        workstreams
            .iter()
            .filter_map(|w| w.lead_id.map(|id| id.0))
            .chain(manager_id),
    )
    .await?;
    let ids: Vec<i64> = workstreams.iter().map(|w| w.id.0).collect();
    let pids = highlight_store::current_pid::load(db, &ids).await?;
    let sent = match &period {
        Some(p) => highlight_store::packs::reminders_sent(db, p.id).await?,
        None => Vec::new(),
    };
    let actions = highlight_store::actions::open_of_programme(db, scope.id()).await?;
    let risks = highlight_store::risks::open_of_programme(db, scope.id()).await?;
    let inputs = Inputs {
        scope,
        meeting_on,
        now,
        period,
        rows,
        workstreams,
        leads,
        pids,
        sent,
        actions,
        risks,
    };
    Ok(assemble(inputs))
}

/// What [`assemble`] needs, already read.
struct Inputs<'a> {
    scope: &'a ProgrammeScope,
    meeting_on: NaiveDate,
    now: DateTime<Utc>,
    period: Option<PeriodRecord>,
    rows: Vec<ExportRow>,
    workstreams: Vec<WorkstreamRecord>,
    leads: HashMap<i64, String>,
    pids: HashMap<i64, Pid>,
    sent: Vec<OutboxRecord>,
    actions: Vec<BoardActionRecord>,
    risks: Vec<OpenRisk>,
}

fn assemble(i: Inputs<'_>) -> BoardPack {
    let tz = i.scope.tz;
    let by_slug: HashMap<&str, &WorkstreamRecord> =
        i.workstreams.iter().map(|w| (w.slug.as_str(), w)).collect();
    let names: HashMap<i64, &str> = i
        .workstreams
        .iter()
        .map(|w| (w.id.0, w.name.as_str()))
        .collect();

    // Workstreams that had not started, or had closed, owe nothing for the period: they
    // are counted on the cover, not listed as reports missing.
    let (mut not_started, mut closed) = (0, 0);
    let entries = i
        .rows
        .into_iter()
        .filter_map(|row| {
            let Some(status) = row.status.report_status() else {
                not_started += usize::from(row.status == PeriodStatus::NotStarted);
                closed += usize::from(row.status == PeriodStatus::Closed);
                return None;
            };
            Some(PackEntry {
                workstream_name: row.workstream.clone(),
                exceptions: row.assessment.as_ref().map_or(0, |a| a.exceptions.len()),
                status,
                rag: row.assessment.as_ref().map(|a| a.rag),
                position: by_slug
                    .get(row.workstream_slug.as_str())
                    .map_or(i32::MAX, |w| w.position),
                item: row,
            })
        })
        .collect();
    let order = i.scope.programme.pack.order;
    let ordered = order.apply(entries);

    let mut counts = PackCounts {
        workstreams: ordered.len(),
        not_started,
        closed,
        ..PackCounts::default()
    };
    let mut matrix = Vec::with_capacity(ordered.len());
    let mut exceptions = Vec::new();
    let mut sections = Vec::with_capacity(ordered.len());
    for entry in ordered {
        let row = entry.item;
        let status = entry.status;
        let anchor = format!("workstream-{}", row.workstream_slug);
        let model = by_slug.get(row.workstream_slug.as_str());
        match entry.rag {
            Some(Rag::Red) => counts.red += 1,
            Some(Rag::Amber) => counts.amber += 1,
            Some(Rag::Green) => counts.green += 1,
            None => {}
        }
        match status {
            ReportStatus::Submitted | ReportStatus::Reviewed => counts.received += 1,
            ReportStatus::Overdue => counts.not_received += 1,
            ReportStatus::Due | ReportStatus::NotYetDue => counts.awaited += 1,
        }
        matrix.push(matrix_row(&row, &anchor, status));
        if let (Some(content), Some(assessment)) = (&row.content, &row.assessment) {
            for e in &assessment.exceptions {
                counts.exceptions += 1;
                let statement = content.tolerances.get(e.dimension);
                let lead_explanation = statement
                    .note
                    .clone()
                    .filter(|n| !n.trim().is_empty())
                    .or_else(|| content.problems.clone().filter(|p| !p.trim().is_empty()))
                    .unwrap_or_else(|| "The lead gave no explanation.".to_owned());
                exceptions.push(PackException {
                    workstream: row.workstream.clone(),
                    anchor: anchor.clone(),
                    dimension: capitalise(e.dimension.as_str()),
                    tolerance: e.tolerance.to_string(),
                    forecast: e.forecast.to_string(),
                    why: e.explanation.clone(),
                    lead_explanation,
                });
            }
        }
        let lead_name = model
            .and_then(|w| w.lead_id)
            .and_then(|id| i.leads.get(&id.0).cloned());
        let lead = lead_name
            .clone()
            .unwrap_or_else(|| "No lead named".to_owned());
        let report = match (&row.content, &row.assessment) {
            (Some(c), Some(a)) => Some(report_section(&row, c, a, tz)),
            _ => None,
        };
        let not_received = if report.is_none() {
            let workstream_id = model.map(|w| w.id);
            Some(NotReceived {
                title: if status == ReportStatus::Overdue {
                    "Report not received".to_owned()
                } else {
                    "Report not yet received".to_owned()
                },
                due_label: long_date(row.due_date),
                reminders: i
                    .sent
                    .iter()
                    .filter(|m| workstream_id.is_some() && m.workstream_id == workstream_id)
                    .map(|m| {
                        let sent_on = m.sent_at.map(|t| local_date(t, tz));
                        ReminderSent {
                            kind: reminder_kind(m.kind.as_str()),
                            sent_on: sent_on.map(day_month_year).unwrap_or_default(),
                            facts: m
                                .kind
                                .reminder()
                                .map(|kind| ReminderFacts { kind, sent_on }),
                        }
                    })
                    .collect(),
            })
        } else {
            None
        };
        let pid_summary = model
            .and_then(|w| i.pids.get(&w.id.0))
            .and_then(|pid| pid.summary.clone());
        let key_proposals = pid_summary
            .as_deref()
            .map(paragraphs)
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| vec!["No PID is recorded for this workstream.".to_owned()]);
        sections.push(WorkstreamSection {
            workstream: row.workstream.clone(),
            anchor,
            lead,
            lead_name: Some(lead_name),
            status: Badge::status(status),
            key_proposals,
            pid_summary,
            report,
            not_received,
        });
    }

    let today = local_date(i.now, tz);
    let actions = i
        .actions
        .iter()
        .map(|a| {
            let workstream = a
                .workstream_id
                .and_then(|id| names.get(&id.0).map(|n| (*n).to_owned()));
            PackAction {
                action: a.description.clone(),
                owner: a.owner.clone(),
                due: a
                    .due_on
                    .map_or_else(|| "No date set".to_owned(), day_month_year),
                against: workstream.clone().unwrap_or_else(|| "Programme".to_owned()),
                agreed: day_month_year(a.meeting_on),
                overdue: a.due_on.is_some_and(|d| d < today),
                facts: Some(ActionFacts {
                    due_on: a.due_on,
                    agreed_on: a.meeting_on,
                    workstream,
                }),
            }
        })
        .collect();

    let marking = i.scope.programme.pack.marking;
    let front_sheet = front_sheet(
        &i.scope.programme.name,
        i.scope
            .programme
            .programme_manager_id
            .and_then(|id| i.leads.get(&id.0).cloned()),
        &counts,
        &exceptions,
        day_month_year(today),
    );
    BoardPack {
        programme: PackProgramme {
            name: i.scope.programme.name.clone(),
            slug: i.scope.programme.slug.clone(),
        },
        meeting_on: i.meeting_on,
        meeting_label: long_date(i.meeting_on),
        period: i.period.map(|p| PackPeriod {
            id: p.id,
            covers_from: p.covers_from,
            due_date: p.due_date,
            label: period_label(p.covers_from, p.due_date),
            due_label: long_date(p.due_date),
        }),
        generated_at: i.now,
        generated_label: day_month_year(today),
        counts,
        matrix,
        exceptions,
        sections,
        actions,
        risks: pack_risks(&i.risks, &names),
        marking: marking.printed().map(str::to_owned),
        protective_marking: marking,
        order,
        front_sheet,
    }
}

/// The front sheet: the purpose, then what the board is asked to decide (each
/// exception) and to note (the reports, those not received, the actions and risks).
fn front_sheet(
    programme: &str,
    author: Option<String>,
    counts: &PackCounts,
    exceptions: &[PackException],
    date: String,
) -> FrontSheet {
    let ask = |verb: &str, text: String| BoardAsk {
        verb: verb.to_owned(),
        text,
    };
    let mut asks: Vec<BoardAsk> = exceptions
        .iter()
        .map(|e| {
            ask(
                "Decide",
                format!(
                    "how to respond to the exception on {}: {} forecast {} against a tolerance of {}.",
                    e.workstream,
                    e.dimension.to_lowercase(),
                    e.forecast,
                    e.tolerance
                ),
            )
        })
        .collect();
    asks.push(ask(
        "Note",
        format!(
            "the highlight reports of {} workstreams: {} red, {} amber, {} green.",
            counts.received, counts.red, counts.amber, counts.green
        ),
    ));
    if counts.not_received > 0 {
        asks.push(ask(
            "Note",
            if counts.not_received == 1 {
                "that 1 report due was not received.".to_owned()
            } else {
                format!(
                    "that {} reports due were not received.",
                    counts.not_received
                )
            },
        ));
    }
    asks.push(ask(
        "Note",
        "the open board actions and the top risks across the programme.".to_owned(),
    ));
    FrontSheet {
        purpose: format!(
            "To give the {programme} programme board the highlight report of each workstream for the reporting period, exceptions to the tolerances the board set first, so that the board can decide what to do about them."
        ),
        asks,
        author: author.unwrap_or_else(|| "The programme office".to_owned()),
        date,
    }
}

/// A text's non-blank lines, trimmed.
fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn matrix_row(row: &ExportRow, anchor: &str, status: ReportStatus) -> MatrixRow {
    let a = row.assessment.as_ref();
    let c = row.content.as_ref();
    let budget = a
        .and_then(|a| a.budget.map(|b| b.to_string()))
        .or_else(|| c.and_then(|c| c.budget.stated.map(|b| b.to_string())));
    let schedule = a
        .and_then(|a| a.schedule.map(|s| s.to_string()))
        .or_else(|| c.and_then(|c| c.schedule.stated.map(|s| s.to_string())));
    let blank = if c.is_some() { "Not stated" } else { "—" };
    MatrixRow {
        workstream: row.workstream.clone(),
        anchor: anchor.to_owned(),
        overall: Badge::rag(a.map(|a| a.rag)),
        budget: budget.map_or_else(|| blank.to_owned(), |b| capitalise(&b)),
        schedule: schedule.map_or_else(|| blank.to_owned(), |s| capitalise(&s)),
        tolerances: DIMENSIONS
            .iter()
            .map(|d| DimensionCell {
                dimension: capitalise(d.as_str()),
                situation: Badge::situation(a.and_then(|a| a.dimension(*d))),
            })
            .collect(),
        status: Badge::status(status),
    }
}

const DIMENSIONS: [highlight_domain::Dimension; 6] = {
    use highlight_domain::Dimension::*;
    [Time, Cost, Quality, Scope, Risk, Benefit]
};

fn report_section(
    row: &ExportRow,
    c: &HighlightReportContent,
    a: &Assessment,
    tz: chrono_tz::Tz,
) -> ReportSection {
    let money =
        |m: Option<highlight_domain::Money>| m.map_or("Not given".to_owned(), |m| m.to_string());
    let lv = |label: &str, value: String| LabelValue {
        label: label.to_owned(),
        value,
    };
    let mut summary = vec![
        lv("Stage", c.stage.to_string()),
        lv(
            "Period covered",
            period_label(c.period.covers_from, c.period.due_date),
        ),
        lv("Report due", long_date(c.period.due_date)),
        lv(
            "Budget status (as stated)",
            c.budget
                .stated
                .map_or("Not stated".to_owned(), |b| capitalise(&b.to_string())),
        ),
        lv("Spend to date", money(c.budget.spend_to_date)),
        lv(
            "Forecast at completion",
            money(c.budget.forecast_at_completion),
        ),
        lv(
            "Budget status (from the figures)",
            a.budget.map_or("No figures to judge by".to_owned(), |b| {
                capitalise(&b.to_string())
            }),
        ),
        lv(
            "Schedule status (as stated)",
            c.schedule
                .stated
                .map_or("Not stated".to_owned(), |s| capitalise(&s.to_string())),
        ),
        lv(
            "Forecast end",
            c.schedule
                .forecast_end
                .map_or("Not given".to_owned(), day_month_year),
        ),
        lv(
            "Slippage",
            c.schedule
                .slippage_days
                .map_or("Not given".to_owned(), |d| format!("{d} days")),
        ),
        lv(
            "Schedule note",
            c.schedule
                .note
                .clone()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| "None".to_owned()),
        ),
        lv(
            "Schedule status (from the figures)",
            a.schedule.map_or("No figures to judge by".to_owned(), |s| {
                capitalise(&s.to_string())
            }),
        ),
    ];
    // The report's own words for its period, and a mark on figures supplied to
    // illustrate (the demonstration's), as every page and export shows them.
    if let Some(covered) = &c.period_covered {
        summary.insert(
            2,
            lv("Period covered (as the report words it)", covered.clone()),
        );
    }
    if c.illustrative_figures {
        summary.push(lv("Figures", crate::text::ILLUSTRATIVE_FIGURES.to_owned()));
    }
    let g = &c.status_grid;
    let grid_row = |name: &str, pair: &RagPair| GridRow {
        dimension: name.to_owned(),
        this_period: Badge::rag(pair.this_period),
        last_period: Badge::rag(pair.last_period),
    };
    let grid = vec![
        grid_row("Overall", &g.overall),
        grid_row("Time", &g.time),
        grid_row("Cost", &g.cost),
        grid_row("Scope", &g.scope),
        grid_row("Quality", &g.quality),
        grid_row("Benefit", &g.benefit),
        grid_row("Risk", &g.risk),
    ];
    let tolerances = DIMENSIONS
        .iter()
        .map(|d| {
            let statement = c.tolerances.get(*d);
            let stated = match (statement.situation, statement.note.as_deref()) {
                (Some(s), Some(n))
                    if !n.trim().is_empty() && !n.trim().eq_ignore_ascii_case(s.as_str()) =>
                {
                    format!("{}: {n}", capitalise(s.as_str()))
                }
                (Some(s), _) => capitalise(s.as_str()),
                (None, Some(n)) if !n.trim().is_empty() => n.to_owned(),
                _ => "Not stated".to_owned(),
            };
            let assessed = a.dimension(*d);
            let detail = assessed.map_or(String::new(), |x| {
                let against = format!("tolerance {}", x.tolerance);
                match x.situation.deviation() {
                    Some(dev) => format!("{dev} against {against}"),
                    None => against,
                }
            });
            ToleranceRow {
                dimension: capitalise(d.as_str()),
                stated,
                assessed: Badge::situation(assessed),
                assessed_detail: detail,
            }
        })
        .collect();
    let fields = vec![
        list_field("Products completed this period", &c.products_completed),
        list_field("Products planned for next period", &c.products_planned_next),
        text_field("Actual or potential problems", c.problems.as_deref()),
        text_field("Risk update", c.risk_update.as_deref()),
        text_field("Project issues status", c.issues_status.as_deref()),
        text_field(
            "Budget and schedule impact of the changes",
            c.change_impact.as_deref(),
        ),
        text_field(
            "Interdependencies with other workstreams",
            c.interdependencies.as_deref(),
        ),
        text_field("Barriers to progress", c.barriers.as_deref()),
        text_field("Requests for change", c.requests_for_change.as_deref()),
        text_field("Lessons", c.lessons.as_deref()),
    ];
    ReportSection {
        revision: row.revision.unwrap_or(1),
        submitted_label: row
            .submitted_at
            .map(|t| day_month_year(local_date(t, tz)))
            .unwrap_or_default(),
        submitted_on: row.submitted_at.map(|t| local_date(t, tz)),
        overall: Badge::rag(Some(a.rag)),
        explanation: a.explanation.clone(),
        summary,
        grid,
        tolerances,
        fields,
        content: c.clone(),
        assessment: a.clone(),
    }
}

const NOTHING: &str = "Nothing reported.";

fn text_field(heading: &str, text: Option<&str>) -> PackField {
    let mut paragraphs = paragraphs(text.unwrap_or_default());
    if paragraphs.is_empty() {
        paragraphs.push(NOTHING.to_owned());
    }
    PackField {
        heading: heading.to_owned(),
        paragraphs,
        items: Vec::new(),
    }
}

fn list_field(heading: &str, items: &[String]) -> PackField {
    let items: Vec<String> = items
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    PackField {
        heading: heading.to_owned(),
        paragraphs: if items.is_empty() {
            vec![NOTHING.to_owned()]
        } else {
            Vec::new()
        },
        items,
    }
}

fn reminder_kind(kind: &str) -> String {
    match kind {
        "before_due" => "Reminder before the due date",
        "on_due" => "Reminder on the due date",
        "overdue" => "Overdue reminder",
        "escalation" => "Escalation to the programme manager",
        "digest" => "Weekly digest",
        other => other,
    }
    .to_owned()
}

fn pack_risks(rows: &[OpenRisk], names: &HashMap<i64, &str>) -> Vec<PackRisk> {
    // The register's rows as domain risks, so the board order is the domain's rule.
    let risks: Vec<Risk> = rows
        .iter()
        .map(|r| Risk {
            workstream: r.workstream_id.map(WorkstreamId),
            description: r.description.clone(),
            cause: None,
            effect: None,
            likelihood: r.likelihood,
            impact: r.impact,
            proximity: r.proximity,
            owner: None,
            response: None,
            status: RiskStatus::Open,
            raised_on: r.created_at.date_naive(),
            updates: Vec::new(),
        })
        .collect();
    top_risks(&risks, TOP_RISKS)
        .into_iter()
        .filter_map(|top| {
            let index = risks.iter().position(|r| std::ptr::eq(r, top))?;
            let (risk, model) = (&risks[index], &rows[index]);
            let workstream = model
                .workstream_id
                .and_then(|id| names.get(&id).map(|n| (*n).to_owned()));
            let given = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
            let facts = RiskFacts {
                workstream: workstream.clone(),
                proximity: risk.proximity,
                owner: given(&model.owner),
                response: given(&model.response),
            };
            Some(PackRisk {
                against: workstream.unwrap_or_else(|| "Programme".to_owned()),
                description: model.description.clone(),
                score: risk.score().get(),
                score_rag: Badge::rag(Some(risk.score().rag())),
                likelihood: risk.likelihood.get(),
                impact: risk.impact.get(),
                proximity: risk.proximity.map_or("Not stated".to_owned(), |p| {
                    capitalise(&p.as_str().replace('_', " "))
                }),
                owner: blank_as(&model.owner, "Not named"),
                response: blank_as(&model.response, "None recorded"),
                facts: Some(facts),
            })
        })
        .collect()
}

fn blank_as(text: &str, instead: &str) -> String {
    if text.trim().is_empty() {
        instead.to_owned()
    } else {
        text.trim().to_owned()
    }
}

/// "on budget" → "On budget".
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
