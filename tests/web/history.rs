//! The programme's history heat map: workstreams × periods, words and links in every cell.

use axum::http::StatusCode;
use chrono::Utc;
use highlight_web::demo::{self, DEMO_PASSWORD};

use crate::support::http::TestApp;

#[tokio::test]
async fn the_heat_map_shows_every_workstream_by_period_in_words_linking_to_each_report() {
    let app = TestApp::new().await;
    demo::load_if_empty(&app.db.conn, Utc::now())
        .await
        .expect("demo loads");
    let mut board = app.anonymous();
    board
        .sign_in("richard.ashworth@pioneer-somerset.example", DEMO_PASSWORD)
        .await;

    let page = board.get("/programmes/pioneer-somerset/history").await;

    assert_eq!(page.status, StatusCode::OK);
    let body = page.body;
    assert!(body.contains("<caption>Overall status by workstream and reporting period"));
    assert!(
        body.contains(">Red<span class=\"heat-exception\"> (exception)</span>"),
        "ESP is red with an exception"
    );
    assert!(
        body.contains(">Not received<"),
        "Customer Access shows in words, not colour alone"
    );
    assert_eq!(
        body.matches("<th scope=\"row\">").count(),
        9,
        "a row per workstream"
    );
    assert!(
        body.contains("/workstreams/shared-services/reports/"),
        "cells link to their reports"
    );
    assert!(!body.contains("style="), "no inline styles (CSP)");
}

#[tokio::test]
async fn the_heat_map_is_refused_to_someone_without_a_role() {
    let app = TestApp::new().await;
    demo::load_if_empty(&app.db.conn, Utc::now())
        .await
        .expect("demo loads");
    app.add_user("stan@example.org", "Stan Stranger", false)
        .await;
    let response = app
        .signed_in("stan@example.org")
        .await
        .get("/programmes/pioneer-somerset/history")
        .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
}
