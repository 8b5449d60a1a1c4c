//! Review as a loop: a board member returns a report for changes with notes pinned to
//! its sections; the lead sees them on the report and on "your work"; nobody can mark a
//! returned report reviewed; the lead resubmits and the board reads, word by word, what
//! changed since it returned it. Two board members returning at once: one wins.

use axum::http::StatusCode;
use highlight_store::entities::{audit_log, report_return_notes, report_returns};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::pioneer::*;
use crate::support::http::{Client, TestApp};

const BUDGET_NOTE: &str = "Explain the overspend against the £76,200 baseline";
const NARRATIVE_NOTE: &str = "Say who owns the barrier with the county";

/// Richard Ashworth returns Shared Services' submitted report with notes on two sections.
async fn return_with_two_notes(app: &TestApp, board: &mut Client<'_>) -> String {
    let url = report_url("shared-services", due(app).await);
    let form = board.get(&format!("{url}/return")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("name=\"note_budget\""));
    let returned = board
        .post_form(
            &format!("{url}/return"),
            &[
                ("general_note", ""),
                ("note_budget", BUDGET_NOTE),
                ("note_narrative", NARRATIVE_NOTE),
                ("note_schedule", "  "),
            ],
        )
        .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);
    // The lead is told at once (see the_lead_is_told_at_once_…).
    app.deliver_mail().await;
    url
}

#[tokio::test]
async fn return_for_changes_then_the_lead_sees_the_notes_resubmits_and_the_board_sees_the_diff() {
    // Arrange
    let app = demo_app().await;
    let due = due(&app).await;
    let mut board = sign_in(&app, BOARD_MEMBER).await;

    // Act: return with notes on two sections.
    let url = return_with_two_notes(&app, &mut board).await;

    // Assert: returned, recorded, audited.
    let row = report_row(&app, "shared-services", due).await;
    assert_eq!(row.state, "returned");
    let returns = report_returns::Entity::find()
        .filter(report_returns::Column::ReportId.eq(row.id))
        .all(&app.db.conn)
        .await
        .unwrap();
    assert_eq!(returns.len(), 1);
    assert_eq!(returns[0].revision, 1);
    assert_eq!(returns[0].returned_by_name, "Richard Ashworth");
    let notes = report_return_notes::Entity::find()
        .filter(report_return_notes::Column::ReturnId.eq(returns[0].id))
        .all(&app.db.conn)
        .await
        .unwrap();
    let mut sections: Vec<&str> = notes.iter().map(|n| n.section.as_str()).collect();
    sections.sort_unstable();
    assert_eq!(
        sections,
        ["budget", "narrative"],
        "the blank note is dropped"
    );
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("report.returned"))
        .count(&app.db.conn)
        .await
        .unwrap();
    assert_eq!(audited, 1);

    // Act: the board tries to mark it reviewed while it is with the lead.
    let reviewed = board
        .post_form(&format!("{url}/reviews"), &[("mark_reviewed", "yes")])
        .await;

    // Assert: a conflict saying why.
    assert_eq!(reviewed.status, StatusCode::CONFLICT, "{}", reviewed.body);
    assert!(
        reviewed
            .body
            .contains("it can be reviewed once the lead resubmits it"),
        "{}",
        reviewed.body
    );

    // Act: the lead reads her report and her work.
    let mut lead = sign_in(&app, SHARED_SERVICES_LEAD).await;
    let report = lead.get(&url).await;
    let work = lead.get("/").await;

    // Assert: the notes on the report, by section, and on "your work" with a count.
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert!(report.body.contains("Returned for changes"));
    assert!(report.body.contains(BUDGET_NOTE), "{}", report.body);
    assert!(report.body.contains(NARRATIVE_NOTE));
    assert!(report.body.contains("Resubmit to the board"));
    assert!(!report.body.contains("Mark this report as reviewed"));
    let returned = &work.body[work.body.find("id=\"returned\"").expect("a returned list")..];
    assert!(returned.contains("Shared Services"));
    assert!(
        returned.contains("2 notes from Richard Ashworth"),
        "{returned}"
    );
    assert!(returned.contains("Budget, Narrative"), "{returned}");
    assert!(returned.contains(&format!("“{BUDGET_NOTE}”")), "{returned}");
    assert!(returned.contains("Continue"));

    // Act: she resubmits before the report is complete.
    let incomplete = lead
        .post_form(&format!("{url}/resubmit"), &[("words", "")])
        .await;

    // Assert: refused, saying what is missing, nothing submitted.
    assert_eq!(
        incomplete.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        incomplete.body
    );
    assert!(incomplete.body.contains("The report is not complete yet"));
    assert_eq!(
        report_row(&app, "shared-services", due).await.state,
        "returned"
    );

    // Act: she makes the changes and resubmits.
    let row = report_row(&app, "shared-services", due).await;
    let fields = with(
        &form_fields(&row),
        &[
            ("problems", "None to date for Phase 1 of the survey"),
            ("rag_overall", "green"),
            ("products_planned_next", "Priorities matrix signed off"),
        ],
    );
    let lock = row.lock_version.to_string();
    let mut posted = refs(&fields);
    posted.push(("lock_version", &lock));
    posted.push(("action", "save"));
    let saved = lead.post_form(&url, &posted).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let resubmitted = lead
        .post_form(
            &format!("{url}/resubmit"),
            &[("words", "Explained the overspend")],
        )
        .await;

    // Assert: revision 2, submitted, its reason the board's notes.
    assert_eq!(
        resubmitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        resubmitted.body
    );
    let row = report_row(&app, "shared-services", due).await;
    assert_eq!(row.state, "submitted");
    assert_eq!(row.current_revision, 2);

    // Act: the board reads it.
    let page = board.get(&url).await;

    // Assert: what changed since it was returned, word by word.
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let since = &page.body[page
        .body
        .find("Changes since you returned it")
        .expect("the changes since the return")..];
    assert!(since.contains("answers the notes Richard Ashworth left on revision 1"));
    assert!(since.contains("Actual or potential problems"), "{since}");
    assert!(since.contains("<span class=\"visually-hidden\">Changed: </span>"));
    assert!(
        since.contains("<ins><span class=\"visually-hidden\">inserted </span>of the survey</ins>")
            || since.contains(
                "<ins><span class=\"visually-hidden\">inserted </span> of the survey</ins>"
            ),
        "the words inserted, not the whole line: {since}"
    );
    assert!(
        page.body
            .contains("Resubmitted after the board&#x27;s notes: Explained the overspend")
    );
    assert!(page.body.contains("Mark this report as reviewed"));
    let reviewed = board
        .post_form(&format!("{url}/reviews"), &[("mark_reviewed", "yes")])
        .await;
    assert_eq!(reviewed.status, StatusCode::SEE_OTHER, "{}", reviewed.body);
}

