//! Highlight's use cases: what each change *means*, and the read models pages, the API,
//! the pack, e-mails and exports are built from.
//!
//! Each use case takes the store, the [`Actor`] asking and the time (`now`, from the
//! clock in the web crate's state), checks what the actor may do, decides with the
//! domain crate, reads and writes through `highlight-store`, and returns plain data.
//! Nothing here knows about HTTP, templates or the OpenAPI document: the web crate
//! turns [`AppError`] into a status and read models into pages and API types.

pub mod accounts;
pub mod actor;
pub mod audit_log;
pub mod board;
pub mod clock;
pub mod error;
pub mod export;
pub mod format;
pub mod forms;
pub mod history;
pub mod import;
pub mod kept_forms;
pub mod members;
pub mod outbox;
pub mod pack;
pub mod people;
pub mod pid;
pub mod programmes;
pub mod reminders;
pub mod reports;
pub mod review_loop;
pub mod scope;
pub mod signin;
pub mod text;
pub mod workstreams;
pub mod your_work;

pub use actor::Actor;
pub use error::{AppError, AppResult};
