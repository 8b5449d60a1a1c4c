//! Who the credentials belong to, and their roles.

use serde::Serialize;
use utoipa::ToSchema;

/// A role in one programme: `programme_manager`, `board_member` or `viewer` (leads
/// are recorded on their workstreams).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    ProgrammeManager,
    BoardMember,
    Viewer,
}

impl From<crate::auth::Role> for Role {
    fn from(r: crate::auth::Role) -> Self {
        use crate::auth::Role as R;
        match r {
            R::ProgrammeManager => Role::ProgrammeManager,
            R::BoardMember => Role::BoardMember,
            R::Viewer => Role::Viewer,
        }
    }
}

/// The authenticated person.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    /// The programmes they have a role in, by id.
    pub roles: Vec<ProgrammeRoles>,
    /// Workstream ids this person leads or deputises.
    pub leads: Vec<i64>,
}

/// Someone's roles in one programme.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeRoles {
    pub programme_id: i64,
    pub roles: Vec<Role>,
}
