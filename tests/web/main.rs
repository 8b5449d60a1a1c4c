//! Highlight's integration tests: one binary, a fresh database per test.
//!
//! `cargo test` runs them on SQLite; with
//! `HIGHLIGHT_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test` the same tests
//! run on PostgreSQL, each in a database of its own.

mod support;

mod auth;
mod authorization;
mod cli;
mod delivery;
mod demo;
mod emails;
mod exports;
mod links;
mod login_links;
mod pack;
mod pages;
mod reminders;
mod storage;
