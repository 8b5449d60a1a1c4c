//! A project issue on a workstream (or the programme).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_issues")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub workstream_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub raised_on: Date,
    pub raised_by: String,
    pub owner: String,
    pub priority: String,
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub resolution: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
