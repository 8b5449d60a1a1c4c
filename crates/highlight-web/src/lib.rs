//! Highlight's web application: the HTTP pages and API, storage, and the command line.
//!
//! The rules live in `highlight-domain` (pure); this crate parses input into domain
//! types, persists, and renders. See `README.md` at the repository root.

pub mod app;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod routes;
pub mod store;
pub mod telemetry;
pub mod templates;
pub mod tmp_validation {
    #[derive(Debug, Clone)]
    pub struct FieldError {
        pub field: String,
        pub message: String,
    }
    #[derive(Debug, Clone)]
    pub struct ValidationErrors(pub Vec<FieldError>);
    impl std::fmt::Display for ValidationErrors {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "invalid")
        }
    }
    impl std::error::Error for ValidationErrors {}
}
