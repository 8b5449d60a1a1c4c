//! A stage (phase) of a PID version with its dates.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pid_stages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub pid_id: i64,
    pub number: i32,
    pub name: String,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
