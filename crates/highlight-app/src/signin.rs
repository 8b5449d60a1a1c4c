//! Signing in with a password: whether an attempt may have its password checked.
//!
//! [`admit`] counts the attempt *before* any password is hashed, with one atomic
//! statement per counter, so however many attempts arrive at once, on however many
//! instances, only the policy's number are checked; the rest are refused cheaply. The
//! pair (account, address) is counted first and an attempt it refuses is not counted
//! against the address, so hammering one account does not lock out everyone else behind
//! the same address.

use chrono::{DateTime, Duration, Utc};
use highlight_domain::throttle::{Counter, ThrottlePolicy, Verdict};
use highlight_store::{Conn, StoreResult, throttle};

/// An attempt that may not be checked, and how long until it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub retry_after: Duration,
}

/// Counts an attempt to sign in as `email` from `address`; `Err` says to refuse it
/// without checking the password.
pub async fn admit(
    db: &impl Conn,
    policy: &ThrottlePolicy,
    email: &str,
    address: &str,
    now: DateTime<Utc>,
) -> StoreResult<Result<(), Refusal>> {
    for counter in [Counter::AccountAndAddress, Counter::Address] {
        let key = ThrottlePolicy::key(counter, email, address);
        let counted = throttle::count(db, policy, &key, now).await?;
        if let Verdict::Refuse { retry_after } = policy.verdict(counter, counted, now) {
            return Ok(Err(Refusal { retry_after }));
        }
    }
    Ok(Ok(()))
}

/// A correct password: the pair's count is cleared and the attempt does not count
/// against the address; counters whose window has run out are swept away.
pub async fn succeeded(
    db: &impl Conn,
    policy: &ThrottlePolicy,
    email: &str,
    address: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    throttle::clear(
        db,
        &ThrottlePolicy::key(Counter::AccountAndAddress, email, address),
    )
    .await?;
    throttle::take_back(db, &ThrottlePolicy::key(Counter::Address, email, address)).await?;
    throttle::sweep(db, policy, now).await
}
