//! Helpers for the report and board tests: the Pioneer Somerset demo loaded into a
//! fresh app, its people signed in, and the report form's fields as the page has them.

use chrono::{Datelike, NaiveDate, Utc};
use highlight_domain::{
    HighlightReportContent, HighlightReportDraft, ReportingCycle, WorkingCalendar,
};
use highlight_store::entities::{highlight_reports, programmes, reporting_periods, workstreams};
use highlight_store::programmes::{ProgrammeRole, grant_role};
use highlight_web::demo::{self, DEMO_PASSWORD};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::support::http::{Client, TestApp};

pub const PROGRAMME: &str = "pioneer-somerset";
pub const SHARED_SERVICES_LEAD: &str = "rachel.dunstan@pioneer-somerset.example";
pub const CUSTOMER_ACCESS_LEAD: &str = "karen.moss@pioneer-somerset.example";
pub const PARTNERSHIP_LEAD: &str = "jane.whitlock@pioneer-somerset.example";
pub const BOARD_MEMBER: &str = "richard.ashworth@pioneer-somerset.example";
pub const PROGRAMME_MANAGER: &str = "claire.whitcombe@pioneer-somerset.example";

/// An app with the demo loaded as of now: its period is the one most recently due.
pub async fn demo_app() -> TestApp {
    let app = TestApp::new().await;
    demo::load_if_empty(&app.db.conn, Utc::now())
        .await
        .expect("demo loads");
    app
}

/// A demo person, signed in through the sign-in form.
pub async fn sign_in<'a>(app: &'a TestApp, email: &str) -> Client<'a> {
    let mut client = app.anonymous();
    let response = client.sign_in(email, DEMO_PASSWORD).await;
    assert_eq!(
        response.status.as_u16(),
        303,
        "sign-in as {email}: {}",
        response.body
    );
    client
}

/// Adds a person with a role in Pioneer Somerset (or none), signed in.
pub async fn person_with_role<'a>(
    app: &'a TestApp,
    email: &str,
    role: Option<ProgrammeRole>,
) -> Client<'a> {
    let user = app.add_user(email, "Test Person", false).await;
    if let Some(role) = role {
        grant_role(
            &app.db.conn,
            programme(app).await.id,
            user.id.0,
            role,
            Utc::now(),
        )
        .await
        .expect("role granted");
    }
    app.signed_in(email).await
}

pub async fn programme(app: &TestApp) -> programmes::Model {
    programmes::Entity::find()
        .filter(programmes::Column::Slug.eq(PROGRAMME))
        .one(&app.db.conn)
        .await
        .unwrap()
        .expect("Pioneer Somerset")
}

/// The demo period's due date.
pub async fn due(app: &TestApp) -> NaiveDate {
    reporting_periods::Entity::find()
        .order_by_asc(reporting_periods::Column::DueDate)
        .one(&app.db.conn)
        .await
        .unwrap()
        .expect("a period")
        .due_date
}

/// The due date after the demo period's, by the programme's cycle.
pub async fn next_due(app: &TestApp) -> NaiveDate {
    let due = due(app).await;
    let cycle: ReportingCycle = "monthly on the 5th working day".parse().unwrap();
    let cal = WorkingCalendar::england_and_wales(due.year() - 1..=due.year() + 2);
    cycle
        .next_due_date_on_or_after(due.succ_opt().unwrap(), chrono_tz::Europe::London, &cal)
        .expect("a next due date")
}

pub fn report_url(workstream: &str, due: NaiveDate) -> String {
    format!("/programmes/{PROGRAMME}/workstreams/{workstream}/reports/{due}")
}

pub async fn report_row(
    app: &TestApp,
    workstream: &str,
    due: NaiveDate,
) -> highlight_reports::Model {
    let w = workstreams::Entity::find()
        .filter(workstreams::Column::Slug.eq(workstream))
        .one(&app.db.conn)
        .await
        .unwrap()
        .expect("workstream");
    let p = reporting_periods::Entity::find()
        .filter(reporting_periods::Column::DueDate.eq(due))
        .one(&app.db.conn)
        .await
        .unwrap()
        .expect("period");
    highlight_reports::Entity::find()
        .filter(highlight_reports::Column::WorkstreamId.eq(w.id))
        .filter(highlight_reports::Column::PeriodId.eq(p.id))
        .one(&app.db.conn)
        .await
        .unwrap()
        .expect("report")
}

