//! The Project Initiation Document (PID) of a workstream.
//!
//! The PID is the plan the board agreed: key proposals, deliverables with target
//! dates, stages, the baseline budget and the tolerances. Highlight reports are
//! judged against it. A PID is re-baselined — a new version with a reason — never
//! silently edited, so the board can see what the plan was when a report was made.

use crate::money::{Money, non_negative_money};
use crate::stage::{Stage, StageNumber};
use crate::tolerance::{Tolerances, TolerancesDraft};
use crate::validation::{
    ValidationErrors, optional_date, optional_text, parse_target, required_date, required_name,
    required_text,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Something the workstream will deliver, with its target ("Agreement of phased
/// programme of shared service delivery (Nov 08)").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deliverable {
    /// What will be delivered.
    pub name: String,
    /// The target date (for a month target, the month's last day).
    pub target_date: Option<NaiveDate>,
    /// The target as written ("Nov 08"), when it was not a plain date.
    pub target_label: Option<String>,
    /// When it was done.
    pub done_on: Option<NaiveDate>,
}

impl Deliverable {
    /// True when the target date has passed and it is not done.
    pub fn is_late(&self, today: NaiveDate) -> bool {
        self.done_on.is_none() && self.target_date.is_some_and(|t| t < today)
    }
}

/// Who agreed the PID and when ("PID agreed – Directors group 19 Aug 08").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// The person or group.
    pub agreed_by: String,
    /// The date.
    pub agreed_on: NaiveDate,
}

/// One version of a workstream's PID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pid {
    /// 1 for the first baseline, then 2, 3, … for each re-baseline.
    pub version: u32,
    /// Summary of key proposals.
    pub summary: Option<String>,
    /// Deliverables and their targets.
    pub deliverables: Vec<Deliverable>,
    /// Stages (phases) with dates.
    pub stages: Vec<Stage>,
    /// The baseline budget (`None`: no budget held).
    pub baseline_budget: Option<Money>,
    /// Tolerances set by the board.
    pub tolerances: Tolerances,
    /// The planned end, when not simply the end of the last stage.
    pub planned_end: Option<NaiveDate>,
    /// Who agreed it and when (`None` while still a draft PID).
    pub approval: Option<Approval>,
    /// Why this version replaced the previous one.
    pub rebaseline_reason: Option<String>,
}

impl Pid {
    /// The planned end: the explicit one, else the end of the last stage.
    pub fn planned_end(&self) -> Option<NaiveDate> {
        self.planned_end
            .or_else(|| self.stages.iter().map(|s| s.ends_on).max())
    }

    /// A new version from a draft, with the reason for re-baselining.
    pub fn rebaseline(&self, draft: &PidDraft, reason: &str) -> Result<Pid, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let reason = required_text(
            &mut errors,
            "rebaseline_reason",
            "reason for re-baselining the PID",
            reason,
        );
        let pid = draft.validate();
        match (pid, reason) {
            (Ok(mut pid), Some(reason)) if errors.is_empty() => {
                pid.version = self.version + 1;
                pid.rebaseline_reason = Some(reason);
                Ok(pid)
            }
            (Ok(_), _) => Err(errors),
            (Err(e), _) => {
                errors.0.extend(e.0);
                Err(errors)
            }
        }
    }
}

/// A deliverable as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DeliverableDraft {
    /// What will be delivered.
    pub name: String,
    /// "2026-11-30", "Nov 08", "July 2011"…
    pub target: String,
    /// When it was done, if it was.
    pub done_on: String,
}

/// A stage as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StageDraft {
    /// "1", "2"…
    pub number: String,
    /// Its name.
    pub name: String,
    /// Start date.
    pub starts_on: String,
    /// End date.
    pub ends_on: String,
}

/// A PID as typed into the form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PidDraft {
    /// Summary of key proposals.
    pub summary: String,
    /// Deliverables.
    pub deliverables: Vec<DeliverableDraft>,
    /// Stages.
    pub stages: Vec<StageDraft>,
    /// Baseline budget ("£25,000"; blank or "N/A" for none).
    pub baseline_budget: String,
    /// Tolerances.
    pub tolerances: TolerancesDraft,
    /// Planned end, if not the end of the last stage.
    pub planned_end: String,
    /// Who agreed it ("Directors group").
    pub agreed_by: String,
    /// When it was agreed.
    pub agreed_on: String,
}

