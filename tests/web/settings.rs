//! Settings as `highlight serve` uses them: links that follow the address bound,
//! production refusing a loopback `server.public_url`, secrets never shown.

use std::time::{Duration, Instant};

use chrono::Utc;
use secrecy::SecretString;

use crate::support::db::TestDb;
use crate::support::fixtures::{overdue_programme, smtp_env};
use crate::support::http::test_settings;
use crate::support::process::{Server, run};
use crate::support::smtp::{Received, SmtpSink};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_development_a_reminder_links_to_the_port_serve_actually_bound() {
    // Arrange: an overdue report, so the scheduler owes its lead a reminder.
    let db = TestDb::migrated().await;
    let sink = SmtpSink::start().await;
    overdue_programme(&db.conn, 1, Utc::now()).await;
    let mut env = smtp_env(sink.port());
    env.extend(
        [
            ("HIGHLIGHT_ENV", "development"),
            ("HIGHLIGHT__LOG__FILTER", "warn"),
            ("HIGHLIGHT__SCHEDULER__ENABLED", "true"),
            ("HIGHLIGHT__SCHEDULER__INTERVAL_SECONDS", "1"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned())),
    );

    // Act: serve on port 0, so the system picks the port.
    let url = db.url.clone();
    let server = tokio::task::spawn_blocking(move || {
        Server::start_with_env(&["--bind", "127.0.0.1:0", "--database-url", &url], &env)
    })
    .await
    .unwrap();
    let to_lead = |m: &Received| m.rcpt_to.iter().any(|r| r.contains("lead0@example.test"));
    let deadline = Instant::now() + Duration::from_secs(60);
    while !sink.messages().iter().any(to_lead) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Assert
    assert!(!server.address.ends_with(":0"), "{}", server.address);
    let messages = sink.messages();
    let reminder = messages
        .iter()
        .find(|m| to_lead(m))
        .expect("the lead was reminded")
        .decoded();
    let bound = format!("http://{}/", server.address);
    assert!(
        reminder.contains(&format!("{bound}login/link/")),
        "the sign-in link points at {bound}: {reminder}"
    );
    assert!(!reminder.contains(":8080"), "{reminder}");
}

#[test]
fn production_with_a_loopback_public_url_refuses_to_start_naming_the_key_and_exits_2() {
    let output = run(
        &["serve", "--bind", "127.0.0.1:0"],
        &[
            ("HIGHLIGHT_ENV", "production"),
            ("HIGHLIGHT__MAIL__TRANSPORT", "smtp"),
            ("HIGHLIGHT__SMTP__HOST", "127.0.0.1"),
            ("HIGHLIGHT__SERVER__PUBLIC_URL", "http://localhost:8080"),
        ],
    );

    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert_eq!(message.trim().lines().count(), 1, "one line: {message}");
    assert!(
        message.contains("server.public_url: \"http://localhost:8080/\" is a loopback address"),
        "{message}"
    );
    assert!(
        message.contains("https://highlight.example.org"),
        "says what is allowed: {message}"
    );
    assert!(
        message.contains("HIGHLIGHT__SERVER__PUBLIC_URL"),
        "names where it came from: {message}"
    );
}

#[test]
fn production_without_a_public_url_refuses_to_start_and_exits_2() {
    let output = run(
        &["serve", "--bind", "127.0.0.1:0"],
        &[
            ("HIGHLIGHT_ENV", "production"),
            ("HIGHLIGHT__MAIL__TRANSPORT", "smtp"),
            ("HIGHLIGHT__SMTP__HOST", "127.0.0.1"),
        ],
    );

    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert_eq!(message.trim().lines().count(), 1, "one line: {message}");
    assert!(message.contains("server.public_url: missing"), "{message}");
}

#[test]
fn debug_output_of_the_settings_never_contains_the_smtp_password() {
    let mut settings = test_settings();
    settings.smtp.username = "highlight".into();
    settings.smtp.password = SecretString::from("correct horse battery staple");

    let shown = format!("{settings:?}");

    assert!(!shown.contains("correct horse"), "{shown}");
    assert!(shown.contains("REDACTED"), "{shown}");
}
