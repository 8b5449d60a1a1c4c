//! Adding and changing the workstreams of a programme: name and web address, lead and
//! deputy (chosen, or by e-mail), lead organisation, stage, status, and its life: the
//! day it started (blank for the day it is added, in the programme's time zone) and
//! the day it closed.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use highlight_domain::{
    Slug, StageNumber, WorkstreamDraft, WorkstreamLife, WorkstreamLifeDraft, WorkstreamStatus,
    local_date,
};
use serde::{Deserialize, Serialize};

use super::people::{self, PersonInput, Step};
use crate::Actor;
use crate::error::{AppError, AppResult};
use crate::scope::ProgrammeScope;
use highlight_store::audit::{self, Change};
use highlight_store::users::UserRecord;
use highlight_store::workstreams::WorkstreamRecord;
use highlight_store::workstreams::{
    NewWorkstream, WorkstreamChanges, create as store_create, of_programme, update as store_update,
};
use highlight_store::{Conn, Db};

/// Workstream slugs that would collide with set-up pages under `/workstreams/`.
pub const RESERVED_SLUGS: &[&str] = &["new", "import"];

/// A workstream as typed (the API takes the same fields as JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkstreamForm {
    #[serde(deserialize_with = "crate::forms::text")]
    pub name: String,
    /// Blank to derive it from the name.
    #[serde(deserialize_with = "crate::forms::text")]
    pub slug: String,
    /// The lead's user id…
    #[serde(deserialize_with = "crate::forms::text")]
    pub lead_id: String,
    /// …or e-mail address (with `lead_name` to create an account).
    #[serde(deserialize_with = "crate::forms::text")]
    pub lead_email: String,
    #[serde(deserialize_with = "crate::forms::text")]
    pub lead_name: String,
    #[serde(deserialize_with = "crate::forms::text")]
    pub deputy_id: String,
    #[serde(deserialize_with = "crate::forms::text")]
    pub deputy_email: String,
    #[serde(deserialize_with = "crate::forms::text")]
    pub deputy_name: String,
    #[serde(deserialize_with = "crate::forms::text")]
    pub lead_organisation: String,
    /// Blank for 1.
    #[serde(deserialize_with = "crate::forms::text")]
    pub stage: String,
    /// "active", "on_hold" or "closed"; blank for active.
    #[serde(deserialize_with = "crate::forms::text")]
    pub status: String,
    /// The day it started, YYYY-MM-DD; blank for the day it is added (in the
    /// programme's time zone).
    #[serde(deserialize_with = "crate::forms::text")]
    pub started_on: String,
    /// The day it closed, YYYY-MM-DD; blank while it runs.
    #[serde(deserialize_with = "crate::forms::text")]
    pub closed_on: String,
}

impl WorkstreamForm {
    pub fn blank() -> Self {
        Self {
            stage: "1".into(),
            status: "active".into(),
            ..Self::default()
        }
    }

    pub fn of(w: &WorkstreamRecord) -> Self {
        let dates = WorkstreamLifeDraft::from(&w.life);
        Self {
            started_on: dates.started_on,
            closed_on: dates.closed_on,
            name: w.name.clone(),
            slug: w.slug.clone(),
            lead_id: w.lead_id.map(|i| i.to_string()).unwrap_or_default(),
            deputy_id: w.deputy_id.map(|i| i.to_string()).unwrap_or_default(),
            lead_organisation: w.lead_organisation.clone(),
            stage: w.stage.to_string(),
            status: w.status.as_str().to_owned(),
            ..Self::default()
        }
    }
}

/// What the audit log keeps of a workstream.
#[derive(Debug, Clone, Serialize)]
pub struct WorkstreamSnapshot {
    pub name: String,
    pub slug: String,
    pub lead: Option<String>,
    pub deputy: Option<String>,
    pub lead_organisation: String,
    pub stage: i32,
    pub status: highlight_domain::WorkstreamStatus,
    pub started_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
}

