//! The e-mail commands of the command line: `highlight remind` and `highlight mail test`.
//!
//! Kept out of `cli.rs` (argument parsing and exit codes) because they print reports
//! for an operator and are the commands an external cron runs.

use chrono::Utc;

use crate::cli::{RemindArgs, connect_and_migrate};
use crate::config::Settings;
use crate::mail::Mailer;
use crate::mail::transport::Envelope;
use highlight_app::reminders::plan_dry_run;
use highlight_store::outbox::pending_count;

/// `highlight remind [--at T] [--dry-run]`.
pub async fn remind(settings: Settings, args: RemindArgs) -> anyhow::Result<()> {
    let now = args.at.unwrap_or_else(Utc::now);
    let db = connect_and_migrate(&settings).await?;
    if args.dry_run {
        let report = plan_dry_run(&db, now).await?;
        println!(
            "Dry run at {}: nothing is changed and nothing is sent.",
            now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        );
        for line in &report.lines {
            println!("{line}");
        }
        println!(
            "Would open {} period(s), queue {} message(s) and record {} superseded reminder(s).",
            report.periods_opened, report.queued, report.superseded
        );
        println!(
            "{} message(s) already queued would be delivered.",
            pending_count(&db).await?
        );
        return Ok(());
    }
    let mailer = Mailer::from_settings(&settings)?;
    let (planned, delivered) = crate::scheduler::pass(&db, &settings, &mailer, now).await?;
    println!(
        "Planned at {}: opened {} period(s), queued {} message(s), recorded {} superseded reminder(s).",
        now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        planned.periods_opened,
        planned.queued,
        planned.superseded
    );
    println!("Delivered: {delivered}.");
    Ok(())
}

/// `highlight mail test --to ADDRESS`: one message straight through the transport (not
/// the outbox), reporting what the server said.
pub async fn mail_test(settings: Settings, to: &str) -> anyhow::Result<()> {
    let db = connect_and_migrate(&settings).await?;
    let mailer = Mailer::from_settings(&settings)?;
    let now = Utc::now();
    let transport = format!("{:?}", mailer.transport);
    let data = serde_json::json!({
        "recipient_name": to,
        "sent_at": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "transport": transport,
        "link": mailer.url("/"),
    });
    let email = mailer.templates.render("test", &data)?;
    let message_id = crate::mail::outbox::new_message_id(&settings.server.public_url)?;
    let envelope = Envelope {
        outbox_id: None,
        message_id: &message_id,
        to_address: to.trim(),
        to_name: to.trim(),
        email: &email,
    };
    match mailer
        .transport
        .send(&db, &mailer.from, &envelope, now)
        .await
    {
        Ok(said) => {
            println!("Test message {message_id} to {to}: {said}");
            Ok(())
        }
        Err(e) => anyhow::bail!("the test message to {to} was not sent: {e}"),
    }
}
