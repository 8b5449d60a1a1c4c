//! The JSON API for reports and the board: the same services as the pages, the same
//! refusals, one error shape with field errors.

use axum::http::StatusCode;
use serde_json::json;

use crate::pioneer::*;
use highlight_store::programmes::ProgrammeRole;

fn base(ws: &str, due: chrono::NaiveDate) -> String {
    format!("/api/v1/programmes/{PROGRAMME}/workstreams/{ws}/reports/{due}")
}

#[tokio::test]
async fn the_api_lists_programmes_workstreams_and_the_board_matrix() {
    let app = demo_app().await;
    let token = token_for(&app, BOARD_MEMBER).await;

    let programmes = api(&app, Some(&token), "GET", "/api/v1/programmes", None).await;
    let programme = api(
        &app,
        Some(&token),
        "GET",
        &format!("/api/v1/programmes/{PROGRAMME}"),
        None,
    )
    .await;
    let workstreams = api(
        &app,
        Some(&token),
        "GET",
        &format!("/api/v1/programmes/{PROGRAMME}/workstreams"),
        None,
    )
    .await;
    let board = api(
        &app,
        Some(&token),
        "GET",
        &format!("/api/v1/programmes/{PROGRAMME}/board"),
        None,
    )
    .await;
    let openapi = app.get("/api/v1/openapi.json").await;

    assert_eq!(programmes.status, StatusCode::OK);
    assert_eq!(programmes.json()[0]["slug"], PROGRAMME);
    assert_eq!(programme.json()["name"], "Pioneer Somerset");
    assert_eq!(workstreams.json().as_array().unwrap().len(), 9);
    let board = board.json();
    let rows = board["rows"].as_array().unwrap();
    assert_eq!(rows[0]["workstream"], "enhanced-strategic-partnership");
    assert_eq!(rows[0]["assessment"]["overall"]["rag"], "red");
    assert!(
        rows[0]["assessment"]["overall"]["explanation"]
            .as_str()
            .unwrap()
            .contains("exceeds")
    );
    assert_eq!(rows[1]["workstream"], "customer-access");
    assert_eq!(rows[1]["status"], "overdue");
    assert_eq!(board["period"]["due_date"], due(&app).await.to_string());
    let doc = openapi.json();
    for path in [
        "/api/v1/programmes/{slug}/board",
        "/api/v1/programmes/{slug}/workstreams/{ws}/reports/{due_date}",
        "/api/v1/programmes/{slug}/workstreams/{ws}/reports/{due_date}/corrections",
        "/api/v1/programmes/{slug}/workstreams/{ws}/reports/{due_date}/reviews",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
}

#[tokio::test]
async fn the_api_saves_submits_corrects_and_reviews_a_report() {
    let app = demo_app().await;
    let lead = token_for(&app, CUSTOMER_ACCESS_LEAD).await;
    let board = token_for(&app, BOARD_MEMBER).await;
    let url = base("customer-access", due(&app).await);

    // The lead reads the draft with its lock version.
    let read = api(&app, Some(&lead), "GET", &url, None).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    let read = read.json();
    assert_eq!(read["state"], "draft");
    assert_eq!(read["status"], "overdue");
    let lock = read["working_copy"]["lock_version"].as_i64().unwrap();
    let mut fields = read["working_copy"]["fields"].clone();

    // An unreadable value is 422 with the field named.
    fields["spend_to_date"] = json!("abc");
    let bad = api(
        &app,
        Some(&lead),
        "PUT",
        &url,
        Some(json!({"lock_version": lock, "fields": fields})),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["error"]["fields"][0]["field"], "spend_to_date");

    // Save, then a stale lock version is 409.
    fields["spend_to_date"] = json!("");
    for (k, v) in COMPLETE {
        fields[*k] = json!(v);
    }
    let saved = api(
        &app,
        Some(&lead),
        "PUT",
        &url,
        Some(json!({"lock_version": lock, "fields": fields})),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let lock = saved.json()["working_copy"]["lock_version"]
        .as_i64()
        .unwrap();
    let stale = api(
        &app,
        Some(&lead),
        "PUT",
        &url,
        Some(json!({"lock_version": lock - 1, "fields": fields})),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.json()["error"]["status"], 409);

    // Submit: revision 1.
    let submitted = api(
        &app,
        Some(&lead),
        "POST",
        &format!("{url}/submit"),
        Some(json!({"lock_version": lock})),
    )
    .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    let submitted = submitted.json();
    assert_eq!(submitted["current_revision"], 1);
    assert_eq!(
        submitted["revision"]["content"]["status_grid"]["overall"]["this_period"], "amber",
        "the lead's stated overall RAG, typed"
    );
    let lock = submitted["working_copy"]["lock_version"].as_i64().unwrap();

    // A correction without a reason is 422; with one, revision 2 with its changes.
    let mut corrected = fields.clone();
    corrected["problems"] = json!("Councils meet on 3 December");
    let no_reason = api(
        &app,
        Some(&lead),
        "POST",
        &format!("{url}/corrections"),
        Some(json!({"lock_version": lock, "fields": corrected})),
    )
    .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_reason.json()["error"]["fields"][0]["field"], "reason");
    let ok = api(
        &app,
        Some(&lead),
        "POST",
        &format!("{url}/corrections"),
        Some(json!({"lock_version": lock, "reason": "Meeting date known", "fields": corrected})),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let revisions = api(&app, Some(&board), "GET", &format!("{url}/revisions"), None)
        .await
        .json();
    assert_eq!(revisions.as_array().unwrap().len(), 2);
    assert_eq!(revisions[1]["reason"], "Meeting date known");
    let two = api(
        &app,
        Some(&board),
        "GET",
        &format!("{url}/revisions/2"),
        None,
    )
    .await
    .json();
    assert_eq!(two["changes"][0]["field"], "problems");
    assert_eq!(two["changes"][0]["after"], "Councils meet on 3 December");

    // The board reviews it; a reader sees no working copy.
    let reviewed = api(
        &app,
        Some(&board),
        "POST",
        &format!("{url}/reviews"),
        Some(json!({"comment": "Noted", "mark_reviewed": true})),
    )
    .await;
    assert_eq!(reviewed.status, StatusCode::OK, "{}", reviewed.body);
    let reviewed = reviewed.json();
    assert_eq!(reviewed["state"], "reviewed");
    assert_eq!(reviewed["comments"][0]["body"], "Noted");
    assert!(reviewed["working_copy"].is_null());
    let list = api(
        &app,
        Some(&board),
        "GET",
        &format!("/api/v1/programmes/{PROGRAMME}/workstreams/customer-access/reports"),
        None,
    )
    .await
    .json();
    assert_eq!(list[0]["state"], "reviewed");
}

#[tokio::test]
async fn the_api_refuses_what_the_pages_refuse() {
    let app = demo_app().await;
    let due = due(&app).await;
    let draft = base("customer-access", due);
    let submitted = base("shared-services", due);
    let other_lead = token_for(&app, SHARED_SERVICES_LEAD).await;
    person_with_role(&app, "viewer@example.org", Some(ProgrammeRole::Viewer)).await;
    person_with_role(&app, "stranger@example.org", None).await;
    let viewer = token_for(&app, "viewer@example.org").await;
    let stranger = token_for(&app, "stranger@example.org").await;

    let anonymous = api(&app, None, "GET", &draft, None).await;
    let read_draft = api(&app, Some(&other_lead), "GET", &draft, None).await;
    let write_draft = api(
        &app,
        Some(&other_lead),
        "PUT",
        &draft,
        Some(json!({"lock_version": 0, "fields": {}})),
    )
    .await;
    let viewer_reads = api(&app, Some(&viewer), "GET", &submitted, None).await;
    let viewer_reviews = api(
        &app,
        Some(&viewer),
        "POST",
        &format!("{submitted}/reviews"),
        Some(json!({"mark_reviewed": true})),
    )
    .await;
    let stranger_board = api(
        &app,
        Some(&stranger),
        "GET",
        &format!("/api/v1/programmes/{PROGRAMME}/board"),
        None,
    )
    .await;
    let stranger_list = api(&app, Some(&stranger), "GET", "/api/v1/programmes", None).await;

    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(read_draft.status, StatusCode::FORBIDDEN);
    assert_eq!(write_draft.status, StatusCode::FORBIDDEN);
    assert_eq!(read_draft.json()["error"]["status"], 403);
    assert_eq!(viewer_reads.status, StatusCode::OK);
    assert!(viewer_reads.json()["working_copy"].is_null());
    assert_eq!(viewer_reviews.status, StatusCode::FORBIDDEN);
    assert_eq!(stranger_board.status, StatusCode::FORBIDDEN);
    assert_eq!(stranger_list.json().as_array().unwrap().len(), 0);
}
