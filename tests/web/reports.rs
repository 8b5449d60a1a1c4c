//! Highlight reports on the web: the form pre-filled from last period, drafts,
//! submission, corrections with their differences, validation, edit conflicts, the
//! derived status beside the stated one, and who may do what.

use axum::http::StatusCode;
use highlight_store::entities::{
    audit_log, highlight_reports, report_revisions, reporting_periods,
};
use highlight_store::programmes::ProgrammeRole;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::support::http::TestApp;

use crate::pioneer::*;

#[tokio::test]
async fn a_lead_opens_the_next_period_pre_filled_from_last_period_and_saves_a_draft() {
    // Arrange: Enhanced Strategic Partnership submitted last period, planning two products.
    let app = demo_app().await;
    let mut lead = sign_in(&app, PARTNERSHIP_LEAD).await;
    let next = next_due(&app).await;
    let url = report_url("enhanced-strategic-partnership", next);

    // Act: the reminder e-mail's link takes the lead to the form.
    let opened = lead.get(&url).await;
    let form = lead.get(&format!("{url}/form")).await;

    // Assert: last period's plan is offered to confirm, its statuses are "last period",
    // its open risks are carried into the risk update.
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    assert_eq!(opened.location(), Some(format!("{url}/edit").as_str()));
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains(
        "Completed this period: A draft Somerset framework should be available for discussion by end of October."
    ));
    assert!(form.body.contains("name=\"confirm_completed\""));
    // The seed's report stated no overall status, and none is invented for it.
    assert!(
        form.body
            .contains("Overall status last period: Not assessed")
    );
    assert!(
        form.body
            .contains("Insufficient engagement with key partners")
    );
    assert!(
        form.body
            .contains("id=\"products_completed\" name=\"products_completed\"")
    );
    assert!(
        form.body
            .contains("aria-describedby=\"products_completed-hint\"></textarea>"),
        "the products completed start empty"
    );
    assert_eq!(lock_version_in(&form.body), "0");

    // Act: tick one planned product, add another, save.
    let stage = input_value_in(&form.body, "stage");
    let posted = [
        ("stage", stage.as_str()),
        ("products_completed", "Options workshop held"),
        ("lock_version", "0"),
        (
            "confirm_completed",
            "A draft Somerset framework should be available for discussion by end of October.",
        ),
        ("action", "save"),
    ];
    let saved = lead.post_form(&url, &posted).await;

    // Assert: saved as a draft, the ticked product first, nothing submitted.
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let row = report_row(&app, "enhanced-strategic-partnership", next).await;
    assert_eq!(row.state, "draft");
    assert_eq!(
        working_copy(&row).products_completed,
        [
            "A draft Somerset framework should be available for discussion by end of October.",
            "Options workshop held"
        ]
    );
    assert_eq!(row.current_revision, 0);
    assert_eq!(row.lock_version, 1);
    let again = lead.get(&format!("{url}/form?saved=1")).await;
    assert!(again.body.contains("Your draft has been saved."));
    assert!(
        again
            .body
            .contains("checked><label for=\"confirm_completed-0\"")
    );
}

#[tokio::test]
async fn submitting_creates_revision_1_and_the_board_view_shows_it() {
    // Arrange: Customer Access is an overdue draft.
    let app = demo_app().await;
    let mut lead = sign_in(&app, CUSTOMER_ACCESS_LEAD).await;
    let due = due(&app).await;
    let url = report_url("customer-access", due);
    let form = lead.get(&format!("{url}/form")).await;
    let row = report_row(&app, "customer-access", due).await;
    let fields = with(&form_fields(&row), COMPLETE);
    let mut posted = refs(&fields);
    let lock = lock_version_in(&form.body);
    posted.push(("lock_version", &lock));
    posted.push(("action", "submit"));

    // Act
    let submitted = lead.post_form(&url, &posted).await;

    // Assert
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let row = report_row(&app, "customer-access", due).await;
    assert_eq!((row.state.as_str(), row.current_revision), ("submitted", 1));
    let view = lead.get(&format!("{url}?submitted=1")).await;
    assert!(
        view.body
            .contains("Your report has been submitted to the board.")
    );
    assert!(view.body.contains("Revision 1"));
    let mut board = sign_in(&app, BOARD_MEMBER).await;
    let page = board.get(&format!("/programmes/{PROGRAMME}")).await;
    let row_html = board_row(&page.body, "Customer Access");
    assert!(row_html.contains(">Submitted"), "{row_html}");
    assert!(!row_html.contains("Not received"));
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("report.submitted"))
        .count(&app.db.conn)
        .await
        .unwrap();
    assert_eq!(audited, 1);
}

