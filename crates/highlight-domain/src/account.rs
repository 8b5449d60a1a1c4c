//! An account's life: invited (no password yet), active, disabled; how long an
//! invitation and an API token last; whether an e-mailed link or a token still works.

use chrono::{DateTime, Duration, Utc};

/// How long an invitation's link works.
pub const INVITATION_DAYS: i64 = 7;
/// How long an API token works unless configured otherwise.
pub const DEFAULT_TOKEN_DAYS: u32 = 90;

/// How long an invitation's link works.
pub fn invitation_ttl() -> Duration {
    Duration::days(INVITATION_DAYS)
}

/// Where an account is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// Added, but has not set a password yet.
    Invited,
    /// Can sign in.
    Active,
    /// Signs in by no route.
    Disabled,
}

impl AccountStatus {
    /// Disabled wins; otherwise an account without a password is still invited.
    pub fn of(has_password: bool, disabled_at: Option<DateTime<Utc>>) -> Self {
        match (disabled_at, has_password) {
            (Some(_), _) => Self::Disabled,
            (None, false) => Self::Invited,
            (None, true) => Self::Active,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invited => "invited",
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }
}

/// When a token issued at `now` stops working: `days` later (at least one day).
pub fn token_expiry(now: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    now + Duration::days(i64::from(days.max(1)))
}

/// Whether an API token authenticates at `now`: not revoked, not past its expiry
/// (a token without one, issued before tokens expired, works until revoked).
pub fn token_usable(
    revoked_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    revoked_at.is_none() && expires_at.is_none_or(|e| now < e)
}

/// A token's state in words, for listings.
pub fn token_state(
    revoked_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> &'static str {
    match (revoked_at, expires_at) {
        (Some(_), _) => "revoked",
        (None, Some(e)) if now >= e => "expired",
        _ => "active",
    }
}

/// Whether an e-mailed link (sign-in, reset or invitation) may be used at `now`: unused,
/// unexpired and its account enabled. (A password change, a reset and disabling the
/// account use up every link issued before them, so they count as used.)
pub fn link_usable(
    used_at: Option<DateTime<Utc>>,
    expires_at: DateTime<Utc>,
    account_enabled: bool,
    now: DateTime<Utc>,
) -> bool {
    used_at.is_none() && now < expires_at && account_enabled
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, h, 0, 0).unwrap()
    }

    #[test]
    fn status_is_disabled_first_then_invited_until_a_password_is_set() {
        assert_eq!(AccountStatus::of(false, None), AccountStatus::Invited);
        assert_eq!(AccountStatus::of(true, None), AccountStatus::Active);
        assert_eq!(
            AccountStatus::of(true, Some(at(1))),
            AccountStatus::Disabled
        );
        assert_eq!(
            AccountStatus::of(false, Some(at(1))),
            AccountStatus::Disabled
        );
        assert_eq!(AccountStatus::Invited.as_str(), "invited");
    }

    #[test]
    fn tokens_expire_after_their_days_and_stop_when_revoked() {
        let now = at(9);
        let expires = token_expiry(now, DEFAULT_TOKEN_DAYS);
        assert_eq!(expires - now, Duration::days(90));
        assert_eq!(token_expiry(now, 0) - now, Duration::days(1));
        assert!(token_usable(None, Some(expires), now));
        assert!(!token_usable(None, Some(expires), expires));
        assert!(!token_usable(Some(now), Some(expires), now));
        assert!(
            token_usable(None, None, now),
            "old tokens work until revoked"
        );
        assert_eq!(token_state(None, Some(expires), expires), "expired");
        assert_eq!(token_state(Some(now), None, now), "revoked");
        assert_eq!(token_state(None, None, now), "active");
    }

    #[test]
    fn a_link_works_once_until_it_expires_for_an_enabled_account() {
        let issued = at(9);
        let expires = issued + invitation_ttl();
        assert!(link_usable(None, expires, true, at(10)));
        assert!(!link_usable(Some(at(10)), expires, true, at(11)));
        assert!(!link_usable(None, expires, true, expires));
        assert!(!link_usable(None, expires, false, at(10)));
    }
}
