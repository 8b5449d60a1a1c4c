//! The authorization matrix: every route × every role, asserting allow or deny.
//!
//! Run against the Pioneer Somerset demo. A denied request must be 403 for a signed-in
//! person, a sign-in redirect (pages) or 401 (API) for someone not signed in — never a
//! 500. An allowed request must not be refused (any of 2xx, 3xx or a 4xx about the
//! input, such as 422 for an empty form, proves the handler ran).

use axum::http::StatusCode;
use chrono::Utc;
use highlight_store::programmes::{ProgrammeRole, grant_role};
use highlight_web::demo::{self, DEMO_PASSWORD};
use sea_orm::EntityTrait;

use crate::support::http::{Client, PASSWORD, TestApp, TestResponse};

/// Who is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    /// Signed in, no role in the programme.
    Stranger,
    Viewer,
    BoardMember,
    /// Lead of Shared Services (the workstream the routes below name).
    Lead,
    /// Lead of Customer Access (another workstream of the same programme).
    OtherLead,
    ProgrammeManager,
    Admin,
}

use Who::*;

pub const EVERYONE_SIGNED_IN: &[Who] = &[
    Stranger,
    Viewer,
    BoardMember,
    Lead,
    OtherLead,
    ProgrammeManager,
    Admin,
];
pub const PROGRAMME_MEMBERS: &[Who] = &[
    Viewer,
    BoardMember,
    Lead,
    OtherLead,
    ProgrammeManager,
    Admin,
];
pub const REVIEWERS: &[Who] = &[BoardMember, ProgrammeManager, Admin];
/// Who writes Shared Services' report.
pub const WRITERS: &[Who] = &[Lead, ProgrammeManager, Admin];
/// Who writes Customer Access' report.
pub const CUSTOMER_ACCESS_WRITERS: &[Who] = &[OtherLead, ProgrammeManager, Admin];
pub const PROGRAMME_OFFICE: &[Who] = &[ProgrammeManager, Admin];
pub const ADMINS: &[Who] = &[Admin];

const ALL: [Who; 8] = [
    Anonymous,
    Stranger,
    Viewer,
    BoardMember,
    Lead,
    OtherLead,
    ProgrammeManager,
    Admin,
];

/// How a route is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Get,
    /// An HTML form post (with the CSRF token, as a browser sends it).
    Form,
    /// A JSON body `{}` with this method.
    Json(&'static str),
    /// A CSV body with POST.
    Csv,
}

/// One route of the matrix: how it is called, a concrete path in the demo (`{due}` is
/// the demo period's due date), and who may call it.
pub struct Route {
    pub call: Call,
    pub path: &'static str,
    pub allowed: &'static [Who],
}

const fn get(path: &'static str, allowed: &'static [Who]) -> Route {
    Route {
        call: Call::Get,
        path,
        allowed,
    }
}

const fn post(path: &'static str, allowed: &'static [Who]) -> Route {
    Route {
        call: Call::Form,
        path,
        allowed,
    }
}

const fn json(method: &'static str, path: &'static str, allowed: &'static [Who]) -> Route {
    Route {
        call: Call::Json(method),
        path,
        allowed,
    }
}

