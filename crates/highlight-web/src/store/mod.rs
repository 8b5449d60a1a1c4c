//! Persistence: sea-orm entities and the queries the app runs, grouped by resource.
//!
//! Queries are set-based: a page that shows N things runs a fixed number of queries
//! (one per table, with `IN (...)`), never one per row. Functions take
//! `&impl ConnectionTrait`, so a caller composes several into one transaction.

pub mod audit_log;
pub mod calendar;
pub mod current_pid;
pub mod entities;
pub mod json;
pub mod login_links;
pub mod members;
pub mod outbox;
pub mod people;
pub mod periods;
pub mod pids;
pub mod programmes;
pub mod reports;
pub mod risks;
pub mod users;
pub mod workstreams;
