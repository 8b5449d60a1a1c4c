//! The board pack: for a programme and a board meeting, the status matrix, the
//! exceptions first, every workstream's latest submitted report (or "Report not
//! received"), the open board actions and the top risks.
//!
//! [`model`] builds one serialisable [`BoardPack`]; the printable page and the
//! standalone HTML file ([`html`]) and the Word document ([`docx`]) all render it, and
//! [`issued`] freezes it for a meeting. Rendering never reads the database, so an issued
//! pack renders exactly as it was issued.

pub mod docx;
pub mod html;

pub use highlight_app::pack::{BoardPack, file_stem, issued, model, parse_meeting};
