//! The board's view of a programme: the matrix of workstreams for a period (exceptions
//! and overdue first), a workstream's page (PID, deliverables, report history and the
//! trend of its statuses), and the lists the API serves.
//!
//! Set-based: the matrix runs one query per table whatever the number of workstreams.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use highlight_domain::{
    Assessment, Dimension, HighlightReportContent, OnTime, PackEntry, PeriodStatus, Rag,
    ReportState, ReportStatus, StageNumber, WorkstreamStatus, days_late, local_date, pack_order,
    report_status_for,
};
use highlight_store::Conn;
use highlight_store::programmes::ProgrammeRecord;
use highlight_store::reports::{ReportRecord, RevisionRecord};
use highlight_store::workstreams::WorkstreamRecord;
use serde::Serialize;

use super::text::{self, Cell};
use crate::Actor;
use crate::error::{AppError, AppResult};
use crate::scope;
use highlight_store::json::from_json;
use highlight_store::periods::PeriodRecord;
use highlight_store::{self, current_pid};

/// A programme as listed.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeSummary {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub sponsor: String,
    pub time_zone: String,
    pub currency: String,
}

impl From<&ProgrammeRecord> for ProgrammeSummary {
    fn from(p: &ProgrammeRecord) -> Self {
        Self {
            slug: p.slug.clone(),
            name: p.name.clone(),
            description: p.description.clone(),
            sponsor: p.sponsor.clone(),
            time_zone: p.time_zone.name().to_owned(),
            currency: p.currency.clone(),
        }
    }
}

/// The programmes the actor can see, by name.
pub async fn programmes_of(db: &impl Conn, actor: &Actor) -> AppResult<Vec<ProgrammeSummary>> {
    Ok(highlight_store::scope::programmes_by_name(db)
        .await?
        .iter()
        .filter(|p| actor.access.can_see_programme(p.id.0))
        .map(ProgrammeSummary::from)
        .collect())
}

/// A programme with its periods and what the actor may do there.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeDetail {
    #[serde(flatten)]
    pub programme: ProgrammeSummary,
    pub periods: Vec<PeriodLink>,
    pub workstreams: usize,
    pub can_review: bool,
    pub can_manage: bool,
}

#[tracing::instrument(skip_all, fields(programme = slug))]
pub async fn programme_detail(
    db: &impl Conn,
    actor: &Actor,
    slug: &str,
    now: DateTime<Utc>,
) -> AppResult<ProgrammeDetail> {
    let scope = scope::programme(db, actor, slug).await?;
    let periods = highlight_store::periods::of_programme(db, scope.id()).await?;
    let current = current_period(&periods, local_date(now, scope.tz)).map(|p| p.id);
    let count = highlight_store::scope::workstreams_of(db, scope.id())
        .await?
        .len();
    Ok(ProgrammeDetail {
        programme: ProgrammeSummary::from(&scope.programme),
        periods: period_links(&periods, current),
        workstreams: count,
        can_review: actor.access.can_review(scope.id()),
        can_manage: actor.access.can_manage_programme(scope.id()),
    })
}

/// A workstream as listed.
#[derive(Debug, Clone, Serialize)]
pub struct WorkstreamSummary {
    pub slug: String,
    pub name: String,
    pub lead: Option<String>,
    pub lead_organisation: String,
    pub stage: i32,
    pub status: highlight_domain::WorkstreamStatus,
    /// Whether the actor may write its reports.
    pub can_write: bool,
}

