//! The Pioneer Somerset demonstration programme, loaded by `highlight serve --demo`.
//!
//! The words come from a real board pack (seed 003: nine workstreams' highlight
//! reports, November 2008), transcribed in `pioneer_somerset.toml`. The dates are moved
//! so that the pack's period is the one most recently due: the board is meeting on it
//! now, eight reports are in, and Customer Access — whose report in the pack is an empty
//! draft — has not been submitted, so it is overdue. Figures and tolerances the pack
//! does not give are marked as invented in the file.
//!
//! Loading happens in one transaction, and only into a database with no programmes.

mod file;
mod summary;

use anyhow::Context;
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use chrono_tz::Tz;
use highlight_domain::{
    Approval, BudgetStatus, CostTolerance, Currency, Deliverable, HighlightReportContent, Impact,
    InterdependencyKind, Likelihood, Money, Percent, Pid, RagPolicy, ReminderPolicy,
    ReportingCycle, Risk, RiskStatus, ScheduleStatus, SituationKind, Slug, StageNumber,
    ToleranceStatement, Tolerances, WorkingCalendar, WorkstreamStatus, assess_report, local_date,
};

pub use file::DemoFile;
use file::{DemoReport, DemoWorkstream};
use highlight_store::{self, programmes::ProgrammeRole};
pub use summary::{DemoSummary, LoadedPerson, LoadedWorkstream};

/// The password of every demo account: printed by `--demo` and shown on its sign-in page.
pub const DEMO_PASSWORD: &str = "pioneer-demo-2008";

/// The month the pack's reports were due ("Report Due date: Nov 08").
const PACK_DUE_MONTH: (i32, u32) = (2008, 11);
/// The end of phase 1 in the pack ("Any changes to be implemented from 1.4.09").
const PACK_PLANNED_END: (i32, u32, u32) = (2009, 3, 31);

/// Loads the demo programme unless the database already has programmes.
pub async fn load_if_empty(
    db: &highlight_store::Db,
    now: DateTime<Utc>,
) -> anyhow::Result<DemoSummary> {
    if highlight_store::programmes::count(db).await? > 0 {
        return Ok(DemoSummary::Skipped);
    }
    let file = DemoFile::pioneer_somerset()?;
    // Hash before the transaction: slow work should not hold the database's write lock.
    let mut hashes = Vec::with_capacity(file.users.len());
    for _ in &file.users {
        hashes.push(crate::auth::password::hash_blocking(DEMO_PASSWORD.to_owned()).await?);
    }
    let txn = highlight_store::begin(db)
        .await
        .context("starting the demo's transaction")?;
    match load(&txn, &file, &hashes, now).await {
        Ok(summary) => {
            highlight_store::commit(txn)
                .await
                .context("committing the demo programme")?;
            Ok(summary)
        }
        Err(e) => {
            drop(txn); // rolls back
            // Another instance may have loaded it at the same moment: that is fine.
            if highlight_store::programmes::count(db).await? > 0 {
                Ok(DemoSummary::Skipped)
            } else {
                Err(e)
            }
        }
    }
}

