//! The board pack: every workstream, exceptions first, "Report not received" for the
//! overdue one; the Word document reads back with the same headings and tables; an
//! issued pack is frozen; who may read and who may issue; the command line.

use std::io::Read;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use highlight_domain::{Assessment, HighlightReportContent};
use highlight_store::entities::{
    audit_log, highlight_reports, outbox, report_revisions, reporting_periods, workstreams,
};
use highlight_store::json::from_json;
use highlight_web::demo::{self, DEMO_PASSWORD};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::support::http::{Client, TestApp};
use crate::support::process::run;

const PM: &str = "claire.whitcombe@pioneer-somerset.example";
const BOARD: &str = "richard.ashworth@pioneer-somerset.example";
const PACK: &str = "/programmes/pioneer-somerset/pack";

async fn demo_app() -> TestApp {
    let app = TestApp::new().await;
    demo::load_if_empty(&app.db.conn, Utc::now())
        .await
        .expect("demo loads");
    app
}

async fn signed_in<'a>(app: &'a TestApp, email: &str) -> Client<'a> {
    let mut client = app.anonymous();
    let response = client.sign_in(email, DEMO_PASSWORD).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{email} signs in");
    client
}

async fn workstream(app: &TestApp, name: &str) -> workstreams::Model {
    workstreams::Entity::find()
        .filter(workstreams::Column::Name.eq(name))
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("the workstream {name}"))
}

/// The texts of the `<h2>` headings of an HTML page, in order.
fn h2s(html: &str) -> Vec<String> {
    html.split("<h2")
        .skip(1)
        .map(|part| {
            let inner = &part[part.find('>').unwrap() + 1..part.find("</h2>").unwrap()];
            strip_tags(inner)
        })
        .collect()
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#x27;", "'").replace("&amp;", "&")
}

