//! A programme manager's manual chase of one workstream's report, at most one a day.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "manual_chases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub workstream_id: i64,
    pub period_id: i64,
    pub chased_on: Date,
    pub chased_by_id: Option<i64>,
    pub chased_by_name: String,
    pub chased_at: DateTimeUtc,
    pub recipient_address: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
