//! The time, as the application sees it.
//!
//! Rules take `now` as an argument; the web crate's state holds a [`Clock`] and asks it
//! once per request, so a test can pin the date an HTTP request runs at instead of
//! shifting its data to the wall clock.

use std::fmt;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

/// Where `now` comes from.
pub trait Clock: fmt::Debug + Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that says what it is told: for tests.
#[derive(Debug)]
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn at(now: DateTime<Utc>) -> Self {
        Self(Mutex::new(now))
    }

    /// Moves the clock to `now`.
    pub fn set(&self, now: DateTime<Utc>) {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = now;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_says_what_it_was_set_to() {
        let at: DateTime<Utc> = "2026-11-06T09:00:00Z".parse().unwrap();
        let clock = FixedClock::at(at);
        assert_eq!(clock.now(), at);
        let later = at + chrono::Duration::days(3);
        clock.set(later);
        assert_eq!(clock.now(), later);
    }
}
