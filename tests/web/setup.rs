//! Setting up a programme: creating it with a reporting cycle and a preview of its due
//! dates, its people and workstreams, and who may do any of it.

use axum::http::StatusCode;
use chrono::{NaiveDate, TimeZone, Utc};
use highlight_domain::ReportingCycle;
use serde_json::json;

use crate::setup_support::*;
use crate::support::http::{TestApp, TestResponse};

#[tokio::test]
async fn monthly_on_the_5th_working_day_gives_the_expected_due_dates() {
    // Arrange: 1 January 2026 (a bank holiday), and Good Friday/Easter Monday and the
    // early May bank holiday ahead.
    let app = TestApp::new().await;
    let cycle: ReportingCycle = "monthly on the 5th working day".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();

    // Act
    let dates = highlight_app::programmes::preview(
        &app.db.conn,
        &cycle,
        chrono_tz::Europe::London,
        "england-and-wales",
        now,
        6,
    )
    .await
    .unwrap();

    // Assert
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    assert_eq!(
        dates,
        vec![d(1, 8), d(2, 6), d(3, 6), d(4, 9), d(5, 8), d(6, 5)]
    );
}

#[tokio::test]
async fn an_admin_previews_the_due_dates_and_then_creates_a_programme() {
    // Arrange
    let app = TestApp::new().await;
    app.add_user(ADMIN, "Sam Porter", true).await;
    let manager = app.add_user(MANAGER, "Claire Whitcombe", false).await;
    let mut admin = app.signed_in(ADMIN).await;
    let id = manager.id.to_string();
    let form = admin.get("/programmes/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Preview due dates"));

    // Act: preview
    let mut fields = programme_fields(&id);
    fields.push(("action", "preview"));
    let preview = admin.post_form("/programmes/new", &fields).await;

    // Assert: six dates shown, nothing saved
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(preview.body.contains("Next due dates"));
    let list = &preview.body[preview
        .body
        .find("class=\"due-dates\"")
        .expect("a list of due dates")..];
    let list = &list[..list.find("</ol>").unwrap()];
    assert_eq!(list.matches("<li>").count(), 6, "{list}");
    assert!(preview.body.contains("Nothing has been saved yet"));
    assert!(preview.body.contains("value=\"Pioneer Somerset\""));
    assert_eq!(
        api(
            &app,
            Some(&token(&app, ADMIN).await),
            "GET",
            "/api/v1/programmes/pioneer-somerset/members",
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );

    // Act: save
    let mut fields = programme_fields(&id);
    fields.push(("action", "save"));
    let saved = admin.post_form("/programmes/new", &fields).await;

    // Assert
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), Some("/programmes/pioneer-somerset/setup"));
    let overview = admin.get("/programmes/pioneer-somerset/setup").await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.body);
    assert!(overview.body.contains("monthly on the 5th working day"));
    assert!(
        admin
            .get("/")
            .await
            .body
            .contains("href=\"/programmes/new\"")
    );
    let mut pm = app.signed_in(MANAGER).await;
    assert!(
        pm.get("/")
            .await
            .body
            .contains("href=\"/programmes/pioneer-somerset/setup\"")
    );
    let people = pm.get("/programmes/pioneer-somerset/people").await;
    assert!(people.body.contains("Claire Whitcombe"));
    assert!(people.body.contains("programme manager"));
}

