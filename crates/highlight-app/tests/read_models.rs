//! The app layer's read models — the board's matrix, a workstream's page and the board
//! pack — read from rows the store wrote, at a fixed `now`, on a fresh database per
//! test (SQLite, or PostgreSQL with `HIGHLIGHT_TEST_DATABASE_URL`).
//!
//! Why here and not in the web tests: these pin what the read models *say* (which
//! rows, in which order, with which counts and statuses), whatever a presenter later
//! does with the words. Fixtures go through the store's own functions, and every
//! assessment is the domain's, made with the programme's stored RAG policy.

use chrono::{DateTime, NaiveDate, Utc};
use highlight_app::Actor;
use highlight_app::board::{self, BoardRow};
use highlight_app::pack;
use highlight_domain::Rag;
use highlight_domain::access::Access;
use highlight_domain::{
    CostTolerance, Currency, HighlightReportContent, Money, Percent, Pid, RagPolicy,
    ReminderPolicy, ReportingCycle, ReportingPeriod, Slug, StageNumber, Tolerances, WorkstreamLife,
    WorkstreamStatus, assess_report,
};
use highlight_store::periods::PeriodRecord;
use highlight_store::programmes::{NewProgramme, ProgrammeRecord};
use highlight_store::testing::TestDb;
use highlight_store::users::NewUser;
use highlight_store::workstreams::NewWorkstream;
use highlight_store::workstreams::WorkstreamRecord;
use highlight_store::{Db, periods, reports, users};

const TZ: chrono_tz::Tz = chrono_tz::Europe::London;
const SLUG: &str = "test-programme";

fn date(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("a time")
}

/// Four days after the November report was due: an unsubmitted one is overdue.
fn now() -> DateTime<Utc> {
    at("2026-11-10T12:00:00Z")
}

/// When the programme and its first workstreams were set up.
fn set_up_at() -> DateTime<Utc> {
    at("2026-08-20T09:00:00Z")
}

/// The day before the November report was due.
fn submitted_at() -> DateTime<Utc> {
    at("2026-11-05T10:00:00Z")
}

/// The November period: 6 October to 6 November 2026.
fn november() -> ReportingPeriod {
    ReportingPeriod {
        covers_from: date("2026-10-06"),
        due_date: date("2026-11-06"),
    }
}

/// An administrator, who sees every programme.
async fn admin(db: &Db) -> Actor {
    let user = users::create(
        db,
        &NewUser {
            email: "ada@example.test".into(),
            name: "Ada Admin".into(),
            is_admin: true,
            password_hash: None,
        },
        set_up_at(),
    )
    .await
    .expect("user stored");
    Actor {
        user,
        access: Access {
            is_admin: true,
            ..Default::default()
        },
        via_session: true,
    }
}

/// "Test Programme", reporting monthly in Europe/London with `rag_policy`.
async fn programme(db: &Db, rag_policy: RagPolicy) -> ProgrammeRecord {
    highlight_store::programmes::create(
        db,
        &NewProgramme {
            slug: Slug::parse(SLUG).expect("a slug"),
            name: "Test Programme".into(),
            description: String::new(),
            sponsor: String::new(),
            programme_manager_id: None,
            time_zone: TZ,
            currency: Currency::Gbp,
            holiday_region: "england-and-wales".into(),
            cycle: ReportingCycle::monthly(5).expect("a cycle"),
            reminder_policy: ReminderPolicy::default(),
            rag_policy,
            pack: highlight_store::programmes::PackSettings::default(),
        },
        set_up_at(),
    )
    .await
    .expect("programme stored")
}

/// A baseline of £100,000 with a cost tolerance of 10% (£10,000) either side.
fn pid() -> Pid {
    Pid {
        version: 1,
        summary: Some("Deliver the thing".into()),
        deliverables: Vec::new(),
        stages: Vec::new(),
        baseline_budget: Some(Money::from_pounds(100_000)),
        tolerances: Tolerances {
            cost: Some(CostTolerance::PercentOfBaseline(Percent::from_whole(10))),
            ..Tolerances::default()
        },
        planned_end: None,
        approval: None,
        rebaseline_reason: None,
    }
}

/// An active workstream that started on `started_on`, with the PID above baselined.
async fn workstream(
    db: &Db,
    programme: &ProgrammeRecord,
    (slug, name): (&str, &str),
    position: i32,
    started_on: NaiveDate,
) -> WorkstreamRecord {
    let w = highlight_store::workstreams::create(
        db,
        &NewWorkstream {
            programme_id: programme.id.0,
            slug: Slug::parse(slug).expect("a slug"),
            name: name.into(),
            lead_id: None,
            deputy_id: None,
            lead_organisation: String::new(),
            stage: StageNumber::FIRST,
            status: WorkstreamStatus::Active,
            position,
            life: WorkstreamLife::starting(started_on),
        },
        set_up_at(),
    )
    .await
    .expect("workstream stored");
    highlight_store::workstreams::add_pid_version(db, w.id.0, &pid(), None, set_up_at())
        .await
        .expect("PID stored");
    w
}

