//! Risks: the register per workstream, and the programme's top risks.
//!
//! Each risk is scored likelihood × impact (both 1–5). The board sees the worst
//! first: highest score, then the nearest (proximity), then the longest-standing.

use crate::ids::WorkstreamId;
use crate::rag::Rag;
use crate::text_enum::text_enum;
use crate::validation::{
    ValidationErrors, optional_text, parse_enum, required_date, required_text,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

macro_rules! one_to_five {
    ($(#[$meta:meta])* $name:ident, $label:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "u8", into = "u8")]
        pub struct $name(u8);

        impl $name {
            /// A value from 1 to 5.
            pub fn new(n: u8) -> Result<Self, String> {
                if (1..=5).contains(&n) {
                    Ok($name(n))
                } else {
                    Err(format!(concat!($label, " must be from 1 (lowest) to 5 (highest), not {}"), n))
                }
            }

            /// Parses "1" to "5".
            pub fn parse(text: &str) -> Result<Self, String> {
                match text.trim().parse::<u8>() {
                    Ok(n) => Self::new(n),
                    Err(_) => Err(format!(
                        concat!($label, " \"{}\" is not a number: enter 1 (lowest) to 5 (highest)"),
                        text.trim()
                    )),
                }
            }

            /// The value.
            pub const fn get(self) -> u8 {
                self.0
            }
        }

        impl TryFrom<u8> for $name {
            type Error = String;
            fn try_from(n: u8) -> Result<Self, String> {
                $name::new(n)
            }
        }

        impl From<$name> for u8 {
            fn from(v: $name) -> u8 {
                v.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

one_to_five!(
    /// How likely the risk is, 1–5.
    Likelihood,
    "Likelihood"
);
one_to_five!(
    /// How bad it would be, 1–5.
    Impact,
    "Impact"
);

/// Likelihood × impact, 1–25.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RiskScore(u8);

impl RiskScore {
    /// The score of a likelihood and an impact.
    pub fn of(likelihood: Likelihood, impact: Impact) -> Self {
        RiskScore(likelihood.get() * impact.get())
    }

    /// The score.
    pub const fn get(self) -> u8 {
        self.0
    }

    /// The usual 5×5 banding: 15–25 red, 8–14 amber, 1–7 green.
    pub fn rag(self) -> Rag {
        match self.0 {
            15.. => Rag::Red,
            8..=14 => Rag::Amber,
            _ => Rag::Green,
        }
    }
}

text_enum! {
    /// "open" or "closed".
    pub enum RiskStatus ("risk status") {
        /// Still a risk.
        Open => "open",
        /// No longer a risk.
        Closed => "closed",
    }
}

text_enum! {
    /// When the risk would strike (PRINCE2 proximity), nearest first.
    pub enum Proximity ("risk proximity") {
        /// Any time now.
        Imminent => "imminent",
        /// Within the current stage.
        WithinStage => "within_stage",
        /// Within the workstream's life.
        WithinProject => "within_project",
        /// After the workstream closes.
        BeyondProject => "beyond_project",
    }
}

/// A dated note on a risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskUpdate {
    /// When.
    pub on: NaiveDate,
    /// What changed.
    pub note: String,
}

/// A risk in a register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    /// The workstream's register, or `None` for a programme-level risk.
    pub workstream: Option<WorkstreamId>,
    /// What might happen.
    pub description: String,
    /// Why it might.
    pub cause: Option<String>,
    /// What it would do.
    pub effect: Option<String>,
    /// How likely.
    pub likelihood: Likelihood,
    /// How bad.
    pub impact: Impact,
    /// How soon.
    pub proximity: Option<Proximity>,
    /// Who owns it.
    pub owner: Option<String>,
    /// Response or mitigation.
    pub response: Option<String>,
    /// Open or closed.
    pub status: RiskStatus,
    /// When it was raised.
    pub raised_on: NaiveDate,
    /// Dated updates, oldest first.
    pub updates: Vec<RiskUpdate>,
}

impl Risk {
    /// Likelihood × impact.
    pub fn score(&self) -> RiskScore {
        RiskScore::of(self.likelihood, self.impact)
    }
}

/// Board order: score descending, then nearest proximity (unknown last), then oldest.
pub fn compare_risks(a: &Risk, b: &Risk) -> Ordering {
    b.score()
        .cmp(&a.score())
        .then_with(|| match (a.proximity, b.proximity) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| a.raised_on.cmp(&b.raised_on))
}

/// The `n` worst open risks across a programme, in board order.
pub fn top_risks(risks: &[Risk], n: usize) -> Vec<&Risk> {
    let mut open: Vec<&Risk> = risks
        .iter()
        .filter(|r| r.status == RiskStatus::Open)
        .collect();
    open.sort_by(|a, b| compare_risks(a, b));
    open.truncate(n);
    open
}

/// A risk as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskDraft {
    /// What might happen.
    pub description: String,
    /// Cause.
    pub cause: String,
    /// Effect.
    pub effect: String,
    /// "1"–"5".
    pub likelihood: String,
    /// "1"–"5".
    pub impact: String,
    /// "imminent", "within_stage", "within_project", "beyond_project" or blank.
    pub proximity: String,
    /// Owner.
    pub owner: String,
    /// Response or mitigation.
    pub response: String,
    /// "open" (default) or "closed".
    pub status: String,
    /// When raised.
    pub raised_on: String,
}

impl RiskDraft {
    /// Validates the draft for a register, reporting every problem.
    pub fn validate(&self, workstream: Option<WorkstreamId>) -> Result<Risk, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let e = &mut errors;
        let description = required_text(e, "description", "risk description", &self.description);
        let cause = optional_text(e, "cause", "cause", &self.cause);
        let effect = optional_text(e, "effect", "effect", &self.effect);
        let likelihood = Likelihood::parse(&self.likelihood)
            .map_err(|m| e.add("likelihood", m))
            .ok();
        let impact = Impact::parse(&self.impact)
            .map_err(|m| e.add("impact", m))
            .ok();
        let proximity = if self.proximity.trim().is_empty() {
            None
        } else {
            parse_enum(e, "proximity", &self.proximity)
        };
        let owner = optional_text(e, "owner", "owner", &self.owner);
        let response = optional_text(e, "response", "response", &self.response);
        let status = if self.status.trim().is_empty() {
            Some(RiskStatus::Open)
        } else {
            parse_enum(e, "status", &self.status)
        };
        let raised_on = required_date(e, "raised_on", "date raised", &self.raised_on);
        match (description, likelihood, impact, status, raised_on) {
            (Some(description), Some(likelihood), Some(impact), Some(status), Some(raised_on))
                if errors.is_empty() =>
            {
                Ok(Risk {
                    workstream,
                    description,
                    cause,
                    effect,
                    likelihood,
                    impact,
                    proximity,
                    owner,
                    response,
                    status,
                    raised_on,
                    updates: Vec::new(),
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn risk(l: u8, i: u8, proximity: Option<Proximity>, raised_day: u32) -> Risk {
        Risk {
            workstream: Some(WorkstreamId(1)),
            description: format!("risk {l}x{i} {raised_day}"),
            cause: None,
            effect: None,
            likelihood: Likelihood::new(l).unwrap(),
            impact: Impact::new(i).unwrap(),
            proximity,
            owner: None,
            response: None,
            status: RiskStatus::Open,
            raised_on: NaiveDate::from_ymd_opt(2026, 1, raised_day).unwrap(),
            updates: Vec::new(),
        }
    }

    #[test]
    fn score_is_likelihood_times_impact() {
        assert_eq!(risk(4, 5, None, 1).score().get(), 20);
        assert_eq!(risk(4, 5, None, 1).score().rag(), Rag::Red);
        assert_eq!(
            RiskScore::of(Likelihood::new(2).unwrap(), Impact::new(4).unwrap()).rag(),
            Rag::Amber
        );
        assert_eq!(
            RiskScore::of(Likelihood::new(1).unwrap(), Impact::new(1).unwrap()).rag(),
            Rag::Green
        );
    }

    #[test]
    fn ordered_by_score_then_proximity_then_oldest() {
        let risks = vec![
            risk(2, 2, Some(Proximity::Imminent), 1),
            risk(3, 3, None, 1),
            risk(3, 3, Some(Proximity::WithinProject), 5),
            risk(3, 3, Some(Proximity::Imminent), 9),
            risk(3, 3, Some(Proximity::Imminent), 2),
            risk(5, 5, None, 20),
        ];
        let order: Vec<String> = top_risks(&risks, 10)
            .iter()
            .map(|r| r.description.clone())
            .collect();
        assert_eq!(
            order,
            [
                "risk 5x5 20",
                "risk 3x3 2",
                "risk 3x3 9",
                "risk 3x3 5",
                "risk 3x3 1",
                "risk 2x2 1"
            ]
        );
    }

    #[test]
    fn top_n_leaves_out_closed_risks() {
        let mut closed = risk(5, 5, None, 1);
        closed.status = RiskStatus::Closed;
        let risks = vec![closed, risk(1, 2, None, 1), risk(2, 2, None, 1)];
        let top = top_risks(&risks, 1);
        assert_eq!(top.len(), 1);
        assert_eq!(top[0].score().get(), 4);
    }

    #[test]
    fn likelihood_seven_is_rejected_naming_the_field() {
        let e = RiskDraft {
            description: "Insufficient engagement with key partners".into(),
            likelihood: "7".into(),
            impact: "x".into(),
            raised_on: "2008-11-01".into(),
            ..Default::default()
        }
        .validate(None)
        .unwrap_err();
        assert_eq!(
            e.messages_for("likelihood").next(),
            Some("Likelihood must be from 1 (lowest) to 5 (highest), not 7")
        );
        assert!(e.has("impact"));
        assert!(serde_json::from_str::<Likelihood>("7").is_err());
    }

    #[test]
    fn a_valid_risk_draft() {
        let r = RiskDraft {
            description: "Capacity and resources".into(),
            likelihood: "3".into(),
            impact: "4".into(),
            proximity: "within stage".into(),
            raised_on: "2008-11-01".into(),
            ..Default::default()
        }
        .validate(Some(WorkstreamId(3)))
        .unwrap();
        assert_eq!(r.score().get(), 12);
        assert_eq!(r.status, RiskStatus::Open);
        assert_eq!(r.proximity, Some(Proximity::WithinStage));
    }
}
