//! A non-working day in a holiday region (e.g. England and Wales).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bank_holidays")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region: String,
    pub date: Date,
    pub name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
