//! Exports of a programme's reports and statuses: one row per workstream per period,
//! every field of the latest submitted revision, for spreadsheets and other systems.
//!
//! The columns are defined once ([`columns::COLUMNS`]) and both writers (CSV and XLSX)
//! walk the same table, so the two formats cannot drift apart. Money is written as a
//! number of pounds, dates as dates (typed cells in XLSX, ISO dates in CSV). Drafts are
//! never exported: a period without a submitted report says so in its `status`.

pub mod columns;
pub mod csv;
pub mod range;
pub mod rows;
pub mod xlsx;

pub use rows::{ExportRow, report_rows};

/// The two spreadsheet formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }

    pub fn write(self, rows: &[ExportRow]) -> anyhow::Result<Vec<u8>> {
        match self {
            Self::Csv => csv::write(rows),
            Self::Xlsx => xlsx::write(rows),
        }
    }
}
