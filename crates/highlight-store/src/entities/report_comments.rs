//! A board member's review comment on a revision of a highlight report.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub report_id: i64,
    pub revision: i32,
    pub author_id: Option<i64>,
    pub author_name: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
