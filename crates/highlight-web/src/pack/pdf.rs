//! The board pack as a PDF, the paper a council puts in front of its board.
//!
//! Typst, used as a library, lays it out: A4, a running header and footer on every page
//! (the marking, the programme, the meeting, the version or "Draft", "Page 3 of 12"),
//! the front sheet, a contents page, the status matrix (its header row repeated on
//! every page it spans), the exceptions, then each workstream with its PID's key
//! proposals and its report or "Report not received", the actions and the risks.
//! Typst writes a tagged PDF (headings, tables with header rows, the document's
//! language and title), which the accessibility regulations ask of downloads, and
//! declares it PDF/UA-1 when it meets that standard (typst checks its rules as it
//! writes); a pack holding a character none of the fonts can show is still written,
//! tagged, without the declaration.
//!
//! Why a template and a JSON document rather than generated markup: the layout
//! (`pack.typ`) is fixed and the pack's words reach it only as data (`/pack.json`, read
//! with typst's `json`), each placed as a string. No stored text is ever parsed as
//! typst markup, whatever it holds (`#`, `*`, `$`, `]`, …); the characters a document
//! cannot hold are removed first ([`clean`]). The fonts are typst's own, compiled in:
//! nothing is read from disk or the network. Rendering is CPU work: the routes run it
//! with `spawn_blocking`.

use std::sync::LazyLock;

use anyhow::anyhow;
use chrono::{Datelike, Timelike};
use highlight_domain::text::clean;
use serde::Serialize;
use serde_json::Value;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::layout::{Frame, FrameItem};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use super::docx::IssueNote;
use super::html::PackHeader;
use super::model::BoardPack;
use highlight_app::format::day_month_year;

/// The layout; every word comes from the data.
const TEMPLATE: &str = include_str!("pack.typ");
/// Where the template reads the data from.
const DATA_PATH: &str = "/pack.json";

/// The pack as the bytes of a tagged PDF: declared PDF/UA-1 when the pack meets it,
/// otherwise (a character none of the fonts can show, which PDF/UA forbids) tagged
/// without the declaration, so that no stored text stops the board getting its pack.
pub fn write(pack: &BoardPack, issue: Option<&IssueNote>) -> anyhow::Result<Vec<u8>> {
    let document = layout(pack, issue)?;
    let options = |standards: typst_pdf::PdfStandards| typst_pdf::PdfOptions {
        ident: Smart::Custom(super::file_stem(pack, issue.map(|i| i.version))),
        timestamp: timestamp(pack),
        standards,
        tagged: true,
        ..typst_pdf::PdfOptions::default()
    };
    let ua = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1])
        .map_err(|e| anyhow!("choosing PDF/UA-1: {}", e.message()))?;
    match typst_pdf::pdf(&document, &options(ua)) {
        Ok(bytes) => Ok(bytes),
        Err(errors) => {
            tracing::warn!(
                pack = %super::file_stem(pack, issue.map(|i| i.version)),
                why = %failed("meeting PDF/UA-1", &errors),
                "the PDF pack is tagged but not declared PDF/UA-1"
            );
            typst_pdf::pdf(&document, &options(typst_pdf::PdfStandards::default()))
                .map_err(|e| failed("writing the PDF", &e))
        }
    }
}

/// The words the pack's pages show, page by page, as laid out (for tests).
pub fn pages_text(pack: &BoardPack, issue: Option<&IssueNote>) -> anyhow::Result<Vec<String>> {
    let document = layout(pack, issue)?;
    Ok(document
        .pages()
        .iter()
        .map(|page| {
            let mut text = String::new();
            collect_text(&page.frame, &mut text);
            text
        })
        .collect())
}

fn collect_text(frame: &Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => collect_text(&group.frame, out),
            FrameItem::Text(text) => {
                out.push_str(&text.text);
                out.push(' ');
            }
            _ => {}
        }
    }
}

fn layout(pack: &BoardPack, issue: Option<&IssueNote>) -> anyhow::Result<PagedDocument> {
    let data = serde_json::to_vec(&data(pack, issue)?)?;
    let world = PackWorld {
        main: Source::new(*MAIN, TEMPLATE.to_owned()),
        data: Bytes::new(data),
    };
    typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| failed("laying out the PDF", &errors))
}

fn failed(step: &str, errors: &[SourceDiagnostic]) -> anyhow::Error {
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    anyhow!("{step} failed: {}", messages.join("; "))
}

/// What the running header and footer and the first page say besides the pack.
#[derive(Serialize)]
struct Header {
    title: String,
    author: String,
    programme: String,
    /// "23 November 2026".
    meeting: String,
    /// "Version 2" or "Draft".
    version: String,
    /// The issue line: who issued it when, or that it is a draft.
    issue: String,
    period: String,
    glance: String,
    marking: Option<String>,
}

