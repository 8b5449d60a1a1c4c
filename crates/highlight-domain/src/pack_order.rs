//! The order of workstreams in the board pack, and the protective marking it carries.
//!
//! By default the board looks at exceptions first, then at reports that have not
//! arrived, then red, amber and green, then the rest; alphabetical within each group so
//! the pack reads the same way every month. A programme may instead keep its own order
//! of workstreams ([`PackOrder::Programme`]), the order its set-up lists them in.

use crate::period::ReportStatus;
use crate::rag::Rag;
use crate::text_enum::text_enum;
use serde::{Deserialize, Serialize};

text_enum! {
    /// How the pack orders its workstreams: `exceptions_first` (the default) or
    /// `programme` (the programme's own order of workstreams).
    #[derive(Default)]
    pub enum PackOrder ("pack order") {
        /// Exceptions, not received, red, amber, green, not assessed; then by name.
        #[default]
        ExceptionsFirst => "exceptions_first",
        /// The programme's own order (each workstream's position, then its name).
        Programme => "programme",
    }
}

impl PackOrder {
    /// The choice in words, for the settings form.
    pub const fn label(self) -> &'static str {
        match self {
            Self::ExceptionsFirst => "Exceptions first",
            Self::Programme => "The programme's own order of workstreams",
        }
    }
}

text_enum! {
    /// The Government Security Classifications marking a programme's pack carries on
    /// every page: `none`, `official` or `official_sensitive`.
    #[derive(Default)]
    pub enum ProtectiveMarking ("protective marking") {
        /// No marking.
        #[default]
        None => "none",
        /// OFFICIAL.
        Official => "official",
        /// OFFICIAL-SENSITIVE.
        OfficialSensitive => "official_sensitive",
    }
}

impl ProtectiveMarking {
    /// The marking as printed ("OFFICIAL-SENSITIVE"), none for [`ProtectiveMarking::None`].
    pub const fn printed(self) -> Option<&'static str> {
        match self {
            Self::None => None,
            Self::Official => Some("OFFICIAL"),
            Self::OfficialSensitive => Some("OFFICIAL-SENSITIVE"),
        }
    }

    /// The choice in words, for the settings form.
    pub const fn label(self) -> &'static str {
        match self {
            Self::None => "None",
            Self::Official => "OFFICIAL",
            Self::OfficialSensitive => "OFFICIAL-SENSITIVE",
        }
    }
}

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
    /// Its place in the programme's own order.
    pub position: i32,
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
pub fn pack_order<T>(entries: Vec<PackEntry<T>>) -> Vec<PackEntry<T>> {
    PackOrder::ExceptionsFirst.apply(entries)
}

impl PackOrder {
    /// Orders the pack's entries this way.
    pub fn apply<T>(self, mut entries: Vec<PackEntry<T>>) -> Vec<PackEntry<T>> {
        match self {
            Self::ExceptionsFirst => {
                entries.sort_by_cached_key(|e| (e.group(), e.workstream_name.to_lowercase()));
            }
            Self::Programme => {
                entries.sort_by_cached_key(|e| (e.position, e.workstream_name.to_lowercase()));
            }
        }
        entries
    }
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
            position: 0,
            item: (),
        }
    }

    #[test]
    fn the_programme_order_keeps_positions_whatever_the_status() {
        let mut first = entry(
            "Zebra Crossing",
            0,
            ReportStatus::Submitted,
            Some(Rag::Green),
        );
        first.position = 1;
        let mut second = entry(
            "Shared Services",
            2,
            ReportStatus::Submitted,
            Some(Rag::Red),
        );
        second.position = 2;
        let pack = PackOrder::Programme.apply(vec![second, first]);
        let names: Vec<&str> = pack.iter().map(|e| e.workstream_name.as_str()).collect();
        assert_eq!(names, ["Zebra Crossing", "Shared Services"]);
        let pack = PackOrder::default().apply(pack);
        assert_eq!(pack[0].workstream_name, "Shared Services");
    }

    #[test]
    fn markings_print_in_capitals_and_parse_as_typed() {
        assert_eq!(
            "OFFICIAL-SENSITIVE".parse::<ProtectiveMarking>(),
            Ok(ProtectiveMarking::OfficialSensitive)
        );
        assert_eq!(ProtectiveMarking::Official.printed(), Some("OFFICIAL"));
        assert_eq!(ProtectiveMarking::default().printed(), None);
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
