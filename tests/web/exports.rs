//! Exports of reports and statuses: CSV and XLSX read back with the same rows and typed
//! cells, from the pages, the API and the command line.

use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use chrono::{NaiveDate, Utc};
use highlight_web::demo::{self, DEMO_PASSWORD};

use crate::support::http::TestApp;
use crate::support::process::run;

const RANGE: &str = "from=2000-01-01&to=2100-12-31";

async fn demo_app() -> TestApp {
    let app = TestApp::new().await;
    demo::load_if_empty(&app.db.conn, Utc::now())
        .await
        .expect("demo loads");
    app
}

#[tokio::test]
async fn the_csv_export_has_a_row_per_workstream_per_period_with_numbers_and_dates() {
    let app = demo_app().await;
    let mut board = app.anonymous();
    board
        .sign_in("richard.ashworth@pioneer-somerset.example", DEMO_PASSWORD)
        .await;

    let response = board
        .get(&format!(
            "/programmes/pioneer-somerset/export/reports.csv?{RANGE}"
        ))
        .await;

    assert_eq!(response.status, StatusCode::OK);
    assert!(response.content_type().starts_with("text/csv"));
    assert!(
        response
            .header("content-disposition")
            .unwrap()
            .contains("pioneer-somerset-reports-")
    );
    let mut reader = csv::Reader::from_reader(response.body.as_bytes());
    let headings: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 9, "nine workstreams, one period");
    let col = |name: &str| {
        headings
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("column {name}"))
    };
    let shared = rows
        .iter()
        .find(|r| &r[col("Workstream")] == "Shared Services")
        .unwrap();
    assert_eq!(&shared[col("Report status")], "Submitted");
    assert!(
        shared[col("Spend to date (£)")].parse::<f64>().is_ok(),
        "money is a number"
    );
    NaiveDate::parse_from_str(&shared[col("Due date")], "%Y-%m-%d").expect("dates are ISO dates");
    let access = rows
        .iter()
        .find(|r| &r[col("Workstream")] == "Customer Access")
        .unwrap();
    assert_eq!(&access[col("Report status")], "Overdue");
    assert_eq!(
        &access[col("Actual or potential problems")],
        "",
        "a draft's words are never exported"
    );
    assert!(
        !response
            .body
            .contains("No discussion has yet to take place"),
        "not even in another column"
    );
}

#[tokio::test]
async fn the_xlsx_export_reads_back_with_the_same_rows_and_typed_cells() {
    let app = demo_app().await;
    let mut board = app.anonymous();
    board
        .sign_in("richard.ashworth@pioneer-somerset.example", DEMO_PASSWORD)
        .await;
    let csv_rows = csv::Reader::from_reader(
        board
            .get(&format!(
                "/programmes/pioneer-somerset/export/reports.csv?{RANGE}"
            ))
            .await
            .body
            .as_bytes(),
    )
    .records()
    .count();

    let response = board
        .get(&format!(
            "/programmes/pioneer-somerset/export/reports.xlsx?{RANGE}"
        ))
        .await;

    assert_eq!(response.status, StatusCode::OK);
    let bytes = response.body_bytes();
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens as XLSX");
    let sheet = workbook
        .worksheet_range("Highlight reports")
        .expect("the sheet");
    let mut rows = sheet.rows();
    let headings: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let data: Vec<&[Data]> = rows.collect();
    assert_eq!(data.len(), csv_rows, "the same rows as the CSV");
    let col = |name: &str| headings.iter().position(|h| h == name).unwrap();
    let shared = data
        .iter()
        .find(|r| r[col("Workstream")] == Data::String("Shared Services".into()))
        .unwrap();
    assert!(
        matches!(shared[col("Due date")], Data::DateTime(_)),
        "a date cell: {:?}",
        shared[col("Due date")]
    );
    assert!(
        matches!(shared[col("Spend to date (£)")], Data::Float(_)),
        "a number cell"
    );
    assert!(matches!(shared[col("Revision")], Data::Float(n) if n == 1.0));
}

#[tokio::test]
async fn the_export_is_refused_to_someone_without_a_role_and_checks_its_dates() {
    let app = demo_app().await;
    app.add_user("stan@example.org", "Stan Stranger", false)
        .await;
    let mut stranger = app.signed_in("stan@example.org").await;
    let refused = stranger
        .get("/programmes/pioneer-somerset/export/reports.csv")
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut board = app.anonymous();
    board
        .sign_in("richard.ashworth@pioneer-somerset.example", DEMO_PASSWORD)
        .await;
    let bad = board
        .get("/api/v1/programmes/pioneer-somerset/exports/reports?from=22/11/2026")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["error"]["fields"][0]["field"], "from");
}

#[tokio::test]
async fn the_api_returns_the_same_rows_as_json() {
    let app = demo_app().await;
    let mut board = app.anonymous();
    board
        .sign_in("richard.ashworth@pioneer-somerset.example", DEMO_PASSWORD)
        .await;
    let response = board
        .get(&format!(
            "/api/v1/programmes/pioneer-somerset/exports/reports?{RANGE}"
        ))
        .await;
    assert_eq!(response.status, StatusCode::OK);
    let rows = response.json();
    assert_eq!(rows.as_array().unwrap().len(), 9);
    let esp = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["workstream"] == "Enhanced Strategic Partnership")
        .unwrap();
    assert_eq!(esp["assessment"]["rag"], "red");
}

#[tokio::test]
async fn the_command_line_writes_the_export_to_a_file() {
    let app = demo_app().await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports.xlsx");
    let output = run(
        &[
            "export",
            "reports",
            "--programme",
            "pioneer-somerset",
            "--from",
            "2000-01-01",
            "--to",
            "2100-12-31",
            "--format",
            "xlsx",
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
    assert!(String::from_utf8_lossy(&output.stdout).contains("Wrote 9 rows"));
    let mut workbook: Xlsx<_> = calamine::open_workbook(&out).expect("an XLSX file");
    assert_eq!(
        workbook
            .worksheet_range("Highlight reports")
            .unwrap()
            .rows()
            .count(),
        10
    );

    let unknown = run(
        &[
            "export",
            "reports",
            "--programme",
            "nope",
            "--format",
            "csv",
            "--out",
            "x.csv",
            "--database-url",
            &app.db.url,
        ],
        &[],
    );
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("there is no programme \"nope\""));
}