impl PidDraft {
    /// Parses the draft as version 1, reporting every problem.
    pub fn validate(&self) -> Result<Pid, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let summary = optional_text(
            &mut errors,
            "summary",
            "summary of key proposals",
            &self.summary,
        );

        let mut deliverables = Vec::new();
        for (i, d) in self.deliverables.iter().enumerate() {
            let blank = d.name.trim().is_empty()
                && d.target.trim().is_empty()
                && d.done_on.trim().is_empty();
            if blank {
                continue;
            }
            let prefix = format!("deliverables[{i}]");
            let mut e = ValidationErrors::new();
            let name = required_name(&mut e, "name", "deliverable", &d.name);
            let target = match parse_target("target date", &d.target) {
                Ok(t) => t,
                Err(message) => {
                    e.add("target_date", message);
                    (None, None)
                }
            };
            let done_on = optional_date(&mut e, "done_on", "done date", &d.done_on);
            if e.is_empty()
                && let Some(name) = name
            {
                deliverables.push(Deliverable {
                    name,
                    target_date: target.0,
                    target_label: target.1,
                    done_on,
                });
            }
            errors.nest(&prefix, e);
        }

        let mut stages: Vec<Stage> = Vec::new();
        for (i, s) in self.stages.iter().enumerate() {
            let prefix = format!("stages[{i}]");
            let mut e = ValidationErrors::new();
            let number = match s.number.trim().parse::<u32>() {
                Ok(n) => match StageNumber::new(n) {
                    Ok(n) => Some(n),
                    Err(err) => {
                        e.add("number", err.to_string());
                        None
                    }
                },
                Err(_) => {
                    e.add("number", "Enter the stage number, like 1");
                    None
                }
            };
            let name = required_name(&mut e, "name", "stage name", &s.name);
            let starts_on = required_date(&mut e, "starts_on", "stage start date", &s.starts_on);
            let ends_on = required_date(&mut e, "ends_on", "stage end date", &s.ends_on);
            if let (Some(a), Some(b)) = (starts_on, ends_on)
                && b < a
            {
                e.add(
                    "ends_on",
                    format!("The stage ends ({b}) before it starts ({a}): check the dates"),
                );
            }
            if let Some(n) = number
                && stages.iter().any(|s| s.number == n)
            {
                e.add(
                    "number",
                    format!("Stage {n} is listed twice: give each stage its own number"),
                );
            }
            if let (true, Some(number), Some(name), Some(starts_on), Some(ends_on)) =
                (e.is_empty(), number, name, starts_on, ends_on)
            {
                stages.push(Stage {
                    number,
                    name,
                    starts_on,
                    ends_on,
                });
            }
            errors.nest(&prefix, e);
        }
        stages.sort_by_key(|s| s.number);