#[tokio::test]
async fn invalid_settings_are_each_named_in_the_summary_and_the_input_is_kept() {
    // Arrange
    let app = TestApp::new().await;
    app.add_user(ADMIN, "Sam Porter", true).await;
    let manager = app.add_user(MANAGER, "Claire Whitcombe", false).await;
    let mut admin = app.signed_in(ADMIN).await;
    let id = manager.id.to_string();
    let mut fields: Vec<(&str, &str)> = programme_fields(&id)
        .into_iter()
        .filter(|(k, _)| !["slug", "time_zone", "cycle_kind", "cycle_cron"].contains(k))
        .collect();
    fields.extend([
        ("slug", "Not A Slug"),
        ("time_zone", "Mars/Olympus"),
        ("cycle_kind", "cron"),
        ("cycle_cron", "every second tuesday"),
        ("action", "save"),
    ]);

    // Act
    let page = admin.post_form("/programmes/new", &fields).await;

    // Assert
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    let links = summary_links(&page.body);
    let hrefs: Vec<&str> = links.iter().map(|(h, _)| h.as_str()).collect();
    for field in ["slug", "time_zone", "cycle_cron"] {
        assert!(hrefs.contains(&field), "{field} in {links:?}");
        assert!(
            page.body.contains(&format!("id=\"{field}-error\"")),
            "{field}"
        );
        assert!(page.body.contains(&format!("id=\"{field}\"")), "{field}");
    }
    assert!(page.body.contains("Mars/Olympus"));
    assert!(page.body.contains("is not a time zone"));
    assert!(page.body.contains("value=\"Not A Slug\""));
    assert!(page.body.contains("value=\"every second tuesday\""));
    assert!(
        page.body
            .contains("<span class=\"govuk-visually-hidden\">Error:</span>")
    );
    let nothing = admin.get("/programmes/pioneer-somerset/setup").await;
    assert_eq!(nothing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_programme_manager_adds_a_board_member_and_a_workstream_with_a_lead() {
    // Arrange
    let app = programme().await;
    let mut pm = app.signed_in(MANAGER).await;

    // Act
    let added = pm
        .post_form(
            &format!("/programmes/{SLUG}/people"),
            &[
                ("email", "new.member@example.org"),
                ("name", "Nia Member"),
                ("role", "board_member"),
            ],
        )
        .await;
    let ws = pm
        .post_form(
            &format!("/programmes/{SLUG}/workstreams/new"),
            &workstream_fields("Customer Access", BOARD),
        )
        .await;

    // Assert
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert_eq!(ws.status, StatusCode::SEE_OTHER, "{}", ws.body);
    let delivered = app.deliver_mail().await;
    assert_eq!(
        delivered.sent, 1,
        "the new member is invited: {delivered:?}"
    );
    let people = pm.get(&format!("/programmes/{SLUG}/people")).await;
    assert!(people.body.contains("Nia Member"));
    assert!(people.body.contains("Richard Ashworth"));
    let overview = pm.get(&format!("/programmes/{SLUG}/setup")).await;
    assert!(overview.body.contains("Customer Access"));
    assert!(overview.body.contains("Rachel Dunstan"));
    let edit = pm
        .get(&format!(
            "/programmes/{SLUG}/workstreams/customer-access/edit"
        ))
        .await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.body);
    assert!(edit.body.contains("value=\"Customer Access\""));
}

#[tokio::test]
async fn a_workstream_with_a_taken_name_or_an_unknown_lead_is_refused_with_messages() {
    // Arrange
    let app = programme().await;
    let mut pm = app.signed_in(MANAGER).await;

    // Act
    let page = pm
        .post_form(
            &format!("/programmes/{SLUG}/workstreams/new"),
            &workstream_fields("Shared Services", "nobody@example.org"),
        )
        .await;

    // Assert
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let hrefs: Vec<String> = summary_links(&page.body)
        .into_iter()
        .map(|(h, _)| h)
        .collect();
    assert!(hrefs.contains(&"name".to_owned()), "{hrefs:?}");
    assert!(hrefs.contains(&"slug".to_owned()), "{hrefs:?}");
    assert!(hrefs.contains(&"lead_name".to_owned()), "{hrefs:?}");
    assert!(
        page.body
            .contains("There is no account for nobody@example.org")
    );
}

#[tokio::test]
async fn the_last_programme_manager_cannot_be_removed() {
    // Arrange
    let app = programme().await;
    let mut pm = app.signed_in(MANAGER).await;
    let manager = highlight_store::people::by_email(&app.db.conn, MANAGER)
        .await
        .unwrap()
        .unwrap();
    let board = highlight_store::people::by_email(&app.db.conn, BOARD)
        .await
        .unwrap()
        .unwrap();

    // Act
    let refused = pm
        .post_form(
            &format!("/programmes/{SLUG}/people/remove"),
            &[
                ("user_id", &manager.id.to_string()),
                ("role", "programme_manager"),
            ],
        )
        .await;
    let removed = pm
        .post_form(
            &format!("/programmes/{SLUG}/people/remove"),
            &[("user_id", &board.id.to_string()), ("role", "board_member")],
        )
        .await;

    // Assert
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused.body.contains("only programme manager"),
        "{}",
        refused.body
    );
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let people = pm.get(&format!("/programmes/{SLUG}/people")).await;
    assert!(!people.body.contains("Richard Ashworth"));
}