/// The board view's row of one workstream.
pub fn board_row<'a>(html: &'a str, name: &str) -> &'a str {
    let start = html
        .find(&format!(">{name}</a>"))
        .expect("the workstream is on the board");
    let end = html[start..].find("</tr>").unwrap() + start;
    &html[start..end]
}

#[tokio::test]
async fn a_correction_needs_a_reason_and_becomes_revision_2_with_the_differences_shown() {
    // Arrange: Shared Services submitted revision 1.
    let app = demo_app().await;
    let mut lead = sign_in(&app, SHARED_SERVICES_LEAD).await;
    let due = due(&app).await;
    let url = report_url("shared-services", due);
    let form = lead.get(&format!("{url}/form")).await;
    assert!(form.body.contains("Submit correction"));
    let row = report_row(&app, "shared-services", due).await;
    let fields = with(
        &form_fields(&row),
        &[
            ("problems", "Survey of shared services delayed by two weeks"),
            ("products_planned_next", "Priorities matrix signed off"),
            // The seed's reports state no overall status; a correction must.
            ("rag_overall", "green"),
        ],
    );
    let lock = lock_version_in(&form.body);
    let mut posted = refs(&fields);
    posted.push(("lock_version", &lock));
    posted.push(("action", "correct"));

    // Act: without a reason.
    let refused = lead.post_form(&url, &posted).await;

    // Assert: refused, the reason asked for, what was typed kept.
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("href=\"#reason\""));
    assert!(
        refused
            .body
            .contains("Say why the report is being corrected")
    );
    assert!(
        refused
            .body
            .contains("Survey of shared services delayed by two weeks")
    );
    assert_eq!(
        report_row(&app, "shared-services", due)
            .await
            .current_revision,
        1
    );

    // Act: with a reason.
    posted.push(("reason", "Added the survey delay"));
    let corrected = lead.post_form(&url, &posted).await;

    // Assert: revision 2, both kept, the differences shown field by field.
    assert_eq!(
        corrected.status,
        StatusCode::SEE_OTHER,
        "{}",
        corrected.body
    );
    let revisions = report_revisions::Entity::find()
        .filter(report_revisions::Column::ReportId.eq(row.id))
        .count(&app.db.conn)
        .await
        .unwrap();
    assert_eq!(revisions, 2);
    let mut reader = sign_in(&app, BOARD_MEMBER).await;
    let diff = reader.get(&format!("{url}/revisions/2")).await;
    assert_eq!(diff.status, StatusCode::OK, "{}", diff.body);
    assert!(diff.body.contains("Added the survey delay"));
    assert!(diff.body.contains("Actual or potential problems"));
    assert!(diff.body.contains("None to date for Phase 1</del>"));
    assert!(
        diff.body
            .contains("Survey of shared services delayed by two weeks</ins>")
    );
    let first = reader.get(&format!("{url}/revisions/1")).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains("None to date for Phase 1"));
}

