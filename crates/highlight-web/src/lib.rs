//! Highlight's web application: the HTTP pages and API, storage, and the command line.
//!
//! The rules live in `highlight-domain` (pure); this crate parses input into domain
//! types, persists, and renders. See `README.md` at the repository root.

pub mod app;
pub mod auth;
pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
pub mod error;
pub mod mail;
pub mod pack;
pub mod paths;
pub mod presenters;
pub mod routes;
pub mod scheduler;
pub mod security;
pub mod telemetry;
pub mod templates;
pub mod views;
