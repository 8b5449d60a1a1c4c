//! One planning pass: open the reporting periods that have started, and queue the
//! reminders and digests due at `now` — each under a unique key, so planning twice, or
//! from several processes at once, queues nothing twice.
//!
//! The pass reads a [`Snapshot`] (a fixed number of queries), decides everything in
//! memory with the domain's rules, then writes one transaction per programme: the
//! periods it opens and the outbox rows, inserted with `ON CONFLICT (dedupe_key) DO
//! NOTHING`. Keys name the period by programme and due date, so a dry run can name the
//! reminders of a period it has not opened.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use highlight_domain::{
    ActionStatus, BoardAction, Delivery, LoopPolicy, LoopPosition, LoopRecipient, LoopReminderKind,
    Recipient, ReminderKind, ReportState, ReportStatus, ReportingPeriod, actions_to_chase,
    catch_up, digest_due, local_date, loop_reminders_due, periods_to_open, reminders_due_for,
    report_status_for, working_days_overdue,
};
use serde::Serialize;

use super::data::{
    DigestData, LoopReminderData, OutstandingReport, OverdueAction, ReportReminderData,
};
use super::snapshot::{ProgrammeState, Snapshot, load};
use crate::format;
use crate::outbox::{Link, OutgoingMessage, Place, row};
use highlight_store::login_links::SIGN_IN;
use highlight_store::users::UserRecord;
use highlight_store::workstreams::WorkstreamRecord;
use highlight_store::{Conn, Db, StoreResult, outbox as outbox_store, periods};

/// What a pass did (or, in a dry run, would do), with a line per item for people.
#[derive(Debug, Clone, Default)]
pub struct PlanReport {
    pub periods_opened: u32,
    pub queued: u32,
    pub superseded: u32,
    pub lines: Vec<String>,
}

/// A programme's share of a pass.
#[derive(Debug, Clone)]
struct ProgrammePlan {
    programme_id: i64,
    programme_name: String,
    tz: chrono_tz::Tz,
    known_periods: HashMap<NaiveDate, i64>,
    to_open: Vec<ReportingPeriod>,
    messages: Vec<Planned>,
}

#[derive(Debug, Clone)]
struct Planned {
    /// The period the message is about, by due date.
    due_date: Option<NaiveDate>,
    message: OutgoingMessage,
    summary: String,
}

/// Plans at `now` and writes the result.
#[tracing::instrument(skip_all, fields(%now))]
pub async fn plan(db: &Db, public_url: &url::Url, now: DateTime<Utc>) -> StoreResult<PlanReport> {
    let snapshot = load(db, now).await?;
    let mut report = PlanReport::default();
    for mut plan in compute(&snapshot, now) {
        // Read before the transaction, so its first statement is a write: on SQLite a
        // transaction that reads then writes can fail at once when another process
        // wrote in between, while one that starts by writing waits its turn. A key
        // queued meanwhile by another process is skipped by ON CONFLICT.
        let new = new_messages(db, &mut plan.messages).await?;
        if plan.to_open.is_empty() && new.is_empty() {
            continue;
        }
        let txn = highlight_store::begin(db).await?;
        let mut period_ids = plan.known_periods.clone();
        let mut opened = 0;
        for period in &plan.to_open {
            let (row, new) =
                periods::open_counted(&txn, plan.programme_id, period, plan.tz, now).await?;
            period_ids.insert(period.due_date, row.id);
            opened += u32::from(new);
        }
        let mut rows = Vec::new();
        for planned in new {
            let mut message = planned.message.clone();
            message.period_id = planned.due_date.and_then(|d| period_ids.get(&d).copied());
            rows.push(row(public_url, message)?);
        }
        // Counted from what was inserted, not what was planned: a message another
        // process queued a moment ago is its count, not ours.
        let inserted = outbox_store::insert_new(&txn, rows, now).await?;
        highlight_store::commit(txn).await?;
        report.periods_opened += opened;
        report.queued += u32::try_from(inserted.queued).unwrap_or(u32::MAX);
        report.superseded += u32::try_from(inserted.superseded).unwrap_or(u32::MAX);
    }
    Ok(report)
}

