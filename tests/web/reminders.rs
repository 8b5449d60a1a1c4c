//! A whole reporting cycle driven by an injected clock, through real SMTP: periods
//! open, reminders go before, on and after the due date, the programme manager gets
//! the escalation and a weekly digest, and nothing more goes once a report is in (but
//! the board is reminded once of a report it has not reviewed).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use highlight_app::reminders::{plan, plan_dry_run};
use highlight_store::entities::{outbox, reporting_periods};
use highlight_store::login_links;
use highlight_web::mail::Mailer;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::support::db::TestDb;
use crate::support::fixtures::{small_programme, smtp_settings, submit_report};
use crate::support::smtp::{Received, SmtpSink};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_hms_opt(hour, 0, 0).unwrap())
}

fn recipient(m: &Received) -> String {
    m.rcpt_to[0]
        .trim_start_matches("TO:")
        .trim_start_matches("To:")
        .trim()
        .trim_start_matches('<')
        .split('>')
        .next()
        .unwrap_or_default()
        .to_owned()
}

async fn kind_of(db: &TestDb, m: &Received) -> String {
    outbox::Entity::find()
        .filter(outbox::Column::MessageId.eq(m.message_id()))
        .one(&db.conn)
        .await
        .unwrap()
        .expect("every message comes from the outbox")
        .kind
}

#[tokio::test]
async fn a_whole_cycle_sends_each_reminder_on_its_day_and_nothing_once_the_report_is_in() {
    // Arrange: monthly on the 5th working day; the March report is due Friday 6 March 2026.
    let db = TestDb::migrated().await;
    let sink = SmtpSink::start().await;
    let settings = smtp_settings(sink.port());
    let mailer = Mailer::from_settings(&settings).expect("mailer");
    let f = small_programme(&db.conn, at(d(2026, 2, 19), 12)).await;

    // Act: every day at 09:00 UTC, plan (twice, as two processes would) and deliver.
    let mut log = Vec::new();
    let mut seen = 0;
    let mut day = d(2026, 2, 20);
    while day <= d(2026, 3, 24) {
        let now = at(day, 9);
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
        if day == d(2026, 3, 18) {
            submit_report(
                &db.conn,
                f.programme_id,
                f.workstream_a_id,
                d(2026, 3, 6),
                now,
            )
            .await;
        }
        let url = &settings.server.public_url;
        plan(&db.conn, url, now).await.expect("plans");
        plan(&db.conn, url, now).await.expect("plans again");
        mailer.deliver_due(&db.conn, now).await.expect("delivers");
        let messages = sink.messages();
        for m in &messages[seen..] {
            log.push((day, kind_of(&db, m).await, recipient(m)));
        }
        seen = messages.len();
        day = day.succ_opt().unwrap();
    }

    // Assert
    let expected: Vec<(NaiveDate, String, String)> = [
        (d(2026, 2, 20), "digest", "meg"),
        (d(2026, 2, 23), "digest", "meg"),
        (d(2026, 2, 27), "before_due", "ann"),
        (d(2026, 2, 27), "before_due", "ben"),
        (d(2026, 3, 2), "digest", "meg"),
        (d(2026, 3, 6), "on_due", "ann"),
        (d(2026, 3, 9), "overdue", "ann"),
        (d(2026, 3, 9), "digest", "meg"),
        // Beta's report came in on 3 March and nobody has reviewed it.
        (d(2026, 3, 10), "review_due", "meg"),
        (d(2026, 3, 12), "overdue", "ann"),
        (d(2026, 3, 13), "escalation", "meg"),
        (d(2026, 3, 16), "digest", "meg"),
        (d(2026, 3, 17), "overdue", "ann"),
        (d(2026, 3, 23), "digest", "meg"),
    ]
    .into_iter()
    .map(|(day, kind, who)| (day, kind.to_owned(), format!("{who}@example.test")))
    .collect();
    assert_eq!(log, expected);

    let periods: Vec<NaiveDate> = reporting_periods::Entity::find()
        .order_by_asc(reporting_periods::Column::DueDate)
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.due_date)
        .collect();
    assert_eq!(
        periods,
        [d(2026, 3, 6), d(2026, 4, 9)],
        "March opened on day one, April the day after March was due"
    );
    crate::support::db::assert_outbox_empty(&db.conn).await;
}

