//! Passwords: argon2id hashes in PHC format, and the rules a new password must meet.
//!
//! Hashing is deliberately slow, so async callers use the `_blocking` helpers, which
//! move the work off the request threads.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 10;

/// The hint under every "new password" field.
pub fn hint() -> String {
    format!("At least {MIN_LENGTH} characters. A few unrelated words make a strong password.")
}

/// Hashes `password` with argon2id and a fresh random salt.
pub fn hash(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password failed: {e}"))
}

/// Whether `password` matches the stored hash (false for a malformed hash).
pub fn verify(password: &str, stored: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), stored)
        .is_ok()
}

/// Why a new password is refused, as a sentence saying what to do.
pub fn check_new(password: &str, email: &str) -> Result<(), String> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(format!(
            "Enter a password of at least {MIN_LENGTH} characters (this one has {length})"
        ));
    }
    if length > 200 {
        return Err("Enter a password of at most 200 characters".into());
    }
    if password.trim().eq_ignore_ascii_case(email.trim()) {
        return Err("Choose a password that is not your e-mail address".into());
    }
    Ok(())
}

/// Checks a new password typed twice; the error names the field to correct
/// (`new_password` or `confirm_password`).
pub fn check_new_twice(new: &str, again: &str, email: &str) -> Result<(), (&'static str, String)> {
    check_new(new, email).map_err(|m| ("new_password", m))?;
    if new != again {
        return Err((
            "confirm_password",
            "Enter the same new password twice".into(),
        ));
    }
    Ok(())
}

pub async fn hash_blocking(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash(&password)).await?
}

/// Verifies off the request threads. With no stored hash it still does the work of a
/// verification, so an unknown e-mail address takes as long as a wrong password.
pub async fn verify_blocking(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match stored {
        Some(stored) => verify(&password, &stored),
        None => {
            let _ = hash(&password);
            false
        }
    })
    .await
    .unwrap_or(false)
}

/// [`verify_blocking`] once one of `hashers` is free, waiting at most `wait` for it
/// (`None` then: every hasher is busy, and the caller answers 503). A burst of sign-ins
/// so queues for the CPU instead of starving every other request of it.
pub async fn verify_bounded(
    hashers: &tokio::sync::Semaphore,
    wait: std::time::Duration,
    password: String,
    stored: Option<String>,
) -> Option<bool> {
    let _permit = tokio::time::timeout(wait, hashers.acquire())
        .await
        .ok()?
        .ok()?;
    Some(verify_blocking(password, stored).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse battery").expect("hashes");
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("Correct horse battery", &stored));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn short_passwords_and_the_email_address_are_refused() {
        assert!(
            check_new("short", "a@b.c")
                .unwrap_err()
                .contains("at least 10")
        );
        assert!(check_new("lee@example.org", "lee@example.org").is_err());
        assert!(check_new("a long enough passphrase", "lee@example.org").is_ok());
    }
}
