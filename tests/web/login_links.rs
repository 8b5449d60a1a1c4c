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
