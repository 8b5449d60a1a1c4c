//! Calling the app: in-process through the router (fast, for most tests), or over a
//! real socket against the real `highlight` binary (for what only the binary does).
//!
//! [`Client`] behaves like a browser: it keeps cookies, and its `post_form` sends the
//! CSRF token from the cookie as the hidden `_csrf` field a real form carries.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use chrono::Utc;
use http_body_util::BodyExt;
use tower::ServiceExt;

use highlight_store::users::{NewUser, UserRecord, create};
use highlight_web::app::{AppState, router};
use highlight_web::auth::password;
use highlight_web::config::{Environment, Settings};

use super::db::TestDb;

pub struct TestApp {
    /// Declared first so it runs first when the app is dropped, while the database
    /// still exists. See [`OutboxCheck`].
    outbox_check: OutboxCheck,
    pub db: TestDb,
    pub state: AppState,
    /// Built once, as `highlight serve` does (building it generates the OpenAPI document).
    router: axum::Router,
}

#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    bytes: Vec<u8>,
}

impl TestResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }

    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or_default()
    }

    /// The body as sent (for binary downloads).
    pub fn body_bytes(&self) -> Vec<u8> {
        self.bytes.clone()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// The password test accounts get.
pub const PASSWORD: &str = "a test password of some length";

impl TestApp {
    /// An app on a fresh, migrated database with the test configuration.
    pub async fn new() -> Self {
        Self::on(TestDb::migrated().await)
    }

    /// An app whose every request runs at `now`, as told by the returned clock (move it
    /// with `clock.set(..)`): for tests that pin dates rather than shift data to today.
    pub async fn at(
        now: chrono::DateTime<chrono::Utc>,
    ) -> (Self, std::sync::Arc<highlight_app::clock::FixedClock>) {
        let mut app = Self::new().await;
        let clock = std::sync::Arc::new(highlight_app::clock::FixedClock::at(now));
        app.state = app.state.clone().with_clock(clock.clone());
        app.router = router(app.state.clone());
        (app, clock)
    }

    /// The same app with its settings changed by `change` (its clock kept): for tests of
    /// what a setting does.
    pub fn reconfigure(&mut self, change: impl FnOnce(&mut Settings)) {
        let mut settings = (*self.state.settings).clone();
        change(&mut settings);
        self.state = AppState::new(self.db.conn.clone(), settings)
            .expect("app state builds")
            .with_clock(self.state.clock.clone());
        self.router = router(self.state.clone());
    }

    /// The router, to call from many tasks at once.
    pub fn router(&self) -> axum::Router {
        self.router.clone()
    }

    /// An app on an existing database (as after a restart).
    pub fn on(db: TestDb) -> Self {
        let mut settings = test_settings();
        settings.database = db.settings();
        let state = AppState::new(db.conn.clone(), settings).expect("app state builds");
        let router = router(state.clone());
        Self {
            outbox_check: OutboxCheck::new(&db.url),
            db,
            state,
            router,
        }
    }

    /// The same database served by a new app, as after a restart. The end-of-test
    /// check goes with the database to the new app.
    pub fn restart(self) -> Self {
        let Self {
            outbox_check, db, ..
        } = self;
        outbox_check.disarm();
        Self::on(db)
    }

    /// Says this test leaves mail in the outbox on purpose (it checks what was queued,
    /// not what was sent), so the end-of-test check lets it be.
    #[allow(dead_code)] // no test needs it today; it is the check's one way out
    pub fn expect_undelivered_mail(&self) {
        self.outbox_check.disarm();
    }

    /// Delivers every message queued so far through the test transport (capture), as
    /// the scheduler would; returns what it did.
    pub async fn deliver_mail(&self) -> highlight_web::mail::DeliveryReport {
        let mailer = highlight_web::mail::Mailer::from_settings(&self.state.settings)
            .expect("the test mailer builds");
        mailer
            .deliver_due(&self.state.db, Utc::now())
            .await
            .expect("delivery runs")
    }

    /// A client with no cookies: someone not signed in.
    pub fn anonymous(&self) -> Client<'_> {
        Client {
            app: self,
            cookies: BTreeMap::new(),
            bearer: None,
        }
    }

    /// A client calling with `Authorization: Bearer TOKEN`.
    pub fn with_token(&self, token: &str) -> Client<'_> {
        Client {
            app: self,
            cookies: BTreeMap::new(),
            bearer: Some(token.to_owned()),
        }
    }

    /// A client signed in as `email` through the real sign-in form.
    pub async fn signed_in(&self, email: &str) -> Client<'_> {
        let mut client = self.anonymous();
        let response = client.sign_in(email, PASSWORD).await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "sign-in as {email} failed: {}",
            response.body
        );
        client
    }

    /// Adds an account with [`PASSWORD`].
    pub async fn add_user(&self, email: &str, name: &str, is_admin: bool) -> UserRecord {
        let hash = password::hash(PASSWORD).expect("hashes");
        create(
            &self.db.conn,
            &NewUser {
                email: email.into(),
                name: name.into(),
                is_admin,
                password_hash: Some(hash),
            },
            Utc::now(),
        )
        .await
        .expect("user added")
    }

    /// GET without cookies.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.anonymous().get(path).await
    }

    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body reads")
            .to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }
}

