//! Programmes and their workstreams.

use crate::StoreResult;
use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use highlight_domain::{
    PackOrder, Percent, ProgrammeId, ProtectiveMarking, RagPolicy, ReminderPolicy, ReportingCycle,
    Slug, UserId,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Unchanged, Set};

use super::json::to_json;
use crate::StoreError;
use crate::entities::{programmes, users, workstreams};

/// A programme as stored, its settings read into domain types.
#[derive(Debug, Clone)]
pub struct ProgrammeRecord {
    pub id: ProgrammeId,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub sponsor: String,
    pub programme_manager_id: Option<UserId>,
    pub time_zone: Tz,
    /// As stored: upper case (`GBP`).
    pub currency: String,
    pub holiday_region: String,
    pub cycle: ReportingCycle,
    pub reminder_policy: ReminderPolicy,
    pub rag_policy: RagPolicy,
    /// The pack's protective marking and order.
    pub pack: PackSettings,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// How a programme's board pack is marked and ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PackSettings {
    pub marking: ProtectiveMarking,
    pub order: PackOrder,
}

impl TryFrom<programmes::Model> for ProgrammeRecord {
    type Error = StoreError;

    /// Reads a row; a time zone, cycle, reminder policy or amber threshold that does not
    /// parse is damage.
    fn try_from(p: programmes::Model) -> StoreResult<Self> {
        let damaged = |column: &'static str, value: &str, e: &dyn std::fmt::Display| {
            StoreError::damaged("programmes", column, p.id, value, e)
        };
        let time_zone: Tz = p
            .time_zone
            .parse()
            .map_err(|e| damaged("time_zone", &p.time_zone, &e))?;
        let cycle: ReportingCycle = serde_json::from_str(&p.reporting_cycle)
            .map_err(|e| damaged("reporting_cycle", &p.reporting_cycle, &e))?;
        let reminder_policy: ReminderPolicy = serde_json::from_str(&p.reminder_policy)
            .map_err(|e| damaged("reminder_policy", &p.reminder_policy, &e))?;
        let bp = u32::try_from(p.amber_share_basis_points).map_err(|e| {
            damaged(
                "amber_share_basis_points",
                &p.amber_share_basis_points.to_string(),
                &e,
            )
        })?;
        let marking: ProtectiveMarking = p
            .protective_marking
            .parse()
            .map_err(|e| damaged("protective_marking", &p.protective_marking, &e))?;
        let order: PackOrder = p
            .pack_order
            .parse()
            .map_err(|e| damaged("pack_order", &p.pack_order, &e))?;
        Ok(Self {
            id: ProgrammeId(p.id),
            slug: p.slug,
            name: p.name,
            description: p.description,
            sponsor: p.sponsor,
            programme_manager_id: p.programme_manager_id.map(UserId),
            time_zone,
            currency: p.currency,
            holiday_region: p.holiday_region,
            cycle,
            reminder_policy,
            rag_policy: RagPolicy {
                amber_share_of_tolerance: Percent::from_basis_points(bp),
            },
            pack: PackSettings { marking, order },
            created_at: p.created_at,
            updated_at: p.updated_at,
        })
    }
}

/// Reads rows into records; the first damaged one is the error.
pub(crate) fn records(rows: Vec<programmes::Model>) -> StoreResult<Vec<ProgrammeRecord>> {
    rows.into_iter().map(ProgrammeRecord::try_from).collect()
}

fn basis_points(policy: &RagPolicy) -> i32 {
    // Percent::parse refuses more than 1000%, so a typed share always fits.
    i32::try_from(policy.amber_share_of_tolerance.basis_points()).unwrap_or(i32::MAX)
}

/// Whether another programme than `except` already uses `slug`.
pub async fn slug_taken(
    db: &impl ConnectionTrait,
    slug: &Slug,
    except: Option<i64>,
) -> StoreResult<bool> {
    Ok(programmes::Entity::find()
        .filter(programmes::Column::Slug.eq(slug.as_str()))
        .one(db)
        .await?
        .is_some_and(|p| Some(p.id) != except))
}

/// A programme's settings as changed on its settings page.
#[derive(Debug, Clone)]
pub struct ProgrammeSettings {
    pub slug: Slug,
    pub name: String,
    pub description: String,
    pub sponsor: String,
    pub programme_manager_id: Option<i64>,
    pub time_zone: chrono_tz::Tz,
    pub cycle: ReportingCycle,
    pub reminder_policy: ReminderPolicy,
    pub rag_policy: RagPolicy,
    pub pack: PackSettings,
}