/// The Word document's `word/document.xml`.
fn document_xml(docx: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip file");
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The text of every `<w:t>` between `from` and the next `end`.
fn texts(xml: &str) -> String {
    xml.split("<w:t")
        .skip(1)
        .filter_map(|p| {
            let start = p.find('>')? + 1;
            let end = p.find("</w:t>")?;
            (start <= end).then(|| p[start..end].to_owned())
        })
        .collect::<Vec<_>>()
        .join("")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The texts of the paragraphs styled `style`, in order.
fn styled_paragraphs(xml: &str, style: &str) -> Vec<String> {
    xml.split("<w:p>")
        .flat_map(|p| p.split("<w:p "))
        .filter(|p| p.contains(&format!("<w:pStyle w:val=\"{style}\"")))
        .map(|p| texts(&p[..p.find("</w:p>").unwrap_or(p.len())]))
        .collect()
}

/// The cell texts of each table, row by row.
fn tables(xml: &str) -> Vec<Vec<Vec<String>>> {
    xml.split("<w:tbl>")
        .skip(1)
        .map(|t| {
            let t = &t[..t.find("</w:tbl>").unwrap()];
            let rows: Vec<&str> = t.split("</w:tr>").collect();
            rows[..rows.len() - 1]
                .iter()
                .map(|row| row.split("<w:tc>").skip(1).map(texts).collect())
                .collect()
        })
        .collect()
}

/// An overdue reminder that went to the Customer Access lead (workstream
/// `workstream_id`) for the demo's period, two days ago.
async fn a_reminder_sent_to_karen(app: &TestApp, workstream_id: i64) {
    let period = reporting_periods::Entity::find()
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap();
    let sent_at = Utc::now() - Duration::days(2);
    outbox::ActiveModel {
        dedupe_key: Set("test:overdue".into()),
        kind: Set("overdue".into()),
        recipient_address: Set("karen.moss@pioneer-somerset.example".into()),
        recipient_name: Set("Karen Moss".into()),
        programme_id: Set(Some(period.programme_id)),
        workstream_id: Set(Some(workstream_id)),
        period_id: Set(Some(period.id)),
        data: Set("{}".into()),
        message_id: Set("<test@example>".into()),
        status: Set("sent".into()),
        attempts: Set(1),
        next_attempt_at: Set(sent_at),
        created_at: Set(sent_at),
        updated_at: Set(sent_at),
        sent_at: Set(Some(sent_at)),
        ..Default::default()
    }
    .insert(&app.db.conn)
    .await
    .unwrap();
}

#[tokio::test]
async fn the_demo_pack_has_every_workstream_exceptions_first_and_not_received_for_the_overdue_one()
{
    let app = demo_app().await;
    // A reminder that went to the Customer Access lead for this period.
    let access = workstream(&app, "Customer Access").await;
    a_reminder_sent_to_karen(&app, access.id).await;
    let mut board = signed_in(&app, BOARD).await;

    let page = board.get(PACK).await;
    let json = board.get("/api/v1/programmes/pioneer-somerset/pack").await;

    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let headings = h2s(&page.body);
    let names: Vec<String> = workstreams::Entity::find()
        .all(&app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|w| w.name)
        .collect();
    assert_eq!(names.len(), 9);
    for name in &names {
        assert!(
            headings.contains(name),
            "{name} has a section: {headings:?}"
        );
    }
    let position = |h: &str| headings.iter().position(|x| x == h).unwrap();
    assert_eq!(position("Front sheet"), 0, "the front sheet opens the pack");
    assert!(
        page.body
            .contains(highlight_app::text::ILLUSTRATIVE_FIGURES),
        "the demo's invented figures are marked in the pack as on every page"
    );
    assert!(
        page.body.contains("July–Nov 08"),
        "the report's own words for its period"
    );
    assert_eq!(position("Status at a glance"), 1);
    assert_eq!(
        position("Exceptions"),
        2,
        "exceptions come before the reports"
    );
    assert_eq!(
        headings[3], "Enhanced Strategic Partnership",
        "the workstream with an exception comes first"
    );
    assert_eq!(headings[4], "Customer Access", "then the overdue one");
    let exceptions = &page.body[page.body.find("id=\"pack-exceptions\"").unwrap()
        ..page.body.find("class=\"pack-section\"").unwrap()];
    assert!(exceptions.contains("Enhanced Strategic Partnership"));
    assert!(exceptions.contains("Tolerance") && exceptions.contains("Forecast"));
    let access_section = &page.body[page.body.find("id=\"workstream-customer-access\"").unwrap()..];
    let access_section = &access_section[..access_section.find("</section>").unwrap()];
    assert!(access_section.contains("Report not received"));
    assert!(
        access_section.contains("Overdue reminder"),
        "{access_section}"
    );
    assert!(
        !page.body.contains("No discussion has yet to take place"),
        "a draft's words are never in the pack"
    );
    assert!(page.body.contains("RED"), "RAG as a word");
    assert!(
        !page.body.contains("style=\""),
        "no inline styles under the CSP"
    );

    assert_eq!(json.status, StatusCode::OK);
    let pack = json.json();
    assert_eq!(pack["sections"].as_array().unwrap().len(), 9);
    assert_eq!(pack["counts"]["received"], 8);
    assert_eq!(pack["counts"]["not_received"], 1);
    assert_eq!(
        pack["exceptions"][0]["workstream"],
        "Enhanced Strategic Partnership"
    );
    assert_eq!(pack["sections"][1]["status"], "overdue", "not received");
    assert!(pack["sections"][1]["report"].is_null());
}

#[tokio::test]
async fn the_pack_docx_reads_back_with_the_same_headings_and_tables() {
    let app = demo_app().await;
    let mut board = signed_in(&app, BOARD).await;
    let page = board.get(PACK).await;

    let response = board.get(&format!("{PACK}.docx")).await;

    assert_eq!(response.status, StatusCode::OK);
    assert!(response.content_type().contains("wordprocessingml"));
    assert!(
        response
            .header("content-disposition")
            .unwrap()
            .contains("pioneer-somerset-board-pack-")
    );
    let xml = document_xml(&response.body_bytes());
    assert_eq!(
        styled_paragraphs(&xml, "Heading1"),
        ["Pioneer Somerset: programme board pack"]
    );
    assert_eq!(
        styled_paragraphs(&xml, "Heading2"),
        h2s(&page.body),
        "the same sections, in the same order, as the page"
    );
    let tables = tables(&xml);
    let matrix = &tables[0];
    assert_eq!(matrix.len(), 10, "a heading row and nine workstreams");
    assert_eq!(matrix[0][0], "Workstream");
    assert_eq!(matrix[1][0], "Enhanced Strategic Partnership");
    assert_eq!(matrix[1][1], "RED");
    assert_eq!(matrix[2][0], "Customer Access");
    assert_eq!(matrix[2].last().unwrap(), "Not received");
    let grids = tables
        .iter()
        .filter(|t| t[0] == ["Dimension", "This period", "Last period"])
        .count();
    assert_eq!(grids, 8, "a status grid per report received");
    assert!(texts(&xml).contains("Report not received"));
    let h3 = styled_paragraphs(&xml, "Heading3");
    assert!(h3.iter().any(|h| h == "Actual or potential problems"));
    assert!(xml.contains("<w:pageBreakBefore"), "a page per workstream");
}

/// Writes a correction of `name`'s latest revision straight to the store, as it stands.
pub async fn revise(app: &TestApp, name: &str, problems: &str) {
    let w = workstream(app, name).await;
    let report = highlight_reports::Entity::find()
        .filter(highlight_reports::Column::WorkstreamId.eq(w.id))
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap();
    let latest = report_revisions::Entity::find()
        .filter(report_revisions::Column::ReportId.eq(report.id))
        .filter(report_revisions::Column::Number.eq(report.current_revision))
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap();
    let mut content: HighlightReportContent = from_json(&latest.content, "content").unwrap();
    let assessment: Assessment = from_json(&latest.assessment, "assessment").unwrap();
    content.problems = Some(problems.to_owned());
    highlight_store::reports::submit(
        &app.db.conn,
        report.try_into().expect("the report reads"),
        &content,
        &assessment,
        Some("Corrected after the pack was issued"),
        None,
        Utc::now(),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn an_issued_pack_does_not_change_when_a_report_is_revised_afterwards() {
    let app = demo_app().await;
    let mut pm = signed_in(&app, PM).await;
    let issued = pm
        .post_form(
            "/programmes/pioneer-somerset/packs",
            &[("meeting", ""), ("confirm", "yes")],
        )
        .await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
    let href = issued.location().unwrap().to_owned();
    let id = href.rsplit('/').next().unwrap().to_owned();
    let before_page = pm.get(&href).await;
    let before_docx = pm.get(&format!("{href}.docx")).await.body_bytes();
    let before_json = pm
        .get(&format!("/api/v1/programmes/pioneer-somerset/packs/{id}"))
        .await
        .json();
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("pack.issued"))
        .all(&app.db.conn)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1, "issuing is audited");
    assert_eq!(audit[0].entity_id, id);

    revise(&app, "Shared Services", "REVISED AFTER THE PACK WAS ISSUED").await;

    let live = pm.get(PACK).await;
    assert!(
        live.body.contains("REVISED AFTER THE PACK WAS ISSUED"),
        "the live pack shows the correction"
    );
    let after_page = pm.get(&href).await;
    assert_eq!(after_page.status, StatusCode::OK);
    assert!(
        !after_page
            .body
            .contains("REVISED AFTER THE PACK WAS ISSUED")
    );
    assert_eq!(
        article(&after_page.body),
        article(&before_page.body),
        "the issued page is exactly as it was"
    );
    assert_eq!(
        document_xml(&pm.get(&format!("{href}.docx")).await.body_bytes()),
        document_xml(&before_docx)
    );
    let after_json = pm
        .get(&format!("/api/v1/programmes/pioneer-somerset/packs/{id}"))
        .await
        .json();
    assert_eq!(after_json, before_json);
    assert_eq!(after_json["version"], 1);
}

/// The pack itself, without the page around it (whose CSRF token and name differ).
fn article(html: &str) -> &str {
    &html[html.find("<article").unwrap()..html.find("</article>").unwrap()]
}

#[tokio::test]
async fn a_stranger_is_refused_a_board_member_reads_but_cannot_issue_and_reissuing_makes_version_two()
 {
    let app = demo_app().await;
    app.add_user("stan@example.org", "Stan Stranger", false)
        .await;
    let mut stranger = app.signed_in("stan@example.org").await;
    for path in [
        PACK.to_owned(),
        format!("{PACK}.docx"),
        "/programmes/pioneer-somerset/packs".to_owned(),
        "/api/v1/programmes/pioneer-somerset/pack".to_owned(),
    ] {
        assert_eq!(
            stranger.get(&path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let mut board = signed_in(&app, BOARD).await;
    assert_eq!(board.get(PACK).await.status, StatusCode::OK);
    assert!(
        !board.get(PACK).await.body.contains("Issue this pack"),
        "no issue button for the board"
    );
    let refused = board
        .post_form(
            "/programmes/pioneer-somerset/packs",
            &[("meeting", "2026-11-23")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut pm = signed_in(&app, PM).await;
    assert!(pm.get(PACK).await.body.contains("Issue this pack"));
    let first = pm
        .post_form(
            "/programmes/pioneer-somerset/packs",
            &[("meeting", "2026-11-23"), ("confirm", "yes")],
        )
        .await;
    let first_href = first.location().unwrap().to_owned();
    let first_page = pm.get(&first_href).await;
    revise(
        &app,
        "Shared Services",
        "A correction between the two issues",
    )
    .await;
    let second = pm
        .post_form(
            "/programmes/pioneer-somerset/packs",
            &[("meeting", "2026-11-23"), ("confirm", "yes")],
        )
        .await;
    let second_href = second.location().unwrap().to_owned();
    assert_ne!(first_href, second_href, "a new version, not an overwrite");

    let list = board
        .get("/api/v1/programmes/pioneer-somerset/packs")
        .await
        .json();
    let versions: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, [2, 1]);
    assert_eq!(list[0]["issued_by"], "Claire Whitcombe");
    let list_page = board.get("/programmes/pioneer-somerset/packs").await;
    assert!(list_page.body.contains("23 November 2026"));
    assert!(list_page.body.contains(&first_href) && list_page.body.contains(&second_href));
    let second_page = board.get(&second_href).await;
    assert!(
        second_page
            .body
            .contains("A correction between the two issues")
    );
    assert!(
        second_page
            .body
            .contains("Issued version 2 by Claire Whitcombe")
    );
    let first_again = board.get(&first_href).await;
    assert!(
        !first_again
            .body
            .contains("A correction between the two issues")
    );
    assert!(
        first_again
            .body
            .contains("Issued version 1 by Claire Whitcombe")
    );
    assert_eq!(article(&first_again.body), article(&first_page.body));
    let bad = pm
        .post_form(
            "/programmes/pioneer-somerset/packs",
            &[("meeting", "23/11/2026")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_command_line_writes_the_pack_as_html_and_docx() {
    let app = demo_app().await;
    let dir = tempfile::tempdir().unwrap();
    for format in ["html", "docx"] {
        let out = dir.path().join(format!("pack.{format}"));
        let output = run(
            &[
                "export",
                "pack",
                "--programme",
                "pioneer-somerset",
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
                "--database-url",
                &app.db.url,
            ],
            &[],
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(String::from_utf8_lossy(&output.stdout).contains("9 workstreams"));
        let bytes = std::fs::read(&out).unwrap();
        if format == "html" {
            let html = String::from_utf8(bytes).unwrap();
            assert!(html.starts_with("<!DOCTYPE html>"));
            assert!(html.contains("<style>") && html.contains("@page"));
            assert!(!html.contains("/static/highlight.css"), "standalone");
            assert!(html.contains("Report not received"));
            assert!(!html.contains("Sign out"), "no navigation");
        } else {
            let xml = document_xml(&bytes);
            // The front sheet, the glance and the exceptions, 9 workstreams, actions and risks.
            assert_eq!(styled_paragraphs(&xml, "Heading2").len(), 3 + 9 + 2);
        }
    }
}

#[tokio::test]
async fn the_meeting_date_chooses_the_latest_period_due_on_or_before_it() {
    let app = demo_app().await;
    let mut board = signed_in(&app, BOARD).await;
    let due = reporting_periods::Entity::find()
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap()
        .due_date;

    let on_due = board
        .get(&format!(
            "/api/v1/programmes/pioneer-somerset/pack?meeting={due}"
        ))
        .await
        .json();
    let before = board
        .get(&format!(
            "/api/v1/programmes/pioneer-somerset/pack?meeting={}",
            due.pred_opt().unwrap()
        ))
        .await
        .json();

    assert_eq!(on_due["period"]["due_date"], due.to_string());
    assert_eq!(on_due["sections"].as_array().unwrap().len(), 9);
    assert!(before["period"].is_null(), "no period was due yet");
    assert!(before["sections"].as_array().unwrap().is_empty());
    let page = board
        .get(&format!("{PACK}?meeting={}", due.pred_opt().unwrap()))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("No reporting period was due on or before this meeting")
    );
}

/// Two board actions (one against a workstream with a due date, one for the
/// programme without), and the overdue workstream chased by a reminder that went.
async fn with_actions_and_a_reminder_sent(app: &TestApp) {
    use highlight_store::entities::board_actions;
    let customer_access = workstream(app, "Customer Access").await;
    let meeting = Utc::now().date_naive() - Duration::days(7);
    for (workstream_id, due_on) in [
        (Some(customer_access.id), Some(meeting + Duration::days(30))),
        (None, None),
    ] {
        board_actions::ActiveModel {
            programme_id: Set(customer_access.programme_id),
            workstream_id: Set(workstream_id),
            kind: Set("action".into()),
            meeting_on: Set(meeting),
            description: Set("Bring an exception report".into()),
            owner: Set("Karen Moss".into()),
            due_on: Set(due_on),
            resource_implications: Set(String::new()),
            status: Set("open".into()),
            created_at: Set(Utc::now()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&app.db.conn)
        .await
        .unwrap();
    }
    a_reminder_sent_to_karen(app, customer_access.id).await;
}

/// Removes, everywhere in `value`, the facts the pack model keeps beside its words: the
/// pack as it was frozen before they were kept.
fn without_facts(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for key in ["facts", "submitted_on", "lead_name"] {
                map.remove(key);
            }
            map.values_mut().for_each(without_facts);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(without_facts),
        _ => {}
    }
}

#[tokio::test]
async fn the_api_gives_the_same_pack_from_its_facts_and_from_a_pack_frozen_with_words_only() {
    // Arrange: the demo's pack issued, as the API shows it (from the facts).
    let app = demo_app().await;
    with_actions_and_a_reminder_sent(&app).await;
    let token = crate::support::http::api_token(&app, PM).await;
    let mut pm = app.with_token(&token);
    let issued = pm
        .send_body(
            "POST",
            "/api/v1/programmes/pioneer-somerset/packs",
            "application/json",
            "{}",
        )
        .await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.body);
    let id = issued.json()["id"].as_i64().unwrap();
    let issued_pack = &issued.json()["pack"];
    assert!(
        !issued_pack["actions"].as_array().unwrap().is_empty(),
        "{issued_pack}"
    );
    assert!(
        issued_pack["sections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| !s["reminders_sent"].as_array().unwrap().is_empty()),
        "a section lists the reminders sent"
    );
    let url = format!("/api/v1/programmes/pioneer-somerset/packs/{id}");
    let from_facts = pm.get(&url).await.json();
    let pack = &from_facts["pack"];
    assert!(!pack["actions"].as_array().unwrap().is_empty(), "{pack}");
    assert!(!pack["risks"].as_array().unwrap().is_empty(), "{pack}");
    let row = highlight_store::entities::issued_packs::Entity::find_by_id(id)
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap();
    assert!(
        row.content.contains("\"facts\""),
        "the frozen pack keeps its facts"
    );

    // Act: the same pack as frozen before the facts were kept.
    let mut words_only: serde_json::Value = serde_json::from_str(&row.content).unwrap();
    without_facts(&mut words_only);
    let mut old = highlight_store::entities::issued_packs::ActiveModel::from(row);
    old.content = Set(words_only.to_string());
    old.update(&app.db.conn).await.unwrap();
    let from_words = pm.get(&url).await;

    // Assert
    assert_eq!(from_words.status, StatusCode::OK, "{}", from_words.body);
    assert_eq!(from_words.json(), from_facts);
}

#[tokio::test]
async fn the_board_and_the_pack_say_the_same_of_every_workstream() {
    // Arrange: the demo, with one report corrected after it was reviewed (so the latest
    // revision is not the one the board first read).
    let app = demo_app().await;
    let token = crate::support::http::api_token(&app, BOARD).await;
    let lead_token =
        crate::support::http::api_token(&app, "rachel.dunstan@pioneer-somerset.example").await;
    let mut board_member = app.with_token(&token);
    let mut lead = app.with_token(&lead_token);
    let due = reporting_periods::Entity::find()
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap()
        .due_date;
    let report =
        format!("/api/v1/programmes/pioneer-somerset/workstreams/shared-services/reports/{due}");
    let reviewed = board_member
        .send_body(
            "POST",
            &format!("{report}/reviews"),
            "application/json",
            r#"{"comment": "Noted", "mark_reviewed": true}"#,
        )
        .await;
    assert!(reviewed.status.is_success(), "{}", reviewed.body);
    let read = lead.get(&report).await.json();
    let lock = read["working_copy"]["lock_version"].clone();
    let mut fields = read["working_copy"]["fields"].clone();
    for (k, v) in crate::pioneer::COMPLETE {
        fields[*k] = serde_json::json!(v);
    }
    let corrected = lead
        .send_body(
            "POST",
            &format!("{report}/corrections"),
            "application/json",
            &serde_json::json!({"lock_version": lock, "reason": "Spend corrected", "fields": fields})
                .to_string(),
        )
        .await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.body);

    // Act
    let board = board_member
        .get("/api/v1/programmes/pioneer-somerset/board")
        .await
        .json();
    let pack = board_member
        .get("/api/v1/programmes/pioneer-somerset/pack")
        .await
        .json();

    // Assert: per workstream, the same status, revision, overall RAG and exceptions.
    let rows = board["rows"].as_array().unwrap();
    let sections = pack["sections"].as_array().unwrap();
    assert_eq!(rows.len(), sections.len());
    let shared = rows
        .iter()
        .find(|r| r["workstream"] == "shared-services")
        .unwrap();
    assert_eq!(
        (shared["status"].as_str(), shared["revision"].as_i64()),
        (Some("submitted"), Some(2))
    );
    for row in rows {
        let name = row["workstream_name"].as_str().unwrap();
        let section = sections
            .iter()
            .find(|s| s["workstream"] == name)
            .unwrap_or_else(|| panic!("{name} has a section in the pack"));
        assert_eq!(row["status"], section["status"], "{name}: status");
        assert_eq!(
            row["revision"], section["report"]["revision"],
            "{name}: the revision both read"
        );
        assert_eq!(
            row["assessment"]["overall"]["rag"], section["report"]["assessment"]["rag"],
            "{name}: overall RAG"
        );
        let pack_exceptions = pack["exceptions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["workstream"] == name)
            .count();
        assert_eq!(
            row["exceptions"].as_array().unwrap().len(),
            pack_exceptions,
            "{name}: exceptions"
        );
    }
}
