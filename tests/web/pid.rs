//! The PID: every save is a new version; old versions stay readable with what changed.

use axum::http::StatusCode;
use serde_json::json;

use crate::setup_support::*;

fn first_pid() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "summary",
            "Agree a phased programme of shared service delivery",
        ),
        ("baseline_budget", "£25,000"),
        ("tolerances.time", "8 weeks"),
        ("tolerances.cost", "10%"),
        (
            "tolerances.quality",
            "No reduction in scope of consultation",
        ),
        ("tolerances.scope", ""),
        ("tolerances.risk", ""),
        ("tolerances.benefit", ""),
        ("planned_end", ""),
        ("stages[0].number", "1"),
        ("stages[0].name", "Options"),
        ("stages[0].starts_on", "2008-08-19"),
        ("stages[0].ends_on", "2008-11-30"),
        ("stages[1].number", ""),
        ("stages[1].name", ""),
        ("stages[1].starts_on", ""),
        ("stages[1].ends_on", ""),
        ("deliverables[0].name", "Agreement of phased programme"),
        ("deliverables[0].target_date", "Nov 08"),
        ("deliverables[0].done_on", ""),
        ("deliverables[1].name", ""),
        ("deliverables[1].target_date", ""),
        ("deliverables[1].done_on", ""),
        ("agreed_by", "Directors group"),
        ("agreed_on", "19/08/2008"),
        ("action", "save"),
    ]
}

fn with(
    fields: &[(&'static str, &'static str)],
    changes: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<_> = fields
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .copied()
        .collect();
    out.extend_from_slice(changes);
    out
}

const PID: &str = "/programmes/pioneer-somerset/workstreams/shared-services/pid";

