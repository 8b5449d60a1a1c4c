//! A deliverable of a PID version, with its target and done dates.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pid_deliverables")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub pid_id: i64,
    pub position: i32,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    pub target_date: Option<Date>,
    pub target_label: Option<String>,
    pub done_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
