//! The mail catcher: messages the `capture` transport keeps instead of sending
//! (development, tests, a laptop without a mail server), shown at `/admin/mail`.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, QueryOrder, QuerySelect, Set};

use crate::entities::captured_mail;
use crate::{Conn, StoreResult};

/// A message as the capture transport keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedMessage {
    /// The outbox row it was sent for (`None` for a message sent outside the outbox).
    pub outbox_id: Option<i64>,
    pub message_id: String,
    /// `Name <address>`.
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
}

/// Keeps `message`, captured at `now`.
pub async fn capture(
    db: &impl Conn,
    message: CapturedMessage,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    captured_mail::ActiveModel {
        outbox_id: Set(message.outbox_id),
        message_id: Set(message.message_id),
        recipient: Set(message.recipient),
        subject: Set(message.subject),
        text_body: Set(message.text_body),
        html_body: Set(message.html_body),
        captured_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A message the capturing transport kept instead of sending, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedMailRecord {
    pub id: i64,
    pub outbox_id: Option<i64>,
    pub message_id: String,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub captured_at: chrono::DateTime<chrono::Utc>,
}

impl From<captured_mail::Model> for CapturedMailRecord {
    fn from(m: captured_mail::Model) -> Self {
        Self {
            id: m.id,
            outbox_id: m.outbox_id,
            message_id: m.message_id,
            recipient: m.recipient,
            subject: m.subject,
            text_body: m.text_body,
            html_body: m.html_body,
            captured_at: m.captured_at,
        }
    }
}

/// The `limit` most recently captured messages, newest first.
pub async fn latest(db: &impl Conn, limit: u64) -> StoreResult<Vec<CapturedMailRecord>> {
    Ok(captured_mail::Entity::find()
        .order_by_desc(captured_mail::Column::CapturedAt)
        .order_by_desc(captured_mail::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(CapturedMailRecord::from)
        .collect())
}