/// Every set-up page of the programme, as GETs.
fn setup_pages() -> Vec<String> {
    [
        "setup",
        "settings",
        "people",
        "workstreams/new",
        "workstreams/import",
        "workstreams/import/template.csv",
        "workstreams/shared-services/edit",
        "workstreams/shared-services/pid",
        "workstreams/shared-services/pid/edit",
        "audit",
    ]
    .iter()
    .map(|p| format!("/programmes/{SLUG}/{p}"))
    .collect()
}

#[tokio::test]
async fn board_members_leads_viewers_and_strangers_get_403_on_every_set_up_page() {
    // Arrange
    let app = programme().await;
    for email in [BOARD, LEAD, VIEWER, STRANGER] {
        let mut client = app.signed_in(email).await;
        // Act / Assert
        for path in setup_pages() {
            assert_eq!(
                client.get(&path).await.status,
                StatusCode::FORBIDDEN,
                "{email} GET {path}"
            );
        }
        assert_eq!(
            client.get("/programmes/new").await.status,
            StatusCode::FORBIDDEN,
            "{email}"
        );
        assert_eq!(
            client.get("/admin/audit").await.status,
            StatusCode::FORBIDDEN,
            "{email}"
        );
        let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
            ("/programmes/new".into(), programme_fields("")),
            (format!("/programmes/{SLUG}/settings"), programme_fields("")),
            (
                format!("/programmes/{SLUG}/people"),
                vec![("email", STRANGER), ("role", "viewer")],
            ),
            (
                format!("/programmes/{SLUG}/people/remove"),
                vec![("user_id", "1"), ("role", "viewer")],
            ),
            (
                format!("/programmes/{SLUG}/workstreams/new"),
                workstream_fields("X", ""),
            ),
            (
                format!("/programmes/{SLUG}/workstreams/shared-services/edit"),
                workstream_fields("X", ""),
            ),
            (
                format!("/programmes/{SLUG}/workstreams/shared-services/pid/edit"),
                vec![("summary", "x")],
            ),
        ];
        for (path, fields) in posts {
            assert_eq!(
                client.post_form(&path, &fields).await.status,
                StatusCode::FORBIDDEN,
                "{email} POST {path}"
            );
        }
        let multipart = post_multipart(
            &app,
            &client,
            &format!("/programmes/{SLUG}/workstreams/import"),
            &[("text", "name\nX\n"), ("action", "import")],
            None,
        )
        .await;
        assert_eq!(multipart.status, StatusCode::FORBIDDEN, "{email} import");
    }
}

