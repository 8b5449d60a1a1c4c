//! Adding and changing the workstreams of a programme: name and web address, lead and
//! deputy (chosen, or by e-mail), lead organisation, stage and status.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use highlight_domain::{Slug, StageNumber, WorkstreamDraft, WorkstreamStatus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};

use super::people::{self, PersonInput};
use crate::Actor;
use crate::error::{AppError, AppResult};
use crate::scope::ProgrammeScope;
use highlight_store::audit::{self, Change};
use highlight_store::entities::{users, workstreams};
use highlight_store::workstreams::{NewWorkstream, create as store_create};

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
}

impl WorkstreamForm {
    pub fn blank() -> Self {
        Self {
            stage: "1".into(),
            status: "active".into(),
            ..Self::default()
        }
    }

    pub fn of(w: &workstreams::Model) -> Self {
        Self {
            name: w.name.clone(),
            slug: w.slug.clone(),
            lead_id: w.lead_id.map(|i| i.to_string()).unwrap_or_default(),
            deputy_id: w.deputy_id.map(|i| i.to_string()).unwrap_or_default(),
            lead_organisation: w.lead_organisation.clone(),
            stage: w.stage.to_string(),
            status: w.status.clone(),
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
    pub status: String,
}

/// A workstream with its people's names, for the snapshot.
pub fn snapshot(w: &workstreams::Model, people: &HashMap<i64, users::Model>) -> WorkstreamSnapshot {
    let person = |id: Option<i64>| {
        id.and_then(|id| people.get(&id))
            .map(|u| format!("{} <{}>", u.name, u.email))
    };
    WorkstreamSnapshot {
        name: w.name.clone(),
        slug: w.slug.clone(),
        lead: person(w.lead_id),
        deputy: person(w.deputy_id),
        lead_organisation: w.lead_organisation.clone(),
        stage: w.stage,
        status: w.status.clone(),
    }
}

/// The checked form.
struct Checked {
    name: String,
    slug: Slug,
    lead_organisation: String,
    stage: StageNumber,
    status: WorkstreamStatus,
    people: Vec<people::Chosen>,
}

async fn check(
    db: &impl ConnectionTrait,
    scope: &ProgrammeScope,
    form: &WorkstreamForm,
    except: Option<i64>,
) -> AppResult<Checked> {
    let draft = WorkstreamDraft {
        name: form.name.clone(),
        lead_organisation: form.lead_organisation.clone(),
        stage: form.stage.clone(),
        status: form.status.clone(),
    };
    let valid = draft.validate();
    let mut errors = valid.as_ref().err().cloned().unwrap_or_default();
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
    .await?;
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
        let existing = workstreams::Entity::find()
            .filter(workstreams::Column::ProgrammeId.eq(scope.id()))
            .all(db)
            .await?;
        for other in existing.iter().filter(|o| Some(o.id) != except) {
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
    match (valid, slug) {
        (Ok(w), Some(slug)) if errors.is_empty() => Ok(Checked {
            name: w.name,
            slug,
            lead_organisation: w.lead_organisation.unwrap_or_default(),
            stage: w.stage,
            status: w.status,
            people: chosen,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

async fn people_of(
    db: &impl ConnectionTrait,
    ids: &[Option<i64>],
) -> AppResult<HashMap<i64, users::Model>> {
    let ids: Vec<i64> = ids.iter().flatten().copied().collect();
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

/// Adds a workstream at the end of the programme's list.
pub async fn create(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor,
    scope: &ProgrammeScope,
    form: &WorkstreamForm,
    now: DateTime<Utc>,
) -> AppResult<workstreams::Model> {
    let c = check(db, scope, form, None).await?;
    let position = next_position(db, scope.id()).await?;
    let txn = db.begin().await?;
    let settled = people::settle(&txn, actor, &c.people, now).await?;
    let id_of = |i: usize| settled.get(i).cloned().flatten().map(|u| u.id);
    let model = store_create(
        &txn,
        &NewWorkstream {
            programme_id: scope.id(),
            slug: c.slug,
            name: c.name,
            lead_id: id_of(0),
            deputy_id: id_of(1),
            lead_organisation: c.lead_organisation,
            stage: c.stage,
            status: c.status,
            position,
        },
        now,
    )
    .await?;
    let people: HashMap<i64, users::Model> =
        settled.into_iter().flatten().map(|u| (u.id, u)).collect();
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
    .await?;
    txn.commit().await?;
    Ok(model)
}

/// The position after the programme's last workstream.
pub async fn next_position(db: &impl ConnectionTrait, programme_id: i64) -> AppResult<i32> {
    Ok(workstreams::Entity::find()
        .filter(workstreams::Column::ProgrammeId.eq(programme_id))
        .all(db)
        .await?
        .iter()
        .map(|w| w.position + 1)
        .max()
        .unwrap_or(1))
}

/// Changes a workstream. A lead or deputy left unchosen is removed.
pub async fn update(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor,
    scope: &ProgrammeScope,
    old: &workstreams::Model,
    form: &WorkstreamForm,
    now: DateTime<Utc>,
) -> AppResult<workstreams::Model> {
    let c = check(db, scope, form, Some(old.id)).await?;
    let before_people = people_of(db, &[old.lead_id, old.deputy_id]).await?;
    let txn = db.begin().await?;
    let settled = people::settle(&txn, actor, &c.people, now).await?;
    let id_of = |i: usize| settled.get(i).cloned().flatten().map(|u| u.id);
    let mut active: workstreams::ActiveModel = old.clone().into();
    active.name = Set(c.name);
    active.slug = Set(c.slug.as_str().to_owned());
    active.lead_id = Set(id_of(0));
    active.deputy_id = Set(id_of(1));
    active.lead_organisation = Set(c.lead_organisation);
    active.stage = Set(i32::try_from(c.stage.get()).unwrap_or(1));
    active.status = Set(c.status.as_str().to_owned());
    active.updated_at = Set(now);
    let model = active.update(&txn).await?;
    let after_people: HashMap<i64, users::Model> =
        settled.into_iter().flatten().map(|u| (u.id, u)).collect();
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
    .await?;
    txn.commit().await?;
    Ok(model)
}

/// The status radio buttons: (value, label, checked).
pub fn status_options(selected: &str) -> Vec<(String, String, bool)> {
    [
        ("active", "Active"),
        ("on_hold", "On hold"),
        ("closed", "Closed"),
    ]
    .into_iter()
    .map(|(v, l)| (v.to_owned(), l.to_owned(), v == selected.trim()))
    .collect()
}
