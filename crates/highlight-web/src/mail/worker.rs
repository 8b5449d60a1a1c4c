//! The delivery worker: claims due messages from the outbox, renders each, sends it,
//! and records the outcome; a failure is retried with exponential back-off, and after
//! `mail.max_attempts` the message is marked failed with its error.
//!
//! Guarantee: **at least once**, with one narrow window for a duplicate. A message is
//! marked sent only after the server accepted it; if the process dies after the
//! server's "250 OK" and before that mark (a few milliseconds), the message's claim
//! runs out after `mail.lease_seconds` and another worker sends it again — with the
//! same Message-ID, so a receiver or mail store that de-duplicates by Message-ID drops
//! it. Every other crash (before or during the SMTP conversation) sends once.
//!
//! A reminder whose report was submitted after it was planned is cancelled here
//! rather than sent.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use lettre::message::Mailbox;
use serde_json::Value;

use super::templates::EmailTemplates;
use super::transport::{Envelope, Transport};
use crate::config::Settings;
use crate::mail::settings::MailSettings;
use highlight_domain::ReportState;
use highlight_store::outbox::OutboxRecord;
use highlight_store::outbox::{Outcome, claim, finish};
use highlight_store::{Db, login_links, reminders};

/// Batches one delivery pass works through at most, so a pass always ends.
const MAX_BATCHES_PER_PASS: usize = 100;
/// The longest wait between attempts.
const MAX_BACKOFF_SECONDS: i64 = 6 * 60 * 60;

/// Everything needed to send: templates, transport, and the settings they use.
#[derive(Debug, Clone)]
pub struct Mailer {
    pub templates: Arc<EmailTemplates>,
    pub transport: Transport,
    pub from: Mailbox,
    pub mail: MailSettings,
    pub public_url: url::Url,
    /// Names this worker's claims (random per process).
    pub worker_id: String,
}

/// What one delivery pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: u32,
    pub retried: u32,
    pub failed: u32,
    pub cancelled: u32,
}

impl std::fmt::Display for DeliveryReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} sent, {} to retry, {} failed, {} cancelled (report already in)",
            self.sent, self.retried, self.failed, self.cancelled
        )
    }
}

