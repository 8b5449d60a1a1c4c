//! The CSV writer: a heading row, then one line per row; dates as YYYY-MM-DD and money
//! as plain numbers, so any spreadsheet reads them as such.
//!
//! Text is what people typed (report fields, workstream names from a CSV import), and
//! a spreadsheet opening a CSV runs a cell that begins like a formula
//! (`=HYPERLINK(...)`): every text cell that begins with `=`, `+`, `-`, `@`, a tab or a
//! carriage return is written behind a single quote, as OWASP's advice on CSV
//! injection says. Numbers and dates are ours and written as they are (an underspend
//! of -1200.00 stays a number). The XLSX writer needs none of this: its text cells are
//! typed as text and never evaluated.

use std::borrow::Cow;

use super::ExportRow;
use super::columns::{COLUMNS, Cell};

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell a spreadsheet shows as text, never runs.
fn neutralised(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

pub fn write(rows: &[ExportRow]) -> anyhow::Result<Vec<u8>> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS.iter().map(|c| c.heading))?;
    for row in rows {
        writer.write_record(COLUMNS.iter().map(|c| match (c.read)(row) {
            Cell::Empty => String::new(),
            Cell::Text(s) => neutralised(&s).into_owned(),
            Cell::Integer(n) => n.to_string(),
            Cell::Pounds(p) => format!("{p:.2}"),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }))?;
    }
    Ok(writer.into_inner()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_begins_like_a_formula_is_written_behind_a_quote() {
        for formula in [
            "=HYPERLINK(\"http://example.test\",\"x\")",
            "+1",
            "-1+2",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(neutralised(formula), format!("'{formula}"));
        }
        assert_eq!(neutralised("Shared Services"), "Shared Services");
        assert_eq!(neutralised("a = b"), "a = b");
    }
}
