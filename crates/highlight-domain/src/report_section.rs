//! The highlight report form as a task list: seven sections, each a short page, each
//! with a state the lead can see at a glance.
//!
//! A section's state comes from what is saved and from what the lead has confirmed
//! (saved through that section's own page, or submitted):
//!
//! | confirmed? | the section's answers | state |
//! |---|---|---|
//! | yes | nothing the board needs is missing | Completed |
//! | yes | something the board needs is missing | In progress |
//! | no | all blank | Not started |
//! | no | exactly as carried forward from last period | Carried forward — check |
//! | no | anything else | In progress |
//!
//! So a stale copy of last period's words cannot pass for this period's: it says
//! "carried forward — check" until the lead looks at it and saves it.

use crate::report_draft::HighlightReportDraft;
use crate::text_enum::text_enum;
use crate::validation::ValidationErrors;

text_enum! {
    /// One section of the report form, in the order the form asks them.
    pub enum ReportSection ("report section") {
        /// Stage, the overall status and the status grid.
        Status => "status",
        /// Budget tick and figures.
        Budget => "budget",
        /// Schedule tick, figures and note.
        Schedule => "schedule",
        /// The tolerance situation per dimension.
        Tolerances => "tolerances",
        /// Products completed this period and planned for the next.
        Products => "products",
        /// Problems, risks, issues, requests for change and their impact.
        RisksAndIssues => "risks_and_issues",
        /// Interdependencies, barriers and lessons.
        Narrative => "narrative",
    }
}

text_enum! {
    /// Where a section of the form stands.
    pub enum SectionState ("section state") {
        /// Nothing entered and not yet looked at.
        NotStarted => "not_started",
        /// Something entered, or something the board needs still missing.
        InProgress => "in_progress",
        /// Looked at and saved, with nothing the board needs missing.
        Completed => "completed",
        /// Still exactly last period's answers, not yet confirmed.
        CarriedForwardCheck => "carried_forward",
    }
}

impl ReportSection {
    /// The section's name on the task list.
    pub const fn title(self) -> &'static str {
        match self {
            ReportSection::Status => "Status and RAG",
            ReportSection::Budget => "Budget",
            ReportSection::Schedule => "Schedule",
            ReportSection::Tolerances => "Tolerances",
            ReportSection::Products => "Products",
            ReportSection::RisksAndIssues => "Risks and issues",
            ReportSection::Narrative => "Narrative",
        }
    }

    /// What the section asks, as a hint under its name.
    pub const fn summary(self) -> &'static str {
        match self {
            ReportSection::Status => "Stage, overall status and the status of each dimension",
            ReportSection::Budget => "Budget status, spend to date and forecast at completion",
            ReportSection::Schedule => "Schedule status, forecast end date and slippage",
            ReportSection::Tolerances => "Whether each tolerance the board set is affected",
            ReportSection::Products => "Products completed this period and planned for the next",
            ReportSection::RisksAndIssues => {
                "Problems, risk update, issues, requests for change and their impact"
            }
            ReportSection::Narrative => "Interdependencies, barriers and lessons",
        }
    }

    /// The questions the section answers, by their form names: what decides its state.
    pub const fn answers(self) -> &'static [&'static str] {
        match self {
            ReportSection::Status => &[
                "rag_overall",
                "rag_time",
                "rag_cost",
                "rag_scope",
                "rag_quality",
                "rag_benefit",
                "rag_risk",
            ],
            ReportSection::Budget => &[
                "budget_status",
                "budget_amount",
                "spend_to_date",
                "forecast_at_completion",
            ],
            ReportSection::Schedule => &[
                "schedule_status",
                "schedule_days",
                "forecast_end",
                "slippage_days",
                "schedule_note",
            ],
            ReportSection::Tolerances => &[
                "tolerance_time",
                "tolerance_time_note",
                "tolerance_cost",
                "tolerance_cost_note",
                "tolerance_quality",
                "tolerance_quality_note",
                "tolerance_scope",
                "tolerance_scope_note",
                "tolerance_risk",
                "tolerance_risk_note",
                "tolerance_benefit",
                "tolerance_benefit_note",
            ],
            ReportSection::Products => &["products_completed", "products_planned_next"],
            ReportSection::RisksAndIssues => &[
                "problems",
                "risk_update",
                "issues_status",
                "requests_for_change",
                "change_impact",
            ],
            ReportSection::Narrative => &["interdependencies", "barriers", "lessons"],
        }
    }

    /// Every field the section's page posts: its answers, and for the status section
    /// the stage and last period's column, which travel with it.
    pub fn fields(self) -> Vec<&'static str> {
        let mut fields = self.answers().to_vec();
        if self == ReportSection::Status {
            fields.extend([
                "stage",
                "rag_overall_last",
                "rag_time_last",
                "rag_cost_last",
                "rag_scope_last",
                "rag_quality_last",
                "rag_benefit_last",
                "rag_risk_last",
            ]);
        }
        fields
    }

    /// The section a form field belongs to, if any.
    pub fn of_field(field: &str) -> Option<ReportSection> {
        Self::ALL
            .iter()
            .copied()
            .find(|s| s.fields().contains(&field))
    }

    /// Where this section stands: see the module's table. `missing` is what
    /// [`HighlightReportDraft::validate_for_submission`] refuses (only this section's
    /// fields count); `carried` is the draft as carried forward from last period.
    pub fn state(
        self,
        draft: &HighlightReportDraft,
        carried: &HighlightReportDraft,
        confirmed: bool,
        missing: &ValidationErrors,
    ) -> SectionState {
        let answers = self.answers();
        if confirmed {
            return if answers.iter().any(|f| missing.has(f)) {
                SectionState::InProgress
            } else {
                SectionState::Completed
            };
        }
        let mine: Vec<&str> = answers.iter().map(|f| draft.field(f).trim()).collect();
        if mine.iter().all(|v| v.is_empty()) {
            return SectionState::NotStarted;
        }
        let same_as_carried = answers
            .iter()
            .zip(&mine)
            .all(|(f, v)| carried.field(f).trim() == *v);
        if same_as_carried {
            SectionState::CarriedForwardCheck
        } else {
            SectionState::InProgress
        }
    }

    /// What the lead sees for the state.
    pub const fn state_words(state: SectionState) -> &'static str {
        match state {
            SectionState::NotStarted => "Not started",
            SectionState::InProgress => "In progress",
            SectionState::Completed => "Completed",
            SectionState::CarriedForwardCheck => "Carried forward — check",
        }
    }
}

