//! One version of a workstream's Project Initiation Document; re-baselining adds a version.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pids")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub workstream_id: i64,
    pub version: i32,
    #[sea_orm(column_type = "Text")]
    pub key_proposals: String,
    pub baseline_budget_pence: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub tolerances: String,
    pub agreed_by: Option<String>,
    pub agreed_on: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub rebaseline_reason: Option<String>,
    pub created_by_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
