//! The board pack as a Word document, the form committee papers are filed in.
//!
//! Built with docx-rs from the same [`BoardPack`] as the HTML page: real heading styles
//! (Heading 1–3, so Word's navigation pane and LibreOffice's navigator list them), a
//! table for the status matrix, a table per report's status grid and tolerance
//! situation, the report's fields as headed paragraphs, and a page break before each
//! workstream. Every table has an explicit grid (LibreOffice collapses tables without
//! one) and the page is A4. Every piece of text goes through [`run`], which keeps out
//! what XML cannot hold, so no stored text can make the file unreadable.

use docx_rs::{
    AlignmentType, BreakType, Docx, Paragraph, Run, Shading, ShdType, Style, StyleType, Table,
    TableCell, TableRow, WidthType,
};

use highlight_domain::text::clean;

use super::model::{Badge, BoardPack, WorkstreamSection};
use highlight_app::text::Tone;

/// A4 in twentieths of a point.
const A4: (u32, u32) = (11906, 16838);
/// 15 mm, the margin the printed page uses too.
const MARGIN: i32 = 850;
/// The text width between the margins, in twentieths of a point.
const TEXT_WIDTH: usize = 11906 - 2 * 850;
/// The status matrix's type size, in half-points (7.5 pt): eleven columns on A4.
const MATRIX_SIZE: usize = 15;

pub use highlight_app::pack::issued::IssueNote;

/// The pack as the bytes of a .docx file.
pub fn write(pack: &BoardPack, issue: Option<&IssueNote>) -> anyhow::Result<Vec<u8>> {
    let mut doc = with_styles(Docx::new())
        .page_size(A4.0, A4.1)
        .page_margin(docx_rs::PageMargin {
            top: MARGIN,
            left: MARGIN,
            bottom: MARGIN,
            right: MARGIN,
            header: MARGIN / 2,
            footer: MARGIN / 2,
            gutter: 0,
        });

    doc = doc.add_paragraph(heading(
        1,
        &format!("{}: programme board pack", pack.programme.name),
    ));
    doc = doc.add_paragraph(text(&format!("Board meeting: {}", pack.meeting_label)));
    doc = doc.add_paragraph(text(&match &pack.period {
        Some(p) => format!(
            "Reporting period: {} (reports due {})",
            p.label, p.due_label
        ),
        None => "No reporting period was due on or before this meeting.".to_owned(),
    }));
    doc = doc.add_paragraph(text(&match issue {
        Some(i) => format!(
            "Issued version {} by {} on {}.",
            i.version, i.issued_by, i.issued_on
        ),
        None => format!("Draft, not issued: prepared on {}.", pack.generated_label),
    }));

    doc = doc.add_paragraph(heading(2, "Status at a glance"));
    let c = &pack.counts;
    let mut glance = format!(
        "{} workstreams: {} red, {} amber, {} green. {} reports received, {} not received, {} awaited. {} exceptions.",
        c.workstreams, c.red, c.amber, c.green, c.received, c.not_received, c.awaited, c.exceptions
    );
    if c.not_started > 0 {
        glance.push_str(&format!(
            " {} not started (added after the period was due).",
            c.not_started
        ));
    }
    if c.closed > 0 {
        glance.push_str(&format!(" {} closed before the period.", c.closed));
    }
    doc = doc.add_paragraph(text(&glance));
    if pack.matrix.is_empty() {
        doc = doc.add_paragraph(text("There are no workstreams to report on."));
    } else {
        let mut header = vec!["Workstream", "Overall", "Budget", "Schedule"];
        header.extend(["Time", "Cost", "Quality", "Scope", "Risk", "Benefit"]);
        header.push("Report");
        let small = Some(MATRIX_SIZE);
        let mut rows = vec![TableRow::new(
            header.iter().map(|h| sized_cell(h, true, small)).collect(),
        )];
        for r in &pack.matrix {
            let mut cells = vec![
                sized_cell(&r.workstream, true, small),
                sized_badge_cell(&r.overall, small),
                sized_cell(&r.budget, false, small),
                sized_cell(&r.schedule, false, small),
            ];
            cells.extend(
                r.tolerances
                    .iter()
                    .map(|t| sized_badge_cell(&t.situation, small)),
            );
            cells.push(sized_cell(&r.status.word, false, small));
            rows.push(TableRow::new(cells));
        }
        doc = doc.add_table(
            table(
                rows,
                &[1500, 850, 1150, 1250, 850, 850, 850, 850, 850, 850, 900],
            )
            .margins(docx_rs::TableCellMargins::new().margin(30, 50, 30, 50)),
        );
    }

    doc = doc.add_paragraph(heading(2, "Exceptions"));
    if pack.exceptions.is_empty() {
        doc = doc.add_paragraph(text("No workstream is forecast beyond a tolerance."));
    }
    for e in &pack.exceptions {
        doc = doc.add_paragraph(heading(3, &format!("{}: {}", e.workstream, e.dimension)));
        doc = doc.add_paragraph(labelled("Tolerance", &e.tolerance));
        doc = doc.add_paragraph(labelled("Forecast", &e.forecast));
        doc = doc.add_paragraph(labelled("Why this is an exception", &e.why));
        doc = doc.add_paragraph(labelled("The lead's explanation", &e.lead_explanation));
    }

    for section in &pack.sections {
        doc = workstream(doc, section);
    }

    doc = doc.add_paragraph(heading(2, "Open board actions").page_break_before(true));
    if pack.actions.is_empty() {
        doc = doc.add_paragraph(text("There are no open board actions."));
    } else {
        let mut rows = vec![header_row(&["Action", "Owner", "Due", "Against", "Agreed"])];
        for a in &pack.actions {
            let due = if a.overdue {
                format!("{} (overdue)", a.due)
            } else {
                a.due.clone()
            };
            rows.push(TableRow::new(vec![
                cell(&a.action, false),
                cell(&a.owner, false),
                cell(&due, false),
                cell(&a.against, false),
                cell(&a.agreed, false),
            ]));
        }
        doc = doc.add_table(table(rows, &[3400, 1600, 1400, 1400, 1200]));
    }

    doc = doc.add_paragraph(heading(2, "Top risks"));
    if pack.risks.is_empty() {
        doc = doc.add_paragraph(text("There are no open risks on the registers."));
    } else {
        let mut rows = vec![header_row(&[
            "Risk",
            "Against",
            "Score",
            "Proximity",
            "Owner",
            "Response",
        ])];
        for r in &pack.risks {
            rows.push(TableRow::new(vec![
                cell(&r.description, false),
                cell(&r.against, false),
                cell(
                    &format!(
                        "{} {} ({}×{})",
                        r.score, r.score_rag.word, r.likelihood, r.impact
                    ),
                    false,
                ),
                cell(&r.proximity, false),
                cell(&r.owner, false),
                cell(&r.response, false),
            ]));
        }
        doc = doc.add_table(table(rows, &[2600, 1300, 1000, 1100, 1100, 1900]));
    }

    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut bytes)
        .map_err(|e| anyhow::anyhow!("writing the Word document failed: {e}"))?;
    Ok(bytes.into_inner())
}

