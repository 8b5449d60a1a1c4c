//! Where a rendered message goes: captured in the database (development, tests, a
//! laptop without a mail server) or sent over SMTP with lettre.
//!
//! The SMTP transport keeps a small pool of connections, so a batch of reminders
//! reuses one session instead of connecting per message. Errors are sorted into
//! permanent (the server refused this message for good: no retry) and transient
//! (the server is down or busy: retry later), and each is described with advice a
//! person can act on.

use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::settings::{MailSettings, SmtpSettings, SmtpTls, TransportKind};
use super::templates::RenderedEmail;
use highlight_store::captured_mail::{self, CapturedMessage};

/// The configured way of sending.
#[derive(Clone)]
pub enum Transport {
    Capture,
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        server: String,
    },
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Capture => f.write_str("Transport::Capture"),
            Self::Smtp { server, .. } => write!(f, "Transport::Smtp({server})"),
        }
    }
}

/// One message, addressed.
#[derive(Debug, Clone)]
pub struct Envelope<'a> {
    pub outbox_id: Option<i64>,
    pub message_id: &'a str,
    pub to_address: &'a str,
    pub to_name: &'a str,
    pub email: &'a RenderedEmail,
}

/// Why a message was not sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    pub message: String,
    /// True when trying again cannot help (a bad address, a refusal for good).
    pub permanent: bool,
}

impl Transport {
    pub fn from_settings(mail: &MailSettings, smtp: &SmtpSettings) -> anyhow::Result<Self> {
        match mail.transport {
            TransportKind::Capture => Ok(Self::Capture),
            TransportKind::Smtp => {
                let host = smtp.host.trim();
                let builder = match smtp.tls {
                    SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
                    SmtpTls::Starttls => {
                        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
                            .tls(Tls::Required(TlsParameters::new(host.to_owned())?))
                    }
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
                        .tls(Tls::Wrapper(TlsParameters::new(host.to_owned())?)),
                };
                let mut builder = builder
                    .port(smtp.port)
                    .timeout(Some(Duration::from_secs(smtp.timeout_seconds.max(1))))
                    .pool_config(PoolConfig::new().max_size(smtp.pool_size.max(1)));
                if !smtp.username.is_empty() {
                    builder = builder.credentials(Credentials::new(
                        smtp.username.clone(),
                        secrecy::ExposeSecret::expose_secret(&smtp.password).to_owned(),
                    ));
                }
                Ok(Self::Smtp {
                    transport: builder.build(),
                    server: format!("{host}:{} ({:?})", smtp.port, smtp.tls).to_lowercase(),
                })
            }
        }
    }

    /// Sends (or captures) one message; returns what the server said.
    pub async fn send(
        &self,
        db: &highlight_store::Db,
        from: &Mailbox,
        envelope: &Envelope<'_>,
        now: DateTime<Utc>,
    ) -> Result<String, SendError> {
        match self {
            Self::Capture => {
                let message = CapturedMessage {
                    outbox_id: envelope.outbox_id,
                    message_id: envelope.message_id.to_owned(),
                    recipient: format!("{} <{}>", envelope.to_name, envelope.to_address),
                    subject: envelope.email.subject.clone(),
                    text_body: envelope.email.text.clone(),
                    html_body: envelope.email.html.clone(),
                };
                captured_mail::capture(db, message, now)
                    .await
                    .map_err(|e| SendError {
                        message: format!("could not capture the message: {e}"),
                        permanent: false,
                    })?;
                Ok("captured (mail.transport = \"capture\"): see /admin/mail".into())
            }
            Self::Smtp { transport, server } => {
                let message = build(from, envelope, now)?;
                match transport.send(message).await {
                    Ok(response) => Ok(format!(
                        "{server} said {} {}",
                        response.code(),
                        response.message().collect::<Vec<_>>().join(" ")
                    )),
                    Err(e) => Err(describe(server, &e)),
                }
            }
        }
    }
}

/// The MIME message: plain text and HTML alternatives, with the outbox's Message-ID.
pub fn build(
    from: &Mailbox,
    envelope: &Envelope<'_>,
    now: DateTime<Utc>,
) -> Result<Message, SendError> {
    let address = envelope.to_address.parse().map_err(|e| SendError {
        message: format!(
            "\"{}\" is not an e-mail address ({e}): correct the person's address",
            envelope.to_address
        ),
        permanent: true,
    })?;
    let to = Mailbox::new(Some(envelope.to_name.to_owned()), address);
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(envelope.email.subject.clone())
        .message_id(Some(envelope.message_id.to_owned()))
        .date(now.into())
        .multipart(MultiPart::alternative_plain_html(
            envelope.email.text.clone(),
            envelope.email.html.clone(),
        ))
        .map_err(|e| SendError {
            message: format!("the message could not be built: {e}"),
            permanent: true,
        })
}

/// An SMTP error as advice.
fn describe(server: &str, e: &lettre::transport::smtp::Error) -> SendError {
    let advice = if e.is_permanent() {
        "the server refused the message for good"
    } else if e.is_transient() {
        "the server is busy or refused for now; it will be tried again"
    } else if e.is_tls() {
        "the TLS handshake failed: check smtp.tls (none, starttls or tls) and smtp.port"
    } else if e.to_string().to_lowercase().contains("auth") {
        "authentication failed: check smtp.username and smtp.password"
    } else {
        "could not talk to the server: check smtp.host and smtp.port, and that the server is up"
    };
    SendError {
        message: format!("{server}: {e} — {advice}"),
        permanent: e.is_permanent(),
    }
}
