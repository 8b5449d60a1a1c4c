//! The session cookie: a random secret, HttpOnly, SameSite=Lax, Secure over HTTPS.
//!
//! The session row behind it lives in `highlight_store::sessions`; sessions last
//! [`LIFETIME`] from sign-in.

use axum_extra::extract::cookie::{Cookie, SameSite};
use chrono::Duration;

pub use highlight_store::sessions::{LIFETIME, end, end_all_for, start, user_of};

pub const COOKIE: &str = "highlight_session";

/// The session cookie: HttpOnly, SameSite=Lax, Secure when served over HTTPS.
pub fn cookie(secret: String, secure: bool) -> Cookie<'static> {
    Cookie::build((COOKIE, secret))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time_duration(LIFETIME))
        .build()
}

/// A cookie that removes the session cookie from the browser.
pub fn removal(secure: bool) -> Cookie<'static> {
    let mut c = cookie(String::new(), secure);
    c.make_removal();
    c
}

fn time_duration(d: Duration) -> cookie::time::Duration {
    cookie::time::Duration::seconds(d.num_seconds())
}