#[tokio::test]
async fn validation_names_each_field_beside_it_and_keeps_what_was_typed() {
    let app = demo_app().await;
    let mut lead = sign_in(&app, CUSTOMER_ACCESS_LEAD).await;
    let due = due(&app).await;
    let url = report_url("customer-access", due);
    let form = lead.get(&format!("{url}/form")).await;
    let row = report_row(&app, "customer-access", due).await;
    let lock = lock_version_in(&form.body);

    // Act: a draft with values that cannot be stored.
    let fields = with(
        &form_fields(&row),
        &[
            ("spend_to_date", "abc"),
            ("forecast_at_completion", "lots"),
            ("barriers", "Council elections in May"),
        ],
    );
    let mut posted = refs(&fields);
    posted.push(("lock_version", &lock));
    posted.push(("action", "save"));
    let refused = lead.post_form(&url, &posted).await;

    // Assert: the summary links to each field, the message sits beside it, input kept.
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("There is a problem"));
    assert!(refused.body.contains("href=\"#spend_to_date\""));
    assert!(refused.body.contains("href=\"#forecast_at_completion\""));
    assert!(refused.body.contains("id=\"spend_to_date-error\""));
    assert!(
        refused
            .body
            .contains("<span class=\"govuk-visually-hidden\">Error:</span>")
    );
    assert!(
        refused
            .body
            .contains("name=\"spend_to_date\" value=\"abc\"")
    );
    assert!(refused.body.contains("Council elections in May"));
    assert_eq!(
        report_row(&app, "customer-access", due).await.lock_version,
        row.lock_version
    );

    // Act: submitting what is there (no overall status, no budget, no plan; the
    // schedule has its slippage figure).
    let fields = form_fields(&row);
    let mut posted = refs(&fields);
    posted.push(("lock_version", &lock));
    posted.push(("action", "submit"));
    let refused = lead.post_form(&url, &posted).await;

    // Assert: what the board needs is asked for, field by field.
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["rag_overall", "budget_status", "products_planned_next"] {
        assert!(
            refused.body.contains(&format!("href=\"#{field}\"")),
            "{field}"
        );
        assert!(
            refused.body.contains(&format!("id=\"{field}-error\"")),
            "{field}"
        );
    }
    assert!(
        refused
            .body
            .contains("Choose the overall status this period")
    );
}

#[tokio::test]
async fn two_people_saving_the_same_draft_get_a_conflict_and_nothing_is_overwritten() {
    // Arrange: the lead and the programme manager both open the Customer Access draft.
    let app = demo_app().await;
    let due = due(&app).await;
    let url = report_url("customer-access", due);
    let mut karen = sign_in(&app, CUSTOMER_ACCESS_LEAD).await;
    let mut claire = sign_in(&app, PROGRAMME_MANAGER).await;
    let karens_form = karen.get(&format!("{url}/form")).await;
    let claires_form = claire.get(&format!("{url}/form")).await;
    let row = report_row(&app, "customer-access", due).await;
    let lock = lock_version_in(&karens_form.body);
    assert_eq!(lock, lock_version_in(&claires_form.body));

    // Act: both save.
    let karens = with(
        &form_fields(&row),
        &[("problems", "Councils meet on 3 December")],
    );
    let mut posted = refs(&karens);
    posted.extend([("lock_version", lock.as_str()), ("action", "save")]);
    let first = karen.post_form(&url, &posted).await;
    let claires = with(
        &form_fields(&row),
        &[("problems", "PID discussion postponed")],
    );
    let mut posted = refs(&claires);
    posted.extend([("lock_version", lock.as_str()), ("action", "save")]);
    let second = claire.post_form(&url, &posted).await;

    // Assert: the second gets the conflict page with both versions and the newer lock.
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    assert!(
        second
            .body
            .contains("Someone else saved this report while you were editing it")
    );
    assert!(second.body.contains("last change: Karen Moss"));
    assert!(second.body.contains("Councils meet on 3 December"));
    assert!(second.body.contains("PID discussion postponed"));
    let saved = report_row(&app, "customer-access", due).await;
    assert_eq!(
        lock_version_in(&second.body),
        saved.lock_version.to_string()
    );
    assert_eq!(
        working_copy(&saved).problems.as_deref(),
        Some("Councils meet on 3 December"),
        "the first save is not overwritten"
    );
}