#[tokio::test]
async fn a_return_needs_a_note_and_only_the_board_may_return() {
    // Arrange
    let app = demo_app().await;
    let url = report_url("shared-services", due(&app).await);
    let mut board = sign_in(&app, BOARD_MEMBER).await;
    let mut lead = sign_in(&app, SHARED_SERVICES_LEAD).await;

    // Act
    let empty = board
        .post_form(
            &format!("{url}/return"),
            &[("general_note", " "), ("note_budget", "")],
        )
        .await;
    let by_lead = lead
        .post_form(&format!("{url}/return"), &[("general_note", "Please")])
        .await;

    // Assert
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("href=\"#general_note\""));
    assert!(empty.body.contains("Write at least one note"));
    assert_eq!(by_lead.status, StatusCode::FORBIDDEN);
    assert_eq!(
        report_row(&app, "shared-services", due(&app).await)
            .await
            .state,
        "submitted"
    );
}

#[tokio::test]
async fn two_board_members_returning_at_once_one_wins_the_other_is_told_it_is_returned() {
    // Arrange: Richard and Claire both open the return form of revision 1.
    let app = demo_app().await;
    let url = report_url("shared-services", due(&app).await);
    let mut richard = sign_in(&app, BOARD_MEMBER).await;
    let mut claire = sign_in(&app, PROGRAMME_MANAGER).await;
    assert_eq!(
        claire.get(&format!("{url}/return")).await.status,
        StatusCode::OK
    );

    // Act: both post, at the same moment.
    let path = format!("{url}/return");
    let (a, b) = tokio::join!(
        richard.post_form(&path, &[("note_budget", "From Richard")]),
        claire.post_form(&path, &[("note_budget", "From Claire")]),
    );

    // Assert: one return, the other a conflict saying so.
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::SEE_OTHER, StatusCode::CONFLICT],
        "{} / {}",
        a.body,
        b.body
    );
    let loser = if a.status == StatusCode::CONFLICT {
        &a
    } else {
        &b
    };
    assert!(
        loser.body.contains("already been returned for changes"),
        "{}",
        loser.body
    );
    let returns = report_returns::Entity::find()
        .count(&app.db.conn)
        .await
        .unwrap();
    assert_eq!(returns, 1);
    let notes = report_return_notes::Entity::find()
        .count(&app.db.conn)
        .await
        .unwrap();
    assert_eq!(notes, 1);
    // The lead is told once, by the return that won.
    let told = app.deliver_mail().await;
    assert_eq!(told.sent, 1, "{told:?}");
}

