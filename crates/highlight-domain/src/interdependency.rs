//! Interdependencies between workstreams.
//!
//! Board packs keep saying "clear overlap with Shared Services". Recording who
//! depends on or overlaps with whom lets the pack show each workstream's links and
//! lets a slip in one be read against the others.

use crate::ids::WorkstreamId;
use crate::text_enum::text_enum;
use crate::validation::{FieldError, MAX_TEXT_CHARS};
use serde::{Deserialize, Serialize};

text_enum! {
    /// "depends_on" (one-way) or "overlaps_with" (both ways).
    pub enum InterdependencyKind ("interdependency kind") {
        /// `from` needs something from `to`.
        DependsOn => "depends_on",
        /// The two cover common ground.
        OverlapsWith => "overlaps_with",
    }
}

/// Workstream `from` depends on, or overlaps with, workstream `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interdependency {
    /// The workstream the link is recorded on.
    pub from: WorkstreamId,
    /// The other workstream.
    pub to: WorkstreamId,
    /// Depends on or overlaps with.
    pub kind: InterdependencyKind,
    /// "Mutual aid arrangements may interrelate with opportunities to establish shared services."
    pub note: Option<String>,
}

impl Interdependency {
    /// A link, refusing a workstream linked to itself or an over-long note.
    pub fn new(
        from: WorkstreamId,
        to: WorkstreamId,
        kind: InterdependencyKind,
        note: Option<String>,
    ) -> Result<Self, FieldError> {
        if from == to {
            return Err(FieldError::new(
                "to",
                "Choose a different workstream: a workstream cannot depend on itself",
            ));
        }
        let note = note
            .map(|n| crate::text::normalise(&n))
            .filter(|n| !n.is_empty());
        if note
            .as_ref()
            .is_some_and(|n| n.chars().count() > MAX_TEXT_CHARS)
        {
            return Err(FieldError::new("note", "The note is too long: shorten it"));
        }
        Ok(Self {
            from,
            to,
            kind,
            note,
        })
    }

    /// True when the link involves `workstream` (overlaps count both ways; a
    /// dependency counts for both ends too, since both should know).
    pub fn involves(&self, workstream: WorkstreamId) -> bool {
        self.from == workstream || self.to == workstream
    }

    /// The other end of the link from `workstream`'s point of view.
    pub fn other(&self, workstream: WorkstreamId) -> Option<WorkstreamId> {
        if self.from == workstream {
            Some(self.to)
        } else if self.to == workstream {
            Some(self.from)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workstream_cannot_depend_on_itself() {
        let e = Interdependency::new(
            WorkstreamId(1),
            WorkstreamId(1),
            InterdependencyKind::DependsOn,
            None,
        )
        .unwrap_err();
        assert_eq!(e.field, "to");
    }

    #[test]
    fn links_are_seen_from_both_ends() {
        let link = Interdependency::new(
            WorkstreamId(7),
            WorkstreamId(8),
            InterdependencyKind::OverlapsWith,
            Some("clear overlap with Shared Services".into()),
        )
        .unwrap();
        assert!(link.involves(WorkstreamId(8)));
        assert_eq!(link.other(WorkstreamId(8)), Some(WorkstreamId(7)));
        assert_eq!(link.other(WorkstreamId(9)), None);
        assert_eq!(InterdependencyKind::OverlapsWith.as_str(), "overlaps_with");
    }
}
