//! Accounts that live and end: invitations, disabling, API tokens that expire and are
//! revoked, and a password change or reset ending what came before — as people meet
//! them, through the pages, the API and the command line.

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use highlight_store::login_links::{SIGN_IN, issue};

use crate::setup_support::{ADMIN, LEAD, SLUG, programme_in};
use crate::support::http::{PASSWORD, TestApp, api_token};

const NEW: &str = "nina.new@example.org";
const NEW_PASSWORD: &str = "nina's own long passphrase";

/// The path of the first `/login/link/…` in `text` (`/admin/mail` shows the newest
/// message first).
fn newest_link(text: &str) -> String {
    let start = text.find("/login/link/").expect("a link in the e-mail");
    let token: String = text[start + "/login/link/".len()..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    format!("/login/link/{token}")
}

/// Delivers the outbox and reads the newest invitation's link off `/admin/mail`, as an
/// administrator would see it.
async fn invitation_link(app: &TestApp) -> String {
    app.deliver_mail().await;
    let mut admin = app.signed_in(ADMIN).await;
    let mail = admin.get("/admin/mail").await;
    assert_eq!(mail.status, StatusCode::OK);
    assert!(
        mail.body.contains("You have been invited to Highlight"),
        "{}",
        mail.body
    );
    newest_link(&mail.body)
}

async fn add_person(app: &TestApp) {
    let mut admin = app.signed_in(ADMIN).await;
    let added = admin
        .post_form(
            &format!("/programmes/{SLUG}/people"),
            &[
                ("email", NEW),
                ("name", "Nina New"),
                ("role", "board_member"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
}

async fn id_of(app: &TestApp, email: &str) -> i64 {
    highlight_store::people::by_email(&app.db.conn, email)
        .await
        .unwrap()
        .expect("the account exists")
        .id
        .0
}

#[tokio::test]
async fn a_new_board_member_is_invited_chooses_a_password_from_the_link_and_is_signed_in() {
    let (app, _clock) = TestApp::at(Utc::now()).await;
    let app = programme_in(app).await;
    add_person(&app).await;
    let mut admin = app.signed_in(ADMIN).await;
    let people = admin.get("/admin/people").await;
    assert_eq!(people.status, StatusCode::OK);
    assert!(people.body.contains("Nina New"));
    assert!(people.body.contains("status-invited"), "{}", people.body);

    let link = invitation_link(&app).await;
    let mut nina = app.anonymous();
    for _ in 0..2 {
        let page = nina.get(&link).await;
        assert_eq!(page.status, StatusCode::OK, "opening the link uses nothing");
        assert!(page.body.contains("Choose your password"));
        assert!(!page.body.contains("Keep my API tokens"));
    }
    let typo = nina
        .post_form(
            &link,
            &[
                ("new_password", NEW_PASSWORD),
                ("confirm_password", "other"),
            ],
        )
        .await;
    assert_eq!(
        typo.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a typo keeps the link"
    );
    let set = nina
        .post_form(
            &link,
            &[
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    assert_eq!(
        nina.get("/account/password").await.status,
        StatusCode::OK,
        "signed in"
    );
    assert_eq!(
        app.anonymous().get(&link).await.status,
        StatusCode::GONE,
        "the link works once"
    );
    assert_eq!(
        app.anonymous().sign_in(NEW, NEW_PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let people = admin.get("/admin/people").await;
    assert!(!people.body.contains("status-invited"), "{}", people.body);
    let audit = admin.get("/admin/audit").await;
    assert!(
        audit.body.contains("Chose their first password"),
        "{}",
        audit.body
    );
}

#[tokio::test]
async fn an_invitation_expires_after_seven_days_and_can_be_sent_again() {
    let now = Utc::now();
    let (app, clock) = TestApp::at(now).await;
    let app = programme_in(app).await;
    add_person(&app).await;
    let link = invitation_link(&app).await;

    clock.set(now + Duration::days(8));
    let late = app.anonymous().get(&link).await;
    assert_eq!(late.status, StatusCode::GONE);
    assert!(late.body.contains("This link has expired"));

    let id = id_of(&app, NEW).await;
    let mut admin = app.signed_in(ADMIN).await;
    let page = admin.get(&format!("/admin/people/{id}")).await;
    assert!(
        page.body.contains("Send Nina New a new invitation"),
        "{}",
        page.body
    );
    let resent = admin
        .post_form(&format!("/admin/people/{id}/invitation"), &[])
        .await;
    assert_eq!(resent.status, StatusCode::SEE_OTHER, "{}", resent.body);
    // Delivered at the test clock's time, as the worker would eight days on.
    highlight_web::mail::Mailer::from_settings(&app.state.settings)
        .unwrap()
        .deliver_due(&app.db.conn, now + Duration::days(8))
        .await
        .unwrap();
    let mail = admin.get("/admin/mail").await;
    let fresh = newest_link(&mail.body);
    assert_ne!(fresh, link);
    assert_eq!(app.anonymous().get(&fresh).await.status, StatusCode::OK);
    assert!(
        mail.body.contains("within 7 days"),
        "the e-mail says how long"
    );
}

#[tokio::test]
async fn disabling_an_account_stops_its_session_token_and_link_at_once_and_enabling_restores_sign_in()
 {
    let (app, _clock) = TestApp::at(Utc::now()).await;
    let app = programme_in(app).await;
    let lee = id_of(&app, LEAD).await;
    let mut session = app.signed_in(LEAD).await;
    let token = api_token(&app, LEAD).await;
    let link = format!(
        "/login/link/{}",
        issue(
            &app.db.conn,
            lee,
            SIGN_IN,
            "/",
            Duration::hours(72),
            Utc::now()
        )
        .await
        .unwrap()
    );
    assert_eq!(
        app.with_token(&token).get("/api/v1/me").await.status,
        StatusCode::OK
    );

    let mut admin = app.signed_in(ADMIN).await;
    let page = admin.get(&format!("/admin/people/{lee}")).await;
    assert!(
        page.body
            .contains("signs Rachel Dunstan out everywhere at once")
    );
    let disabled = admin
        .post_form(&format!("/admin/people/{lee}/disable"), &[])
        .await;
    assert_eq!(disabled.status, StatusCode::SEE_OTHER, "{}", disabled.body);

    assert_eq!(
        session.get("/account/password").await.status,
        StatusCode::SEE_OTHER,
        "the session has ended"
    );
    let refused = app.with_token(&token).get("/api/v1/me").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.json()["error"]["status"], 401);
    assert_eq!(app.anonymous().get(&link).await.status, StatusCode::GONE);
    assert_eq!(
        app.anonymous().post_form(&link, &[]).await.status,
        StatusCode::GONE
    );
    assert_ne!(
        app.anonymous().sign_in(LEAD, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let people = admin.get("/admin/people").await;
    assert!(people.body.contains("status-disabled"));

    let enabled = admin
        .post_form(&format!("/admin/people/{lee}/enable"), &[])
        .await;
    assert_eq!(enabled.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.anonymous().sign_in(LEAD, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.with_token(&token).get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED,
        "tokens revoked by disabling stay revoked"
    );
    let audit = admin.get("/admin/audit").await;
    assert!(audit.body.contains("Disabled an account"));
    assert!(audit.body.contains("Enabled an account again"));
    let own = admin
        .post_form(
            &format!("/admin/people/{}/disable", id_of(&app, ADMIN).await),
            &[],
        )
        .await;
    assert_eq!(
        own.status,
        StatusCode::CONFLICT,
        "nobody disables themselves"
    );
}

/// The token shown once on the page after issuing it.
fn shown_token(body: &str) -> String {
    let start = body.find("hl_").expect("the new token is shown");
    body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

#[tokio::test]
async fn an_api_token_expires_after_ninety_days_and_a_revoked_one_stops_at_once() {
    let now = Utc::now();
    let (app, clock) = TestApp::at(now).await;
    let app = programme_in(app).await;
    let mut lee = app.signed_in(LEAD).await;
    let issued = lee
        .post_form("/account/tokens", &[("name", "Power BI refresh")])
        .await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.body);
    let first = shown_token(&issued.body);
    let issued = lee.post_form("/account/tokens", &[("name", "Spare")]).await;
    let second = shown_token(&issued.body);
    assert_eq!(
        app.with_token(&first).get("/api/v1/me").await.status,
        StatusCode::OK
    );
    let page = lee.get("/account/tokens").await;
    assert!(page.body.contains("Power BI refresh"));
    assert!(!page.body.contains(&first), "a token is shown once");

    let blank = lee.post_form("/account/tokens", &[("name", " ")]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        blank
            .body
            .contains("aria-describedby=\"name-hint name-error\"")
    );

    let id = highlight_store::accounts::tokens_of(&app.db.conn, id_of(&app, LEAD).await)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == "Spare")
        .unwrap()
        .id;
    let revoked = lee
        .post_form(&format!("/account/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    let refused = app.with_token(&second).get("/api/v1/me").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.json()["error"]["status"], 401);

    clock.set(now + Duration::days(89));
    assert_eq!(
        app.with_token(&first).get("/api/v1/me").await.status,
        StatusCode::OK
    );
    clock.set(now + Duration::days(91));
    let expired = app.with_token(&first).get("/api/v1/me").await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.json()["error"]["status"], 401);
}

#[tokio::test]
async fn someone_elses_token_is_revoked_only_by_an_administrator() {
    let (app, _clock) = TestApp::at(Utc::now()).await;
    let app = programme_in(app).await;
    let token = api_token(&app, LEAD).await;
    let lee = id_of(&app, LEAD).await;
    let id = highlight_store::accounts::tokens_of(&app.db.conn, lee)
        .await
        .unwrap()[0]
        .id;
    let mut other = app.signed_in(crate::setup_support::BOARD).await;
    let refused = other
        .post_form(&format!("/account/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.with_token(&token).get("/api/v1/me").await.status,
        StatusCode::OK
    );

    let mut admin = app.signed_in(ADMIN).await;
    let page = admin.get(&format!("/admin/people/{lee}")).await;
    assert!(page.body.contains("Revoke “tests”"), "{}", page.body);
    let revoked = admin
        .post_form(&format!("/account/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(
        revoked.location(),
        Some(format!("/admin/people/{lee}?done=revoked").as_str())
    );
    assert_eq!(
        app.with_token(&token).get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn changing_a_password_ends_other_sessions_links_and_tokens_unless_tokens_are_kept() {
    let (app, _clock) = TestApp::at(Utc::now()).await;
    let app = programme_in(app).await;
    let lee = id_of(&app, LEAD).await;
    let mut here = app.signed_in(LEAD).await;
    let mut elsewhere = app.signed_in(LEAD).await;
    let token = api_token(&app, LEAD).await;
    let link = format!(
        "/login/link/{}",
        issue(
            &app.db.conn,
            lee,
            SIGN_IN,
            "/",
            Duration::hours(72),
            Utc::now()
        )
        .await
        .unwrap()
    );
    let changed = here
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    assert_eq!(here.get("/account/password").await.status, StatusCode::OK);
    assert_eq!(
        elsewhere.get("/account/password").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.anonymous().get(&link).await.status, StatusCode::GONE);
    assert_eq!(
        app.with_token(&token).get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );

    let kept = api_token(&app, LEAD).await;
    let changed = here
        .post_form(
            "/account/password",
            &[
                ("current_password", NEW_PASSWORD),
                ("new_password", "a third long passphrase"),
                ("confirm_password", "a third long passphrase"),
                ("keep_tokens", "1"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    assert_eq!(
        app.with_token(&kept).get("/api/v1/me").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_password_reset_ends_sign_in_links_issued_before_it() {
    let (app, _clock) = TestApp::at(Utc::now()).await;
    let app = programme_in(app).await;
    let lee = id_of(&app, LEAD).await;
    let reminder_link = format!(
        "/login/link/{}",
        issue(
            &app.db.conn,
            lee,
            SIGN_IN,
            "/",
            Duration::hours(72),
            Utc::now()
        )
        .await
        .unwrap()
    );
    let token = api_token(&app, LEAD).await;
    let asked = app
        .anonymous()
        .post_form("/password/forgot", &[("email", LEAD)])
        .await;
    assert_eq!(asked.status, StatusCode::OK);
    app.deliver_mail().await;
    let mut admin = app.signed_in(ADMIN).await;
    let reset_link = newest_link(&admin.get("/admin/mail").await.body);
    let mut browser = app.anonymous();
    let form = browser.get(&reset_link).await;
    assert!(form.body.contains("Keep my API tokens"));
    let reset = browser
        .post_form(
            &reset_link,
            &[
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
                ("keep_tokens", "1"),
            ],
        )
        .await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER, "{}", reset.body);
    assert_eq!(
        app.anonymous().get(&reminder_link).await.status,
        StatusCode::GONE,
        "a link issued before the reset no longer works"
    );
    assert_eq!(
        app.with_token(&token).get("/api/v1/me").await.status,
        StatusCode::OK,
        "kept, as asked"
    );
}

#[tokio::test]
async fn an_account_without_a_password_chooses_one_without_being_asked_for_a_current_one() {
    let (app, _clock) = TestApp::at(Utc::now()).await;
    let app = programme_in(app).await;
    add_person(&app).await;
    app.deliver_mail().await;
    let nina = id_of(&app, NEW).await;
    let link = format!(
        "/login/link/{}",
        issue(
            &app.db.conn,
            nina,
            SIGN_IN,
            "/account/password",
            Duration::hours(72),
            Utc::now()
        )
        .await
        .unwrap()
    );
    let mut browser = app.anonymous();
    let signed_in = browser.post_form(&link, &[]).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let page = browser.get("/account/password").await;
    assert!(page.body.contains("Choose your password"));
    assert!(!page.body.contains("current_password"));
    let set = browser
        .post_form(
            "/account/password",
            &[
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    assert_eq!(
        app.anonymous().sign_in(NEW, NEW_PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_api_lists_issues_and_revokes_tokens_and_administers_accounts() {
    use crate::support::http::api;
    use serde_json::json;
    let (app, _clock) = TestApp::at(Utc::now()).await;
    let app = programme_in(app).await;
    let lee_token = api_token(&app, LEAD).await;
    let admin_token = api_token(&app, ADMIN).await;
    let lee = id_of(&app, LEAD).await;

    let issued = api(
        &app,
        Some(&lee_token),
        "POST",
        "/api/v1/me/tokens",
        Some(json!({"name": "Nightly export"})),
    )
    .await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.body);
    let new_token = issued.json()["token"].as_str().unwrap().to_owned();
    assert_eq!(issued.json()["state"], "active");
    let days =
        (chrono::DateTime::parse_from_rfc3339(issued.json()["expires_at"].as_str().unwrap())
            .unwrap()
            .with_timezone(&Utc)
            - Utc::now())
        .num_days();
    assert!((89..=90).contains(&days), "{days}");
    let blank = api(
        &app,
        Some(&lee_token),
        "POST",
        "/api/v1/me/tokens",
        Some(json!({"name": ""})),
    )
    .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);

    let mine = api(&app, Some(&new_token), "GET", "/api/v1/me/tokens", None).await;
    assert_eq!(mine.status, StatusCode::OK);
    let listed = mine.json();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert!(!mine.body.contains(&new_token), "never the token itself");
    let id = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Nightly export")
        .unwrap()["id"]
        .as_i64()
        .unwrap();

    let revoked = api(
        &app,
        Some(&lee_token),
        "DELETE",
        &format!("/api/v1/tokens/{id}"),
        None,
    )
    .await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.body);
    assert_eq!(revoked.json()["state"], "revoked");
    let refused = api(&app, Some(&new_token), "GET", "/api/v1/me", None).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.json()["error"]["status"], 401);

    let forbidden = api(&app, Some(&lee_token), "GET", "/api/v1/accounts", None).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let people = api(&app, Some(&admin_token), "GET", "/api/v1/accounts", None).await;
    assert_eq!(people.status, StatusCode::OK);
    assert!(
        people
            .json()
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["email"] == LEAD && p["status"] == "active")
    );
    let theirs = api(
        &app,
        Some(&admin_token),
        "GET",
        &format!("/api/v1/accounts/{lee}/tokens"),
        None,
    )
    .await;
    assert_eq!(theirs.json().as_array().unwrap().len(), 2);

    let disabled = api(
        &app,
        Some(&admin_token),
        "POST",
        &format!("/api/v1/accounts/{lee}/disable"),
        None,
    )
    .await;
    assert_eq!(disabled.status, StatusCode::OK, "{}", disabled.body);
    assert_eq!(disabled.json()["status"], "disabled");
    assert_eq!(
        api(&app, Some(&lee_token), "GET", "/api/v1/me", None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let not_invited = api(
        &app,
        Some(&admin_token),
        "POST",
        &format!("/api/v1/accounts/{lee}/invitation"),
        None,
    )
    .await;
    assert_eq!(not_invited.status, StatusCode::CONFLICT);
    let enabled = api(
        &app,
        Some(&admin_token),
        "POST",
        &format!("/api/v1/accounts/{lee}/enable"),
        None,
    )
    .await;
    assert_eq!(enabled.json()["status"], "active");
}

#[tokio::test]
async fn the_command_line_invites_lists_disables_and_manages_tokens() {
    use crate::support::db::TestDb;
    use crate::support::process::run;
    let db = TestDb::empty().await;
    let url = db.url.clone();
    let ok = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--database-url", &url]);
        let out = run(&all, &[]);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let added = ok(&[
        "user", "add", "--email", NEW, "--name", "Nina New", "--invite",
    ]);
    assert!(added.contains("invitation"), "{added}");
    assert!(ok(&["user", "list"]).contains("invited"));
    let token = ok(&[
        "token", "create", "--email", NEW, "--name", "cli", "--days", "30",
    ]);
    let token = token.trim().to_owned();
    let listed = ok(&["token", "list", "--email", NEW]);
    assert!(
        listed.contains("cli") && listed.contains("active"),
        "{listed}"
    );

    let app = TestApp::on(db);
    assert_eq!(
        app.with_token(&token).get("/api/v1/me").await.status,
        StatusCode::OK
    );
    let disabled = ok(&["user", "disable", "--email", NEW]);
    assert!(disabled.contains("Disabled Nina New"), "{disabled}");
    assert_eq!(
        app.with_token(&token).get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert!(ok(&["user", "list"]).contains("disabled"));
    ok(&["user", "enable", "--email", NEW]);
    ok(&["user", "invite", "--email", NEW]);
    let id = highlight_store::accounts::tokens_of(&app.db.conn, id_of(&app, NEW).await)
        .await
        .unwrap()[0]
        .id
        .to_string();
    assert!(ok(&["token", "revoke", "--id", &id]).contains("Revoked"));
    let delivered = app.deliver_mail().await;
    assert_eq!(
        delivered.sent, 2,
        "the first invitation and the one sent again"
    );
}