#[tokio::test]
async fn a_reviewed_report_cannot_be_returned() {
    // Arrange: Shared Services gets reviewed.
    let app = demo_app().await;
    let due = due(&app).await;
    let mut board = sign_in(&app, BOARD_MEMBER).await;
    let shared = report_url("shared-services", due);
    let reviewed = board
        .post_form(&format!("{shared}/reviews"), &[("mark_reviewed", "yes")])
        .await;
    assert_eq!(reviewed.status, StatusCode::SEE_OTHER);

    // Act
    let of_reviewed = board
        .post_form(&format!("{shared}/return"), &[("general_note", "Late")])
        .await;
    let form_of_reviewed = board.get(&format!("{shared}/return")).await;
    let page = board.get(&shared).await;

    // Assert
    assert_eq!(of_reviewed.status, StatusCode::CONFLICT);
    assert!(of_reviewed.body.contains("already been reviewed"));
    assert_eq!(form_of_reviewed.status, StatusCode::CONFLICT);
    assert!(!page.body.contains(">Return for changes</a>"));
}

// ---------------------------------------------------------------------------
// Reminders for each state of the loop, once each, never empty.

mod reminders {
    use chrono::{DateTime, NaiveDate, TimeZone, Utc};
    use highlight_app::reminders::plan;
    use highlight_domain::{ReportSection, ReturnNotes};
    use highlight_store::entities::{highlight_reports, outbox, reporting_periods};
    use highlight_store::programmes::{ProgrammeRole, grant_role};
    use highlight_store::report_returns::{self, NewReturn};
    use highlight_web::mail::Mailer;
    use sea_orm::{
        ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    };

    use crate::support::db::TestDb;
    use crate::support::fixtures::{small_programme, smtp_settings, submit_report, user};
    use crate::support::smtp::SmtpSink;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(date: NaiveDate, hour: u32) -> DateTime<Utc> {
        Utc.from_utc_datetime(&date.and_hms_opt(hour, 0, 0).unwrap())
    }

    async fn report_of(
        db: &TestDb,
        workstream_id: i64,
        due: NaiveDate,
    ) -> highlight_reports::Model {
        let period = reporting_periods::Entity::find()
            .filter(reporting_periods::Column::DueDate.eq(due))
            .one(&db.conn)
            .await
            .unwrap()
            .expect("the period is open");
        highlight_reports::Entity::find()
            .filter(highlight_reports::Column::WorkstreamId.eq(workstream_id))
            .filter(highlight_reports::Column::PeriodId.eq(period.id))
            .one(&db.conn)
            .await
            .unwrap()
            .expect("the report")
    }