/// Plans at `now` and describes what would be opened and queued; writes nothing.
#[tracing::instrument(skip_all, fields(%now))]
pub async fn plan_dry_run(db: &Db, now: DateTime<Utc>) -> StoreResult<PlanReport> {
    let snapshot = load(db, now).await?;
    let mut report = PlanReport::default();
    for mut plan in compute(&snapshot, now) {
        let new = new_messages(db, &mut plan.messages).await?;
        let keys: Vec<String> = plan
            .messages
            .iter()
            .map(|p| p.message.dedupe_key.clone())
            .collect();
        let already = outbox_store::statuses_of(db, &keys).await?;
        if plan.to_open.is_empty() && new.is_empty() && already.is_empty() {
            continue;
        }
        report.lines.push(format!("{}:", plan.programme_name));
        // What is due now but was planned on an earlier pass, so the operator sees every
        // reminder due, not only the ones this pass would add.
        for planned in plan.messages.iter().filter(|p| p.message.send) {
            if let Some(status) = already.get(&planned.message.dedupe_key) {
                report
                    .lines
                    .push(format!("  due, already {status}: {}", planned.summary));
            }
        }
        for period in &plan.to_open {
            report.periods_opened += 1;
            report.lines.push(format!(
                "  would open the reporting period {} (due {})",
                format::period(period.covers_from, period.due_date),
                format::long_date(period.due_date)
            ));
        }
        let (sends, passed_over): (Vec<_>, Vec<_>) = new.into_iter().partition(|p| p.message.send);
        for planned in sends.into_iter().chain(passed_over) {
            count(&mut report, &planned.message);
            let verb = if planned.message.send {
                "would send"
            } else {
                "would record as superseded (not sent)"
            };
            report.lines.push(format!("  {verb} {}", planned.summary));
        }
    }
    Ok(report)
}

fn count(report: &mut PlanReport, message: &OutgoingMessage) {
    if message.send {
        report.queued += 1;
    } else {
        report.superseded += 1;
    }
}

/// The planned messages whose keys are not in the outbox yet.
async fn new_messages(db: &impl Conn, planned: &mut [Planned]) -> StoreResult<Vec<Planned>> {
    let keys: Vec<String> = planned
        .iter()
        .map(|p| p.message.dedupe_key.clone())
        .collect();
    let known = outbox_store::existing_keys(db, &keys).await?;
    Ok(planned
        .iter()
        .filter(|p| !known.contains(&p.message.dedupe_key))
        .cloned()
        .collect())
}

/// Decides everything in memory.
fn compute(snapshot: &Snapshot, now: DateTime<Utc>) -> Vec<ProgrammePlan> {
    snapshot
        .programmes
        .iter()
        .map(|p| plan_programme(p, &snapshot.users, now))
        .collect()
}

