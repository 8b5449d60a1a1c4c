//! The board pack as a Word document, the form committee papers are filed in.
//!
//! Built with docx-rs from the same [`BoardPack`] as the HTML page: real heading styles
//! (Heading 1–3, so Word's navigation pane and LibreOffice's navigator list them), a
//! table for the status matrix, a table per report's status grid and tolerance
//! situation, the report's fields as headed paragraphs, and a page break before each
//! workstream. It opens with the front sheet (purpose, what the board is asked to
//! decide or note, author, date); each workstream shows its PID's key proposals. Every
//! page has a header and a footer with the protective marking, the programme, the
//! meeting and the version, and "Page 3 of 12". A table's header row repeats on every
//! page it spans. Every table has an explicit grid (LibreOffice collapses tables
//! without one) and the page is A4. Every piece of text goes through [`run`], which
//! keeps out what XML cannot hold, so no stored text can make the file unreadable.

use std::io::{Read, Write};

use anyhow::Context as _;
use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, NumPages, PageNum, Paragraph, Run, Shading,
    ShdType, Style, StyleType, Table, TableCell, TableRow, WidthType,
};

use highlight_domain::text::clean;

use super::model::{Badge, BoardPack, WorkstreamSection};
use highlight_app::format::day_month_year;
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
    let running = format!(
        "{}: board meeting {} · {}",
        pack.programme.name,
        day_month_year(pack.meeting_on),
        issue.map_or_else(|| "Draft".to_owned(), |i| format!("Version {}", i.version))
    );
    let mut header = Header::new();
    let mut footer = Footer::new();
    if let Some(marking) = &pack.marking {
        header = header.add_paragraph(marking_line(marking));
    }
    header = header.add_paragraph(small(&running));
    footer = footer.add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Right)
            .add_run(run("Page ").size(RUNNING_SIZE))
            .add_page_num(PageNum::new())
            .add_run(run(" of ").size(RUNNING_SIZE))
            .add_num_pages(NumPages::new()),
    );
    footer = footer.add_paragraph(small(&running));
    if let Some(marking) = &pack.marking {
        footer = footer.add_paragraph(marking_line(marking));
    }
    let mut doc = with_styles(Docx::new())
        .header(header)
        .footer(footer)
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
    doc = front_sheet(doc, pack);

    doc = doc.add_paragraph(heading(2, "Status at a glance"));
    doc = doc.add_paragraph(text(&super::glance(&pack.counts)));
    if pack.matrix.is_empty() {
        doc = doc.add_paragraph(text("There are no workstreams to report on."));
    } else {
        let mut header = vec!["Workstream", "Overall", "Budget", "Schedule"];
        header.extend(["Time", "Cost", "Quality", "Scope", "Risk", "Benefit"]);
        header.push("Report");
        let small = Some(MATRIX_SIZE);
        let mut rows = vec![repeating(TableRow::new(
            header.iter().map(|h| sized_cell(h, true, small)).collect(),
        ))];
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
    repeat_header_rows(&bytes.into_inner())
}

/// The front sheet: why the paper is in front of the board, what it is asked to decide
/// or note, who wrote it and when (nothing in a pack frozen before it existed).
fn front_sheet(mut doc: Docx, pack: &BoardPack) -> Docx {
    let f = &pack.front_sheet;
    if f.purpose.is_empty() {
        return doc;
    }
    doc = doc.add_paragraph(heading(2, "Front sheet"));
    doc = doc.add_paragraph(heading(3, "Purpose"));
    doc = doc.add_paragraph(text(&f.purpose));
    doc = doc.add_paragraph(heading(3, "The board is asked to"));
    for ask in &f.asks {
        doc = doc.add_paragraph(
            Paragraph::new()
                .indent(Some(360), None, None, None)
                .add_run(run(&format!("• {} ", ask.verb)).bold())
                .add_run(run(&ask.text)),
        );
    }
    doc = doc.add_paragraph(labelled("Author", &f.author));
    doc.add_paragraph(labelled("Date", &f.date))
}

/// docx-rs cannot mark a row as a header row (`w:tblHeader`, which Word and LibreOffice
/// repeat at the top of every page a table spans), so the rows [`repeating`] marked
/// `cantSplit` — only header rows are — get it in the finished document.
fn repeat_header_rows(docx: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(docx)).context("reading the Word document")?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).context("reading the Word document")?;
        let name = entry
            .name()
            .context("reading a part's name in the Word document")?
            .into_owned();
        let mut content = Vec::new();
        entry
            .read_to_end(&mut content)
            .with_context(|| format!("reading {name} of the Word document"))?;
        if name == "word/document.xml" {
            let xml = String::from_utf8(content).context("the document part is not UTF-8")?;
            content = xml
                .replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
                .into_bytes();
        }
        out.start_file(name.as_str(), options)
            .with_context(|| format!("writing {name} of the Word document"))?;
        out.write_all(&content)
            .with_context(|| format!("writing {name} of the Word document"))?;
    }
    Ok(out
        .finish()
        .context("finishing the Word document")?
        .into_inner())
}

/// A header row: repeated on every page its table spans (see [`repeat_header_rows`]).
fn repeating(row: TableRow) -> TableRow {
    row.cant_split()
}

/// The running header's and footer's type size, in half-points (8 pt).
const RUNNING_SIZE: usize = 16;

fn small(words: &str) -> Paragraph {
    Paragraph::new().add_run(run(words).size(RUNNING_SIZE))
}

fn marking_line(marking: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(run(marking).bold().size(20))
}

fn workstream(mut doc: Docx, s: &WorkstreamSection) -> Docx {
    doc = doc.add_paragraph(heading(2, &s.workstream).page_break_before(true));
    doc = doc.add_paragraph(labelled("Lead", &s.lead));
    doc = doc.add_paragraph(labelled("Report", &s.status.word));
    if !s.key_proposals.is_empty() {
        doc = doc.add_paragraph(heading(3, "Key proposals (from the PID)"));
        for p in &s.key_proposals {
            doc = doc.add_paragraph(text(p));
        }
    }
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
    repeating(TableRow::new(
        headings.iter().map(|h| cell(h, true)).collect(),
    ))
}

fn table(rows: Vec<TableRow>, widths: &[usize]) -> Table {
    let total: usize = widths.iter().sum();
    let widths: Vec<usize> = widths.iter().map(|w| w * TEXT_WIDTH / total).collect();
    Table::new(rows)
        .set_grid(widths)
        .width(TEXT_WIDTH, WidthType::Dxa)
}
