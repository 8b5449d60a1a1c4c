//! Identifiers of things the web crate stores.
//!
//! The domain refers to people and workstreams by the database's integer ids,
//! wrapped so a user id cannot be passed where a workstream id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_type!(
    /// A person who can sign in (lead, deputy, programme manager, board member).
    UserId
);
id_type!(
    /// A programme.
    ProgrammeId
);
id_type!(
    /// A workstream of a programme.
    WorkstreamId
);