#[tracing::instrument(skip_all, fields(programme = slug))]
pub async fn workstreams_of(
    db: &impl Conn,
    actor: &Actor,
    slug: &str,
) -> AppResult<Vec<WorkstreamSummary>> {
    let scope = scope::programme(db, actor, slug).await?;
    let rows = highlight_store::scope::workstreams_of(db, scope.id()).await?;
    let leads = highlight_store::scope::user_names(
        db,
        rows.iter().filter_map(|w| w.lead_id.map(|id| id.0)),
    )
    .await?;
    Ok(rows
        .iter()
        .map(|w| WorkstreamSummary {
            slug: w.slug.clone(),
            name: w.name.clone(),
            lead: w.lead_id.and_then(|id| leads.get(&id.0).cloned()),
            lead_organisation: w.lead_organisation.clone(),
            stage: stage_number(w.stage),
            status: w.status,
            can_write: actor.access.can_write_workstream(scope.id(), w.id.0),
        })
        .collect())
}

/// The current period: the latest whose due date is today or past, else the earliest.
pub fn current_period(periods: &[PeriodRecord], today: NaiveDate) -> Option<&PeriodRecord> {
    periods
        .iter()
        .filter(|p| p.due_date <= today)
        .max_by_key(|p| p.due_date)
        .or_else(|| periods.iter().min_by_key(|p| p.due_date))
}

/// A period in a selector.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodLink {
    pub due_date: NaiveDate,
    pub covers_from: NaiveDate,
    /// "Due 6 November 2026".
    pub label: String,
    /// "Friday 6 November 2026".
    pub due_words: String,
    /// "7 October to 6 November 2026".
    pub period_words: String,
    pub selected: bool,
}

fn period_links(periods: &[PeriodRecord], selected: Option<i64>) -> Vec<PeriodLink> {
    periods
        .iter()
        .rev()
        .map(|p| PeriodLink {
            due_date: p.due_date,
            covers_from: p.covers_from,
            label: format!("Due {}", crate::format::day_month_year(p.due_date)),
            due_words: crate::format::long_date(p.due_date),
            period_words: crate::format::period(p.covers_from, p.due_date),
            selected: Some(p.id) == selected,
        })
        .collect()
}

/// The board's matrix for one period.
#[derive(Debug, Clone, Serialize)]
pub struct Board {
    pub programme: ProgrammeSummary,
    /// The period shown (none when no period has opened yet).
    pub period: Option<PeriodLink>,
    pub periods: Vec<PeriodLink>,
    /// Exceptions first, then overdue, red, amber, green, not assessed; by name within.
    pub rows: Vec<BoardRow>,
    pub counts: BoardCounts,
    pub can_review: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct BoardCounts {
    /// The workstreams that owe a report for the period (the rows of the matrix).
    pub workstreams: usize,
    pub exceptions: usize,
    pub overdue: usize,
    pub received: usize,
    /// Workstreams that started after the period was due: they owe nothing for it.
    pub not_started: usize,
    /// Workstreams that closed before the period was due: they owe nothing for it.
    pub closed: usize,
    /// The programme's reports in on time over the last [`ON_TIME_PERIODS`] periods.
    pub on_time: OnTime,
}

/// Which rows of the board a reader asked for (`?show=` on the board view).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardFilter {
    /// Every workstream.
    All,
    /// Workstreams in exception.
    Exceptions,
    /// Reports not received by their due date.
    Overdue,
    /// Workstreams whose cell for this dimension is red, amber or beyond tolerance.
    Dimension(Dimension),
}

impl BoardFilter {
    /// The filter a query string names: "exceptions", "overdue", a dimension ("cost"),
    /// or nothing for all. Anything else is all, so an old bookmark still shows a board.
    pub fn parse(text: Option<&str>) -> Self {
        match text.map(str::trim).unwrap_or_default() {
            "exceptions" => Self::Exceptions,
            "overdue" => Self::Overdue,
            other => Dimension::ALL
                .iter()
                .copied()
                .find(|d| d.as_str() == other)
                .map_or(Self::All, Self::Dimension),
        }
    }

