//! Accounts and sessions: signing in and out, throttling, CSRF, passwords, tokens.

use axum::http::StatusCode;

use crate::support::db::TestDb;
use crate::support::http::{PASSWORD, TestApp};
use crate::support::process::run;

#[tokio::test]
async fn signing_in_starts_a_session_and_goes_where_the_person_was_going() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    let mut browser = app.anonymous();

    let response = browser
        .post_form(
            "/login",
            &[
                ("email", "Lee@Example.org"),
                ("password", PASSWORD),
                ("next", "/account/password"),
            ],
        )
        .await;

    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), Some("/account/password"));
    let cookie = response.header("set-cookie").expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let page = browser.get("/account/password").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Lee Lead"),
        "the layout shows who is signed in"
    );
}

#[tokio::test]
async fn a_wrong_password_is_refused_with_a_message_and_the_email_kept() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;

    let response = app
        .anonymous()
        .sign_in("lee@example.org", "not the password")
        .await;

    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.body.contains("There is a problem"));
    assert!(
        response
            .body
            .contains("Enter a correct e-mail address and password")
    );
    assert!(
        response.body.contains("value=\"lee@example.org\""),
        "what they typed is kept"
    );
    assert!(
        response
            .header("set-cookie")
            .is_none_or(|c| !c.contains("highlight_session"))
    );
}

#[tokio::test]
async fn an_empty_form_names_each_missing_field() {
    let app = TestApp::new().await;
    let response = app
        .anonymous()
        .post_form("/login", &[("email", ""), ("password", "")])
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .body
            .contains("href=\"#email\">Enter your e-mail address")
    );
    assert!(
        response
            .body
            .contains("href=\"#password\">Enter your password")
    );
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_account_for_a_while() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    for _ in 0..5 {
        app.anonymous().sign_in("lee@example.org", "guess").await;
    }

    let response = app.anonymous().sign_in("lee@example.org", PASSWORD).await;

    assert_eq!(
        response.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(response.body.contains("Too many failed attempts"));
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    let mut browser = app.anonymous();
    browser.get("/login").await;

    let missing = browser
        .post_form_raw(
            "/login",
            &[("email", "lee@example.org"), ("password", PASSWORD)],
        )
        .await;
    let forged = browser
        .post_form_raw(
            "/login",
            &[
                ("_csrf", &"0".repeat(64)),
                ("email", "lee@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;

    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(missing.body.contains("This form has expired"));
}

#[tokio::test]
async fn signing_out_ends_the_session_for_good() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    let mut browser = app.signed_in("lee@example.org").await;
    let stolen_cookies = browser.cookies.clone();

    let response = browser.post_form("/logout", &[]).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);

    let mut thief = app.anonymous();
    thief.cookies = stolen_cookies;
    let page = thief.get("/account/password").await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "the old cookie no longer signs anyone in"
    );
    assert_eq!(page.location(), Some("/login?next=%2Faccount%2Fpassword"));
}

#[tokio::test]
async fn a_session_survives_a_restart_of_the_app() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    let cookies = app.signed_in("lee@example.org").await.cookies.clone();

    let restarted = app.restart();
    let mut browser = restarted.anonymous();
    browser.cookies = cookies;

    assert_eq!(
        browser.get("/account/password").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_signs_out_other_sessions() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    let mut laptop = app.signed_in("lee@example.org").await;
    let mut phone = app.signed_in("lee@example.org").await;
    let new_password = "a brand new passphrase";

    let wrong = laptop
        .post_form(
            "/account/password",
            &[
                ("current_password", "wrong"),
                ("new_password", new_password),
                ("confirm_password", new_password),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("Enter your current password correctly"));

    let short = laptop
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "short"),
                ("confirm_password", "short"),
            ],
        )
        .await;
    assert!(short.body.contains("at least 10 characters"));

    let changed = laptop
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", new_password),
                ("confirm_password", new_password),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    assert_eq!(
        laptop.get("/account/password").await.status,
        StatusCode::OK,
        "this session stays"
    );
    assert_eq!(
        phone.get("/account/password").await.status,
        StatusCode::SEE_OTHER,
        "others end"
    );
    assert_eq!(
        app.anonymous()
            .sign_in("lee@example.org", new_password)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::new().await;
    let response = app.get("/login").await;
    let csp = response.header("content-security-policy").expect("a CSP");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(response.header("referrer-policy"), Some("same-origin"));
}

