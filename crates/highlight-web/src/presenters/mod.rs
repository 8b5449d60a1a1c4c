//! Presenters: how the application's read models look on a page. The read models say
//! what a status *is* (a [`Tone`], a RAG, a word); this module decides its colour class
//! and lays out the SVG drawings, so restyling a page touches only the web crate.

pub mod trend;

use highlight_app::text::Tone;

/// The CSS class (in `templates/static/highlight.css`) that colours a tone.
pub fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Red => "rag-red",
        Tone::Amber => "rag-amber",
        Tone::Green => "rag-green",
        Tone::NotAssessed => "rag-none",
        Tone::Unaffected => "situation-unaffected",
        Tone::Within => "situation-within",
        Tone::Exceeded => "situation-exceeded",
        Tone::NotStated => "situation-none",
        Tone::NotYetDue => "status-not_yet_due",
        Tone::Due => "status-due",
        Tone::Overdue => "status-overdue",
        Tone::Submitted => "status-submitted",
        Tone::Reviewed => "status-reviewed",
    }
}

/// The GOV.UK tag colour of a board cell's tone (the tag always says the word too).
pub fn tone_tag_colour(tone: Tone) -> &'static str {
    match tone {
        Tone::Red | Tone::Exceeded | Tone::Overdue => "red",
        Tone::Amber => "orange",
        Tone::Green | Tone::Reviewed => "green",
        Tone::Within => "turquoise",
        Tone::Due => "yellow",
        Tone::Submitted => "blue",
        Tone::NotAssessed | Tone::Unaffected | Tone::NotStated | Tone::NotYetDue => "grey",
    }
}

/// The GOV.UK tag colour of a report's status (the tag always says the word too).
pub fn status_tag_colour(status: highlight_domain::ReportStatus) -> &'static str {
    use highlight_domain::ReportStatus;
    match status {
        ReportStatus::NotYetDue => "grey",
        ReportStatus::Due => "yellow",
        ReportStatus::Overdue => "red",
        ReportStatus::Submitted => "blue",
        ReportStatus::Reviewed => "green",
    }
}

/// The GOV.UK task-list tag colour of a report section's state; `None` is plain text,
/// as GOV.UK shows "Completed" (the words are always there too).
pub fn section_state_colour(state: highlight_domain::SectionState) -> Option<&'static str> {
    use highlight_domain::SectionState;
    match state {
        SectionState::Completed => None,
        SectionState::InProgress => Some("light-blue"),
        SectionState::NotStarted => Some("blue"),
        SectionState::CarriedForwardCheck => Some("yellow"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tone_has_its_own_class() {
        let tones = [
            Tone::Red,
            Tone::Amber,
            Tone::Green,
            Tone::NotAssessed,
            Tone::Unaffected,
            Tone::Within,
            Tone::Exceeded,
            Tone::NotStated,
            Tone::NotYetDue,
            Tone::Due,
            Tone::Overdue,
            Tone::Submitted,
            Tone::Reviewed,
        ];
        let classes: std::collections::HashSet<_> = tones.iter().map(|t| tone_class(*t)).collect();
        assert_eq!(classes.len(), tones.len());
    }

    #[test]
    fn an_issued_pack_stored_with_class_names_still_reads() {
        let tone: Tone = serde_json::from_str("\"situation-exceeded\"").unwrap();
        assert_eq!(tone, Tone::Exceeded);
        assert_eq!(tone_class(tone), "situation-exceeded");
    }
}