    /// Its query-string value ("" for all).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "",
            Self::Exceptions => "exceptions",
            Self::Overdue => "overdue",
            Self::Dimension(d) => d.as_str(),
        }
    }

    /// Whether `row` is shown.
    pub fn keeps(self, row: &BoardRow) -> bool {
        let concern = |cell: &Cell| {
            matches!(
                cell.tone,
                text::Tone::Red | text::Tone::Amber | text::Tone::Exceeded
            )
        };
        match self {
            Self::All => true,
            Self::Exceptions => row.has_exception,
            Self::Overdue => row.status == ReportStatus::Overdue,
            Self::Dimension(d) => Dimension::ALL
                .iter()
                .position(|x| *x == d)
                .and_then(|i| row.tolerances.get(i))
                .is_some_and(|line| concern(&line.cell)),
        }
    }
}

/// How many past periods the on-time rate counts.
pub const ON_TIME_PERIODS: usize = 12;

/// One workstream's row of the matrix.
#[derive(Debug, Clone, Serialize)]
pub struct BoardRow {
    pub workstream: String,
    pub workstream_name: String,
    pub status: highlight_domain::ReportStatus,
    pub status_cell: Cell,
    /// The overall RAG the rules give (from the latest submitted revision).
    pub overall: Cell,
    /// The lead's stated overall RAG.
    pub stated: Cell,
    pub budget: Cell,
    pub schedule: Cell,
    /// Time, cost, quality, scope, risk, benefit.
    pub tolerances: Vec<text::DimensionLine>,
    pub exceptions: Vec<String>,
    pub has_exception: bool,
    pub revision: Option<i32>,
    /// "Submitted 3 days late", or "" when it came in on time (or has not come in).
    pub lateness: String,
    /// This workstream's reports in on time over the last [`ON_TIME_PERIODS`] periods.
    pub on_time: OnTime,
    /// "10 of 12", or "" before any period was owed.
    pub on_time_label: String,
}

/// The report's status for a period; a report that came in late says so ("Submitted 3
/// days late") wherever its status shows.
fn status_cell(status: ReportStatus, due: NaiveDate, late: Option<u32>) -> Cell {
    let mut cell = status_cell_on_time(status, due);
    if let (Some(days), ReportStatus::Submitted | ReportStatus::Reviewed) = (late, status) {
        let late = text::submitted_late(days);
        cell.explanation = format!("{late}. {}", cell.explanation);
        cell.word = match status {
            ReportStatus::Submitted => late,
            _ => format!("{}; {}", cell.word, late.to_lowercase()),
        };
    }
    cell
}

fn status_cell_on_time(status: ReportStatus, due: NaiveDate) -> Cell {
    let due = due.format("%-d %B %Y");
    let (rag, why) = match status {
        ReportStatus::NotYetDue => (None, format!("The period has not opened; due {due}.")),
        ReportStatus::Due => (None, format!("Due by the end of {due}; not yet submitted.")),
        ReportStatus::Overdue => (
            Some(Rag::Red),
            format!("Not received: it was due by the end of {due}."),
        ),
        ReportStatus::Submitted => (None, "Submitted; not yet reviewed by the board.".into()),
        ReportStatus::Reviewed => (None, "Reviewed by the board.".into()),
    };
    let mut cell = Cell::of(text::status_word(status), rag, why);
    cell.tone = match status {
        ReportStatus::NotYetDue => text::Tone::NotYetDue,
        ReportStatus::Due => text::Tone::Due,
        ReportStatus::Overdue => text::Tone::Overdue,
        ReportStatus::Submitted => text::Tone::Submitted,
        ReportStatus::Reviewed => text::Tone::Reviewed,
    };
    cell
}

fn not_received(status: ReportStatus) -> Cell {
    Cell::of(
        text::absent_report_word(status),
        None,
        "No submitted report for this period.",
    )
}

