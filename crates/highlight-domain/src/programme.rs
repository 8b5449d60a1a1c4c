//! The programme: the unit a programme office runs and a board oversees.
//!
//! It owns the settings every rule needs: the reporting cycle, the time zone the
//! due dates are read in (Europe/London unless set), the currency (GBP), the
//! reminder policy and the RAG policy.

use crate::cycle::ReportingCycle;
use crate::figures::assessment::RagPolicy;
use crate::ids::UserId;
use crate::money::Currency;
use crate::percent::Percent;
use crate::reminder::ReminderPolicy;
use crate::slug::Slug;
use crate::validation::{ValidationErrors, optional_text, parse_enum, required_name};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The time zone used when a programme does not set one.
pub const DEFAULT_TIME_ZONE: Tz = chrono_tz::Europe::London;

/// A programme of change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Programme {
    /// "Pioneer Somerset".
    pub name: String,
    /// "pioneer-somerset".
    pub slug: Slug,
    /// What it is for.
    pub description: Option<String>,
    /// The senior responsible owner or sponsor.
    pub sponsor: Option<String>,
    /// The programme manager (receives escalations and the digest).
    pub programme_manager: Option<UserId>,
    /// Board members, as named in the pack.
    pub board_members: Vec<String>,
    /// When reports are due.
    pub reporting_cycle: ReportingCycle,
    /// The time zone due dates are read in (IANA name in JSON: "Europe/London").
    pub time_zone: Tz,
    /// The currency of all money.
    pub currency: Currency,
    /// When reminders go out.
    pub reminder_policy: ReminderPolicy,
    /// How the overall RAG treats deviations within tolerance.
    pub rag_policy: RagPolicy,
}

/// A programme as typed into the form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgrammeDraft {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Sponsor.
    pub sponsor: String,
    /// Board members, one per line.
    pub board_members: String,
    /// "monthly on the 5th working day", a cron expression, …
    pub reporting_cycle: String,
    /// IANA time zone; blank for Europe/London.
    pub time_zone: String,
    /// "GBP"; blank for GBP.
    pub currency: String,
    /// Share of a tolerance a deviation may use and stay green ("0%" default).
    pub amber_share_of_tolerance: String,
}

impl ProgrammeDraft {
    /// Validates the draft (reminders default; the programme manager is set separately).
    pub fn validate(&self) -> Result<Programme, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let e = &mut errors;
        let name = required_name(e, "name", "programme name", &self.name);
        let slug = name.as_deref().and_then(|n| match Slug::from_name(n) {
            Ok(s) => Some(s),
            Err(err) => {
                e.add("name", err.to_string());
                None
            }
        });
        let description = optional_text(e, "description", "description", &self.description);
        let sponsor = optional_text(e, "sponsor", "sponsor", &self.sponsor);
        let board_members: Vec<String> = self
            .board_members
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        let reporting_cycle = match self.reporting_cycle.parse::<ReportingCycle>() {
            Ok(c) => Some(c),
            Err(err) => {
                e.add("reporting_cycle", err.message);
                None
            }
        };
        let time_zone = if self.time_zone.trim().is_empty() {
            Some(DEFAULT_TIME_ZONE)
        } else {
            match self.time_zone.trim().parse::<Tz>() {
                Ok(tz) => Some(tz),
                Err(_) => {
                    e.add(
                        "time_zone",
                        format!(
                            "\"{}\" is not a time zone: use a name such as Europe/London",
                            self.time_zone.trim()
                        ),
                    );
                    None
                }
            }
        };
        let currency = if self.currency.trim().is_empty() {
            Some(Currency::Gbp)
        } else {
            parse_enum(e, "currency", &self.currency)
        };
        let amber_share = if self.amber_share_of_tolerance.trim().is_empty() {
            Some(Percent::ZERO)
        } else {
            match Percent::parse(&self.amber_share_of_tolerance) {
                Ok(p) if p <= Percent::from_whole(100) => Some(p),
                Ok(_) => {
                    e.add(
                        "amber_share_of_tolerance",
                        "The share of tolerance must be from 0% to 100%",
                    );
                    None
                }
                Err(err) => {
                    e.add("amber_share_of_tolerance", err.to_string());
                    None
                }
            }
        };
        match (
            name,
            slug,
            reporting_cycle,
            time_zone,
            currency,
            amber_share,
        ) {
            (
                Some(name),
                Some(slug),
                Some(reporting_cycle),
                Some(time_zone),
                Some(currency),
                Some(share),
            ) if errors.is_empty() => Ok(Programme {
                name,
                slug,
                description,
                sponsor,
                programme_manager: None,
                board_members,
                reporting_cycle,
                time_zone,
                currency,
                reminder_policy: ReminderPolicy::default(),
                rag_policy: RagPolicy {
                    amber_share_of_tolerance: share,
                },
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_programme_defaults_to_london_and_pounds() {
        let p = ProgrammeDraft {
            name: "Pioneer Somerset".into(),
            reporting_cycle: "monthly on the 5th working day".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(p.slug, "pioneer-somerset");
        assert_eq!(p.time_zone, chrono_tz::Europe::London);
        assert_eq!(p.currency, Currency::Gbp);
        assert_eq!(p.reminder_policy, ReminderPolicy::default());
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["time_zone"], "Europe/London");
        assert_eq!(json["currency"], "gbp");
        assert_eq!(serde_json::from_value::<Programme>(json).unwrap(), p);
    }

    #[test]
    fn every_bad_field_is_reported() {
        let e = ProgrammeDraft {
            name: " ".into(),
            reporting_cycle: "whenever".into(),
            time_zone: "Mars/Olympus".into(),
            currency: "doubloons".into(),
            amber_share_of_tolerance: "150%".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        for f in [
            "name",
            "reporting_cycle",
            "time_zone",
            "currency",
            "amber_share_of_tolerance",
        ] {
            assert!(e.has(f), "{f}: {e}");
        }
    }

    #[test]
    fn a_description_from_a_browser_is_stored_with_lf_line_endings() {
        let draft = |description: &str| ProgrammeDraft {
            name: "Pioneer Somerset".into(),
            reporting_cycle: "monthly on the 5th working day".into(),
            description: description.into(),
            ..Default::default()
        };
        assert_eq!(
            draft("Shared services\r\nacross Somerset\r\n")
                .validate()
                .unwrap(),
            draft("Shared services\nacross Somerset")
                .validate()
                .unwrap()
        );
    }
}
