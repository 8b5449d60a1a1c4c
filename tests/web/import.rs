//! Importing workstreams from CSV: a row-by-row report, and all rows or none.

use axum::http::StatusCode;

use crate::setup_support::*;

const IMPORT: &str = "/programmes/pioneer-somerset/workstreams/import";

const BAD: &str = "name,lead_email,deputy_email,lead_organisation,stage,status
Customer Access,rachel.dunstan@example.org,,Somerset County Council,2,active
Health and Wellbeing,x@y.example,,,1,active
Customer Access,,,,1,active
Shared Services,,,,1,active
Waste,,,,zero,paused
";

const GOOD: &str = "name,lead_email,deputy_email,lead_organisation,stage,status
Customer Access,rachel.dunstan@example.org,,Somerset County Council,2,active
Health and Wellbeing,,richard.ashworth@example.org,,1,on_hold
";

#[tokio::test]
async fn a_file_with_bad_rows_is_reported_row_by_row_and_nothing_is_imported_until_all_are_valid() {
    // Arrange
    let app = programme().await;
    let mut pm = app.signed_in(MANAGER).await;
    let form = pm.get(IMPORT).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("lead_organisation"));

    // Act: import a file with errors
    let refused = post_multipart(
        &app,
        &pm,
        IMPORT,
        &[("text", ""), ("action", "import")],
        Some(("workstreams.csv", BAD)),
    )
    .await;

    // Assert
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    let body = &refused.body;
    assert!(body.contains("Nothing has been imported"));
    assert!(
        body.contains(
            "Row 3: no account for x@y.example — add the person first or leave the lead blank"
        ),
        "{body}"
    );
    assert!(
        body.contains("Row 4: the name &quot;Customer Access&quot; is also on row 2"),
        "{body}"
    );
    assert!(
        body.contains("Row 5: the programme already has a workstream called Shared Services"),
        "{body}"
    );
    assert!(body.contains("Row 6: Stage"), "{body}");
    assert!(
        body.contains("Row 6: &quot;paused&quot; is not a valid workstream status"),
        "{body}"
    );
    assert!(body.contains("Ready"), "row 2 is ready");
    let overview = pm.get("/programmes/pioneer-somerset/setup").await;
    assert!(
        !overview.body.contains("Customer Access"),
        "nothing imported"
    );

    // Act: check, then import a good file (pasted)
    let checked = post_multipart(
        &app,
        &pm,
        IMPORT,
        &[("text", GOOD), ("action", "check")],
        None,
    )
    .await;
    let overview_after_check = pm.get("/programmes/pioneer-somerset/setup").await;
    let imported = post_multipart(
        &app,
        &pm,
        IMPORT,
        &[("text", GOOD), ("action", "import")],
        None,
    )
    .await;

    // Assert
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert!(checked.body.contains("Every row is ready"));
    assert!(
        !overview_after_check.body.contains("Customer Access"),
        "a check imports nothing"
    );
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.body);
    let overview = pm.get("/programmes/pioneer-somerset/setup").await;
    assert!(overview.body.contains("Customer Access"));
    assert!(overview.body.contains("Health and Wellbeing"));
    assert!(overview.body.contains("On hold"));
}

#[tokio::test]
async fn a_wrong_header_is_reported_and_the_template_is_downloadable() {
    // Arrange
    let app = programme().await;
    let mut pm = app.signed_in(MANAGER).await;

    // Act
    let wrong = post_multipart(
        &app,
        &pm,
        IMPORT,
        &[("text", "title,lead\nX,y\n"), ("action", "check")],
        None,
    )
    .await;
    let template = pm.get(&format!("{IMPORT}/template.csv")).await;

    // Assert
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .body
            .contains("Column 1 of the header is &quot;title&quot;"),
        "{}",
        wrong.body
    );
    assert_eq!(template.status, StatusCode::OK);
    assert!(template.content_type().starts_with("text/csv"));
    assert!(
        template
            .body
            .starts_with("name,lead_email,deputy_email,lead_organisation,stage,status\n")
    );
}

#[tokio::test]
async fn the_api_dry_run_reports_and_the_import_adds_every_row_in_one_go() {
    // Arrange
    let app = programme().await;
    let pm = token(&app, MANAGER).await;
    let path = "/api/v1/programmes/pioneer-somerset/workstreams/import";

    // Act
    let bad = api_csv(&app, &pm, path, BAD).await;
    let dry = api_csv(&app, &pm, &format!("{path}?dry_run=true"), GOOD).await;
    let done = api_csv(&app, &pm, path, GOOD).await;
    let again = api_csv(&app, &pm, path, GOOD).await;

    // Assert
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let report = bad.json();
    assert_eq!(report["ready"], false);
    assert_eq!(report["imported"], 0);
    assert_eq!(report["rows"][0]["row"], 2);
    assert_eq!(report["rows"][0]["ready"], true);
    assert_eq!(report["rows"][1]["ready"], false);
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    assert_eq!(dry.json()["imported"], 0);
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.json()["imported"], 2);
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the names are taken now"
    );
}
