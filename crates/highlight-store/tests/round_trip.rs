//! Every domain value the product writes reads back as the same value, through the real
//! store on a real database: SQLite by default, PostgreSQL with
//! `HIGHLIGHT_TEST_DATABASE_URL`. The values come from the domain's strategies, which
//! include the largest and oddest each type can hold (a deviation of any size, a
//! forecast of £1bn, text with quotes and control characters).

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, Utc};
use highlight_domain::strategies::{content, pid, policy, preset_cycle, reminder_policy};
use highlight_domain::{
    Assessment, Currency, HighlightReportContent, Percent, Pid, RagPolicy, ReportingCycle,
    ReportingPeriod, Slug, StageNumber, WorkstreamLife, WorkstreamStatus, assess_report,
};
use highlight_store::json::from_json;
use highlight_store::programmes::NewProgramme;
use highlight_store::testing::TestDb;
use highlight_store::workstreams::NewWorkstream;
use highlight_store::{Db, current_pid, outbox, periods, programmes, reports, workstreams};
use proptest::prelude::*;

static NEXT: AtomicU32 = AtomicU32::new(0);

fn now() -> DateTime<Utc> {
    "2026-11-06T12:00:00Z".parse().expect("a time")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

fn new_programme(
    cycle: ReportingCycle,
    policy: highlight_domain::ReminderPolicy,
    rag_policy: RagPolicy,
    pack: programmes::PackSettings,
) -> NewProgramme {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    NewProgramme {
        slug: Slug::parse(&format!("programme-{n}")).expect("a slug"),
        name: format!("Programme {n}"),
        description: String::new(),
        sponsor: String::new(),
        programme_manager_id: None,
        time_zone: chrono_tz::Europe::London,
        currency: Currency::Gbp,
        holiday_region: "england-and-wales".into(),
        cycle,
        reminder_policy: policy,
        rag_policy,
        pack,
    }
}

/// A programme with one workstream; returns their ids.
async fn programme_with_a_workstream(db: &Db) -> (i64, i64) {
    let programme = programmes::create(
        db,
        &new_programme(
            ReportingCycle::monthly(5).expect("a cycle"),
            highlight_domain::ReminderPolicy::default(),
            RagPolicy::default(),
            programmes::PackSettings::default(),
        ),
        now(),
    )
    .await
    .expect("programme stored");
    let workstream = workstreams::create(
        db,
        &NewWorkstream {
            programme_id: programme.id.0,
            slug: Slug::parse("alpha").expect("a slug"),
            name: "Alpha".into(),
            lead_id: None,
            deputy_id: None,
            lead_organisation: String::new(),
            stage: StageNumber::FIRST,
            status: WorkstreamStatus::Active,
            position: 0,
            life: WorkstreamLife::starting(now().date_naive()),
        },
        now(),
    )
    .await
    .expect("workstream stored");
    (programme.id.0, workstream.id.0)
}

/// Submits `content` with `assessment` as a report of a period of its own; reads the
/// revision back.
async fn store_and_read_revision(
    db: &Db,
    (programme_id, workstream_id): (i64, i64),
    content: &HighlightReportContent,
    assessment: &Assessment,
) -> (HighlightReportContent, Assessment) {
    // Each case reports on a period of its own (one report per workstream and period).
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let due = highlight_domain::strategies::date_from(u64::from(n) * 31);
    let period = ReportingPeriod {
        covers_from: due - chrono::Days::new(30),
        due_date: due,
    };
    let row = periods::open(db, programme_id, &period, chrono_tz::Europe::London, now())
        .await
        .expect("period stored");
    let draft = reports::create_draft(db, workstream_id, row.id, content, now())
        .await
        .expect("draft stored");
    let submitted = reports::submit(db, draft, content, assessment, None, None, now())
        .await
        .expect("revision stored");
    let revision = reports::revisions(db, submitted.id)
        .await
        .expect("revisions read")
        .pop()
        .expect("one revision");
    (
        from_json(&revision.content, "report_revisions.content").expect("content reads back"),
        from_json(&revision.assessment, "report_revisions.assessment")
            .expect("assessment reads back"),
    )
}

/// Runs `check` for `cases` values of `strategy` on one fresh database: creating a
/// PostgreSQL database per case would make the test minutes long.
fn for_each_value<S, F, Fut>(cases: u32, strategy: S, check: F)
where
    S: Strategy,
    S::Value: Clone,
    F: Fn(Db, S::Value) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let rt = runtime();
    let db = rt.block_on(TestDb::migrated());
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases,
        ..ProptestConfig::default()
    });
    let result = runner.run(&strategy, |value| {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            rt.block_on(check(db.conn.clone(), value));
        }));
        outcome.map_err(|panic| {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            TestCaseError::fail(message)
        })
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn every_report_and_its_assessment_read_back_as_submitted() {
    for_each_value(
        64,
        (content(), pid(), policy()),
        |db, (content, pid, policy)| async move {
            let scope = programme_with_a_workstream(&db).await;
            let assessment = assess_report(&content, &pid, &policy);
            let (content_read, assessment_read) =
                store_and_read_revision(&db, scope, &content, &assessment).await;
            assert_eq!(content_read, content);
            assert_eq!(assessment_read, assessment);
        },
    );
}

