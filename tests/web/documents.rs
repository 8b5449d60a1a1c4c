//! Documents no input can break: whatever text a report, a workstream's name or a row
//! stored long ago holds, the Word pack opens (its XML parses with a strict parser),
//! the CSV export starts no cell with a formula character, and the XLSX export reads
//! back with the same text, as cleaned at the boundary.

use std::cell::RefCell;
use std::io::Read;

use axum::http::StatusCode;
use calamine::{Reader, Xlsx};
use highlight_store::entities::issued_packs;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::json;

use crate::pioneer::*;
use crate::support::http::TestApp;

const PACK: &str = "/programmes/pioneer-somerset/pack";
const EXPORT: &str = "/programmes/pioneer-somerset/export/reports";
const RANGE: &str = "from=2000-01-01&to=2100-12-31";

/// Every XML part of a Word document, parsed with a strict XML 1.0 parser: the error
/// names the part and what the parser found.
fn parse_docx(docx: &[u8]) -> Result<(), String> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(docx)).map_err(|e| format!("not a zip: {e}"))?;
    let names: Vec<String> = (0..archive.len())
        .filter_map(|i| {
            archive
                .name_for_index(i)
                .and_then(Result::ok)
                .map(|n| n.into_owned())
        })
        .collect();
    if !names.iter().any(|n| n == "word/document.xml") {
        return Err("no word/document.xml".into());
    }
    for name in names
        .iter()
        .filter(|n| n.ends_with(".xml") || n.ends_with(".rels"))
    {
        let mut xml = String::new();
        archive
            .by_name(name)
            .map_err(|e| format!("{name}: {e}"))?
            .read_to_string(&mut xml)
            .map_err(|e| format!("{name}: {e}"))?;
        roxmltree::Document::parse(&xml).map_err(|e| format!("{name} is not XML: {e}"))?;
    }
    Ok(())
}

