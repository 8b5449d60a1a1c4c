//! The PID of a workstream: every save is a new version (n + 1), never an edit, so
//! the board can always see the plan a report was judged against. From version 2 on
//! a reason for re-baselining is required. [`changes`] says in words what one version
//! changed from the one before, comparing free text in its normal form
//! ([`highlight_domain::text::normalise`]), so a version stored with a browser's CRLF
//! line endings and saved again without an edit records no change.

use chrono::{DateTime, Utc};
use highlight_domain::text::normalise;
use highlight_domain::{
    CostTolerance, DeliverableDraft, Pid, PidDraft, StageDraft, Tolerances, TolerancesDraft,
};
use serde::{Deserialize, Serialize};

use super::people::Step;
use crate::Actor;
use crate::error::{AppError, AppResult};
use crate::scope::ProgrammeScope;
use highlight_store::audit::{self, Change};
use highlight_store::pids::{self, StoredPid};
use highlight_store::workstreams::WorkstreamRecord;
use highlight_store::workstreams::add_pid_version;
use highlight_store::{Conn, Db};

/// A new version as typed: the PID and, from version 2, why it is re-baselined.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PidInput {
    #[serde(flatten)]
    pub draft: PidDraft,
    pub rebaseline_reason: String,
}

/// Every version, newest first.
#[tracing::instrument(skip_all, fields(workstream_id))]
pub async fn history(db: &impl Conn, workstream_id: i64) -> AppResult<Vec<StoredPid>> {
    pids::versions(db, workstream_id)
        .await
        .step("loading the PID's versions")
}

/// Validates the input against the current version and stores it as the next one.
#[tracing::instrument(
    skip_all,
    fields(programme_id = scope.id(), workstream_id = workstream.id.0, actor = actor.id())
)]
pub async fn add_version(
    db: &Db,
    actor: &Actor,
    scope: &ProgrammeScope,
    workstream: &WorkstreamRecord,
    input: &PidInput,
    now: DateTime<Utc>,
) -> AppResult<Pid> {
    let txn = highlight_store::begin(db)
        .await
        .step("starting the transaction")?;
    let current = pids::versions(&txn, workstream.id.0)
        .await
        .step("loading the current PID")?
        .into_iter()
        .next();
    let pid = match &current {
        Some(c) => c.pid.rebaseline(&input.draft, &input.rebaseline_reason),
        None => input.draft.validate().map(|mut p| {
            p.rebaseline_reason =
                Some(normalise(&input.rebaseline_reason)).filter(|r| !r.is_empty());
            p
        }),
    }
    .map_err(AppError::Invalid)?;
    add_pid_version(&txn, workstream.id.0, &pid, Some(actor.id()), now)
        .await
        .step("storing the PID version")?;
    audit::record(
        &txn,
        Some(actor.who()),
        Change {
            programme_id: Some(scope.id()),
            action: if current.is_some() {
                "pid.rebaselined"
            } else {
                "pid.created"
            },
            entity: "pid",
            entity_id: format!("{}/v{}", workstream.slug, pid.version),
            before: current.as_ref().map(|c| &c.pid),
            after: Some(&pid),
        },
        now,
    )
    .await
    .step("recording the PID version in the audit log")?;
    highlight_store::commit(txn)
        .await
        .step("committing the PID version")?;
    Ok(pid)
}

/// The form pre-filled from a version (or blank for a first PID).
pub fn draft_of(pid: Option<&Pid>) -> PidDraft {
    let Some(pid) = pid else {
        return PidDraft::default();
    };
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    PidDraft {
        summary: pid.summary.clone().unwrap_or_default(),
        deliverables: pid
            .deliverables
            .iter()
            .map(|d| DeliverableDraft {
                name: d.name.clone(),
                target: d
                    .target_label
                    .clone()
                    .unwrap_or_else(|| date(d.target_date)),
                done_on: date(d.done_on),
            })
            .collect(),
        stages: pid
            .stages
            .iter()
            .map(|s| StageDraft {
                number: s.number.to_string(),
                name: s.name.clone(),
                starts_on: s.starts_on.to_string(),
                ends_on: s.ends_on.to_string(),
            })
            .collect(),
        baseline_budget: pid
            .baseline_budget
            .map(|m| m.to_string())
            .unwrap_or_default(),
        tolerances: tolerances_draft(&pid.tolerances),
        planned_end: date(pid.planned_end),
        agreed_by: pid
            .approval
            .as_ref()
            .map(|a| a.agreed_by.clone())
            .unwrap_or_default(),
        agreed_on: date(pid.approval.as_ref().map(|a| a.agreed_on)),
    }
}