/// Every route that needs a person. (Public routes — `/login`, `/password/forgot`,
/// `/login/link/…`, `/healthz`, `/static/…`, `/api/docs` — have their own tests.)
const ROUTES: &[Route] = &[
    // Accounts
    get("/account/password", EVERYONE_SIGNED_IN),
    post("/account/password", EVERYONE_SIGNED_IN),
    get("/account/email", EVERYONE_SIGNED_IN),
    post("/account/email", EVERYONE_SIGNED_IN),
    get("/api/v1/me", EVERYONE_SIGNED_IN),
    get("/account/tokens", EVERYONE_SIGNED_IN),
    post("/account/tokens", EVERYONE_SIGNED_IN),
    get("/api/v1/me/tokens", EVERYONE_SIGNED_IN),
    json("POST", "/api/v1/me/tokens", EVERYONE_SIGNED_IN),
    // People (`{person}` is a demo account none of the callers signs in as)
    get("/admin/people", ADMINS),
    get("/admin/people/{person}", ADMINS),
    post("/admin/people/{person}/disable", ADMINS),
    post("/admin/people/{person}/enable", ADMINS),
    post("/admin/people/{person}/invitation", ADMINS),
    get("/api/v1/accounts", ADMINS),
    get("/api/v1/accounts/{person}/tokens", ADMINS),
    json("POST", "/api/v1/accounts/{person}/disable", ADMINS),
    json("POST", "/api/v1/accounts/{person}/enable", ADMINS),
    json("POST", "/api/v1/accounts/{person}/invitation", ADMINS),
    // The board and the reports
    get("/programmes/pioneer-somerset", PROGRAMME_MEMBERS),
    get("/programmes/pioneer-somerset/history", PROGRAMME_MEMBERS),
    get(
        "/programmes/pioneer-somerset/workstreams/shared-services",
        PROGRAMME_MEMBERS,
    ),
    get(
        "/programmes/pioneer-somerset/workstreams/shared-services/reports/{due}",
        PROGRAMME_MEMBERS,
    ),
    get(
        "/programmes/pioneer-somerset/workstreams/shared-services/reports/{due}/revisions/1",
        PROGRAMME_MEMBERS,
    ),
    get(
        "/programmes/pioneer-somerset/workstreams/shared-services/reports/{due}/edit",
        WRITERS,
    ),
    post(
        "/programmes/pioneer-somerset/workstreams/shared-services/reports/{due}",
        WRITERS,
    ),
    post(
        "/programmes/pioneer-somerset/workstreams/shared-services/reports/{due}/reviews",
        REVIEWERS,
    ),
    // Customer Access has not submitted: only its writers may see its draft.
    get(
        "/programmes/pioneer-somerset/workstreams/customer-access/reports/{due}",
        CUSTOMER_ACCESS_WRITERS,
    ),
    get(
        "/programmes/pioneer-somerset/workstreams/customer-access/reports/{due}/edit",
        CUSTOMER_ACCESS_WRITERS,
    ),
    // The board pack
    get("/programmes/pioneer-somerset/pack", PROGRAMME_MEMBERS),
    get("/programmes/pioneer-somerset/pack.docx", PROGRAMME_MEMBERS),
    get("/programmes/pioneer-somerset/pack.pdf", PROGRAMME_MEMBERS),
    get("/programmes/pioneer-somerset/packs", PROGRAMME_MEMBERS),
    post("/programmes/pioneer-somerset/packs", PROGRAMME_OFFICE),
    get(
        "/api/v1/programmes/pioneer-somerset/pack",
        PROGRAMME_MEMBERS,
    ),
    get(
        "/api/v1/programmes/pioneer-somerset/packs",
        PROGRAMME_MEMBERS,
    ),
    json(
        "POST",
        "/api/v1/programmes/pioneer-somerset/packs",
        PROGRAMME_OFFICE,
    ),
    // Exports
    get(
        "/programmes/pioneer-somerset/export/reports.csv",
        PROGRAMME_MEMBERS,
    ),
    get(
        "/programmes/pioneer-somerset/export/reports.xlsx",
        PROGRAMME_MEMBERS,
    ),
    // Set-up (the programme office)
    get("/programmes/new", ADMINS),
    post("/programmes/new", ADMINS),
    get("/programmes/pioneer-somerset/setup", PROGRAMME_OFFICE),
    get("/programmes/pioneer-somerset/settings", PROGRAMME_OFFICE),
    post("/programmes/pioneer-somerset/settings", PROGRAMME_OFFICE),
    get("/programmes/pioneer-somerset/people", PROGRAMME_OFFICE),
    post("/programmes/pioneer-somerset/people", PROGRAMME_OFFICE),
    post(
        "/programmes/pioneer-somerset/people/remove",
        PROGRAMME_OFFICE,
    ),
    get(
        "/programmes/pioneer-somerset/workstreams/new",
        PROGRAMME_OFFICE,
    ),
    post(
        "/programmes/pioneer-somerset/workstreams/new",
        PROGRAMME_OFFICE,
    ),
    get(
        "/programmes/pioneer-somerset/workstreams/shared-services/edit",
        PROGRAMME_OFFICE,
    ),
    post(
        "/programmes/pioneer-somerset/workstreams/shared-services/edit",
        PROGRAMME_OFFICE,
    ),
    get(
        "/programmes/pioneer-somerset/workstreams/shared-services/pid",
        PROGRAMME_OFFICE,
    ),
    get(
        "/programmes/pioneer-somerset/workstreams/shared-services/pid/versions/1",
        PROGRAMME_OFFICE,
    ),
    get(
        "/programmes/pioneer-somerset/workstreams/shared-services/pid/edit",
        PROGRAMME_OFFICE,
    ),
    post(
        "/programmes/pioneer-somerset/workstreams/shared-services/pid/edit",
        PROGRAMME_OFFICE,
    ),
    get(
        "/programmes/pioneer-somerset/workstreams/import",
        PROGRAMME_OFFICE,
    ),
    post(
        "/programmes/pioneer-somerset/workstreams/import",
        PROGRAMME_OFFICE,
    ),
    get(
        "/programmes/pioneer-somerset/workstreams/import/template.csv",
        PROGRAMME_OFFICE,
    ),
    get("/programmes/pioneer-somerset/audit", PROGRAMME_OFFICE),
    get("/admin/audit", ADMINS),
    // Outgoing mail
    get("/admin/mail", ADMINS),
    post("/admin/outbox/1/retry", ADMINS),
    // The API
    get("/api/v1/programmes", EVERYONE_SIGNED_IN),
    json("POST", "/api/v1/programmes", ADMINS),
    get("/api/v1/programmes/pioneer-somerset", PROGRAMME_MEMBERS),
    json(
        "PATCH",
        "/api/v1/programmes/pioneer-somerset",
        PROGRAMME_OFFICE,
    ),
    get(
        "/api/v1/programmes/pioneer-somerset/board",
        PROGRAMME_MEMBERS,
    ),
    get(
        "/api/v1/programmes/pioneer-somerset/cycle/preview",
        PROGRAMME_OFFICE,
    ),
    get(
        "/api/v1/programmes/pioneer-somerset/audit",
        PROGRAMME_OFFICE,
    ),
    get(
        "/api/v1/programmes/pioneer-somerset/exports/reports",
        PROGRAMME_MEMBERS,
    ),
    get(
        "/api/v1/programmes/pioneer-somerset/members",
        PROGRAMME_OFFICE,
    ),
    json(
        "POST",
        "/api/v1/programmes/pioneer-somerset/members",
        PROGRAMME_OFFICE,
    ),
    json(
        "DELETE",
        "/api/v1/programmes/pioneer-somerset/members/999999/viewer",
        PROGRAMME_OFFICE,
    ),
    get(
        "/api/v1/programmes/pioneer-somerset/workstreams",
        PROGRAMME_MEMBERS,
    ),
    json(
        "POST",
        "/api/v1/programmes/pioneer-somerset/workstreams",
        PROGRAMME_OFFICE,
    ),
    Route {
        call: Call::Csv,
        path: "/api/v1/programmes/pioneer-somerset/workstreams/import?dry_run=true",
        allowed: PROGRAMME_OFFICE,
    },
    get(
        "/api/v1/programmes/pioneer-somerset/workstreams/shared-services",
        PROGRAMME_MEMBERS,
    ),
    json(
        "PATCH",
        "/api/v1/programmes/pioneer-somerset/workstreams/shared-services",
        PROGRAMME_OFFICE,
    ),
    get(
        "/api/v1/programmes/pioneer-somerset/workstreams/shared-services/pid",
        PROGRAMME_OFFICE,
    ),
    json(
        "POST",
        "/api/v1/programmes/pioneer-somerset/workstreams/shared-services/pid",
        PROGRAMME_OFFICE,
    ),
    get(
        "/api/v1/programmes/pioneer-somerset/workstreams/shared-services/pid/versions/1",
        PROGRAMME_OFFICE,
    ),
    get(
        "/api/v1/programmes/pioneer-somerset/workstreams/shared-services/reports",
        PROGRAMME_MEMBERS,
    ),
    get(
        "/api/v1/programmes/pioneer-somerset/workstreams/shared-services/reports/{due}",
        PROGRAMME_MEMBERS,
    ),
    json(
        "PUT",
        "/api/v1/programmes/pioneer-somerset/workstreams/shared-services/reports/{due}",
        WRITERS,
    ),
    json(
        "POST",
        "/api/v1/programmes/pioneer-somerset/workstreams/shared-services/reports/{due}/submit",
        WRITERS,
    ),
    json(
        "POST",
        "/api/v1/programmes/pioneer-somerset/workstreams/shared-services/reports/{due}/corrections",
        WRITERS,
    ),
    get(
        "/api/v1/programmes/pioneer-somerset/workstreams/shared-services/reports/{due}/revisions",
        PROGRAMME_MEMBERS,
    ),
    get(
        "/api/v1/programmes/pioneer-somerset/workstreams/shared-services/reports/{due}/revisions/1",
        PROGRAMME_MEMBERS,
    ),
    json(
        "POST",
        "/api/v1/programmes/pioneer-somerset/workstreams/shared-services/reports/{due}/reviews",
        REVIEWERS,
    ),
    get(
        "/api/v1/programmes/pioneer-somerset/workstreams/customer-access/reports/{due}",
        CUSTOMER_ACCESS_WRITERS,
    ),
];

