//! The set-up API: programmes, their people, workstreams, PIDs, the CSV import, the
//! cycle preview and the audit log. The same services as the pages; the request
//! bodies take the pages' field names (text, or numbers where a number is meant), so a
//! 422 names the same fields as the form would.

pub mod audit;
pub mod import;
pub mod members;
pub mod pid;
pub mod programmes;
pub mod workstreams;

/// The set-up API's JSON bodies (see [`crate::routes::input::ApiJson`]).
pub use crate::routes::input::ApiJson;
