//! Programmes and their workstreams.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::entities::{programmes, users, workstreams};

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
pub async fn overview(db: &impl ConnectionTrait) -> Result<Vec<ProgrammeOverview>, DbErr> {
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
pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    programmes::Entity::find().count(db).await
}