/// Reads and writes the draft's fields by their form names, from one list of them.
macro_rules! draft_fields {
    ($($name:ident),+ $(,)?) => {
        impl HighlightReportDraft {
            /// Every field's form name, in the form's order.
            pub const FIELD_NAMES: &'static [&'static str] = &[$(stringify!($name)),+];

            /// The value of a form field by its name ("" for a name the form does not have).
            pub fn field(&self, name: &str) -> &str {
                match name {
                    $(stringify!($name) => &self.$name,)+
                    _ => "",
                }
            }

            fn field_mut(&mut self, name: &str) -> Option<&mut String> {
                match name {
                    $(stringify!($name) => Some(&mut self.$name),)+
                    _ => None,
                }
            }
        }
    };
}

draft_fields!(
    stage,
    budget_status,
    budget_amount,
    spend_to_date,
    forecast_at_completion,
    schedule_status,
    schedule_days,
    forecast_end,
    slippage_days,
    schedule_note,
    tolerance_time,
    tolerance_time_note,
    tolerance_cost,
    tolerance_cost_note,
    tolerance_quality,
    tolerance_quality_note,
    tolerance_scope,
    tolerance_scope_note,
    tolerance_risk,
    tolerance_risk_note,
    tolerance_benefit,
    tolerance_benefit_note,
    rag_overall,
    rag_time,
    rag_cost,
    rag_scope,
    rag_quality,
    rag_benefit,
    rag_risk,
    rag_overall_last,
    rag_time_last,
    rag_cost_last,
    rag_scope_last,
    rag_quality_last,
    rag_benefit_last,
    rag_risk_last,
    products_completed,
    products_planned_next,
    problems,
    risk_update,
    issues_status,
    change_impact,
    interdependencies,
    barriers,
    requests_for_change,
    lessons,
);

