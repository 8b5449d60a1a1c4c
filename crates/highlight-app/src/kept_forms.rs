//! Nothing typed is lost to a session timeout: a report form sent just after its
//! author's session ran out is kept for them, and shown again — to them only, once — when
//! they have signed in, to check and save. Nothing kept is ever saved to a report without
//! that second, signed-in save.

use chrono::{DateTime, Duration, Utc};
use highlight_domain::UserId;
use highlight_store::Db;

use crate::error::AppResult;

/// How long a kept form waits for its author to sign in again.
pub const KEPT_FOR: Duration = Duration::days(7);

/// Keeps what `user` (whose session has just timed out) sent to `page`.
pub async fn keep(
    db: &Db,
    user: UserId,
    page: &str,
    body: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    tracing::info!(
        user = user.0,
        page,
        "a form sent after its session timed out is kept"
    );
    Ok(highlight_store::kept_forms::keep(db, user, page, body, now, now - KEPT_FOR).await?)
}

/// What `user` sent to `page` when their session timed out, if anything is kept: read
/// once.
pub async fn take(
    db: &Db,
    user: UserId,
    page: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<String>> {
    Ok(highlight_store::kept_forms::take(db, user, page, now - KEPT_FOR).await?)
}
