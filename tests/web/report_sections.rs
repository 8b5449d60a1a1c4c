//! The report form as a task list: seven short sections, each with its state; a
//! section's "Save and continue" saves that section and nothing else; what is still
//! last period's says so until the lead confirms it; check your answers links back to
//! every section and submits exactly what it showed.

use axum::http::StatusCode;

use crate::pioneer::*;

const PARTNERSHIP: &str = "enhanced-strategic-partnership";
/// What the partnership planned last period for this one.
const PLANNED_LAST_PERIOD: &str =
    "A draft Somerset framework should be available for discussion by end of October.";

async fn reports_stored(app: &crate::support::http::TestApp) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    highlight_store::entities::highlight_reports::Entity::find()
        .count(&app.db.conn)
        .await
        .unwrap()
}

/// The state the task list shows for the section called `title`.
fn state_of(html: &str, title: &str) -> String {
    let at = html
        .find(&format!(">{title}</a>"))
        .unwrap_or_else(|| panic!("the task list has {title}: {html}"));
    let status = &html[at..];
    let status = &status[status.find("govuk-task-list__status").unwrap()..];
    let end = status.find("</div>").unwrap();
    let cell = &status[..end];
    // The words, without the tag around them.
    let text: String = cell
        .split('>')
        .skip(1)
        .map(|p| p.split('<').next().unwrap_or(""))
        .collect();
    text.trim().to_owned()
}

#[tokio::test]
async fn a_returning_lead_sees_each_section_with_its_state() {
    // Arrange: the partnership submitted last period; this period nobody has started.
    let app = demo_app().await;
    let mut lead = sign_in(&app, PARTNERSHIP_LEAD).await;
    let url = report_url(PARTNERSHIP, next_due(&app).await);

    // Act
    let tasks = lead.get(&format!("{url}/edit")).await;

    // Assert: this period's news has not started; last period's standing answers are
    // carried forward and say "check"; every section links to its page.
    assert_eq!(tasks.status, StatusCode::OK, "{}", tasks.body);
    assert!(tasks.body.contains("govuk-task-list"));
    assert_eq!(state_of(&tasks.body, "Status and RAG"), "Not started");
    assert_eq!(state_of(&tasks.body, "Products"), "Not started");
    assert_eq!(
        state_of(&tasks.body, "Risks and issues"),
        "Carried forward — check"
    );
    for section in [
        "status",
        "budget",
        "schedule",
        "tolerances",
        "products",
        "risks_and_issues",
        "narrative",
    ] {
        assert!(
            tasks
                .body
                .contains(&format!("href=\"{url}/edit/{section}\"")),
            "a link to {section}"
        );
    }
    assert!(tasks.body.contains("You have completed 0 of 7 sections."));
}

#[tokio::test]
async fn save_and_continue_confirms_a_carried_section_and_touches_no_other() {
    let app = demo_app().await;
    let mut lead = sign_in(&app, PARTNERSHIP_LEAD).await;
    let due = next_due(&app).await;
    let url = report_url(PARTNERSHIP, due);
    let page = lead.get(&format!("{url}/edit/risks_and_issues")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Carried forward from last period"));
    // The section's page asks only its own questions.
    assert!(page.body.contains("name=\"risk_update\""));
    assert!(!page.body.contains("name=\"spend_to_date\""));
    let fields = form_values(&page.body);

    // Act: leave last period's words as they are and save.
    let mut posted = refs(&fields);
    posted.push(("action", "continue"));
    let saved = lead
        .post_form(&format!("{url}/edit/risks_and_issues"), &posted)
        .await;

    // Assert: back to the task list, the section completed, its labels gone, and
    // the other sections exactly as pre-filled.
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        saved.location(),
        Some(format!("{url}/edit?section=risks_and_issues#report-sections").as_str())
    );
    let tasks = lead.get(saved.location().unwrap()).await;
    assert!(tasks.body.contains("“Risks and issues” has been saved."));
    assert_eq!(state_of(&tasks.body, "Risks and issues"), "Completed");
    assert_eq!(state_of(&tasks.body, "Status and RAG"), "Not started");
    assert!(tasks.body.contains("You have completed 1 of 7 sections."));
    let again = lead.get(&format!("{url}/edit/risks_and_issues")).await;
    assert!(!again.body.contains("Carried forward from last period"));
    let row = report_row(&app, PARTNERSHIP, due).await;
    assert_eq!(row.confirmed_sections, "risks_and_issues");
    let whole = lead.get(&format!("{url}/form")).await;
    let stored = form_fields(&row);
    for (name, value) in form_values(&whole.body) {
        if let Some((_, kept)) = stored.iter().find(|(n, _)| *n == name) {
            assert_eq!(kept.trim(), value.trim(), "{name} as pre-filled");
        }
    }
}