fn tolerances_draft(t: &Tolerances) -> TolerancesDraft {
    TolerancesDraft {
        time: t.time_days.map(|d| d.to_string()).unwrap_or_default(),
        cost: t.cost.map(|c| cost_text(&c)).unwrap_or_default(),
        quality: t.quality.clone().unwrap_or_default(),
        scope: t.scope.clone().unwrap_or_default(),
        risk: t.risk.clone().unwrap_or_default(),
        benefit: t.benefit.clone().unwrap_or_default(),
    }
}

fn cost_text(c: &CostTolerance) -> String {
    match c {
        CostTolerance::Amount(m) => m.to_string(),
        CostTolerance::PercentOfBaseline(p) => p.to_string(),
    }
}

/// Reads the PID form's fields (`summary`, `tolerances.time`, `stages[2].name`,
/// `deliverables[0].target_date`, …) into a draft. Returns the input and the number of
/// stage and deliverable rows the form had.
pub fn input_from_pairs(pairs: &[(String, String)]) -> (PidInput, usize, usize) {
    let mut input = PidInput::default();
    let mut stages: Vec<StageDraft> = Vec::new();
    let mut deliverables: Vec<DeliverableDraft> = Vec::new();
    for (key, value) in pairs {
        let v = value.clone();
        let d = &mut input.draft;
        match key.as_str() {
            "summary" => d.summary = v,
            "baseline_budget" => d.baseline_budget = v,
            "planned_end" => d.planned_end = v,
            "agreed_by" => d.agreed_by = v,
            "agreed_on" => d.agreed_on = v,
            "rebaseline_reason" => input.rebaseline_reason = v,
            "tolerances.time" => d.tolerances.time = v,
            "tolerances.cost" => d.tolerances.cost = v,
            "tolerances.quality" => d.tolerances.quality = v,
            "tolerances.scope" => d.tolerances.scope = v,
            "tolerances.risk" => d.tolerances.risk = v,
            "tolerances.benefit" => d.tolerances.benefit = v,
            other => {
                if let Some((i, field)) = indexed(other, "stages") {
                    let s = row(&mut stages, i);
                    match field {
                        "number" => s.number = v,
                        "name" => s.name = v,
                        "starts_on" => s.starts_on = v,
                        "ends_on" => s.ends_on = v,
                        _ => {}
                    }
                } else if let Some((i, field)) = indexed(other, "deliverables") {
                    let r = row(&mut deliverables, i);
                    match field {
                        "name" => r.name = v,
                        "target_date" => r.target = v,
                        "done_on" => r.done_on = v,
                        _ => {}
                    }
                }
            }
        }
    }
    let (stage_rows, deliverable_rows) = (stages.len(), deliverables.len());
    // Blank stage rows are spare rows, not stages.
    stages.retain(|s| {
        !(s.number.trim().is_empty()
            && s.name.trim().is_empty()
            && s.starts_on.trim().is_empty()
            && s.ends_on.trim().is_empty())
    });
    input.draft.stages = stages;
    input.draft.deliverables = deliverables;
    (input, stage_rows, deliverable_rows)
}

/// The most rows a form may have (a guard against a crafted request).
const MAX_ROWS: usize = 200;

fn indexed<'a>(key: &'a str, list: &str) -> Option<(usize, &'a str)> {
    let rest = key.strip_prefix(list)?.strip_prefix('[')?;
    let (i, rest) = rest.split_once(']')?;
    let i: usize = i.parse().ok().filter(|i| *i < MAX_ROWS)?;
    Some((i, rest.strip_prefix('.')?))
}

fn row<T: Default>(rows: &mut Vec<T>, i: usize) -> &mut T {
    while rows.len() <= i {
        rows.push(T::default());
    }
    &mut rows[i]
}

/// A free text in its normal form; none and blank are the same.
fn normal(t: &Option<String>) -> Option<String> {
    t.as_deref().map(normalise).filter(|t| !t.is_empty())
}