        let baseline_budget = non_negative_money(
            &mut errors,
            "baseline_budget",
            "baseline budget",
            &self.baseline_budget,
        );
        let tolerances = match self.tolerances.validate() {
            Ok(t) => Some(t),
            Err(e) => {
                errors.nest("tolerances", e);
                None
            }
        };
        let planned_end = optional_date(
            &mut errors,
            "planned_end",
            "planned end date",
            &self.planned_end,
        );
        let agreed_by = optional_text(
            &mut errors,
            "agreed_by",
            "who agreed the PID",
            &self.agreed_by,
        );
        let agreed_on = optional_date(
            &mut errors,
            "agreed_on",
            "date the PID was agreed",
            &self.agreed_on,
        );
        let approval = match (agreed_by, agreed_on) {
            (Some(agreed_by), Some(agreed_on)) => Some(Approval {
                agreed_by,
                agreed_on,
            }),
            (Some(_), None) => {
                if !errors.has("agreed_on") {
                    errors.add("agreed_on", "Enter the date the PID was agreed");
                }
                None
            }
            (None, Some(_)) => {
                errors.add(
                    "agreed_by",
                    "Enter who agreed the PID, like \"Directors group\"",
                );
                None
            }
            (None, None) => None,
        };
        errors.into_result(|| Pid {
            version: 1,
            summary,
            deliverables,
            stages,
            baseline_budget,
            tolerances: tolerances.unwrap_or_default(),
            planned_end,
            approval,
            rebaseline_reason: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> PidDraft {
        PidDraft {
            summary: "Agree a phased programme of shared service delivery".into(),
            deliverables: vec![
                DeliverableDraft {
                    name: "Agreement of phased programme".into(),
                    target: "Nov 08".into(),
                    done_on: String::new(),
                },
                DeliverableDraft {
                    name: "District shared services implemented".into(),
                    target: "July 2011".into(),
                    done_on: String::new(),
                },
            ],
            stages: vec![
                StageDraft {
                    number: "1".into(),
                    name: "Options".into(),
                    starts_on: "2008-08-19".into(),
                    ends_on: "2008-11-30".into(),
                },
                StageDraft {
                    number: "2".into(),
                    name: "Implementation".into(),
                    starts_on: "2008-12-01".into(),
                    ends_on: "2011-07-31".into(),
                },
            ],
            baseline_budget: "£25,000".into(),
            tolerances: TolerancesDraft {
                time: "8 weeks".into(),
                cost: "10%".into(),
                ..Default::default()
            },
            agreed_by: "Directors group".into(),
            agreed_on: "19/08/2008".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_pid_from_the_seed_pack_validates() {
        let pid = draft().validate().unwrap();
        assert_eq!(pid.version, 1);
        assert_eq!(pid.deliverables[0].target_label.as_deref(), Some("Nov 08"));
        assert_eq!(
            pid.deliverables[0].target_date,
            NaiveDate::from_ymd_opt(2008, 11, 30)
        );
        assert_eq!(pid.planned_end(), NaiveDate::from_ymd_opt(2011, 7, 31));
        assert_eq!(pid.baseline_budget, Some(Money::from_pounds(25_000)));
        assert_eq!(pid.approval.unwrap().agreed_by, "Directors group");
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let mut d = draft();
        d.deliverables[1].target = "Jan 1900".into();
        d.stages[1].ends_on = "2008-01-01".into();
        d.baseline_budget = "-£5".into();
        d.tolerances.time = "abc".into();
        let e = d.validate().unwrap_err();
        assert!(e.has("deliverables[1].target_date"), "{e}");
        assert!(e.has("stages[1].ends_on"), "{e}");
        assert!(e.has("baseline_budget"), "{e}");
        assert!(e.has("tolerances.time"), "{e}");
        assert_eq!(e.len(), 4, "{e}");
    }

    #[test]
    fn rebaselining_makes_a_new_version_with_a_reason() {
        let v1 = draft().validate().unwrap();
        assert!(
            v1.rebaseline(&draft(), " ")
                .unwrap_err()
                .has("rebaseline_reason")
        );
        let v2 = v1
            .rebaseline(&draft(), "Survey deadline extended to 12 December")
            .unwrap();
        assert_eq!(v2.version, 2);
        assert_eq!(
            v2.rebaseline_reason.as_deref(),
            Some("Survey deadline extended to 12 December")
        );
    }

    #[test]
    fn a_late_deliverable_is_one_past_its_target_and_not_done() {
        let pid = draft().validate().unwrap();
        let today = NaiveDate::from_ymd_opt(2008, 12, 1).unwrap();
        assert!(pid.deliverables[0].is_late(today));
        assert!(!pid.deliverables[1].is_late(today));
    }

    #[test]
    fn a_pid_whose_text_differs_only_in_crlf_parses_equal_to_the_lf_one() {
        // Arrange: the same PID as a browser sends it (CRLF) and as JSON sends it (LF).
        let mut from_a_browser = draft();
        from_a_browser.summary =
            "Agree a phased programme\r\nof shared service delivery \r\n".into();
        from_a_browser.deliverables[0].name = "Agreement of phased programme\r\n".into();
        from_a_browser.agreed_by = "Directors group\r\n".into();
        let mut from_json = draft();
        from_json.summary = "Agree a phased programme\nof shared service delivery".into();

        // Act
        let browser_pid = from_a_browser.validate().unwrap();
        let json_pid = from_json.validate().unwrap();

        // Assert
        assert_eq!(browser_pid, json_pid);
    }

    #[test]
    fn a_rebaseline_saved_without_edits_keeps_the_same_summary() {
        // Arrange: version 1 typed with LF; the edit form posts it back with CRLF.
        let v1 = draft().validate().unwrap();
        let mut posted_back = draft();
        posted_back.summary = format!("{}\r\n", draft().summary);

        // Act
        let v2 = v1.rebaseline(&posted_back, "Annual review").unwrap();

        // Assert
        assert_eq!(v2.summary, v1.summary);
    }
}