pub fn working_copy(row: &highlight_reports::Model) -> HighlightReportContent {
    serde_json::from_str(&row.draft).expect("draft reads")
}

/// The form's fields as the edit page shows them (from the saved working copy).
pub fn form_fields(row: &highlight_reports::Model) -> Vec<(String, String)> {
    let draft = HighlightReportDraft::from(&working_copy(row));
    let serde_json::Value::Object(map) = serde_json::to_value(draft).unwrap() else {
        unreachable!()
    };
    map.into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_owned()))
        .collect()
}

/// `fields` with some replaced (or added).
pub fn with(fields: &[(String, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .cloned()
        .collect();
    out.extend(
        changes
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    out
}

pub fn refs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// The lead submits `workstream`'s report due `due` through the form, its draft as saved
/// with the board's essentials ([`COMPLETE`]) filled in; returns the answer to the POST.
pub async fn submit_complete(
    app: &TestApp,
    lead: &mut Client<'_>,
    workstream: &str,
    due: NaiveDate,
) -> crate::support::http::TestResponse {
    post_complete(app, lead, workstream, due, "submit").await
}

/// As [`submit_complete`], pressing the form's button `action` ("submit", "check", "save").
pub async fn post_complete(
    app: &TestApp,
    lead: &mut Client<'_>,
    workstream: &str,
    due: NaiveDate,
    action: &str,
) -> crate::support::http::TestResponse {
    let url = report_url(workstream, due);
    let form = lead.get(&format!("{url}/form")).await;
    let row = report_row(app, workstream, due).await;
    let fields = with(&form_fields(&row), COMPLETE);
    let mut posted = refs(&fields);
    let lock = lock_version_in(&form.body);
    posted.push(("lock_version", &lock));
    posted.push(("action", action));
    lead.post_form(&url, &posted).await
}

/// What a browser would send for the form on `html` as it stands: every input's value
/// (radios and checkboxes only when checked), every textarea's text and every select's
/// chosen option, with handlebars' entities undone. Buttons are left out, and so is the
/// CSRF field (the test client adds its own).
pub fn form_values(html: &str) -> Vec<(String, String)> {
    fn unescape(v: &str) -> String {
        v.replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&#x3D;", "=")
            .replace("&#x60;", "`")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }
    fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
        let needle = format!(" {name}=\"");
        let start = tag.find(&needle)? + needle.len();
        tag[start..].split('"').next()
    }
    let form = &html[html
        .find("<form method=\"post\" action=\"/programmes")
        .unwrap_or(0)..];
    let form = &form[..form.find("</form>").unwrap_or(form.len())];
    let mut out = Vec::new();
    for (at, _) in form.match_indices('<') {
        let rest = &form[at..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if tag.starts_with("<input") {
            let kind = attr(tag, "type").unwrap_or("text");
            let (Some(name), Some(value)) = (attr(tag, "name"), attr(tag, "value")) else {
                continue;
            };
            if (kind == "radio" || kind == "checkbox") && !tag.contains(" checked")
                || name == "_csrf"
            {
                continue;
            }
            out.push((name.to_owned(), unescape(value)));
        } else if tag.starts_with("<textarea") {
            let Some(name) = attr(tag, "name") else {
                continue;
            };
            let body = &rest[tag.len() + 1..];
            let text = &body[..body.find("</textarea>").unwrap_or(0)];
            out.push((name.to_owned(), unescape(text)));
        } else if tag.starts_with("<select") {
            let Some(name) = attr(tag, "name") else {
                continue;
            };
            let body = &rest[..rest.find("</select>").unwrap_or(rest.len())];
            let chosen = body
                .split("<option")
                .skip(1)
                .find(|o| o.contains(" selected"))
                .and_then(|o| attr(o, "value"))
                .unwrap_or_default();
            out.push((name.to_owned(), unescape(chosen)));
        }
    }
    out
}

/// The `lock_version` hidden field of a form page.
pub fn lock_version_in(html: &str) -> String {
    input_value_in(html, "lock_version")
}

/// The value of the input called `name` on a form page.
pub fn input_value_in(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("the form has a {name}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

/// What a complete report needs on top of the demo's, to be submitted.
pub const COMPLETE: &[(&str, &str)] = &[
    ("rag_overall", "amber"),
    ("budget_status", "not_applicable"),
    ("schedule_status", "behind"),
    ("products_completed", "Draft PID created"),
    ("products_planned_next", "PID agreed by the Councils"),
];

pub use crate::support::http::{api, api_token as token_for};
