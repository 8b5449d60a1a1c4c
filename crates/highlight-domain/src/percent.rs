//! Percentages with two decimal places, held as basis points.
//!
//! Cost tolerances are often set as a share of the baseline ("10%", "2.5%"). Basis
//! points (hundredths of a percent) keep that exact, like [`crate::Money`] keeps pence.
//!
//! Two readers, on purpose. [`Percent::parse`] reads what a *person types* and
//! refuses more than [`MAX_PERCENT`]. Deserialising reads what the *product wrote*:
//! every value a [`Percent`] can hold, as its `Display` prints it, so a derived share
//! (an overspend using 1250% of its tolerance) that was stored can be read again.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The largest percentage a person may type: 1000%.
pub const MAX_PERCENT: u32 = 1_000;

/// A non-negative percentage, e.g. 12.5%. Serialised as text: `"12.5%"`.
///
/// Any value round-trips through serde, including derived shares above
/// [`MAX_PERCENT`]; only [`Percent::parse`] (input) enforces that limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(into = "String")]
pub struct Percent(u32);

/// Why a text is not a percentage.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[error(
    "\"{0}\" is not a percentage: enter a number from 0 to 1000 with up to two decimals, like 10 or 2.5%"
)]
pub struct PercentParseError(pub String);

impl Percent {
    /// 0%.
    pub const ZERO: Percent = Percent(0);

    /// A percentage in basis points (1% = 100).
    pub const fn from_basis_points(bp: u32) -> Self {
        Percent(bp)
    }

    /// A whole percentage.
    pub const fn from_whole(percent: u32) -> Self {
        Percent(percent.saturating_mul(100))
    }

    /// The value in basis points (1% = 100).
    pub const fn basis_points(self) -> u32 {
        self.0
    }

    /// Parses what a person types: "10", "10%", "2.5 %", from 0 to [`MAX_PERCENT`].
    pub fn parse(text: &str) -> Result<Percent, PercentParseError> {
        let err = || PercentParseError(text.trim().to_owned());
        match basis_points(text) {
            Some(bp) if bp <= u64::from(MAX_PERCENT) * 100 => {
                u32::try_from(bp).map(Percent).map_err(|_| err())
            }
            _ => Err(err()),
        }
    }

    /// Reads what the product wrote: any percentage `Display` can print.
    fn parse_stored(text: &str) -> Result<Percent, StoredPercentError> {
        basis_points(text)
            .and_then(|bp| u32::try_from(bp).ok())
            .map(Percent)
            .ok_or_else(|| StoredPercentError(text.to_owned()))
    }
}

/// A stored text that no [`Percent`] prints.
#[derive(Debug, thiserror::Error)]
#[error("\"{0}\" is not a stored percentage such as \"12.5%\"")]
struct StoredPercentError(String);

/// "12.5%", "2.05 %", "10" in basis points; `None` unless digits with up to two
/// decimals, optionally followed by "%".
fn basis_points(text: &str) -> Option<u64> {
    let t = text.trim().trim_end_matches('%').trim();
    let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || fraction.len() > 2
        || whole.len() > 10
    {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fraction: u64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<u64>().ok()? * 10,
        _ => fraction.parse().ok()?,
    };
    whole.checked_mul(100)?.checked_add(fraction)
}

impl FromStr for Percent {
    type Err = PercentParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Percent::parse(s)
    }
}

impl TryFrom<String> for Percent {
    type Error = PercentParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Percent::parse(&value)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Percent::parse_stored(&text).map_err(serde::de::Error::custom)
    }
}

impl From<Percent> for String {
    fn from(p: Percent) -> String {
        p.to_string()
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / 100;
        let fraction = self.0 % 100;
        if fraction == 0 {
            write!(f, "{whole}%")
        } else if fraction.is_multiple_of(10) {
            write!(f, "{whole}.{}%", fraction / 10)
        } else {
            write!(f, "{whole}.{fraction:02}%")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_shows_percentages() {
        assert_eq!(Percent::parse("10"), Ok(Percent::from_whole(10)));
        assert_eq!(Percent::parse("2.5%"), Ok(Percent::from_basis_points(250)));
        assert_eq!(
            Percent::parse(" 0.05 % "),
            Ok(Percent::from_basis_points(5))
        );
        assert_eq!(Percent::from_basis_points(250).to_string(), "2.5%");
        assert_eq!(Percent::from_basis_points(205).to_string(), "2.05%");
        assert_eq!(Percent::from_whole(10).to_string(), "10%");
    }

    #[test]
    fn rejects_negative_absurd_or_malformed_percentages() {
        for t in ["-5", "abc", "1001", "1.234", "", "%"] {
            assert!(Percent::parse(t).is_err(), "{t:?}");
        }
    }

    #[test]
    fn a_share_over_a_thousand_percent_reads_back() {
        // Arrange: what `share()` writes for £50,000 over a £4,000 tolerance.
        let share = Percent::from_basis_points(125_000);

        // Act
        let json = serde_json::to_string(&share).unwrap();

        // Assert
        assert_eq!(json, "\"1250%\"");
        assert_eq!(serde_json::from_str::<Percent>(&json).unwrap(), share);
    }

    #[test]
    fn the_largest_percentage_it_can_hold_reads_back() {
        let largest = Percent::from_basis_points(u32::MAX);

        let json = serde_json::to_string(&largest).unwrap();

        assert_eq!(json, "\"42949672.95%\"");
        assert_eq!(serde_json::from_str::<Percent>(&json).unwrap(), largest);
    }

    #[test]
    fn stored_text_beyond_what_it_can_hold_is_refused() {
        for text in ["\"42949672.96%\"", "\"99999999999%\"", "\"-5%\"", "\"abc\""] {
            assert!(serde_json::from_str::<Percent>(text).is_err(), "{text}");
        }
    }

    #[test]
    fn a_person_still_cannot_type_more_than_a_thousand_percent() {
        let typed = "1250%";

        let parsed = Percent::parse(typed);

        assert!(parsed.is_err());
        assert_eq!(
            Percent::parse("1000%"),
            Ok(Percent::from_whole(MAX_PERCENT))
        );
    }

    #[test]
    fn serialises_as_text() {
        let p = Percent::from_basis_points(1250);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, "\"12.5%\"");
        assert_eq!(serde_json::from_str::<Percent>(&json).unwrap(), p);
    }
}