#[tokio::test]
async fn someone_not_signed_in_is_sent_to_sign_in_from_every_set_up_page() {
    // Arrange
    let app = programme().await;
    // Act / Assert
    for path in setup_pages()
        .into_iter()
        .chain(["/programmes/new".into(), "/admin/audit".into()])
    {
        let r = app.get(&path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            r.location().unwrap_or_default().starts_with("/login?next="),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_api_refuses_everyone_but_the_programme_office_and_401s_without_credentials() {
    // Arrange
    let app = programme().await;
    let base = format!("/api/v1/programmes/{SLUG}");
    let calls: Vec<(&str, String, Option<serde_json::Value>)> = vec![
        (
            "POST",
            "/api/v1/programmes".into(),
            Some(json!({"name": "Other"})),
        ),
        ("PATCH", base.clone(), Some(json!({"name": "Renamed"}))),
        ("GET", format!("{base}/members"), None),
        (
            "POST",
            format!("{base}/members"),
            Some(json!({"email": STRANGER, "role": "viewer"})),
        ),
        ("DELETE", format!("{base}/members/1/viewer"), None),
        (
            "POST",
            format!("{base}/workstreams"),
            Some(json!({"name": "X"})),
        ),
        (
            "PATCH",
            format!("{base}/workstreams/shared-services"),
            Some(json!({"stage": 2})),
        ),
        (
            "GET",
            format!("{base}/workstreams/shared-services/pid"),
            None,
        ),
        (
            "GET",
            format!("{base}/workstreams/shared-services/pid/versions/1"),
            None,
        ),
        (
            "POST",
            format!("{base}/workstreams/shared-services/pid"),
            Some(json!({"summary": "x"})),
        ),
        ("GET", format!("{base}/cycle/preview?count=3"), None),
        ("GET", format!("{base}/audit"), None),
    ];
    for email in [BOARD, LEAD, VIEWER, STRANGER] {
        let t = token(&app, email).await;
        for (method, path, body) in &calls {
            // Act
            let r = api(&app, Some(&t), method, path, body.clone()).await;
            // Assert
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{email} {method} {path}: {}",
                r.body
            );
            assert_eq!(r.json()["error"]["status"], 403);
        }
        let csv = api_csv(&app, &t, &format!("{base}/workstreams/import"), "name\nX\n").await;
        assert_eq!(csv.status, StatusCode::FORBIDDEN, "{email} import");
    }
    for (method, path, body) in &calls {
        let r = api(&app, None, method, path, body.clone()).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{method} {path}");
    }
}

#[tokio::test]
async fn the_api_creates_and_changes_a_programme_and_names_invalid_fields() {
    // Arrange
    let app = programme().await;
    let admin = token(&app, ADMIN).await;
    let pm = token(&app, MANAGER).await;

    // Act
    let created = api(
        &app,
        Some(&admin),
        "POST",
        "/api/v1/programmes",
        Some(
            json!({"name": "Somerset Waste", "manager_email": "new.pm@example.org",
                    "manager_name": "Nell Manager", "cycle_kind": "quarterly", "cycle_nth": 3}),
        ),
    )
    .await;
    let invalid = api(
        &app,
        Some(&admin),
        "POST",
        "/api/v1/programmes",
        Some(
            json!({"name": "", "slug": "Bad Slug", "time_zone": "Mars/Olympus",
                    "cycle_kind": "cron", "cycle_cron": "61 * * * *", "manager_id": 1}),
        ),
    )
    .await;
    let patched = api(
        &app,
        Some(&pm),
        "PATCH",
        &format!("/api/v1/programmes/{SLUG}"),
        Some(json!({"cycle_kind": "board_dates", "cycle_board_dates": "2030-01-15, 2030-03-12"})),
    )
    .await;
    let preview = api(
        &app,
        Some(&pm),
        "GET",
        &format!("/api/v1/programmes/{SLUG}/cycle/preview?count=5"),
        None,
    )
    .await;

    // Assert
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let body = created.json();
    assert_eq!(body["slug"], "somerset-waste");
    assert_eq!(body["reporting_cycle"], "quarterly on the 3rd working day");
    assert_eq!(body["time_zone"], "Europe/London");
    assert!(body["programme_manager_id"].is_i64());

    assert_eq!(
        invalid.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        invalid.body
    );
    let fields: Vec<String> = invalid.json()["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    for f in ["name", "slug", "time_zone", "cycle_cron"] {
        assert!(fields.contains(&f.to_owned()), "{f} in {fields:?}");
    }

    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    assert_eq!(
        patched.json()["reporting_cycle"],
        "board dates: 2030-01-15, 2030-03-12"
    );
    assert_eq!(patched.json()["name"], "Pioneer Somerset");
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(
        preview.json()["due_dates"],
        json!(["2030-01-15", "2030-03-12"])
    );
    assert_eq!(
        app.deliver_mail().await.sent,
        1,
        "the new programme manager is invited"
    );
}

#[tokio::test]
async fn the_api_adds_lists_and_removes_members_and_workstreams() {
    // Arrange
    let app = programme().await;
    let pm = token(&app, MANAGER).await;
    let base = format!("/api/v1/programmes/{SLUG}");

    // Act
    let added = api(
        &app,
        Some(&pm),
        "POST",
        &format!("{base}/members"),
        Some(json!({"email": STRANGER, "role": "board_member"})),
    )
    .await;
    let duplicate = api(
        &app,
        Some(&pm),
        "POST",
        &format!("{base}/members"),
        Some(json!({"email": STRANGER, "role": "board_member"})),
    )
    .await;
    let list = api(&app, Some(&pm), "GET", &format!("{base}/members"), None).await;
    let user_id = added.json()["user_id"].as_i64().unwrap();
    let removed = api(
        &app,
        Some(&pm),
        "DELETE",
        &format!("{base}/members/{user_id}/board_member"),
        None,
    )
    .await;
    let ws = api(
        &app,
        Some(&pm),
        "POST",
        &format!("{base}/workstreams"),
        Some(json!({"name": "Customer Access", "lead_email": LEAD, "stage": 2})),
    )
    .await;
    let bad_ws = api(
        &app,
        Some(&pm),
        "POST",
        &format!("{base}/workstreams"),
        Some(json!({"name": "", "status": "paused", "stage": 0})),
    )
    .await;
    let patched = api(
        &app,
        Some(&pm),
        "PATCH",
        &format!("{base}/workstreams/customer-access"),
        Some(json!({"status": "on_hold", "lead_id": null})),
    )
    .await;

    // Assert
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert_eq!(added.json()["role"], "board_member");
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(duplicate.json()["error"]["fields"][0]["field"], "email");
    assert!(
        list.json()
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["email"] == STRANGER)
    );
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(ws.status, StatusCode::CREATED, "{}", ws.body);
    assert_eq!(ws.json()["slug"], "customer-access");
    assert_eq!(ws.json()["stage"], 2);
    assert!(ws.json()["lead_id"].is_i64());
    assert_eq!(bad_ws.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = bad_ws.json()["error"]["fields"].to_string();
    for f in ["name", "status", "stage"] {
        assert!(fields.contains(&format!("\"{f}\"")), "{f} in {fields}");
    }
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    assert_eq!(patched.json()["status"], "on_hold");
    assert!(patched.json()["lead_id"].is_null());
}

#[tokio::test]
async fn the_openapi_document_describes_the_set_up_api() {
    // Arrange
    let app = TestApp::new().await;
    // Act
    let doc = app.get("/api/v1/openapi.json").await.json();
    // Assert
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/programmes",
        "/api/v1/programmes/{slug}",
        "/api/v1/programmes/{slug}/members",
        "/api/v1/programmes/{slug}/members/{user_id}/{role}",
        "/api/v1/programmes/{slug}/workstreams",
        "/api/v1/programmes/{slug}/workstreams/{ws}",
        "/api/v1/programmes/{slug}/workstreams/{ws}/pid",
        "/api/v1/programmes/{slug}/workstreams/{ws}/pid/versions/{n}",
        "/api/v1/programmes/{slug}/workstreams/import",
        "/api/v1/programmes/{slug}/cycle/preview",
        "/api/v1/programmes/{slug}/audit",
    ] {
        assert!(paths.contains_key(path), "{path}");
    }
}

/// The programme manager's user id, as the settings form names them.
async fn manager_id(app: &TestApp) -> String {
    highlight_store::people::by_email(&app.db.conn, MANAGER)
        .await
        .unwrap()
        .expect("the programme manager")
        .id
        .to_string()
}

/// The programme's stored RAG policy, read as every page and the pack read it.
async fn stored_amber_share(app: &TestApp) -> String {
    let p = highlight_store::scope::programme_by_slug(&app.db.conn, SLUG)
        .await
        .unwrap()
        .expect("the programme");
    highlight_app::scope::ProgrammeScope::of(p)
        .rag_policy
        .amber_share_of_tolerance
        .to_string()
}

#[tokio::test]
async fn the_amber_threshold_is_set_on_the_settings_page_and_read_back() {
    // Arrange
    let app = programme().await;
    let mut pm = app.signed_in(MANAGER).await;
    let id = manager_id(&app).await;
    let page = pm.get(&format!("/programmes/{SLUG}/settings")).await;
    assert!(
        page.body
            .contains("Amber when a deviation uses more than … of its tolerance")
    );
    assert!(
        page.body
            .contains("0% means any deviation within tolerance is amber")
    );
    assert!(page.body.contains("value=\"0%\""), "the default is 0%");
    let mut fields = programme_fields(&id);
    fields.extend([("amber_share_of_tolerance", "80%"), ("action", "save")]);

    // Act
    let saved = pm
        .post_form(&format!("/programmes/{SLUG}/settings"), &fields)
        .await;

    // Assert
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(stored_amber_share(&app).await, "80%");
    let again = pm.get(&format!("/programmes/{SLUG}/settings")).await;
    assert!(
        again
            .body
            .contains("name=\"amber_share_of_tolerance\" value=\"80%\""),
        "{}",
        again.body
    );
    let audit = pm.get(&format!("/programmes/{SLUG}/audit")).await;
    assert!(
        audit
            .body
            .contains("<th scope=\"row\">amber_share_of_tolerance</th><td>0%</td><td>80%</td>"),
        "{}",
        audit.body
    );
}

#[tokio::test]
async fn the_api_sets_the_amber_threshold_and_refuses_one_over_100_percent() {
    // Arrange
    let app = programme().await;
    let pm = token(&app, MANAGER).await;
    let path = format!("/api/v1/programmes/{SLUG}");

    // Act
    let set = patch_programme(&app, &pm, json!({"amber_share_of_tolerance": "80%"})).await;
    let refused = patch_programme(&app, &pm, json!({"amber_share_of_tolerance": "150%"})).await;

    // Assert
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    assert_eq!(set.json()["amber_share_of_tolerance"], "80");
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.json()["error"]["fields"][0]["field"],
        "amber_share_of_tolerance"
    );
    assert_eq!(
        stored_amber_share(&app).await,
        "80%",
        "unchanged by the refusal"
    );
    let log = api(&app, Some(&pm), "GET", &format!("{path}/audit"), None)
        .await
        .json();
    assert_eq!(log["entries"][0]["action"], "programme.updated");
    assert!(
        log["entries"][0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["field"] == "amber_share_of_tolerance" && c["after"] == "80%"),
        "{log}"
    );
}

