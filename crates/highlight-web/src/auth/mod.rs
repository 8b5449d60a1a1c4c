//! Who is asking, and what they may do.
//!
//! A request is authenticated by a session cookie (people) or a bearer token (the JSON
//! API); `resolve` puts the resulting [`Actor`] into the request, and handlers ask for
//! it with the [`CurrentUser`] or [`MaybeUser`] extractors. What an actor may do is
//! decided by the pure functions of [`Access`], checked in every handler that reads or
//! changes programme data, so a denial is a 403 (or a sign-in redirect), never a 500.

pub mod actor;
pub mod csrf;
pub mod password;
pub use highlight_store::secret;
pub mod session;
pub use highlight_store::throttle;

pub use actor::{Actor, CurrentUser, EndedSession, MaybeUser, require_admin, resolve};
pub use csrf::CsrfToken;
pub use highlight_domain::access::{Access, Role};
