//! Queueing a message: every e-mail Highlight sends goes through the outbox table, so
//! it survives a restart, is sent once per `dedupe_key`, and is retried when the mail
//! server is down.
//!
//! [`enqueue`] is the way in for ad-hoc messages (a password reset, a sign-in link);
//! the reminder planner builds the same [`OutgoingMessage`] values. The stored data
//! never holds a raw sign-in token: a message that needs one names its [`Link`] and
//! the worker issues a fresh token when it renders the message, just before sending.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use highlight_store::outbox::{self, NewMessage};
use highlight_store::{Conn, StoreResult};

/// Where in Highlight a message's button leads. The web layer owns the addresses
/// (`paths.rs`) and turns a place into one when it renders the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "place", rename_all = "snake_case")]
pub enum Place {
    /// The first page after signing in.
    Home,
    /// A programme's board view.
    Board { programme: String },
    /// A workstream's highlight report for a period (the form, for its lead).
    Report {
        programme: String,
        workstream: String,
        due: NaiveDate,
    },
}

impl Place {
    /// As stored in the outbox's `link_path` column: the place as JSON. (Rows queued
    /// before places existed hold a path starting with `/`; the worker still reads them.)
    pub fn stored(&self) -> String {
        serde_json::to_string(self).expect("a place is plain data")
    }

    /// Reads a stored place; `None` for a legacy path.
    pub fn from_stored(stored: &str) -> Option<Self> {
        serde_json::from_str(stored).ok()
    }
}

/// Where the message's button takes the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub place: Place,
    /// `Some("sign_in")`: the link signs the recipient in once and then opens the place
    /// (needs `recipient_user_id`); `None`: a plain link to it.
    pub sign_in_purpose: Option<String>,
}

/// A message to queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutgoingMessage {
    /// Unique forever: queueing the same key twice queues one message.
    pub dedupe_key: String,
    /// Which template renders it.
    pub kind: highlight_domain::MessageKind,
    pub recipient_user_id: Option<i64>,
    pub recipient_address: String,
    pub recipient_name: String,
    pub programme_id: Option<i64>,
    pub workstream_id: Option<i64>,
    pub period_id: Option<i64>,
    /// The template data (`recipient_name` and `link` are added when rendering).
    pub data: serde_json::Value,
    pub link: Option<Link>,
    /// False records the key without sending (a superseded reminder).
    pub send: bool,
}

/// Queues `message` unless its key is already in the outbox. Returns whether it was new.
#[tracing::instrument(skip_all, fields(kind = %message.kind, dedupe_key = %message.dedupe_key))]
pub async fn enqueue(
    db: &impl Conn,
    public_url: &url::Url,
    message: OutgoingMessage,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let known = outbox::existing_keys(db, std::slice::from_ref(&message.dedupe_key)).await?;
    if !known.is_empty() {
        return Ok(false);
    }
    outbox::insert_new(db, vec![row(public_url, message)?], now).await?;
    Ok(true)
}

/// The outbox row for `message`, with a new stable Message-ID.
pub fn row(public_url: &url::Url, message: OutgoingMessage) -> StoreResult<NewMessage> {
    let (link_path, link_purpose) = match message.link {
        Some(link) => (Some(link.place.stored()), link.sign_in_purpose),
        None => (None, None),
    };
    Ok(NewMessage {
        dedupe_key: message.dedupe_key,
        kind: message.kind,
        recipient_user_id: message.recipient_user_id,
        recipient_address: message.recipient_address,
        recipient_name: message.recipient_name,
        programme_id: message.programme_id,
        workstream_id: message.workstream_id,
        period_id: message.period_id,
        data: highlight_store::json::to_json(&message.data, "outbox.data")?,
        link_purpose,
        link_path,
        message_id: new_message_id(public_url)?,
        send: message.send,
    })
}

/// `<outbox-{32 hex digits}@{host of server.public_url}>`: fixed when the message is
/// planned, so every copy of it carries the same one.
pub fn new_message_id(public_url: &url::Url) -> StoreResult<String> {
    let host = public_url.host_str().unwrap_or("highlight.invalid");
    Ok(format!(
        "<outbox-{}@{host}>",
        highlight_store::secret::random_hex(16)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_unique_and_name_the_app_host() {
        let url = url::Url::parse("https://highlight.example.org/").unwrap();
        let a = new_message_id(&url).unwrap();
        let b = new_message_id(&url).unwrap();
        assert_ne!(a, b);
        assert!(
            a.starts_with("<outbox-") && a.ends_with("@highlight.example.org>"),
            "{a}"
        );
    }
}
