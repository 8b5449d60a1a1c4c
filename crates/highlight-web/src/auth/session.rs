//! The session cookie: a random secret, HttpOnly, SameSite=Lax, Secure over HTTPS.
//!
//! The session row behind it lives in `highlight_store::sessions`; how long a session
//! lasts (an idle timeout and an absolute lifetime) is the domain's `SessionPolicy`,
//! configured in `[session]`. The cookie lasts as long as the absolute lifetime.

use axum_extra::extract::cookie::{Cookie, SameSite};
use chrono::Duration;
use highlight_domain::session_life::Ending;

pub use highlight_store::sessions::{end, end_all_for, find, touch, user};

pub const COOKIE: &str = "highlight_session";

/// Set when a session ended on its own, so the sign-in page can say why.
pub const ENDED_COOKIE: &str = "highlight_signed_out";

/// Starts a session for `user_id` under the app's policy; returns the cookie's secret.
pub async fn start(
    db: &impl highlight_store::Conn,
    state: &crate::app::AppState,
    user_id: i64,
) -> highlight_store::StoreResult<String> {
    let now = state.now();
    let policy = state.session_policy();
    highlight_store::sessions::start(db, user_id, now, policy.expires_at(now)).await
}

/// The session cookie: HttpOnly, SameSite=Lax, Secure when served over HTTPS, kept by
/// the browser for the session's absolute lifetime.
pub fn cookie(secret: String, secure: bool, lifetime: Duration) -> Cookie<'static> {
    Cookie::build((COOKIE, secret))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time_duration(lifetime))
        .build()
}

/// A cookie that removes the session cookie from the browser.
pub fn removal(secure: bool) -> Cookie<'static> {
    let mut c = cookie(String::new(), secure, Duration::zero());
    c.make_removal();
    c
}

/// The short-lived note of why a session ended, read once by the sign-in page.
pub fn ended(ending: Ending, secure: bool) -> Cookie<'static> {
    Cookie::build((ENDED_COOKIE, ending.as_str()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time_duration(Duration::minutes(10)))
        .build()
}

/// Removes the note once the sign-in page has shown it.
pub fn ended_removal(secure: bool) -> Cookie<'static> {
    let mut c = ended(Ending::Idle, secure);
    c.make_removal();
    c
}

fn time_duration(d: Duration) -> cookie::time::Duration {
    cookie::time::Duration::seconds(d.num_seconds())
}
