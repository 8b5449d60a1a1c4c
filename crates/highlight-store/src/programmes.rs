//! Programmes and their workstreams.

use crate::StoreResult;
use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::json::to_json;
use crate::entities::{programmes, users, workstreams};

/// A programme with its workstreams in their display order.
#[derive(Debug, Clone)]
pub struct ProgrammeOverview {
    pub programme: programmes::Model,
    pub workstreams: Vec<WorkstreamOverview>,
}

#[derive(Debug, Clone)]
pub struct WorkstreamOverview {
    pub workstream: workstreams::Model,
    pub lead_name: Option<String>,
}

/// Every programme, by name, with its workstreams and their leads: three queries.
pub async fn overview(db: &impl ConnectionTrait) -> StoreResult<Vec<ProgrammeOverview>> {
    let programmes = programmes::Entity::find()
        .order_by_asc(programmes::Column::Name)
        .all(db)
        .await?;
    let ids: Vec<i64> = programmes.iter().map(|p| p.id).collect();
    let workstreams = workstreams::Entity::find()
        .filter(workstreams::Column::ProgrammeId.is_in(ids))
        .order_by_asc(workstreams::Column::Position)
        .order_by_asc(workstreams::Column::Name)
        .all(db)
        .await?;
    let lead_ids: Vec<i64> = workstreams.iter().filter_map(|w| w.lead_id).collect();
    let leads: HashMap<i64, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(lead_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();

    let mut by_programme: HashMap<i64, Vec<WorkstreamOverview>> = HashMap::new();
    for w in workstreams {
        let lead_name = w.lead_id.and_then(|id| leads.get(&id).cloned());
        by_programme
            .entry(w.programme_id)
            .or_default()
            .push(WorkstreamOverview {
                workstream: w,
                lead_name,
            });
    }
    Ok(programmes
        .into_iter()
        .map(|p| ProgrammeOverview {
            workstreams: by_programme.remove(&p.id).unwrap_or_default(),
            programme: p,
        })
        .collect())
}

/// How many programmes there are (the demo loads only into an empty database).
pub async fn count(db: &impl ConnectionTrait) -> StoreResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(programmes::Entity::find().count(db).await?)
}

/// What the programme office enters to set up a programme.
#[derive(Debug, Clone)]
pub struct NewProgramme {
    pub slug: highlight_domain::Slug,
    pub name: String,
    pub description: String,
    pub sponsor: String,
    pub programme_manager_id: Option<i64>,
    pub time_zone: chrono_tz::Tz,
    pub currency: highlight_domain::Currency,
    pub holiday_region: String,
    pub cycle: highlight_domain::ReportingCycle,
    pub reminder_policy: highlight_domain::ReminderPolicy,
}

pub async fn create(
    db: &impl ConnectionTrait,
    p: &NewProgramme,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<programmes::Model> {
    use sea_orm::{ActiveModelTrait, Set};
    Ok(programmes::ActiveModel {
        slug: Set(p.slug.as_str().to_owned()),
        name: Set(p.name.clone()),
        description: Set(p.description.clone()),
        sponsor: Set(p.sponsor.clone()),
        programme_manager_id: Set(p.programme_manager_id),
        time_zone: Set(p.time_zone.name().to_owned()),
        currency: Set(p.currency.as_str().to_ascii_uppercase()),
        holiday_region: Set(p.holiday_region.clone()),
        reporting_cycle: Set(to_json(&p.cycle, "programmes.reporting_cycle")?),
        reminder_policy: Set(to_json(&p.reminder_policy, "programmes.reminder_policy")?),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// A person's role in a programme (leads are recorded on their workstreams).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgrammeRole {
    ProgrammeManager,
    BoardMember,
    Viewer,
}

impl ProgrammeRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProgrammeManager => "programme_manager",
            Self::BoardMember => "board_member",
            Self::Viewer => "viewer",
        }
    }
}

pub async fn grant_role(
    db: &impl ConnectionTrait,
    programme_id: i64,
    user_id: i64,
    role: ProgrammeRole,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<()> {
    use sea_orm::{ActiveModelTrait, Set};
    Ok(crate::entities::programme_roles::ActiveModel {
        programme_id: Set(programme_id),
        user_id: Set(user_id),
        role: Set(role.as_str().to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
    .map(|_| ())
}
