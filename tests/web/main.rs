//! Highlight's integration tests: one binary, a fresh database per test.
//!
//! `cargo test` runs them on SQLite; with
//! `HIGHLIGHT_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test` the same tests
//! run on PostgreSQL, each in a database of its own.

mod support;

mod audit;
mod auth;
mod cli;
mod demo;
mod import;
mod pages;
mod pid;
mod setup;
mod setup_support;
mod storage;
