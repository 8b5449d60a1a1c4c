//! Cron expressions as people type them.
//!
//! Programme offices know crontab's five fields (`0 9 1 * *`: 09:00 on the 1st).
//! The `cron` crate wants a seconds field first and numbers days of the week from
//! 1 = Sunday, where crontab uses 0 = Sunday, 1 = Monday. [`CronExpr::parse`] accepts
//! the five-field form, adds the seconds and rewrites numeric days of the week as
//! names so "1-5" still means Monday to Friday. Six- and seven-field expressions are
//! passed to the `cron` crate unchanged (its numbering: use names such as `Mon-Fri`
//! to avoid doubt). When both day-of-month and day-of-week are restricted, the `cron`
//! crate requires both to match (crontab would accept either).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

const HOW_TO_WRITE: &str = "write five fields: minute hour day-of-month month day-of-week, \
for example \"0 9 1 * *\" (09:00 on the 1st of every month) or \"0 9 * * Mon\" (every Monday)";

/// A validated cron expression. Serialised as the text the person typed.
#[derive(Clone)]
pub struct CronExpr {
    source: String,
    normalised: String,
    schedule: Box<cron::Schedule>,
}

/// Why a text is not a cron expression; the message says what a valid one looks like.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct CronParseError {
    /// A sentence naming the problem and showing a valid expression.
    pub message: String,
}

impl CronExpr {
    /// Parses a five-field crontab expression, or the `cron` crate's six/seven-field form.
    pub fn parse(text: &str) -> Result<CronExpr, CronParseError> {
        let source = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let fail = |why: String| CronParseError {
            message: format!("\"{source}\" is not a valid cron expression ({why}): {HOW_TO_WRITE}"),
        };
        if source.is_empty() {
            return Err(CronParseError {
                message: format!("Enter a cron expression: {HOW_TO_WRITE}"),
            });
        }
        let fields: Vec<&str> = source.split(' ').collect();
        let normalised = if source.starts_with('@') {
            source.clone()
        } else {
            match fields.len() {
                5 => {
                    let dow = crontab_day_of_week(fields[4]).map_err(&fail)?;
                    format!(
                        "0 {} {} {} {} {}",
                        fields[0], fields[1], fields[2], fields[3], dow
                    )
                }
                6 | 7 => source.clone(),
                n => return Err(fail(format!("it has {n} fields"))),
            }
        };
        let schedule =
            Box::new(cron::Schedule::from_str(&normalised).map_err(|e| fail(e.to_string()))?);
        let since_2000 = chrono::NaiveDate::from_ymd_opt(2000, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc());
        if since_2000.is_some_and(|t| schedule.after(&t).next().is_none()) {
            return Err(fail("it never falls on a real date".to_owned()));
        }
        Ok(CronExpr {
            source,
            normalised,
            schedule,
        })
    }

    /// The expression as typed (whitespace tidied).
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The expression in the `cron` crate's form, with a seconds field.
    pub fn normalised(&self) -> &str {
        &self.normalised
    }

    /// The parsed schedule.
    pub fn schedule(&self) -> &cron::Schedule {
        &self.schedule
    }
}

const DAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// Rewrites a crontab day-of-week field (0–7, 0 and 7 = Sunday) with day names.
fn crontab_day_of_week(field: &str) -> Result<String, String> {
    let mut parts = Vec::new();
    for item in field.split(',') {
        let (base, step) = match item.split_once('/') {
            Some((b, s)) => (b, Some(s)),
            None => (item, None),
        };
        let numeric = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        let range = match base.split_once('-') {
            Some((a, b)) if numeric(a) && numeric(b) => Some((a, b)),
            Some((a, b)) if numeric(a) || numeric(b) => {
                return Err(format!("day of week \"{item}\" mixes numbers and names"));
            }
            None if numeric(base) => Some((base, base)),
            _ => None,
        };
        let Some((a, b)) = range else {
            // "*", "*/2", "?", names and name ranges mean the same in both numberings.
            parts.push(item.to_owned());
            continue;
        };
        let day = |s: &str| -> Result<u32, String> {
            let n: u32 = s.parse().map_err(|_| format!("day of week \"{s}\""))?;
            if n > 7 {
                Err(format!(
                    "day of week {n} is out of range: use 0–7 (0 or 7 = Sunday) or names like Mon"
                ))
            } else {
                Ok(n)
            }
        };
        let (from, to) = (day(a)?, day(b)?);
        if from > to {
            return Err(format!("day-of-week range \"{base}\" runs backwards"));
        }
        let step: usize = match step {
            None => 1,
            Some(s) => match s.parse::<usize>() {
                Ok(n) if n >= 1 => n,
                _ => return Err(format!("day-of-week step \"{s}\" is not a positive number")),
            },
        };
        for n in (from..=to).step_by(step) {
            let name = DAY_NAMES[(n % 7) as usize];
            if !parts.iter().any(|p: &String| p == name) {
                parts.push(name.to_owned());
            }
        }
    }
    Ok(parts.join(","))
}

impl fmt::Debug for CronExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CronExpr")
            .field("source", &self.source)
            .field("normalised", &self.normalised)
            .finish()
    }
}

impl PartialEq for CronExpr {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl Eq for CronExpr {}

impl fmt::Display for CronExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl FromStr for CronExpr {
    type Err = CronParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CronExpr::parse(s)
    }
}

impl Serialize for CronExpr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for CronExpr {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        CronExpr::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_field_crontab_gains_a_seconds_field() {
        let c = CronExpr::parse("0 9 1 * *").unwrap();
        assert_eq!(c.normalised(), "0 0 9 1 * *");
        assert_eq!(c.as_str(), "0 9 1 * *");
    }

    #[test]
    fn crontab_day_numbers_become_names() {
        assert_eq!(
            CronExpr::parse("0 9 * * 1-5").unwrap().normalised(),
            "0 0 9 * * Mon,Tue,Wed,Thu,Fri"
        );
        assert_eq!(
            CronExpr::parse("0 9 * * 0").unwrap().normalised(),
            "0 0 9 * * Sun"
        );
        assert_eq!(
            CronExpr::parse("0 9 * * 7").unwrap().normalised(),
            "0 0 9 * * Sun"
        );
        assert_eq!(
            CronExpr::parse("0 9 * * 1,3").unwrap().normalised(),
            "0 0 9 * * Mon,Wed"
        );
        assert_eq!(
            CronExpr::parse("0 9 * * 0-6/2").unwrap().normalised(),
            "0 0 9 * * Sun,Tue,Thu,Sat"
        );
        assert_eq!(
            CronExpr::parse("0 9 * * Mon-Fri").unwrap().normalised(),
            "0 0 9 * * Mon-Fri"
        );
    }

    #[test]
    fn six_field_form_is_accepted_unchanged() {
        assert_eq!(
            CronExpr::parse("0 0 9 * * Mon").unwrap().normalised(),
            "0 0 9 * * Mon"
        );
    }

    #[test]
    fn bad_expressions_say_what_a_valid_one_looks_like() {
        for bad in [
            "",
            "every monday",
            "0 9 * *",
            "0 9 32 * *",
            "0 9 * * 8",
            "0 9 * * 1-Fri",
            "a b c d e",
        ] {
            let e = CronExpr::parse(bad).unwrap_err();
            assert!(
                e.message.contains("\"0 9 1 * *\""),
                "{bad:?}: {}",
                e.message
            );
        }
    }

    #[test]
    fn an_expression_that_never_fires_is_rejected() {
        let e = CronExpr::parse("0 9 30 2 *").unwrap_err();
        assert!(
            e.message.contains("never falls on a real date"),
            "{}",
            e.message
        );
    }

    #[test]
    fn serialises_as_the_text_typed() {
        let c = CronExpr::parse("0  9 1 * *").unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, "\"0 9 1 * *\"");
        assert_eq!(serde_json::from_str::<CronExpr>(&json).unwrap(), c);
        assert!(serde_json::from_str::<CronExpr>("\"nonsense\"").is_err());
    }
}