#[test]
fn every_cycle_reminder_policy_amber_threshold_and_pack_setting_read_back_as_set() {
    // The amber threshold as a programme may set it: 0% to 100%.
    let threshold = (0u32..=10_000).prop_map(|bp| RagPolicy {
        amber_share_of_tolerance: Percent::from_basis_points(bp),
    });
    let pack = (
        proptest::sample::select(highlight_domain::ProtectiveMarking::ALL),
        proptest::sample::select(highlight_domain::PackOrder::ALL),
    )
        .prop_map(|(marking, order)| programmes::PackSettings { marking, order });
    let values = (preset_cycle(), reminder_policy(), threshold, pack);
    for_each_value(
        64,
        values,
        |db, (cycle, policy, rag_policy, pack)| async move {
            let stored = programmes::create(
                &db,
                &new_programme(cycle.clone(), policy, rag_policy, pack),
                now(),
            )
            .await
            .expect("programme stored");
            // Read back from the row as stored.
            let read = highlight_store::scope::programme_by_slug(&db, &stored.slug)
                .await
                .expect("programme reads back")
                .expect("programme found");
            assert_eq!(read.cycle, cycle);
            assert_eq!(read.reminder_policy, policy);
            assert_eq!(read.rag_policy, rag_policy);
            assert_eq!(read.pack, pack);
        },
    );
}

#[test]
fn every_pid_with_its_tolerances_reads_back_as_baselined() {
    for_each_value(64, pid(), |db, pid| async move {
        let (_, workstream_id) = programme_with_a_workstream(&db).await;
        workstreams::add_pid_version(&db, workstream_id, &pid, None, now())
            .await
            .expect("PID stored");
        let mut current = current_pid::load(&db, &[workstream_id])
            .await
            .expect("PID read");
        let read: Pid = current.remove(&workstream_id).expect("the PID");
        assert_eq!(read, pid);
    });
}

fn message(key: &str, kind: highlight_domain::MessageKind, send: bool) -> outbox::NewMessage {
    outbox::NewMessage {
        dedupe_key: key.to_owned(),
        kind,
        recipient_user_id: None,
        recipient_address: "lead@example.test".into(),
        recipient_name: "A lead".into(),
        programme_id: None,
        workstream_id: None,
        period_id: None,
        data: "{}".into(),
        link_purpose: None,
        link_path: None,
        message_id: format!("<{key}@example.test>"),
        send,
    }
}

#[test]
fn every_message_kind_and_delivery_status_reads_back_from_the_outbox() {
    use highlight_domain::{DeliveryStatus, MessageKind};
    let rt = runtime();
    rt.block_on(async {
        let db = TestDb::migrated().await;
        let rows: Vec<_> = MessageKind::ALL
            .iter()
            .map(|&kind| message(kind.as_str(), kind, true))
            .chain([message("held back", MessageKind::OnDue, false)])
            .collect();
        outbox::insert_new(&db.conn, rows, now())
            .await
            .expect("inserted");

        let keys: Vec<String> = MessageKind::ALL.iter().map(|k| k.to_string()).collect();
        let statuses = outbox::statuses_of(&db.conn, &[keys, vec!["held back".into()]].concat())
            .await
            .expect("statuses read");
        assert_eq!(statuses["held back"], DeliveryStatus::Superseded);
        assert_eq!(statuses["digest"], DeliveryStatus::Queued);

        let claimed = outbox::claim(&db.conn, "worker", now(), now(), 100)
            .await
            .expect("claimed");
        let kinds: Vec<_> = claimed.iter().map(|m| m.kind).collect();
        assert_eq!(kinds, MessageKind::ALL);
        assert!(claimed.iter().all(|m| m.status == DeliveryStatus::Sending));
    });
}

#[test]
fn a_damaged_delivery_status_is_an_error_naming_the_row_not_a_guess() {
    use sea_orm::ConnectionTrait;
    let rt = runtime();
    rt.block_on(async {
        let db = TestDb::migrated().await;
        let row = message("k", highlight_domain::MessageKind::Overdue, true);
        outbox::insert_new(&db.conn, vec![row], now())
            .await
            .expect("inserted");
        db.conn
            .execute_unprepared("UPDATE outbox SET status = 'delivered'")
            .await
            .expect("damaged");
        let error = outbox::statuses_of(&db.conn, &["k".into()])
            .await
            .expect_err("a status Highlight never writes");
        let said = error.to_string();
        assert!(said.contains("outbox.status"), "{said}");
        assert!(said.contains("\"delivered\""), "{said}");
    });
}

#[test]
fn a_damaged_protective_marking_is_an_error_naming_the_column_not_a_guess() {
    use sea_orm::ConnectionTrait;
    let rt = runtime();
    rt.block_on(async {
        let db = TestDb::migrated().await;
        let stored = programmes::create(
            &db.conn,
            &new_programme(
                ReportingCycle::monthly(5).expect("a cycle"),
                highlight_domain::ReminderPolicy::default(),
                RagPolicy::default(),
                programmes::PackSettings::default(),
            ),
            now(),
        )
        .await
        .expect("programme stored");
        db.conn
            .execute_unprepared("UPDATE programmes SET protective_marking = 'SECRET'")
            .await
            .expect("damaged");
        let error = highlight_store::scope::programme_by_slug(&db.conn, &stored.slug)
            .await
            .expect_err("a marking Highlight never writes");
        let said = error.to_string();
        assert!(said.contains("programmes.protective_marking"), "{said}");
        assert!(said.contains("\"SECRET\""), "{said}");
    });
}