fn plan_programme(
    p: &ProgrammeState,
    users: &HashMap<i64, UserRecord>,
    now: DateTime<Utc>,
) -> ProgrammePlan {
    let last_due = p.periods.iter().map(|r| r.due_date).max();
    let to_open = periods_to_open(&p.cycle, last_due, now, p.tz, &p.calendar);
    let known_periods: HashMap<NaiveDate, i64> =
        p.periods.iter().map(|r| (r.due_date, r.id)).collect();
    // Every period to chase: the stored ones and the ones opening now (no reports yet).
    let mut all_periods: Vec<(ReportingPeriod, Option<i64>)> = p
        .periods
        .iter()
        .map(|r| {
            (
                ReportingPeriod {
                    covers_from: r.covers_from,
                    due_date: r.due_date,
                },
                Some(r.id),
            )
        })
        .collect();
    all_periods.extend(
        to_open
            .iter()
            .filter(|o| !known_periods.contains_key(&o.due_date))
            .map(|o| (*o, None)),
    );

    let manager = p
        .programme
        .programme_manager_id
        .and_then(|id| users.get(&id.0))
        .filter(|u| u.disabled_at.is_none());
    let mut messages = Vec::new();
    let mut outstanding = Vec::new();
    for (period, period_id) in &all_periods {
        for ws in &p.workstreams {
            let w = &ws.workstream;
            let state = period_id.and_then(|id| p.reports.get(&(w.id.0, id)).copied());
            // A period due before the workstream started (or after it closed) is not
            // its own: it is neither chased nor listed as outstanding.
            let status = report_status_for(period, &ws.life, state, now, p.tz);
            let lead = w
                .lead_id
                .and_then(|id| users.get(&id.0))
                .filter(|u| u.disabled_at.is_none());
            if let Some(chased) = status.report_status().filter(|_| status.is_chased()) {
                outstanding.push((chased, *period, w, lead));
            }
            let due = reminders_due_for(period, status, now, p.tz, &p.calendar, &p.policy);
            for (reminder, delivery) in catch_up(&due) {
                let recipient = match reminder.recipient {
                    Recipient::Lead => lead,
                    Recipient::ProgrammeManager => manager,
                };
                let Some(recipient) = recipient else {
                    continue;
                };
                let data = ReportReminderData {
                    programme_name: p.programme.name.clone(),
                    workstream_name: w.name.clone(),
                    lead_name: lead.map_or_else(|| "No lead named".into(), |u| u.name.clone()),
                    period: format::period(period.covers_from, period.due_date),
                    due_date: format::long_date(period.due_date),
                    due_in: if reminder.kind == ReminderKind::BeforeDue {
                        let today = local_date(now, p.tz);
                        let n = p.calendar.working_days_between(today, period.due_date);
                        format::working_days(u32::try_from(n.max(0)).unwrap_or(0))
                    } else {
                        String::new()
                    },
                    overdue_by: format::working_days(working_days_overdue(
                        period,
                        now,
                        p.tz,
                        &p.calendar,
                    )),
                    occurrence: reminder.occurrence,
                    missing: missing(&w.name, state),
                };
                let form = Place::Report {
                    programme: p.programme.slug.clone(),
                    workstream: w.slug.clone(),
                    due: period.due_date,
                };
                messages.push(Planned {
                    due_date: Some(period.due_date),
                    summary: format!(
                        "{} to {} <{}>: {}, report for {} due {}",
                        describe_kind(reminder.kind, reminder.occurrence),
                        recipient.name,
                        recipient.email,
                        w.name,
                        data.period,
                        data.due_date
                    ),
                    message: OutgoingMessage {
                        dedupe_key: format!(
                            "reminder:{}:{}:{}:{}",
                            p.programme.id,
                            period.due_date,
                            w.id,
                            reminder.key()
                        ),
                        kind: reminder.kind.into(),
                        recipient_user_id: Some(recipient.id.0),
                        recipient_address: recipient.email.clone(),
                        recipient_name: recipient.name.clone(),
                        programme_id: Some(p.programme.id.0),
                        workstream_id: Some(w.id.0),
                        period_id: *period_id,
                        data: to_value(&data),
                        link: Some(Link {
                            place: form,
                            sign_in_purpose: (reminder.recipient == Recipient::Lead)
                                .then(|| SIGN_IN.to_owned()),
                        }),
                        send: delivery == Delivery::Send,
                    },
                });
            }
        }
    }
    messages.extend(plan_loop(p, users, manager, now));
    if let Some(manager) = manager.filter(|u| !u.digest_opt_out) {
        messages.extend(plan_digest(p, manager, &outstanding, now));
    }
    ProgrammePlan {
        programme_id: p.programme.id.0,
        programme_name: p.programme.name.clone(),
        tz: p.tz,
        known_periods,
        to_open,
        messages,
    }
}

