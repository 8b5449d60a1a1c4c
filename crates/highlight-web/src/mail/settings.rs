//! The `[mail]`, `[smtp]` and `[scheduler]` settings.
//!
//! Kept beside the mail code rather than in `config.rs` so the e-mail settings, their
//! checks and their defaults read as one piece. The SMTP password is a
//! [`SecretString`], so `Debug` (and so any log of the settings) prints `[REDACTED]`
//! and reading it takes a deliberate `expose_secret()`.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::config::{ConfigError, Environment};

/// Where messages go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TransportKind {
    /// Keep each message in the database and show it at `/admin/mail` (development).
    Capture,
    /// Send over SMTP with the `[smtp]` settings.
    Smtp,
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain text (a relay on the same host or network, or a test sink).
    None,
    /// Plain connection upgraded with STARTTLS (usually port 587); refuses to go on without it.
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    pub transport: TransportKind,
    /// The From header, e.g. `Highlight <highlight@example.org>`.
    pub from: String,
    /// Attempts before a message is marked failed.
    pub max_attempts: u32,
    /// The first retry waits this long; each later one twice as long as the one before.
    pub retry_base_seconds: u64,
    /// Messages a worker claims at a time.
    pub batch_size: u32,
    /// How long a claim lasts: a worker that dies mid-batch leaves its messages to be
    /// picked up again after this. Keep it well above `smtp.timeout_seconds`.
    pub lease_seconds: u64,
    /// How long the sign-in link in a reminder works.
    pub sign_in_link_hours: u64,
    /// Production refuses the capture transport unless this is true.
    pub allow_capture_in_production: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: String,
    /// Empty for no authentication. Set it with `HIGHLIGHT__SMTP__PASSWORD`.
    pub password: SecretString,
    pub timeout_seconds: u64,
    /// Connections kept open to the server and shared by sends.
    pub pool_size: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchedulerSettings {
    /// Whether `highlight serve` plans and delivers e-mail itself.
    pub enabled: bool,
    /// Seconds between passes.
    pub interval_seconds: u64,
}

/// Checks the mail settings make sense together, and that production is not left
/// with the capture transport by accident.
pub fn check(
    mail: &MailSettings,
    smtp: &SmtpSettings,
    environment: Environment,
) -> Result<(), ConfigError> {
    if mail.transport == TransportKind::Capture
        && environment == Environment::Production
        && !mail.allow_capture_in_production
    {
        return Err(ConfigError(
            "mail.transport: \"capture\" keeps e-mail inside Highlight and sends nothing; in production set \
             mail.transport = \"smtp\" with the [smtp] settings (HIGHLIGHT__MAIL__TRANSPORT=smtp, \
             HIGHLIGHT__SMTP__HOST=…), or set mail.allow_capture_in_production = true to run without e-mail on purpose"
                .into(),
        ));
    }
    if let Err(e) = mail.from.parse::<lettre::message::Mailbox>() {
        return Err(ConfigError(format!(
            "mail.from: \"{}\" is not an e-mail address ({e}); use e.g. \"Highlight <highlight@example.org>\"",
            mail.from
        )));
    }
    if mail.max_attempts == 0 || mail.batch_size == 0 {
        return Err(ConfigError(
            "mail.max_attempts and mail.batch_size must be at least 1".into(),
        ));
    }
    if mail.transport == TransportKind::Smtp {
        if smtp.host.trim().is_empty() {
            return Err(ConfigError(
                "smtp.host: missing; name the SMTP server, e.g. smtp.example.org".into(),
            ));
        }
        if smtp.username.is_empty() != smtp.password.expose_secret().is_empty() {
            return Err(ConfigError(
                "smtp.username and smtp.password: set both (to authenticate) or neither".into(),
            ));
        }
        if mail.lease_seconds <= smtp.timeout_seconds.saturating_mul(2) {
            return Err(ConfigError(format!(
                "mail.lease_seconds: {} must be more than twice smtp.timeout_seconds ({}), or a slow send could be claimed twice",
                mail.lease_seconds, smtp.timeout_seconds
            )));
        }
    }
    Ok(())
}
