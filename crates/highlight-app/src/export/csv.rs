//! The CSV writer: a heading row, then one line per row; dates as YYYY-MM-DD and money
//! as plain numbers, so any spreadsheet reads them as such.

use super::ExportRow;
use super::columns::{COLUMNS, Cell};

pub fn write(rows: &[ExportRow]) -> anyhow::Result<Vec<u8>> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS.iter().map(|c| c.heading))?;
    for row in rows {
        writer.write_record(COLUMNS.iter().map(|c| match (c.read)(row) {
            Cell::Empty => String::new(),
            Cell::Text(s) => s,
            Cell::Integer(n) => n.to_string(),
            Cell::Pounds(p) => format!("{p:.2}"),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }))?;
    }
    Ok(writer.into_inner()?)
}
