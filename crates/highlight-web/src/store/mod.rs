//! Persistence: sea-orm entities and the queries the app runs, grouped by resource.
//!
//! Queries are set-based: a page that shows N things runs a fixed number of queries
//! (one per table, with `IN (...)`), never one per row.

pub mod entities;
pub mod programmes;
