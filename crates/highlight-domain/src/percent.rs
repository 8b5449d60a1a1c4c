//! Percentages with two decimal places, held as basis points.
//!
//! Cost tolerances are often set as a share of the baseline ("10%", "2.5%"). Basis
//! points (hundredths of a percent) keep that exact, like [`crate::Money`] keeps pence.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The largest percentage accepted: 1000%.
pub const MAX_PERCENT: u32 = 1_000;

/// A non-negative percentage, e.g. 12.5%. Serialised as text: `"12.5%"`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "String", into = "String")]
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

    /// Parses "10", "10%", "2.5 %".
    pub fn parse(text: &str) -> Result<Percent, PercentParseError> {
        let err = || PercentParseError(text.trim().to_owned());
        let t = text.trim().trim_end_matches('%').trim();
        let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty() && fraction.is_empty()
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !fraction.chars().all(|c| c.is_ascii_digit())
            || fraction.len() > 2
            || whole.len() > 5
        {
            return Err(err());
        }
        let whole: u32 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| err())?
        };
        let fraction: u32 = match fraction.len() {
            0 => 0,
            1 => fraction.parse::<u32>().map_err(|_| err())? * 10,
            _ => fraction.parse().map_err(|_| err())?,
        };
        let bp = whole * 100 + fraction;
        if bp > MAX_PERCENT * 100 {
            return Err(err());
        }
        Ok(Percent(bp))
    }
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
    fn serialises_as_text() {
        let p = Percent::from_basis_points(1250);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, "\"12.5%\"");
        assert_eq!(serde_json::from_str::<Percent>(&json).unwrap(), p);
    }
}