#[tokio::test]
async fn a_workstream_added_without_a_start_date_starts_today_in_the_programmes_time_zone() {
    // Arrange
    let app = programme().await;
    let pm = token(&app, MANAGER).await;
    let today = highlight_domain::local_date(Utc::now(), chrono_tz::Europe::London);

    // Act
    let ws = api(
        &app,
        Some(&pm),
        "POST",
        &format!("/api/v1/programmes/{SLUG}/workstreams"),
        Some(json!({"name": "Customer Access"})),
    )
    .await;

    // Assert
    assert_eq!(ws.status, StatusCode::CREATED, "{}", ws.body);
    assert_eq!(ws.json()["started_on"], today.to_string());
    assert!(ws.json()["closed_on"].is_null());
    let mut page = app.signed_in(MANAGER).await;
    let edit = page
        .get(&format!(
            "/programmes/{SLUG}/workstreams/shared-services/edit"
        ))
        .await;
    assert!(
        edit.body
            .contains(&format!("name=\"started_on\" value=\"{today}\"")),
        "the one added through the pages starts today too: {}",
        edit.body
    );
}

#[tokio::test]
async fn a_close_date_before_the_start_is_refused_with_a_field_error() {
    // Arrange
    let app = programme().await;
    let mut pm = app.signed_in(MANAGER).await;
    let mut fields = workstream_fields("Customer Access", LEAD);
    fields.extend([("started_on", "2026-03-10"), ("closed_on", "2026-03-09")]);

    // Act
    let page = pm
        .post_form(&format!("/programmes/{SLUG}/workstreams/new"), &fields)
        .await;
    let via_api = api(
        &app,
        Some(&token(&app, MANAGER).await),
        "PATCH",
        &format!("/api/v1/programmes/{SLUG}/workstreams/shared-services"),
        Some(json!({"started_on": "2026-03-10", "closed_on": "2026-03-09"})),
    )
    .await;

    // Assert
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    let hrefs: Vec<String> = summary_links(&page.body)
        .into_iter()
        .map(|(h, _)| h)
        .collect();
    assert_eq!(hrefs, vec!["closed_on".to_owned()]);
    assert!(page.body.contains("id=\"closed_on-error\""));
    assert!(
        page.body.contains("value=\"2026-03-09\""),
        "the input is kept"
    );
    assert_eq!(via_api.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(via_api.json()["error"]["fields"][0]["field"], "closed_on");
}

#[tokio::test]
async fn closing_a_workstream_through_the_api_is_audited() {
    // Arrange
    let app = programme().await;
    let pm = token(&app, MANAGER).await;
    let base = format!("/api/v1/programmes/{SLUG}");

    // Act
    let closed = api(
        &app,
        Some(&pm),
        "PATCH",
        &format!("{base}/workstreams/shared-services"),
        Some(json!({"closed_on": "2031-03-31"})),
    )
    .await;

    // Assert
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    assert_eq!(closed.json()["closed_on"], "2031-03-31");
    let log = api(&app, Some(&pm), "GET", &format!("{base}/audit"), None)
        .await
        .json();
    let entry = &log["entries"][0];
    assert_eq!(entry["action"], "workstream.updated", "{log}");
    let changes = entry["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c["field"] == "closed_on" && c["after"] == "2031-03-31"),
        "{changes:?}"
    );
    assert!(
        !changes.iter().any(|c| c["field"] == "started_on"),
        "the start is kept: {changes:?}"
    );
}

/// `PATCH /api/v1/programmes/{SLUG}` with `body`, as `token`.
async fn patch_programme(app: &TestApp, token: &str, body: serde_json::Value) -> TestResponse {
    let path = format!("/api/v1/programmes/{SLUG}");
    api(app, Some(token), "PATCH", &path, Some(body)).await
}

/// The programme's stored pack settings.
async fn stored_pack_settings(app: &TestApp) -> highlight_store::programmes::PackSettings {
    highlight_store::scope::programme_by_slug(&app.db.conn, SLUG)
        .await
        .unwrap()
        .expect("the programme")
        .pack
}

#[tokio::test]
async fn the_pack_marking_and_order_are_set_on_the_settings_page() {
    // Arrange
    let app = programme().await;
    let mut pm = app.signed_in(MANAGER).await;
    let id = manager_id(&app).await;
    let page = pm.get(&format!("/programmes/{SLUG}/settings")).await;
    assert!(page.body.contains("s protective marking</legend>"));
    assert!(
        page.body
            .contains("name=\"protective_marking\" type=\"radio\" value=\"none\" checked"),
        "none by default"
    );
    let mut fields = programme_fields(&id);
    fields.extend([
        ("protective_marking", "official_sensitive"),
        ("pack_order", "programme"),
        ("action", "save"),
    ]);

    // Act
    let saved = pm
        .post_form(&format!("/programmes/{SLUG}/settings"), &fields)
        .await;

    // Assert
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stored = stored_pack_settings(&app).await;
    assert_eq!(
        stored.marking,
        highlight_domain::ProtectiveMarking::OfficialSensitive
    );
    assert_eq!(stored.order, highlight_domain::PackOrder::Programme);
    let again = pm.get(&format!("/programmes/{SLUG}/settings")).await;
    assert!(again.body.contains(
        "name=\"protective_marking\" type=\"radio\" value=\"official_sensitive\" checked"
    ));
    assert!(
        again
            .body
            .contains("name=\"pack_order\" type=\"radio\" value=\"programme\" checked")
    );
}

#[tokio::test]
async fn the_api_sets_the_pack_marking_and_refuses_one_not_on_the_list() {
    // Arrange
    let app = programme().await;
    let pm = token(&app, MANAGER).await;

    // Act
    let set = patch_programme(
        &app,
        &pm,
        json!({"protective_marking": "official", "pack_order": "programme"}),
    )
    .await;
    let refused = patch_programme(&app, &pm, json!({"protective_marking": "secret"})).await;

    // Assert
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    assert_eq!(set.json()["protective_marking"], "official");
    assert_eq!(set.json()["pack_order"], "programme");
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.json()["error"]["fields"][0]["field"],
        "protective_marking"
    );
    assert_eq!(
        stored_pack_settings(&app).await.marking,
        highlight_domain::ProtectiveMarking::Official
    );
}
