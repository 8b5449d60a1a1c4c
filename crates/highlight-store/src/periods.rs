//! Reporting periods: one row per programme per due date.

use crate::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use highlight_domain::ReportingPeriod;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::entities::reporting_periods;
use highlight_domain::ProgrammeId;

/// A reporting period of a programme as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodRecord {
    pub id: i64,
    pub programme_id: ProgrammeId,
    /// The first day the period covers.
    pub covers_from: chrono::NaiveDate,
    pub due_date: chrono::NaiveDate,
    /// The moment reports are due (the end of the due date in the programme's time zone).
    pub deadline_at: DateTime<Utc>,
    pub opened_at: DateTime<Utc>,
}

impl From<reporting_periods::Model> for PeriodRecord {
    fn from(p: reporting_periods::Model) -> Self {
        Self {
            id: p.id,
            programme_id: ProgrammeId(p.programme_id),
            covers_from: p.covers_from,
            due_date: p.due_date,
            deadline_at: p.deadline_at,
            opened_at: p.opened_at,
        }
    }
}

/// Rows as records.
pub(crate) fn records(rows: Vec<reporting_periods::Model>) -> Vec<PeriodRecord> {
    rows.into_iter().map(PeriodRecord::from).collect()
}

/// Opens `period` for a programme, or finds it if it is already open: safe to call
/// from several processes at once (the unique key is programme and due date).
pub async fn open(
    db: &impl ConnectionTrait,
    programme_id: i64,
    period: &ReportingPeriod,
    tz: Tz,
    now: DateTime<Utc>,
) -> StoreResult<PeriodRecord> {
    Ok(open_counted(db, programme_id, period, tz, now).await?.0)
}

/// [`open`], and whether this call opened it (`false` when it was open already, perhaps
/// opened a moment ago by another process).
pub async fn open_counted(
    db: &impl ConnectionTrait,
    programme_id: i64,
    period: &ReportingPeriod,
    tz: Tz,
    now: DateTime<Utc>,
) -> StoreResult<(PeriodRecord, bool)> {
    let inserted = reporting_periods::Entity::insert(reporting_periods::ActiveModel {
        programme_id: Set(programme_id),
        covers_from: Set(period.covers_from),
        due_date: Set(period.due_date),
        deadline_at: Set(period.deadline(tz)),
        opened_at: Set(now),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        reporting_periods::Column::ProgrammeId,
        reporting_periods::Column::DueDate,
    ])
    .exec_without_returning(db)
    .await?;
    let opened = matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0);
    let row = reporting_periods::Entity::find()
        .filter(reporting_periods::Column::ProgrammeId.eq(programme_id))
        .filter(reporting_periods::Column::DueDate.eq(period.due_date))
        .one(db)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("the period due {}", period.due_date)))?;
    Ok((row.into(), opened))
}

/// Every period of a programme, earliest first.
pub async fn of_programme(
    db: &impl ConnectionTrait,
    programme_id: i64,
) -> StoreResult<Vec<PeriodRecord>> {
    Ok(reporting_periods::Entity::find()
        .filter(reporting_periods::Column::ProgrammeId.eq(programme_id))
        .order_by_asc(reporting_periods::Column::DueDate)
        .all(db)
        .await?
        .into_iter()
        .map(PeriodRecord::from)
        .collect())
}

/// The period of a programme due on `due_date`, if open.
pub async fn due_on(
    db: &impl ConnectionTrait,
    programme_id: i64,
    due_date: chrono::NaiveDate,
) -> StoreResult<Option<PeriodRecord>> {
    Ok(reporting_periods::Entity::find()
        .filter(reporting_periods::Column::ProgrammeId.eq(programme_id))
        .filter(reporting_periods::Column::DueDate.eq(due_date))
        .one(db)
        .await?
        .map(PeriodRecord::from))
}

/// The period just before `due_date`, if any.
pub async fn before(
    db: &impl ConnectionTrait,
    programme_id: i64,
    due_date: chrono::NaiveDate,
) -> StoreResult<Option<PeriodRecord>> {
    match due_date.pred_opt() {
        Some(day_before) => latest_due_by(db, programme_id, day_before).await,
        None => Ok(None),
    }
}

/// The periods of a programme due from `from` to `to` (inclusive), earliest first.
pub async fn due_between(
    db: &impl ConnectionTrait,
    programme_id: i64,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> StoreResult<Vec<PeriodRecord>> {
    Ok(reporting_periods::Entity::find()
        .filter(reporting_periods::Column::ProgrammeId.eq(programme_id))
        .filter(reporting_periods::Column::DueDate.between(from, to))
        .order_by_asc(reporting_periods::Column::DueDate)
        .all(db)
        .await?
        .into_iter()
        .map(PeriodRecord::from)
        .collect())
}

/// The periods of these programmes due from `from` to `to` (inclusive), earliest first
/// (one query, on the programme and due date index).
pub async fn of_programmes_due_between(
    db: &impl ConnectionTrait,
    programme_ids: &[i64],
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> StoreResult<Vec<PeriodRecord>> {
    if programme_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(reporting_periods::Entity::find()
        .filter(reporting_periods::Column::ProgrammeId.is_in(programme_ids.iter().copied()))
        .filter(reporting_periods::Column::DueDate.between(from, to))
        .order_by_asc(reporting_periods::Column::DueDate)
        .all(db)
        .await?
        .into_iter()
        .map(PeriodRecord::from)
        .collect())
}

/// The latest period of a programme due on or before `date`, if any.
pub async fn latest_due_by(
    db: &impl ConnectionTrait,
    programme_id: i64,
    date: chrono::NaiveDate,
) -> StoreResult<Option<PeriodRecord>> {
    Ok(reporting_periods::Entity::find()
        .filter(reporting_periods::Column::ProgrammeId.eq(programme_id))
        .filter(reporting_periods::Column::DueDate.lte(date))
        .order_by_desc(reporting_periods::Column::DueDate)
        .one(db)
        .await?
        .map(PeriodRecord::from))
}

/// The domain's view of a stored period.
pub fn domain(p: &PeriodRecord) -> ReportingPeriod {
    ReportingPeriod {
        covers_from: p.covers_from,
        due_date: p.due_date,
    }
}
