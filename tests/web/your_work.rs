//! "Your work", the first page after signing in: a lead sees the reports she owes, a
//! board member the reports awaiting review, the programme manager the period's returns
//! with "Send a reminder now" — through the outbox, at most once a day per workstream,
//! audited and shown ("Chased by Claire Whitcombe, 3 Dec 09:12").

use axum::http::StatusCode;
use highlight_store::entities::{audit_log, captured_mail, outbox};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::pioneer::{
    BOARD_MEMBER, CUSTOMER_ACCESS_LEAD, PROGRAMME, PROGRAMME_MANAGER, SHARED_SERVICES_LEAD,
    demo_app, sign_in,
};

const CHASE: &str = "/programmes/pioneer-somerset/workstreams/customer-access/chase";

async fn chases_queued(app: &crate::support::http::TestApp) -> u64 {
    outbox::Entity::find()
        .filter(outbox::Column::Kind.eq("chase"))
        .count(&app.db.conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_lead_sees_the_report_she_owes_first_with_a_button_to_continue_her_draft() {
    let app = demo_app().await;
    let mut karen = sign_in(&app, CUSTOMER_ACCESS_LEAD).await;

    let page = karen.get("/").await;

    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("<h1 class=\"govuk-heading-l\">Your work</h1>")
    );
    assert!(page.body.contains("1 report to write"), "the count");
    let owed = &page.body[page.body.find("Reports to write").expect("her reports")..];
    assert!(owed.contains("Customer Access"));
    assert!(owed.contains("Overdue"));
    assert!(
        owed.contains(
            "Continue<span class=\"govuk-visually-hidden\"> the Customer Access report due"
        )
    );
    assert!(owed.contains(&format!(
        "/programmes/{PROGRAMME}/workstreams/customer-access/reports/"
    )));
    assert!(
        !page.body.contains("Send a reminder now"),
        "a lead chases no one"
    );
    assert!(
        !page.body.contains("Reports awaiting review"),
        "a lead reviews nothing"
    );

    let mut rachel = sign_in(&app, SHARED_SERVICES_LEAD).await;
    let done = rachel.get("/").await;
    assert!(
        !done.body.contains("Reports to write"),
        "Shared Services' report is in"
    );
    assert!(done.body.contains("Nothing is asked of you just now"));
}

#[tokio::test]
async fn a_board_member_sees_the_reports_awaiting_review_marked_new_since_their_last_sign_in() {
    let app = demo_app().await;
    let mut board = sign_in(&app, BOARD_MEMBER).await;

    let page = board.get("/").await;

    assert!(page.body.contains("8 reports to review"), "{}", page.body);
    let review = &page.body[page.body.find("Reports awaiting review").expect("the list")..];
    assert!(review.contains("Shared Services"));
    assert!(
        review.contains(
            "Review<span class=\"govuk-visually-hidden\"> the Shared Services report due"
        )
    );
    assert!(
        review.contains("since you last signed in"),
        "first sign-in: all are new"
    );

    // Signed in again later: nothing came in since, so nothing is marked new.
    let mut again = sign_in(&app, BOARD_MEMBER).await;
    let later = again.get("/").await;
    assert!(later.body.contains("8 reports to review"));
    assert!(!later.body.contains("since you last signed in"));
}

#[tokio::test]
async fn the_programme_manager_sends_a_reminder_now_once_a_day_through_the_outbox_and_sees_who_chased()
 {
    let app = demo_app().await;
    let mut claire = sign_in(&app, PROGRAMME_MANAGER).await;
    let before = claire.get("/").await;
    assert!(
        before.body.contains("8 received</strong>, 1 not received"),
        "{}",
        before.body
    );
    assert!(
        before.body.contains(&format!("action=\"{CHASE}\"")),
        "Customer Access can be chased"
    );
    assert_eq!(
        before.body.matches("Send a reminder now<span").count(),
        1,
        "only the report not in"
    );

    let sent = claire.post_form(CHASE, &[]).await;

    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let after = claire
        .get(sent.location().expect("back to your work"))
        .await;
    assert!(
        after
            .body
            .contains("A reminder is on its way to Karen Moss for Customer Access.")
    );
    assert!(
        after.body.contains("Chased by Claire Whitcombe, "),
        "{}",
        after.body
    );
    assert!(
        !after.body.contains(&format!("action=\"{CHASE}\"")),
        "no second chase today"
    );
    assert_eq!(chases_queued(&app).await, 1);
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("report.chased"))
        .all(&app.db.conn)
        .await
        .unwrap();
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].actor_name, "Claire Whitcombe");

    // The same again, by a second request the same day: refused, nothing queued.
    let again = claire.post_form(CHASE, &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert!(
        again.body.contains("a reminder was already sent today"),
        "{}",
        again.body
    );
    assert_eq!(chases_queued(&app).await, 1);

    // It goes to the lead, with a link to her report form.
    let report = app.deliver_mail().await;
    assert_eq!(report.sent, 1, "{report}");
    let mail = captured_mail::Entity::find()
        .all(&app.db.conn)
        .await
        .unwrap();
    assert_eq!(mail.len(), 1);
    assert_eq!(
        mail[0].recipient,
        format!("Karen Moss <{CUSTOMER_ACCESS_LEAD}>")
    );
    assert_eq!(
        mail[0].subject,
        "Customer Access highlight report: a reminder from Claire Whitcombe"
    );
    assert!(
        mail[0].text_body.contains("which was due on"),
        "{}",
        mail[0].text_body
    );
}