fn workstream(mut doc: Docx, s: &WorkstreamSection) -> Docx {
    doc = doc.add_paragraph(heading(2, &s.workstream).page_break_before(true));
    doc = doc.add_paragraph(labelled("Lead", &s.lead));
    doc = doc.add_paragraph(labelled("Report", &s.status.word));
    if let Some(n) = &s.not_received {
        doc = doc.add_paragraph(heading(3, &n.title));
        doc = doc.add_paragraph(labelled("Due", &n.due_label));
        if n.reminders.is_empty() {
            doc = doc.add_paragraph(labelled("Reminders sent", "None recorded"));
        } else {
            doc = doc.add_paragraph(labelled("Reminders sent", ""));
            for r in &n.reminders {
                doc = doc.add_paragraph(bullet(&format!("{}: {}", r.kind, r.sent_on)));
            }
        }
    }
    if let Some(r) = &s.report {
        doc = doc.add_paragraph(labelled(
            "Overall (from the figures)",
            &format!("{}: {}", r.overall.word, r.explanation),
        ));
        doc = doc.add_paragraph(labelled(
            "Revision",
            &format!("{} (submitted {})", r.revision, r.submitted_label),
        ));
        for lv in &r.summary {
            doc = doc.add_paragraph(labelled(&lv.label, &lv.value));
        }
        doc = doc.add_paragraph(heading(3, "Status grid"));
        let mut rows = vec![header_row(&["Dimension", "This period", "Last period"])];
        for g in &r.grid {
            rows.push(TableRow::new(vec![
                cell(&g.dimension, true),
                badge_cell(&g.this_period),
                badge_cell(&g.last_period),
            ]));
        }
        doc = doc.add_table(table(rows, &[3000, 3000, 3000]));
        doc = doc.add_paragraph(heading(3, "Tolerance situation"));
        let mut rows = vec![header_row(&[
            "Dimension",
            "As stated by the lead",
            "Against the board's tolerance",
        ])];
        for t in &r.tolerances {
            let assessed = if t.assessed_detail.is_empty() {
                t.assessed.word.clone()
            } else {
                format!("{}: {}", t.assessed.word, t.assessed_detail)
            };
            rows.push(TableRow::new(vec![
                cell(&t.dimension, true),
                cell(&t.stated, false),
                cell(&assessed, false),
            ]));
        }
        doc = doc.add_table(table(rows, &[1800, 3600, 3600]));
        for f in &r.fields {
            doc = doc.add_paragraph(heading(3, &f.heading));
            for p in &f.paragraphs {
                doc = doc.add_paragraph(text(p));
            }
            for item in &f.items {
                doc = doc.add_paragraph(bullet(item));
            }
        }
    }
    doc
}

