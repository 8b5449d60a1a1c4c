//! A workstream (PRINCE2 project) of a programme, with its lead and deputy.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workstreams")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub slug: String,
    pub name: String,
    pub lead_id: Option<i64>,
    pub deputy_id: Option<i64>,
    pub lead_organisation: String,
    pub stage: i32,
    pub status: String,
    pub position: i32,
    /// The day it started (by default the day it was added, in the programme's time zone).
    pub started_on: Date,
    /// The day it closed; none while it runs.
    pub closed_on: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
