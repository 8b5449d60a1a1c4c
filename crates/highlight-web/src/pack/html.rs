//! The pack as HTML: the same template body inside the site's layout (the printable
//! page) or inside a standalone document with the stylesheet inlined (the file the
//! command line writes, which is opened from disk rather than served under the CSP).

use serde::Serialize;

use super::docx::IssueNote;
use super::model::BoardPack;
use crate::templates::{StaticFiles, Templates};

/// What the pack's body template reads besides the pack.
#[derive(Debug, Clone, Serialize)]
pub struct PackHeader {
    /// "Issued version 2 by Claire Whitcombe on 22 November 2026", or the draft note.
    pub issue_line: String,
    pub issued: bool,
}

impl PackHeader {
    pub fn new(pack: &BoardPack, issue: Option<&IssueNote>) -> Self {
        match issue {
            Some(i) => Self {
                issue_line: format!(
                    "Issued version {} by {} on {}.",
                    i.version, i.issued_by, i.issued_on
                ),
                issued: true,
            },
            None => Self {
                issue_line: format!(
                    "Draft, not issued: prepared on {} from the reports submitted so far.",
                    pack.generated_label
                ),
                issued: false,
            },
        }
    }
}

#[derive(Serialize)]
struct FileView<'a> {
    title: String,
    stylesheet: String,
    pack: &'a BoardPack,
    header: PackHeader,
}

/// A complete HTML document of the pack, with its stylesheet inlined.
pub fn standalone(
    templates: &Templates,
    pack: &BoardPack,
    issue: Option<&IssueNote>,
) -> anyhow::Result<String> {
    let stylesheet = StaticFiles::get("highlight.css")
        .map(|f| String::from_utf8_lossy(&f.data).into_owned())
        .unwrap_or_default();
    templates.render(
        "pages/pack_file",
        &FileView {
            title: format!(
                "{}: board pack for {}",
                pack.programme.name, pack.meeting_label
            ),
            stylesheet,
            pack,
            header: PackHeader::new(pack, issue),
        },
    )
}