fn with_styles(doc: Docx) -> Docx {
    let heading = |level: usize, size: usize| {
        Style::new(format!("Heading{level}"), StyleType::Paragraph)
            .name(format!("heading {level}"))
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .outline_lvl(level - 1)
            .size(size)
            .bold()
    };
    doc.add_style(heading(1, 36))
        .add_style(heading(2, 30))
        .add_style(heading(3, 24))
}

/// A run of text as a document can hold it, whatever is stored: the characters XML
/// cannot hold removed ([`clean`]: text issued or stored before it was cleaned at the
/// boundary may still have them), and each line break a manual line break in Word —
/// what the vertical tab Word pastes meant.
fn run(words: &str) -> Run {
    let words = clean(words);
    let mut run = Run::new();
    for (i, line) in words.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

fn heading(level: usize, words: &str) -> Paragraph {
    Paragraph::new()
        .style(&format!("Heading{level}"))
        .keep_next(true)
        .add_run(run(words))
}

fn text(words: &str) -> Paragraph {
    Paragraph::new().add_run(run(words))
}

fn bullet(words: &str) -> Paragraph {
    Paragraph::new()
        .indent(Some(360), None, None, None)
        .add_run(run(&format!("• {words}")))
}

fn labelled(label: &str, value: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(&format!("{label}: ")).bold())
        .add_run(run(value))
}

fn cell(words: &str, bold: bool) -> TableCell {
    sized_cell(words, bold, None)
}

fn sized_cell(words: &str, bold: bool, size: Option<usize>) -> TableCell {
    let mut run = run(words);
    if bold {
        run = run.bold();
    }
    if let Some(size) = size {
        run = run.size(size);
    }
    TableCell::new().add_paragraph(Paragraph::new().add_run(run))
}

/// A status in a cell: the word in bold carries the meaning; RAG cells are also shaded
/// in their colour (light tints, so the word stays readable in black and white).
fn badge_cell(b: &Badge) -> TableCell {
    sized_badge_cell(b, None)
}

fn sized_badge_cell(b: &Badge, size: Option<usize>) -> TableCell {
    let mut run = run(&b.word).bold();
    if let Some(size) = size {
        run = run.size(size);
    }
    let cell =
        TableCell::new().add_paragraph(Paragraph::new().align(AlignmentType::Left).add_run(run));
    let fill = match b.tone {
        Tone::Red | Tone::Exceeded => Some("F6C6BE"),
        Tone::Amber | Tone::Within => Some("FFE3B3"),
        Tone::Green => Some("BFE3CF"),
        _ => None,
    };
    match fill {
        Some(fill) => cell.shading(
            Shading::new()
                .shd_type(ShdType::Clear)
                .color("auto")
                .fill(fill),
        ),
        None => cell,
    }
}

fn header_row(headings: &[&str]) -> TableRow {
    TableRow::new(headings.iter().map(|h| cell(h, true)).collect())
}

fn table(rows: Vec<TableRow>, widths: &[usize]) -> Table {
    let total: usize = widths.iter().sum();
    let widths: Vec<usize> = widths.iter().map(|w| w * TEXT_WIDTH / total).collect();
    Table::new(rows)
        .set_grid(widths)
        .width(TEXT_WIDTH, WidthType::Dxa)
}
