//! HTTP routes, one module per resource. Handlers stay thin: parse input into domain
//! types, check what the actor may do, call the store or the domain, render a view.

pub mod account;
pub mod accounts;
pub mod api;
pub mod assets;
pub mod board;
pub mod client;
pub mod exports;
pub mod health;
pub mod history;
pub mod home;
pub mod input;
pub mod links;
pub mod mail;
pub mod packs;
pub mod reports;
pub mod review;
pub mod session;
pub mod setup;
