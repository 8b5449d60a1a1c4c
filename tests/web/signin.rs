//! Trust: sign-in throttling under a burst, the client address behind proxies, a busy
//! database answered 503, session timeouts, and the caching and transport headers.

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use chrono::{DateTime, Duration, TimeZone, Utc};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::support::http::{PASSWORD, TestApp, TestResponse, test_settings};

/// Any well-formed token: the CSRF check compares the cookie with the form field.
const CSRF: &str = "c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff";
const OFFICE: &str = "192.0.2.10";
const HOME: &str = "198.51.100.7";

fn nine_am() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0)
        .single()
        .expect("a valid instant")
}

/// A sign-in form post from a browser at `from`, optionally through proxies that said
/// `X-Forwarded-For: forwarded`.
fn sign_in_from(email: &str, password: &str, from: &str, forwarded: Option<&str>) -> Request<Body> {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("_csrf", CSRF),
            ("email", email),
            ("password", password),
            ("next", "/"),
        ])
        .finish();
    let mut builder = Request::builder()
        .method("POST")
        .uri("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("highlight_csrf={CSRF}"));
    if let Some(forwarded) = forwarded {
        builder = builder.header("x-forwarded-for", forwarded);
    }
    let mut request = builder.body(Body::from(body)).expect("request builds");
    let peer: IpAddr = from.parse().expect("an address");
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::new(peer, 40_000)));
    request
}

/// Sends `requests` all at once; the statuses and `Retry-After` headers that came back.
async fn burst(app: &TestApp, requests: Vec<Request<Body>>) -> Vec<(StatusCode, Option<String>)> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|request| {
            let router = app.router();
            tokio::spawn(async move {
                let response = router.oneshot(request).await.expect("router answers");
                let retry = response
                    .headers()
                    .get(header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                (response.status(), retry)
            })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.expect("the request task finishes"));
    }
    answers
}

fn count(answers: &[(StatusCode, Option<String>)], status: StatusCode) -> usize {
    answers.iter().filter(|(s, _)| *s == status).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_wrong_passwords_gets_only_the_allowed_checks_and_locks_only_that_account_from_that_address()
 {
    let (app, clock) = TestApp::at(nine_am()).await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    app.add_user("sam@example.org", "Sam Sponsor", false).await;
    let limit = app.state.throttle_policy().per_account_and_address as usize;

    let guesses = (0..200)
        .map(|i| sign_in_from("lee@example.org", &format!("guess {i}"), OFFICE, None))
        .collect();
    let answers = burst(&app, guesses).await;

    let unauthorized = count(&answers, StatusCode::UNAUTHORIZED);
    let refused = count(&answers, StatusCode::TOO_MANY_REQUESTS);
    let unavailable = count(&answers, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        unauthorized + refused + unavailable,
        200,
        "every answer is 401, 429 or 503, never a 500: {answers:?}"
    );
    assert!(
        unauthorized <= limit,
        "only {limit} passwords are checked, however many arrive at once: {unauthorized} were"
    );
    if unavailable == 0 {
        assert_eq!(unauthorized, limit, "exactly {limit} checked");
    }
    assert!(
        answers
            .iter()
            .filter(|(s, _)| *s != StatusCode::UNAUTHORIZED)
            .all(|(_, retry)| retry.is_some()),
        "every refusal says when to retry"
    );

    let right = app
        .send(sign_in_from("lee@example.org", PASSWORD, OFFICE, None))
        .await;
    assert_eq!(
        right.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    let retry: i64 = right
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=15 * 60).contains(&retry), "{retry}");
    assert!(
        right.body.contains("Try again in 15 minutes"),
        "{}",
        right.body
    );
    assert!(right.body.contains("Forgotten your password?"));

    let colleague = app
        .send(sign_in_from("sam@example.org", PASSWORD, OFFICE, None))
        .await;
    assert_eq!(
        colleague.status,
        StatusCode::SEE_OTHER,
        "another account from the same address still signs in"
    );
    let owner_elsewhere = app
        .send(sign_in_from("lee@example.org", PASSWORD, HOME, None))
        .await;
    assert_eq!(
        owner_elsewhere.status,
        StatusCode::SEE_OTHER,
        "the owner from another address still signs in"
    );

    clock.set(nine_am() + Duration::minutes(15));
    let later = app
        .send(sign_in_from("lee@example.org", PASSWORD, OFFICE, None))
        .await;
    assert_eq!(later.status, StatusCode::SEE_OTHER, "the window has passed");
}

