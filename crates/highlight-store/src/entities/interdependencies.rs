//! Workstream A depends on, or overlaps with, workstream B.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "interdependencies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub from_workstream_id: i64,
    pub to_workstream_id: i64,
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