async fn load(
    db: &highlight_store::Tx,
    file: &DemoFile,
    password_hashes: &[String],
    now: DateTime<Utc>,
) -> anyhow::Result<DemoSummary> {
    let tz: Tz = file
        .programme
        .time_zone
        .parse()
        .map_err(|e| anyhow::anyhow!("demo time zone: {e}"))?;
    let cycle: ReportingCycle = file.programme.cycle.parse()?;
    let today = local_date(now, tz);
    let calendar = WorkingCalendar::england_and_wales(today.year() - 2..=today.year() + 2);
    let due = cycle
        .previous_due_date_before(today, tz, &calendar)
        .ok_or_else(|| anyhow::anyhow!("the demo cycle has no due date before today"))?;
    let period = cycle.period_due_on(due, tz, &calendar);
    let shift = DateShift::to(due);

    // People.
    let mut people = Vec::new();
    for (person, hash) in file.users.iter().zip(password_hashes) {
        let user = highlight_store::users::create(
            db,
            &highlight_store::users::NewUser {
                email: person.email.clone(),
                name: person.name.clone(),
                is_admin: person.role == "admin",
                password_hash: Some(hash.clone()),
            },
            now,
        )
        .await?;
        people.push((person, user));
    }
    let user_with_role = |role: &str| {
        people
            .iter()
            .find(|(p, _)| p.role == role)
            .map(|(_, u)| u.id)
    };

    // The programme.
    let programme = highlight_store::programmes::create(
        db,
        &highlight_store::programmes::NewProgramme {
            slug: Slug::parse(&file.programme.slug)?,
            name: file.programme.name.clone(),
            description: file.programme.description.clone(),
            sponsor: file.programme.sponsor.clone(),
            programme_manager_id: user_with_role("programme_manager").map(|id| id.0),
            time_zone: tz,
            currency: file
                .programme
                .currency
                .to_ascii_lowercase()
                .parse()
                .unwrap_or(Currency::Gbp),
            holiday_region: "england-and-wales".into(),
            cycle,
            reminder_policy: ReminderPolicy::default(),
            rag_policy: highlight_domain::RagPolicy::default(),
            pack: highlight_store::programmes::PackSettings::default(),
        },
        now,
    )
    .await?;
    for (person, user) in &people {
        let role = match person.role.as_str() {
            "programme_manager" => ProgrammeRole::ProgrammeManager,
            "board_member" => ProgrammeRole::BoardMember,
            _ => continue,
        };
        highlight_store::programmes::grant_role(db, programme.id.0, user.id.0, role, now).await?;
    }
    let period_row = highlight_store::periods::open(db, programme.id.0, &period, tz, now).await?;

    // Workstreams, their PIDs and reports. They were running before the pack's period
    // opened (their PIDs were agreed months earlier), so they are recorded as added
    // then: a workstream owes the reports due after it was added, and these owe this one.
    let added_at = period.opens_at(tz).min(now);
    let mut loaded = Vec::new();
    let mut workstream_ids = std::collections::HashMap::new();
    for (position, w) in file.workstreams.iter().enumerate() {
        let lead_id = people
            .iter()
            .find(|(p, _)| p.workstream.as_deref() == Some(w.slug.as_str()))
            .map(|(_, u)| u.id);
        let stage = StageNumber::new(w.stage)?;
        let workstream = highlight_store::workstreams::create(
            db,
            &highlight_store::workstreams::NewWorkstream {
                programme_id: programme.id.0,
                slug: Slug::parse(&w.slug)?,
                name: w.name.clone(),
                lead_id: lead_id.map(|id| id.0),
                deputy_id: None,
                lead_organisation: w.lead_organisation.clone(),
                stage,
                status: WorkstreamStatus::Active,
                position: i32::try_from(position)?,
                life: highlight_domain::WorkstreamLife::starting(period.covers_from),
            },
            added_at,
        )
        .await?;
        workstream_ids.insert(w.slug.clone(), workstream.id.0);

        let pid = pid_of(w, &shift)?;
        highlight_store::workstreams::add_pid_version(db, workstream.id.0, &pid, None, now).await?;

        let content = report_content(w, stage, period)?;
        let draft = highlight_store::reports::create_draft(
            db,
            workstream.id.0,
            period_row.id,
            &content,
            now,
        )
        .await?;
        let outcome = if w.report.state == "submitted" {
            let assessment = assess_report(&content, &pid, &RagPolicy::default());
            // Submitted a couple of days before the deadline, as most of the pack was.
            let submitted_at = (period.deadline(tz) - chrono::Duration::days(3)).min(now);
            highlight_store::reports::submit(
                db,
                draft,
                &content,
                &assessment,
                None,
                lead_id.map(|id| id.0),
                submitted_at,
            )
            .await?;
            LoadedWorkstream::submitted(&w.name, assessment.rag, assessment.exceptions.len())
        } else {
            LoadedWorkstream::not_received(&w.name)
        };
        loaded.push(outcome);
    }

    for link in &file.interdependencies {
        let (Some(from), Some(to)) = (workstream_ids.get(&link.from), workstream_ids.get(&link.to))
        else {
            anyhow::bail!(
                "demo interdependency names an unknown workstream: {} → {}",
                link.from,
                link.to
            );
        };
        let kind: InterdependencyKind = link.kind.parse()?;
        highlight_store::workstreams::add_interdependency(
            db,
            programme.id.0,
            *from,
            *to,
            kind,
            &link.note,
        )
        .await?;
    }

    for r in &file.risks {
        let workstream_id = r
            .workstream
            .as_ref()
            .and_then(|slug| workstream_ids.get(slug).copied());
        let risk = Risk {
            workstream: None,
            description: r.description.clone(),
            cause: None,
            effect: None,
            likelihood: Likelihood::new(r.likelihood).map_err(anyhow::Error::msg)?,
            impact: Impact::new(r.impact).map_err(anyhow::Error::msg)?,
            proximity: None,
            owner: Some(r.owner.clone()),
            response: Some(r.response.clone()),
            status: r.status.parse().unwrap_or(RiskStatus::Open),
            raised_on: period.covers_from,
            updates: Vec::new(),
        };
        highlight_store::risks::create(db, programme.id.0, workstream_id, &risk, now).await?;
    }

    Ok(DemoSummary::Loaded {
        programme: programme.name,
        slug: programme.slug,
        period,
        workstreams: loaded,
        people: people
            .iter()
            .map(|(p, _)| LoadedPerson {
                name: p.name.clone(),
                email: p.email.clone(),
                role: p.role.clone(),
                workstream: p.workstream.clone(),
            })
            .collect(),
    })
}

