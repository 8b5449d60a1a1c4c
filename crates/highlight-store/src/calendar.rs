//! Working calendars: the rule-based bank holidays of a region plus any configured in
//! the `bank_holidays` table (one-off days such as a coronation, or another region's).

use crate::StoreResult;
use std::ops::RangeInclusive;

use highlight_domain::WorkingCalendar;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::entities::bank_holidays;

/// A bank holiday configured for a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankHolidayRecord {
    pub id: i64,
    pub region: String,
    pub date: chrono::NaiveDate,
    pub name: String,
}

impl From<bank_holidays::Model> for BankHolidayRecord {
    fn from(h: bank_holidays::Model) -> Self {
        Self {
            id: h.id,
            region: h.region,
            date: h.date,
            name: h.name,
        }
    }
}

/// The region whose bank holidays Highlight computes by rule.
pub const ENGLAND_AND_WALES: &str = "england-and-wales";

pub async fn for_region(
    db: &impl ConnectionTrait,
    region: &str,
    years: RangeInclusive<i32>,
) -> StoreResult<WorkingCalendar> {
    let mut calendar = if region == ENGLAND_AND_WALES {
        WorkingCalendar::england_and_wales(years)
    } else {
        WorkingCalendar::default()
    };
    for day in bank_holidays::Entity::find()
        .filter(bank_holidays::Column::Region.eq(region))
        .all(db)
        .await?
    {
        calendar = calendar.with_holiday(day.date);
    }
    Ok(calendar)
}
