//! The order of workstreams in the board pack.
//!
//! The board looks at exceptions first, then at reports that have not arrived, then
//! red, amber and green, then the rest; alphabetical within each group so the pack
//! reads the same way every month.

use crate::period::ReportStatus;
use crate::rag::Rag;
use serde::{Deserialize, Serialize};

/// One workstream's place in the pack, carrying whatever the caller renders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackEntry<T> {
    /// The workstream's name (the tie-break, case-insensitive).
    pub workstream_name: String,
    /// How many exceptions its report raises.
    pub exceptions: usize,
    /// Where its report stands.
    pub status: ReportStatus,
    /// Its overall RAG, if assessed.
    pub rag: Option<Rag>,
    /// The caller's data.
    pub item: T,
}

impl<T> PackEntry<T> {
    fn group(&self) -> u8 {
        if self.exceptions > 0 {
            0
        } else if self.status == ReportStatus::Overdue {
            1
        } else {
            match self.rag {
                Some(Rag::Red) => 2,
                Some(Rag::Amber) => 3,
                Some(Rag::Green) => 4,
                None => 5,
            }
        }
    }
}

/// Orders the pack: exceptions, overdue, red, amber, green, not assessed; then by name.
pub fn pack_order<T>(mut entries: Vec<PackEntry<T>>) -> Vec<PackEntry<T>> {
    entries.sort_by_cached_key(|e| (e.group(), e.workstream_name.to_lowercase()));
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        name: &str,
        exceptions: usize,
        status: ReportStatus,
        rag: Option<Rag>,
    ) -> PackEntry<()> {
        PackEntry {
            workstream_name: name.into(),
            exceptions,
            status,
            rag,
            item: (),
        }
    }

    #[test]
    fn exceptions_then_overdue_then_red_amber_green_then_name() {
        let pack = pack_order(vec![
            entry(
                "Workforce Development",
                0,
                ReportStatus::Submitted,
                Some(Rag::Green),
            ),
            entry("customer access", 0, ReportStatus::Overdue, None),
            entry(
                "Service Devolution",
                0,
                ReportStatus::Submitted,
                Some(Rag::Amber),
            ),
            entry(
                "Shared Services",
                1,
                ReportStatus::Submitted,
                Some(Rag::Red),
            ),
            entry(
                "Community Engagement",
                0,
                ReportStatus::Submitted,
                Some(Rag::Red),
            ),
            entry("Sector Led Support", 0, ReportStatus::Due, None),
            entry(
                "Enhanced Strategic Partnership",
                0,
                ReportStatus::Submitted,
                Some(Rag::Amber),
            ),
        ]);
        let names: Vec<&str> = pack.iter().map(|e| e.workstream_name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Shared Services",
                "customer access",
                "Community Engagement",
                "Enhanced Strategic Partnership",
                "Service Devolution",
                "Workforce Development",
                "Sector Led Support",
            ]
        );
    }
}
