//! One e-mail on its way: planned once under `dedupe_key`, delivered by the worker.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub dedupe_key: String,
    pub kind: String,
    pub recipient_user_id: Option<i64>,
    pub recipient_address: String,
    pub recipient_name: String,
    pub programme_id: Option<i64>,
    pub workstream_id: Option<i64>,
    pub period_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub data: String,
    pub link_purpose: Option<String>,
    pub link_path: Option<String>,
    #[sea_orm(unique)]
    pub message_id: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub claimed_until: Option<DateTimeUtc>,
    pub claimed_by: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
