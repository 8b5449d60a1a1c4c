//! The board's view: the matrix of a programme's workstreams (exceptions and overdue
//! first, every status in words), a workstream's page, and reviews.

use axum::http::StatusCode;
use highlight_store::entities::{highlight_reports, pid_deliverables, report_comments};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::pioneer::*;
use crate::reports::board_row;

#[tokio::test]
async fn the_board_view_puts_exceptions_then_overdue_first_and_says_every_status_in_words() {
    let app = demo_app().await;
    let mut board = sign_in(&app, BOARD_MEMBER).await;

    let page = board.get(&format!("/programmes/{PROGRAMME}")).await;

    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let at = |name: &str| {
        page.body
            .find(&format!(">{name}</a>"))
            .unwrap_or_else(|| panic!("{name} is on the board"))
    };
    let exception = at("Enhanced Strategic Partnership");
    let overdue = at("Customer Access");
    assert!(exception < overdue, "the exception comes first");
    for later in [
        "Shared Services",
        "Strategic Management",
        "Service Devolution",
    ] {
        assert!(overdue < at(later), "overdue before {later}");
    }
    let esp = board_row(&page.body, "Enhanced Strategic Partnership");
    assert!(esp.contains("Exception"));
    assert!(esp.contains("govuk-tag--red\">Red</strong>"), "{esp}");
    assert!(esp.contains("exceeds"), "the exception is explained: {esp}");
    let ca = board_row(&page.body, "Customer Access");
    assert!(ca.contains(">Overdue<") && ca.contains("Not received"));
    // Every coloured status carries a word, and nothing relies on inline styles.
    assert!(!page.body.contains("style="));
    for class in ["red", "orange", "green", "turquoise", "grey", "blue"] {
        for piece in page
            .body
            .split(&format!("class=\"govuk-tag govuk-tag--{class}\">"))
            .skip(1)
        {
            let word = piece.split('<').next().unwrap();
            assert!(!word.trim().is_empty(), "a {class} cell without a word");
        }
    }
    assert!(page.body.contains("<caption class="));
    assert!(page.body.contains("scope=\"col\""));
}

#[tokio::test]
async fn the_board_view_of_another_period_is_chosen_by_link() {
    let app = demo_app().await;
    let mut lead = sign_in(&app, PARTNERSHIP_LEAD).await;
    let next = next_due(&app).await;
    // The lead's first save of next period's report opens the period.
    let saved = lead
        .post_form(
            &report_url("enhanced-strategic-partnership", next),
            &[("stage", "1"), ("lock_version", "0"), ("action", "save")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let page = lead
        .get(&format!("/programmes/{PROGRAMME}?period={next}"))
        .await;
    let current = lead.get(&format!("/programmes/{PROGRAMME}")).await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("period due {}", next.format("%A %-d %B %Y")))
    );
    assert!(
        current
            .body
            .contains(&format!("Due {}</a>", next.format("%-d %B %Y"))),
        "a link to the next period"
    );
    assert!(current.body.contains(&format!(
        "period due {}",
        due(&app).await.format("%A %-d %B %Y")
    )));
}

#[tokio::test]
async fn a_board_member_comments_and_marks_a_report_reviewed_and_a_correction_sends_it_back() {
    let app = demo_app().await;
    let mut board = sign_in(&app, BOARD_MEMBER).await;
    let due = due(&app).await;
    let url = report_url("shared-services", due);

    let nothing = board
        .post_form(&format!("{url}/reviews"), &[("comment", " ")])
        .await;
    let reviewed = board
        .post_form(
            &format!("{url}/reviews"),
            &[
                ("comment", "Board asks for the options appraisal in January"),
                ("mark_reviewed", "yes"),
            ],
        )
        .await;

    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nothing.body.contains("href=\"#comment\""));
    assert_eq!(reviewed.status, StatusCode::SEE_OTHER, "{}", reviewed.body);
    let page = board.get(&url).await;
    assert!(
        page.body
            .contains("Board asks for the options appraisal in January")
    );
    assert!(page.body.contains("Richard Ashworth"));
    assert!(page.body.contains("Reviewed"));
    let comments = report_comments::Entity::find()
        .all(&app.db.conn)
        .await
        .unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].revision, 1);
    assert_eq!(
        report_row(&app, "shared-services", due).await.state,
        "reviewed"
    );
    let again = board
        .post_form(&format!("{url}/reviews"), &[("mark_reviewed", "yes")])
        .await;
    // Already reviewed is a conflict with the report's state: 409, on every path.
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("already been reviewed"));

    // A correction returns it to the board.
    let mut lead = sign_in(&app, SHARED_SERVICES_LEAD).await;
    let form = lead.get(&format!("{url}/form")).await;
    let row = report_row(&app, "shared-services", due).await;
    let fields = with(
        &form_fields(&row),
        &[
            ("products_planned_next", "Options appraisal"),
            ("reason", "Board asked for the plan"),
            // The seed's reports state no overall status; a correction must.
            ("rag_overall", "green"),
        ],
    );
    let lock = lock_version_in(&form.body);
    let mut posted = refs(&fields);
    posted.extend([("lock_version", lock.as_str()), ("action", "correct")]);
    let corrected = lead.post_form(&url, &posted).await;
    assert_eq!(
        corrected.status,
        StatusCode::SEE_OTHER,
        "{}",
        corrected.body
    );
    assert_eq!(
        report_row(&app, "shared-services", due).await.state,
        "submitted"
    );
}