#[tokio::test]
async fn the_report_shows_the_derived_status_beside_the_stated_one_and_explains_the_difference() {
    // Shared Services says time is "Unaffected" but its figures show 14 days' slippage.
    let app = demo_app().await;
    let mut reader = sign_in(&app, BOARD_MEMBER).await;
    let due = due(&app).await;

    let page = reader.get(&report_url("shared-services", due)).await;

    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Overall, derived by the rules"));
    assert!(page.body.contains("Overall, stated by the lead"));
    assert!(
        page.body
            .contains("Where the statement and the rules differ")
    );
    assert!(
        page.body
            .contains("The report says the time tolerance is unaffected, but the figures put it within tolerance"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn a_lead_of_another_workstream_cannot_read_or_write_a_draft() {
    let app = demo_app().await;
    let mut other_lead = sign_in(&app, SHARED_SERVICES_LEAD).await;
    let url = report_url("customer-access", due(&app).await);

    let read = other_lead.get(&url).await;
    let edit = other_lead.get(&format!("{url}/form")).await;
    let write = other_lead
        .post_form(&url, &[("action", "save"), ("problems", "x")])
        .await;

    assert_eq!(read.status, StatusCode::FORBIDDEN);
    assert_eq!(edit.status, StatusCode::FORBIDDEN);
    assert_eq!(write.status, StatusCode::FORBIDDEN);
    assert!(
        read.body
            .contains("You cannot read this report before it is submitted")
    );
}

#[tokio::test]
async fn a_viewer_reads_submitted_reports_but_cannot_review_or_write() {
    let app = demo_app().await;
    let mut viewer =
        person_with_role(&app, "viewer@example.org", Some(ProgrammeRole::Viewer)).await;
    let url = report_url("shared-services", due(&app).await);

    let read = viewer.get(&url).await;
    let review = viewer
        .post_form(
            &format!("{url}/reviews"),
            &[("comment", "Looks fine"), ("mark_reviewed", "yes")],
        )
        .await;
    let write = viewer.post_form(&url, &[("action", "save")]).await;

    assert_eq!(read.status, StatusCode::OK);
    assert!(!read.body.contains("Record review"));
    assert_eq!(review.status, StatusCode::FORBIDDEN);
    assert_eq!(write.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn someone_with_no_role_is_refused_the_programme_and_anonymous_is_sent_to_sign_in() {
    let app = demo_app().await;
    let mut stranger = person_with_role(&app, "stranger@example.org", None).await;
    let url = report_url("shared-services", due(&app).await);

    let board = stranger.get(&format!("/programmes/{PROGRAMME}")).await;
    let report = stranger.get(&url).await;
    let anonymous = app.get(&url).await;

    assert_eq!(board.status, StatusCode::FORBIDDEN);
    assert_eq!(report.status, StatusCode::FORBIDDEN);
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(anonymous.location().unwrap().starts_with("/login?next="));
}

#[tokio::test]
async fn the_demo_keeps_the_leads_words_and_marks_its_invented_figures_illustrative() {
    // Arrange: the seed's Enhanced Strategic Partnership report says "Behind schedule"
    // with no number of days and covers "July–Nov 08"; its figures were invented.
    let app = demo_app().await;
    let due = due(&app).await;
    let mut reader = sign_in(&app, BOARD_MEMBER).await;

    // Act
    let page = reader
        .get(&report_url("enhanced-strategic-partnership", due))
        .await;
    let export = reader
        .get(&format!("/programmes/{PROGRAMME}/export/reports.csv"))
        .await;

    // Assert: the lead's words as written, the figures marked wherever they show.
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let row = report_row(&app, "enhanced-strategic-partnership", due).await;
    let content = working_copy(&row);
    assert_eq!(
        content.schedule.stated,
        Some(highlight_domain::ScheduleStatus::Behind { days: None })
    );
    assert_eq!(content.status_grid.overall.this_period, None);
    assert!(page.body.contains("The lead states behind schedule."));
    assert!(!page.body.contains("The lead states behind schedule by"));
    assert!(page.body.contains("July–Nov 08"));
    assert!(
        page.body
            .contains(highlight_app::text::ILLUSTRATIVE_FIGURES)
    );
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    assert!(
        export
            .body
            .contains("illustrative (not in the source document)")
    );
    assert!(export.body.contains("July–Nov 08"));
}

/// How many rows the tables a report form could write hold.
async fn written(app: &TestApp) -> (u64, u64, u64) {
    let db = &app.db.conn;
    (
        reporting_periods::Entity::find().count(db).await.unwrap(),
        highlight_reports::Entity::find().count(db).await.unwrap(),
        audit_log::Entity::find().count(db).await.unwrap(),
    )
}

#[tokio::test]
async fn a_get_of_the_report_form_writes_nothing() {
    // Arrange: the next period is not open and nobody has started its report;
    // Customer Access has a draft this period.
    let app = demo_app().await;
    let mut lead = sign_in(&app, PARTNERSHIP_LEAD).await;
    let mut karen = sign_in(&app, CUSTOMER_ACCESS_LEAD).await;
    let next = next_due(&app).await;
    let url = report_url("enhanced-strategic-partnership", next);
    let token = token_for(&app, PARTNERSHIP_LEAD).await;
    let before = written(&app).await;

    // Act: open the report, its form, and the API's view of it; and a started draft's form.
    let opened = lead.get(&url).await;
    let form = lead.get(&format!("{url}/form")).await;
    let api = api(&app, Some(&token), "GET", &format!("/api/v1{url}"), None).await;
    let draft = karen
        .get(&format!(
            "{}/form",
            report_url("customer-access", due(&app).await)
        ))
        .await;

    // Assert: the pages answer, and no period, report or audit row was written.
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert_eq!(draft.status, StatusCode::OK, "{}", draft.body);
    assert!(api.status.is_success(), "{} {}", api.status, api.body);
    assert_eq!(written(&app).await, before, "a GET wrote a row");

    // Act: the first save stores the period and the draft, and audits both steps.
    let saved = lead
        .post_form(
            &url,
            &[
                ("stage", input_value_in(&form.body, "stage").as_str()),
                ("problems", "Partners asked for more time"),
                ("lock_version", "0"),
                ("action", "save"),
            ],
        )
        .await;

    // Assert
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let (periods, reports, audited) = written(&app).await;
    assert_eq!(
        (periods, reports, audited),
        (before.0 + 1, before.1 + 1, before.2 + 2)
    );
    let row = report_row(&app, "enhanced-strategic-partnership", next).await;
    assert_eq!((row.state.as_str(), row.lock_version), ("draft", 1));
    assert_eq!(
        working_copy(&row).problems.as_deref(),
        Some("Partners asked for more time")
    );
}

#[tokio::test]
async fn the_form_says_beside_the_figures_what_they_mean_against_the_boards_tolerances() {
    // Customer Access has a saved draft: its form reads it against the PID's tolerances.
    let app = demo_app().await;
    let mut lead = sign_in(&app, CUSTOMER_ACCESS_LEAD).await;
    let due = due(&app).await;

    let form = lead
        .get(&format!("{}/form", report_url("customer-access", due)))
        .await;

    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let budget = &form.body[form
        .body
        .find("id=\"budget-against-tolerance\"")
        .expect("beside the budget")..];
    let budget = &budget[..budget.find("</div>").unwrap()];
    assert!(
        budget.contains("As saved, against the board's tolerance:"),
        "{budget}"
    );
    assert!(
        budget.contains("No budget held</strong> Cost: the PID holds no budget"),
        "{budget}"
    );
    let schedule = &form.body[form
        .body
        .find("id=\"schedule-against-tolerance\"")
        .expect("beside the schedule")..];
    let schedule = &schedule[..schedule.find("</div>").unwrap()];
    assert!(schedule.contains("</strong> Time"), "{schedule}");
}

#[tokio::test]
async fn what_is_carried_forward_from_last_period_is_labelled_until_the_lead_edits_it() {
    let app = demo_app().await;
    let mut lead = sign_in(&app, SHARED_SERVICES_LEAD).await;
    let next = next_due(&app).await;
    let url = report_url("shared-services", next);

    let form = lead.get(&format!("{url}/form")).await;

    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(
        form.body.contains("Some answers are last period"),
        "the banner says so"
    );
    assert!(
        form.body.contains("id=\"problems-carried\""),
        "{}",
        form.body
    );
    assert!(
        form.body.contains("aria-describedby=\"problems-carried\""),
        "read out with the field"
    );

    // Act: saved as it is, the labels stay; then the lead rewrites the problems.
    let as_is = form_values(&form.body);
    let mut posted = refs(&as_is);
    posted.push(("action", "save"));
    let first = lead.post_form(&url, &posted).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let kept = lead.get(&format!("{url}/form")).await;
    assert!(
        kept.body.contains("id=\"problems-carried\""),
        "saving unchanged keeps the label"
    );
    let edited: Vec<(String, String)> = form_values(&kept.body)
        .into_iter()
        .map(|(k, v)| match k.as_str() {
            "problems" => (k, "A new problem this month".to_owned()),
            _ => (k, v),
        })
        .collect();
    let mut posted = refs(&edited);
    posted.push(("action", "save"));
    let saved = lead.post_form(&url, &posted).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let again = lead.get(&format!("{url}/form")).await;

    assert!(
        !again.body.contains("id=\"problems-carried\""),
        "edited: no longer labelled"
    );
    assert!(again.body.contains("-carried\""), "the rest still are");
}

#[tokio::test]
async fn the_lead_checks_her_answers_as_the_board_will_read_them_then_submits_what_she_checked() {
    let app = demo_app().await;
    let mut lead = sign_in(&app, CUSTOMER_ACCESS_LEAD).await;
    let due = due(&app).await;
    let url = report_url("customer-access", due);
    let form = lead.get(&format!("{url}/form")).await;
    assert!(
        form.body
            .contains("value=\"check\">Save and check your answers</button>")
    );

    // Act: save and check.
    let saved = post_complete(&app, &mut lead, "customer-access", due, "check").await;

    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), Some(format!("{url}/check").as_str()));
    let check = lead.get(&format!("{url}/check")).await;
    assert_eq!(check.status, StatusCode::OK, "{}", check.body);
    assert!(check.body.contains("Check your answers before submitting"));
    assert!(
        check.body.contains("Derived status beside the lead"),
        "the derived beside the stated"
    );
    assert!(
        check
            .body
            .contains(&format!("href=\"{url}/edit\">Change your answers</a>"))
    );
    assert_eq!(
        report_row(&app, "customer-access", due).await.state,
        "draft",
        "checking submits nothing"
    );

    // Act: submit what was checked.
    let lock = lock_version_in(&check.body);
    let submitted = lead
        .post_form(
            &url,
            &[
                ("lock_version", lock.as_str()),
                ("action", "submit_checked"),
            ],
        )
        .await;

    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let row = report_row(&app, "customer-access", due).await;
    assert_eq!(row.state, "submitted");
    assert_eq!(row.current_revision, 1);
}

#[tokio::test]
async fn checking_a_report_nobody_has_saved_shows_what_it_starts_with_and_writes_nothing() {
    let app = demo_app().await;
    let mut lead = sign_in(&app, SHARED_SERVICES_LEAD).await;
    let next = next_due(&app).await;
    let url = report_url("shared-services", next);
    let before = written(&app).await;

    let check = lead.get(&format!("{url}/check")).await;

    // The page shows last period's answers carried forward, says so, and what is
    // still missing is only found on submitting: reading writes nothing.
    assert_eq!(check.status, StatusCode::OK, "{}", check.body);
    assert!(check.body.contains("Check your answers before submitting"));
    assert!(
        check.body.contains("Still exactly as last period:"),
        "{}",
        check.body
    );
    assert!(check.body.contains("Carried forward — check"));
    assert_eq!(written(&app).await, before);
}

#[tokio::test]
async fn a_form_that_does_not_read_is_refused_saying_so_not_taken_for_an_empty_one() {
    let app = demo_app().await;
    let mut lead = sign_in(&app, CUSTOMER_ACCESS_LEAD).await;
    let due = due(&app).await;
    let url = report_url("customer-access", due);
    let before = report_row(&app, "customer-access", due).await;

    // The stage, a single field, sent twice.
    let refused = lead
        .post_form(
            &url,
            &[
                ("stage", "1"),
                ("stage", "2"),
                ("lock_version", "1"),
                ("action", "save"),
            ],
        )
        .await;

    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("The form could not be read"),
        "{}",
        refused.body
    );
    assert!(
        !refused.body.contains("Enter the stage"),
        "not mistaken for an empty form"
    );
    assert_eq!(
        report_row(&app, "customer-access", due).await,
        before,
        "nothing saved"
    );
}
