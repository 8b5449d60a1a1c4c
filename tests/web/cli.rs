//! The binary as an operator meets it: help, configuration mistakes, migrations.

use crate::support::process::run;

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["migrate", "--help"],
        &["remind", "--help"],
        &["mail", "test", "--help"],
    ] {
        let output = run(args, &[]);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("Usage: highlight"), "{args:?}: {text}");
        assert!(
            text.contains("--database-url"),
            "{args:?} lacks --database-url: {text}"
        );
    }
}

#[test]
fn a_bad_config_value_is_one_line_naming_the_key_and_exits_2() {
    let output = run(&["migrate"], &[("HIGHLIGHT__LOG__FORMAT", "xml")]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_eq!(message.trim().lines().count(), 1, "one line: {message}");
    assert!(message.contains("log.format"), "{message}");
    assert!(
        message.contains("`pretty`") && message.contains("`json`"),
        "{message}"
    );
    assert!(
        message.contains("HIGHLIGHT__LOG__FORMAT"),
        "names where it came from: {message}"
    );
}

#[test]
fn a_misspelt_setting_is_rejected_not_ignored() {
    let output = run(&["migrate"], &[("HIGHLIGHT__SERVER__PROT", "80")]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("server.prot: unknown setting"),
        "{message}"
    );
}

#[test]
fn an_unknown_environment_exits_2() {
    let output = run(&["migrate"], &[("HIGHLIGHT_ENV", "staging")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("development, test or production"));
}

#[test]
fn an_unreachable_database_is_named_without_its_password() {
    let output = run(
        &[
            "migrate",
            "--database-url",
            "postgres://app:hunter2@127.0.0.1:1/highlight",
        ],
        &[("HIGHLIGHT__DATABASE__TIMEOUT_SECONDS", "2")],
    );
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("postgres://app:***@127.0.0.1:1/highlight"),
        "names the URL: {message}"
    );
    assert!(
        !message.contains("hunter2"),
        "leaks the password: {message}"
    );
}

#[test]
fn migrate_creates_the_database_file_and_its_directory_then_has_nothing_to_do() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/nested/dir/highlight.db", dir.path().display());

    let first = run(&["migrate", "--database-url", &url], &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(String::from_utf8_lossy(&first.stdout).contains("migration(s) applied"));
    assert!(dir.path().join("nested/dir/highlight.db").exists());

    let second = run(&["migrate", "--database-url", &url], &[]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(String::from_utf8_lossy(&second.stdout).contains("up to date"));
}

#[test]
fn production_refuses_the_capture_mail_transport_and_exits_2() {
    let output = run(&["migrate"], &[("HIGHLIGHT_ENV", "production")]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_eq!(message.trim().lines().count(), 1, "one line: {message}");
    assert!(message.contains("mail.transport"), "{message}");
    assert!(message.contains("allow_capture_in_production"), "{message}");
}

#[tokio::test]
async fn remind_dry_run_on_the_demo_lists_the_overdue_customer_access_reminders() {
    use chrono::TimeZone;
    let db = crate::support::db::TestDb::migrated().await;
    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    highlight_web::demo::load_if_empty(&db.conn, now)
        .await
        .expect("demo loads");
    let url = db.url.clone();

    let output = tokio::task::spawn_blocking(move || {
        run(
            &[
                "remind",
                "--dry-run",
                "--at",
                "2026-11-23T09:00:00Z",
                "--database-url",
                &url,
            ],
            &[],
        )
    })
    .await
    .unwrap();

    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("nothing is changed and nothing is sent"),
        "{text}"
    );
    assert!(
        text.contains("would send overdue reminder") && text.contains("Customer Access"),
        "{text}"
    );
    assert!(text.contains("would send the escalation"), "{text}");
    assert!(
        !text.contains("Shared Services, report for"),
        "submitted reports are not chased: {text}"
    );
    let queued = highlight_store::outbox::pending_count(&db.conn)
        .await
        .unwrap();
    assert_eq!(queued, 0, "a dry run queues nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_test_sends_one_message_and_reports_what_the_server_said() {
    let db = crate::support::db::TestDb::migrated().await;
    let sink = crate::support::smtp::SmtpSink::start().await;
    let env = crate::support::fixtures::smtp_env(sink.port());
    let url = db.url.clone();

    let output = tokio::task::spawn_blocking(move || {
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        run(
            &[
                "mail",
                "test",
                "--to",
                "ops@example.org",
                "--database-url",
                &url,
            ],
            &env,
        )
    })
    .await
    .unwrap();

    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("said 250"), "{text}");
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].mail_from, "FROM:<highlight@test.invalid>");
    assert_eq!(
        messages[0].header("Subject").as_deref(),
        Some("Highlight test message")
    );
}

#[tokio::test]
async fn mail_test_says_what_to_check_when_the_server_is_unreachable() {
    let db = crate::support::db::TestDb::migrated().await;
    let url = db.url.clone();
    let output = tokio::task::spawn_blocking(move || {
        run(
            &[
                "mail",
                "test",
                "--to",
                "ops@example.org",
                "--database-url",
                &url,
            ],
            &[
                ("HIGHLIGHT__MAIL__TRANSPORT", "smtp"),
                ("HIGHLIGHT__SMTP__HOST", "127.0.0.1"),
                ("HIGHLIGHT__SMTP__PORT", "1"),
                ("HIGHLIGHT__SMTP__TLS", "none"),
            ],
        )
    })
    .await
    .unwrap();

    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("check smtp.host and smtp.port"),
        "{message}"
    );
}