#[tokio::test]
async fn the_workstream_page_shows_the_pid_deliverables_history_and_a_trend() {
    let app = demo_app().await;
    // One of Shared Services' Nov 08 deliverables is now past its target, not done.
    let deliverable = pid_deliverables::Entity::find()
        .filter(pid_deliverables::Column::Name.eq("'Quick wins' identified and implemented"))
        .one(&app.db.conn)
        .await
        .unwrap()
        .expect("deliverable");
    let mut late: pid_deliverables::ActiveModel = deliverable.into();
    late.target_date = Set(Some(due(&app).await));
    late.update(&app.db.conn).await.unwrap();
    let mut reader = sign_in(&app, BOARD_MEMBER).await;

    let page = reader
        .get(&format!(
            "/programmes/{PROGRAMME}/workstreams/shared-services"
        ))
        .await;

    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Project Initiation Document"));
    assert!(page.body.contains("<dt>Status</dt><dd>Active</dd>"));
    assert!(page.body.contains("£40,000.00"));
    assert!(
        page.body
            .contains("Agreement of preferred service delivery options as part of Phase 1")
    );
    assert!(page.body.contains("Late: past its target date"));
    assert!(page.body.contains("<svg"));
    assert!(page.body.contains("<title>Overall,"));
    assert!(page.body.contains("Status trend by period"));
    assert!(page.body.contains("/revisions/1\">Revision 1</a>"));
    assert!(!page.body.contains("style="));
}

#[tokio::test]
async fn a_damaged_report_state_is_a_500_naming_nothing_wrong_on_the_page() {
    // Arrange: Customer Access's draft row holds a state no code wrote.
    let app = demo_app().await;
    let row = report_row(&app, "customer-access", due(&app).await).await;
    highlight_reports::Entity::update_many()
        .col_expr(
            highlight_reports::Column::State,
            sea_orm::sea_query::Expr::value("sbmitted"),
        )
        .filter(highlight_reports::Column::Id.eq(row.id))
        .exec(&app.db.conn)
        .await
        .unwrap();
    let mut board = sign_in(&app, BOARD_MEMBER).await;

    // Act
    let page = board.get(&format!("/programmes/{PROGRAMME}")).await;

    // Assert: an opaque error page, not a board that calls the report overdue.
    assert_eq!(
        page.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        page.body
    );
    assert!(page.body.contains("Sorry, something went wrong"));
    for wrong in ["Customer Access", "Overdue", "Not received", "sbmitted"] {
        assert!(!page.body.contains(wrong), "the page says {wrong}");
    }
}

/// Adds "Climate Action" to Pioneer Somerset, started on `started_on` and closed on
/// `closed_on`.
async fn add_workstream(
    app: &crate::support::http::TestApp,
    started_on: chrono::NaiveDate,
    closed_on: Option<chrono::NaiveDate>,
) {
    let programme = programme(app).await;
    highlight_store::workstreams::create(
        &app.db.conn,
        &highlight_store::workstreams::NewWorkstream {
            programme_id: programme.id,
            slug: highlight_domain::Slug::parse("climate-action").unwrap(),
            name: "Climate Action".into(),
            lead_id: None,
            deputy_id: None,
            lead_organisation: String::new(),
            stage: highlight_domain::StageNumber::FIRST,
            status: highlight_domain::WorkstreamStatus::Active,
            position: 99,
            life: highlight_domain::WorkstreamLife {
                started_on,
                closed_on,
            },
        },
        chrono::Utc::now(),
    )
    .await
    .expect("workstream added");
}