#[tokio::test]
async fn the_reminder_says_which_report_which_period_when_and_links_to_the_form_once() {
    let db = TestDb::migrated().await;
    let sink = SmtpSink::start().await;
    let settings = smtp_settings(sink.port());
    let mailer = Mailer::from_settings(&settings).expect("mailer");
    let f = small_programme(&db.conn, at(d(2026, 2, 19), 12)).await;
    let now = at(d(2026, 3, 6), 9);

    plan(&db.conn, &settings.server.public_url, now)
        .await
        .unwrap();
    mailer.deliver_due(&db.conn, now).await.unwrap();

    let messages = sink.messages();
    let to_ann: Vec<_> = messages
        .iter()
        .filter(|m| recipient(m) == "ann@example.test")
        .collect();
    assert_eq!(
        to_ann.len(),
        1,
        "catching up sends only the newest reminder"
    );
    let m = to_ann[0];
    assert_eq!(
        m.header("Subject").as_deref(),
        Some("Alpha highlight report due today")
    );
    let body = m.decoded();
    assert!(body.contains("due today, Friday 6 March 2026"), "{body}");
    assert!(
        body.contains("It covers 6 February to 6 March 2026."),
        "{body}"
    );
    assert!(body.contains("has not been started"), "{body}");
    let start = body.find("/login/link/").expect("a sign-in link") + "/login/link/".len();
    let token = &body[start..start + 64];

    let link = login_links::consume(&db.conn, token, now)
        .await
        .unwrap()
        .expect("the link signs in");
    assert_eq!(link.user_id, f.lead_a_id);
    assert_eq!(
        link.redirect_to,
        "/programmes/test-programme/workstreams/alpha/reports/2026-03-06"
    );
    assert_eq!(
        login_links::consume(&db.conn, token, now).await.unwrap(),
        None,
        "only once"
    );
}

#[tokio::test]
async fn a_dry_run_lists_what_is_due_and_changes_nothing() {
    let db = TestDb::migrated().await;
    small_programme(&db.conn, at(d(2026, 2, 19), 12)).await;

    let report = plan_dry_run(&db.conn, at(d(2026, 3, 6), 9)).await.unwrap();

    let text = report.lines.join("\n");
    assert!(
        text.contains("would open the reporting period 6 February to 6 March 2026"),
        "{text}"
    );
    assert!(
        text.contains("would send the due-today reminder to Ann Alpha"),
        "{text}"
    );
    assert!(
        text.contains("would record as superseded (not sent) the before-due reminder to Ann Alpha"),
        "{text}"
    );
    assert_eq!(
        reporting_periods::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        0
    );
    assert_eq!(outbox::Entity::find().count(&db.conn).await.unwrap(), 0);
}

#[tokio::test]
async fn a_dry_run_after_a_pass_still_lists_what_is_due_with_its_state() {
    let db = TestDb::migrated().await;
    small_programme(&db.conn, at(d(2026, 2, 19), 12)).await;
    let settings = smtp_settings(1);
    let now = at(d(2026, 3, 6), 9);
    plan(&db.conn, &settings.server.public_url, now)
        .await
        .unwrap();

    let report = plan_dry_run(&db.conn, now).await.unwrap();

    let text = report.lines.join("\n");
    assert!(
        text.contains("due, already queued: the due-today reminder to Ann Alpha"),
        "{text}"
    );
    assert_eq!(report.queued, 0, "nothing new to queue: {text}");
}

