//! Random secrets (session ids, API tokens, sign-in links) and their stored hashes.
//!
//! The secret goes to the person; only its SHA-256 goes to the database, so a leaked
//! database does not let anyone sign in. The secrets are 256 random bits, so a fast hash
//! is enough (passwords, which people choose, use argon2 instead).

use sha2::{Digest, Sha256};

/// 32 random bytes as 64 hex characters.
pub fn new_secret() -> String {
    random_hex(32)
}

/// `len` random bytes from the operating system, as hex (ids that must not collide:
/// Message-IDs, worker ids). Without a working random source nothing here is safe, so
/// its absence is a panic, not an error to handle.
pub fn random_hex(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).expect("the operating system's random number generator works");
    hex::encode(bytes)
}

/// The hash stored in place of `secret`.
pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Compares two strings in constant time (for tokens compared in memory).
pub fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_hashed_deterministically() {
        let a = new_secret();
        let b = new_secret();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(hash(&a), hash(&a));
        assert_ne!(hash(&a), a);
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &b));
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "SHA-256, hex"
        );
    }
}
