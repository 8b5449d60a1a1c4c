//! Sign-in links: single use, expiring, stored hashed.

use chrono::{Duration, TimeZone, Utc};
use highlight_store::entities::login_links as links;
use highlight_store::login_links::{SIGN_IN, consume, issue};
use highlight_web::auth::secret::hash as hash_token;
use sea_orm::EntityTrait;

use crate::support::db::TestDb;
use crate::support::fixtures::user;

#[tokio::test]
async fn a_link_signs_in_once_and_only_its_hash_is_stored() {
    let db = TestDb::migrated().await;
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let ann = user(&db.conn, "ann@example.test", "Ann", now).await;

    let token = issue(
        &db.conn,
        ann,
        SIGN_IN,
        "/programmes/p",
        Duration::hours(72),
        now,
    )
    .await
    .unwrap();

    let stored = links::Entity::find().one(&db.conn).await.unwrap().unwrap();
    assert_eq!(stored.token_hash, hash_token(&token));
    assert_ne!(stored.token_hash, token);
    let first = consume(&db.conn, &token, now + Duration::hours(1))
        .await
        .unwrap()
        .expect("valid the first time");
    assert_eq!(
        (
            first.user_id,
            first.purpose.as_str(),
            first.redirect_to.as_str()
        ),
        (ann, SIGN_IN, "/programmes/p")
    );
    assert_eq!(
        consume(&db.conn, &token, now + Duration::hours(2))
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn an_expired_or_unknown_link_signs_nobody_in() {
    let db = TestDb::migrated().await;
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let ann = user(&db.conn, "ann@example.test", "Ann", now).await;
    let token = issue(&db.conn, ann, SIGN_IN, "/", Duration::hours(72), now)
        .await
        .unwrap();

    let expired = consume(&db.conn, &token, now + Duration::hours(72))
        .await
        .unwrap();
    let unknown = consume(&db.conn, &"0".repeat(64), now).await.unwrap();

    assert_eq!(expired, None);
    assert_eq!(unknown, None);
    let still_unused = links::Entity::find().one(&db.conn).await.unwrap().unwrap();
    assert_eq!(still_unused.used_at, None);
}

/// Ann's sign-in link to `/`, and Ben signed in on the same browser.
async fn bens_browser_with_anns_link(
    app: &crate::support::http::TestApp,
) -> (crate::support::http::Client<'_>, String, i64) {
    let ann = app.add_user("ann@example.test", "Ann Archer", false).await;
    app.add_user("ben@example.test", "Ben Baker", false).await;
    let token = issue(
        &app.db.conn,
        ann.id.0,
        SIGN_IN,
        "/",
        Duration::hours(72),
        Utc::now(),
    )
    .await
    .unwrap();
    let ben = app.signed_in("ben@example.test").await;
    (ben, format!("/login/link/{token}"), ann.id.0)
}

#[tokio::test]
async fn opening_someone_elses_link_while_signed_in_says_whose_account_it_leaves() {
    let app = crate::support::http::TestApp::new().await;
    let (mut ben, link, _) = bens_browser_with_anns_link(&app).await;

    let page = ben.get(&link).await;

    assert_eq!(page.status, axum::http::StatusCode::OK);
    assert!(
        page.body.contains("You are signed in as Ben Baker"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Sign out of Ben Baker's account and continue as Ann Archer"),
        "{}",
        page.body
    );
    let still_unused = links::Entity::find()
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(still_unused.used_at, None, "opening a link uses nothing");
}

#[tokio::test]
async fn a_post_that_was_not_asked_does_not_switch_accounts_and_one_that_was_does() {
    let app = crate::support::http::TestApp::new().await;
    let (mut ben, link, ann) = bens_browser_with_anns_link(&app).await;

    let unasked = ben.post_form(&link, &[]).await;
    let still_ben = ben.get("/account/password").await;
    let confirmed = ben.post_form(&link, &[("confirm_switch", "yes")]).await;
    let now_ann = ben.get("/account/password").await;

    assert_eq!(
        unasked.status,
        axum::http::StatusCode::CONFLICT,
        "{}",
        unasked.body
    );
    assert!(
        unasked.body.contains("confirm that you want to sign out"),
        "{}",
        unasked.body
    );
    assert!(still_ben.body.contains("Ben Baker"), "{}", still_ben.body);
    assert_eq!(
        confirmed.status,
        axum::http::StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    assert!(now_ann.body.contains("Ann Archer"), "{}", now_ann.body);
    assert!(!now_ann.body.contains("Ben Baker"), "{}", now_ann.body);
    let used = links::Entity::find()
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((used.user_id, used.used_at.is_some()), (ann, true));
}

#[tokio::test]
async fn opening_ones_own_link_while_signed_in_goes_there_and_leaves_it_unused() {
    let app = crate::support::http::TestApp::new().await;
    let (mut ben, _, _) = bens_browser_with_anns_link(&app).await;
    let ben_id = highlight_store::people::by_email(&app.db.conn, "ben@example.test")
        .await
        .unwrap()
        .unwrap()
        .id;
    let own = issue(
        &app.db.conn,
        ben_id.0,
        SIGN_IN,
        "/account/password",
        Duration::hours(72),
        Utc::now(),
    )
    .await
    .unwrap();

    let opened = ben.get(&format!("/login/link/{own}")).await;

    assert_eq!(opened.status, axum::http::StatusCode::SEE_OTHER);
    assert_eq!(opened.location(), Some("/account/password"));
    let unused = links::Entity::find()
        .all(&app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|l| l.user_id == ben_id.0)
        .all(|l| l.used_at.is_none());
    assert!(unused);
}
