//! A submitted revision of a highlight report, kept for ever, with the assessment made at the time.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub report_id: i64,
    pub number: i32,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    #[sea_orm(column_type = "Text")]
    pub assessment: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub submitted_by_id: Option<i64>,
    pub submitted_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