/// Moves the pack's 2008 dates by whole months so its due month becomes `due`'s.
#[derive(Debug, Clone, Copy)]
struct DateShift {
    months: i32,
}

impl DateShift {
    fn to(due: NaiveDate) -> Self {
        let (year, month) = PACK_DUE_MONTH;
        Self {
            months: (due.year() - year) * 12 + i32::try_from(due.month()).unwrap_or(1)
                - i32::try_from(month).unwrap_or(1),
        }
    }

    /// The same day `months` later; a month-end stays a month-end.
    fn apply(self, date: NaiveDate) -> NaiveDate {
        let month_end = date
            .succ_opt()
            .is_none_or(|next| next.month() != date.month());
        let moved = if self.months >= 0 {
            date.checked_add_months(Months::new(self.months.unsigned_abs()))
        } else {
            date.checked_sub_months(Months::new(self.months.unsigned_abs()))
        }
        .unwrap_or(date);
        if month_end {
            last_day_of_month(moved)
        } else {
            moved
        }
    }
}

fn last_day_of_month(date: NaiveDate) -> NaiveDate {
    let first_of_next = if date.month() == 12 {
        NaiveDate::from_ymd_opt(date.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(date.year(), date.month() + 1, 1)
    };
    first_of_next.and_then(|d| d.pred_opt()).unwrap_or(date)
}

fn pid_of(w: &DemoWorkstream, shift: &DateShift) -> anyhow::Result<Pid> {
    let (y, m, d) = PACK_PLANNED_END;
    let planned_end = NaiveDate::from_ymd_opt(y, m, d).map(|date| shift.apply(date));
    let cost = match (w.tolerances.cost_pence, w.tolerances.cost_percent) {
        (Some(pence), _) => Some(CostTolerance::Amount(Money::from_pence(pence))),
        (None, Some(percent)) => Some(CostTolerance::PercentOfBaseline(Percent::from_whole(
            percent,
        ))),
        (None, None) => None,
    };
    Ok(Pid {
        version: 1,
        summary: Some(w.key_proposals.join("\n")),
        deliverables: w
            .deliverables
            .iter()
            .map(|d| {
                let target = shift.apply(d.target);
                Deliverable {
                    name: d.name.clone(),
                    target_date: Some(target),
                    target_label: Some(highlight_app::format::month_year(target)),
                    done_on: d.done.then_some(target),
                }
            })
            .collect(),
        stages: Vec::new(),
        baseline_budget: w.figures.baseline_budget_pence.map(Money::from_pence),
        tolerances: Tolerances {
            time_days: w.tolerances.time_days,
            cost,
            quality: w.tolerances.quality.clone(),
            scope: w.tolerances.scope.clone(),
            risk: w.tolerances.risk.clone(),
            benefit: w.tolerances.benefit.clone(),
        },
        planned_end,
        approval: match (&w.pid_agreed_by, w.pid_agreed_on) {
            (Some(by), Some(on)) => Some(Approval {
                agreed_by: by.clone(),
                agreed_on: shift.apply(on),
            }),
            _ => None,
        },
        rebaseline_reason: None,
    })
}

fn report_content(
    w: &DemoWorkstream,
    stage: StageNumber,
    period: highlight_domain::ReportingPeriod,
) -> anyhow::Result<HighlightReportContent> {
    let r: &DemoReport = &w.report;
    let mut content = HighlightReportContent::empty(stage, period);
    content.budget.stated = match r.budget_status.as_str() {
        "on_budget" => Some(BudgetStatus::OnBudget),
        "not_applicable" => Some(BudgetStatus::NotApplicable),
        _ => None,
    };
    content.budget.spend_to_date = w.figures.spend_to_date_pence.map(Money::from_pence);
    content.budget.forecast_at_completion = w
        .figures
        .forecast_at_completion_pence
        .map(Money::from_pence);
    // What the leads ticked, and nothing more: the seed's leads wrote "Behind schedule:
    // yes", never by how much. The invented slippage goes in the figures, marked
    // illustrative, where the board sees it measured against the tolerance.
    content.schedule.stated = match r.schedule_status.as_str() {
        "on_schedule" => Some(ScheduleStatus::OnSchedule),
        "behind" => Some(ScheduleStatus::Behind { days: None }),
        "ahead" => Some(ScheduleStatus::Ahead { days: None }),
        _ => None,
    };
    content.schedule.slippage_days = Some(i32::try_from(w.figures.slippage_days)?);
    content.schedule.note = text(&r.schedule_note);
    content.tolerances.time = statement(&r.tolerance_time);
    content.tolerances.cost = statement(&r.tolerance_cost);
    content.tolerances.quality = statement(&r.tolerance_quality);
    // The seed's reports state no overall RAG, so none is put in the leads' mouths; the
    // board still sees the RAG derived from the figures.
    content.period_covered = text(&r.period_covered);
    content.illustrative_figures = true;
    content.products_completed = r.products_completed.clone();
    content.products_planned_next = r.products_planned_next.clone();
    content.problems = text(&r.problems);
    content.risk_update = text(&r.risk_update);
    content.issues_status = text(&r.issues_status);
    content.change_impact = text(&r.change_impact);
    content.interdependencies = text(&r.interdependencies);
    content.barriers = text(&r.barriers);
    Ok(content)
}

fn text(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// The pack's tolerance lines: "Unaffected", or the deviation in words (within tolerance).
fn statement(written: &str) -> ToleranceStatement {
    let note = text(written);
    let situation = note.as_ref().map(|n| {
        if n.to_lowercase().starts_with("unaffected") {
            SituationKind::Unaffected
        } else {
            SituationKind::Within
        }
    });
    ToleranceStatement { situation, note }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn dates_move_by_whole_months_and_month_ends_stay_month_ends() {
        let shift = DateShift::to(d(2026, 11, 6));
        assert_eq!(shift.months, 18 * 12);
        assert_eq!(shift.apply(d(2008, 8, 19)), d(2026, 8, 19));
        assert_eq!(shift.apply(d(2008, 11, 30)), d(2026, 11, 30));
        let to_february = DateShift::to(d(2027, 2, 5));
        assert_eq!(
            to_february.apply(d(2008, 11, 30)),
            d(2027, 2, 28),
            "month end stays month end"
        );
        assert_eq!(to_february.apply(d(2009, 3, 31)), d(2027, 6, 30));
    }
}