/// What a route's placeholders stand for in the demo: `{due}` its period's due date,
/// `{person}` an account none of the callers signs in as (the people routes disable it).
struct Concrete {
    due: String,
    person: String,
}

impl Concrete {
    async fn of(app: &TestApp) -> Self {
        let due = highlight_store::entities::reporting_periods::Entity::find()
            .one(&app.db.conn)
            .await
            .unwrap()
            .expect("the demo period")
            .due_date;
        let person = highlight_store::people::by_email(
            &app.db.conn,
            "margaret.fenwick@pioneer-somerset.example",
        )
        .await
        .unwrap()
        .expect("a demo person")
        .id;
        Self {
            due: due.to_string(),
            person: person.to_string(),
        }
    }

    fn path(&self, route: &Route) -> String {
        route
            .path
            .replace("{due}", &self.due)
            .replace("{person}", &self.person)
    }
}

async fn sign_in<'a>(app: &'a TestApp, email: &str, password: &str) -> Client<'a> {
    let mut client = app.anonymous();
    let response = client.sign_in(email, password).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{email} signs in");
    client
}

fn verdict(who: Who, route: &Route, response: &TestResponse) -> Result<(), String> {
    let status = response.status;
    let described = format!("{who:?} {:?} {} → {status}", route.call, route.path);
    if status.is_server_error() {
        return Err(format!("{described}: a server error ({})", response.body));
    }
    let is_api = route.path.starts_with("/api/");
    let refused = match who {
        Anonymous if is_api => status == StatusCode::UNAUTHORIZED,
        Anonymous => {
            status == StatusCode::SEE_OTHER
                && response
                    .location()
                    .is_some_and(|l| l.starts_with("/login?next="))
        }
        _ => status == StatusCode::FORBIDDEN,
    };
    if who == Stranger && refused && response.body.contains("Pioneer Somerset") {
        return Err(format!(
            "{described}: the refusal names the programme to someone with no role in it"
        ));
    }
    let allowed = route.allowed.contains(&who);
    match (allowed, refused) {
        (true, false) | (false, true) => Ok(()),
        (true, true) => Err(format!("{described}: refused, but {who:?} may")),
        (false, false) => Err(format!("{described}: allowed, but {who:?} may not")),
    }
}

