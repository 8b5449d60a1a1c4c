//! The report workflow and the board's view as services: one place for the logic that
//! both the pages (`routes::reports`, `routes::board`) and the JSON API
//! (`routes::api::reports`, `routes::api::programmes`) call. Each service checks what the
//! actor may do, reads and writes through `store`, decides with the domain crate, and
//! returns plain view data that serialises for a template or as JSON.

pub mod board;
pub mod reports;
pub mod text;