/// The review loop's reminders: a revision submitted and not reviewed, to everyone who
/// may review (once per revision each); a report returned and not resubmitted, to its
/// lead and later to the programme manager (once per return each). The domain's
/// [`loop_reminders_due`] says which are due; each is about one report, so none is
/// ever empty.
fn plan_loop(
    p: &ProgrammeState,
    users: &HashMap<i64, UserRecord>,
    manager: Option<&UserRecord>,
    now: DateTime<Utc>,
) -> Vec<Planned> {
    let today = local_date(now, p.tz);
    let policy = LoopPolicy::default();
    let active = |id: i64| users.get(&id).filter(|u| u.disabled_at.is_none());
    let mut out = Vec::new();
    for row in &p.in_review {
        let Some(ws) = p
            .workstreams
            .iter()
            .find(|w| w.workstream.id.0 == row.workstream_id)
        else {
            continue;
        };
        let Some(period) = p.periods.iter().find(|r| r.id == row.period_id) else {
            continue;
        };
        let w = &ws.workstream;
        let lead = w.lead_id.and_then(|id| active(id.0));
        let position = LoopPosition::of(
            row.state,
            row.revision_submitted_at.map(|at| local_date(at, p.tz)),
            row.returned.map(|(_, at)| local_date(at, p.tz)),
        );
        let Some(position) = position else {
            continue;
        };
        let since = match position {
            LoopPosition::AwaitingReview { since } | LoopPosition::Returned { since } => since,
        };
        let data = LoopReminderData {
            programme_name: p.programme.name.clone(),
            workstream_name: w.name.clone(),
            lead_name: lead.map_or_else(|| "No lead named".into(), |u| u.name.clone()),
            period: format::period(period.covers_from, period.due_date),
            due_date: format::long_date(period.due_date),
            revision: row.revision,
            since: format::long_date(since),
            waiting: format::working_days(
                u32::try_from(p.calendar.working_days_between(since, today).max(0)).unwrap_or(0),
            ),
        };
        for due in loop_reminders_due(position, today, &p.calendar, &policy) {
            let recipients: Vec<&UserRecord> = match due.kind.recipient() {
                LoopRecipient::Reviewers => {
                    p.reviewers.iter().filter_map(|id| active(*id)).collect()
                }
                LoopRecipient::Lead => lead.into_iter().collect(),
                LoopRecipient::ProgrammeManager => manager.into_iter().collect(),
            };
            let about = match due.kind {
                LoopReminderKind::ReviewDue => format!(
                    "review:{}:{}:{}",
                    p.programme.id, row.report_id, row.revision
                ),
                LoopReminderKind::ResubmitDue | LoopReminderKind::ResubmitEscalation => {
                    let Some((return_id, _)) = row.returned else {
                        continue;
                    };
                    format!("resubmit:{}:{}:{}", p.programme.id, return_id, due.kind)
                }
            };
            for recipient in recipients {
                out.push(Planned {
                    due_date: Some(period.due_date),
                    summary: format!(
                        "{} to {} <{}>: {}, revision {} of the report due {}",
                        describe_loop_kind(due.kind),
                        recipient.name,
                        recipient.email,
                        w.name,
                        row.revision,
                        data.due_date
                    ),
                    message: OutgoingMessage {
                        dedupe_key: format!("{about}:{}", recipient.id),
                        kind: due.kind.into(),
                        recipient_user_id: Some(recipient.id.0),
                        recipient_address: recipient.email.clone(),
                        recipient_name: recipient.name.clone(),
                        programme_id: Some(p.programme.id.0),
                        workstream_id: Some(w.id.0),
                        period_id: Some(period.id),
                        data: to_value(&data),
                        link: Some(Link {
                            place: Place::Report {
                                programme: p.programme.slug.clone(),
                                workstream: w.slug.clone(),
                                due: period.due_date,
                            },
                            sign_in_purpose: (due.kind.recipient() == LoopRecipient::Lead)
                                .then(|| SIGN_IN.to_owned()),
                        }),
                        send: true,
                    },
                });
            }
        }
    }
    out
}

fn describe_loop_kind(kind: LoopReminderKind) -> &'static str {
    match kind {
        LoopReminderKind::ReviewDue => "the awaiting-review reminder",
        LoopReminderKind::ResubmitDue => "the returned-for-changes reminder",
        LoopReminderKind::ResubmitEscalation => "the returned-for-changes escalation",
    }
}

/// The programme manager's weekly digest, once per ISO week.
fn plan_digest(
    p: &ProgrammeState,
    manager: &UserRecord,
    outstanding: &[Outstanding<'_>],
    now: DateTime<Utc>,
) -> Option<Planned> {
    let digest = digest_due(now, p.tz, &p.policy)?;
    let data = digest_data(p, outstanding, now, digest.send_on);
    // A digest with nothing in it is never sent: no news is the good news.
    if data.all_clear {
        return None;
    }
    Some(Planned {
        due_date: None,
        summary: format!(
            "the weekly digest ({}-W{:02}) to {} <{}>: {} overdue, {} due, {} overdue action(s)",
            digest.iso_year,
            digest.iso_week,
            manager.name,
            manager.email,
            data.overdue.len(),
            data.due.len(),
            data.overdue_actions.len()
        ),
        message: OutgoingMessage {
            dedupe_key: format!(
                "digest:{}:{}:{}-W{:02}",
                p.programme.id, manager.id, digest.iso_year, digest.iso_week
            ),
            kind: highlight_domain::MessageKind::Digest,
            recipient_user_id: Some(manager.id.0),
            recipient_address: manager.email.clone(),
            recipient_name: manager.name.clone(),
            programme_id: Some(p.programme.id.0),
            workstream_id: None,
            period_id: None,
            data: to_value(&data),
            link: Some(Link {
                place: Place::Board {
                    programme: p.programme.slug.clone(),
                },
                sign_in_purpose: None,
            }),
            send: true,
        },
    })
}

type Outstanding<'a> = (
    ReportStatus,
    ReportingPeriod,
    &'a WorkstreamRecord,
    Option<&'a UserRecord>,
);

