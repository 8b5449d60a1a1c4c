//! Highlight's integration tests: one binary, a fresh database per test.
//!
//! `cargo test` runs them on SQLite; with
//! `HIGHLIGHT_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test` the same tests
//! run on PostgreSQL, each in a database of its own.

mod support;

mod accounts_life;
mod api_reports;
mod audit;
mod auth;
mod authorization;
mod board;
mod board_paper;
mod cli;
mod delivery;
mod demo;
mod design_system;
mod documents;
mod emails;
mod exports;
mod history;
mod import;
mod inputs;
mod layers;
mod links;
mod login_links;
mod openapi;
mod pack;
mod pages;
mod pid;
mod pioneer;
mod reminders;
mod report_sections;
mod reports;
mod review_loop;
mod settings;
mod setup;
mod setup_support;
mod signin;
mod storage;
mod your_work;
