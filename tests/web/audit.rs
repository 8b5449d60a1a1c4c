//! The audit log: every set-up change with who, when and each field before and after.

use axum::http::StatusCode;

use crate::setup_support::*;

#[tokio::test]
async fn the_audit_page_lists_each_change_with_before_and_after_newest_first() {
    // Arrange: the programme, two roles and a workstream (set up by `programme`)
    let app = programme().await;
    let mut pm = app.signed_in(MANAGER).await;
    let r = pm
        .post_form(
            "/programmes/pioneer-somerset/workstreams/shared-services/edit",
            &[
                ("name", "Shared Services"),
                ("slug", "shared-services"),
                ("lead_email", LEAD),
                ("lead_organisation", "Mendip District Council"),
                ("stage", "2"),
                ("status", "active"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Act
    let page = pm.get("/programmes/pioneer-somerset/audit").await;

    // Assert
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    let order: Vec<usize> = [
        "Changed a workstream",
        "Added a workstream",
        "Gave someone a role in the programme",
        "Created the programme",
    ]
    .iter()
    .map(|what| {
        body.find(what)
            .unwrap_or_else(|| panic!("{what} in {body}"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "newest first: {order:?}"
    );
    assert!(body.contains("Claire Whitcombe"));
    assert!(body.contains("Sam Porter"));
    assert!(body.contains("<th scope=\"row\">lead_organisation</th><td>South Somerset District Council</td><td>Mendip District Council</td>"), "{body}");
    assert!(body.contains("<th scope=\"row\">stage</th><td>1</td><td>2</td>"));
    assert!(
        !body.contains(
            "<th scope=\"row\">name</th><td>Shared Services</td><td>Shared Services</td>"
        ),
        "unchanged fields are left out"
    );
    assert!(
        body.contains("GMT") || body.contains("BST"),
        "when, in the programme's time zone"
    );
}

#[tokio::test]
async fn the_audit_log_is_refused_to_a_board_member_and_account_changes_are_for_admins() {
    // Arrange
    let app = programme().await;
    let mut board = app.signed_in(BOARD).await;
    let mut admin = app.signed_in(ADMIN).await;
    let mut pm = app.signed_in(MANAGER).await;
    pm.post_form(
        "/programmes/pioneer-somerset/people",
        &[
            ("email", "nia.new@example.org"),
            ("name", "Nia New"),
            ("role", "viewer"),
        ],
    )
    .await;

    // Act
    let refused = board.get("/programmes/pioneer-somerset/audit").await;
    let accounts = admin.get("/admin/audit").await;
    let api_log = api(
        &app,
        Some(&token(&app, MANAGER).await),
        "GET",
        "/api/v1/programmes/pioneer-somerset/audit",
        None,
    )
    .await;

    // Assert
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(accounts.status, StatusCode::OK, "{}", accounts.body);
    assert!(accounts.body.contains("Created an account"));
    assert!(accounts.body.contains("nia.new@example.org"));
    assert_eq!(api_log.status, StatusCode::OK);
    let log = api_log.json();
    assert_eq!(log["page"], 1);
    assert_eq!(log["entries"][0]["action"], "member.added");
    assert!(
        log["entries"][0]["changes"][0]["before"].is_null(),
        "no value before is null, not a dash"
    );
    assert!(log["total"].as_u64().unwrap() >= 4);
    assert_eq!(app.deliver_mail().await.sent, 1, "Nia New is invited");
}