/// The JSON document the template reads: the pack and the header, every string
/// cleaned of what a document cannot hold.
fn data(pack: &BoardPack, issue: Option<&IssueNote>) -> anyhow::Result<Value> {
    let mut pack_json = serde_json::to_value(pack)?;
    // The raw report content and assessment are for the API; the words are printed.
    if let Some(sections) = pack_json.get_mut("sections").and_then(Value::as_array_mut) {
        for report in sections.iter_mut().filter_map(|s| s.get_mut("report")) {
            if let Some(report) = report.as_object_mut() {
                report.remove("content");
                report.remove("assessment");
            }
        }
    }
    let header = Header {
        title: match issue {
            Some(i) => format!(
                "{}: board pack for {}, version {}",
                pack.programme.name, pack.meeting_label, i.version
            ),
            None => format!(
                "{}: board pack for {}",
                pack.programme.name, pack.meeting_label
            ),
        },
        author: if pack.front_sheet.author.is_empty() {
            "Highlight".to_owned()
        } else {
            pack.front_sheet.author.clone()
        },
        programme: pack.programme.name.clone(),
        meeting: day_month_year(pack.meeting_on),
        version: issue.map_or_else(|| "Draft".to_owned(), |i| format!("Version {}", i.version)),
        issue: PackHeader::new(pack, issue).issue_line,
        period: match &pack.period {
            Some(p) => format!("{} (reports due {})", p.label, p.due_label),
            None => "No reporting period was due on or before this meeting.".to_owned(),
        },
        glance: super::glance(&pack.counts),
        marking: pack.marking.clone(),
    };
    let mut data = serde_json::json!({ "pack": pack_json, "header": header });
    clean_strings(&mut data);
    Ok(data)
}

