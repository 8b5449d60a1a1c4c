//! `--demo`: the Pioneer Somerset programme from seed 003, dated to the current period.

use chrono::{NaiveDate, TimeZone, Utc};
use highlight_domain::{ReportState, ReportStatus, ReportingPeriod, report_status};
use highlight_store::entities::{highlight_reports, programmes, reporting_periods, workstreams};
use highlight_web::demo::{self, DemoSummary};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::support::db::TestDb;
use crate::support::http::raw_get;
use crate::support::process::Server;

const NINE_WORKSTREAMS: [&str; 9] = [
    "Strategic Leadership (Political)",
    "Strategic Management",
    "Enhanced Strategic Partnership",
    "Service Devolution",
    "Community Engagement and Empowerment",
    "Workforce Development",
    "Customer Access",
    "Sector Led Support",
    "Shared Services",
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

#[tokio::test]
async fn the_demo_loads_nine_workstreams_into_the_period_the_board_meets_on() {
    let db = TestDb::migrated().await;
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();

    let summary = demo::load_if_empty(&db.conn, now)
        .await
        .expect("demo loads");

    assert!(matches!(summary, DemoSummary::Loaded { .. }));
    let programme = programmes::Entity::find()
        .filter(programmes::Column::Slug.eq("pioneer-somerset"))
        .one(&db.conn)
        .await
        .unwrap()
        .expect("Pioneer Somerset exists");
    let names: Vec<String> = workstreams::Entity::find()
        .filter(workstreams::Column::ProgrammeId.eq(programme.id))
        .order_by_asc(workstreams::Column::Position)
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|w| w.name)
        .collect();
    assert_eq!(names, NINE_WORKSTREAMS);

    // Monthly on the 5th working day: due Friday 6 November 2026, covering from 7 October.
    let period = reporting_periods::Entity::find()
        .one(&db.conn)
        .await
        .unwrap()
        .expect("one period");
    assert_eq!(period.due_date, date(2026, 11, 6));
    assert_eq!(period.covers_from, date(2026, 10, 7));
}

#[tokio::test]
async fn in_the_demo_customer_access_is_overdue_and_the_rest_are_submitted() {
    let db = TestDb::migrated().await;
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
    demo::load_if_empty(&db.conn, now)
        .await
        .expect("demo loads");

    let workstreams: Vec<workstreams::Model> =
        workstreams::Entity::find().all(&db.conn).await.unwrap();
    let reports = highlight_reports::Entity::find()
        .all(&db.conn)
        .await
        .unwrap();
    let period = reporting_periods::Entity::find()
        .one(&db.conn)
        .await
        .unwrap()
        .expect("period");
    let period = ReportingPeriod {
        covers_from: period.covers_from,
        due_date: period.due_date,
    };
    assert_eq!(reports.len(), 9, "a report (or draft) per workstream");

    for report in &reports {
        let name = &workstreams
            .iter()
            .find(|w| w.id == report.workstream_id)
            .unwrap()
            .name;
        let state: ReportState = report.state.parse().unwrap();
        let status = report_status(&period, Some(state), now, chrono_tz::Europe::London);
        if name == "Customer Access" {
            assert_eq!(state, ReportState::Draft);
            assert_eq!(status, ReportStatus::Overdue, "Customer Access is overdue");
            assert_eq!(report.current_revision, 0, "never submitted");
        } else {
            assert_eq!(state, ReportState::Submitted, "{name}");
            assert_eq!(report.current_revision, 1, "{name} has its first revision");
            assert!(
                report.submitted_at.unwrap() <= period_deadline(&period),
                "{name} on time"
            );
        }
    }
}

fn period_deadline(period: &ReportingPeriod) -> chrono::DateTime<Utc> {
    period.deadline(chrono_tz::Europe::London)
}

#[tokio::test]
async fn the_demo_derives_the_exception_from_the_figures_against_the_tolerances() {
    let db = TestDb::migrated().await;
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
    demo::load_if_empty(&db.conn, now)
        .await
        .expect("demo loads");

    let esp = workstreams::Entity::find()
        .filter(workstreams::Column::Slug.eq("enhanced-strategic-partnership"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let report = highlight_reports::Entity::find()
        .filter(highlight_reports::Column::WorkstreamId.eq(esp.id))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.overall_rag.as_deref(), Some("red"));
    assert!(
        report.has_exception,
        "behind schedule beyond its time tolerance"
    );

    let exceptions = highlight_reports::Entity::find()
        .filter(highlight_reports::Column::HasException.eq(true))
        .count(&db.conn)
        .await
        .unwrap();
    assert_eq!(
        exceptions, 1,
        "only Enhanced Strategic Partnership is beyond tolerance"
    );
}

#[tokio::test]
async fn the_demo_keeps_the_leads_words() {
    let db = TestDb::migrated().await;
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
    demo::load_if_empty(&db.conn, now)
        .await
        .expect("demo loads");

    let drafts: Vec<String> = highlight_reports::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.draft)
        .collect();
    let all = drafts.join("\n");
    assert!(
        all.contains(
            "Devolution survey completed and sent out to Town/ Parish councils 18 Sept 08."
        )
    );
    assert!(all.contains("but within agreed tolerance limits"));
    assert!(all.contains("Duration extended by 2 months"));
}

#[tokio::test]
async fn the_demo_loads_only_into_an_empty_database() {
    let db = TestDb::migrated().await;
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
    demo::load_if_empty(&db.conn, now)
        .await
        .expect("first load");

    let again = demo::load_if_empty(&db.conn, now)
        .await
        .expect("second load");

    assert!(matches!(again, DemoSummary::Skipped));
    assert_eq!(programmes::Entity::find().count(&db.conn).await.unwrap(), 1);
    assert_eq!(
        workstreams::Entity::find().count(&db.conn).await.unwrap(),
        9
    );
}

/// The acceptance run: the real binary, a real port, a fresh database.
#[tokio::test]
async fn serve_demo_answers_healthz_and_lists_pioneer_somerset_and_its_workstreams() {
    let db = TestDb::empty().await;
    let server = Server::start(&["--demo", "--bind", "127.0.0.1:0", "--database-url", &db.url]);
    assert!(
        server
            .stdout
            .iter()
            .any(|l| l.contains("loaded the programme \"Pioneer Somerset\"")),
        "prints what it loaded: {:?}",
        server.stdout
    );

    let (status, _) = raw_get(&server.address, "/healthz").await;
    assert_eq!(status, 200);

    // The first page a newcomer sees is the sign-in page, which in demo mode lists the
    // demo accounts: the programme, and a lead for each of its nine workstreams.
    let (status, page) = raw_get(&server.address, "/").await;
    assert_eq!(status, 200);
    assert!(page.contains("Pioneer Somerset"));
    for name in NINE_WORKSTREAMS {
        assert!(page.contains(name), "the first page lists {name}");
    }
    assert!(
        page.contains(highlight_web::demo::DEMO_PASSWORD),
        "and how to sign in"
    );
}