    #[tokio::test]
    async fn reminders_for_each_state_of_the_loop_go_once_each_and_none_is_empty() {
        // Arrange: the March report is due Friday 6 March 2026. Alpha's lead (Ann) starts a
        // draft and never finishes it; Beta's (Ben) submits on Tuesday 3 March; Bob sits on
        // the board with Meg, the programme manager.
        let db = TestDb::migrated().await;
        let sink = SmtpSink::start().await;
        let settings = smtp_settings(sink.port());
        let url = &settings.server.public_url;
        let mailer = Mailer::from_settings(&settings).expect("mailer");
        let f = small_programme(&db.conn, at(d(2026, 2, 19), 12)).await;
        let bob = user(
            &db.conn,
            "bob@example.test",
            "Bob Board",
            at(d(2026, 2, 19), 12),
        )
        .await;
        grant_role(
            &db.conn,
            f.programme_id,
            bob,
            ProgrammeRole::BoardMember,
            at(d(2026, 2, 19), 12),
        )
        .await
        .unwrap();

        // Act: every day at 09:00 UTC plan twice (as two processes would) and deliver; the
        // board returns Beta's report on Wednesday 11 March.
        let mut day = d(2026, 2, 20);
        while day <= d(2026, 3, 31) {
            let now = at(day, 9);
            if day == d(2026, 3, 2) {
                plan(&db.conn, url, now).await.expect("opens March");
                let period = reporting_periods::Entity::find()
                    .filter(reporting_periods::Column::DueDate.eq(d(2026, 3, 6)))
                    .one(&db.conn)
                    .await
                    .unwrap()
                    .unwrap();
                highlight_store::reports::create_draft(
                    &db.conn,
                    f.workstream_a_id,
                    period.id,
                    &highlight_domain::HighlightReportContent::empty(
                        highlight_domain::StageNumber::FIRST,
                        highlight_domain::ReportingPeriod {
                            covers_from: period.covers_from,
                            due_date: period.due_date,
                        },
                    ),
                    now,
                )
                .await
                .unwrap();
            }
            if day == d(2026, 3, 3) {
                submit_report(
                    &db.conn,
                    f.programme_id,
                    f.workstream_b_id,
                    d(2026, 3, 6),
                    now,
                )
                .await;
            }
            if day == d(2026, 3, 11) {
                let report = report_of(&db, f.workstream_b_id, d(2026, 3, 6)).await;
                assert!(
                    report_returns::mark_returned(&db.conn, report.id, 1, now)
                        .await
                        .unwrap()
                );
                let notes = ReturnNotes {
                    general: None,
                    sections: vec![(ReportSection::Budget, "Explain the overspend".into())],
                };
                report_returns::record(
                    &db.conn,
                    &NewReturn {
                        report_id: report.id,
                        revision: 1,
                        returned_by_id: bob,
                        returned_by_name: "Bob Board",
                        notes: &notes,
                    },
                    now,
                )
                .await
                .unwrap()
                .expect("returned");
            }
            plan(&db.conn, url, now).await.expect("plans");
            plan(&db.conn, url, now).await.expect("plans again");
            mailer.deliver_due(&db.conn, now).await.expect("delivers");
            day = day.succ_opt().unwrap();
        }

        // Assert: each loop reminder once, on its day, to its people.
        let rows = outbox::Entity::find()
            .order_by_asc(outbox::Column::Id)
            .all(&db.conn)
            .await
            .unwrap();
        let loop_kinds = ["review_due", "resubmit_due", "resubmit_escalation"];
        let mut sent: Vec<(NaiveDate, String, String)> = rows
            .iter()
            .filter(|r| loop_kinds.contains(&r.kind.as_str()))
            .map(|r| {
                (
                    r.created_at.date_naive(),
                    r.kind.clone(),
                    r.recipient_address.clone(),
                )
            })
            .collect();
        sent.sort();
        let expected: Vec<(NaiveDate, String, String)> = [
            (d(2026, 3, 10), "review_due", "bob"),
            (d(2026, 3, 10), "review_due", "meg"),
            (d(2026, 3, 16), "resubmit_due", "ben"),
            (d(2026, 3, 23), "resubmit_escalation", "meg"),
        ]
        .into_iter()
        .map(|(day, kind, who)| (day, kind.to_owned(), format!("{who}@example.test")))
        .collect();
        assert_eq!(sent, expected);
        for r in rows
            .iter()
            .filter(|r| loop_kinds.contains(&r.kind.as_str()))
        {
            assert_eq!(r.status, "sent", "{} to {}", r.kind, r.recipient_address);
        }
        let data_of = |kind: &str| -> serde_json::Value {
            let row = rows.iter().find(|r| r.kind == kind).expect(kind);
            serde_json::from_str(&row.data).unwrap()
        };
        assert_eq!(data_of("review_due")["workstream_name"], "Beta");
        assert_eq!(data_of("review_due")["since"], "Tuesday 3 March 2026");
        assert_eq!(data_of("review_due")["waiting"], "5 working days");
        assert_eq!(data_of("resubmit_due")["since"], "Wednesday 11 March 2026");
        let subjects: Vec<String> = sink
            .messages()
            .iter()
            .filter_map(|m| m.header("Subject"))
            .collect();
        assert!(
            subjects
                .iter()
                .any(|s| s == "Beta highlight report is waiting for the board's review"),
            "{subjects:?}"
        );

        // Assert: the draft not finished says so, on each March reminder Ann got once it
        // was started (on the due date, and overdue).
        let ann: Vec<&outbox::Model> = rows
            .iter()
            .filter(|r| r.recipient_address == "ann@example.test")
            .filter(|r| r.created_at.date_naive() >= d(2026, 3, 3))
            .filter(|r| r.data.contains("\"due_date\":\"Friday 6 March 2026\""))
            .collect();
        assert!(!ann.is_empty());
        for r in ann {
            assert!(
                r.data
                    .contains("has been started as a draft but has not been submitted"),
                "{}: {}",
                r.kind,
                r.data
            );
        }

        // Assert: nothing empty was ever queued, and nothing about Beta's March report
        // chased Ben once it was in.
        for r in &rows {
            let data: serde_json::Value = serde_json::from_str(&r.data).unwrap();
            if r.kind == "digest" {
                assert_eq!(data["all_clear"], false, "{}", r.data);
            } else {
                assert!(
                    data["workstream_name"]
                        .as_str()
                        .is_some_and(|w| !w.is_empty()),
                    "{}: {}",
                    r.kind,
                    r.data
                );
            }
        }
        assert!(
            !rows
                .iter()
                .any(|r| r.recipient_address == "ben@example.test"
                    && ["on_due", "overdue"].contains(&r.kind.as_str())
                    && r.created_at.date_naive() <= d(2026, 3, 31)
                    && r.data.contains("\"due_date\":\"Friday 6 March 2026\"")),
            "Beta's March report was in: nothing chased it"
        );
    }

