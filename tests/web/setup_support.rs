//! Helpers for the set-up tests: a programme with its people, API tokens, JSON and
//! multipart requests.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::support::http::{Client, TestApp, TestResponse};

pub const ADMIN: &str = "sam.porter@example.org";
pub const MANAGER: &str = "claire.whitcombe@example.org";
pub const BOARD: &str = "richard.ashworth@example.org";
pub const LEAD: &str = "rachel.dunstan@example.org";
pub const VIEWER: &str = "vera.viewer@example.org";
pub const STRANGER: &str = "stan.stranger@example.org";
pub const SLUG: &str = "pioneer-somerset";

/// The fields of a valid programme form (monthly on the 5th working day).
pub fn programme_fields(manager_id: &str) -> Vec<(&str, &str)> {
    vec![
        ("name", "Pioneer Somerset"),
        ("slug", ""),
        ("description", "Joint working across Somerset's councils"),
        ("sponsor", "Chief Executives' group"),
        ("manager_id", manager_id),
        ("manager_email", ""),
        ("manager_name", ""),
        ("time_zone", "Europe/London"),
        ("cycle_kind", "monthly"),
        ("cycle_nth", "5"),
        ("cycle_months", "odd"),
        ("cycle_cron", ""),
        ("cycle_board_dates", ""),
        ("before_due_working_days", "5"),
        ("repeat_overdue_every_working_days", "3"),
        ("escalate_after_working_days_overdue", "5"),
    ]
}

/// An app with an administrator, a programme manager, a board member, a lead (of
/// "Shared Services"), a viewer and a stranger, and the programme set up through the
/// pages by the administrator.
pub async fn programme() -> TestApp {
    programme_in(TestApp::new().await).await
}

/// [`programme`] set up in `app` (one with a test clock, say).
pub async fn programme_in(app: TestApp) -> TestApp {
    app.add_user(ADMIN, "Sam Porter", true).await;
    let manager = app.add_user(MANAGER, "Claire Whitcombe", false).await;
    app.add_user(BOARD, "Richard Ashworth", false).await;
    app.add_user(LEAD, "Rachel Dunstan", false).await;
    app.add_user(VIEWER, "Vera Viewer", false).await;
    app.add_user(STRANGER, "Stan Stranger", false).await;
    let mut admin = app.signed_in(ADMIN).await;
    let id = manager.id.to_string();
    let mut fields = programme_fields(&id);
    fields.push(("action", "save"));
    let created = admin.post_form("/programmes/new", &fields).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let mut pm = app.signed_in(MANAGER).await;
    for (email, role) in [(BOARD, "board_member"), (VIEWER, "viewer")] {
        let r = pm
            .post_form(
                &format!("/programmes/{SLUG}/people"),
                &[("email", email), ("name", ""), ("role", role)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let r = pm
        .post_form(
            &format!("/programmes/{SLUG}/workstreams/new"),
            &workstream_fields("Shared Services", LEAD),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app
}

pub fn workstream_fields<'a>(name: &'a str, lead_email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("slug", ""),
        ("lead_id", ""),
        ("lead_email", lead_email),
        ("lead_name", ""),
        ("deputy_id", ""),
        ("deputy_email", ""),
        ("deputy_name", ""),
        ("lead_organisation", "South Somerset District Council"),
        ("stage", "1"),
        ("status", "active"),
    ]
}

/// A CSV body posted to the API.
pub async fn api_csv(app: &TestApp, token: &str, path: &str, csv: &str) -> TestResponse {
    let request = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "text/csv")
        .body(Body::from(csv.to_owned()))
        .unwrap();
    app.send(request).await
}

/// Posts a multipart form as a browser would (the CSRF token as a hidden field first),
/// with an optional file part.
pub async fn post_multipart(
    app: &TestApp,
    client: &Client<'_>,
    path: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &str)>,
) -> TestResponse {
    let boundary = "----highlight-test-boundary";
    let csrf = client
        .cookies
        .get("highlight_csrf")
        .cloned()
        .unwrap_or_default();
    let mut body = String::new();
    let mut part = |name: &str, filename: Option<&str>, value: &str| {
        body.push_str(&format!("--{boundary}\r\n"));
        match filename {
            Some(f) => body.push_str(&format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: text/csv\r\n\r\n"
            )),
            None => body.push_str(&format!(
                "Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"
            )),
        }
        body.push_str(value);
        body.push_str("\r\n");
    };
    part("_csrf", None, &csrf);
    for (k, v) in fields {
        part(k, None, v);
    }
    if let Some((filename, content)) = file {
        part("file", Some(filename), content);
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let cookie = client
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let request = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::COOKIE, cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    app.send(request).await
}

/// The text of the error summary's links (`href` → message) in a page.
pub fn summary_links(body: &str) -> Vec<(String, String)> {
    let Some(start) = body.find("class=\"govuk-error-summary\"") else {
        return Vec::new();
    };
    let summary = &body[start..];
    let summary = &summary[..summary.find("</div>").unwrap_or(summary.len())];
    summary
        .split("<li><a href=\"#")
        .skip(1)
        .filter_map(|s| {
            let (href, rest) = s.split_once("\">")?;
            let (message, _) = rest.split_once("</a>")?;
            Some((href.to_owned(), message.to_owned()))
        })
        .collect()
}

pub use crate::support::http::{api, api_token as token};
