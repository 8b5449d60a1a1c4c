//! HTTP routes, one module per resource. Handlers stay thin: parse input into domain
//! types, call the store or the domain, render a view.

pub mod assets;
pub mod health;
pub mod home;
pub mod mail;