/// The matrix of a programme's workstreams for a period (`None`: the current one).
#[tracing::instrument(skip_all, fields(programme = slug, period = ?period))]
pub async fn board(
    db: &impl Conn,
    actor: &Actor,
    slug: &str,
    period: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> AppResult<Board> {
    let scope = scope::programme(db, actor, slug).await?;
    let periods = highlight_store::periods::of_programme(db, scope.id()).await?;
    let chosen = match period {
        Some(due) => Some(
            periods
                .iter()
                .find(|p| p.due_date == due)
                .ok_or_else(|| AppError::NotFound(format!("the reporting period due {due}")))?,
        ),
        None => current_period(&periods, local_date(now, scope.tz)),
    };
    let all_workstreams = highlight_store::scope::workstreams_of(db, scope.id()).await?;
    let reports = match chosen {
        Some(p) => highlight_store::reports::of_periods(db, &[p.id]).await?,
        None => Vec::new(),
    };
    let refs: Vec<&ReportRecord> = reports.iter().collect();
    let revisions = highlight_store::reports::latest_revisions(db, &refs).await?;
    let mut by_workstream: HashMap<i64, (&ReportRecord, ReportState)> =
        HashMap::with_capacity(reports.len());
    for r in &reports {
        by_workstream.insert(r.workstream_id.0, (r, r.state));
    }
    let revision_of: HashMap<i64, &RevisionRecord> =
        revisions.iter().map(|r| (r.report_id, r)).collect();

    let on_time =
        on_time_by_workstream(db, &periods, &all_workstreams, chosen, now, scope.tz).await?;
    let mut entries = Vec::new();
    let mut counts = BoardCounts::default();
    if let Some(p) = chosen {
        let domain_period = highlight_store::periods::domain(p);
        for w in &all_workstreams {
            let found = by_workstream.get(&w.id.0).copied();
            if found.is_none() && w.status != WorkstreamStatus::Active {
                continue;
            }
            let state = found.map(|(_, s)| s);
            let life = w.life;
            let owed = report_status_for(&domain_period, &life, state, now, scope.tz);
            // Not started or closed: nothing owed, counted beside the matrix.
            let Some(status) = owed.report_status() else {
                counts.not_started += usize::from(owed == PeriodStatus::NotStarted);
                counts.closed += usize::from(owed == PeriodStatus::Closed);
                continue;
            };
            let revision = found.and_then(|(r, _)| revision_of.get(&r.id).copied());
            let (mut row, rag) = board_row(w, p.due_date, status, revision)?;
            let late = found
                .and_then(|(r, _)| r.submitted_at)
                .and_then(|at| days_late(p.due_date, at, scope.tz));
            row.lateness = late.map(text::submitted_late).unwrap_or_default();
            row.status_cell = status_cell(status, p.due_date, late);
            let rate = on_time.get(&w.id.0).copied().unwrap_or_default();
            counts.on_time.merge(rate);
            row.on_time = rate;
            row.on_time_label = on_time_label(rate);
            counts.workstreams += 1;
            counts.exceptions += usize::from(row.has_exception);
            counts.overdue += usize::from(status == ReportStatus::Overdue);
            counts.received += usize::from(revision.is_some());
            entries.push(PackEntry {
                workstream_name: w.name.clone(),
                exceptions: row.exceptions.len(),
                status,
                rag,
                position: w.position,
                item: row,
            });
        }
    }
    Ok(Board {
        programme: ProgrammeSummary::from(&scope.programme),
        period: chosen.and_then(|c| {
            period_links(std::slice::from_ref(c), Some(c.id))
                .into_iter()
                .next()
        }),
        periods: period_links(&periods, chosen.map(|c| c.id)),
        rows: pack_order(entries).into_iter().map(|e| e.item).collect(),
        counts,
        can_review: actor.access.can_review(scope.id()),
    })
}

/// "10 of 12", or "" before any period was owed.
pub fn on_time_label(rate: OnTime) -> String {
    if rate.owed == 0 {
        String::new()
    } else {
        format!("{} of {}", rate.on_time, rate.owed)
    }
}

/// Each workstream's on-time count over the last [`ON_TIME_PERIODS`] periods whose
/// deadline had passed by the period shown (or by now), in one query.
async fn on_time_by_workstream(
    db: &impl Conn,
    periods: &[PeriodRecord],
    workstreams: &[WorkstreamRecord],
    shown: Option<&PeriodRecord>,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> AppResult<HashMap<i64, OnTime>> {
    let last_due = shown.map(|p| p.due_date);
    let mut past: Vec<&PeriodRecord> = periods
        .iter()
        .filter(|p| p.deadline_at <= now && last_due.is_none_or(|d| p.due_date <= d))
        .collect();
    past.sort_by_key(|p| std::cmp::Reverse(p.due_date));
    past.truncate(ON_TIME_PERIODS);
    let ids: Vec<i64> = past.iter().map(|p| p.id).collect();
    // States and submission times only: twelve periods of drafts are not read.
    let reports = highlight_store::reports::summaries_of_periods(db, &ids).await?;
    let report_of: HashMap<(i64, i64), &highlight_store::reports::ReportSummary> = reports
        .iter()
        .map(|r| ((r.workstream_id.0, r.period_id), r))
        .collect();
    let mut rates = HashMap::new();
    for w in workstreams {
        let mut rate = OnTime::default();
        for p in &past {
            let report = report_of.get(&(w.id.0, p.id));
            let status = report_status_for(
                &highlight_store::periods::domain(p),
                &w.life,
                report.map(|r| r.state),
                now,
                tz,
            );
            if status.report_status().is_none() {
                continue;
            }
            let submitted = report.and_then(|r| r.submitted_at);
            rate.add(
                submitted.is_none(),
                submitted.and_then(|at| days_late(p.due_date, at, tz)),
            );
        }
        rates.insert(w.id.0, rate);
    }
    Ok(rates)
}

fn board_row(
    w: &WorkstreamRecord,
    due: NaiveDate,
    status: ReportStatus,
    revision: Option<&RevisionRecord>,
) -> AppResult<(BoardRow, Option<Rag>)> {
    let base = |overall, stated, budget, schedule, tolerances, exceptions: Vec<String>| BoardRow {
        workstream: w.slug.clone(),
        workstream_name: w.name.clone(),
        status,
        status_cell: status_cell(status, due, None),
        overall,
        stated,
        budget,
        schedule,
        tolerances,
        has_exception: !exceptions.is_empty(),
        exceptions,
        revision: revision.map(|r| r.number),
        lateness: String::new(),
        on_time: OnTime::default(),
        on_time_label: String::new(),
    };
    let Some(r) = revision else {
        let dims = Dimension::ALL
            .iter()
            .map(|d| text::DimensionLine {
                dimension: text::dimension_word(*d).to_owned(),
                cell: not_received(status),
            })
            .collect();
        let row = base(
            not_received(status),
            not_received(status),
            not_received(status),
            not_received(status),
            dims,
            Vec::new(),
        );
        return Ok((row, None));
    };
    let content: HighlightReportContent = from_json(&r.content, "report_revisions.content")?;
    let a: Assessment = from_json(&r.assessment, "report_revisions.assessment")?;
    let j = text::judgement(&content, &a);
    let row = base(
        j.derived,
        j.stated,
        j.budget,
        j.schedule,
        j.dimensions,
        j.exceptions,
    );
    Ok((row, Some(a.rag)))
}

// ---------------------------------------------------------------------------
// The workstream page.

#[derive(Debug, Clone, Serialize)]
pub struct WorkstreamDetail {
    pub programme: ProgrammeSummary,
    pub workstream: WorkstreamSummary,
    pub pid: Option<PidView>,
    pub deliverables: Vec<DeliverableView>,
    pub history: Vec<HistoryRow>,
    pub trend: Trend,
}

#[derive(Debug, Clone, Serialize)]
pub struct PidView {
    pub version: i32,
    pub summary: Vec<String>,
    pub baseline_budget: String,
    pub planned_end: Option<String>,
    pub tolerances: Vec<text::Fact>,
    pub approval: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeliverableView {
    pub name: String,
    pub target: String,
    pub done: String,
    /// "Done", "Late", "On track", "No target".
    pub state: String,
    pub late: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow {
    pub due_date: NaiveDate,
    pub period_label: String,
    pub status_cell: Cell,
    pub overall: Cell,
    pub revisions: Vec<RevisionLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RevisionLink {
    pub number: i32,
}

/// The trend of a workstream's statuses over its last periods (the page draws it as an
/// SVG with a table equivalent).
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// The periods, oldest first: "Nov 2026".
    pub columns: Vec<String>,
    /// Overall, time and cost.
    pub rows: Vec<TrendRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendRow {
    pub label: String,
    /// One per column.
    pub points: Vec<TrendPoint>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    pub period: String,
    pub rag: Option<Rag>,
    /// "R", "A", "G" or "–".
    pub letter: String,
    pub word: String,
    pub tone: text::Tone,
    /// The figures behind it, in a sentence.
    pub title: String,
}

#[tracing::instrument(skip_all, fields(programme = programme_slug, workstream = workstream_slug))]
pub async fn workstream_detail(
    db: &impl Conn,
    actor: &Actor,
    programme_slug: &str,
    workstream_slug: &str,
    now: DateTime<Utc>,
) -> AppResult<WorkstreamDetail> {
    let (scope, w) = scope::workstream(db, actor, programme_slug, workstream_slug).await?;
    let today = local_date(now, scope.tz);
    let leads = highlight_store::scope::user_names(db, w.lead_id.map(|id| id.0)).await?;
    let pid = current_pid::load(db, &[w.id.0]).await?.remove(&w.id.0);
    let periods = highlight_store::periods::of_programme(db, scope.id()).await?;
    let reports = highlight_store::reports::of_workstream(db, w.id.0).await?;
    let report_ids: Vec<i64> = reports.iter().map(|r| r.id).collect();
    let revisions = highlight_store::reports::revisions_of(db, &report_ids).await?;
    let mut revisions_by_report: HashMap<i64, Vec<&RevisionRecord>> = HashMap::new();
    for r in &revisions {
        revisions_by_report.entry(r.report_id).or_default().push(r);
    }
    let mut report_by_period: HashMap<i64, (&ReportRecord, ReportState)> =
        HashMap::with_capacity(reports.len());
    for r in &reports {
        report_by_period.insert(r.period_id, (r, r.state));
    }

    let mut history = Vec::new();
    let mut trend_points: Vec<(String, Option<(HighlightReportContent, Assessment)>)> = Vec::new();
    for p in &periods {
        let found = report_by_period.get(&p.id).copied();
        let report = found.map(|(r, _)| r);
        let state = found.map(|(_, s)| s);
        // Periods due before the workstream started, or after it closed, owed nothing:
        // its history starts and ends with its life.
        let Some(status) = report_status_for(
            &highlight_store::periods::domain(p),
            &w.life,
            state,
            now,
            scope.tz,
        )
        .report_status() else {
            continue;
        };
        let revs = report
            .and_then(|r| revisions_by_report.get(&r.id))
            .cloned()
            .unwrap_or_default();
        let latest = revs.last().copied();
        let parsed = latest
            .map(|l| -> AppResult<(HighlightReportContent, Assessment)> {
                Ok((
                    from_json(&l.content, "report_revisions.content")?,
                    from_json(&l.assessment, "report_revisions.assessment")?,
                ))
            })
            .transpose()?;
        history.push(HistoryRow {
            due_date: p.due_date,
            period_label: highlight_store::periods::domain(p).to_string(),
            status_cell: status_cell(
                status,
                p.due_date,
                report
                    .and_then(|r| r.submitted_at)
                    .and_then(|at| days_late(p.due_date, at, scope.tz)),
            ),
            overall: parsed
                .as_ref()
                .map(|(_, a)| text::overall_cell(a))
                .unwrap_or_else(|| not_received(status)),
            revisions: revs
                .iter()
                .map(|r| RevisionLink { number: r.number })
                .collect(),
        });
        if p.due_date <= today || parsed.is_some() {
            trend_points.push((p.due_date.format("%b %Y").to_string(), parsed));
        }
    }
    history.reverse();
    let trend_points: Vec<_> = trend_points
        .into_iter()
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();

    let (pid_view, deliverables) = match &pid {
        Some(p) => (
            Some(PidView {
                version: i32::try_from(p.version).unwrap_or(i32::MAX),
                summary: p
                    .summary
                    .as_deref()
                    .unwrap_or_default()
                    .lines()
                    .map(|l| l.trim().trim_start_matches(['-', '•']).trim().to_owned())
                    .filter(|l| !l.is_empty())
                    .collect(),
                baseline_budget: p
                    .baseline_budget
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| "No budget held".into()),
                planned_end: p.planned_end().map(|d| d.format("%-d %B %Y").to_string()),
                tolerances: tolerance_facts(&p.tolerances),
                approval: match &p.approval {
                    Some(a) => format!(
                        "Agreed by {} on {}",
                        a.agreed_by,
                        a.agreed_on.format("%-d %B %Y")
                    ),
                    None => "Not yet agreed".into(),
                },
            }),
            p.deliverables
                .iter()
                .map(|d| {
                    let late = d.is_late(today);
                    DeliverableView {
                        name: d.name.clone(),
                        target: match (d.target_date, &d.target_label) {
                            (Some(t), _) => t.format("%-d %B %Y").to_string(),
                            (None, Some(l)) => l.clone(),
                            (None, None) => "No target".into(),
                        },
                        done: d
                            .done_on
                            .map(|t| t.format("%-d %B %Y").to_string())
                            .unwrap_or_else(|| "Not yet".into()),
                        state: if d.done_on.is_some() {
                            "Done".into()
                        } else if late {
                            "Late: past its target date".into()
                        } else if d.target_date.is_some() {
                            "On track".into()
                        } else {
                            "No target".into()
                        },
                        late,
                    }
                })
                .collect(),
        ),
        None => (None, Vec::new()),
    };

    Ok(WorkstreamDetail {
        programme: ProgrammeSummary::from(&scope.programme),
        workstream: WorkstreamSummary {
            slug: w.slug.clone(),
            name: w.name.clone(),
            lead: w.lead_id.and_then(|id| leads.get(&id.0).cloned()),
            lead_organisation: w.lead_organisation.clone(),
            stage: stage_number(w.stage),
            status: w.status,
            can_write: actor.access.can_write_workstream(scope.id(), w.id.0),
        },
        pid: pid_view,
        deliverables,
        history,
        trend: trend(&trend_points),
    })
}

fn tolerance_facts(t: &highlight_domain::Tolerances) -> Vec<text::Fact> {
    let fact = |label: &str, v: Option<String>| text::Fact {
        label: label.to_owned(),
        value: v.unwrap_or_else(|| "None set".into()),
    };
    vec![
        fact(
            "Time",
            t.time_days
                .map(|d| highlight_domain::tolerance::describe_days(u64::from(d))),
        ),
        fact("Cost", t.cost.map(|c| c.to_string())),
        fact("Quality", t.quality.clone()),
        fact("Scope", t.scope.clone()),
        fact("Risk", t.risk.clone()),
        fact("Benefit", t.benefit.clone()),
    ]
}

fn trend(points: &[(String, Option<(HighlightReportContent, Assessment)>)]) -> Trend {
    let letter = |r: Option<Rag>| match r {
        Some(Rag::Red) => "R",
        Some(Rag::Amber) => "A",
        Some(Rag::Green) => "G",
        None => "–",
    };
    let columns: Vec<String> = points.iter().map(|(label, _)| label.clone()).collect();
    type Pick = fn(&HighlightReportContent, &Assessment) -> (Option<Rag>, String);
    let rows: [(&str, Pick); 3] = [
        ("Overall", |_, a| (Some(a.rag), a.explanation.clone())),
        ("Time", |c, a| {
            let cell = text::schedule_cell(c, a);
            (cell.rag, cell.explanation)
        }),
        ("Cost", |c, a| {
            let cell = text::budget_cell(c, a);
            (cell.rag, cell.explanation)
        }),
    ];
    let rows = rows
        .iter()
        .map(|(label, pick)| TrendRow {
            label: (*label).to_owned(),
            points: points
                .iter()
                .map(|(period, data)| {
                    let (rag, why) = match data {
                        Some((c, a)) => pick(c, a),
                        None => (None, "No submitted report.".to_owned()),
                    };
                    let word = rag.map_or("Not assessed", text::rag_word);
                    TrendPoint {
                        period: period.clone(),
                        rag,
                        letter: letter(rag).to_owned(),
                        word: word.to_owned(),
                        tone: text::Tone::of_rag(rag),
                        title: format!("{label}, {period}: {word}. {why}"),
                    }
                })
                .collect(),
        })
        .collect();
    Trend { columns, rows }
}

/// A workstream's reports, one per period, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct ReportListItem {
    pub due_date: NaiveDate,
    pub covers_from: NaiveDate,
    pub status: highlight_domain::ReportStatus,
    pub state: String,
    pub current_revision: i32,
    /// The overall RAG of the latest submitted revision.
    pub rag: Option<String>,
    pub has_exception: bool,
}

#[tracing::instrument(skip_all, fields(programme = programme_slug, workstream = workstream_slug))]
pub async fn report_list(
    db: &impl Conn,
    actor: &Actor,
    programme_slug: &str,
    workstream_slug: &str,
    now: DateTime<Utc>,
) -> AppResult<Vec<ReportListItem>> {
    let (scope, w) = scope::workstream(db, actor, programme_slug, workstream_slug).await?;
    let periods = highlight_store::periods::of_programme(db, scope.id()).await?;
    let reports = highlight_store::reports::of_workstream(db, w.id.0).await?;
    let mut by_period: HashMap<i64, (&ReportRecord, ReportState)> =
        HashMap::with_capacity(reports.len());
    for r in &reports {
        by_period.insert(r.period_id, (r, r.state));
    }
    let can_write = actor.access.can_write_workstream(scope.id(), w.id.0);
    let life = w.life;
    Ok(periods
        .iter()
        .rev()
        .filter_map(|p| {
            let found = by_period.get(&p.id).copied();
            let r = found.map(|(r, _)| r);
            let state = found.map(|(_, s)| s);
            // Periods the workstream owed nothing for are not in its list of reports.
            let status = report_status_for(
                &highlight_store::periods::domain(p),
                &life,
                state,
                now,
                scope.tz,
            )
            .report_status()?;
            let submitted = r.is_some_and(|r| r.current_revision > 0);
            Some(ReportListItem {
                due_date: p.due_date,
                covers_from: p.covers_from,
                status,
                // A reader does not learn that a draft exists.
                state: match r {
                    Some(r) if submitted || can_write => r.state.as_str().to_owned(),
                    _ => "not_started".into(),
                },
                current_revision: r.map_or(0, |r| r.current_revision),
                rag: r
                    .filter(|r| r.current_revision > 0)
                    .and_then(|r| r.overall_rag)
                    .map(|rag| rag.as_str().to_owned()),
                has_exception: r.is_some_and(|r| r.current_revision > 0 && r.has_exception),
            })
        })
        .collect())
}

/// The stage as the summaries carry it.
fn stage_number(stage: StageNumber) -> i32 {
    i32::try_from(stage.get()).unwrap_or(i32::MAX)
}