impl HighlightReportDraft {
    /// This draft with `section`'s fields taken from `page` (what that section's page
    /// posted) and every other field left as it is: a section's save never touches
    /// another section.
    pub fn with_section(&self, section: ReportSection, page: &HighlightReportDraft) -> Self {
        let mut out = self.clone();
        for f in section.fields() {
            if let Some(slot) = out.field_mut(f) {
                page.field(f).clone_into(slot);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A draft whose every field holds its own name.
    fn named() -> HighlightReportDraft {
        let mut d = HighlightReportDraft::default();
        for f in HighlightReportDraft::FIELD_NAMES {
            *d.field_mut(f).unwrap() = (*f).to_owned();
        }
        d
    }

    #[test]
    fn the_field_list_is_the_whole_draft() {
        // Every field serde knows is named once, so a new field cannot be forgotten.
        let json = serde_json::to_value(HighlightReportDraft::default()).unwrap();
        let mut serde_names: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut ours = HighlightReportDraft::FIELD_NAMES.to_vec();
        serde_names.sort_unstable();
        ours.sort_unstable();
        assert_eq!(ours, serde_names);
        let d = named();
        for f in HighlightReportDraft::FIELD_NAMES {
            assert_eq!(d.field(f), *f);
        }
    }

    #[test]
    fn every_field_belongs_to_exactly_one_section() {
        for f in HighlightReportDraft::FIELD_NAMES {
            let owners: Vec<_> = ReportSection::ALL
                .iter()
                .copied()
                .filter(|s| s.fields().contains(f))
                .collect();
            assert_eq!(owners.len(), 1, "{f} is in {owners:?}");
        }
    }

    #[test]
    fn a_section_save_changes_that_section_and_nothing_else() {
        let before = HighlightReportDraft::default();
        for &section in ReportSection::ALL {
            let after = before.with_section(section, &named());
            for f in HighlightReportDraft::FIELD_NAMES {
                let expected = if section.fields().contains(f) { *f } else { "" };
                assert_eq!(after.field(f), expected, "{section:?} saving {f}");
            }
        }
    }

    fn budget(status: &str, spend: &str) -> HighlightReportDraft {
        HighlightReportDraft {
            budget_status: status.into(),
            spend_to_date: spend.into(),
            ..HighlightReportDraft::default()
        }
    }

    #[test]
    fn the_states_of_a_section() {
        let none = ValidationErrors::new();
        let carried = budget("on_budget", "£12,000");
        let s = ReportSection::Budget;
        let blank = HighlightReportDraft::default();
        assert_eq!(
            s.state(&blank, &carried, false, &none),
            SectionState::NotStarted
        );
        assert_eq!(
            s.state(&carried, &carried, false, &none),
            SectionState::CarriedForwardCheck
        );
        let edited = budget("on_budget", "£13,500");
        assert_eq!(
            s.state(&edited, &carried, false, &none),
            SectionState::InProgress
        );
        // Confirming last period's figures unchanged completes the section.
        assert_eq!(
            s.state(&carried, &carried, true, &none),
            SectionState::Completed
        );
        // …unless the board still lacks something the section asks.
        let mut missing = ValidationErrors::new();
        missing.add("budget_status", "Choose the budget status");
        assert_eq!(
            s.state(&blank, &carried, true, &missing),
            SectionState::InProgress
        );
        // Another section's gap is not this one's.
        let mut elsewhere = ValidationErrors::new();
        elsewhere.add("rag_overall", "Choose the overall status");
        assert_eq!(
            s.state(&edited, &carried, true, &elsewhere),
            SectionState::Completed
        );
    }

    #[test]
    fn a_blank_first_report_has_nothing_carried_to_check() {
        // With nothing carried, a section with answers is in progress, never "carried".
        let blank = HighlightReportDraft::default();
        let d = budget("on_budget", "");
        assert_eq!(
            ReportSection::Budget.state(&d, &blank, false, &ValidationErrors::new()),
            SectionState::InProgress
        );
    }

    #[test]
    fn sections_and_states_read_back_from_their_text() {
        for &s in ReportSection::ALL {
            assert_eq!(s.as_str().parse::<ReportSection>().unwrap(), s);
            assert_eq!(ReportSection::of_field(s.answers()[0]), Some(s));
        }
        assert!("everything".parse::<ReportSection>().is_err());
        assert_eq!(ReportSection::of_field("nonsense"), None);
    }
}