#[tokio::test]
async fn a_section_with_a_mistake_is_shown_again_as_typed_and_nothing_is_saved() {
    let app = demo_app().await;
    let mut lead = sign_in(&app, CUSTOMER_ACCESS_LEAD).await;
    let due = due(&app).await;
    let url = report_url("customer-access", due);
    let before = report_row(&app, "customer-access", due).await;
    let page = lead.get(&format!("{url}/edit/budget")).await;
    let fields = with(
        &form_values(&page.body),
        &[
            ("spend_to_date", "lots"),
            ("forecast_at_completion", "£90,000"),
        ],
    );

    let mut posted = refs(&fields);
    posted.push(("action", "continue"));
    let refused = lead.post_form(&format!("{url}/edit/budget"), &posted).await;

    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("href=\"#spend_to_date\""),
        "the error links to its field"
    );
    assert!(
        refused.body.contains("value=\"lots\""),
        "what was typed is kept"
    );
    assert!(refused.body.contains("value=\"£90,000\""));
    assert!(
        refused
            .body
            .contains("<h1 class=\"govuk-heading-l\">Budget</h1>")
    );
    let after = report_row(&app, "customer-access", due).await;
    assert_eq!(after.draft, before.draft);
    assert_eq!(after.lock_version, before.lock_version);
}

#[tokio::test]
async fn the_budget_section_says_what_the_saved_figures_mean_against_the_tolerance() {
    let app = demo_app().await;
    let mut lead = sign_in(&app, CUSTOMER_ACCESS_LEAD).await;
    let due = due(&app).await;
    let url = report_url("customer-access", due);
    let page = lead.get(&format!("{url}/edit/budget")).await;
    let fields = with(&form_values(&page.body), &[("spend_to_date", "£1,000")]);

    // Act: "Save and stay on this page".
    let mut posted = refs(&fields);
    posted.push(("action", "save"));
    let saved = lead.post_form(&format!("{url}/edit/budget"), &posted).await;

    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let shown = lead.get(saved.location().unwrap()).await;
    assert!(shown.body.contains("“Budget” has been saved."));
    assert!(
        shown
            .body
            .contains("As saved, against the board's tolerance:")
    );
    assert!(
        shown
            .body
            .contains("name=\"spend_to_date\" value=\"£1,000.00\"")
    );
}

