//! Looking up what a URL names: a programme by its slug, a workstream by its slug
//! within a programme, the workstreams of a programme in their board order, and the
//! names of the people a page mentions.
//!
//! The reading side of the programme and workstream tables for the report, board,
//! pack and export use cases; the setup side (creating and changing them) lives in
//! [`crate::programmes`] and [`crate::workstreams`].

use std::collections::HashMap;

use crate::StoreResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{programmes, users, workstreams};
use crate::programmes::ProgrammeRecord;
use crate::workstreams::WorkstreamRecord;

/// The programme called `slug`, if there is one.
pub async fn programme_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> StoreResult<Option<ProgrammeRecord>> {
    programmes::Entity::find()
        .filter(programmes::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(ProgrammeRecord::try_from)
        .transpose()
}

/// Every programme, by name.
pub async fn programmes_by_name(db: &impl ConnectionTrait) -> StoreResult<Vec<ProgrammeRecord>> {
    crate::programmes::records(
        programmes::Entity::find()
            .order_by_asc(programmes::Column::Name)
            .all(db)
            .await?,
    )
}

/// The programmes with these ids, by name (one query).
pub async fn programmes_by_ids(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> StoreResult<Vec<ProgrammeRecord>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    crate::programmes::records(
        programmes::Entity::find()
            .filter(programmes::Column::Id.is_in(ids.iter().copied()))
            .order_by_asc(programmes::Column::Name)
            .all(db)
            .await?,
    )
}

/// Every workstream of these programmes, in each programme's board order (one query).
pub async fn workstreams_of_programmes(
    db: &impl ConnectionTrait,
    programme_ids: &[i64],
) -> StoreResult<Vec<WorkstreamRecord>> {
    if programme_ids.is_empty() {
        return Ok(Vec::new());
    }
    crate::workstreams::records(
        workstreams::Entity::find()
            .filter(workstreams::Column::ProgrammeId.is_in(programme_ids.iter().copied()))
            .order_by_asc(workstreams::Column::ProgrammeId)
            .order_by_asc(workstreams::Column::Position)
            .order_by_asc(workstreams::Column::Name)
            .all(db)
            .await?,
    )
}

/// The workstream called `slug` in a programme, if there is one.
pub async fn workstream_by_slug(
    db: &impl ConnectionTrait,
    programme_id: i64,
    slug: &str,
) -> StoreResult<Option<WorkstreamRecord>> {
    workstreams::Entity::find()
        .filter(workstreams::Column::ProgrammeId.eq(programme_id))
        .filter(workstreams::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(WorkstreamRecord::try_from)
        .transpose()
}

/// Every workstream of a programme in the board's order: position, then name.
pub async fn workstreams_of(
    db: &impl ConnectionTrait,
    programme_id: i64,
) -> StoreResult<Vec<WorkstreamRecord>> {
    crate::workstreams::records(
        workstreams::Entity::find()
            .filter(workstreams::Column::ProgrammeId.eq(programme_id))
            .order_by_asc(workstreams::Column::Position)
            .order_by_asc(workstreams::Column::Name)
            .all(db)
            .await?,
    )
}

/// The names of the given people, by id (one query; unknown ids are left out).
pub async fn user_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> StoreResult<HashMap<i64, String>> {
    let ids: Vec<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}