pub struct Client<'a> {
    app: &'a TestApp,
    pub cookies: BTreeMap<String, String>,
    bearer: Option<String>,
}

impl Client<'_> {
    pub async fn get(&mut self, path: &str) -> TestResponse {
        let request = self
            .request("GET", path)
            .body(Body::empty())
            .expect("request builds");
        self.send(request).await
    }

    /// Posts a form as a browser would, with the CSRF token from the cookie.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        if !self.cookies.contains_key("highlight_csrf") && self.bearer.is_none() {
            self.get("/login").await;
        }
        let token = self
            .cookies
            .get("highlight_csrf")
            .cloned()
            .unwrap_or_default();
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form_raw(path, &all).await
    }

    /// Posts exactly these fields (no CSRF token added).
    pub async fn post_form_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let request = self
            .request("POST", path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request builds");
        self.send(request).await
    }

    /// Sends a body of `content_type` with `method` (the CSRF header added for cookie
    /// sessions, as a script using the session would).
    pub async fn send_body(
        &mut self,
        method: &str,
        path: &str,
        content_type: &str,
        body: &str,
    ) -> TestResponse {
        let mut builder = self
            .request(method, path)
            .header(header::CONTENT_TYPE, content_type);
        if let Some(token) = self.cookies.get("highlight_csrf") {
            builder = builder.header("x-csrf-token", token.clone());
        }
        let request = builder
            .body(Body::from(body.to_owned()))
            .expect("request builds");
        self.send(request).await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> TestResponse {
        self.post_form(
            "/login",
            &[("email", email), ("password", password), ("next", "/")],
        )
        .await
    }

    fn request(&self, method: &str, path: &str) -> axum::http::request::Builder {
        let mut builder = Request::builder().method(method).uri(path);
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            builder = builder.header(header::COOKIE, cookie);
        }
        if let Some(token) = &self.bearer {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        builder
    }

    async fn send(&mut self, request: Request<Body>) -> TestResponse {
        let response = self.app.send(request).await;
        for value in response.headers.get_all(header::SET_COOKIE) {
            let Ok(text) = value.to_str() else { continue };
            let Some((pair, attributes)) = text.split_once(';').or(Some((text, ""))) else {
                continue;
            };
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            let removed = attributes.to_ascii_lowercase().contains("max-age=0") || value.is_empty();
            if removed {
                self.cookies.remove(name.trim());
            } else {
                self.cookies
                    .insert(name.trim().to_owned(), value.trim().to_owned());
            }
        }
        response
    }
}

pub fn test_settings() -> Settings {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
    Settings::load(Environment::Test, &dir).expect("test settings load")
}

/// A plain HTTP/1.1 GET over a socket: no client library needed for a smoke test.
pub async fn raw_get(address: &str, path: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("server accepts");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .expect("request sent");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("response read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// A new API token for the account with `email` (as `highlight token create` makes one).
pub async fn api_token(app: &TestApp, email: &str) -> String {
    use highlight_store::entities::api_tokens;
    use highlight_web::auth::secret;
    use sea_orm::{ActiveModelTrait, Set};
    let user = highlight_store::people::by_email(&app.db.conn, email)
        .await
        .unwrap()
        .expect("the account exists");
    let token = format!("hl_{}", secret::new_secret());
    api_tokens::ActiveModel {
        user_id: Set(user.id.0),
        name: Set("tests".into()),
        token_hash: Set(secret::hash(&token)),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&app.db.conn)
    .await
    .expect("token stored");
    token
}

/// A JSON API call with a bearer token (`None`: no credentials) and an optional body.
pub async fn api(
    app: &TestApp,
    token: Option<&str>,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> TestResponse {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = match body {
        Some(json) => {
            builder = builder.header(header::CONTENT_TYPE, "application/json");
            Body::from(json.to_string())
        }
        None => Body::empty(),
    };
    app.send(builder.body(body).expect("request builds")).await
}

/// The end-of-test check on the outbox (the idea of crates.io's test app, which fails a
/// test that leaves background jobs unprocessed): when a [`TestApp`] is dropped at the
/// end of a test that did not panic, every message still queued or being sent fails
/// the test, naming them. A test that queues mail either delivers it
/// ([`TestApp::deliver_mail`]) and looks at what went, or says it leaves mail queued on
/// purpose ([`TestApp::expect_undelivered_mail`]) — so mail a change starts queueing
/// unnoticed does not go unnoticed.
struct OutboxCheck {
    url: String,
    armed: std::sync::atomic::AtomicBool,
}

impl OutboxCheck {
    fn new(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            armed: std::sync::atomic::AtomicBool::new(true),
        }
    }

    fn disarm(&self) {
        self.armed
            .store(false, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Drop for OutboxCheck {
    fn drop(&mut self) {
        if std::thread::panicking() || !self.armed.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let Some(left) = super::db::undelivered_mail_blocking(&self.url) else {
            return;
        };
        assert!(
            left.is_empty(),
            "the test left mail in the outbox that nothing delivered: {left:?}. Deliver it \
             with `app.deliver_mail().await` (and check what went), or call \
             `app.expect_undelivered_mail()` if leaving it queued is the point"
        );
    }
}
