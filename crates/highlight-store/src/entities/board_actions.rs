//! A board decision or action, recorded at a meeting.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "board_actions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub workstream_id: Option<i64>,
    pub kind: String,
    pub meeting_on: Date,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub owner: String,
    pub due_on: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub resource_implications: String,
    pub status: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