fn digest_data(
    p: &ProgrammeState,
    outstanding: &[Outstanding<'_>],
    now: DateTime<Utc>,
    week_start: NaiveDate,
) -> DigestData {
    let today = local_date(now, p.tz);
    let entry = |(status, period, w, lead): &Outstanding<'_>| OutstandingReport {
        workstream_name: w.name.clone(),
        lead_name: lead.map_or_else(|| "No lead named".into(), |u| u.name.clone()),
        due_date: format::long_date(period.due_date),
        status: match status {
            ReportStatus::Overdue => format!(
                "overdue by {}",
                format::working_days(working_days_overdue(period, now, p.tz, &p.calendar))
            ),
            _ if period.due_date == today => "due today".into(),
            _ => format!(
                "due in {}",
                format::working_days(
                    u32::try_from(p.calendar.working_days_between(today, period.due_date))
                        .unwrap_or(0)
                )
            ),
        },
    };
    let overdue: Vec<_> = outstanding
        .iter()
        .filter(|o| o.0 == ReportStatus::Overdue)
        .map(entry)
        .collect();
    let due: Vec<_> = outstanding
        .iter()
        .filter(|o| o.0 == ReportStatus::Due)
        .map(entry)
        .collect();
    let actions: Vec<BoardAction> = p
        .open_actions
        .iter()
        .filter(|a| a.kind != highlight_domain::board::BoardRecordKind::Decision)
        .map(|a| BoardAction {
            workstream: None,
            agreed_on: a.meeting_on,
            action: a.description.clone(),
            by_whom: a.owner.clone(),
            by_when: a.due_on,
            by_when_label: None,
            resource_implications: None,
            status: ActionStatus::Open,
            progress: Vec::new(),
        })
        .collect();
    let overdue_actions: Vec<_> = actions_to_chase(&actions, today)
        .into_iter()
        .map(|a| OverdueAction {
            description: a.action.clone(),
            owner: a.by_whom.clone(),
            due_date: a.by_when.map(format::long_date).unwrap_or_default(),
        })
        .collect();
    DigestData {
        programme_name: p.programme.name.clone(),
        week: format!("week beginning {}", format::long_date(week_start)),
        all_clear: overdue.is_empty() && due.is_empty() && overdue_actions.is_empty(),
        overdue,
        due,
        overdue_actions,
    }
}

/// What is missing, in a sentence: a draft started but not finished says so.
pub(crate) fn missing(workstream: &str, state: Option<ReportState>) -> String {
    match state {
        Some(ReportState::Draft) => format!(
            "The {workstream} highlight report has been started as a draft but has not been submitted."
        ),
        Some(ReportState::Returned) => format!(
            "The {workstream} highlight report was returned for changes and has not been resubmitted."
        ),
        Some(ReportState::Submitted | ReportState::Reviewed) => {
            format!("The {workstream} highlight report has been submitted.")
        }
        None => format!("The {workstream} highlight report has not been started."),
    }
}

fn describe_kind(kind: ReminderKind, occurrence: u32) -> String {
    match kind {
        ReminderKind::BeforeDue => "the before-due reminder".into(),
        ReminderKind::OnDue => "the due-today reminder".into(),
        ReminderKind::Overdue => format!("overdue reminder {occurrence}"),
        ReminderKind::Escalation => "the escalation".into(),
        ReminderKind::Digest => "the weekly digest".into(),
    }
}

fn to_value<T: Serialize>(data: &T) -> serde_json::Value {
    serde_json::to_value(data).unwrap_or(serde_json::Value::Null)
}
