//! No input gives a 500: a NUL (which PostgreSQL refuses in text) or bytes that are not
//! UTF-8, in any form, JSON body, query string or address, are refused with a 4xx
//! naming the field; a page number too big for any log is the last page; wrong JSON
//! types, an empty PATCH and every other API error come back in the one JSON error
//! shape; a CSV file with an unclosed quote is refused naming the line.
//!
//! These run on SQLite and, with `HIGHLIGHT_TEST_DATABASE_URL`, on PostgreSQL, where a
//! NUL that reached a query was a 500.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;

use crate::setup_support::*;
use crate::support::http::{TestApp, TestResponse, api, api_token};

/// The fields a 422 page's error summary links to.
fn fields_named(page: &TestResponse) -> Vec<String> {
    summary_links(&page.body)
        .into_iter()
        .map(|(href, _)| href)
        .collect()
}

/// The fields a JSON error names.
fn json_fields(response: &TestResponse) -> Vec<String> {
    response.json()["error"]["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|f| f["field"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Asserts `response` is the JSON error shape with `status`.
fn assert_json_error(response: &TestResponse, status: StatusCode) {
    assert_eq!(response.status, status, "{}", response.body);
    assert!(
        response.content_type().starts_with("application/json"),
        "{}: {}",
        response.content_type(),
        response.body
    );
    let body = response.json();
    assert_eq!(
        body["error"]["status"],
        status.as_u16(),
        "{}",
        response.body
    );
    assert!(
        !body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .is_empty(),
        "{}",
        response.body
    );
}

/// A request with raw bytes for a body.
async fn send_bytes(
    app: &TestApp,
    token: &str,
    method: &str,
    path: &str,
    content_type: &str,
    body: &[u8],
) -> TestResponse {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body.to_vec()))
        .unwrap();
    app.send(request).await
}

#[tokio::test]
async fn a_nul_in_the_sign_in_or_forgotten_password_form_is_refused_naming_the_field() {
    // Arrange
    let app = programme().await;
    let mut anonymous = app.anonymous();

    // Act
    let sign_in = anonymous
        .post_form(
            "/login",
            &[
                ("email", "claire\0@example.org"),
                ("password", "x"),
                ("next", "/"),
            ],
        )
        .await;
    let forgot = anonymous
        .post_form(
            "/password/forgot",
            &[("email", "claire.whitcombe@example.org\0")],
        )
        .await;
    let in_the_password = anonymous
        .post_form(
            "/login",
            &[
                ("email", MANAGER),
                ("password", "pass\0word"),
                ("next", "/"),
            ],
        )
        .await;

    // Assert
    for (page, field) in [
        (sign_in, "email"),
        (forgot, "email"),
        (in_the_password, "password"),
    ] {
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            page.body
        );
        assert_eq!(fields_named(&page), [field], "{}", page.body);
        assert!(page.body.contains("NUL"), "{}", page.body);
    }
}

#[tokio::test]
async fn a_nul_in_a_set_up_form_is_refused_naming_the_field() {
    // Arrange
    let app = programme().await;
    let mut pm = app.signed_in(MANAGER).await;
    let mut fields = workstream_fields("Customer Access", LEAD);
    fields[0] = ("name", "Customer\0Access");

    // Act
    let workstream = pm
        .post_form(&format!("/programmes/{SLUG}/workstreams/new"), &fields)
        .await;
    let person = pm
        .post_form(
            &format!("/programmes/{SLUG}/people"),
            &[
                ("email", "nia@example.org"),
                ("name", "Nia\0"),
                ("role", "viewer"),
            ],
        )
        .await;

    // Assert
    assert_eq!(workstream.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields_named(&workstream), ["name"], "{}", workstream.body);
    assert_eq!(person.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields_named(&person), ["name"], "{}", person.body);
    let overview = pm.get(&format!("/programmes/{SLUG}/setup")).await;
    assert!(!overview.body.contains("Customer"), "nothing was stored");
}