#[tokio::test]
async fn the_api_answers_401_in_json_without_credentials() {
    let app = TestApp::new().await;
    let response = app.get("/api/v1/me").await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert_eq!(response.json()["error"]["status"], 401);
    assert_eq!(response.header("www-authenticate"), Some("Bearer"));
}

#[tokio::test]
async fn a_request_body_over_the_limit_is_refused() {
    let app = TestApp::new().await;
    let big = "x".repeat(3 * 1024 * 1024);
    let response = app
        .anonymous()
        .post_form("/login", &[("email", &big)])
        .await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn the_first_admin_is_added_from_the_command_line_and_can_sign_in_and_get_a_token() {
    let db = TestDb::empty().await;
    let url = db.url.clone();
    let added = {
        use std::io::Write;
        let mut child = crate::support::process::highlight()
            .args([
                "user",
                "add",
                "--email",
                "Office@Example.org",
                "--name",
                "Programme Office",
                "--role",
                "admin",
            ])
            .args(["--database-url", &url])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("highlight user add runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"first admin passphrase\n")
            .unwrap();
        child.wait_with_output().unwrap()
    };
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    assert!(String::from_utf8_lossy(&added.stdout).contains("as administrator"));

    let token = run(
        &[
            "token",
            "create",
            "--email",
            "office@example.org",
            "--database-url",
            &url,
        ],
        &[],
    );
    assert!(
        token.status.success(),
        "{}",
        String::from_utf8_lossy(&token.stderr)
    );
    let token = String::from_utf8_lossy(&token.stdout).trim().to_owned();
    assert!(token.starts_with("hl_"));

    let app = TestApp::on(db);
    let signed_in = app
        .anonymous()
        .sign_in("office@example.org", "first admin passphrase")
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let me = app.with_token(&token).get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["email"], "office@example.org");
    assert_eq!(me.json()["is_admin"], true);
    assert_eq!(
        app.with_token("hl_forged").get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[test]
fn a_weak_first_password_is_refused_by_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/h.db", dir.path().display());
    let output = {
        use std::io::Write;
        let mut child = crate::support::process::highlight()
            .args([
                "user",
                "add",
                "--email",
                "a@example.org",
                "--name",
                "A",
                "--database-url",
                &url,
            ])
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(b"short\n").unwrap();
        child.wait_with_output().unwrap()
    };
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("at least 10 characters"));
}

#[tokio::test]
async fn a_person_turns_the_weekly_digest_off_and_on_again() {
    let app = TestApp::new().await;
    let lee = app.add_user("lee@example.org", "Lee Lead", false).await;
    let mut browser = app.signed_in("lee@example.org").await;
    assert!(
        browser
            .get("/account/email")
            .await
            .body
            .contains("name=\"digest\" value=\"yes\" checked")
    );

    let off = browser.post_form("/account/email", &[]).await;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    let stored = highlight_store::people::by_email(&app.db.conn, "lee@example.org")
        .await
        .unwrap()
        .unwrap();
    assert!(stored.digest_opt_out);
    assert!(!browser.get("/account/email").await.body.contains("checked"));

    browser
        .post_form("/account/email", &[("digest", "yes")])
        .await;
    let stored = highlight_store::people::by_email(&app.db.conn, "lee@example.org")
        .await
        .unwrap()
        .unwrap();
    assert!(!stored.digest_opt_out && stored.id == lee.id);
}
