//! E-mail: templates, the outbox, transports (capture or SMTP) and the delivery worker.
//!
//! Why it is shaped like this: a reminder sent twice, or lost because the mail server
//! was down for an hour, is the failure people remember. So nothing is sent directly:
//! planners and features queue [`outbox::OutgoingMessage`]s under a unique key
//! ([`outbox::enqueue`]), and the [`worker::Mailer`] delivers them with a lease,
//! retries and a stable Message-ID. See the README's "E-mail and reminders".

pub use highlight_app::{format, outbox};
pub mod settings;
pub mod templates;
pub mod transport;
pub mod worker;

pub use outbox::{Link, OutgoingMessage, enqueue};
pub use worker::{DeliveryReport, Mailer};