fn clean_strings(value: &mut Value) {
    match value {
        Value::String(s) => {
            if let std::borrow::Cow::Owned(cleaned) = clean(s) {
                *s = cleaned;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(clean_strings),
        Value::Object(fields) => fields.values_mut().for_each(clean_strings),
        _ => {}
    }
}

/// The PDF's creation date: when the pack was prepared (so a frozen pack gives the same
/// file every time).
fn timestamp(pack: &BoardPack) -> Option<typst_pdf::Timestamp> {
    let at = pack.generated_at;
    let datetime = Datetime::from_ymd_hms(
        at.year(),
        u8::try_from(at.month()).ok()?,
        u8::try_from(at.day()).ok()?,
        u8::try_from(at.hour()).ok()?,
        u8::try_from(at.minute()).ok()?,
        u8::try_from(at.second()).ok()?,
    )?;
    Some(typst_pdf::Timestamp::new_utc(datetime))
}

/// Typst's fonts, compiled into the binary, read once.
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

static MAIN: LazyLock<FileId> = LazyLock::new(|| {
    FileId::new(RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new("/pack.typ").expect("a valid virtual path"),
    ))
});

/// A world of two files, both in memory: the template and the pack's data.
struct PackWorld {
    main: Source,
    data: Bytes,
}

impl World for PackWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id.get().vpath().get_with_slash() == DATA_PATH {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::model::{
        Badge, BoardAsk, FrontSheet, MatrixRow, NotReceived, PackAction, PackCounts, PackException,
        PackProgramme, WorkstreamSection,
    };
    use chrono::{NaiveDate, TimeZone, Utc};
    use highlight_app::text::Tone;

    /// Everything typst markup gives a meaning to, and what no document can hold.
    const HOSTILE: &str = "#set page(width: 1cm) *bold* _em_ $x^2$ \\ ] [ \"q\" <lab> @ref `raw` // no comment = heading";
    const CONTROLS: &str = "Tab\there\u{0}NUL\u{7}bell\u{1b}esc";

    fn badge(word: &str) -> Badge {
        Badge {
            word: word.to_owned(),
            tone: Tone::Red,
        }
    }

    fn pack() -> BoardPack {
        let meeting_on = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        BoardPack {
            programme: PackProgramme {
                name: format!("Pioneer {HOSTILE}"),
                slug: "pioneer".to_owned(),
            },
            meeting_on,
            meeting_label: "Monday 23 November 2026".to_owned(),
            period: None,
            generated_at: Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap(),
            generated_label: "22 November 2026".to_owned(),
            counts: PackCounts::default(),
            matrix: vec![MatrixRow {
                workstream: format!("Matrix {HOSTILE}"),
                anchor: "workstream-a".to_owned(),
                overall: badge("Red"),
                budget: "On budget".to_owned(),
                schedule: "Behind".to_owned(),
                tolerances: Vec::new(),
                status: badge("Not received"),
            }],
            exceptions: vec![PackException {
                workstream: "A".to_owned(),
                anchor: "workstream-a".to_owned(),
                dimension: "Time".to_owned(),
                tolerance: "8 weeks".to_owned(),
                forecast: "+10 weeks".to_owned(),
                why: "beyond".to_owned(),
                lead_explanation: format!("Explained {HOSTILE}"),
            }],
            sections: vec![WorkstreamSection {
                workstream: format!("Section {HOSTILE}"),
                anchor: "workstream-a".to_owned(),
                lead: "Rachel".to_owned(),
                lead_name: None,
                status: badge("Not received"),
                key_proposals: vec![format!("Proposal {HOSTILE}"), CONTROLS.to_owned()],
                pid_summary: None,
                report: None,
                not_received: Some(NotReceived {
                    title: "Report not received".to_owned(),
                    due_label: "Friday 6 November 2026".to_owned(),
                    reminders: Vec::new(),
                }),
            }],
            actions: vec![PackAction {
                action: format!("Action {HOSTILE}"),
                owner: "Claire".to_owned(),
                due: "1 December 2026".to_owned(),
                against: "Programme".to_owned(),
                agreed: "1 November 2026".to_owned(),
                overdue: false,
                facts: None,
            }],
            risks: Vec::new(),
            marking: Some("OFFICIAL".to_owned()),
            protective_marking: highlight_domain::ProtectiveMarking::Official,
            order: highlight_domain::PackOrder::ExceptionsFirst,
            front_sheet: FrontSheet {
                purpose: format!("Purpose {HOSTILE}"),
                asks: vec![BoardAsk {
                    verb: "Decide".to_owned(),
                    text: format!("Ask {HOSTILE}"),
                }],
                author: "Claire".to_owned(),
                date: "22 November 2026".to_owned(),
            },
        }
    }

    /// The text as laid out, with the spaces between runs taken out, so a string split
    /// over runs or lines still reads as one.
    fn squeezed(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn user_text_is_printed_verbatim_never_read_as_markup() {
        let pages = pages_text(&pack(), None).expect("the pack lays out");
        let all = squeezed(&pages.concat());
        for label in [
            "Pioneer",
            "Matrix",
            "Explained",
            "Section",
            "Proposal",
            "Action",
            "Purpose",
            "Ask",
        ] {
            let expected = squeezed(&format!("{label} {HOSTILE}"));
            assert!(all.contains(&expected), "{label}: {expected} in {all}");
        }
        assert!(pages.len() > 3, "a page width of 1cm was not obeyed");
    }

    #[test]
    fn characters_a_document_cannot_hold_are_dropped_and_the_rest_kept() {
        let pages = pages_text(&pack(), None).expect("the pack lays out");
        let all = squeezed(&pages.concat());
        assert!(all.contains("TabhereNULbellesc"), "{all}");
    }

    #[test]
    fn every_page_carries_the_marking_and_its_number() {
        let pages = pages_text(&pack(), None).expect("the pack lays out");
        let total = pages.len();
        for (i, page) in pages.iter().enumerate() {
            assert!(
                page.matches("OFFICIAL").count() >= 2,
                "the marking heads and foots page {i}: {page}"
            );
            assert!(
                squeezed(page).contains(&format!("Page{}of{total}", i + 1)),
                "page {i}: {page}"
            );
        }
    }

    #[test]
    fn text_no_font_has_a_glyph_for_still_gives_a_tagged_pdf() {
        let mut pack = pack();
        pack.sections[0].workstream = "Coptic ⳾, Devanagari क, emoji 🙂, CJK 漢字".to_owned();
        let pdf = write(&pack, None).expect("the PDF writes");
        let raw = String::from_utf8_lossy(&pdf);
        assert!(raw.contains("/StructTreeRoot"), "still tagged");
        assert!(!raw.contains("pdfuaid:part"), "not declared PDF/UA-1");
    }

    #[test]
    fn a_pack_issued_before_front_sheets_and_markings_still_prints_with_its_version() {
        let mut pack = pack();
        pack.front_sheet = FrontSheet::default();
        pack.marking = None;
        pack.sections[0].key_proposals = Vec::new();
        let note = IssueNote {
            version: 2,
            issued_by: "Claire".to_owned(),
            issued_on: "22 November 2026".to_owned(),
        };
        let pages = pages_text(&pack, Some(&note)).expect("the pack lays out");
        let all = pages.concat();
        assert!(
            !all.contains("Front sheet") && !all.contains("OFFICIAL"),
            "{all}"
        );
        assert!(!all.contains("Key proposals"), "{all}");
        assert!(pages.iter().all(|p| p.contains("Version 2")), "{all}");
    }

    #[test]
    fn the_matrix_repeats_its_header_row_on_every_page_it_spans() {
        let mut pack = pack();
        let row = pack.matrix[0].clone();
        pack.matrix = (1..=60)
            .map(|n| MatrixRow {
                workstream: format!("Workstream number {n}"),
                ..row.clone()
            })
            .collect();
        let pages = pages_text(&pack, None).expect("the pack lays out");
        let spanned: Vec<&String> = pages
            .iter()
            .filter(|p| p.contains("Workstream number"))
            .collect();
        assert!(spanned.len() > 1, "the matrix spans pages");
        for page in spanned {
            assert!(
                squeezed(page).contains("WorkstreamOverallBudgetSchedule"),
                "the header row on {page}"
            );
        }
    }

    #[test]
    fn the_pdf_is_tagged_in_british_english() {
        let pdf = write(&pack(), None).expect("the PDF writes");
        assert!(pdf.starts_with(b"%PDF-"));
        let raw = String::from_utf8_lossy(&pdf);
        assert!(raw.contains("/StructTreeRoot"), "tagged");
        assert!(raw.contains("/Lang(en-GB)"), "in British English");
        assert!(raw.contains("pdfuaid:part"), "declared PDF/UA-1");
    }
}
