//! The scheduler inside `highlight serve`: every `scheduler.interval_seconds` it runs
//! one planning pass and one delivery pass, until the server shuts down.
//!
//! Several instances may run it against one PostgreSQL database: planning is
//! idempotent (unique keys) and delivery claims disjoint batches, so they share the
//! work instead of repeating it. `highlight remind` runs the same [`pass`] once.

use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use tokio::sync::watch;

use crate::config::Settings;
use crate::mail::{DeliveryReport, Mailer};
use highlight_app::reminders::{PlanReport, plan};

/// One planning pass then one delivery pass at `now`.
pub async fn pass(
    db: &highlight_store::Db,
    settings: &Settings,
    mailer: &Mailer,
    now: DateTime<Utc>,
) -> anyhow::Result<(PlanReport, DeliveryReport)> {
    let planned = plan(db, &settings.server.public_url, now)
        .await
        .context("planning reminders")?;
    let delivered = mailer
        .deliver_due(db, now)
        .await
        .context("delivering queued e-mail")?;
    Ok((planned, delivered))
}

/// Runs passes until `shutdown` turns true; a failed pass is logged and the next one
/// tries again.
pub fn spawn(
    db: highlight_store::Db,
    settings: Settings,
    mailer: Mailer,
    mut shutdown: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    let interval = Duration::from_secs(settings.scheduler.interval_seconds.max(1));
    tokio::spawn(async move {
        tracing::info!(interval_seconds = interval.as_secs(), "scheduler started");
        loop {
            match pass(&db, &settings, &mailer, Utc::now()).await {
                Ok((planned, delivered)) => {
                    if planned.queued + planned.periods_opened + delivered.sent + delivered.failed
                        > 0
                    {
                        tracing::info!(
                            periods_opened = planned.periods_opened,
                            queued = planned.queued,
                            sent = delivered.sent,
                            retried = delivered.retried,
                            failed = delivered.failed,
                            "scheduler pass"
                        );
                    }
                }
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "scheduler pass failed"),
            }
            tokio::select! {
                _ = shutdown.changed() => break,
                () = tokio::time::sleep(interval) => {}
            }
            if *shutdown.borrow() {
                break;
            }
        }
        tracing::info!("scheduler stopped");
    })
}
