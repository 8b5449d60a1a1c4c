//! Delivery: through real SMTP to the sink, when the server is down, when a delivery
//! process is killed mid-batch, and with three instances sharing one PostgreSQL
//! database. Each test checks every expected Message-ID arrives exactly once.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use highlight_store::entities::outbox;
use highlight_web::config::Settings;
use highlight_web::mail::{Mailer, OutgoingMessage, enqueue};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::support::db::TestDb;
use crate::support::fixtures::{smtp_env, smtp_settings};
use crate::support::http::TestApp;
use crate::support::process::highlight;
use crate::support::smtp::{Received, SmtpSink};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

/// Queues `n` test messages; returns their Message-IDs in order.
async fn queue(
    db: &impl ConnectionTrait,
    settings: &Settings,
    n: usize,
    now: DateTime<Utc>,
) -> Vec<String> {
    for i in 0..n {
        let queued = enqueue(
            db,
            &settings.server.public_url,
            OutgoingMessage {
                dedupe_key: format!("test:{i}"),
                kind: highlight_domain::MessageKind::Test,
                recipient_user_id: None,
                recipient_address: format!("person{i}@example.test"),
                recipient_name: format!("Person {i}"),
                programme_id: None,
                workstream_id: None,
                period_id: None,
                data: serde_json::json!({ "sent_at": "then", "transport": "the outbox" }),
                link: None,
                send: true,
            },
            now,
        )
        .await
        .expect("queued");
        assert!(queued);
    }
    outbox::Entity::find()
        .order_by_asc(outbox::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.message_id)
        .collect()
}

/// Each Message-ID and how many copies of it arrived.
fn copies(messages: &[Received]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for m in messages {
        *counts.entry(m.message_id()).or_insert(0) += 1;
    }
    counts
}

fn assert_exactly_once(messages: &[Received], expected: &[String]) {
    let counts = copies(messages);
    let twice: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "sent more than once: {twice:?}");
    let got: HashSet<&String> = counts.keys().collect();
    let want: HashSet<&String> = expected.iter().collect();
    assert_eq!(got, want, "every expected message, and only those");
}

async fn statuses(db: &impl ConnectionTrait) -> Vec<(String, i32)> {
    outbox::Entity::find()
        .order_by_asc(outbox::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.status, r.attempts))
        .collect()
}

#[tokio::test]
async fn when_the_mail_server_is_down_every_message_goes_once_it_is_back() {
    let db = TestDb::migrated().await;
    let sink = SmtpSink::start().await;
    let settings = smtp_settings(sink.port());
    let mailer = Mailer::from_settings(&settings).unwrap();
    let ids = queue(&db.conn, &settings, 6, t0()).await;

    sink.stop().await;
    let first = mailer.deliver_due(&db.conn, t0()).await.unwrap();
    let too_soon = mailer
        .deliver_due(&db.conn, t0() + chrono::Duration::milliseconds(500))
        .await
        .unwrap();
    let second = mailer
        .deliver_due(&db.conn, t0() + chrono::Duration::seconds(1))
        .await
        .unwrap();

    assert_eq!((first.sent, first.retried), (0, 6));
    assert_eq!(
        too_soon.retried + too_soon.sent,
        0,
        "waits for its back-off"
    );
    assert_eq!((second.sent, second.retried), (0, 6));
    let row = outbox::Entity::find().one(&db.conn).await.unwrap().unwrap();
    assert_eq!(row.status, "queued");
    assert_eq!(row.attempts, 2);
    assert_eq!(
        row.next_attempt_at,
        t0() + chrono::Duration::seconds(3),
        "1 s, then 2 s"
    );
    assert!(
        row.last_error
            .as_deref()
            .unwrap_or_default()
            .contains("127.0.0.1"),
        "{:?}",
        row.last_error
    );

    let sink = sink.restart().await;
    let back = mailer
        .deliver_due(&db.conn, t0() + chrono::Duration::minutes(5))
        .await
        .unwrap();
    let again = mailer
        .deliver_due(&db.conn, t0() + chrono::Duration::minutes(10))
        .await
        .unwrap();

    assert_eq!(back.sent, 6);
    assert_eq!(again.sent + again.retried, 0);
    assert_exactly_once(&sink.messages(), &ids);
    assert!(statuses(&db.conn).await.iter().all(|(s, _)| s == "sent"));
}