#[tokio::test]
async fn a_correct_password_clears_the_count_of_earlier_mistakes() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    for _ in 0..4 {
        let r = app
            .send(sign_in_from("lee@example.org", "guess", OFFICE, None))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let right = app
        .send(sign_in_from("lee@example.org", PASSWORD, OFFICE, None))
        .await;
    assert_eq!(right.status, StatusCode::SEE_OTHER);
    for _ in 0..5 {
        let r = app
            .send(sign_in_from("lee@example.org", "guess", OFFICE, None))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "a fresh count of five");
    }
}

#[tokio::test]
async fn a_locked_out_owner_can_still_ask_for_a_reset_link() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    for _ in 0..6 {
        app.anonymous().sign_in("lee@example.org", "guess").await;
    }
    let locked = app.anonymous().sign_in("lee@example.org", PASSWORD).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);

    let reset = app
        .anonymous()
        .post_form("/password/forgot", &[("email", "lee@example.org")])
        .await;
    assert!(
        reset.status.is_success() || reset.status.is_redirection(),
        "the reset is not throttled: {} {}",
        reset.status,
        reset.body
    );
    let report = app.deliver_mail().await;
    assert_eq!(report.sent, 1, "the reset link goes out: {report}");
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_address_is_the_one_throttled() {
    let mut app = TestApp::new().await;
    app.reconfigure(|s| {
        s.server.trusted_proxies =
            highlight_web::config::TrustedProxies(vec!["10.0.0.0/8".parse().expect("a range")]);
    });
    app.add_user("lee@example.org", "Lee Lead", false).await;
    let proxy = "10.0.0.5";
    for _ in 0..5 {
        app.send(sign_in_from(
            "lee@example.org",
            "guess",
            proxy,
            Some("203.0.113.9"),
        ))
        .await;
    }
    let same_client = app
        .send(sign_in_from(
            "lee@example.org",
            PASSWORD,
            proxy,
            Some("6.6.6.6, 203.0.113.9"),
        ))
        .await;
    assert_eq!(
        same_client.status,
        StatusCode::TOO_MANY_REQUESTS,
        "what the client wrote to the left does not change its address"
    );
    let other_client = app
        .send(sign_in_from(
            "lee@example.org",
            PASSWORD,
            proxy,
            Some("203.0.113.10"),
        ))
        .await;
    assert_eq!(other_client.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_untrusted_peer_cannot_dodge_the_throttle_with_a_forwarded_header() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    for i in 0..5 {
        let claimed = format!("203.0.113.{i}");
        app.send(sign_in_from(
            "lee@example.org",
            "guess",
            OFFICE,
            Some(&claimed),
        ))
        .await;
    }
    let again = app
        .send(sign_in_from(
            "lee@example.org",
            PASSWORD,
            OFFICE,
            Some("203.0.113.99"),
        ))
        .await;
    assert_eq!(again.status, StatusCode::TOO_MANY_REQUESTS);
}

/// A pool of one connection, held by the test: every query waits, then gives up.
#[tokio::test]
async fn an_exhausted_pool_answers_503_with_retry_after_not_500() {
    let app = TestApp::new().await;
    let pool = highlight_store::db::connect(&highlight_store::db::DatabaseSettings {
        url: app.db.url.clone(),
        max_connections: 1,
        timeout_seconds: 1,
        acquire_timeout_seconds: 1,
    })
    .await
    .expect("connects");
    let held = highlight_store::begin(&pool)
        .await
        .expect("holds the only connection");
    let state = highlight_web::app::AppState::new(pool.clone(), test_settings()).expect("state");
    let router = highlight_web::app::router(state);
    let send = |request: Request<Body>| {
        let router = router.clone();
        async move {
            let response = router.oneshot(request).await.expect("answers");
            let status = response.status();
            let headers = response.headers().clone();
            let body = response
                .into_body()
                .collect()
                .await
                .expect("body")
                .to_bytes();
            (status, headers, String::from_utf8_lossy(&body).into_owned())
        }
    };

    let (status, headers, body) = send(
        Request::get("/api/v1/me")
            .header(header::AUTHORIZATION, "Bearer some-token")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(headers.contains_key(header::RETRY_AFTER));
    let json: serde_json::Value = serde_json::from_str(&body).expect("the JSON error shape");
    assert_eq!(json["error"]["status"], 503);

    let (status, headers, body) =
        send(sign_in_from("lee@example.org", "guess", OFFICE, None)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(headers.contains_key(header::RETRY_AFTER));
    assert!(
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html")),
        "a page for the browser"
    );
    assert!(body.contains("Try again"), "{body}");

    held.rollback().await.ok();
    pool.close().await.ok();
}

fn session_cookie(response: &TestResponse) -> String {
    response
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("highlight_session="))
        .expect("a session cookie")
        .to_owned()
}

#[tokio::test]
async fn the_session_cookie_lasts_as_long_as_the_absolute_lifetime() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    let response = app.anonymous().sign_in("lee@example.org", PASSWORD).await;
    assert!(
        session_cookie(&response).contains("Max-Age=43200"),
        "{}",
        session_cookie(&response)
    );
}

#[tokio::test]
async fn thirty_minutes_without_doing_anything_signs_you_out_and_the_sign_in_page_says_why() {
    let (app, clock) = TestApp::at(nine_am()).await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    let mut browser = app.signed_in("lee@example.org").await;

    clock.set(nine_am() + Duration::minutes(29));
    assert_eq!(
        browser.get("/account/password").await.status,
        StatusCode::OK
    );
    clock.set(nine_am() + Duration::minutes(29) + Duration::seconds(30));
    assert_eq!(
        browser.get("/account/password").await.status,
        StatusCode::OK
    );
    let last_seen = {
        use highlight_store::entities::sessions;
        use sea_orm::EntityTrait;
        sessions::Entity::find()
            .one(&app.db.conn)
            .await
            .expect("reads")
            .expect("a session")
            .last_seen_at
    };
    assert_eq!(
        last_seen,
        nine_am() + Duration::minutes(29),
        "activity is written at most once a minute"
    );

    clock.set(nine_am() + Duration::minutes(58));
    assert_eq!(
        browser.get("/account/password").await.status,
        StatusCode::OK,
        "29 minutes after the last request"
    );

    clock.set(nine_am() + Duration::minutes(88));
    let expired = browser.get("/account/password").await;
    assert_eq!(expired.status, StatusCode::SEE_OTHER);
    assert!(
        expired
            .location()
            .is_some_and(|l| l.starts_with("/login?next=")),
        "{:?}",
        expired.location()
    );
    assert!(!browser.cookies.contains_key("highlight_session"));
    let page = browser.get("/login").await;
    assert!(
        page.body
            .contains("You were signed out because you had not done anything for 30 minutes"),
        "{}",
        page.body
    );
    let again = browser.get("/login").await;
    assert!(
        !again.body.contains("You were signed out"),
        "the note is shown once"
    );
}

#[tokio::test]
async fn twelve_hours_after_signing_in_you_are_signed_out_however_busy() {
    let (app, clock) = TestApp::at(nine_am()).await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    let mut browser = app.signed_in("lee@example.org").await;

    for step in 1..36 {
        clock.set(nine_am() + Duration::minutes(20 * step));
        assert_eq!(
            browser.get("/account/password").await.status,
            StatusCode::OK,
            "busy at {} minutes",
            20 * step
        );
    }
    clock.set(nine_am() + Duration::hours(12));
    let expired = browser.get("/account/password").await;
    assert_eq!(expired.status, StatusCode::SEE_OTHER);
    let page = browser.get("/").await;
    assert!(
        page.body
            .contains("You were signed out because you had been signed in for 12 hours"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn signed_in_pages_and_api_answers_are_not_stored_but_assets_are_cacheable() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    let mut browser = app.signed_in("lee@example.org").await;

    let page = browser.get("/account/password").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let api = browser.get("/api/v1/me").await;
    assert_eq!(
        api.header("cache-control"),
        Some("no-store"),
        "{}",
        api.body
    );
    let refused = app.get("/api/v1/me").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.header("cache-control"), Some("no-store"));
    let asset = app.get("/static/highlight.css").await;
    assert_eq!(asset.status, StatusCode::OK);
    assert_eq!(asset.header("cache-control"), Some("public, max-age=3600"));
}

#[tokio::test]
async fn over_http_there_is_no_hsts_and_cookies_are_not_secure() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    let page = app.get("/login").await;
    assert!(page.header("strict-transport-security").is_none());
    assert!(
        page.header("set-cookie")
            .is_some_and(|c| c.starts_with("highlight_csrf=") && !c.contains("Secure"))
    );
    let signed_in = app.anonymous().sign_in("lee@example.org", PASSWORD).await;
    assert!(!session_cookie(&signed_in).contains("Secure"));
}

#[tokio::test]
async fn over_https_every_response_has_hsts_and_every_cookie_is_secure() {
    let mut app = TestApp::new().await;
    app.reconfigure(|s| {
        s.server.public_url = "https://highlight.example.org/".parse().expect("a URL");
    });
    app.add_user("lee@example.org", "Lee Lead", false).await;

    let page = app.get("/login").await;
    assert_eq!(
        page.header("strict-transport-security"),
        Some("max-age=31536000; includeSubDomains")
    );
    let csrf = page.header("set-cookie").expect("the CSRF cookie");
    assert!(
        csrf.starts_with("highlight_csrf=") && csrf.contains("Secure"),
        "{csrf}"
    );
    let signed_in = app.anonymous().sign_in("lee@example.org", PASSWORD).await;
    assert!(session_cookie(&signed_in).contains("Secure"));
    assert!(
        app.get("/static/highlight.css")
            .await
            .header("strict-transport-security")
            .is_some()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_sharing_the_database_share_one_count() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    let limit = app.state.throttle_policy().per_account_and_address as usize;
    // A second instance: its own pool and state on the same database.
    let pool = highlight_store::db::connect(&app.db.settings())
        .await
        .expect("the second instance connects");
    let other = highlight_web::app::router(
        highlight_web::app::AppState::new(pool.clone(), test_settings()).expect("state"),
    );

    let tasks: Vec<_> = (0..100)
        .map(|i| {
            let router = if i % 2 == 0 {
                app.router()
            } else {
                other.clone()
            };
            let request = sign_in_from("lee@example.org", &format!("guess {i}"), OFFICE, None);
            tokio::spawn(async move { router.oneshot(request).await.expect("answers").status() })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("finishes"));
    }

    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    assert!(
        statuses.iter().all(|s| [
            StatusCode::UNAUTHORIZED,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::SERVICE_UNAVAILABLE
        ]
        .contains(s)),
        "{statuses:?}"
    );
    assert!(checked <= limit, "{checked} checked across both instances");
    if !statuses.contains(&StatusCode::SERVICE_UNAVAILABLE) {
        assert_eq!(checked, limit);
    }
    pool.close().await.ok();
}

/// A pool far too small for the burst, with a short wait: many answers are 503, none 500.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_on_a_starved_pool_is_answered_503_never_500() {
    let app = TestApp::new().await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    app.add_user("sam@example.org", "Sam Sponsor", false).await;
    let pool = highlight_store::db::connect(&highlight_store::db::DatabaseSettings {
        url: app.db.url.clone(),
        max_connections: 1,
        timeout_seconds: 1,
        acquire_timeout_seconds: 1,
    })
    .await
    .expect("connects");
    let router = highlight_web::app::router(
        highlight_web::app::AppState::new(pool.clone(), test_settings()).expect("state"),
    );
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let router = router.clone();
            let (email, password) = match i % 4 {
                0 => ("sam@example.org", PASSWORD),
                1 => ("lee@example.org", "guess"),
                _ => ("nobody@example.org", "guess"),
            };
            let from = format!("203.0.113.{}", i % 50);
            let request = sign_in_from(email, password, &from, None);
            tokio::spawn(async move {
                let response = router.oneshot(request).await.expect("answers");
                (
                    response.status(),
                    response.headers().contains_key(header::RETRY_AFTER),
                )
            })
        })
        .collect();
    for task in tasks {
        let (status, retry_after) = task.await.expect("finishes");
        assert!(
            [
                StatusCode::SEE_OTHER,
                StatusCode::UNAUTHORIZED,
                StatusCode::TOO_MANY_REQUESTS,
                StatusCode::SERVICE_UNAVAILABLE
            ]
            .contains(&status),
            "{status}"
        );
        if status == StatusCode::SERVICE_UNAVAILABLE {
            assert!(retry_after, "a 503 says when to retry");
        }
    }
    pool.close().await.ok();
}

#[tokio::test]
async fn an_api_call_with_a_timed_out_session_is_refused_and_the_cookie_removed() {
    let (app, clock) = TestApp::at(nine_am()).await;
    app.add_user("lee@example.org", "Lee Lead", false).await;
    let mut browser = app.signed_in("lee@example.org").await;
    assert_eq!(browser.get("/api/v1/me").await.status, StatusCode::OK);

    clock.set(nine_am() + Duration::minutes(31));
    let refused = browser.get("/api/v1/me").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.json()["error"]["status"], 401);
    assert!(!browser.cookies.contains_key("highlight_session"));
}