    #[tokio::test]
    async fn a_resubmitted_report_is_not_chased_and_a_reviewed_one_asks_nothing_of_anyone() {
        // Arrange: Beta's report is returned on 11 March and a reminder for it queued on
        // 16 March; Ben resubmits before the worker runs.
        let db = TestDb::migrated().await;
        let sink = SmtpSink::start().await;
        let settings = smtp_settings(sink.port());
        let url = &settings.server.public_url;
        let mailer = Mailer::from_settings(&settings).expect("mailer");
        let f = small_programme(&db.conn, at(d(2026, 2, 19), 12)).await;
        plan(&db.conn, url, at(d(2026, 3, 2), 9)).await.unwrap();
        for w in [f.workstream_a_id, f.workstream_b_id] {
            submit_report(
                &db.conn,
                f.programme_id,
                w,
                d(2026, 3, 6),
                at(d(2026, 3, 3), 9),
            )
            .await;
        }
        let beta = report_of(&db, f.workstream_b_id, d(2026, 3, 6)).await;
        assert!(
            report_returns::mark_returned(&db.conn, beta.id, 1, at(d(2026, 3, 11), 9))
                .await
                .unwrap()
        );
        report_returns::record(
            &db.conn,
            &NewReturn {
                report_id: beta.id,
                revision: 1,
                returned_by_id: f.manager_id,
                returned_by_name: "Meg Manager",
                notes: &ReturnNotes {
                    general: Some("Say more".into()),
                    sections: Vec::new(),
                },
            },
            at(d(2026, 3, 11), 9),
        )
        .await
        .unwrap()
        .unwrap();
        plan(&db.conn, url, at(d(2026, 3, 16), 9)).await.unwrap();
        let queued = outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("resubmit_due"))
            .all(&db.conn)
            .await
            .unwrap();
        assert_eq!(queued.len(), 1);

        // Act: Ben resubmits (revision 2) and both reports are then reviewed.
        let mut row = report_of(&db, f.workstream_b_id, d(2026, 3, 6))
            .await
            .into_active_model();
        row.state = Set("submitted".into());
        row.current_revision = Set(2);
        row.update(&db.conn).await.unwrap();
        let delivered = mailer
            .deliver_due(&db.conn, at(d(2026, 3, 16), 9))
            .await
            .unwrap();
        for w in [f.workstream_a_id, f.workstream_b_id] {
            let mut row = report_of(&db, w, d(2026, 3, 6)).await.into_active_model();
            row.state = Set("reviewed".into());
            row.update(&db.conn).await.unwrap();
        }
        let before = outbox::Entity::find().all(&db.conn).await.unwrap().len();
        let mut day = d(2026, 3, 17);
        while day <= d(2026, 3, 31) {
            plan(&db.conn, url, at(day, 9)).await.unwrap();
            day = day.succ_opt().unwrap();
        }

