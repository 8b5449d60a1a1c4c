//! A person's role in one programme (programme manager, board member, viewer).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programme_roles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub user_id: i64,
    pub role: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