/// True when two free texts read the same once normalised (line endings, trailing
/// spaces): a version stored with CRLF equals the same words sent back with LF.
fn same_text(a: &Option<String>, b: &Option<String>) -> bool {
    normal(a) == normal(b)
}

fn same_stage(a: &highlight_domain::Stage, b: &highlight_domain::Stage) -> bool {
    normalise(&a.name) == normalise(&b.name)
        && a.number == b.number
        && a.starts_on == b.starts_on
        && a.ends_on == b.ends_on
}

/// What changed from `old` to `new`, one sentence per change. Free text is compared
/// in its normal form, so line endings alone are no change.
pub fn changes(old: &Pid, new: &Pid) -> Vec<String> {
    let mut out = Vec::new();
    let text = |t: &Option<String>| normal(t).unwrap_or_else(|| "none".into());
    let date =
        |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "none".into());
    if !same_text(&old.summary, &new.summary) {
        out.push("Summary of key proposals changed".to_owned());
    }
    if old.baseline_budget != new.baseline_budget {
        let m = |m: Option<highlight_domain::Money>| {
            m.map(|m| m.to_string()).unwrap_or_else(|| "none".into())
        };
        out.push(format!(
            "Baseline budget: {} → {}",
            m(old.baseline_budget),
            m(new.baseline_budget)
        ));
    }
    let (a, b) = (&old.tolerances, &new.tolerances);
    if a.time_days != b.time_days {
        let d = |d: Option<u32>| {
            d.map(|d| format!("{d} days"))
                .unwrap_or_else(|| "none".into())
        };
        out.push(format!(
            "Time tolerance: {} → {}",
            d(a.time_days),
            d(b.time_days)
        ));
    }
    if a.cost != b.cost {
        let c =
            |c: Option<CostTolerance>| c.map(|c| c.to_string()).unwrap_or_else(|| "none".into());
        out.push(format!("Cost tolerance: {} → {}", c(a.cost), c(b.cost)));
    }
    for (label, x, y) in [
        ("Quality", &a.quality, &b.quality),
        ("Scope", &a.scope, &b.scope),
        ("Risk", &a.risk, &b.risk),
        ("Benefit", &a.benefit, &b.benefit),
    ] {
        if !same_text(x, y) {
            out.push(format!("{label} tolerance: {} → {}", text(x), text(y)));
        }
    }
    if old.planned_end != new.planned_end {
        out.push(format!(
            "Planned end: {} → {}",
            date(old.planned_end),
            date(new.planned_end)
        ));
    }
    let approval = |p: &Pid| {
        p.approval
            .as_ref()
            .map(|a| (normalise(&a.agreed_by), a.agreed_on))
    };
    if approval(old) != approval(new) {
        let ap = |p: &Pid| {
            p.approval
                .as_ref()
                .map(|a| format!("{} on {}", a.agreed_by, a.agreed_on))
                .unwrap_or_else(|| "not agreed".into())
        };
        out.push(format!("Agreed: {} → {}", ap(old), ap(new)));
    }
    for s in &new.stages {
        match old.stages.iter().find(|o| o.number == s.number) {
            None => out.push(format!(
                "Stage {} added: {} ({} to {})",
                s.number, s.name, s.starts_on, s.ends_on
            )),
            Some(o) if !same_stage(o, s) => out.push(format!(
                "Stage {}: {} ({} to {}) → {} ({} to {})",
                s.number, o.name, o.starts_on, o.ends_on, s.name, s.starts_on, s.ends_on
            )),
            Some(_) => {}
        }
    }
    for o in &old.stages {
        if !new.stages.iter().any(|s| s.number == o.number) {
            out.push(format!("Stage {} removed: {}", o.number, o.name));
        }
    }
    let target = |d: &highlight_domain::Deliverable| {
        normal(&d.target_label)
            .or_else(|| d.target_date.map(|t| t.to_string()))
            .unwrap_or_else(|| "no target".into())
    };
    let same_name = |a: &highlight_domain::Deliverable, b: &highlight_domain::Deliverable| {
        normalise(&a.name) == normalise(&b.name)
    };
    for d in &new.deliverables {
        match old.deliverables.iter().find(|o| same_name(o, d)) {
            None if d.target_date.is_none() && d.target_label.is_none() => {
                out.push(format!("Deliverable added: {}", d.name));
            }
            None => out.push(format!(
                "Deliverable added: {} (target {})",
                d.name,
                target(d)
            )),
            Some(o) => {
                if o.target_date != d.target_date || !same_text(&o.target_label, &d.target_label) {
                    out.push(format!(
                        "Deliverable \"{}\": target {} → {}",
                        d.name,
                        target(o),
                        target(d)
                    ));
                }
                if o.done_on != d.done_on {
                    out.push(format!(
                        "Deliverable \"{}\": done {} → {}",
                        d.name,
                        date(o.done_on),
                        date(d.done_on)
                    ));
                }
            }
        }
    }
    for o in &old.deliverables {
        if !new.deliverables.iter().any(|d| same_name(o, d)) {
            out.push(format!("Deliverable removed: {}", o.name));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_form_fields_become_a_draft_and_spare_rows_are_dropped() {
        let (input, stage_rows, deliverable_rows) = input_from_pairs(&pairs(&[
            ("summary", "Shared services"),
            ("tolerances.time", "8 weeks"),
            ("stages[0].number", "1"),
            ("stages[0].name", "Options"),
            ("stages[0].starts_on", "2008-08-19"),
            ("stages[0].ends_on", "2008-11-30"),
            ("stages[1].number", ""),
            ("deliverables[0].name", "Agreement"),
            ("deliverables[0].target_date", "Nov 08"),
            ("deliverables[1].name", ""),
            ("rebaseline_reason", "Because"),
        ]));
        assert_eq!((stage_rows, deliverable_rows), (2, 2));
        assert_eq!(input.draft.stages.len(), 1);
        let pid = input.draft.validate().unwrap();
        assert_eq!(pid.deliverables.len(), 1);
        assert_eq!(pid.tolerances.time_days, Some(56));
        assert_eq!(input.rebaseline_reason, "Because");
    }

    #[test]
    fn a_version_round_trips_through_the_form() {
        let (input, _, _) = input_from_pairs(&pairs(&[
            ("baseline_budget", "£25,000"),
            ("tolerances.cost", "10%"),
            ("deliverables[0].name", "Agreement"),
            ("deliverables[0].target_date", "Nov 08"),
            ("agreed_by", "Directors group"),
            ("agreed_on", "19/08/2008"),
        ]));
        let pid = input.draft.validate().unwrap();
        assert_eq!(draft_of(Some(&pid)).validate().unwrap(), pid);
    }

    #[test]
    fn text_that_differs_only_in_line_endings_is_no_change() {
        // Arrange
        let (a, _, _) = input_from_pairs(&pairs(&[
            ("summary", "Shared services"),
            ("deliverables[0].name", "Agreement"),
        ]));
        let mut stored = a.draft.validate().unwrap();
        stored.summary = Some("Shared\r\nservices ".into());
        stored.tolerances.quality = Some("No cuts\r\n".into());
        let (b, _, _) = input_from_pairs(&pairs(&[
            ("summary", "Shared\r\nservices"),
            ("tolerances.quality", "No cuts"),
            ("deliverables[0].name", "Agreement"),
        ]));

        // Act
        let c = changes(&stored, &b.draft.validate().unwrap());

        // Assert
        assert_eq!(c, Vec::<String>::new());
    }

    #[test]
    fn changes_are_described_in_words() {
        let (a, _, _) = input_from_pairs(&pairs(&[
            ("baseline_budget", "£25,000"),
            ("deliverables[0].name", "Agreement"),
            ("deliverables[0].target_date", "Nov 08"),
        ]));
        let (b, _, _) = input_from_pairs(&pairs(&[
            ("baseline_budget", "£30,000"),
            ("deliverables[0].name", "Agreement"),
            ("deliverables[0].target_date", "Dec 08"),
            ("deliverables[1].name", "Summit"),
        ]));
        let c = changes(&a.draft.validate().unwrap(), &b.draft.validate().unwrap());
        assert_eq!(
            c,
            vec![
                "Baseline budget: £25,000.00 → £30,000.00".to_owned(),
                "Deliverable \"Agreement\": target Nov 08 → Dec 08".to_owned(),
                "Deliverable added: Summit".to_owned(),
            ]
        );
    }
}