        // Assert: the reminder about a report no longer returned was cancelled, not sent;
        // with everything reviewed and April not yet due, nothing at all was queued —
        // no reminder and no digest with nothing in it.
        let resubmit_due = outbox::Entity::find_by_id(queued[0].id)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(resubmit_due.status, "cancelled", "{delivered:?}");
        assert!(
            !sink
                .messages()
                .iter()
                .filter_map(|m| m.header("Subject"))
                .any(|s| s.contains("waiting for your changes")),
            "the resubmit reminder did not go"
        );
        let after: Vec<(String, String)> = outbox::Entity::find()
            .order_by_asc(outbox::Column::Id)
            .all(&db.conn)
            .await
            .unwrap()
            .into_iter()
            .skip(before)
            .map(|r| (r.kind, r.dedupe_key))
            .collect();
        assert!(
            after.iter().all(
                |(kind, _)| !["review_due", "resubmit_due", "resubmit_escalation"]
                    .contains(&kind.as_str())
            ),
            "{after:?}"
        );
        for r in outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("digest"))
            .all(&db.conn)
            .await
            .unwrap()
        {
            let data: serde_json::Value = serde_json::from_str(&r.data).unwrap();
            assert_eq!(
                data["all_clear"], false,
                "a digest with news only: {}",
                r.data
            );
        }
    }
}

#[tokio::test]
async fn the_lead_finds_each_note_at_the_top_of_its_section_and_resubmits_from_the_task_list() {
    let app = demo_app().await;
    let mut board = sign_in(&app, BOARD_MEMBER).await;
    let url = return_with_two_notes(&app, &mut board).await;
    let mut lead = sign_in(&app, SHARED_SERVICES_LEAD).await;

    let tasks = lead.get(&format!("{url}/edit")).await;
    let budget = lead.get(&format!("{url}/edit/budget")).await;
    let schedule = lead.get(&format!("{url}/edit/schedule")).await;
    let whole = lead.get(&format!("{url}/form")).await;

    assert_eq!(tasks.status, StatusCode::OK, "{}", tasks.body);
    assert!(
        tasks
            .body
            .contains("Returned for changes by Richard Ashworth")
    );
    assert!(
        tasks
            .body
            .contains(&format!("The board&#x27;s note: {BUDGET_NOTE}"))
    );
    assert!(tasks.body.contains(&format!("href=\"{url}/resubmit\"")));
    assert!(!tasks.body.contains(&format!("href=\"{url}/check\"")));
    assert!(budget.body.contains("id=\"return-note-budget\""));
    assert!(budget.body.contains(BUDGET_NOTE));
    assert!(
        !schedule.body.contains("app-return-note"),
        "no note, none shown"
    );
    assert!(whole.body.contains("id=\"return-note-budget\""));
    assert!(whole.body.contains("id=\"return-note-narrative\""));
    assert!(!whole.body.contains("id=\"return-note-schedule\""));
}

#[tokio::test]
async fn the_lead_is_told_at_once_with_the_boards_notes_and_only_once() {
    use highlight_store::entities::{captured_mail, outbox};
    let app = demo_app().await;
    let mut board = sign_in(&app, BOARD_MEMBER).await;
    let returned_before = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq("returned"))
        .count(&app.db.conn)
        .await
        .unwrap();
    assert_eq!(returned_before, 0);

    let url = return_with_two_notes(&app, &mut board).await;
    // A second try is refused and queues nothing more.
    let again = board
        .post_form(&format!("{url}/return"), &[("note_budget", "Again")])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    app.deliver_mail().await;

    let mails = captured_mail::Entity::find()
        .filter(captured_mail::Column::Subject.contains("returned for changes by Richard Ashworth"))
        .all(&app.db.conn)
        .await
        .unwrap();
    assert_eq!(mails.len(), 1, "one e-mail, to the lead");
    let mail = &mails[0];
    assert_eq!(
        mail.recipient,
        "Rachel Dunstan <rachel.dunstan@pioneer-somerset.example>"
    );
    assert!(
        mail.text_body.contains(&format!("Budget:\n{BUDGET_NOTE}")),
        "{}",
        mail.text_body
    );
    assert!(
        mail.text_body
            .contains(&format!("Narrative:\n{NARRATIVE_NOTE}"))
    );
    assert!(!mail.text_body.contains("Schedule:"), "no note, not listed");
    assert!(mail.html_body.contains(BUDGET_NOTE));
}
