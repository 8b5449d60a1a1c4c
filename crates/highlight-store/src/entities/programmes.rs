//! A programme of change; its reporting cycle and reminder policy are domain JSON, its
//! RAG policy's amber threshold a number of basis points.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programmes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub sponsor: String,
    pub programme_manager_id: Option<i64>,
    pub time_zone: String,
    pub currency: String,
    pub holiday_region: String,
    #[sea_orm(column_type = "Text")]
    pub reporting_cycle: String,
    #[sea_orm(column_type = "Text")]
    pub reminder_policy: String,
    /// The RAG policy's amber threshold in basis points (1% = 100); read it with
    /// [`crate::programmes::rag_policy`].
    pub amber_share_basis_points: i32,
    /// `none`, `official` or `official_sensitive`: read it as a `ProtectiveMarking`.
    pub protective_marking: String,
    /// `exceptions_first` or `programme`: read it as a `PackOrder`.
    pub pack_order: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
