//! HTTP routes, one module per resource. Handlers stay thin: parse input into domain
//! types, check what the actor may do, call the store or the domain, render a view.

pub mod account;
pub mod api;
pub mod assets;
pub mod client;
pub mod health;
pub mod home;
pub mod session;
pub mod setup;