#[tokio::test]
async fn a_workstream_added_after_the_due_date_is_not_started_for_that_period_not_overdue() {
    // Arrange: the demo's period was due before Climate Action started.
    let app = demo_app().await;
    let due = due(&app).await;
    let before = {
        let mut board = sign_in(&app, BOARD_MEMBER).await;
        board.get(&format!("/programmes/{PROGRAMME}")).await.body
    };
    add_workstream(&app, due + chrono::Days::new(1), None).await;
    let mut board = sign_in(&app, BOARD_MEMBER).await;

    // Act
    let page = board.get(&format!("/programmes/{PROGRAMME}")).await;
    let pack = board.get(&format!("/programmes/{PROGRAMME}/pack")).await;
    let history = board.get(&format!("/programmes/{PROGRAMME}/history")).await;
    let exported = board
        .get(&format!(
            "/api/v1/programmes/{PROGRAMME}/exports/reports?from=2000-01-01&to=2100-12-31"
        ))
        .await;

    // Assert: counted apart, never overdue, nothing else changed.
    assert_eq!(exported.status, StatusCode::OK, "{}", exported.body);
    let climate: Vec<serde_json::Value> = exported.json()["rows"]
        .as_array()
        .or(exported.json().as_array())
        .expect("export rows")
        .iter()
        .filter(|r| r["workstream_slug"] == "climate-action")
        .cloned()
        .collect();
    assert!(
        climate.iter().any(|r| r["report_status"] == "not_started")
            && climate.iter().all(|r| r["report_status"] != "overdue"),
        "{climate:?}"
    );
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("1 not started (added after this period was due)")
    );
    assert!(
        !page.body.contains(">Climate Action</a>"),
        "no row in the matrix"
    );
    let lede = |body: &str| {
        let start = body.find("Reporting period due").expect("the lede");
        let end = start + body[start..].find("overdue.").expect("the counts");
        body[start..end].to_owned()
    };
    assert_eq!(
        lede(&page.body),
        lede(&before),
        "received and overdue as before"
    );
    assert_eq!(pack.status, StatusCode::OK, "{}", pack.body);
    assert!(
        pack.body
            .contains("not started (added after the period was due)")
    );
    assert!(
        !pack.body.contains("Climate Action"),
        "no 'report not received' section"
    );
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    assert!(history.body.contains("Climate Action, period due"));
    assert!(history.body.contains(">Not started<"), "{}", history.body);
}

#[tokio::test]
async fn a_workstream_closed_before_the_due_date_is_closed_for_that_period_not_chased() {
    // Arrange: Climate Action ran in the past and closed before the period was due.
    let app = demo_app().await;
    let due = due(&app).await;
    add_workstream(
        &app,
        due - chrono::Days::new(400),
        Some(due - chrono::Days::new(1)),
    )
    .await;
    let mut board = sign_in(&app, BOARD_MEMBER).await;

    // Act
    let page = board.get(&format!("/programmes/{PROGRAMME}")).await;
    let pack = board.get(&format!("/programmes/{PROGRAMME}/pack")).await;

    // Assert
    assert!(
        page.body.contains("1 closed before this period."),
        "{}",
        page.body
    );
    assert!(!page.body.contains(">Climate Action</a>"));
    assert!(pack.body.contains("closed before the period"));
    assert!(!pack.body.contains("Climate Action"));
}

