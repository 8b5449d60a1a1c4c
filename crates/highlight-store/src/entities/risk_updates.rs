//! A dated update to a risk.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "risk_updates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub risk_id: i64,
    pub at: DateTimeUtc,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub likelihood: i16,
    pub impact: i16,
    pub author_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