#[tokio::test]
async fn a_rebaselined_pid_is_version_2_and_version_1_stays_viewable_with_the_differences() {
    // Arrange
    let app = programme().await;
    let mut pm = app.signed_in(MANAGER).await;
    let form = pm.get(&format!("{PID}/edit")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let v1 = pm.post_form(&format!("{PID}/edit"), &first_pid()).await;
    assert_eq!(v1.status, StatusCode::SEE_OTHER, "{}", v1.body);

    // Act
    let prefilled = pm.get(&format!("{PID}/edit")).await;
    let v2 = pm
        .post_form(
            &format!("{PID}/edit"),
            &with(
                &first_pid(),
                &[
                    ("baseline_budget", "£30,000"),
                    ("deliverables[0].target_date", "Dec 08"),
                    (
                        "rebaseline_reason",
                        "Survey deadline extended to 12 December",
                    ),
                ],
            ),
        )
        .await;

    // Assert
    assert!(
        prefilled.body.contains("value=\"£25,000.00\""),
        "pre-filled from version 1"
    );
    assert!(prefilled.body.contains("Agreement of phased programme"));
    assert_eq!(v2.status, StatusCode::SEE_OTHER, "{}", v2.body);
    let current = pm.get(PID).await;
    assert!(
        current.body.contains("Version 2 is the current baseline"),
        "{}",
        current.body
    );
    assert!(current.body.contains("£30,000.00"));
    assert!(
        current
            .body
            .contains("Survey deadline extended to 12 December")
    );
    assert!(current.body.contains("/pid/versions/1"));
    let old = pm.get(&format!("{PID}/versions/1")).await;
    assert_eq!(old.status, StatusCode::OK, "{}", old.body);
    assert!(old.body.contains("£25,000.00"));
    assert!(old.body.contains("cannot be changed"));
    let diff = pm.get(&format!("{PID}/versions/2")).await;
    assert!(diff.body.contains("What changed from version 1"));
    assert!(
        diff.body
            .contains("Baseline budget: £25,000.00 → £30,000.00"),
        "{}",
        diff.body
    );
    assert!(diff.body.contains("target Nov 08 → Dec 08"));
}

#[tokio::test]
async fn a_rebaseline_without_a_reason_is_refused_and_nothing_is_stored() {
    // Arrange
    let app = programme().await;
    let mut pm = app.signed_in(MANAGER).await;
    pm.post_form(&format!("{PID}/edit"), &first_pid()).await;

    // Act
    let refused = pm
        .post_form(
            &format!("{PID}/edit"),
            &with(&first_pid(), &[("baseline_budget", "£1")]),
        )
        .await;

    // Assert
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let links = summary_links(&refused.body);
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(links[0].0, "rebaseline_reason");
    assert!(refused.body.contains("value=\"£1\""), "the input is kept");
    assert_eq!(
        pm.get(&format!("{PID}/versions/2")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn row_errors_point_at_their_cell_and_more_rows_can_be_added() {
    // Arrange
    let app = programme().await;
    let mut pm = app.signed_in(MANAGER).await;

    // Act
    let bad = pm
        .post_form(
            &format!("{PID}/edit"),
            &with(
                &first_pid(),
                &[
                    ("stages[0].ends_on", "2008-01-01"),
                    ("deliverables[0].target_date", "Jan 1900"),
                ],
            ),
        )
        .await;
    let more = pm
        .post_form(
            &format!("{PID}/edit"),
            &with(&first_pid(), &[("action", "add_rows")]),
        )
        .await;

    // Assert
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let hrefs: Vec<String> = summary_links(&bad.body)
        .into_iter()
        .map(|(h, _)| h)
        .collect();
    assert_eq!(
        hrefs,
        vec!["deliverables[0].target_date", "stages[0].ends_on"]
    );
    assert!(bad.body.contains("id=\"stages[0].ends_on-error\""));
    assert_eq!(more.status, StatusCode::OK);
    assert!(
        more.body.contains("id=\"stages[6].name\""),
        "2 rows + 5 more"
    );
    assert!(more.body.contains("value=\"Options\""));
    assert_eq!(
        pm.get(&format!("{PID}/versions/1")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_api_adds_pid_versions_and_reads_them_back() {
    // Arrange
    let app = programme().await;
    let pm = token(&app, MANAGER).await;
    let base = "/api/v1/programmes/pioneer-somerset/workstreams/shared-services/pid";
    let body = json!({
        "summary": "Shared services",
        "baseline_budget": "£25,000",
        "tolerances": {"time": "56", "cost": "£2,500"},
        "stages": [{"number": "1", "name": "Options", "starts_on": "2008-08-19", "ends_on": "2008-11-30"}],
        "deliverables": [{"name": "Agreement", "target": "Nov 08"}]
    });

    // Act
    let v1 = api(&app, Some(&pm), "POST", base, Some(body.clone())).await;
    let no_reason = api(&app, Some(&pm), "POST", base, Some(body.clone())).await;
    let mut changed = body.clone();
    changed["baseline_budget"] = json!("£20,000");
    changed["rebaseline_reason"] = json!("Budget cut by the board");
    let v2 = api(&app, Some(&pm), "POST", base, Some(changed)).await;
    let history = api(&app, Some(&pm), "GET", base, None).await;
    let version2 = api(&app, Some(&pm), "GET", &format!("{base}/versions/2"), None).await;
    let missing = api(&app, Some(&pm), "GET", &format!("{base}/versions/9"), None).await;

    // Assert
    assert_eq!(v1.status, StatusCode::CREATED, "{}", v1.body);
    assert_eq!(v1.json()["version"], 1);
    assert_eq!(v1.json()["baseline_budget"], 2_500_000);
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        no_reason.json()["error"]["fields"][0]["field"],
        "rebaseline_reason"
    );
    assert_eq!(v2.status, StatusCode::CREATED, "{}", v2.body);
    let h = history.json();
    assert_eq!(h["current"]["version"], 2);
    assert_eq!(h["versions"].as_array().unwrap().len(), 2);
    assert_eq!(
        h["versions"][0]["rebaseline_reason"],
        "Budget cut by the board"
    );
    assert_eq!(h["versions"][1]["created_by"], "Claire Whitcombe");
    assert_eq!(version2.json()["previous_version"], 1);
    assert_eq!(
        version2.json()["changes"],
        json!(["Baseline budget: £25,000.00 → £20,000.00"])
    );
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_rebaseline_with_crlf_text_and_no_edits_records_no_change() {
    // Arrange: version 1 stored with a browser's CRLF line endings (as it was kept
    // before free text was normalised)
    let app = programme().await;
    let mut pm = app.signed_in(MANAGER).await;
    let programme_id = highlight_store::programmes::overview(&app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.slug == "pioneer-somerset")
        .unwrap()
        .id
        .0;
    let workstream = highlight_store::workstreams::of_programme(&app.db.conn, programme_id)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.slug == "shared-services")
        .unwrap();
    let typed = with(
        &first_pid(),
        &[
            (
                "summary",
                "Agree a phased programme\r\nof shared service delivery\r\n",
            ),
            (
                "tolerances.quality",
                "No reduction in scope\r\nof consultation",
            ),
        ],
    );
    let (input, _, _) = highlight_app::pid::input_from_pairs(
        &typed
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<Vec<_>>(),
    );
    let mut v1 = input.draft.validate().unwrap();
    v1.summary = Some("Agree a phased programme\r\nof shared service delivery".into());
    v1.tolerances.quality = Some("No reduction in scope\r\nof consultation".into());
    highlight_store::workstreams::add_pid_version(
        &app.db.conn,
        workstream.id.0,
        &v1,
        None,
        chrono::Utc::now(),
    )
    .await
    .unwrap();

    // Act: the form sent back as the browser sends it, with only a reason added
    let v2 = pm
        .post_form(
            &format!("{PID}/edit"),
            &with(
                &typed,
                &[(
                    "rebaseline_reason",
                    "Confirmed at the board without changes",
                )],
            ),
        )
        .await;

    // Assert
    assert_eq!(v2.status, StatusCode::SEE_OTHER, "{}", v2.body);
    let page = pm.get(&format!("{PID}/versions/2")).await;
    assert!(
        page.body.contains("What changed from version 1"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Nothing changed."), "{}", page.body);
    let version2 = api(
        &app,
        Some(&token(&app, MANAGER).await),
        "GET",
        "/api/v1/programmes/pioneer-somerset/workstreams/shared-services/pid/versions/2",
        None,
    )
    .await;
    assert_eq!(version2.json()["changes"], json!([]), "{}", version2.body);
}