/// The text of every `<w:t>` of the document, as a strict parser reads it (a manual
/// line break, `<w:br/>`, as a line break).
fn docx_text(docx: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("document.xml parses");
    doc.descendants()
        .filter_map(|n| match n.tag_name().name() {
            "t" => n.text(),
            "br" => Some("\n"),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("")
}

/// The characters a spreadsheet reads as the start of a formula (OWASP's list).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// How a text cell reads in the CSV export: as cleaned, behind a single quote when a
/// spreadsheet would otherwise take it for a formula.
fn csv_cell(cleaned: &str) -> String {
    if cleaned.starts_with(FORMULA_STARTS) {
        format!("'{cleaned}")
    } else {
        cleaned.to_owned()
    }
}

/// The CSV's cells that could be read as a formula (a number of ours, such as an
/// underspend of -1200.00, is a number, not a formula).
fn formula_cells(csv_text: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes());
    reader
        .records()
        .flat_map(|r| {
            r.expect("the CSV reads")
                .iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|cell| cell.starts_with(FORMULA_STARTS) && cell.parse::<f64>().is_err())
        .collect()
}

/// The CSV's row for `workstream` as column → value.
fn csv_row(csv_text: &str, workstream: &str) -> Option<Vec<(String, String)>> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headings: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let col = headings.iter().position(|h| h == "Workstream").unwrap();
    reader.records().map(Result::unwrap).find_map(|r| {
        (r.get(col) == Some(workstream)).then(|| {
            headings
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
    })
}

/// The XLSX's row for `workstream` as column → text.
fn xlsx_row(bytes: Vec<u8>, workstream: &str) -> Option<Vec<(String, String)>> {
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens as XLSX");
    let sheet = workbook.worksheet_range("Highlight reports").unwrap();
    let mut rows = sheet.rows();
    let headings: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let col = headings.iter().position(|h| h == "Workstream").unwrap();
    rows.find(|r| r[col] == workstream).map(|r| {
        headings
            .iter()
            .cloned()
            .zip(r.iter().map(|c| c.to_string()))
            .collect()
    })
}

fn value<'a>(row: &'a [(String, String)], column: &str) -> &'a str {
    &row.iter()
        .find(|(h, _)| h == column)
        .unwrap_or_else(|| panic!("column {column}"))
        .1
}

/// Whether a 422 names `field` among its fields.
fn names_field(body: &serde_json::Value, field: &str) -> bool {
    body["error"]["fields"]
        .as_array()
        .is_some_and(|f| f.iter().any(|f| f["field"] == field))
}

#[test]
fn whatever_text_a_report_or_a_name_holds_the_pack_opens_and_the_exports_read_back_safely() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // Arrange: the demo, Customer Access's report submitted once so it can be corrected.
    let app = rt.block_on(demo_app());
    let (lead, manager, board) = rt.block_on(async {
        (
            token_for(&app, CUSTOMER_ACCESS_LEAD).await,
            token_for(&app, PROGRAMME_MANAGER).await,
            token_for(&app, BOARD_MEMBER).await,
        )
    });
    let url = rt.block_on(async {
        format!(
            "/api/v1/programmes/{PROGRAMME}/workstreams/customer-access/reports/{}",
            due(&app).await
        )
    });
    let (lock, complete) = rt.block_on(submit_once(&app, &lead, &url));
    let lock = RefCell::new(lock);
    let workstream_url = format!("/api/v1/programmes/{PROGRAMME}/workstreams/customer-access");
    let name = RefCell::new("Customer Access".to_owned());
    let cookies = rt.block_on(sign_in(&app, BOARD_MEMBER)).cookies;

    let mut runner = TestRunner::new(Config {
        cases: 32,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        highlight_domain::strategies::hostile_text(),
        highlight_domain::strategies::hostile_text(),
    );
    let result = runner.run(&strategy, |(problems, new_name)| {
        rt.block_on(async {
            // Act: the lead corrects the report with the text; the manager renames the
            // workstream with the other.
            let mut fields = complete.clone();
            fields["problems"] = json!(problems);
            let corrected = api(
                &app,
                Some(&lead),
                "POST",
                &format!("{url}/corrections"),
                Some(json!({"lock_version": *lock.borrow(), "reason": "Property test", "fields": fields})),
            )
            .await;
            let renamed = api(
                &app,
                Some(&manager),
                "PATCH",
                &workstream_url,
                Some(json!({ "name": new_name })),
            )
            .await;

            // (What the app now holds, whatever the assertions below say of it.)
            if corrected.status == StatusCode::OK {
                *lock.borrow_mut() = corrected.json()["working_copy"]["lock_version"]
                    .as_i64()
                    .unwrap();
            }
            if renamed.status == StatusCode::OK {
                *name.borrow_mut() = renamed.json()["name"].as_str().unwrap().to_owned();
            }

            // Assert: NUL is refused naming the field; anything else is accepted,
            // cleaned once.
            if problems.contains('\0') {
                prop_assert_eq!(corrected.status, StatusCode::UNPROCESSABLE_ENTITY);
                prop_assert!(names_field(&corrected.json(), "fields.problems"), "{}", corrected.body);
            } else {
                prop_assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.body);
                let stored = corrected.json()["revision"]["content"]["problems"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                prop_assert_eq!(&stored, &highlight_domain::text::normalise(&problems));
            }
            if new_name.contains('\0') {
                prop_assert_eq!(renamed.status, StatusCode::UNPROCESSABLE_ENTITY);
                prop_assert!(names_field(&renamed.json(), "name"), "{}", renamed.body);
            } else if renamed.status == StatusCode::OK {
                prop_assert_eq!(&*name.borrow(), &highlight_domain::text::normalise(&new_name));
            } else {
                // A name that is blank once cleaned, or another workstream's, is refused.
                prop_assert_eq!(renamed.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", renamed.body);
            }
            let expected_problems = api(&app, Some(&board), "GET", &url, None).await.json()
                ["revision"]["content"]["problems"]
                .as_str()
                .unwrap_or_default()
                .to_owned();

            let name = name.borrow().clone();
            let mut reader = app.anonymous();
            reader.cookies = cookies.clone();
            let docx = reader.get(&format!("{PACK}.docx")).await;
            prop_assert_eq!(docx.status, StatusCode::OK);
            let parsed = parse_docx(&docx.body_bytes());
            prop_assert!(parsed.is_ok(), "the Word pack does not parse: {:?}", parsed);
            let pdf = reader.get(&format!("{PACK}.pdf")).await;
            prop_assert_eq!(pdf.status, StatusCode::OK, "the PDF pack: {}", pdf.body);
            prop_assert!(pdf.body_bytes().starts_with(b"%PDF-"), "the PDF pack is a PDF");

            let csv = reader.get(&format!("{EXPORT}.csv?{RANGE}")).await;
            prop_assert_eq!(csv.status, StatusCode::OK);
            let formulas = formula_cells(&csv.body);
            prop_assert!(formulas.is_empty(), "cells a spreadsheet reads as formulas: {:?}", formulas);
            let row = csv_row(&csv.body, &csv_cell(&name));
            prop_assert!(row.is_some(), "no CSV row for {:?}", name);
            let row = row.unwrap();
            prop_assert_eq!(
                value(&row, "Actual or potential problems"),
                csv_cell(&expected_problems)
            );

            let xlsx = reader.get(&format!("{EXPORT}.xlsx?{RANGE}")).await;
            prop_assert_eq!(xlsx.status, StatusCode::OK);
            let row = xlsx_row(xlsx.body_bytes(), &name);
            prop_assert!(row.is_some(), "no XLSX row for {:?}", name);
            let row = row.unwrap();
            prop_assert_eq!(
                value(&row, "Actual or potential problems"),
                expected_problems.as_str()
            );
            Ok(())
        })
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Submits Customer Access's report once, completed; its lock version after, and its
/// fields.
async fn submit_once(app: &TestApp, lead: &str, url: &str) -> (i64, serde_json::Value) {
    let read = api(app, Some(lead), "GET", url, None).await.json();
    let lock = read["working_copy"]["lock_version"].as_i64().unwrap();
    let mut fields = read["working_copy"]["fields"].clone();
    for (k, v) in COMPLETE {
        fields[*k] = json!(v);
    }
    let submitted = api(
        app,
        Some(lead),
        "POST",
        &format!("{url}/submit"),
        Some(json!({"lock_version": lock, "fields": fields})),
    )
    .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    let lock = submitted.json()["working_copy"]["lock_version"]
        .as_i64()
        .unwrap();
    (lock, fields)
}

#[tokio::test]
async fn an_issued_pack_whose_stored_text_holds_a_vertical_tab_still_opens_in_word() {
    // Arrange: a pack issued, then its frozen JSON as a pack issued before text was
    // cleaned would hold it: Word's manual line break and a NUL in the programme's name.
    let app = demo_app().await;
    let mut pm = sign_in(&app, PROGRAMME_MANAGER).await;
    let issued = pm
        .post_form(
            "/programmes/pioneer-somerset/packs",
            &[("meeting", ""), ("confirm", "yes")],
        )
        .await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
    let href = issued.location().unwrap().to_owned();
    let id: i64 = href.rsplit('/').next().unwrap().parse().unwrap();
    let row = issued_packs::Entity::find_by_id(id)
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap();
    assert!(row.content.contains("Pioneer Somerset"));
    let damaged = row
        .content
        .replace("Pioneer Somerset", "Pioneer\\u000bSomerset\\u0007\\ufffe");
    let mut active = row.into_active_model();
    active.content = Set(damaged);
    active.update(&app.db.conn).await.unwrap();

    // Act
    let docx = pm.get(&format!("{href}.docx")).await;

    // Assert: it parses, and the line break reads as one.
    assert_eq!(docx.status, StatusCode::OK, "{}", docx.body);
    let bytes = docx.body_bytes();
    parse_docx(&bytes).expect("the issued pack's Word document parses");
    assert!(docx_text(&bytes).contains("Pioneer\nSomerset: programme board pack"));
}

#[tokio::test]
async fn a_report_stored_before_text_was_cleaned_still_gives_a_pack_that_opens() {
    // Arrange: Shared Services' latest revision as an old row holds it, written straight
    // to the store: a vertical tab, a form feed and an escape in its problems.
    let app = demo_app().await;
    crate::pack::revise(
        &app,
        "Shared Services",
        "Councils meet\u{0b}on 3 December\u{0c}\u{1b}[0m",
    )
    .await;
    let mut board = sign_in(&app, BOARD_MEMBER).await;

    // Act
    let docx = board.get(&format!("{PACK}.docx")).await;

    // Assert
    assert_eq!(docx.status, StatusCode::OK);
    let bytes = docx.body_bytes();
    parse_docx(&bytes).expect("the live pack's Word document parses");
    assert!(docx_text(&bytes).contains("Councils meet\non 3 December"));
}

#[tokio::test]
async fn a_board_comment_is_cleaned_at_the_boundary_like_every_other_text() {
    // Arrange
    let app = demo_app().await;
    let board = token_for(&app, BOARD_MEMBER).await;
    let url = format!(
        "/api/v1/programmes/{PROGRAMME}/workstreams/shared-services/reports/{}/reviews",
        due(&app).await
    );

    // Act: pasted from Word, with its manual line break and a stray bell.
    let reviewed = api(
        &app,
        Some(&board),
        "POST",
        &url,
        Some(json!({"comment": "  Noted\u{0b}with thanks\u{7}  \r\n"})),
    )
    .await;

    // Assert
    assert_eq!(reviewed.status, StatusCode::OK, "{}", reviewed.body);
    assert_eq!(reviewed.json()["comments"][0]["body"], "Noted\nwith thanks");
}

/// Converts `docx` to PDF with LibreOffice (a profile of its own, so parallel runs do
/// not share one) and returns the PDF's text.
fn libreoffice_pdf_text(docx: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("pack.docx");
    std::fs::write(&input, docx).unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let converted = std::process::Command::new("soffice")
        .args([
            &profile,
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&input)
        .output()
        .expect("LibreOffice's soffice runs (apt-get install libreoffice-writer-nogui)");
    let pdf = dir.path().join("pack.pdf");
    assert!(
        converted.status.success() && pdf.exists(),
        "LibreOffice could not convert the pack: {}{}",
        String::from_utf8_lossy(&converted.stdout),
        String::from_utf8_lossy(&converted.stderr)
    );
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    String::from_utf8_lossy(&text.stdout).into_owned()
}

#[tokio::test]
#[ignore = "needs LibreOffice and pdftotext: .ci/run installs them and runs it"]
async fn libreoffice_opens_a_pack_whose_report_was_typed_with_control_characters() {
    // Arrange: Customer Access's report corrected with what Word pastes (a manual line
    // break, a vertical tab) and other C0 controls in its problems.
    let app = demo_app().await;
    let lead = token_for(&app, CUSTOMER_ACCESS_LEAD).await;
    let url = format!(
        "/api/v1/programmes/{PROGRAMME}/workstreams/customer-access/reports/{}",
        due(&app).await
    );
    let (lock, mut fields) = submit_once(&app, &lead, &url).await;
    fields["problems"] = json!("Staffing\u{b}gap in\u{c} the contact\u{1}centre\u{7}");
    let corrected = api(
        &app,
        Some(&lead),
        "POST",
        &format!("{url}/corrections"),
        Some(json!({"lock_version": lock, "reason": "Pasted from Word", "fields": fields})),
    )
    .await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.body);
    let mut pm = sign_in(&app, PROGRAMME_MANAGER).await;

    // Act
    let docx = pm.get(&format!("{PACK}.docx")).await;

    // Assert: LibreOffice converts it, and the report's words are in the PDF.
    assert_eq!(docx.status, StatusCode::OK, "{}", docx.body);
    let text = libreoffice_pdf_text(&docx.body_bytes());
    assert!(text.contains("Pioneer Somerset"), "{text}");
    assert!(text.contains("Staffing"), "{text}");
    assert!(text.contains("centre"), "{text}");
}
