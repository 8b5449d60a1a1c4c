//! The first pages: health, the programme list, errors, assets.

use axum::http::StatusCode;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, Set};

use highlight_store::entities::{programmes, users, workstreams};

use crate::support::http::TestApp;

#[tokio::test]
async fn healthz_answers_200_when_the_database_answers() {
    let app = TestApp::new().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status, StatusCode::OK);
}

#[tokio::test]
async fn healthz_answers_503_when_the_database_is_gone() {
    let app = TestApp::new().await;
    app.db.conn.clone().close().await.expect("closes");
    let response = app.get("/healthz").await;
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn the_first_page_asks_someone_not_signed_in_to_sign_in() {
    let app = TestApp::new().await;
    let response = app.get("/").await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.content_type().starts_with("text/html"));
    assert!(response.body.contains(">Sign in</h1>"));
    assert!(response.body.contains("name=\"_csrf\""));
}

#[tokio::test]
async fn the_first_page_invites_an_administrator_to_load_the_demo_when_empty() {
    let app = TestApp::new().await;
    app.add_user("office@example.org", "Programme Office", true)
        .await;
    let mut office = app.signed_in("office@example.org").await;
    let response = office.get("/").await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.body.contains("There are no programmes yet"));
    assert!(response.body.contains("--demo"));
}

#[tokio::test]
async fn the_first_page_lists_programmes_with_their_workstreams_and_leads() {
    let app = TestApp::new().await;
    let now = Utc::now();
    let lead = users::ActiveModel {
        email: Set("lee.lead@example.org".into()),
        name: Set("Lee Lead".into()),
        password_hash: Set(None),
        is_admin: Set(false),
        disabled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db.conn)
    .await
    .expect("user");
    let programme = programmes::ActiveModel {
        slug: Set("north-star".into()),
        name: Set("North Star".into()),
        description: Set("Joining up services".into()),
        sponsor: Set("Chief Executives".into()),
        programme_manager_id: Set(None),
        time_zone: Set("Europe/London".into()),
        currency: Set("GBP".into()),
        holiday_region: Set("england-and-wales".into()),
        reporting_cycle: Set("{}".into()),
        reminder_policy: Set("{}".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db.conn)
    .await
    .expect("programme");
    for (position, name) in ["Shared Services", "Customer Access"]
        .into_iter()
        .enumerate()
    {
        workstreams::ActiveModel {
            programme_id: Set(programme.id),
            slug: Set(name.to_lowercase().replace(' ', "-")),
            name: Set(name.into()),
            lead_id: Set(Some(lead.id)),
            deputy_id: Set(None),
            lead_organisation: Set(String::new()),
            stage: Set(1),
            status: Set("active".into()),
            position: Set(position as i32),
            started_on: Set(now.date_naive()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db.conn)
        .await
        .expect("workstream");
    }

    app.add_user("office@example.org", "Programme Office", true)
        .await;
    let response = app.signed_in("office@example.org").await.get("/").await;

    assert_eq!(response.status, StatusCode::OK);
    let body = response.body;
    assert!(body.contains("North Star"));
    let shared = body
        .find("Shared Services")
        .expect("first workstream listed");
    let access = body
        .find("Customer Access")
        .expect("second workstream listed");
    assert!(shared < access, "workstreams keep their programme order");
    assert!(body.contains("Lee Lead"));
}

#[tokio::test]
async fn an_unknown_page_is_a_helpful_404_page() {
    let app = TestApp::new().await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert!(response.content_type().starts_with("text/html"));
    assert!(response.body.contains(">Page not found</h1>"));
    assert!(
        response
            .body
            .contains("The page you asked for was not found.")
    );
    assert!(response.body.contains(r#"href="/""#));
}

#[tokio::test]
async fn the_stylesheet_is_served_by_the_app_itself() {
    let app = TestApp::new().await;
    let response = app.get("/static/highlight.css").await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.content_type().starts_with("text/css"));
    let missing = app.get("/static/nope.css").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}
