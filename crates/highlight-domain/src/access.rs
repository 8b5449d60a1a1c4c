//! What a person may do: pure decisions from their roles, unit-tested in isolation.
//!
//! | role               | scope               | may                                                       |
//! |--------------------|---------------------|-----------------------------------------------------------|
//! | admin              | everything          | everything, including creating programmes and accounts    |
//! | programme manager  | their programme     | set up, edit any report, review, read the audit log       |
//! | workstream lead    | their workstreams   | write their reports (drafts included), risks and issues   |
//! | board member       | their programme     | read submitted reports, review and comment                |
//! | viewer             | their programme     | read submitted reports                                    |
//!
//! A deputy has the lead's rights on that workstream. Nobody sees a programme they have
//! no role in, and nobody but the workstream's lead, deputy, programme manager or an
//! admin reads a draft.

use std::collections::{HashMap, HashSet};

/// A role in one programme (leads are recorded on their workstreams).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    ProgrammeManager,
    BoardMember,
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProgrammeManager => "programme_manager",
            Self::BoardMember => "board_member",
            Self::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "programme_manager" => Some(Self::ProgrammeManager),
            "board_member" => Some(Self::BoardMember),
            "viewer" => Some(Self::Viewer),
            _ => None,
        }
    }

    /// How the role reads in a sentence ("board member").
    pub fn label(self) -> &'static str {
        match self {
            Self::ProgrammeManager => "programme manager",
            Self::BoardMember => "board member",
            Self::Viewer => "viewer",
        }
    }
}

/// Everything needed to decide a request, loaded once per request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Access {
    pub is_admin: bool,
    /// programme id → roles there.
    pub roles: HashMap<i64, HashSet<Role>>,
    /// workstream id → its programme id, for the workstreams this person leads or deputises.
    pub leads: HashMap<i64, i64>,
}

impl Access {
    fn has(&self, programme: i64, role: Role) -> bool {
        self.roles
            .get(&programme)
            .is_some_and(|r| r.contains(&role))
    }

    pub fn is_programme_manager(&self, programme: i64) -> bool {
        self.is_admin || self.has(programme, Role::ProgrammeManager)
    }

    pub fn leads_workstream(&self, workstream: i64) -> bool {
        self.leads.contains_key(&workstream)
    }

    /// Sees the programme at all (its board view, submitted reports).
    pub fn can_see_programme(&self, programme: i64) -> bool {
        self.is_admin
            || self.roles.get(&programme).is_some_and(|r| !r.is_empty())
            || self.leads.values().any(|p| *p == programme)
    }

    /// Sets the programme up: workstreams, PIDs, cycle, people.
    pub fn can_manage_programme(&self, programme: i64) -> bool {
        self.is_programme_manager(programme)
    }

    /// Writes (and reads the draft of) a workstream's report, risks and issues.
    pub fn can_write_workstream(&self, programme: i64, workstream: i64) -> bool {
        self.is_programme_manager(programme) || self.leads.get(&workstream) == Some(&programme)
    }

    /// Reviews reports and records comments, decisions and actions.
    pub fn can_review(&self, programme: i64) -> bool {
        self.is_programme_manager(programme) || self.has(programme, Role::BoardMember)
    }

    /// Reads the programme's audit log.
    pub fn can_read_audit(&self, programme: i64) -> bool {
        self.is_programme_manager(programme)
    }

    /// Creates programmes and accounts.
    pub fn can_administer(&self) -> bool {
        self.is_admin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PIONEER: i64 = 1;
    const OTHER: i64 = 2;
    const SHARED_SERVICES: i64 = 10;
    const CUSTOMER_ACCESS: i64 = 11;

    fn with_role(role: Role) -> Access {
        Access {
            roles: HashMap::from([(PIONEER, HashSet::from([role]))]),
            ..Access::default()
        }
    }

    fn lead_of_shared_services() -> Access {
        Access {
            leads: HashMap::from([(SHARED_SERVICES, PIONEER)]),
            ..Access::default()
        }
    }

    #[test]
    fn a_lead_writes_their_own_workstream_only() {
        let lead = lead_of_shared_services();
        assert!(lead.can_write_workstream(PIONEER, SHARED_SERVICES));
        assert!(!lead.can_write_workstream(PIONEER, CUSTOMER_ACCESS));
        assert!(lead.can_see_programme(PIONEER));
        assert!(!lead.can_see_programme(OTHER));
        assert!(!lead.can_review(PIONEER));
        assert!(!lead.can_manage_programme(PIONEER));
    }

    #[test]
    fn a_board_member_reviews_but_does_not_write_reports() {
        let board = with_role(Role::BoardMember);
        assert!(board.can_review(PIONEER));
        assert!(board.can_see_programme(PIONEER));
        assert!(!board.can_write_workstream(PIONEER, SHARED_SERVICES));
        assert!(!board.can_review(OTHER));
    }

    #[test]
    fn a_viewer_only_reads() {
        let viewer = with_role(Role::Viewer);
        assert!(viewer.can_see_programme(PIONEER));
        assert!(!viewer.can_review(PIONEER));
        assert!(!viewer.can_write_workstream(PIONEER, SHARED_SERVICES));
        assert!(!viewer.can_read_audit(PIONEER));
    }

    #[test]
    fn a_programme_manager_does_everything_in_their_programme_only() {
        let pm = with_role(Role::ProgrammeManager);
        assert!(pm.can_manage_programme(PIONEER));
        assert!(pm.can_write_workstream(PIONEER, CUSTOMER_ACCESS));
        assert!(pm.can_review(PIONEER));
        assert!(pm.can_read_audit(PIONEER));
        assert!(!pm.can_see_programme(OTHER));
        assert!(!pm.can_administer());
    }

    #[test]
    fn an_admin_does_everything_and_nobody_else_sees_an_unrelated_programme() {
        let admin = Access {
            is_admin: true,
            ..Access::default()
        };
        assert!(admin.can_manage_programme(OTHER) && admin.can_administer());
        assert!(!Access::default().can_see_programme(PIONEER));
    }
}
