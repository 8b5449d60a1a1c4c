//! The XLSX writer: typed cells (numbers, dates with a date format, text), a bold frozen
//! heading row and an autofilter, so the sheet is ready to sort and filter.

use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use super::ExportRow;
use super::columns::{COLUMNS, Cell};

pub fn write(rows: &[ExportRow]) -> anyhow::Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Highlight reports")?;
    let heading = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let date = Format::new().set_num_format("dd mmm yyyy");
    let pounds = Format::new().set_num_format("£#,##0.00");
    let wrapped = Format::new().set_text_wrap().set_align(FormatAlign::Top);

    for (c, column) in COLUMNS.iter().enumerate() {
        let c = u16::try_from(c)?;
        sheet.write_string_with_format(0, c, column.heading, &heading)?;
        sheet.set_column_width(c, 18)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1)?;
        for (c, column) in COLUMNS.iter().enumerate() {
            let c = u16::try_from(c)?;
            match (column.read)(row) {
                Cell::Empty => {}
                Cell::Text(s) => {
                    // Text is written as text: a cell that begins with `=` is never
                    // taken for a formula.
                    sheet.write_string_with_format(r, c, s, &wrapped)?;
                }
                Cell::Integer(n) => {
                    sheet.write_number(r, c, n as f64)?;
                }
                Cell::Pounds(p) => {
                    sheet.write_number_with_format(r, c, p, &pounds)?;
                }
                Cell::Date(d) => {
                    sheet.write_date_with_format(r, c, d, &date)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_column = u16::try_from(COLUMNS.len().saturating_sub(1))?;
    sheet.autofilter(0, 0, u32::try_from(rows.len())?, last_column)?;
    Ok(workbook.save_to_buffer()?)
}
