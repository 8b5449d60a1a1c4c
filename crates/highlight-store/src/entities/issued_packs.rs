//! A board pack as issued for a meeting: its content frozen as JSON, one row per version.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "issued_packs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub meeting_on: Date,
    pub version: i32,
    pub period_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub issued_by_id: Option<i64>,
    pub issued_by_name: String,
    pub issued_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