#[tokio::test]
async fn a_reminder_queued_before_the_report_came_in_is_cancelled_not_sent() {
    let db = TestDb::migrated().await;
    let sink = SmtpSink::start().await;
    let settings = smtp_settings(sink.port());
    let mailer = Mailer::from_settings(&settings).expect("mailer");
    let f = small_programme(&db.conn, at(d(2026, 2, 19), 12)).await;
    let now = at(d(2026, 3, 6), 9);
    plan(&db.conn, &settings.server.public_url, now)
        .await
        .unwrap();

    submit_report(
        &db.conn,
        f.programme_id,
        f.workstream_b_id,
        d(2026, 3, 6),
        now,
    )
    .await;
    let report = mailer.deliver_due(&db.conn, now).await.unwrap();

    assert_eq!(report.cancelled, 1);
    let to: Vec<String> = sink.messages().iter().map(recipient).collect();
    assert!(to.contains(&"ann@example.test".to_owned()), "{to:?}");
    assert!(!to.contains(&"ben@example.test".to_owned()), "{to:?}");
}

#[tokio::test]
async fn a_manager_who_turned_the_digest_off_gets_none_but_still_gets_escalations() {
    let db = TestDb::migrated().await;
    let f = small_programme(&db.conn, at(d(2026, 2, 19), 12)).await;
    highlight_store::users::set_digest_opt_out(&db.conn, f.manager_id, true, Utc::now())
        .await
        .unwrap();

    let report = plan_dry_run(&db.conn, at(d(2026, 3, 6), 9)).await.unwrap();
    plan(
        &db.conn,
        &crate::support::http::test_settings().server.public_url,
        at(d(2026, 3, 6), 9),
    )
    .await
    .unwrap();
    let later = plan_dry_run(&db.conn, at(d(2026, 3, 13), 9)).await.unwrap();

    let text = report.lines.join("\n");
    assert!(!text.contains("digest"), "{text}");
    let later = later.lines.join("\n");
    assert!(later.contains("the escalation to Meg Manager"), "{later}");
    assert!(!later.contains("digest"), "{later}");
}

#[tokio::test]
async fn a_workstream_added_after_a_due_date_is_not_chased_for_it() {
    // Arrange: the March report (due Friday 6 March 2026) is overdue; Gamma is added
    // on Tuesday 10 March, after that due date.
    let db = TestDb::migrated().await;
    let url = crate::support::http::test_settings().server.public_url;
    let f = small_programme(&db.conn, at(d(2026, 2, 19), 12)).await;
    plan(&db.conn, &url, at(d(2026, 3, 6), 9)).await.unwrap();
    let gamma = highlight_store::workstreams::create(
        &db.conn,
        &highlight_store::workstreams::NewWorkstream {
            programme_id: f.programme_id,
            slug: highlight_domain::Slug::parse("gamma").unwrap(),
            name: "Gamma".into(),
            lead_id: Some(f.lead_a_id),
            deputy_id: None,
            lead_organisation: String::new(),
            stage: highlight_domain::StageNumber::new(1).unwrap(),
            status: highlight_domain::WorkstreamStatus::Active,
            position: 2,
            life: highlight_domain::WorkstreamLife::starting(d(2026, 3, 10)),
        },
        at(d(2026, 3, 10), 10),
    )
    .await
    .unwrap();
    let march = reporting_periods::Entity::find()
        .filter(reporting_periods::Column::ProgrammeId.eq(f.programme_id))
        .filter(reporting_periods::Column::DueDate.eq(d(2026, 3, 6)))
        .one(&db.conn)
        .await
        .unwrap()
        .expect("March is open");

    // Act: a pass on Thursday 12 March, when Alpha's overdue reminder is due.
    plan(&db.conn, &url, at(d(2026, 3, 12), 9)).await.unwrap();

    // Assert: Alpha is chased for March; Gamma never is, nor listed as overdue for it.
    let about_march = |workstream: i64| {
        outbox::Entity::find()
            .filter(outbox::Column::WorkstreamId.eq(workstream))
            .filter(outbox::Column::PeriodId.eq(march.id))
            .count(&db.conn)
    };
    assert!(
        about_march(f.workstream_a_id).await.unwrap() > 0,
        "Alpha owes March"
    );
    assert_eq!(
        about_march(gamma.id.0).await.unwrap(),
        0,
        "Gamma did not exist when March was due"
    );
    let digests = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq("digest"))
        .all(&db.conn)
        .await
        .unwrap();
    let this_week = digests
        .iter()
        .find(|m| m.dedupe_key.ends_with("2026-W11"))
        .expect("this week's digest");
    let data: serde_json::Value = serde_json::from_str(&this_week.data).unwrap();
    let overdue: Vec<&str> = data["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["workstream_name"].as_str().unwrap())
        .collect();
    assert_eq!(overdue, ["Alpha", "Beta"], "{data}");
}

