//! A workstream's PID: the current version with the list of versions, any old version
//! with what it changed, and the form that stores the next version.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use highlight_domain::{CostTolerance, Pid, PidDraft, ValidationErrors};
use serde::Serialize;

use super::{Nav, managed_workstream, messages, page};
use crate::app::AppState;
use crate::auth::{Actor, CsrfToken, CurrentUser};
use crate::error::{FieldMessage, WebError, WebResult};
use crate::paths;
use highlight_app::pid::{self as service, PidInput, changes, draft_of, input_from_pairs};
use highlight_app::programmes::long_date;
use highlight_app::scope::ProgrammeScope;
use highlight_store::pids::StoredPid;
use highlight_store::workstreams::WorkstreamRecord;

/// Spare rows shown below the filled ones, and added by "Add more rows".
const SPARE_ROWS: usize = 3;
const MORE_ROWS: usize = 5;

#[derive(Serialize)]
struct WorkstreamRef {
    name: String,
    slug: String,
}

impl WorkstreamRef {
    fn of(w: &WorkstreamRecord) -> Self {
        Self {
            name: w.name.clone(),
            slug: w.slug.clone(),
        }
    }
}

/// A version as shown: every part in words.
#[derive(Serialize)]
struct PidView {
    version: u32,
    summary: String,
    baseline_budget: String,
    time_tolerance: String,
    cost_tolerance: String,
    other_tolerances: Vec<Labelled>,
    planned_end: String,
    approval: String,
    reason: String,
    stages: Vec<StageLine>,
    deliverables: Vec<DeliverableLine>,
}

#[derive(Serialize)]
struct Labelled {
    label: String,
    text: String,
}

#[derive(Serialize)]
struct StageLine {
    number: String,
    name: String,
    starts_on: String,
    ends_on: String,
}

#[derive(Serialize)]
struct DeliverableLine {
    name: String,
    target: String,
    done_on: String,
}