#[tokio::test]
async fn every_route_allows_exactly_the_roles_it_should() {
    let app = TestApp::new().await;
    let now = Utc::now();
    demo::load_if_empty(&app.db.conn, now)
        .await
        .expect("demo loads");
    let programme = highlight_store::programmes::overview(&app.db.conn)
        .await
        .unwrap()[0]
        .id
        .0;
    let viewer = app
        .add_user("vera.viewer@example.org", "Vera Viewer", false)
        .await;
    grant_role(
        &app.db.conn,
        programme,
        viewer.id.0,
        ProgrammeRole::Viewer,
        now,
    )
    .await
    .unwrap();
    app.add_user("stan.stranger@example.org", "Stan Stranger", false)
        .await;

    let mut clients = Vec::new();
    for who in ALL {
        let client = match who {
            Anonymous => app.anonymous(),
            Stranger => sign_in(&app, "stan.stranger@example.org", PASSWORD).await,
            Viewer => sign_in(&app, "vera.viewer@example.org", PASSWORD).await,
            BoardMember => {
                sign_in(
                    &app,
                    "richard.ashworth@pioneer-somerset.example",
                    DEMO_PASSWORD,
                )
                .await
            }
            Lead => {
                sign_in(
                    &app,
                    "rachel.dunstan@pioneer-somerset.example",
                    DEMO_PASSWORD,
                )
                .await
            }
            OtherLead => sign_in(&app, "karen.moss@pioneer-somerset.example", DEMO_PASSWORD).await,
            ProgrammeManager => {
                sign_in(
                    &app,
                    "claire.whitcombe@pioneer-somerset.example",
                    DEMO_PASSWORD,
                )
                .await
            }
            Admin => sign_in(&app, "sam.porter@pioneer-somerset.example", DEMO_PASSWORD).await,
        };
        clients.push((who, client));
    }

    let concrete = Concrete::of(&app).await;
    let mut failures = Vec::new();
    for route in ROUTES {
        let path = concrete.path(route);
        for (who, client) in clients.iter_mut() {
            let response = match route.call {
                Call::Get => client.get(&path).await,
                Call::Form => client.post_form(&path, &[]).await,
                Call::Json(method) => {
                    client
                        .send_body(method, &path, "application/json", "{}")
                        .await
                }
                Call::Csv => client.send_body("POST", &path, "text/csv", "name\n").await,
            };
            if let Err(failure) = verdict(*who, route, &response) {
                failures.push(failure);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} checks failed:\n{}",
        failures.len(),
        ROUTES.len() * ALL.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn no_route_takes_a_nul_or_bytes_that_are_not_utf8_in_a_form_a_body_or_a_query() {
    // Arrange: the demo, signed in as its administrator.
    let app = TestApp::new().await;
    demo::load_if_empty(&app.db.conn, Utc::now())
        .await
        .expect("demo loads");
    let mut admin = sign_in(&app, "sam.porter@pioneer-somerset.example", DEMO_PASSWORD).await;
    let concrete = Concrete::of(&app).await;

    // Act: every route, each way it takes input, with a NUL and with a byte that is
    // not UTF-8.
    let mut failures = Vec::new();
    for route in ROUTES {
        let path = concrete.path(route);
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut answers = vec![
            (
                "query NUL",
                admin.get(&format!("{path}{sep}name=a%00b")).await,
            ),
            (
                "query not UTF-8",
                admin.get(&format!("{path}{sep}name=caf%E9")).await,
            ),
        ];
        match route.call {
            Call::Get => {}
            Call::Form => {
                answers.push((
                    "form NUL",
                    admin.post_form(&path, &[("name", "a\0b")]).await,
                ));
            }
            Call::Json(method) => {
                let body = r#"{"name": "a\u0000b"}"#;
                answers.push((
                    "JSON NUL",
                    admin
                        .send_body(method, &path, "application/json", body)
                        .await,
                ));
            }
            Call::Csv => {
                let body = "name\na\0b\n";
                answers.push((
                    "CSV NUL",
                    admin.send_body("POST", &path, "text/csv", body).await,
                ));
            }
        }
        for (how, response) in answers {
            if response.status != StatusCode::UNPROCESSABLE_ENTITY {
                failures.push(format!(
                    "{:?} {path} with a {how} → {}",
                    route.call, response.status
                ));
            }
        }
    }

    // Assert: each is refused with a message, before any handler sees it.
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