#[tokio::test]
async fn the_board_counts_the_period_as_of_the_clock_the_request_runs_at() {
    // Arrange: pinned to Thursday 12 March 2026, after the March report (due Friday
    // 6 March) — Alpha and Beta started in February and owe it.
    let at = |day: u32| {
        chrono::NaiveDate::from_ymd_opt(2026, 3, day)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc()
    };
    let (app, clock) = crate::support::http::TestApp::at(at(12)).await;
    let f = crate::support::fixtures::small_programme(&app.db.conn, at(1) - chrono::Days::new(20))
        .await;
    let url = crate::support::http::test_settings().server.public_url;
    highlight_app::reminders::plan(&app.db.conn, &url, at(6))
        .await
        .unwrap();
    app.add_user("admin@example.test", "Ada Admin", true).await;
    let mut admin = app.anonymous();
    admin
        .sign_in("admin@example.test", crate::support::http::PASSWORD)
        .await;

    // Act: the same page at noon on the due date, and six days later.
    clock.set(at(6));
    let on_the_day = admin.get("/programmes/test-programme").await;
    clock.set(at(12));
    let later = admin.get("/programmes/test-programme").await;

    // Assert
    assert_eq!(on_the_day.status, StatusCode::OK, "{}", on_the_day.body);
    assert!(
        on_the_day.body.contains("0 of 2 reports received"),
        "{}",
        on_the_day.body
    );
    assert!(
        on_the_day.body.contains("0 overdue."),
        "{}",
        on_the_day.body
    );
    assert!(later.body.contains("2 overdue."), "{}", later.body);
    assert!(f.programme_id > 0);
    // The planning pass queued the March reminders; deliver them so none is left over.
    app.deliver_mail().await;
}

#[tokio::test]
async fn the_board_filters_to_exceptions_overdue_or_a_dimension_from_the_query_string() {
    let app = demo_app().await;
    let mut reader = sign_in(&app, BOARD_MEMBER).await;
    let rows = |body: &str| body.matches("<tr class=\"govuk-table__row").count() - 1;

    let all = reader.get(&format!("/programmes/{PROGRAMME}")).await;
    let exceptions = reader
        .get(&format!("/programmes/{PROGRAMME}?show=exceptions"))
        .await;
    let overdue = reader
        .get(&format!("/programmes/{PROGRAMME}?show=overdue"))
        .await;
    let time = reader
        .get(&format!("/programmes/{PROGRAMME}?show=time"))
        .await;
    let nonsense = reader
        .get(&format!("/programmes/{PROGRAMME}?show=purple"))
        .await;

    assert_eq!(rows(&all.body), 9);
    assert_eq!(rows(&exceptions.body), 1, "{}", exceptions.body);
    assert!(
        exceptions
            .body
            .contains(">Enhanced Strategic Partnership</a>")
    );
    assert!(exceptions.body.contains("1 of 9 workstreams shown"));
    assert!(
        exceptions
            .body
            .contains("<strong aria-current=\"page\">Exceptions</strong>")
    );
    assert_eq!(rows(&overdue.body), 1);
    assert!(overdue.body.contains(">Customer Access</a>"));
    // Time: the workstreams whose time cell is beyond tolerance or within it but amber.
    assert!(time.body.contains(">Enhanced Strategic Partnership</a>"));
    assert!(
        !time.body.contains(">Customer Access</a>"),
        "not received is no time concern"
    );
    assert_eq!(
        nonsense.status,
        StatusCode::OK,
        "an unknown filter shows everything"
    );
    assert_eq!(rows(&nonsense.body), 9);
    // The filter keeps the period chosen (handlebars writes "=" as "&#x3D;").
    let due = due(&app).await;
    assert!(
        all.body.contains(&format!(
            "?period&#x3D;{due}&amp;show&#x3D;exceptions#matrix"
        )),
        "{}",
        all.body
    );
}

#[tokio::test]
async fn a_report_submitted_late_says_so_on_the_board_with_the_on_time_rate() {
    let app = demo_app().await;
    let mut lead = sign_in(&app, crate::pioneer::CUSTOMER_ACCESS_LEAD).await;
    let due = due(&app).await;
    let submitted = submit_complete(&app, &mut lead, "customer-access", due).await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );

    let mut reader = sign_in(&app, BOARD_MEMBER).await;
    let page = reader.get(&format!("/programmes/{PROGRAMME}")).await;

    let row = board_row(&page.body, "Customer Access");
    let late = (chrono::Utc::now().date_naive() - due).num_days();
    assert!(
        row.contains(&format!(">Submitted {late} days late<")),
        "{row}"
    );
    assert!(row.contains("0 of 1"), "late is not on time: {row}");
    let on_time = board_row(&page.body, "Shared Services");
    assert!(on_time.contains("1 of 1"), "{on_time}");
}
