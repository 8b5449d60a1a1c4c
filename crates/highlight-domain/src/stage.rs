//! Stages (PRINCE2 management stages, "phases" in many PIDs).
//!
//! A workstream moves through numbered stages; each highlight report says which
//! stage it is in. [`StageNumber`] is 1 or more, so "stage 0" cannot be stored.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The largest stage number accepted.
pub const MAX_STAGE: u32 = 99;

/// A stage number, 1 to [`MAX_STAGE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct StageNumber(u32);

/// Why a number is not a stage number.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[error("Stage {0} is not a stage number: stages are numbered from 1 to 99")]
pub struct StageNumberError(pub i64);

impl StageNumber {
    /// Stage 1.
    pub const FIRST: StageNumber = StageNumber(1);

    /// A stage number, checked.
    pub fn new(n: u32) -> Result<Self, StageNumberError> {
        if (1..=MAX_STAGE).contains(&n) {
            Ok(StageNumber(n))
        } else {
            Err(StageNumberError(i64::from(n)))
        }
    }

    /// The number.
    pub const fn get(self) -> u32 {
        self.0
    }
}

impl Default for StageNumber {
    fn default() -> Self {
        StageNumber::FIRST
    }
}

impl TryFrom<u32> for StageNumber {
    type Error = StageNumberError;
    fn try_from(n: u32) -> Result<Self, Self::Error> {
        StageNumber::new(n)
    }
}

impl From<StageNumber> for u32 {
    fn from(s: StageNumber) -> u32 {
        s.0
    }
}

impl fmt::Display for StageNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A stage of a workstream's plan, from its PID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    /// Its number.
    pub number: StageNumber,
    /// Its name ("Phase 1: options").
    pub name: String,
    /// When it starts.
    pub starts_on: NaiveDate,
    /// When it ends.
    pub ends_on: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_zero_is_not_a_stage() {
        assert!(StageNumber::new(0).is_err());
        assert!(StageNumber::new(100).is_err());
        assert_eq!(StageNumber::new(1).unwrap(), StageNumber::FIRST);
        assert!(serde_json::from_str::<StageNumber>("0").is_err());
        assert_eq!(
            serde_json::to_string(&StageNumber::new(2).unwrap()).unwrap(),
            "2"
        );
    }
}
