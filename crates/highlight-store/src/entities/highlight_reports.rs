//! One workstream's highlight report for one period: the working draft and its state.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "highlight_reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub workstream_id: i64,
    pub period_id: i64,
    pub state: String,
    pub lock_version: i32,
    #[sea_orm(column_type = "Text")]
    pub draft: String,
    pub current_revision: i32,
    pub overall_rag: Option<String>,
    pub has_exception: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub reviewed_by_id: Option<i64>,
    pub confirmed_sections: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
