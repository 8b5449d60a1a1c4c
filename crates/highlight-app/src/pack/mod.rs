//! The board pack: for a programme and a board meeting, the status matrix, the
//! exceptions first, every workstream's latest submitted report (or "Report not
//! received"), the open board actions and the top risks.
//!
//! [`model`] builds one serialisable [`BoardPack`]; the web crate renders it as
//! a printable page, a standalone HTML file and a Word document, and
//! [`issued`] freezes it for a meeting. Rendering never reads the database, so an issued
//! pack renders exactly as it was issued.

pub mod issued;
pub mod model;

use chrono::NaiveDate;
use highlight_domain::ValidationErrors;

pub use model::BoardPack;

/// The meeting date as given (YYYY-MM-DD), or `today` when none is given.
pub fn parse_meeting(text: Option<&str>, today: NaiveDate) -> Result<NaiveDate, ValidationErrors> {
    match text.map(str::trim) {
        None | Some("") => Ok(today),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
            let mut errors = ValidationErrors::new();
            errors.add(
                "meeting",
                format!(
                    "Enter the board meeting date as YYYY-MM-DD, e.g. 2026-11-23 (not \"{v}\")"
                ),
            );
            errors
        }),
    }
}

/// The file name a download of the pack gets, without its extension.
pub fn file_stem(pack: &BoardPack, version: Option<i32>) -> String {
    match version {
        Some(v) => format!(
            "{}-board-pack-{}-v{v}",
            pack.programme.slug, pack.meeting_on
        ),
        None => format!("{}-board-pack-{}", pack.programme.slug, pack.meeting_on),
    }
}
