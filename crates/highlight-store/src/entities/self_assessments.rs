//! One completed self-assessment: ratings per question, as domain JSON.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "self_assessments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub questionnaire_id: i64,
    pub subject: String,
    pub assessed_on: Date,
    #[sea_orm(column_type = "Text")]
    pub ratings: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
