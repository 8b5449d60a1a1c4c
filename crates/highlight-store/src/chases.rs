//! Manual chases: a programme manager's "Send a reminder now", at most one a day per
//! workstream and period (a unique index holds the rule under concurrency).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use highlight_domain::WorkstreamId;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::StoreResult;
use crate::entities::manual_chases;

/// A chase as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChaseRecord {
    pub workstream_id: WorkstreamId,
    pub period_id: i64,
    /// The programme's local day it was sent on.
    pub chased_on: NaiveDate,
    pub chased_by_name: String,
    pub chased_at: DateTime<Utc>,
}

/// A chase to record.
#[derive(Debug, Clone)]
pub struct NewChase<'a> {
    pub programme_id: i64,
    pub workstream_id: i64,
    pub period_id: i64,
    pub chased_on: NaiveDate,
    pub chased_by_id: i64,
    pub chased_by_name: &'a str,
    pub recipient_address: &'a str,
}

/// Records a chase at `now`; false (and nothing written) when this workstream's report
/// for the period was already chased on that day.
pub async fn record(
    db: &impl ConnectionTrait,
    chase: &NewChase<'_>,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let row = manual_chases::ActiveModel {
        programme_id: Set(chase.programme_id),
        workstream_id: Set(chase.workstream_id),
        period_id: Set(chase.period_id),
        chased_on: Set(chase.chased_on),
        chased_by_id: Set(Some(chase.chased_by_id)),
        chased_by_name: Set(chase.chased_by_name.to_owned()),
        chased_at: Set(now),
        recipient_address: Set(chase.recipient_address.to_owned()),
        ..Default::default()
    };
    let inserted = manual_chases::Entity::insert(row)
        .on_conflict_do_nothing_on([
            manual_chases::Column::WorkstreamId,
            manual_chases::Column::PeriodId,
            manual_chases::Column::ChasedOn,
        ])
        .exec_without_returning(db)
        .await?;
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0))
}

/// The latest chase of each workstream in each of `period_ids` (one query).
pub async fn latest_of_periods(
    db: &impl ConnectionTrait,
    period_ids: &[i64],
) -> StoreResult<HashMap<(WorkstreamId, i64), ChaseRecord>> {
    let mut latest = HashMap::new();
    if period_ids.is_empty() {
        return Ok(latest);
    }
    let rows = manual_chases::Entity::find()
        .filter(manual_chases::Column::PeriodId.is_in(period_ids.iter().copied()))
        .order_by_asc(manual_chases::Column::ChasedAt)
        .all(db)
        .await?;
    for r in rows {
        let record = ChaseRecord {
            workstream_id: WorkstreamId(r.workstream_id),
            period_id: r.period_id,
            chased_on: r.chased_on,
            chased_by_name: r.chased_by_name,
            chased_at: r.chased_at,
        };
        latest.insert((record.workstream_id, record.period_id), record);
    }
    Ok(latest)
}
