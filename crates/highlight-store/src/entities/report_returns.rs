//! A highlight report returned to its lead for changes: which revision, by whom, when,
//! with a general note (the notes per section are `report_return_notes`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_returns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub report_id: i64,
    pub revision: i32,
    pub returned_by_id: Option<i64>,
    pub returned_by_name: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub general_note: Option<String>,
    pub returned_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