impl Mailer {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        let id = crate::auth::secret::random_hex(8);
        Ok(Self {
            templates: Arc::new(EmailTemplates::load()?),
            transport: Transport::from_settings(&settings.mail, &settings.smtp)?,
            from: settings
                .mail
                .from
                .parse()
                .map_err(|e| anyhow::anyhow!("mail.from: {e}"))?,
            mail: settings.mail.clone(),
            public_url: settings.server.public_url.clone(),
            worker_id: format!("{}-{}", std::process::id(), id),
        })
    }

    /// The absolute URL of an app path.
    pub fn url(&self, path: &str) -> String {
        format!(
            "{}/{}",
            self.public_url.as_str().trim_end_matches('/'),
            path.trim_start_matches('/')
        )
    }

    /// Sends every message due at `now`, batch by batch, until none is left.
    #[tracing::instrument(skip_all, fields(worker = %self.worker_id))]
    pub async fn deliver_due(
        &self,
        db: &Db,
        now: DateTime<Utc>,
    ) -> highlight_store::StoreResult<DeliveryReport> {
        let mut report = DeliveryReport::default();
        let lease = Duration::seconds(i64::try_from(self.mail.lease_seconds).unwrap_or(300));
        for _ in 0..MAX_BATCHES_PER_PASS {
            let batch = claim(db, &self.worker_id, now, now + lease, self.mail.batch_size).await?;
            if batch.is_empty() {
                break;
            }
            let answered = answered_reports(db, &batch).await?;
            for row in batch {
                let outcome = if is_answered(&row, &answered) {
                    Outcome::Cancelled
                } else {
                    self.send_one(db, &row, now).await
                };
                match &outcome {
                    Outcome::Sent => report.sent += 1,
                    Outcome::Cancelled => report.cancelled += 1,
                    Outcome::Retry { error, .. } => {
                        tracing::warn!(id = row.id, attempts = row.attempts, %error, "e-mail not sent; will retry");
                        report.retried += 1;
                    }
                    Outcome::Failed { error } => {
                        tracing::error!(id = row.id, attempts = row.attempts, %error, "e-mail failed");
                        report.failed += 1;
                    }
                }
                if !finish(db, row.id, &self.worker_id, outcome, now).await? {
                    tracing::warn!(id = row.id, "lost the claim on an e-mail while sending it");
                }
            }
        }
        Ok(report)
    }

    async fn send_one(&self, db: &Db, row: &OutboxRecord, now: DateTime<Utc>) -> Outcome {
        let rendered = match self.render(db, row, now).await {
            Ok(r) => r,
            Err(e) => return self.after_failure(row, format!("{e:#}"), false, now),
        };
        let envelope = Envelope {
            outbox_id: Some(row.id),
            message_id: &row.message_id,
            to_address: &row.recipient_address,
            to_name: &row.recipient_name,
            email: &rendered,
        };
        match self.transport.send(db, &self.from, &envelope, now).await {
            Ok(said) => {
                tracing::info!(id = row.id, kind = %row.kind, %said, "e-mail sent");
                Outcome::Sent
            }
            Err(e) => self.after_failure(row, e.message, e.permanent, now),
        }
    }

    /// Renders a claimed row: its data, the recipient's name, and its link (issuing a
    /// fresh single-use sign-in token when the message has one).
    async fn render(
        &self,
        db: &Db,
        row: &OutboxRecord,
        now: DateTime<Utc>,
    ) -> anyhow::Result<super::templates::RenderedEmail> {
        let mut data: Value =
            serde_json::from_str(&row.data).context("reading the message's stored data")?;
        let path = row.link_path.as_deref().map(crate::paths::stored_place);
        let link = match (&path, &row.link_purpose, row.recipient_user_id) {
            (Some(path), Some(purpose), Some(user)) => {
                let ttl = if purpose == login_links::PASSWORD_RESET {
                    login_links::PASSWORD_RESET_TTL
                } else if purpose == login_links::INVITATION {
                    highlight_domain::account::invitation_ttl()
                } else {
                    Duration::hours(i64::try_from(self.mail.sign_in_link_hours).unwrap_or(72))
                };
                let token = login_links::issue(db, user.0, purpose, path, ttl, now)
                    .await
                    .context("issuing the message's sign-in link")?;
                self.url(&crate::paths::LoginLink { token }.to_string())
            }
            (Some(path), _, _) => self.url(path),
            (None, _, _) => self.url(&crate::paths::Home.to_string()),
        };
        if let Value::Object(map) = &mut data {
            map.insert("recipient_name".into(), row.recipient_name.clone().into());
            map.insert("link".into(), link.into());
        }
        self.templates.render(row.kind.as_str(), &data)
    }

    fn after_failure(
        &self,
        row: &OutboxRecord,
        error: String,
        permanent: bool,
        now: DateTime<Utc>,
    ) -> Outcome {
        let attempts = u32::try_from(row.attempts).unwrap_or(u32::MAX);
        if permanent || attempts >= self.mail.max_attempts {
            return Outcome::Failed { error };
        }
        Outcome::Retry {
            at: now + backoff(self.mail.retry_base_seconds, attempts),
            error,
        }
    }
}

/// The wait after attempt number `attempts` (1-based): base, 2×base, 4×base…, capped.
pub fn backoff(base_seconds: u64, attempts: u32) -> Duration {
    let base = i64::try_from(base_seconds).unwrap_or(60).max(1);
    let factor = 1i64 << attempts.saturating_sub(1).min(20);
    Duration::seconds(base.saturating_mul(factor).min(MAX_BACKOFF_SECONDS))
}

/// The state of the reports `batch`'s messages are about, by (workstream, period).
async fn answered_reports(
    db: &Db,
    batch: &[OutboxRecord],
) -> highlight_store::StoreResult<HashMap<(i64, i64), ReportState>> {
    let periods: Vec<i64> = batch
        .iter()
        .filter(|r| r.workstream_id.is_some())
        .filter_map(|r| r.period_id)
        .collect();
    reminders::report_states(db, &periods).await
}

/// A message about a report that has moved on since it was planned (the domain's
/// `MessageKind::still_wanted`): cancelled, not sent.
fn is_answered(row: &OutboxRecord, states: &HashMap<(i64, i64), ReportState>) -> bool {
    match (row.workstream_id, row.period_id) {
        (Some(w), Some(p)) => !row.kind.still_wanted(states.get(&(w.0, p)).copied()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_base_and_is_capped() {
        assert_eq!(backoff(60, 1), Duration::seconds(60));
        assert_eq!(backoff(60, 2), Duration::seconds(120));
        assert_eq!(backoff(60, 4), Duration::seconds(480));
        assert_eq!(backoff(60, 30), Duration::seconds(MAX_BACKOFF_SECONDS));
    }
}
