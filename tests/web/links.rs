//! E-mailed links: a reminder's single-use sign-in link, and resetting a password.

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use highlight_store::entities::{captured_mail, outbox};
use highlight_store::login_links::{SIGN_IN, issue};
use highlight_web::mail::Mailer;
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::support::http::{PASSWORD, TestApp};

#[tokio::test]
async fn a_sign_in_link_shows_a_page_and_signs_in_once_when_its_button_is_pressed() {
    let app = TestApp::new().await;
    let lee = app.add_user("lee@example.org", "Lee Lead", false).await;
    let token = issue(
        &app.db.conn,
        lee.id.0,
        SIGN_IN,
        "/account/password",
        Duration::hours(72),
        Utc::now(),
    )
    .await
    .unwrap();
    let path = format!("/login/link/{token}");
    let mut browser = app.anonymous();

    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Continue as Lee Lead"));
    let page_again = browser.get(&path).await;
    assert_eq!(
        page_again.status,
        StatusCode::OK,
        "opening the link (as a mail scanner would) does not use it up"
    );

    let used = browser.post_form(&path, &[]).await;
    assert_eq!(used.status, StatusCode::SEE_OTHER);
    assert_eq!(used.location(), Some("/account/password"));
    assert_eq!(
        browser.get("/account/password").await.status,
        StatusCode::OK,
        "signed in"
    );

    let again = app.anonymous().post_form(&path, &[]).await;
    assert_eq!(again.status, StatusCode::GONE, "a link works once");
    assert!(again.body.contains("This link has expired"));
}

#[tokio::test]
async fn an_expired_link_signs_nobody_in() {
    let app = TestApp::new().await;
    let lee = app.add_user("lee@example.org", "Lee Lead", false).await;
    let token = issue(
        &app.db.conn,
        lee.id.0,
        SIGN_IN,
        "/",
        Duration::hours(1),
        Utc::now() - Duration::hours(2),
    )
    .await
    .unwrap();
    let response = app
        .anonymous()
        .post_form(&format!("/login/link/{token}"), &[])
        .await;
    assert_eq!(response.status, StatusCode::GONE);
    assert!(
        response
            .header("set-cookie")
            .is_none_or(|c| !c.contains("highlight_session"))
    );
}

/// The reset link from the most recent captured e-mail.
async fn reset_link_in_the_mail(app: &TestApp) -> String {
    let mailer = Mailer::from_settings(&app.state.settings).unwrap();
    mailer.deliver_due(&app.db.conn, Utc::now()).await.unwrap();
    let mail = captured_mail::Entity::find()
        .all(&app.db.conn)
        .await
        .unwrap()
        .pop()
        .expect("a captured e-mail");
    assert_eq!(mail.subject, "Reset your Highlight password");
    let start = mail
        .text_body
        .find("/login/link/")
        .expect("a link in the e-mail");
    mail.text_body[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_an_emailed_link_that_works_once() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    let mut old_session = app.signed_in("lee@example.org").await;

    let asked = app
        .anonymous()
        .post_form("/password/forgot", &[("email", "Lee@example.org")])
        .await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(
        asked
            .body
            .contains("If there is a Highlight account for lee@example.org")
    );
    let link = reset_link_in_the_mail(&app).await;

    let mut browser = app.anonymous();
    let form = browser.get(&link).await;
    assert!(form.body.contains("Choose a new password"));
    let short = browser
        .post_form(
            &link,
            &[("new_password", "short"), ("confirm_password", "short")],
        )
        .await;
    assert_eq!(
        short.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a typo does not use up the link"
    );
    assert!(short.body.contains("at least 10 characters"));

    let new_password = "my new long passphrase";
    let reset = browser
        .post_form(
            &link,
            &[
                ("new_password", new_password),
                ("confirm_password", new_password),
            ],
        )
        .await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER);
    assert_eq!(
        browser.get("/account/password").await.status,
        StatusCode::OK,
        "signed in"
    );
    assert_eq!(
        old_session.get("/account/password").await.status,
        StatusCode::SEE_OTHER,
        "other sessions end"
    );
    assert_eq!(
        app.anonymous()
            .sign_in("lee@example.org", PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.anonymous()
            .sign_in("lee@example.org", new_password)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let reuse = app
        .anonymous()
        .post_form(
            &link,
            &[
                ("new_password", "another passphrase"),
                ("confirm_password", "another passphrase"),
            ],
        )
        .await;
    assert_eq!(reuse.status, StatusCode::GONE);
}

#[tokio::test]
async fn asking_for_a_reset_says_the_same_for_unknown_addresses_and_sends_nothing() {
    let app = TestApp::new().await;
    let response = app
        .anonymous()
        .post_form("/password/forgot", &[("email", "nobody@example.org")])
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(
        response
            .body
            .contains("If there is a Highlight account for nobody@example.org")
    );
    assert_eq!(outbox::Entity::find().count(&app.db.conn).await.unwrap(), 0);
}

#[tokio::test]
async fn repeated_reset_requests_send_one_email_an_hour() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    for _ in 0..3 {
        app.anonymous()
            .post_form("/password/forgot", &[("email", "lee@example.org")])
            .await;
    }
    assert_eq!(outbox::Entity::find().count(&app.db.conn).await.unwrap(), 1);
    assert_eq!(app.deliver_mail().await.sent, 1, "and it goes");
}