#[tokio::test]
async fn two_reminders_sent_at_the_same_moment_queue_one() {
    let app = demo_app().await;
    let mut first = sign_in(&app, PROGRAMME_MANAGER).await;
    let mut second = sign_in(&app, PROGRAMME_MANAGER).await;

    let (a, b) = tokio::join!(first.post_form(CHASE, &[]), second.post_form(CHASE, &[]));

    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::SEE_OTHER, StatusCode::CONFLICT],
        "{} / {}",
        a.body,
        b.body
    );
    assert_eq!(chases_queued(&app).await, 1);
    app.deliver_mail().await;
}

#[tokio::test]
async fn only_the_programme_manager_may_chase_and_never_a_report_already_in() {
    let app = demo_app().await;
    let mut board = sign_in(&app, BOARD_MEMBER).await;
    let refused = board.post_form(CHASE, &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);

    let mut claire = sign_in(&app, PROGRAMME_MANAGER).await;
    let received = claire
        .post_form(
            "/programmes/pioneer-somerset/workstreams/shared-services/chase",
            &[],
        )
        .await;
    assert_eq!(received.status, StatusCode::CONFLICT);
    assert!(
        received
            .body
            .contains("the report has already been received"),
        "{}",
        received.body
    );
    assert_eq!(chases_queued(&app).await, 0);
}

#[tokio::test]
async fn every_page_says_in_its_header_how_much_work_is_waiting() {
    let app = demo_app().await;
    let mut karen = sign_in(&app, CUSTOMER_ACCESS_LEAD).await;
    let mut board = sign_in(&app, BOARD_MEMBER).await;
    let mut rachel = sign_in(&app, SHARED_SERVICES_LEAD).await;

    let on_the_board = karen.get(&format!("/programmes/{PROGRAMME}")).await;
    let on_an_account_page = board.get("/account/password").await;
    let nothing_waiting = rachel.get(&format!("/programmes/{PROGRAMME}")).await;

    assert!(
        on_the_board
            .body
            .contains("Your work<span class=\"app-nav-count\">: 1 report to write</span>"),
        "{}",
        on_the_board.body
    );
    assert!(
        on_an_account_page
            .body
            .contains("Your work<span class=\"app-nav-count\">: 8 reports to review</span>")
    );
    assert!(
        nothing_waiting.body.contains(">Your work</a>"),
        "no count when nothing waits"
    );
}