async fn open(db: &Db, programme: &ProgrammeRecord, period: &ReportingPeriod) -> PeriodRecord {
    periods::open(db, programme.id.0, period, TZ, set_up_at())
        .await
        .expect("period opened")
}

/// Submits a report for `period` forecasting `forecast` at completion against the
/// £100,000 baseline, assessed by the domain with the programme's stored RAG policy.
async fn submit(
    db: &Db,
    programme: &ProgrammeRecord,
    w: &WorkstreamRecord,
    period: &PeriodRecord,
    forecast: Money,
) {
    let mut content = HighlightReportContent::empty(StageNumber::FIRST, periods::domain(period));
    content.budget.spend_to_date = Some(Money::from_pounds(40_000));
    content.budget.forecast_at_completion = Some(forecast);
    let policy = programme.rag_policy;
    let assessment = assess_report(&content, &pid(), &policy);
    let draft = reports::create_draft(db, w.id.0, period.id, &content, submitted_at())
        .await
        .expect("draft stored");
    reports::submit(db, draft, &content, &assessment, None, None, submitted_at())
        .await
        .expect("report submitted");
}

/// The November period of a programme with four workstreams:
/// - Alpha submitted on budget (green);
/// - Beta submitted nothing (overdue by `now`);
/// - Gamma submitted a forecast of £120,000, £20,000 over a £10,000 tolerance (an exception);
/// - Delta started on 9 November, after the period was due: it owes nothing for it.
///
/// Their positions and names put them in the opposite order to the pack's.
async fn november_reporting(db: &Db) {
    let p = programme(db, RagPolicy::default()).await;
    let started = date("2026-09-01");
    let alpha = workstream(db, &p, ("alpha", "Alpha"), 0, started).await;
    workstream(db, &p, ("beta", "Beta"), 1, started).await;
    let gamma = workstream(db, &p, ("gamma", "Gamma"), 2, started).await;
    workstream(db, &p, ("delta", "Delta"), 3, date("2026-11-09")).await;
    let period = open(db, &p, &november()).await;
    submit(db, &p, &alpha, &period, Money::from_pounds(100_000)).await;
    submit(db, &p, &gamma, &period, Money::from_pounds(120_000)).await;
}

fn slugs(rows: &[BoardRow]) -> Vec<&str> {
    rows.iter().map(|r| r.workstream.as_str()).collect()
}

#[tokio::test]
async fn board_lists_the_exception_then_the_overdue_report_then_the_rest_and_counts_a_late_starter_beside_the_matrix()
 {
    // Arrange
    let db = TestDb::migrated().await;
    let actor = admin(&db.conn).await;
    november_reporting(&db.conn).await;

    // Act
    let board = board::board(&db.conn, &actor, SLUG, Some(november().due_date), now())
        .await
        .expect("the board");

    // Assert
    assert_eq!(slugs(&board.rows), ["gamma", "beta", "alpha"]);
    let statuses: Vec<&str> = board.rows.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(statuses, ["submitted", "overdue", "submitted"]);
    let (gamma, beta, alpha) = (&board.rows[0], &board.rows[1], &board.rows[2]);
    assert!(gamma.has_exception);
    assert_eq!(gamma.exceptions.len(), 1);
    assert_eq!(gamma.overall.rag, Some(Rag::Red));
    assert_eq!(gamma.revision, Some(1));
    assert!(!beta.has_exception);
    assert_eq!(beta.overall.word, "Not received");
    assert_eq!(beta.overall.rag, None);
    assert_eq!(beta.revision, None);
    assert_eq!(alpha.overall.word, "Green");
    assert!(!alpha.has_exception);
    let c = &board.counts;
    assert_eq!(
        (c.workstreams, c.exceptions, c.overdue, c.received),
        (3, 1, 1, 2),
        "{c:?}"
    );
    assert_eq!((c.not_started, c.closed), (1, 0), "{c:?}");
    assert!(!slugs(&board.rows).contains(&"delta"));
    assert_eq!(
        board.period.as_ref().map(|p| p.due_date),
        Some(november().due_date)
    );
}

