//! Sign-in throttling: how many password checks a window allows, and for whom.
//!
//! Two counters, each a fixed window that starts at its first attempt:
//!
//! - the *hard* limit is per account **and** client address, so one person's mistakes,
//!   or someone guessing at an account from one place, lock only that pair: the owner
//!   still signs in from elsewhere and colleagues behind the same proxy still sign in;
//! - a *softer*, larger limit per client address bounds guessing across many accounts
//!   from one place without locking out a busy office behind one proxy.
//!
//! An attempt is counted before its password is checked (the store increments the
//! counter atomically and hands back the count), so a burst of parallel attempts gets
//! exactly the allowed number of checks; a correct password clears the pair's count.

use chrono::{DateTime, Duration, Utc};

/// The limits, from `[signin]` in the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// How long a counter lasts from its first attempt.
    pub window: Duration,
    /// Password checks allowed per (e-mail address, client address) within the window.
    pub per_account_and_address: u32,
    /// Password checks allowed per client address within the window.
    pub per_address: u32,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            window: Duration::minutes(15),
            per_account_and_address: 5,
            per_address: 100,
        }
    }
}

/// Which counter an attempt is counted under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    AccountAndAddress,
    Address,
}

/// A counter as it stands after counting one more attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub window_started_at: DateTime<Utc>,
    pub attempts: u32,
}

/// What to do with an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Check the password.
    Check,
    /// Refuse without checking; the window ends after `retry_after`.
    Refuse { retry_after: Duration },
}

impl ThrottlePolicy {
    /// The key a counter is stored under. E-mail addresses are compared as typed after
    /// trimming and lower-casing, as sign-in does.
    pub fn key(counter: Counter, email: &str, address: &str) -> String {
        match counter {
            Counter::AccountAndAddress => {
                format!("account:{}|from:{address}", email.trim().to_lowercase())
            }
            Counter::Address => format!("from:{address}"),
        }
    }

    /// A counter whose window started at or before this instant has run out: the next
    /// attempt starts a new window.
    pub fn expired_before(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.window
    }

    pub fn limit(&self, counter: Counter) -> u32 {
        match counter {
            Counter::AccountAndAddress => self.per_account_and_address,
            Counter::Address => self.per_address,
        }
    }

    /// Whether the attempt just counted may have its password checked.
    pub fn verdict(&self, counter: Counter, counted: Counted, now: DateTime<Utc>) -> Verdict {
        if counted.attempts <= self.limit(counter) {
            return Verdict::Check;
        }
        let ends = counted.window_started_at + self.window;
        Verdict::Refuse {
            retry_after: (ends - now).max(Duration::seconds(1)),
        }
    }
}

/// Whole minutes to wait, rounded up (at least one), for the refusal's message.
pub fn minutes_to_wait(retry_after: Duration) -> i64 {
    ((retry_after.num_seconds() + 59) / 60).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32, second: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 9, minute, second)
            .single()
            .expect("a valid instant")
    }

    fn counted(attempts: u32) -> Counted {
        Counted {
            window_started_at: at(0, 0),
            attempts,
        }
    }

    #[test]
    fn the_first_five_attempts_on_an_account_from_one_address_are_checked() {
        let policy = ThrottlePolicy::default();
        for attempts in 1..=5 {
            assert_eq!(
                policy.verdict(Counter::AccountAndAddress, counted(attempts), at(1, 0)),
                Verdict::Check
            );
        }
    }

    #[test]
    fn the_sixth_is_refused_until_the_window_started_by_the_first_ends() {
        let policy = ThrottlePolicy::default();
        assert_eq!(
            policy.verdict(Counter::AccountAndAddress, counted(6), at(5, 0)),
            Verdict::Refuse {
                retry_after: Duration::minutes(10)
            }
        );
    }

    #[test]
    fn an_address_may_make_many_more_attempts_than_one_account_from_it() {
        let policy = ThrottlePolicy::default();
        assert_eq!(
            policy.verdict(Counter::Address, counted(100), at(1, 0)),
            Verdict::Check
        );
        assert!(matches!(
            policy.verdict(Counter::Address, counted(101), at(1, 0)),
            Verdict::Refuse { .. }
        ));
    }

    #[test]
    fn a_refusal_always_asks_for_at_least_a_second() {
        let policy = ThrottlePolicy::default();
        assert_eq!(
            policy.verdict(Counter::Address, counted(500), at(15, 0)),
            Verdict::Refuse {
                retry_after: Duration::seconds(1)
            }
        );
    }

    #[test]
    fn a_window_that_started_fifteen_minutes_ago_has_run_out() {
        let policy = ThrottlePolicy::default();
        assert_eq!(policy.expired_before(at(15, 0)), at(0, 0));
    }

    #[test]
    fn the_pair_key_names_the_account_and_the_address() {
        assert_eq!(
            ThrottlePolicy::key(Counter::AccountAndAddress, " Lee@Example.org ", "192.0.2.1"),
            "account:lee@example.org|from:192.0.2.1"
        );
        assert_eq!(
            ThrottlePolicy::key(Counter::Address, "lee@example.org", "192.0.2.1"),
            "from:192.0.2.1"
        );
    }

    #[test]
    fn minutes_to_wait_round_up() {
        assert_eq!(minutes_to_wait(Duration::seconds(1)), 1);
        assert_eq!(minutes_to_wait(Duration::seconds(61)), 2);
        assert_eq!(minutes_to_wait(Duration::minutes(15)), 15);
    }
}
