//! The person a use case acts for: who they are and what they may do.
//!
//! The web crate authenticates a request (session cookie or API token) and builds the
//! actor; use cases only read it.

use highlight_domain::access::Access;
use highlight_store::users::UserRecord;

/// An authenticated person and what they may do.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: UserRecord,
    pub access: Access,
    /// Signed in with a browser session (as opposed to an API token).
    pub via_session: bool,
}

impl Actor {
    pub fn id(&self) -> i64 {
        self.user.id.0
    }

    /// How the audit log names this person.
    pub fn who(&self) -> highlight_store::audit::Who<'_> {
        highlight_store::audit::Who {
            id: self.user.id.0,
            name: &self.user.name,
        }
    }
}
