//! Rendered e-mails, snapshot-tested: what a lead or a programme manager reads, for
//! each kind. The messages come from the real planner and worker with an injected
//! clock (so dates are fixed); the sign-in token and Message-ID are redacted.

use chrono::{NaiveDate, TimeZone, Utc};
use highlight_app::reminders::plan;
use highlight_store::entities::{captured_mail, outbox};
use highlight_web::mail::Mailer;
use highlight_web::mail::templates::EmailTemplates;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::support::db::TestDb;
use crate::support::fixtures::small_programme;
use crate::support::http::test_settings;

/// Replaces each 64-hex-digit token after `/login/link/` with `[token]`.
fn redact(text: &str) -> String {
    let marker = "/login/link/";
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(marker) {
        let (before, after) = rest.split_at(i + marker.len());
        out.push_str(before);
        let token_len = after.chars().take_while(|c| c.is_ascii_hexdigit()).count();
        assert_eq!(token_len, 64, "a whole token");
        out.push_str("[token]");
        rest = &after[token_len..];
    }
    out.push_str(rest);
    out
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Plans and delivers (capture) at 09:00 UTC on each day, then returns the captured
/// message of `kind` to `address`, as subject, text and HTML.
async fn captured(days: &[NaiveDate], kind: &str, address: &str) -> String {
    let db = TestDb::migrated().await;
    let settings = test_settings();
    let mailer = Mailer::from_settings(&settings).unwrap();
    small_programme(
        &db.conn,
        Utc.with_ymd_and_hms(2026, 2, 19, 12, 0, 0).unwrap(),
    )
    .await;
    for day in days {
        let now = Utc.from_utc_datetime(&day.and_hms_opt(9, 0, 0).unwrap());
        plan(&db.conn, &settings.server.public_url, now)
            .await
            .unwrap();
        mailer.deliver_due(&db.conn, now).await.unwrap();
    }
    let row = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq(kind))
        .filter(outbox::Column::RecipientAddress.eq(address))
        .filter(outbox::Column::Status.eq("sent"))
        .order_by_desc(outbox::Column::Id)
        .one(&db.conn)
        .await
        .unwrap()
        .expect("the message was sent");
    let mail = captured_mail::Entity::find()
        .filter(captured_mail::Column::OutboxId.eq(row.id))
        .one(&db.conn)
        .await
        .unwrap()
        .expect("captured");
    redact(&format!(
        "To: {}\nSubject: {}\n\n{}\n----- HTML -----\n{}",
        mail.recipient, mail.subject, mail.text_body, mail.html_body
    ))
}

#[tokio::test]
async fn before_due_email() {
    let text = captured(&[d(2026, 2, 27)], "before_due", "ann@example.test").await;
    insta::assert_snapshot!(text);
}

#[tokio::test]
async fn on_due_email() {
    let text = captured(
        &[d(2026, 2, 27), d(2026, 3, 6)],
        "on_due",
        "ann@example.test",
    )
    .await;
    insta::assert_snapshot!(text);
}

#[tokio::test]
async fn overdue_email() {
    let text = captured(
        &[d(2026, 3, 6), d(2026, 3, 12)],
        "overdue",
        "ann@example.test",
    )
    .await;
    insta::assert_snapshot!(text);
}

#[tokio::test]
async fn escalation_email() {
    let text = captured(
        &[d(2026, 3, 6), d(2026, 3, 13)],
        "escalation",
        "meg@example.test",
    )
    .await;
    insta::assert_snapshot!(text);
}

#[tokio::test]
async fn digest_email() {
    let text = captured(
        &[d(2026, 2, 27), d(2026, 3, 9)],
        "digest",
        "meg@example.test",
    )
    .await;
    insta::assert_snapshot!(text);
}

#[test]
fn the_test_message_email() {
    let templates = EmailTemplates::load().unwrap();
    let email = templates
        .render(
            "test",
            &serde_json::json!({
                "recipient_name": "ops@example.org",
                "sent_at": "2026-11-23T09:00:00Z",
                "transport": "Transport::Smtp(smtp.example.org:587 (starttls))",
                "link": "https://highlight.example.org/",
            }),
        )
        .unwrap();
    insta::assert_snapshot!(format!(
        "Subject: {}\n\n{}\n----- HTML -----\n{}",
        email.subject, email.text, email.html
    ));
}

#[test]
fn plain_text_is_not_html_escaped_but_html_is() {
    let templates = EmailTemplates::load().unwrap();
    let email = templates
        .render(
            "test",
            &serde_json::json!({
                "recipient_name": "Smith & Jones <ops>",
                "sent_at": "now",
                "transport": "capture",
                "link": "https://highlight.example.org/?a=1&b=2",
            }),
        )
        .unwrap();
    assert!(
        email.text.contains("Dear Smith & Jones <ops>,"),
        "{}",
        email.text
    );
    assert!(email.text.contains("?a=1&b=2"), "{}", email.text);
    assert!(
        email.html.contains("Smith &amp; Jones &lt;ops&gt;"),
        "{}",
        email.html
    );
}

#[test]
fn a_missing_field_is_an_error_not_a_blank() {
    let templates = EmailTemplates::load().unwrap();
    let err = templates
        .render("test", &serde_json::json!({ "recipient_name": "x" }))
        .expect_err("strict mode");
    assert!(format!("{err:#}").contains("sent_at"), "{err:#}");
    for kind in [
        "before_due",
        "on_due",
        "overdue",
        "escalation",
        "digest",
        "test",
    ] {
        assert!(
            templates.has_kind(kind),
            "templates/email/{kind}/ is complete"
        );
    }
}
