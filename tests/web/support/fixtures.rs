//! A small programme for the e-mail tests: two workstreams with their leads and a
//! programme manager, reporting monthly on the 5th working day (Europe/London).

use chrono::{DateTime, Utc};
use highlight_domain::{
    Currency, ReminderPolicy, ReportState, ReportingCycle, Slug, StageNumber, WorkstreamStatus,
};
use highlight_store::entities::{highlight_reports, reporting_periods};
use highlight_store::{self, programmes::NewProgramme, users::NewUser};
use highlight_web::config::Settings;
use highlight_web::mail::settings::{SmtpTls, TransportKind};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use super::http::test_settings;

#[derive(Debug)]
pub struct Fixture {
    pub programme_id: i64,
    pub manager_id: i64,
    pub lead_a_id: i64,
    pub workstream_a_id: i64,
    pub workstream_b_id: i64,
}

/// Test settings sending over plain SMTP to the sink on `port`.
pub fn smtp_settings(port: u16) -> Settings {
    let mut settings = test_settings();
    settings.mail.transport = TransportKind::Smtp;
    settings.smtp.host = "127.0.0.1".into();
    settings.smtp.port = port;
    settings.smtp.tls = SmtpTls::None;
    settings
}

/// The environment that points a `highlight` process at the sink on `port`.
pub fn smtp_env(port: u16) -> Vec<(String, String)> {
    [
        ("HIGHLIGHT__MAIL__TRANSPORT", "smtp".to_owned()),
        ("HIGHLIGHT__SMTP__HOST", "127.0.0.1".to_owned()),
        ("HIGHLIGHT__SMTP__PORT", port.to_string()),
        ("HIGHLIGHT__SMTP__TLS", "none".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

pub async fn user(
    db: &impl sea_orm::ConnectionTrait,
    email: &str,
    name: &str,
    now: DateTime<Utc>,
) -> i64 {
    highlight_store::users::create(
        db,
        &NewUser {
            email: email.into(),
            name: name.into(),
            is_admin: false,
            password_hash: None,
        },
        now,
    )
    .await
    .expect("user created")
    .id
    .0
}

/// "Test Programme" with workstreams Alpha (lead Ann) and Beta (lead Ben), manager Meg.
pub async fn small_programme(db: &impl sea_orm::ConnectionTrait, now: DateTime<Utc>) -> Fixture {
    let manager_id = user(db, "meg@example.test", "Meg Manager", now).await;
    let lead_a_id = user(db, "ann@example.test", "Ann Alpha", now).await;
    let lead_b = user(db, "ben@example.test", "Ben Beta", now).await;
    let programme = highlight_store::programmes::create(
        db,
        &NewProgramme {
            slug: Slug::parse("test-programme").unwrap(),
            name: "Test Programme".into(),
            description: String::new(),
            sponsor: String::new(),
            programme_manager_id: Some(manager_id),
            time_zone: chrono_tz::Europe::London,
            currency: Currency::Gbp,
            holiday_region: "england-and-wales".into(),
            cycle: ReportingCycle::monthly(5).unwrap(),
            reminder_policy: ReminderPolicy::default(),
            rag_policy: highlight_domain::RagPolicy::default(),
            pack: highlight_store::programmes::PackSettings::default(),
        },
        now,
    )
    .await
    .expect("programme created");
    let mut ids = Vec::new();
    for (position, (slug, name, lead)) in [("alpha", "Alpha", lead_a_id), ("beta", "Beta", lead_b)]
        .into_iter()
        .enumerate()
    {
        let w = highlight_store::workstreams::create(
            db,
            &highlight_store::workstreams::NewWorkstream {
                programme_id: programme.id.0,
                slug: Slug::parse(slug).unwrap(),
                name: name.into(),
                lead_id: Some(lead),
                deputy_id: None,
                lead_organisation: String::new(),
                stage: StageNumber::new(1).unwrap(),
                status: WorkstreamStatus::Active,
                position: i32::try_from(position).unwrap(),
                life: highlight_domain::WorkstreamLife::starting(now.date_naive()),
            },
            now,
        )
        .await
        .expect("workstream created");
        ids.push(w.id);
    }
    Fixture {
        programme_id: programme.id.0,
        manager_id,
        lead_a_id,
        workstream_a_id: ids[0].0,
        workstream_b_id: ids[1].0,
    }
}

/// Marks the workstream's report for the period due on `due` as submitted at `at`.
pub async fn submit_report(
    db: &impl sea_orm::ConnectionTrait,
    programme_id: i64,
    workstream_id: i64,
    due: chrono::NaiveDate,
    at: DateTime<Utc>,
) {
    let period = reporting_periods::Entity::find()
        .filter(reporting_periods::Column::ProgrammeId.eq(programme_id))
        .filter(reporting_periods::Column::DueDate.eq(due))
        .one(db)
        .await
        .unwrap()
        .expect("the period is open");
    highlight_reports::ActiveModel {
        workstream_id: Set(workstream_id),
        period_id: Set(period.id),
        state: Set(ReportState::Submitted.as_str().to_owned()),
        lock_version: Set(1),
        draft: Set("{}".into()),
        current_revision: Set(1),
        overall_rag: Set(Some("green".into())),
        has_exception: Set(false),
        created_at: Set(at),
        updated_at: Set(at),
        submitted_at: Set(Some(at)),
        reviewed_at: Set(None),
        reviewed_by_id: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("report submitted");
}

/// "Overdue Programme": `n` workstreams, each with its own lead, set up four months
/// ago, whose report for the period most recently due has not come in.
pub async fn overdue_programme(db: &impl sea_orm::ConnectionTrait, n: usize, now: DateTime<Utc>) {
    use chrono::Datelike;
    let tz = chrono_tz::Europe::London;
    let long_ago = now - chrono::Duration::days(120);
    let manager = user(db, "olive@example.test", "Olive Office", long_ago).await;
    let cycle = ReportingCycle::monthly(5).unwrap();
    let programme = highlight_store::programmes::create(
        db,
        &NewProgramme {
            slug: Slug::parse("overdue-programme").unwrap(),
            name: "Overdue Programme".into(),
            description: String::new(),
            sponsor: String::new(),
            programme_manager_id: Some(manager),
            time_zone: tz,
            currency: Currency::Gbp,
            holiday_region: "england-and-wales".into(),
            cycle: cycle.clone(),
            reminder_policy: ReminderPolicy::default(),
            rag_policy: highlight_domain::RagPolicy::default(),
            pack: highlight_store::programmes::PackSettings::default(),
        },
        long_ago,
    )
    .await
    .expect("programme created");
    for i in 0..n {
        let lead = user(
            db,
            &format!("lead{i}@example.test"),
            &format!("Lead {i}"),
            long_ago,
        )
        .await;
        highlight_store::workstreams::create(
            db,
            &highlight_store::workstreams::NewWorkstream {
                programme_id: programme.id.0,
                slug: Slug::parse(&format!("workstream-{i}")).unwrap(),
                name: format!("Workstream {i}"),
                lead_id: Some(lead),
                deputy_id: None,
                lead_organisation: String::new(),
                stage: StageNumber::new(1).unwrap(),
                status: WorkstreamStatus::Active,
                position: i32::try_from(i).unwrap(),
                life: highlight_domain::WorkstreamLife::starting(long_ago.date_naive()),
            },
            long_ago,
        )
        .await
        .expect("workstream created");
    }
    let today = highlight_domain::local_date(now, tz);
    let cal =
        highlight_domain::WorkingCalendar::england_and_wales(today.year() - 1..=today.year() + 1);
    let due = cycle
        .previous_due_date_before(today, tz, &cal)
        .expect("a due date before today");
    let period = cycle.period_due_on(due, tz, &cal);
    highlight_store::periods::open(db, programme.id.0, &period, tz, long_ago)
        .await
        .expect("period opened");
}
