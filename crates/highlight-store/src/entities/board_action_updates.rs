//! A dated progress note under a board action.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "board_action_updates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub action_id: i64,
    pub on_date: Date,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub author_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