#[tokio::test]
async fn concurrent_passes_report_only_what_each_one_queued_and_opened() {
    // Arrange: a day with reminders due and a period to open, and eight passes at once
    // (as eight `highlight remind` runs from cron on several machines would be).
    let db = TestDb::migrated().await;
    let settings = smtp_settings(1);
    small_programme(&db.conn, at(d(2026, 2, 19), 12)).await;
    let now = at(d(2026, 2, 27), 9);

    // Act
    let mut passes = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (conn, url) = (db.conn.clone(), settings.server.public_url.clone());
        passes.spawn(async move { plan(&conn, &url, now).await });
    }
    let reports: Vec<_> = passes
        .join_all()
        .await
        .into_iter()
        .map(|p| p.expect("plans"))
        .collect();

    // Assert: the counts the passes printed add up to the rows that exist.
    let queued: u32 = reports.iter().map(|r| r.queued).sum();
    let opened: u32 = reports.iter().map(|r| r.periods_opened).sum();
    let in_outbox = outbox::Entity::find()
        .filter(outbox::Column::Status.eq("queued"))
        .count(&db.conn)
        .await
        .unwrap();
    let periods = reporting_periods::Entity::find()
        .count(&db.conn)
        .await
        .unwrap();
    assert!(in_outbox > 0, "reminders were due");
    assert_eq!(u64::from(queued), in_outbox, "{reports:?}");
    assert_eq!(u64::from(opened), periods, "{reports:?}");
}

#[tokio::test]
async fn a_weekly_digest_with_nothing_outstanding_is_never_sent() {
    // Arrange: every report of the open periods (March, and April's, open from the day
    // after March was due) is in before Monday 9 March.
    let db = TestDb::migrated().await;
    let sink = SmtpSink::start().await;
    let settings = smtp_settings(sink.port());
    let mailer = Mailer::from_settings(&settings).expect("mailer");
    let f = small_programme(&db.conn, at(d(2026, 2, 19), 12)).await;
    let url = &settings.server.public_url;
    plan(&db.conn, url, at(d(2026, 3, 2), 9))
        .await
        .expect("plans");
    mailer
        .deliver_due(&db.conn, at(d(2026, 3, 2), 9))
        .await
        .expect("delivers");
    let first_week = sink.messages().len();
    for workstream in [f.workstream_a_id, f.workstream_b_id] {
        submit_report(
            &db.conn,
            f.programme_id,
            workstream,
            d(2026, 3, 6),
            at(d(2026, 3, 4), 9),
        )
        .await;
    }
    plan(&db.conn, url, at(d(2026, 3, 8), 9))
        .await
        .expect("opens April");
    for workstream in [f.workstream_a_id, f.workstream_b_id] {
        submit_report(
            &db.conn,
            f.programme_id,
            workstream,
            d(2026, 4, 9),
            at(d(2026, 3, 8), 10),
        )
        .await;
    }
    mailer
        .deliver_due(&db.conn, at(d(2026, 3, 8), 10))
        .await
        .expect("delivers");
    let before = sink.messages().len();

    // Act: Monday 9 March, digest day.
    let monday = at(d(2026, 3, 9), 9);
    plan(&db.conn, url, monday).await.expect("plans");
    mailer
        .deliver_due(&db.conn, monday)
        .await
        .expect("delivers");

    // Assert: the week before had news (the March reports were due); this one has none.
    assert!(
        first_week > 0,
        "the digest of 2 March went: reports were due"
    );
    let digests: Vec<String> = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq("digest"))
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.dedupe_key)
        .collect();
    assert!(
        digests.iter().all(|k| !k.ends_with("2026-W11")),
        "no empty digest for the week of 9 March: {digests:?}"
    );
    assert_eq!(sink.messages().len(), before, "nothing went on 9 March");
}