#[tokio::test]
async fn a_message_that_keeps_failing_is_shown_with_its_error_and_can_be_retried() {
    let app = TestApp::new().await;
    let sink = SmtpSink::start().await;
    let mut settings = smtp_settings(sink.port());
    settings.mail.max_attempts = 2;
    let mailer = Mailer::from_settings(&settings).unwrap();
    let ids = queue(&app.db.conn, &settings, 1, t0()).await;
    sink.stop().await;

    mailer.deliver_due(&app.db.conn, t0()).await.unwrap();
    let last = mailer
        .deliver_due(&app.db.conn, t0() + chrono::Duration::seconds(1))
        .await
        .unwrap();
    assert_eq!(last.failed, 1);
    assert_eq!(statuses(&app.db.conn).await, [("failed".to_owned(), 2)]);

    app.add_user("office@example.org", "Programme Office", true)
        .await;
    let mut office = app.signed_in("office@example.org").await;
    let page = office.get("/admin/mail").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("person0@example.test"), "{}", page.body);
    assert!(
        page.body.contains("check smtp.host and smtp.port"),
        "{}",
        page.body
    );
    let id = outbox::Entity::find()
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap()
        .id;
    let action = format!("action=\"/admin/outbox/{id}/retry\"");
    assert!(page.body.contains(&action), "{}", page.body);

    let retried = office
        .post_form(&format!("/admin/outbox/{id}/retry"), &[])
        .await;
    assert_eq!(retried.status, 303);
    assert_eq!(statuses(&app.db.conn).await, [("queued".to_owned(), 0)]);
    let sink = sink.restart().await;
    let sent = mailer.deliver_due(&app.db.conn, Utc::now()).await.unwrap();
    assert_eq!(sent.sent, 1);
    assert_exactly_once(&sink.messages(), &ids);
    assert_eq!(
        office
            .post_form(&format!("/admin/outbox/{id}/retry"), &[])
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn a_message_the_server_can_never_take_fails_at_once() {
    let db = TestDb::migrated().await;
    let sink = SmtpSink::start().await;
    let settings = smtp_settings(sink.port());
    let mailer = Mailer::from_settings(&settings).unwrap();
    let mut message = OutgoingMessage {
        dedupe_key: "test:bad".into(),
        kind: highlight_domain::MessageKind::Test,
        recipient_user_id: None,
        recipient_address: "not an address".into(),
        recipient_name: "Nobody".into(),
        programme_id: None,
        workstream_id: None,
        period_id: None,
        data: serde_json::json!({ "sent_at": "then", "transport": "the outbox" }),
        link: None,
        send: true,
    };
    enqueue(&db.conn, &settings.server.public_url, message.clone(), t0())
        .await
        .unwrap();
    message.dedupe_key = "test:missing-field".into();
    message.recipient_address = "someone@example.test".into();
    message.data = serde_json::json!({ "transport": "no sent_at" });
    enqueue(&db.conn, &settings.server.public_url, message, t0())
        .await
        .unwrap();

    let report = mailer.deliver_due(&db.conn, t0()).await.unwrap();

    assert_eq!((report.failed, report.retried), (1, 1));
    let rows = outbox::Entity::find()
        .order_by_asc(outbox::Column::Id)
        .all(&db.conn)
        .await
        .unwrap();
    assert_eq!(rows[0].status, "failed");
    assert!(
        rows[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("not an e-mail address")
    );
    assert_eq!(
        rows[1].status, "queued",
        "a template error is retried (a fix may be deployed)"
    );
    assert!(
        rows[1].last_error.as_deref().unwrap().contains("sent_at"),
        "{:?}",
        rows[1].last_error
    );
    assert!(sink.messages().is_empty());
}

#[tokio::test]
async fn the_capture_transport_keeps_mail_for_the_admin_page() {
    let app = TestApp::new().await;
    let mailer = Mailer::from_settings(&app.state.settings).unwrap();
    queue(&app.db.conn, &app.state.settings, 2, t0()).await;

    let report = mailer.deliver_due(&app.db.conn, t0()).await.unwrap();

    assert_eq!(report.sent, 2);
    app.add_user("office@example.org", "Programme Office", true)
        .await;
    let page = app
        .signed_in("office@example.org")
        .await
        .get("/admin/mail")
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("Highlight test message"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Person 1 &lt;person1@example.test&gt;"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("This is a test message from Highlight"),
        "{}",
        page.body
    );
    let newest = page.body.find("person1@").unwrap();
    let older = page.body.find("person0@").unwrap();
    assert!(newest < older, "newest first");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_process_killed_mid_batch_is_finished_by_the_next_and_none_goes_twice() {
    // Arrange: ten messages; the sink acknowledges four, then holds the fifth's reply.
    let db = TestDb::migrated().await;
    let sink = SmtpSink::start().await;
    let settings = smtp_settings(sink.port());
    let now = Utc::now();
    let ids = queue(&db.conn, &settings, 10, now).await;
    sink.hold_after(4);
    let env = smtp_env(sink.port());

    // Act: kill `highlight remind` while the server holds the reply to message five.
    let mut child = highlight()
        .args(["remind", "--database-url", &db.url])
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("highlight remind starts");
    assert!(
        sink.wait_until_holding(Duration::from_secs(60)).await,
        "the first process reached message five"
    );
    child.kill().expect("killed");
    child.wait().expect("reaped");
    // The sink notices the hang-up and drops the unacknowledged message; only then is it
    // told to stop holding (releasing first would accept a message nobody waits for).
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while sink.is_holding() && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        !sink.is_holding(),
        "the sink saw the killed process hang up"
    );
    sink.release();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let after_crash = sink.messages().len();
    let in_flight = outbox::Entity::find()
        .filter(outbox::Column::Status.eq("sending"))
        .count(&db.conn)
        .await
        .unwrap();

    // …then run it again once the dead process's claims have run out (mail.lease_seconds = 30).
    let later = (Utc::now() + chrono::Duration::seconds(31)).to_rfc3339();
    let url = db.url.clone();
    let output = tokio::task::spawn_blocking(move || {
        highlight()
            .args(["remind", "--database-url", &url, "--at", &later])
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .expect("highlight remind runs")
    })
    .await
    .unwrap();

    // Assert
    assert_eq!(
        after_crash, 4,
        "the unacknowledged fifth message was not accepted"
    );
    assert_eq!(
        in_flight, 6,
        "the dead process's claims were left to expire"
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("6 sent"), "{stdout}");
    assert_exactly_once(&sink.messages(), &ids);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: set HIGHLIGHT_TEST_DATABASE_URL and pass --include-ignored"]
async fn three_instances_on_postgresql_plan_and_deliver_each_message_exactly_once() {
    let db = TestDb::migrated().await;
    assert!(
        db.is_postgres(),
        "three instances share work only on PostgreSQL: set HIGHLIGHT_TEST_DATABASE_URL"
    );
    // Arrange: twelve workstreams whose last report is overdue, plus thirty ad-hoc messages.
    let sink = SmtpSink::start().await;
    let settings = smtp_settings(sink.port());
    let now = Utc::now();
    crate::support::fixtures::overdue_programme(&db.conn, 12, now).await;
    let planned = highlight_app::reminders::plan_dry_run(&db.conn, now)
        .await
        .unwrap()
        .queued as usize;
    queue(&db.conn, &settings, 30, now).await;
    let expected = planned + 30;
    assert!(
        planned >= 13,
        "each lead and the manager are owed mail: {planned}"
    );

    // Act: three servers, started together, plan and deliver every second in small
    // batches to a sink that takes 50 ms per message, so their passes overlap.
    sink.set_delay(Duration::from_millis(50));
    let mut env = smtp_env(sink.port());
    env.push(("HIGHLIGHT__SCHEDULER__ENABLED".into(), "true".into()));
    env.push(("HIGHLIGHT__SCHEDULER__INTERVAL_SECONDS".into(), "1".into()));
    env.push(("HIGHLIGHT__MAIL__BATCH_SIZE".into(), "3".into()));
    let starting: Vec<_> = (0..3)
        .map(|_| {
            let (url, env) = (db.url.clone(), env.clone());
            tokio::task::spawn_blocking(move || {
                crate::support::process::Server::start_with_env(
                    &["--bind", "127.0.0.1:0", "--database-url", &url],
                    &env,
                )
            })
        })
        .collect();
    let mut servers = Vec::new();
    for s in starting {
        servers.push(s.await.unwrap());
    }
    sink.wait_for(expected, Duration::from_secs(90)).await;
    tokio::time::sleep(Duration::from_secs(3)).await; // more passes: nothing more may go
    drop(servers);

    // Assert
    let sent: Vec<outbox::Model> = outbox::Entity::find()
        .filter(outbox::Column::Status.eq("sent"))
        .all(&db.conn)
        .await
        .unwrap();
    let sent_ids: Vec<String> = sent.iter().map(|r| r.message_id.clone()).collect();
    assert_eq!(sent_ids.len(), expected, "everything planned was sent");
    assert_exactly_once(&sink.messages(), &sent_ids);
    let mut by_process: HashMap<String, usize> = HashMap::new();
    for row in &sent {
        let process = row.claimed_by.clone().unwrap_or_default();
        let pid = process.split('-').next().unwrap_or_default().to_owned();
        *by_process.entry(pid).or_insert(0) += 1;
    }
    eprintln!("messages sent per process: {by_process:?}");
    assert!(
        by_process.len() >= 2,
        "the instances shared the work: {by_process:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remind_processes_run_at_the_same_time_plan_and_send_each_message_once() {
    // Arrange: six overdue workstreams; planned but not yet queued.
    let db = TestDb::migrated().await;
    let sink = SmtpSink::start().await;
    let now = Utc::now();
    crate::support::fixtures::overdue_programme(&db.conn, 6, now).await;
    let expected = highlight_app::reminders::plan_dry_run(&db.conn, now)
        .await
        .unwrap()
        .queued as usize;
    sink.set_delay(Duration::from_millis(20));
    let env = smtp_env(sink.port());

    // Act: three `highlight remind` at once, as overlapping cron jobs would.
    let children: Vec<_> = (0..3)
        .map(|_| {
            highlight()
                .args(["remind", "--database-url", &db.url])
                .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("highlight remind starts")
        })
        .collect();
    let outputs = tokio::task::spawn_blocking(move || {
        children
            .into_iter()
            .map(|c| c.wait_with_output().expect("finishes"))
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();

    // Assert
    for output in &outputs {
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let sent_ids: Vec<String> = outbox::Entity::find()
        .filter(outbox::Column::Status.eq("sent"))
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.message_id)
        .collect();
    assert_eq!(sent_ids.len(), expected);
    assert_exactly_once(&sink.messages(), &sent_ids);
}
