//! Calling the app: in-process through the router (fast, for most tests), or over a
//! real socket against the real `highlight` binary (for what only the binary does).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use highlight_web::app::{AppState, router};
use highlight_web::config::{Environment, Settings};

use super::db::TestDb;

pub struct TestApp {
    pub db: TestDb,
    pub state: AppState,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub content_type: String,
    pub body: String,
}

impl TestApp {
    /// An app on a fresh, migrated database with the test configuration.
    pub async fn new() -> Self {
        let db = TestDb::migrated().await;
        let mut settings = test_settings();
        settings.database = db.settings();
        let state = AppState::new(db.conn.clone(), settings).expect("app state builds");
        Self { db, state }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        let request = Request::get(path)
            .body(Body::empty())
            .expect("request builds");
        self.send(request).await
    }

    /// A form POST with an empty body.
    pub async fn post(&self, path: &str) -> TestResponse {
        let request = Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::empty())
            .expect("request builds");
        self.send(request).await
    }

    async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = router(self.state.clone())
            .oneshot(request)
            .await
            .expect("router answers");
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body reads")
            .to_bytes();
        TestResponse {
            status,
            content_type,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
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
