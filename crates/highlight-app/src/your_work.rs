//! "Your work": the first page after signing in, for each role what is asked of them.
//!
//! - A lead (or deputy): the reports they owe — due soon, due, overdue, drafts — with
//!   the due date, newest period first; and the reports the board returned for
//!   changes, with how many notes and the first of them.
//! - A board member or programme manager: the reports awaiting review, marked when
//!   they came in since the person last signed in.
//! - A programme manager: the current period's returns of each programme they manage —
//!   received, not received, late — each with who last chased it by hand, and
//!   [`chase`]: "Send a reminder now", through the outbox, at most once a day per
//!   workstream (the domain's [`may_chase`] and a unique index), audited.
//!
//! The queries are per person, never per installation: the programmes they have a role
//! in, their workstreams, and the periods due from [`LOOK_BACK_DAYS`] ago to
//! [`LOOK_AHEAD_DAYS`] ahead, each in one query.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use highlight_domain::{
    MessageKind, ReportState, ReportStatus, days_late, local_date, may_chase, report_status_for,
};
use highlight_store::audit::{self, Change};
use highlight_store::periods::{self, PeriodRecord};
use highlight_store::reports::ReportSummary;
use highlight_store::workstreams::WorkstreamRecord;
use highlight_store::{Conn, Db, chases, report_returns, reports, scope as store_scope};
use serde::Serialize;

use crate::actor::Actor;
use crate::board::current_period;
use crate::error::{AppError, AppResult};
use crate::outbox::{Link, OutgoingMessage, Place};
use crate::reminders::data::ReportReminderData;
use crate::{format, scope, text};

/// How far back a report can still be owed and shown (about three monthly periods).
pub const LOOK_BACK_DAYS: i64 = 100;
/// How far ahead a period is "due soon".
pub const LOOK_AHEAD_DAYS: i64 = 21;

/// Everything asked of one person.
#[derive(Debug, Clone, Default, Serialize)]
pub struct YourWork {
    pub to_write: Vec<ReportOwed>,
    /// Reports returned for changes, waiting for this person to resubmit them.
    pub returned: Vec<ReportReturned>,
    pub to_review: Vec<ReportToReview>,
    pub returns: Vec<ProgrammeReturns>,
}

