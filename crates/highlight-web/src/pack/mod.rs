//! The board pack: for a programme and a board meeting, the status matrix, the
//! exceptions first, every workstream's latest submitted report (or "Report not
//! received"), the open board actions and the top risks.
//!
//! [`model`] builds one serialisable [`BoardPack`]; the printable page and the
//! standalone HTML file ([`html`]), the Word document ([`docx`]) and the PDF ([`pdf`])
//! all render it, and
//! [`issued`] freezes it for a meeting. Rendering never reads the database, so an issued
//! pack renders exactly as it was issued.

pub mod docx;
pub mod html;
pub mod pdf;

pub use highlight_app::pack::{BoardPack, file_stem, issued, model, parse_meeting};

/// The counts on the cover in one sentence ("9 workstreams: 2 red, …").
pub fn glance(c: &model::PackCounts) -> String {
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
    glance
}
