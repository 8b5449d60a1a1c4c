//! A self-assessment questionnaire; its grouped questions are domain JSON.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "questionnaires")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: Option<i64>,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub questions: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
