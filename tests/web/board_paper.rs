//! The pack as a council's board paper: the PDF (draft and issued), the protective
//! marking on every page of every format, the programme's choice of order, the Word
//! document's front sheet, key proposals, repeating header rows and page numbers, and
//! the check before issuing.

use std::io::Read;

use axum::http::StatusCode;
use chrono::Utc;
use highlight_store::entities::{issued_packs, programmes, workstreams};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::pioneer::{BOARD_MEMBER, PROGRAMME_MANAGER as PM, demo_app, sign_in as signed_in};
use crate::support::http::{Client, TestApp};

const PACK: &str = "/programmes/pioneer-somerset/pack";
const PACKS: &str = "/programmes/pioneer-somerset/packs";
/// The opening of Strategic Leadership (Political)'s PID summary of key proposals.
const KEY_PROPOSAL: &str = "Defined vision for political leadership for Somerset";

/// Sets the demo programme's pack settings as stored values.
async fn set_pack_settings(app: &TestApp, marking: &str, order: &str) {
    let programme = programmes::Entity::find()
        .filter(programmes::Column::Slug.eq("pioneer-somerset"))
        .one(&app.db.conn)
        .await
        .unwrap()
        .expect("the demo programme");
    let mut active: programmes::ActiveModel = programme.into();
    active.protective_marking = Set(marking.to_owned());
    active.pack_order = Set(order.to_owned());
    active.update(&app.db.conn).await.unwrap();
}