#[tokio::test]
async fn an_unknown_section_is_not_found() {
    let app = demo_app().await;
    let mut lead = sign_in(&app, CUSTOMER_ACCESS_LEAD).await;
    let url = report_url("customer-access", due(&app).await);

    let page = lead.get(&format!("{url}/edit/everything")).await;
    let post = lead
        .post_form(&format!("{url}/edit/everything"), &[("action", "continue")])
        .await;

    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(post.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_reader_cannot_open_or_save_a_section() {
    let app = demo_app().await;
    let mut board = sign_in(&app, BOARD_MEMBER).await;
    let url = report_url("customer-access", due(&app).await);

    let page = board.get(&format!("{url}/edit/budget")).await;
    let post = board
        .post_form(
            &format!("{url}/edit/budget"),
            &[("spend_to_date", "£1"), ("action", "continue")],
        )
        .await;

    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(post.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn two_people_saving_the_same_section_get_a_conflict_showing_only_that_section() {
    let app = demo_app().await;
    let due = due(&app).await;
    let url = report_url("customer-access", due);
    let mut karen = sign_in(&app, CUSTOMER_ACCESS_LEAD).await;
    let mut claire = sign_in(&app, PROGRAMME_MANAGER).await;
    let karens = karen.get(&format!("{url}/edit/narrative")).await;
    let claires = claire.get(&format!("{url}/edit/narrative")).await;
    let post = |page: &str, lessons: &str| {
        let mut v = with(&form_values(page), &[("lessons", lessons)]);
        v.push(("action".into(), "continue".into()));
        v
    };

    let first = karen
        .post_form(
            &format!("{url}/edit/narrative"),
            &refs(&post(&karens.body, "Karen's lesson")),
        )
        .await;
    let second = claire
        .post_form(
            &format!("{url}/edit/narrative"),
            &refs(&post(&claires.body, "Claire's lesson")),
        )
        .await;

    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    assert!(second.body.contains("Someone else saved this report"));
    assert!(
        second.body.contains("Karen&#x27;s lesson"),
        "theirs is shown"
    );
    assert!(
        second.body.contains("Claire&#x27;s lesson"),
        "yours is kept"
    );
    assert!(!second.body.contains("<th scope=\"row\">Spend to date</th>"));
    let row = report_row(&app, "customer-access", due).await;
    assert_eq!(
        working_copy(&row).lessons.as_deref(),
        Some("Karen's lesson")
    );
}

#[tokio::test]
async fn check_your_answers_lists_what_is_missing_linked_to_its_section() {
    let app = demo_app().await;
    let mut lead = sign_in(&app, PARTNERSHIP_LEAD).await;
    let due = next_due(&app).await;
    let url = report_url(PARTNERSHIP, due);
    let check = lead.get(&format!("{url}/check")).await;
    let lock = lock_version_in(&check.body);
    let reports = reports_stored(&app).await;

    // Act: submit the pre-filled report as it stands (no overall status, no products).
    let refused = lead
        .post_form(
            &url,
            &[
                ("lock_version", lock.as_str()),
                ("action", "submit_checked"),
            ],
        )
        .await;

    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("The report cannot be submitted yet"));
    assert!(
        refused
            .body
            .contains(&format!("href=\"{url}/edit/status#rag_overall\""))
    );
    assert!(refused.body.contains(&format!(
        "href=\"{url}/edit/products#products_planned_next\""
    )));
    assert_eq!(reports_stored(&app).await, reports, "nothing written");
}

#[tokio::test]
async fn a_returning_lead_confirms_and_submits_through_the_sections() {
    let app = demo_app().await;
    let mut lead = sign_in(&app, PARTNERSHIP_LEAD).await;
    let due = next_due(&app).await;
    let url = report_url(PARTNERSHIP, due);
    let save = |page: &str, changes: &[(&str, &str)]| {
        let mut v = with(&form_values(page), changes);
        v.push(("action".into(), "continue".into()));
        v
    };

    // Act: the overall status, then the products (last period's plan ticked, the next
    // planned), then check and submit.
    let status = lead.get(&format!("{url}/edit/status")).await;
    let s = lead
        .post_form(
            &format!("{url}/edit/status"),
            &refs(&save(&status.body, &[("rag_overall", "green")])),
        )
        .await;
    assert_eq!(s.status, StatusCode::SEE_OTHER, "{}", s.body);
    let products = lead.get(&format!("{url}/edit/products")).await;
    let p = lead
        .post_form(
            &format!("{url}/edit/products"),
            &refs(&save(
                &products.body,
                &[
                    ("products_planned_next", "Framework agreed"),
                    ("confirm_completed", PLANNED_LAST_PERIOD),
                ],
            )),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let check = lead.get(&format!("{url}/check")).await;
    assert!(check.body.contains("Still exactly as last period:"));
    assert!(
        check.body.contains(&format!("href=\"{url}/edit/budget\"")),
        "a link back to each section"
    );
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

    // Assert: submitted as checked, every section now confirmed.
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let row = report_row(&app, PARTNERSHIP, due).await;
    assert_eq!(row.state, "submitted");
    assert_eq!(
        row.confirmed_sections,
        "status,budget,schedule,tolerances,products,risks_and_issues,narrative"
    );
    let content = working_copy(&row);
    assert_eq!(
        content.products_planned_next,
        vec!["Framework agreed".to_owned()]
    );
    assert_eq!(
        content.products_completed,
        vec![PLANNED_LAST_PERIOD.to_owned()]
    );
    assert_eq!(
        content.status_grid.overall.this_period,
        Some(highlight_domain::Rag::Green)
    );
}

#[tokio::test]
async fn a_correction_goes_through_the_check_page_with_its_reason() {
    let app = demo_app().await;
    let mut lead = sign_in(&app, CUSTOMER_ACCESS_LEAD).await;
    let due = due(&app).await;
    let url = report_url("customer-access", due);
    submit_complete(&app, &mut lead, "customer-access", due).await;
    let narrative = lead.get(&format!("{url}/edit/narrative")).await;
    let mut v = with(
        &form_values(&narrative.body),
        &[("lessons", "Start the survey earlier")],
    );
    v.push(("action".into(), "continue".into()));
    lead.post_form(&format!("{url}/edit/narrative"), &refs(&v))
        .await;
    let check = lead.get(&format!("{url}/check")).await;
    assert!(
        check
            .body
            .contains("Check your answers before submitting the correction")
    );
    let lock = lock_version_in(&check.body);

    let no_reason = lead
        .post_form(
            &url,
            &[
                ("lock_version", lock.as_str()),
                ("action", "correct_checked"),
            ],
        )
        .await;
    let corrected = lead
        .post_form(
            &url,
            &[
                ("lock_version", lock.as_str()),
                ("action", "correct_checked"),
                ("reason", "Added a lesson"),
            ],
        )
        .await;

    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains("href=\"#reason\""));
    assert_eq!(
        corrected.status,
        StatusCode::SEE_OTHER,
        "{}",
        corrected.body
    );
    let row = report_row(&app, "customer-access", due).await;
    assert_eq!(row.current_revision, 2);
    assert_eq!(
        working_copy(&row).lessons.as_deref(),
        Some("Start the survey earlier")
    );
}