#[tokio::test]
async fn board_without_a_period_shows_the_latest_one_due_by_today() {
    // Arrange: the December period is open, but not yet due.
    let db = TestDb::migrated().await;
    let actor = admin(&db.conn).await;
    november_reporting(&db.conn).await;
    let p = highlight_store::scope::programme_by_slug(&db.conn, SLUG)
        .await
        .expect("programme read")
        .expect("the programme");
    let december = ReportingPeriod {
        covers_from: date("2026-11-06"),
        due_date: date("2026-12-04"),
    };
    open(&db.conn, &p, &december).await;

    // Act
    let board = board::board(&db.conn, &actor, SLUG, None, now())
        .await
        .expect("the board");

    // Assert
    assert_eq!(
        board.period.as_ref().map(|p| p.due_date),
        Some(november().due_date)
    );
    assert_eq!(slugs(&board.rows), ["gamma", "beta", "alpha"]);
    let selected: Vec<NaiveDate> = board
        .periods
        .iter()
        .filter(|p| p.selected)
        .map(|p| p.due_date)
        .collect();
    assert_eq!(selected, [november().due_date]);
}

#[tokio::test]
async fn workstream_history_lists_each_owed_period_with_its_status_and_none_due_before_it_started()
{
    // Arrange: Alpha started on 20 September, so the period due 4 September was never
    // its own; it reported in October, has only a draft for November, and December
    // has opened.
    let db = TestDb::migrated().await;
    let actor = admin(&db.conn).await;
    let p = programme(&db.conn, RagPolicy::default()).await;
    let alpha = workstream(&db.conn, &p, ("alpha", "Alpha"), 0, date("2026-09-20")).await;
    let september = ReportingPeriod {
        covers_from: date("2026-08-05"),
        due_date: date("2026-09-04"),
    };
    let october = ReportingPeriod {
        covers_from: date("2026-09-04"),
        due_date: date("2026-10-06"),
    };
    let december = ReportingPeriod {
        covers_from: date("2026-11-06"),
        due_date: date("2026-12-04"),
    };
    open(&db.conn, &p, &september).await;
    let october_row = open(&db.conn, &p, &october).await;
    let november_row = open(&db.conn, &p, &november()).await;
    open(&db.conn, &p, &december).await;
    submit(
        &db.conn,
        &p,
        &alpha,
        &october_row,
        Money::from_pounds(100_000),
    )
    .await;
    let draft = HighlightReportContent::empty(StageNumber::FIRST, november());
    reports::create_draft(
        &db.conn,
        alpha.id.0,
        november_row.id,
        &draft,
        submitted_at(),
    )
    .await
    .expect("draft stored");

    // Act
    let detail = board::workstream_detail(&db.conn, &actor, SLUG, "alpha", now())
        .await
        .expect("the workstream page");

    // Assert: newest first, ending with the first period it owed.
    let history: Vec<(NaiveDate, &str, &str)> = detail
        .history
        .iter()
        .map(|h| {
            (
                h.due_date,
                h.status_cell.word.as_str(),
                h.overall.word.as_str(),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            (december.due_date, "Due", "Not yet submitted"),
            (november().due_date, "Overdue", "Not received"),
            (october.due_date, "Submitted 30 days late", "Green"),
        ]
    );
    let revisions: Vec<usize> = detail.history.iter().map(|h| h.revisions.len()).collect();
    assert_eq!(revisions, [0, 0, 1]);
    assert!(
        detail
            .history
            .iter()
            .all(|h| h.due_date != september.due_date)
    );
    assert_eq!(detail.pid.as_ref().map(|p| p.version), Some(1));
}

#[tokio::test]
async fn pack_cover_counts_the_reports_and_the_pack_lists_the_exception_and_the_missing_report() {
    // Arrange
    let db = TestDb::migrated().await;
    let actor = admin(&db.conn).await;
    november_reporting(&db.conn).await;
    let scope = highlight_app::scope::programme(&db.conn, &actor, SLUG)
        .await
        .expect("the programme");
    let meeting_on = date("2026-11-12");

    // Act
    let pack = pack::model::build(&db.conn, &scope, meeting_on, now())
        .await
        .expect("the pack");

    // Assert: the cover.
    assert_eq!(
        pack.period.as_ref().map(|p| p.due_date),
        Some(november().due_date)
    );
    let c = &pack.counts;
    assert_eq!(
        (c.workstreams, c.received, c.not_received, c.not_started),
        (3, 2, 1, 1),
        "{c:?}"
    );
    assert_eq!(
        (c.exceptions, c.red, c.amber, c.green, c.awaited, c.closed),
        (1, 1, 0, 1, 0, 0),
        "{c:?}"
    );
    // The matrix and the sections in pack order; Delta owes nothing, so is not listed.
    let matrix: Vec<&str> = pack.matrix.iter().map(|m| m.workstream.as_str()).collect();
    assert_eq!(matrix, ["Gamma", "Beta", "Alpha"]);
    let sections: Vec<&str> = pack
        .sections
        .iter()
        .map(|s| s.workstream.as_str())
        .collect();
    assert_eq!(sections, ["Gamma", "Beta", "Alpha"]);
    // The exception, with its dimension.
    assert_eq!(pack.exceptions.len(), 1, "{:?}", pack.exceptions);
    let exception = &pack.exceptions[0];
    assert_eq!(exception.workstream, "Gamma");
    assert_eq!(exception.dimension, "Cost");
    assert_eq!(exception.tolerance, Money::from_pounds(10_000).to_string());
    assert_eq!(exception.anchor, "workstream-gamma");
    // The overdue workstream's section says its report was not received.
    let beta = &pack.sections[1];
    assert!(beta.report.is_none());
    let missing = beta.not_received.as_ref().expect("a not-received section");
    assert_eq!(missing.title, "Report not received");
    assert_eq!(missing.due_label, "Friday 6 November 2026");
    assert_eq!(beta.status.word, "Not received");
    // The submitted ones carry their reports instead.
    assert!(pack.sections[0].report.is_some() && pack.sections[0].not_received.is_none());
    assert!(pack.sections[2].report.is_some() && pack.sections[2].not_received.is_none());
}

/// The board row of a workstream whose forecast is £5,000 over its £100,000 baseline:
/// half its £10,000 tolerance.
async fn board_row_of_a_small_overspend(rag_policy: RagPolicy) -> BoardRow {
    let db = TestDb::migrated().await;
    let actor = admin(&db.conn).await;
    let p = programme(&db.conn, rag_policy).await;
    let alpha = workstream(&db.conn, &p, ("alpha", "Alpha"), 0, date("2026-09-01")).await;
    let period = open(&db.conn, &p, &november()).await;
    submit(&db.conn, &p, &alpha, &period, Money::from_pounds(105_000)).await;
    let mut board = board::board(&db.conn, &actor, SLUG, Some(november().due_date), now())
        .await
        .expect("the board");
    assert_eq!(board.rows.len(), 1);
    board.rows.remove(0)
}

#[tokio::test]
async fn small_deviation_within_an_80_percent_amber_threshold_is_green_in_the_board_row() {
    // Arrange
    let policy = RagPolicy {
        amber_share_of_tolerance: Percent::from_whole(80),
    };

    // Act
    let row = board_row_of_a_small_overspend(policy).await;

    // Assert
    assert_eq!(row.overall.word, "Green", "{:?}", row.overall);
    assert_eq!(row.overall.rag, Some(Rag::Green));
    assert!(!row.has_exception);
    let cost = row
        .tolerances
        .iter()
        .find(|t| t.dimension == "Cost")
        .expect("a cost cell");
    // Within tolerance, and coloured as the overall cell is: the rule decided once.
    assert_eq!(cost.cell.word, "Within tolerance");
    assert_eq!(cost.cell.rag, Some(Rag::Green));
}

#[tokio::test]
async fn the_same_small_deviation_under_the_default_policy_is_amber_in_the_board_row() {
    // Act
    let row = board_row_of_a_small_overspend(RagPolicy::default()).await;

    // Assert
    assert_eq!(row.overall.word, "Amber", "{:?}", row.overall);
    assert!(!row.has_exception);
}

/// Every key of a JSON value, at any depth.
fn keys(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                out.push(k.clone());
                keys(v, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn read_models_say_what_a_status_is_never_how_a_page_draws_it_or_where_it_lives() {
    // Arrange
    let db = TestDb::migrated().await;
    let actor = admin(&db.conn).await;
    november_reporting(&db.conn).await;

    // Act
    let board = board::board(&db.conn, &actor, SLUG, Some(november().due_date), now())
        .await
        .expect("the board");
    let detail = board::workstream_detail(&db.conn, &actor, SLUG, "gamma", now())
        .await
        .expect("the workstream page");

    // Assert: no CSS classes, SVG geometry or addresses — those are the web's.
    let mut found = Vec::new();
    keys(&serde_json::to_value(&board).unwrap(), &mut found);
    keys(&serde_json::to_value(&detail).unwrap(), &mut found);
    for banned in ["class", "cx", "cy", "x", "y", "width", "height", "url"] {
        assert!(
            !found.iter().any(|k| k == banned || k.ends_with("_url")),
            "a read model has a {banned:?} key"
        );
    }
    assert!(found.iter().any(|k| k == "tone"));
}
