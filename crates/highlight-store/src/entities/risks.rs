//! A risk on a workstream's (or the programme's) register.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "risks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub workstream_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    #[sea_orm(column_type = "Text")]
    pub cause: String,
    #[sea_orm(column_type = "Text")]
    pub effect: String,
    pub likelihood: i16,
    pub impact: i16,
    pub score: i16,
    pub proximity: String,
    pub owner: String,
    #[sea_orm(column_type = "Text")]
    pub response: String,
    pub status: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