fn pid_view(pid: &Pid) -> PidView {
    let t = &pid.tolerances;
    PidView {
        version: pid.version,
        summary: pid.summary.clone().unwrap_or_default(),
        baseline_budget: pid
            .baseline_budget
            .map(|m| m.to_string())
            .unwrap_or_else(|| "No budget held".into()),
        time_tolerance: t
            .time_days
            .map(|d| highlight_domain::tolerance::describe_days(u64::from(d)))
            .unwrap_or_else(|| "None set".into()),
        cost_tolerance: t
            .cost
            .map(|c: CostTolerance| c.to_string())
            .unwrap_or_else(|| "None set".into()),
        other_tolerances: [
            ("Quality", &t.quality),
            ("Scope", &t.scope),
            ("Risk", &t.risk),
            ("Benefit", &t.benefit),
        ]
        .into_iter()
        .filter_map(|(l, v)| {
            v.as_ref().map(|v| Labelled {
                label: l.into(),
                text: v.clone(),
            })
        })
        .collect(),
        planned_end: pid.planned_end().map(long_date).unwrap_or_default(),
        approval: pid
            .approval
            .as_ref()
            .map(|a| format!("{}, {}", a.agreed_by, long_date(a.agreed_on)))
            .unwrap_or_else(|| "Not yet agreed".into()),
        reason: pid.rebaseline_reason.clone().unwrap_or_default(),
        stages: pid
            .stages
            .iter()
            .map(|s| StageLine {
                number: s.number.to_string(),
                name: s.name.clone(),
                starts_on: long_date(s.starts_on),
                ends_on: long_date(s.ends_on),
            })
            .collect(),
        deliverables: pid
            .deliverables
            .iter()
            .map(|d| DeliverableLine {
                name: d.name.clone(),
                target: d
                    .target_label
                    .clone()
                    .or_else(|| d.target_date.map(long_date))
                    .unwrap_or_default(),
                done_on: d.done_on.map(long_date).unwrap_or_default(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct VersionLine {
    version: u32,
    when: String,
    who: String,
    reason: String,
    current: bool,
}

fn version_lines(scope: &ProgrammeScope, history: &[StoredPid]) -> Vec<VersionLine> {
    history
        .iter()
        .enumerate()
        .map(|(i, v)| VersionLine {
            version: v.pid.version,
            when: highlight_app::format::date_time(&v.created_at.with_timezone(&scope.tz)),
            who: v.created_by.clone().unwrap_or_else(|| "Highlight".into()),
            reason: v.pid.rebaseline_reason.clone().unwrap_or_else(|| {
                if v.pid.version == 1 {
                    "First baseline".into()
                } else {
                    String::new()
                }
            }),
            current: i == 0,
        })
        .collect()
}

#[derive(Serialize)]
struct CurrentView {
    nav: Nav,
    workstream: WorkstreamRef,
    pid: Option<PidView>,
    versions: Vec<VersionLine>,
}

pub(super) async fn current(
    paths::Pid { slug, ws }: paths::Pid,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let (scope, w) = managed_workstream(&state.db, &actor, &slug, &ws).await?;
    let history = service::history(&state.db, w.id.0).await?;
    let view = CurrentView {
        nav: Nav::of(&scope),
        workstream: WorkstreamRef::of(&w),
        pid: history.first().map(|v| pid_view(&v.pid)),
        versions: version_lines(&scope, &history),
    };
    let title = format!("PID of {}", w.name);
    page(
        &state,
        &actor,
        &csrf,
        "pages/setup/pid",
        &title,
        &view,
        false,
    )
}

#[derive(Serialize)]
struct VersionView {
    nav: Nav,
    workstream: WorkstreamRef,
    pid: PidView,
    version: VersionLine,
    is_current: bool,
    previous: Option<u32>,
    changes: Vec<String>,
}

pub(super) async fn version(
    paths::PidVersion { slug, ws, n }: paths::PidVersion,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let (scope, w) = managed_workstream(&state.db, &actor, &slug, &ws).await?;
    let history = service::history(&state.db, w.id.0).await?;
    let lines = version_lines(&scope, &history);
    let Some(i) = history.iter().position(|v| v.pid.version == n) else {
        return Err(WebError::NotFound(format!(
            "version {n} of the PID of {}",
            w.name
        )));
    };
    let previous = history.get(i + 1);
    let view = VersionView {
        nav: Nav::of(&scope),
        workstream: WorkstreamRef::of(&w),
        pid: pid_view(&history[i].pid),
        version: lines.into_iter().nth(i).expect("a line per version"),
        is_current: i == 0,
        previous: previous.map(|p| p.pid.version),
        changes: previous
            .map(|p| changes(&p.pid, &history[i].pid))
            .unwrap_or_default(),
    };
    let title = format!("PID of {}, version {n}", w.name);
    page(
        &state,
        &actor,
        &csrf,
        "pages/setup/pid_version",
        &title,
        &view,
        false,
    )
}

/// One input of a row: its id (also its name), value and message.
#[derive(Serialize)]
struct Cell {
    id: String,
    value: String,
    error: String,
}

#[derive(Serialize)]
struct Row {
    number: usize,
    cells: Vec<Cell>,
}

#[derive(Serialize)]
struct EditView {
    nav: Nav,
    workstream: WorkstreamRef,
    current_version: Option<u32>,
    next_version: u32,
    values: EditValues,
    stage_rows: Vec<Row>,
    deliverable_rows: Vec<Row>,
    errors: Vec<FieldMessage>,
}

#[derive(Serialize)]
struct EditValues {
    summary: String,
    baseline_budget: String,
    tolerances: highlight_domain::TolerancesDraft,
    planned_end: String,
    agreed_by: String,
    agreed_on: String,
    rebaseline_reason: String,
}

fn cell(errors: &ValidationErrors, id: String, value: &str) -> Cell {
    let error = errors
        .messages_for(&id)
        .next()
        .unwrap_or_default()
        .to_owned();
    Cell {
        error,
        value: value.to_owned(),
        id,
    }
}

#[allow(clippy::too_many_arguments)]
fn edit_view(
    scope: &ProgrammeScope,
    w: &WorkstreamRecord,
    current_version: Option<u32>,
    input: &PidInput,
    stage_rows: usize,
    deliverable_rows: usize,
    errors: &ValidationErrors,
) -> EditView {
    let d: &PidDraft = &input.draft;
    let stage_rows = stage_rows.max(d.stages.len());
    let deliverable_rows = deliverable_rows.max(d.deliverables.len());
    let stages = (0..stage_rows)
        .map(|i| {
            let s = d.stages.get(i).cloned().unwrap_or_default();
            let p = format!("stages[{i}]");
            Row {
                number: i + 1,
                cells: vec![
                    cell(errors, format!("{p}.number"), &s.number),
                    cell(errors, format!("{p}.name"), &s.name),
                    cell(errors, format!("{p}.starts_on"), &s.starts_on),
                    cell(errors, format!("{p}.ends_on"), &s.ends_on),
                ],
            }
        })
        .collect();
    let deliverables = (0..deliverable_rows)
        .map(|i| {
            let r = d.deliverables.get(i).cloned().unwrap_or_default();
            let p = format!("deliverables[{i}]");
            Row {
                number: i + 1,
                cells: vec![
                    cell(errors, format!("{p}.name"), &r.name),
                    cell(errors, format!("{p}.target_date"), &r.target),
                    cell(errors, format!("{p}.done_on"), &r.done_on),
                ],
            }
        })
        .collect();
    EditView {
        nav: Nav::of(scope),
        workstream: WorkstreamRef::of(w),
        current_version,
        next_version: current_version.unwrap_or(0) + 1,
        values: EditValues {
            summary: d.summary.clone(),
            baseline_budget: d.baseline_budget.clone(),
            tolerances: d.tolerances.clone(),
            planned_end: d.planned_end.clone(),
            agreed_by: d.agreed_by.clone(),
            agreed_on: d.agreed_on.clone(),
            rebaseline_reason: input.rebaseline_reason.clone(),
        },
        stage_rows: stages,
        deliverable_rows: deliverables,
        errors: messages(errors),
    }
}

#[allow(clippy::too_many_arguments)]
fn render_edit(
    state: &AppState,
    actor: &Actor,
    csrf: &CsrfToken,
    scope: &ProgrammeScope,
    w: &WorkstreamRecord,
    current_version: Option<u32>,
    input: &PidInput,
    rows: (usize, usize),
    errors: &ValidationErrors,
) -> WebResult<Response> {
    let view = edit_view(scope, w, current_version, input, rows.0, rows.1, errors);
    let title = format!("Re-baseline the PID of {}", w.name);
    page(
        state,
        actor,
        csrf,
        "pages/setup/pid_form",
        &title,
        &view,
        !errors.is_empty(),
    )
}

pub(super) async fn edit_page(
    paths::EditPid { slug, ws }: paths::EditPid,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let (scope, w) = managed_workstream(&state.db, &actor, &slug, &ws).await?;
    let history = service::history(&state.db, w.id.0).await?;
    let current = history.first();
    let input = PidInput {
        draft: draft_of(current.map(|c| &c.pid)),
        rebaseline_reason: String::new(),
    };
    let rows = (
        input.draft.stages.len() + SPARE_ROWS,
        input.draft.deliverables.len() + SPARE_ROWS,
    );
    render_edit(
        &state,
        &actor,
        &csrf,
        &scope,
        &w,
        current.map(|c| c.pid.version),
        &input,
        rows,
        &ValidationErrors::new(),
    )
}

pub(super) async fn save(
    paths::EditPid { slug, ws }: paths::EditPid,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let (scope, w) = managed_workstream(&state.db, &actor, &slug, &ws).await?;
    let (input, stage_rows, deliverable_rows) = input_from_pairs(&pairs);
    let action = pairs
        .iter()
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.as_str())
        .unwrap_or("save");
    let current_version = service::history(&state.db, w.id.0)
        .await?
        .first()
        .map(|c| c.pid.version);
    if action == "add_rows" {
        return render_edit(
            &state,
            &actor,
            &csrf,
            &scope,
            &w,
            current_version,
            &input,
            (stage_rows + MORE_ROWS, deliverable_rows + MORE_ROWS),
            &ValidationErrors::new(),
        );
    }
    match service::add_version(&state.db, &actor, &scope, &w, &input, state.now()).await {
        Ok(_) => Ok(Redirect::to(&paths::Pid { slug, ws: w.slug }.to_string()).into_response()),
        Err(highlight_app::AppError::Invalid(errors)) => render_edit(
            &state,
            &actor,
            &csrf,
            &scope,
            &w,
            current_version,
            &input,
            (stage_rows, deliverable_rows),
            &errors,
        ),
        Err(e) => Err(e.into()),
    }
}