#[tokio::test]
async fn a_nul_in_the_report_form_is_refused_naming_the_field() {
    // Arrange
    let app = crate::pioneer::demo_app().await;
    let mut lead = crate::pioneer::sign_in(&app, crate::pioneer::CUSTOMER_ACCESS_LEAD).await;
    let url = crate::pioneer::report_url("customer-access", crate::pioneer::due(&app).await);

    // Act
    let saved = lead
        .post_form(
            &url,
            &[
                ("stage", "1"),
                ("problems", "Survey\0 delayed"),
                ("lock_version", "0"),
                ("action", "save"),
            ],
        )
        .await;

    // Assert
    assert_eq!(
        saved.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        saved.body
    );
    assert_eq!(fields_named(&saved), ["problems"], "{}", saved.body);
}

#[tokio::test]
async fn a_nul_in_a_json_body_query_or_address_is_refused_in_the_json_error_shape() {
    // Arrange
    let app = programme().await;
    let token = api_token(&app, MANAGER).await;
    let base = format!("/api/v1/programmes/{SLUG}");

    // Act
    let created = api(
        &app,
        Some(&token),
        "POST",
        &format!("{base}/workstreams"),
        Some(json!({"name": "Customer\u{0}Access"})),
    )
    .await;
    let member = api(
        &app,
        Some(&token),
        "POST",
        &format!("{base}/members"),
        Some(json!({"email": "nia@example.org", "name": "Nia", "role": "viewer\u{0}"})),
    )
    .await;
    let query = api(
        &app,
        Some(&token),
        "GET",
        &format!("{base}/audit?page=%00"),
        None,
    )
    .await;
    let address = api(
        &app,
        Some(&token),
        "GET",
        "/api/v1/programmes/pioneer%00",
        None,
    )
    .await;
    let page_address = app
        .signed_in(MANAGER)
        .await
        .get("/programmes/pioneer%00/setup")
        .await;

    // Assert
    assert_json_error(&created, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_fields(&created), ["name"]);
    assert_json_error(&member, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_fields(&member), ["role"]);
    assert_json_error(&query, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_fields(&query), ["page"]);
    assert_json_error(&address, StatusCode::NOT_FOUND);
    assert_eq!(page_address.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bytes_that_are_not_utf8_are_refused_not_replaced() {
    // Arrange
    let app = programme().await;
    let token = api_token(&app, MANAGER).await;
    let mut anonymous = app.anonymous();
    anonymous.get("/login").await;

    // Act: %FF decodes to a byte that is no UTF-8 text; the JSON holds a raw 0xFF.
    let form = anonymous
        .send_body(
            "POST",
            "/login",
            "application/x-www-form-urlencoded",
            "email=claire%FF%40example.org&password=x&next=%2F",
        )
        .await;
    let json_body = send_bytes(
        &app,
        &token,
        "POST",
        &format!("/api/v1/programmes/{SLUG}/workstreams"),
        "application/json",
        b"{\"name\": \"Customer \xff Access\"}",
    )
    .await;
    let csv = send_bytes(
        &app,
        &token,
        "POST",
        &format!("/api/v1/programmes/{SLUG}/workstreams/import?dry_run=true"),
        "text/csv",
        b"name\nCustomer \xff Access\n",
    )
    .await;

    // Assert
    assert_eq!(
        form.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        form.body
    );
    assert_eq!(fields_named(&form), ["email"], "{}", form.body);
    assert!(form.body.contains("UTF-8"), "{}", form.body);
    assert_json_error(&json_body, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json_body.body.contains("UTF-8"), "{}", json_body.body);
    assert_json_error(&csv, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(csv.body.contains("UTF-8"), "{}", csv.body);
}

#[tokio::test]
async fn a_page_number_too_big_for_the_audit_log_shows_the_last_page() {
    // Arrange
    let app = programme().await;
    let mut admin = app.signed_in(ADMIN).await;
    let token = api_token(&app, ADMIN).await;

    for huge in ["18446744073709551615", "99999999999999999999999999", "0"] {
        // Act
        let programme = admin
            .get(&format!("/programmes/{SLUG}/audit?page={huge}"))
            .await;
        let accounts = admin.get(&format!("/admin/audit?page={huge}")).await;
        let api_page = api(
            &app,
            Some(&token),
            "GET",
            &format!("/api/v1/programmes/{SLUG}/audit?page={huge}"),
            None,
        )
        .await;

        // Assert
        assert_eq!(
            programme.status,
            StatusCode::OK,
            "{huge}: {}",
            programme.body
        );
        assert_eq!(accounts.status, StatusCode::OK, "{huge}: {}", accounts.body);
        assert_eq!(api_page.status, StatusCode::OK, "{huge}: {}", api_page.body);
        let body = api_page.json();
        assert_eq!(body["page"], 1, "{huge}: one page of entries, so page 1");
        assert!(!body["entries"].as_array().unwrap().is_empty());
    }
    // A page that is not a number is a client's mistake, said in the JSON error shape.
    let words = api(
        &app,
        Some(&token),
        "GET",
        &format!("/api/v1/programmes/{SLUG}/audit?page=last"),
        None,
    )
    .await;
    assert!(words.status.is_client_error(), "{}", words.body);
    assert_json_error(&words, words.status);
}

#[tokio::test]
async fn a_json_value_of_the_wrong_type_is_422_naming_the_field() {
    // Arrange
    let app = programme().await;
    let token = api_token(&app, MANAGER).await;
    let base = format!("/api/v1/programmes/{SLUG}");

    // Act
    let name_false = api(
        &app,
        Some(&token),
        "POST",
        &format!("{base}/workstreams"),
        Some(json!({"name": false})),
    )
    .await;
    let stage_list = api(
        &app,
        Some(&token),
        "PATCH",
        &format!("{base}/workstreams/shared-services"),
        Some(json!({"stage": [2]})),
    )
    .await;
    let member_object = api(
        &app,
        Some(&token),
        "POST",
        &format!("{base}/members"),
        Some(json!({"email": {"address": "nia@example.org"}, "role": "viewer"})),
    )
    .await;
    let numbers_still_read_as_text = api(
        &app,
        Some(&token),
        "PATCH",
        &format!("{base}/workstreams/shared-services"),
        Some(json!({"stage": 2})),
    )
    .await;

    // Assert
    assert_json_error(&name_false, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_fields(&name_false), ["name"]);
    assert_json_error(&stage_list, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_fields(&stage_list), ["stage"]);
    assert_json_error(&member_object, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_fields(&member_object), ["email"]);
    assert_eq!(
        numbers_still_read_as_text.status,
        StatusCode::OK,
        "{}",
        numbers_still_read_as_text.body
    );
    let workstreams = api(
        &app,
        Some(&token),
        "GET",
        &format!("{base}/workstreams"),
        None,
    )
    .await
    .json();
    assert!(
        workstreams
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["name"] != "false"),
        "no workstream called \"false\""
    );
}

#[tokio::test]
async fn a_patch_with_nothing_to_change_is_422() {
    // Arrange
    let app = programme().await;
    let token = api_token(&app, MANAGER).await;
    let path = format!("/api/v1/programmes/{SLUG}/workstreams/shared-services");

    // Act
    let empty = send_bytes(&app, &token, "PATCH", &path, "application/json", b"").await;
    let no_fields = api(&app, Some(&token), "PATCH", &path, Some(json!({}))).await;
    let programme = api(
        &app,
        Some(&token),
        "PATCH",
        &format!("/api/v1/programmes/{SLUG}"),
        None,
    )
    .await;

    // Assert
    for response in [empty, no_fields, programme] {
        assert_json_error(&response, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(json_fields(&response), ["body"]);
    }
}

#[tokio::test]
async fn every_api_error_is_in_the_json_error_shape() {
    // Arrange
    let app = programme().await;
    let token = api_token(&app, MANAGER).await;
    let base = format!("/api/v1/programmes/{SLUG}");

    // Act
    let no_route = api(&app, Some(&token), "GET", "/api/v1/nothing-here", None).await;
    let wrong_method = api(&app, Some(&token), "DELETE", "/api/v1/programmes", None).await;
    let bad_path = api(
        &app,
        Some(&token),
        "GET",
        &format!("{base}/workstreams/shared-services/reports/2026-01-05/revisions/first"),
        None,
    )
    .await;
    let bad_query = api(
        &app,
        Some(&token),
        "POST",
        &format!("{base}/workstreams/import?dry_run=perhaps"),
        None,
    )
    .await;
    let bad_json = send_bytes(
        &app,
        &token,
        "POST",
        &format!("{base}/packs"),
        "application/json",
        b"{\"meeting_on\": ",
    )
    .await;
    let not_json = send_bytes(
        &app,
        &token,
        "POST",
        &format!("{base}/packs"),
        "text/plain",
        b"meeting_on=2026-01-05",
    )
    .await;

    // Assert
    assert_json_error(&no_route, StatusCode::NOT_FOUND);
    assert_json_error(&wrong_method, StatusCode::METHOD_NOT_ALLOWED);
    for response in [bad_path, bad_query, bad_json, not_json] {
        assert!(response.status.is_client_error(), "{}", response.body);
        assert_json_error(&response, response.status);
    }
}

#[tokio::test]
async fn a_csv_file_with_an_unclosed_quote_is_refused_naming_the_line() {
    // Arrange
    let app = programme().await;
    let token = api_token(&app, MANAGER).await;
    let csv = "name,lead_email\nCustomer Access,\n\"Digital Services, phase 1,\nWorkforce,\n";

    // Act
    let checked = api_csv(
        &app,
        &token,
        &format!("/api/v1/programmes/{SLUG}/workstreams/import?dry_run=true"),
        csv,
    )
    .await;

    // Assert
    assert_eq!(
        checked.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        checked.body
    );
    let report = checked.json();
    assert_eq!(report["ready"], false, "{}", checked.body);
    let errors = report["file_errors"].to_string();
    assert!(errors.contains("Line 3"), "{errors}");
    assert!(errors.contains("quote"), "{errors}");
}

#[tokio::test]
async fn a_csv_file_with_a_nul_is_refused_naming_the_line() {
    // Arrange
    let app = programme().await;
    let token = api_token(&app, MANAGER).await;

    // Act
    let checked = api_csv(
        &app,
        &token,
        &format!("/api/v1/programmes/{SLUG}/workstreams/import?dry_run=true"),
        "name\nCustomer Access\nDigital\0Services\n",
    )
    .await;

    // Assert
    assert_eq!(
        checked.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        checked.body
    );
    let errors = checked.json()["file_errors"].to_string();
    assert!(errors.contains("Line 3"), "{errors}");
    assert!(errors.contains("NUL"), "{errors}");
}

#[tokio::test]
async fn a_nul_in_a_body_sent_without_a_content_type_is_refused_too() {
    // Arrange
    let app = programme().await;
    let token = api_token(&app, MANAGER).await;
    let request = |body: &'static [u8]| {
        Request::builder()
            .method("POST")
            .uri(format!("/api/v1/programmes/{SLUG}/workstreams"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::from(body))
            .unwrap()
    };

    // Act
    let unlabelled = app
        .send(request(br#"{"name": "Customer\u0000Access"}"#))
        .await;
    let as_text = send_bytes(
        &app,
        &token,
        "POST",
        &format!("/api/v1/programmes/{SLUG}/workstreams"),
        "text/plain",
        br#"{"name": "Customer\u0000Access"}"#,
    )
    .await;

    // Assert
    for response in [unlabelled, as_text] {
        assert_json_error(&response, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(json_fields(&response), ["name"]);
    }
}