fn part(docx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip file");
    let mut xml = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the Word document"))
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The text of every `<w:t>` of every part whose name starts with `prefix`.
fn parts_text(docx: &[u8], prefix: &str) -> String {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip file");
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with(prefix))
        .map(|n| n.into_owned())
        .collect();
    assert!(!names.is_empty(), "the Word document has {prefix}*");
    names
        .iter()
        .map(|n| roxmltree_text(&part(docx, n)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn roxmltree_text(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "t")
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("")
}

async fn issue(pm: &mut Client<'_>) -> String {
    let issued = pm
        .post_form(PACKS, &[("meeting", ""), ("confirm", "yes")])
        .await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
    issued.location().unwrap().to_owned()
}

#[tokio::test]
async fn the_pack_downloads_as_a_pdf_drafted_and_issued() {
    // Arrange
    let app = demo_app().await;
    let mut pm = signed_in(&app, PM).await;

    // Act
    let draft = pm.get(&format!("{PACK}.pdf")).await;
    let page = pm.get(PACK).await;
    let href = issue(&mut pm).await;
    let issued = pm.get(&format!("{href}.pdf")).await;
    let issued_page = pm.get(&href).await;

    // Assert
    for pdf in [&draft, &issued] {
        assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
        assert_eq!(pdf.content_type(), "application/pdf");
        assert!(pdf.body_bytes().starts_with(b"%PDF-"), "a PDF file");
    }
    assert!(
        draft
            .header("content-disposition")
            .is_some_and(|d| d.contains(".pdf")),
        "downloaded as a .pdf file"
    );
    assert!(
        page.body.contains(&format!("href=\"{PACK}.pdf?meeting")),
        "the pack page links to its PDF"
    );
    assert!(
        issued_page.body.contains(&format!("{href}.pdf")),
        "the issued pack links to its PDF"
    );
}

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdfinfo(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo runs (apt-get install poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
#[ignore = "needs pdftotext (poppler-utils)"]
async fn pdftotext_reads_the_front_sheet_contents_page_numbers_marking_and_key_proposals() {
    // Arrange
    let app = demo_app().await;
    set_pack_settings(&app, "official_sensitive", "exceptions_first").await;
    let mut pm = signed_in(&app, PM).await;

    // Act
    let pdf = pm.get(&format!("{PACK}.pdf")).await.body_bytes();

    // Assert: the words, page by page.
    let text = pdftotext(&pdf);
    for expected in [
        "Front sheet",
        "Purpose",
        "The board is asked to",
        "Author",
        "Contents",
        "Status at a glance",
        "Exceptions",
        "Key proposals",
        KEY_PROPOSAL,
        "Report not received",
        "Page 1 of",
        "Illustrative:",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() > 3, "a pack of several pages: {}", pages.len());
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("OFFICIAL-SENSITIVE"),
            "the marking on page {}:\n{page}",
            i + 1
        );
        assert!(
            page.contains(&format!("Page {} of {}", i + 1, pages.len())),
            "page {} numbered:\n{page}",
            i + 1
        );
        assert!(
            page.contains("Draft"),
            "the draft says so on page {}",
            i + 1
        );
    }
    // Tagged: a structure tree, in British English.
    let info = pdfinfo(&pdf);
    assert!(info.contains("Tagged:          yes"), "{info}");
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("/StructTreeRoot"), "a structure tree");
    assert!(raw.contains("/Lang(en-GB)"), "the document's language");
}

#[tokio::test]
async fn a_marking_set_on_the_programme_is_on_the_pack_page_and_every_word_header_and_footer() {
    // Arrange
    let app = demo_app().await;
    set_pack_settings(&app, "official", "exceptions_first").await;
    let mut pm = signed_in(&app, PM).await;

    // Act
    let page = pm.get(PACK).await;
    let docx = pm.get(&format!("{PACK}.docx")).await.body_bytes();

    // Assert
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(
        page.body.matches("class=\"pack-marking").count(),
        2,
        "the marking heads and foots the pack page"
    );
    assert!(page.body.contains(">OFFICIAL</p>"));
    let headers = parts_text(&docx, "word/header");
    let footers = parts_text(&docx, "word/footer");
    assert!(headers.contains("OFFICIAL"), "{headers}");
    assert!(footers.contains("OFFICIAL"), "{footers}");
    assert!(headers.contains("Pioneer Somerset"), "{headers}");
    assert!(footers.contains("Draft"), "{footers}");
    let footer_xml = part(&docx, "word/footer1.xml");
    assert!(footer_xml.contains(">PAGE<") && footer_xml.contains(">NUMPAGES<"));
}

#[tokio::test]
async fn an_unmarked_programme_prints_no_marking() {
    // Arrange
    let app = demo_app().await;
    let mut pm = signed_in(&app, PM).await;

    // Act
    let page = pm.get(PACK).await;
    let docx = pm.get(&format!("{PACK}.docx")).await.body_bytes();

    // Assert
    assert!(!page.body.contains("class=\"pack-marking"));
    assert!(!parts_text(&docx, "word/header").contains("OFFICIAL"));
}

#[tokio::test]
async fn the_word_pack_has_a_front_sheet_key_proposals_and_repeating_header_rows() {
    // Arrange
    let app = demo_app().await;
    let mut pm = signed_in(&app, PM).await;

    // Act
    let docx = pm.get(&format!("{PACK}.docx")).await.body_bytes();

    // Assert
    let xml = part(&docx, "word/document.xml");
    let text = roxmltree_text(&xml);
    for expected in [
        "Front sheet",
        "The board is asked to",
        "Author",
        "Key proposals (from the PID)",
        KEY_PROPOSAL,
    ] {
        assert!(text.contains(expected), "{expected:?} in the Word pack");
    }
    assert!(xml.contains("w:val=\"Heading1\"") && xml.contains("w:val=\"Heading2\""));
    let tables = xml.matches("<w:tbl>").count();
    assert!(tables > 2, "the pack has tables");
    assert_eq!(
        xml.matches("<w:tblHeader />").count(),
        tables,
        "every table's header row repeats"
    );
}

/// The workstream names of the pack page's sections, in order.
fn section_names(html: &str) -> Vec<String> {
    html.split("<section class=\"pack-section\" id=\"workstream-")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_owned())
        .collect()
}

