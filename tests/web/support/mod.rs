//! Test support: databases, the app, and the binary.

pub mod db;
pub mod fixtures;
pub mod http;
pub mod process;
pub mod smtp;
