//! How long a sign-in lasts (OWASP ASVS 3.3): it ends after a while with nothing done
//! (the idle timeout) and, however busy, a fixed time after signing in (the absolute
//! lifetime). Recording activity is a write, so it is recorded at most once per
//! [`SessionPolicy::touch_every`], not on every request.

use chrono::{DateTime, Duration, Utc};

/// From `[session]` in the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    pub idle_timeout: Duration,
    pub absolute_lifetime: Duration,
    /// Activity newer than this is not written again.
    pub touch_every: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::minutes(30),
            absolute_lifetime: Duration::hours(12),
            touch_every: Duration::minutes(1),
        }
    }
}

/// Where a session stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// Still signed in; `touch` says the activity is worth recording.
    Live { touch: bool },
    /// Nothing was done for the idle timeout.
    IdleExpired,
    /// Signed in for the absolute lifetime.
    AbsoluteExpired,
}

/// Why a session ended on its own, as the sign-in page explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Idle,
    Absolute,
}

impl Ending {
    /// The short word carried from the request that found the session over to the
    /// sign-in page.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Absolute => "absolute",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "idle" => Some(Self::Idle),
            "absolute" => Some(Self::Absolute),
            _ => None,
        }
    }
}

impl SessionPolicy {
    pub fn state(
        &self,
        created_at: DateTime<Utc>,
        last_seen_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> SessionState {
        if now >= created_at + self.absolute_lifetime {
            SessionState::AbsoluteExpired
        } else if now >= last_seen_at + self.idle_timeout {
            SessionState::IdleExpired
        } else {
            SessionState::Live {
                touch: now - last_seen_at >= self.touch_every,
            }
        }
    }

    /// When a session started at `created_at` ends however busy it is.
    pub fn expires_at(&self, created_at: DateTime<Utc>) -> DateTime<Utc> {
        created_at + self.absolute_lifetime
    }

    /// What the sign-in page says after a session ended on its own.
    pub fn explain(&self, ending: Ending) -> String {
        match ending {
            Ending::Idle => format!(
                "You were signed out because you had not done anything for {}. Sign in again to continue.",
                spoken(self.idle_timeout)
            ),
            Ending::Absolute => format!(
                "You were signed out because you had been signed in for {}. Sign in again to continue.",
                spoken(self.absolute_lifetime)
            ),
        }
    }
}

impl SessionState {
    pub fn ending(self) -> Option<Ending> {
        match self {
            Self::Live { .. } => None,
            Self::IdleExpired => Some(Ending::Idle),
            Self::AbsoluteExpired => Some(Ending::Absolute),
        }
    }
}

/// "30 minutes", "12 hours", "1 hour", "90 minutes".
fn spoken(d: Duration) -> String {
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    let minutes = d.num_minutes();
    if minutes >= 60 && minutes % 60 == 0 {
        plural(minutes / 60, "hour")
    } else if minutes >= 1 {
        plural(minutes, "minute")
    } else {
        plural(d.num_seconds(), "second")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn nine_am() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0)
            .single()
            .expect("a valid instant")
    }

    #[test]
    fn a_session_used_a_moment_ago_is_live_and_not_written_again() {
        let policy = SessionPolicy::default();
        let start = nine_am();
        assert_eq!(
            policy.state(start, start, start + Duration::seconds(30)),
            SessionState::Live { touch: false }
        );
        assert_eq!(
            policy.state(start, start, start + Duration::minutes(2)),
            SessionState::Live { touch: true }
        );
    }

    #[test]
    fn thirty_minutes_without_activity_ends_it() {
        let policy = SessionPolicy::default();
        let start = nine_am();
        let seen = start + Duration::hours(1);
        assert!(matches!(
            policy.state(start, seen, seen + Duration::minutes(29)),
            SessionState::Live { .. }
        ));
        assert_eq!(
            policy.state(start, seen, seen + Duration::minutes(30)),
            SessionState::IdleExpired
        );
    }

    #[test]
    fn twelve_hours_after_signing_in_it_ends_however_busy() {
        let policy = SessionPolicy::default();
        let start = nine_am();
        let now = start + Duration::hours(12);
        assert_eq!(
            policy.state(start, now - Duration::seconds(5), now),
            SessionState::AbsoluteExpired
        );
        assert_eq!(policy.expires_at(start), now);
    }

    #[test]
    fn the_reason_names_the_configured_time() {
        let policy = SessionPolicy::default();
        assert_eq!(
            policy.explain(Ending::Idle),
            "You were signed out because you had not done anything for 30 minutes. Sign in again to continue."
        );
        assert!(
            policy
                .explain(Ending::Absolute)
                .contains("signed in for 12 hours")
        );
        assert_eq!(Ending::parse(Ending::Idle.as_str()), Some(Ending::Idle));
        assert_eq!(Ending::parse("other"), None);
    }
}