/// Stores `old`'s new settings; returns the row as saved.
pub async fn update_settings(
    db: &impl ConnectionTrait,
    old: &ProgrammeRecord,
    s: &ProgrammeSettings,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<ProgrammeRecord> {
    let mut active = programmes::ActiveModel {
        id: Unchanged(old.id.0),
        ..Default::default()
    };
    active.slug = Set(s.slug.as_str().to_owned());
    active.name = Set(s.name.clone());
    active.description = Set(s.description.clone());
    active.sponsor = Set(s.sponsor.clone());
    active.programme_manager_id = Set(s.programme_manager_id);
    active.time_zone = Set(s.time_zone.name().to_owned());
    active.reporting_cycle = Set(to_json(&s.cycle, "programmes.reporting_cycle")?);
    active.reminder_policy = Set(to_json(&s.reminder_policy, "programmes.reminder_policy")?);
    active.amber_share_basis_points = Set(basis_points(&s.rag_policy));
    active.protective_marking = Set(s.pack.marking.as_str().to_owned());
    active.pack_order = Set(s.pack.order.as_str().to_owned());
    active.updated_at = Set(now);
    active.update(db).await?.try_into()
}

/// Records who the programme's programme manager is (the one named in its settings).
pub async fn set_programme_manager(
    db: &impl ConnectionTrait,
    programme: &ProgrammeRecord,
    manager_id: Option<i64>,
) -> StoreResult<()> {
    let active = programmes::ActiveModel {
        id: Unchanged(programme.id.0),
        programme_manager_id: Set(manager_id),
        ..Default::default()
    };
    active.update(db).await?;
    Ok(())
}

/// A programme's name and description with its workstreams in their display order.
/// Its settings are not read: the list shows even a programme whose settings are damaged.
#[derive(Debug, Clone)]
pub struct ProgrammeOverview {
    pub id: ProgrammeId,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub workstreams: Vec<WorkstreamOverview>,
}

#[derive(Debug, Clone)]
pub struct WorkstreamOverview {
    pub workstream: crate::workstreams::WorkstreamRecord,
    pub lead_name: Option<String>,
}

/// Every programme, by name, with its workstreams and their leads: three queries.
pub async fn overview(db: &impl ConnectionTrait) -> StoreResult<Vec<ProgrammeOverview>> {
    let programmes = programmes::Entity::find()
        .order_by_asc(programmes::Column::Name)
        .all(db)
        .await?;
    let ids: Vec<i64> = programmes.iter().map(|p| p.id).collect();
    let workstreams = crate::workstreams::records(
        workstreams::Entity::find()
            .filter(workstreams::Column::ProgrammeId.is_in(ids))
            .order_by_asc(workstreams::Column::Position)
            .order_by_asc(workstreams::Column::Name)
            .all(db)
            .await?,
    )?;
    let lead_ids: Vec<i64> = workstreams
        .iter()
        .filter_map(|w| w.lead_id)
        .map(|id| id.0)
        .collect();
    let leads: HashMap<i64, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(lead_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();

    let mut by_programme: HashMap<i64, Vec<WorkstreamOverview>> = HashMap::new();
    for w in workstreams {
        let lead_name = w.lead_id.and_then(|id| leads.get(&id.0).cloned());
        by_programme
            .entry(w.programme_id.0)
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
            id: ProgrammeId(p.id),
            slug: p.slug,
            name: p.name,
            description: p.description,
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
    pub slug: Slug,
    pub name: String,
    pub description: String,
    pub sponsor: String,
    pub programme_manager_id: Option<i64>,
    pub time_zone: chrono_tz::Tz,
    pub currency: highlight_domain::Currency,
    pub holiday_region: String,
    pub cycle: highlight_domain::ReportingCycle,
    pub reminder_policy: highlight_domain::ReminderPolicy,
    pub rag_policy: RagPolicy,
    pub pack: PackSettings,
}

pub async fn create(
    db: &impl ConnectionTrait,
    p: &NewProgramme,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<ProgrammeRecord> {
    programmes::ActiveModel {
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
        amber_share_basis_points: Set(basis_points(&p.rag_policy)),
        protective_marking: Set(p.pack.marking.as_str().to_owned()),
        pack_order: Set(p.pack.order.as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?
    .try_into()
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