impl YourWork {
    /// "2 reports to write", "1 report to review": the header's counts.
    pub fn counts(&self) -> WorkCounts {
        WorkCounts {
            to_write: self.to_write.len() + self.returned.len(),
            to_review: self.to_review.len(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WorkCounts {
    pub to_write: usize,
    pub to_review: usize,
}

/// Which report an entry of "your work" is about.
#[derive(Debug, Clone, Serialize)]
pub struct ReportRef {
    pub programme: String,
    pub programme_name: String,
    pub workstream: String,
    pub workstream_name: String,
    pub due_date: NaiveDate,
    /// "Friday 6 November 2026".
    pub due_label: String,
}

impl ReportRef {
    fn of(
        programme: &highlight_store::programmes::ProgrammeRecord,
        w: &WorkstreamRecord,
        p: &PeriodRecord,
    ) -> Self {
        Self {
            programme: programme.slug.clone(),
            programme_name: programme.name.clone(),
            workstream: w.slug.clone(),
            workstream_name: w.name.clone(),
            due_date: p.due_date,
            due_label: format::long_date(p.due_date),
        }
    }
}

/// A report a lead owes.
#[derive(Debug, Clone, Serialize)]
pub struct ReportOwed {
    #[serde(flatten)]
    pub report: ReportRef,
    pub status: ReportStatus,
    /// "Overdue", "Due", "Not yet due".
    pub status_word: &'static str,
    /// A draft has been saved: "Continue" rather than "Start".
    pub has_draft: bool,
}

/// A report the board returned for changes, owed back by its lead.
#[derive(Debug, Clone, Serialize)]
pub struct ReportReturned {
    #[serde(flatten)]
    pub report: ReportRef,
    pub returned_by: String,
    /// "3 December 2026 09:12".
    pub returned_label: String,
    /// How many notes the board left (the general one included).
    pub note_count: usize,
    /// The first of them.
    pub first_note: String,
    /// The sections the notes are pinned to, by title, in the form's order.
    pub sections: Vec<&'static str>,
}

/// A submitted report awaiting the board's review.
#[derive(Debug, Clone, Serialize)]
pub struct ReportToReview {
    #[serde(flatten)]
    pub report: ReportRef,
    pub submitted_at: DateTime<Utc>,
    /// "6 November 2026, 14:05 GMT".
    pub submitted_label: String,
    /// "Submitted 25 days late", or "" when it came in on time.
    pub lateness: String,
    /// It came in since the person last signed in.
    pub new_since_last_visit: bool,
}

/// One programme's returns for its current period.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeReturns {
    pub programme: String,
    pub programme_name: String,
    pub due_date: NaiveDate,
    /// "7 October to 6 November 2026".
    pub period_label: String,
    pub due_label: String,
    pub received: usize,
    pub not_received: usize,
    pub late: usize,
    pub rows: Vec<ReturnRow>,
}

/// A workstream's return for the period.
#[derive(Debug, Clone, Serialize)]
pub struct ReturnRow {
    pub workstream: String,
    pub workstream_name: String,
    pub lead_name: String,
    pub status: ReportStatus,
    pub status_word: &'static str,
    /// "Submitted 3 days late", or "".
    pub lateness: String,
    /// "Chased by Claire Whitcombe, 3 Dec 09:12", or "".
    pub last_chase: String,
    /// "Send a reminder now" can go: not received, a lead to send it to, not chased today.
    pub can_chase: bool,
}

/// What one person is asked to do, at `now`.
#[tracing::instrument(skip_all, fields(user = actor.id()))]
pub async fn your_work(db: &impl Conn, actor: &Actor, now: DateTime<Utc>) -> AppResult<YourWork> {
    let access = &actor.access;
    let mut programme_ids: Vec<i64> = access.roles.keys().copied().collect();
    programme_ids.extend(access.leads.values().copied());
    programme_ids.sort_unstable();
    programme_ids.dedup();
    if programme_ids.is_empty() {
        return Ok(YourWork::default());
    }
    let programmes = store_scope::programmes_by_ids(db, &programme_ids).await?;
    let workstreams = store_scope::workstreams_of_programmes(db, &programme_ids).await?;
    let today = now.date_naive();
    let periods = periods::of_programmes_due_between(
        db,
        &programme_ids,
        today - Duration::days(LOOK_BACK_DAYS),
        today + Duration::days(LOOK_AHEAD_DAYS),
    )
    .await?;
    let period_ids: Vec<i64> = periods.iter().map(|p| p.id).collect();
    let reports = reports::summaries_of_periods(db, &period_ids).await?;
    let returned_ids: Vec<i64> = reports
        .iter()
        .filter(|r| r.state == ReportState::Returned)
        .filter(|r| access.leads_workstream(r.workstream_id.0))
        .map(|r| r.id)
        .collect();
    let returns = report_returns::latest_of_reports(db, &returned_ids).await?;
    let chased = chases::latest_of_periods(db, &period_ids).await?;
    let lead_ids: Vec<i64> = workstreams
        .iter()
        .filter_map(|w| w.lead_id.map(|id| id.0))
        .collect();
    let lead_names = store_scope::user_names(db, lead_ids).await?;

    let report_of: HashMap<(i64, i64), &ReportSummary> = reports
        .iter()
        .map(|r| ((r.workstream_id.0, r.period_id), r))
        .collect();
    let mut periods_of: HashMap<i64, Vec<&PeriodRecord>> = HashMap::new();
    for p in &periods {
        periods_of.entry(p.programme_id.0).or_default().push(p);
    }
    let mut work = YourWork::default();
    for programme in &programmes {
        let pid = programme.id.0;
        let tz = programme.time_zone;
        let local_today = local_date(now, tz);
        let mine = periods_of.get(&pid).map(Vec::as_slice).unwrap_or_default();
        let ws_here: Vec<&WorkstreamRecord> = workstreams
            .iter()
            .filter(|w| w.programme_id.0 == pid)
            .collect();
        let status_of = |w: &WorkstreamRecord, p: &PeriodRecord| {
            let report = report_of.get(&(w.id.0, p.id)).copied();
            let state = report.map(|r| r.state);
            (
                report,
                report_status_for(&periods::domain(p), &w.life, state, now, tz),
            )
        };

        // Reports this person writes.
        for w in ws_here.iter().filter(|w| access.leads_workstream(w.id.0)) {
            for p in mine.iter().rev() {
                let (report, owed) = status_of(w, p);
                let Some(status) = owed.report_status() else {
                    continue;
                };
                let owes = match status {
                    ReportStatus::Due | ReportStatus::Overdue => true,
                    ReportStatus::NotYetDue => {
                        p.due_date <= local_today + Duration::days(LOOK_AHEAD_DAYS)
                    }
                    ReportStatus::Submitted | ReportStatus::Reviewed => false,
                };
                if let Some(r) = report.and_then(|r| returns.get(&r.id)) {
                    work.returned.push(ReportReturned {
                        report: ReportRef::of(programme, w, p),
                        returned_by: r.returned_by_name.clone(),
                        returned_label: format::date_time(&r.returned_at.with_timezone(&tz)),
                        note_count: r.notes.count(),
                        first_note: r.notes.first().unwrap_or_default().to_owned(),
                        sections: r.notes.sections.iter().map(|(s, _)| s.title()).collect(),
                    });
                    continue;
                }
                if owes {
                    work.to_write.push(ReportOwed {
                        report: ReportRef::of(programme, w, p),
                        status,
                        status_word: text::status_word(status),
                        has_draft: report.is_some_and(|r| r.state == ReportState::Draft),
                    });
                }
            }
        }

        // Reports this person reviews.
        if access.can_review(pid) {
            for p in mine.iter().rev() {
                for w in &ws_here {
                    let Some(report) = report_of.get(&(w.id.0, p.id)).copied() else {
                        continue;
                    };
                    if report.state != ReportState::Submitted {
                        continue;
                    }
                    let Some(submitted_at) = report.submitted_at else {
                        continue;
                    };
                    work.to_review.push(ReportToReview {
                        report: ReportRef::of(programme, w, p),
                        submitted_at,
                        submitted_label: format::date_time(&submitted_at.with_timezone(&tz)),
                        lateness: lateness(p.due_date, submitted_at, tz),
                        new_since_last_visit: actor
                            .user
                            .previous_sign_in_at
                            .is_none_or(|seen| submitted_at > seen),
                    });
                }
            }
        }

        // The returns of a programme this person manages.
        if access.is_programme_manager(pid) {
            let owned: Vec<PeriodRecord> = mine.iter().map(|p| (*p).clone()).collect();
            let Some(current) = current_period(&owned, local_today) else {
                continue;
            };
            let mut returns = ProgrammeReturns {
                programme: programme.slug.clone(),
                programme_name: programme.name.clone(),
                due_date: current.due_date,
                period_label: format::period(current.covers_from, current.due_date),
                due_label: format::long_date(current.due_date),
                received: 0,
                not_received: 0,
                late: 0,
                rows: Vec::new(),
            };
            for w in &ws_here {
                let (report, owed) = status_of(w, current);
                let Some(status) = owed.report_status() else {
                    continue;
                };
                let received = matches!(status, ReportStatus::Submitted | ReportStatus::Reviewed);
                let late_by = report
                    .and_then(|r| r.submitted_at)
                    .map(|at| lateness(current.due_date, at, tz))
                    .unwrap_or_default();
                returns.received += usize::from(received);
                returns.not_received += usize::from(!received);
                returns.late += usize::from(!late_by.is_empty() || status == ReportStatus::Overdue);
                let last = chased.get(&(w.id, current.id));
                let lead = w.lead_id.and_then(|id| lead_names.get(&id.0).cloned());
                returns.rows.push(ReturnRow {
                    workstream: w.slug.clone(),
                    workstream_name: w.name.clone(),
                    can_chase: lead.is_some()
                        && may_chase(status, last.map(|c| c.chased_on), local_today).is_ok(),
                    lead_name: lead.unwrap_or_else(|| "No lead named".into()),
                    status,
                    status_word: text::status_word(status),
                    lateness: late_by,
                    last_chase: last.map(|c| chase_words(c, tz)).unwrap_or_default(),
                });
            }
            work.returns.push(returns);
        }
    }
    // Most pressing first: overdue before due before due soon, then the earliest date.
    work.to_write
        .sort_by_key(|r| (owed_rank(r.status), r.report.due_date));
    work.to_review.sort_by_key(|r| r.submitted_at);
    work.returned.sort_by_key(|r| r.report.due_date);
    Ok(work)
}

fn owed_rank(status: ReportStatus) -> u8 {
    match status {
        ReportStatus::Overdue => 0,
        ReportStatus::Due => 1,
        _ => 2,
    }
}

fn lateness(due: NaiveDate, submitted_at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    days_late(due, submitted_at, tz)
        .map(text::submitted_late)
        .unwrap_or_default()
}

fn chase_words(c: &chases::ChaseRecord, tz: chrono_tz::Tz) -> String {
    format!(
        "Chased by {}, {}",
        c.chased_by_name,
        format::short_date_time(&c.chased_at.with_timezone(&tz))
    )
}

/// What the `chase` e-mail template reads: the reminder's data, and who sent it.
#[derive(Debug, Clone, Serialize)]
pub struct ChaseData {
    #[serde(flatten)]
    pub report: ReportReminderData,
    pub chased_by: String,
    pub overdue: bool,
}

/// What [`chase`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chased {
    pub workstream_name: String,
    pub lead_name: String,
}

/// "Send a reminder now": the programme manager chases one workstream's report for the
/// current period. Queued through the outbox (so it is never lost when the mail server
/// is down), recorded and audited in one transaction; refused once the report is in,
/// and when it was chased by hand already today.
#[tracing::instrument(skip_all, fields(programme = slug, workstream = workstream_slug))]
pub async fn chase(
    db: &Db,
    actor: &Actor,
    public_url: &url::Url,
    slug: &str,
    workstream_slug: &str,
    now: DateTime<Utc>,
) -> AppResult<Chased> {
    let (scope, w) = scope::workstream(db, actor, slug, workstream_slug).await?;
    scope::require(
        actor.access.is_programme_manager(scope.id()) || actor.access.can_administer(),
        "send reminders for this programme",
    )?;
    let today = local_date(now, scope.tz);
    let periods = highlight_store::periods::of_programme(db, scope.id()).await?;
    let period = current_period(&periods, today)
        .ok_or_else(|| AppError::Conflict("No reporting period has opened yet.".into()))?;
    let report = reports::find(db, w.id.0, period.id).await?;
    let state = report.as_ref().map(|r| r.state);
    let status = report_status_for(&periods::domain(period), &w.life, state, now, scope.tz)
        .report_status()
        .ok_or_else(|| AppError::Conflict(format!("{} owes no report for this period.", w.name)))?;
    let last = chases::latest_of_periods(db, &[period.id]).await?;
    let last_on = last.get(&(w.id, period.id)).map(|c| c.chased_on);
    may_chase(status, last_on, today)
        .map_err(|why| AppError::Conflict(format!("No reminder sent to {}: {why}.", w.name)))?;
    let lead = match w.lead_id {
        Some(id) => highlight_store::users::by_id(db, id.0).await?,
        None => None,
    }
    .filter(|u| u.disabled_at.is_none())
    .ok_or_else(|| {
        AppError::Conflict(format!(
            "{} has no lead who can sign in: name one in its set-up first.",
            w.name
        ))
    })?;

    let data = ChaseData {
        report: ReportReminderData {
            programme_name: scope.programme.name.clone(),
            workstream_name: w.name.clone(),
            lead_name: lead.name.clone(),
            period: format::period(period.covers_from, period.due_date),
            due_date: format::long_date(period.due_date),
            due_in: String::new(),
            overdue_by: String::new(),
            occurrence: 1,
            missing: crate::reminders::plan::missing(&w.name, state),
        },
        chased_by: actor.user.name.clone(),
        overdue: status == ReportStatus::Overdue,
    };
    let txn = highlight_store::begin(db).await?;
    let recorded = chases::record(
        &txn,
        &chases::NewChase {
            programme_id: scope.id(),
            workstream_id: w.id.0,
            period_id: period.id,
            chased_on: today,
            chased_by_id: actor.id(),
            chased_by_name: &actor.user.name,
            recipient_address: &lead.email,
        },
        now,
    )
    .await?;
    if !recorded {
        // Someone else chased it a moment ago.
        return Err(AppError::Conflict(format!(
            "No reminder sent to {}: {}.",
            w.name,
            highlight_domain::ChaseRefused::AlreadyToday
        )));
    }
    crate::outbox::enqueue(
        &txn,
        public_url,
        OutgoingMessage {
            dedupe_key: format!("chase:{}:{}:{}", w.id.0, period.id, today),
            kind: MessageKind::Chase,
            recipient_user_id: Some(lead.id.0),
            recipient_address: lead.email.clone(),
            recipient_name: lead.name.clone(),
            programme_id: Some(scope.id()),
            workstream_id: Some(w.id.0),
            period_id: Some(period.id),
            data: serde_json::to_value(&data).map_err(anyhow::Error::from)?,
            link: Some(Link {
                place: Place::Report {
                    programme: scope.programme.slug.clone(),
                    workstream: w.slug.clone(),
                    due: period.due_date,
                },
                sign_in_purpose: Some(highlight_store::login_links::SIGN_IN.to_owned()),
            }),
            send: true,
        },
        now,
    )
    .await?;
    audit::record(
        &txn,
        Some(actor.who()),
        Change::<(), _> {
            programme_id: Some(scope.id()),
            action: "report.chased",
            entity: "workstream",
            entity_id: w.id.0.to_string(),
            before: None,
            after: Some(&serde_json::json!({
                "due_date": period.due_date, "to": lead.email, "status": status.as_str()
            })),
        },
        now,
    )
    .await?;
    highlight_store::commit(txn).await?;
    Ok(Chased {
        workstream_name: w.name.clone(),
        lead_name: lead.name,
    })
}