/// A workstream with its people's names, for the snapshot.
pub fn snapshot(w: &WorkstreamRecord, people: &HashMap<i64, UserRecord>) -> WorkstreamSnapshot {
    let person = |id: Option<i64>| {
        id.and_then(|id| people.get(&id))
            .map(|u| format!("{} <{}>", u.name, u.email))
    };
    WorkstreamSnapshot {
        name: w.name.clone(),
        slug: w.slug.clone(),
        lead: person(w.lead_id.map(|id| id.0)),
        deputy: person(w.deputy_id.map(|id| id.0)),
        lead_organisation: w.lead_organisation.clone(),
        stage: i32::try_from(w.stage.get()).unwrap_or(i32::MAX),
        status: w.status,
        started_on: w.life.started_on,
        closed_on: w.life.closed_on,
    }
}

/// The checked form.
struct Checked {
    name: String,
    slug: Slug,
    lead_organisation: String,
    stage: StageNumber,
    status: WorkstreamStatus,
    life: WorkstreamLife,
    people: Vec<people::Chosen>,
}

/// Checks the form; a blank start date is `added_on`, the day the workstream was (or
/// is being) added, in the programme's time zone.
async fn check(
    db: &impl Conn,
    scope: &ProgrammeScope,
    form: &WorkstreamForm,
    except: Option<i64>,
    added_on: NaiveDate,
) -> AppResult<Checked> {
    let draft = WorkstreamDraft {
        name: form.name.clone(),
        lead_organisation: form.lead_organisation.clone(),
        stage: form.stage.clone(),
        status: form.status.clone(),
    };
    let valid = draft.validate();
    let mut errors = valid.as_ref().err().cloned().unwrap_or_default();
    let life = WorkstreamLifeDraft {
        started_on: form.started_on.clone(),
        closed_on: form.closed_on.clone(),
    }
    .validate(added_on);
    if let Err(e) = &life {
        errors.0.extend(e.0.iter().cloned());
    }
    let slug = if form.slug.trim().is_empty() {
        valid.as_ref().ok().map(|w| w.slug.clone())
    } else {
        match Slug::parse(form.slug.trim()) {
            Ok(s) => Some(s),
            Err(e) => {
                errors.add("slug", e.to_string());
                None
            }
        }
    };
    let chosen = people::check(
        db,
        &[
            PersonInput {
                field: "lead",
                label: "lead's",
                id: &form.lead_id,
                email: &form.lead_email,
                name: &form.lead_name,
            },
            PersonInput {
                field: "deputy",
                label: "deputy's",
                id: &form.deputy_id,
                email: &form.deputy_email,
                name: &form.deputy_name,
            },
        ],
        &mut errors,
    )
    .await
    .step("checking the lead and deputy")?;
    if let [lead, deputy] = chosen.as_slice()
        && lead != &people::Chosen::Nobody
        && lead == deputy
    {
        errors.add(
            "deputy_id",
            "The deputy must be someone other than the lead",
        );
    }
    if let Some(slug) = &slug
        && RESERVED_SLUGS.contains(&slug.as_str())
    {
        errors.add(
            "slug",
            format!("\"{slug}\" is part of Highlight's own web addresses: choose another"),
        );
    }
    if let (Ok(w), Some(slug)) = (&valid, &slug) {
        let existing = of_programme(db, scope.id())
            .await
            .step("loading the programme's workstreams")?;
        for other in existing.iter().filter(|o| Some(o.id.0) != except) {
            if other.slug == slug.as_str() {
                errors.add(
                    "slug",
                    format!(
                        "{} already uses the web address \"{slug}\": choose another",
                        other.name
                    ),
                );
            }
            if other.name.trim().eq_ignore_ascii_case(w.name.trim()) {
                errors.add(
                    "name",
                    format!(
                        "This programme already has a workstream called {}",
                        other.name
                    ),
                );
            }
        }
    }
    match (valid, slug, life) {
        (Ok(w), Some(slug), Ok(life)) if errors.is_empty() => Ok(Checked {
            name: w.name,
            slug,
            lead_organisation: w.lead_organisation.unwrap_or_default(),
            stage: w.stage,
            status: w.status,
            life,
            people: chosen,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Adds a workstream at the end of the programme's list; without a start date it
/// starts today (in the programme's time zone).
#[tracing::instrument(skip_all, fields(programme_id = scope.id(), actor = actor.id()))]
pub async fn create(
    db: &Db,
    public_url: &url::Url,
    actor: &Actor,
    scope: &ProgrammeScope,
    form: &WorkstreamForm,
    now: DateTime<Utc>,
) -> AppResult<WorkstreamRecord> {
    let c = check(db, scope, form, None, local_date(now, scope.tz)).await?;
    let position = highlight_store::workstreams::next_position(db, scope.id())
        .await
        .step("finding the end of the programme's list")?;
    let txn = highlight_store::begin(db)
        .await
        .step("starting the transaction")?;
    let settled = people::settle(&txn, public_url, actor, &c.people, now)
        .await
        .step("making the lead's and deputy's accounts")?;
    let id_of = |i: usize| settled.get(i).cloned().flatten().map(|u| u.id);
    let model = store_create(
        &txn,
        &NewWorkstream {
            programme_id: scope.id(),
            slug: c.slug,
            name: c.name,
            lead_id: id_of(0).map(|id| id.0),
            deputy_id: id_of(1).map(|id| id.0),
            lead_organisation: c.lead_organisation,
            stage: c.stage,
            status: c.status,
            position,
            life: c.life,
        },
        now,
    )
    .await
    .step("storing the workstream")?;
    let people: HashMap<i64, UserRecord> =
        settled.into_iter().flatten().map(|u| (u.id.0, u)).collect();
    audit::record(
        &txn,
        Some(actor.who()),
        Change::<(), _> {
            programme_id: Some(scope.id()),
            action: "workstream.created",
            entity: "workstream",
            entity_id: model.id.to_string(),
            before: None,
            after: Some(&snapshot(&model, &people)),
        },
        now,
    )
    .await
    .step("recording the workstream in the audit log")?;
    highlight_store::commit(txn)
        .await
        .step("committing the new workstream")?;
    Ok(model)
}

/// Changes a workstream. A lead or deputy left unchosen is removed; a blank start date
/// is the day the workstream was added.
#[tracing::instrument(
    skip_all,
    fields(programme_id = scope.id(), workstream_id = old.id.0, actor = actor.id())
)]
pub async fn update(
    db: &Db,
    public_url: &url::Url,
    actor: &Actor,
    scope: &ProgrammeScope,
    old: &WorkstreamRecord,
    form: &WorkstreamForm,
    now: DateTime<Utc>,
) -> AppResult<WorkstreamRecord> {
    let added_on = local_date(old.created_at, scope.tz);
    let c = check(db, scope, form, Some(old.id.0), added_on).await?;
    let before_people = highlight_store::users::by_ids(
        db,
        &[old.lead_id, old.deputy_id]
            .into_iter()
            .flatten()
            .map(|id| id.0)
            .collect::<Vec<_>>(),
    )
    .await
    .step("loading the lead and deputy")?;
    let txn = highlight_store::begin(db)
        .await
        .step("starting the transaction")?;
    let settled = people::settle(&txn, public_url, actor, &c.people, now)
        .await
        .step("making the lead's and deputy's accounts")?;
    let id_of = |i: usize| settled.get(i).cloned().flatten().map(|u| u.id);
    let model = store_update(
        &txn,
        old,
        &WorkstreamChanges {
            slug: c.slug,
            name: c.name,
            lead_id: id_of(0).map(|id| id.0),
            deputy_id: id_of(1).map(|id| id.0),
            lead_organisation: c.lead_organisation,
            stage: c.stage,
            status: c.status,
            life: c.life,
        },
        now,
    )
    .await
    .step("storing the workstream")?;
    let after_people: HashMap<i64, UserRecord> =
        settled.into_iter().flatten().map(|u| (u.id.0, u)).collect();
    audit::record(
        &txn,
        Some(actor.who()),
        Change {
            programme_id: Some(scope.id()),
            action: "workstream.updated",
            entity: "workstream",
            entity_id: model.id.to_string(),
            before: Some(&snapshot(old, &before_people)),
            after: Some(&snapshot(&model, &after_people)),
        },
        now,
    )
    .await
    .step("recording the change in the audit log")?;
    highlight_store::commit(txn)
        .await
        .step("committing the workstream")?;
    Ok(model)
}

/// The status radio buttons: (value, label, checked).
pub fn status_options(selected: &str) -> Vec<(String, String, bool)> {
    [
        WorkstreamStatus::Active,
        WorkstreamStatus::OnHold,
        WorkstreamStatus::Closed,
    ]
    .into_iter()
    .map(|s| {
        let value = s.as_str();
        (
            value.to_owned(),
            crate::text::workstream_status_word(s).to_owned(),
            value == selected.trim(),
        )
    })
    .collect()
}