#[tokio::test]
async fn the_programme_order_puts_the_workstreams_in_their_set_up_order() {
    // Arrange: positions in reverse alphabetical order.
    let app = demo_app().await;
    let all = workstreams::Entity::find().all(&app.db.conn).await.unwrap();
    let mut slugs: Vec<String> = all.iter().map(|w| w.slug.clone()).collect();
    slugs.sort();
    slugs.reverse();
    for w in all {
        let position = slugs.iter().position(|s| *s == w.slug).unwrap();
        let mut active: workstreams::ActiveModel = w.into();
        active.position = Set(i32::try_from(position).unwrap());
        active.update(&app.db.conn).await.unwrap();
    }
    let mut pm = signed_in(&app, PM).await;
    let exceptions_first = section_names(&pm.get(PACK).await.body);

    // Act
    set_pack_settings(&app, "none", "programme").await;
    let programme_order = section_names(&pm.get(PACK).await.body);

    // Assert
    assert_eq!(programme_order, slugs, "the programme's own order");
    assert_ne!(exceptions_first, slugs, "by default exceptions come first");
}

#[tokio::test]
async fn issuing_from_the_page_asks_to_check_first_and_issues_only_when_confirmed() {
    // Arrange
    let app = demo_app().await;
    let mut pm = signed_in(&app, PM).await;
    let count = || issued_packs::Entity::find().count(&app.db.conn);

    // Act
    let check = pm.post_form(PACKS, &[("meeting", "")]).await;
    let after_check = count().await.unwrap();
    let confirmed = pm
        .post_form(PACKS, &[("meeting", ""), ("confirm", "yes")])
        .await;

    // Assert
    assert_eq!(check.status, StatusCode::OK, "{}", check.body);
    assert!(check.body.contains("Check before you issue"));
    assert!(check.body.contains("This will be version 1"));
    assert!(check.body.contains("name=\"confirm\" value=\"yes\""));
    assert!(!check.body.contains("is in the past"));
    assert_eq!(after_check, 0, "the check issues nothing");
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    assert_eq!(count().await.unwrap(), 1);
}

#[tokio::test]
async fn issuing_for_a_meeting_in_the_past_warns_first() {
    // Arrange
    let app = demo_app().await;
    let mut pm = signed_in(&app, PM).await;
    let past = Utc::now().date_naive() - chrono::Duration::days(30);

    // Act
    let check = pm.post_form(PACKS, &[("meeting", &past.to_string())]).await;

    // Assert
    assert_eq!(check.status, StatusCode::OK, "{}", check.body);
    let warning = format!(
        "The meeting date {} is in the past. Issue anyway?",
        past.format("%-d %B %Y")
    );
    assert!(check.body.contains(&warning), "{}", check.body);
    assert!(check.body.contains(">Issue anyway</button>"));
    assert_eq!(
        issued_packs::Entity::find()
            .count(&app.db.conn)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn a_board_member_cannot_reach_the_check_before_issuing() {
    // Arrange
    let app = demo_app().await;
    let mut board = signed_in(&app, BOARD_MEMBER).await;

    // Act
    let check = board.post_form(PACKS, &[("meeting", "")]).await;

    // Assert
    assert_eq!(check.status, StatusCode::FORBIDDEN, "{}", check.body);
}

#[tokio::test]
async fn the_api_pack_gives_the_marking_the_order_and_each_pids_key_proposals() {
    // Arrange
    let app = demo_app().await;
    set_pack_settings(&app, "official", "programme").await;
    let mut pm = signed_in(&app, PM).await;

    // Act
    let pack = pm
        .get("/api/v1/programmes/pioneer-somerset/pack")
        .await
        .json();

    // Assert
    assert_eq!(pack["protective_marking"], "official");
    assert_eq!(pack["order"], "programme");
    let sections = pack["sections"].as_array().unwrap();
    let leadership = sections
        .iter()
        .find(|s| s["workstream"] == "Strategic Leadership (Political)")
        .expect("the workstream's section");
    assert!(
        leadership["key_proposals"]
            .as_str()
            .is_some_and(|k| k.starts_with(KEY_PROPOSAL)),
        "{leadership}"
    );
}
