//! Accounts that live and end: inviting a person (an e-mail with a link to choose
//! their first password), listing everyone for administrators, disabling and enabling
//! an account, and API tokens — issued with an expiry, listed and revoked by their
//! owner or an administrator.
//!
//! The rules (an account's status, a token's expiry and state) are the domain's
//! (`highlight_domain::account`); this module checks who may act, writes and audits.
//! `actor` is `None` for the command line, which is trusted like an administrator.

use chrono::{DateTime, Utc};
use highlight_domain::account::{AccountStatus, token_expiry, token_state};
use serde::Serialize;

use crate::Actor;
use crate::error::{AppError, AppResult};
use crate::outbox::{Link, OutgoingMessage, Place, enqueue};
use crate::people::Step;
use highlight_store::accounts::ApiTokenRecord;
use highlight_store::audit::{self, Change, Who};
use highlight_store::users::UserRecord;
use highlight_store::{Conn, Db, StoreResult, accounts, login_links, people};

/// How an instant is shown on the account pages.
fn when(at: DateTime<Utc>) -> String {
    at.format("%-d %b %Y %H:%M UTC").to_string()
}

fn who(actor: Option<&Actor>) -> Option<Who<'_>> {
    actor.map(Actor::who)
}

fn require_admin(actor: Option<&Actor>, what: &str) -> AppResult<()> {
    crate::scope::require(actor.is_none_or(|a| a.user.is_admin), what)
}

/// Queues the invitation e-mail for `user`: a link (issued when the e-mail is sent,
/// working for seven days) to choose their first password. Each call queues a new one.
pub async fn queue_invitation(
    db: &impl Conn,
    public_url: &url::Url,
    user: &UserRecord,
    invited_by: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    enqueue(
        db,
        public_url,
        OutgoingMessage {
            dedupe_key: format!("invitation:{}:{}", user.id, now.timestamp_micros()),
            kind: highlight_domain::MessageKind::Invitation,
            recipient_user_id: Some(user.id.0),
            recipient_address: user.email.clone(),
            recipient_name: user.name.clone(),
            programme_id: None,
            workstream_id: None,
            period_id: None,
            data: serde_json::json!({
                "invited_by": invited_by,
                "days": highlight_domain::account::INVITATION_DAYS,
            }),
            link: Some(Link {
                place: Place::Home,
                sign_in_purpose: Some(login_links::INVITATION.into()),
            }),
            send: true,
        },
        now,
    )
    .await
}

/// A person as administrators see them.
#[derive(Debug, Clone, Serialize)]
pub struct PersonSummary {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub is_admin: bool,
    /// Their roles in words ("administrator, lead of Shared Services").
    pub roles: String,
    pub status: AccountStatus,
    /// "invited", "active" or "disabled".
    pub status_word: &'static str,
    pub last_sign_in: Option<DateTime<Utc>>,
    /// When they last signed in, in words; empty when not known.
    pub last_sign_in_label: String,
}

impl PersonSummary {
    fn of(user: UserRecord, roles: String, last_sign_in: Option<DateTime<Utc>>) -> Self {
        let status = AccountStatus::of(user.password_hash.is_some(), user.disabled_at);
        Self {
            id: user.id.0,
            name: user.name,
            email: user.email,
            is_admin: user.is_admin,
            roles,
            status,
            status_word: status.as_str(),
            last_sign_in,
            last_sign_in_label: last_sign_in.map(when).unwrap_or_default(),
        }
    }
}

/// Everyone with an account, disabled ones too, by name (administrators only).
pub async fn people(db: &impl Conn, actor: Option<&Actor>) -> AppResult<Vec<PersonSummary>> {
    require_admin(actor, "see everyone's account")?;
    Ok(people::everyone(db)
        .await
        .step("listing the people")?
        .into_iter()
        .map(|p| PersonSummary::of(p.user, p.roles, p.last_sign_in))
        .collect())
}

/// One person (administrators only).
pub async fn person(
    db: &impl Conn,
    actor: Option<&Actor>,
    user_id: i64,
) -> AppResult<PersonSummary> {
    people(db, actor)
        .await?
        .into_iter()
        .find(|p| p.id == user_id)
        .ok_or_else(|| AppError::NotFound(format!("the account {user_id}")))
}

/// The account with this e-mail address (for the command line).
pub async fn by_email(db: &impl Conn, email: &str) -> AppResult<UserRecord> {
    people::by_email(db, email)
        .await
        .step("finding the account")?
        .ok_or_else(|| AppError::NotFound(format!("an account for {}", email.trim())))
}

/// Disables (`enabled == false`) or re-enables an account. Disabling ends its sessions,
/// unused links and API tokens at once. Nobody disables their own account.
pub async fn set_enabled(
    db: &Db,
    actor: Option<&Actor>,
    user_id: i64,
    enabled: bool,
    now: DateTime<Utc>,
) -> AppResult<PersonSummary> {
    require_admin(actor, "disable or enable accounts")?;
    if !enabled && actor.is_some_and(|a| a.id() == user_id) {
        return Err(AppError::Conflict(
            "You cannot disable your own account: ask another administrator".into(),
        ));
    }
    let before = accounts::find(db, user_id)
        .await
        .step("loading the account")?
        .ok_or_else(|| AppError::NotFound(format!("the account {user_id}")))?;
    if before.disabled_at.is_none() == enabled {
        return person(db, actor, user_id).await;
    }
    let txn = highlight_store::begin(db)
        .await
        .step("starting the transaction")?;
    accounts::set_disabled(&txn, user_id, !enabled, now)
        .await
        .step("changing the account")?;
    audit::record(
        &txn,
        who(actor),
        Change::<(), _> {
            programme_id: None,
            action: if enabled {
                "user.enabled"
            } else {
                "user.disabled"
            },
            entity: "user",
            entity_id: user_id.to_string(),
            before: None,
            after: Some(&serde_json::json!({ "email": before.email, "enabled": enabled })),
        },
        now,
    )
    .await
    .step("recording the change in the audit log")?;
    highlight_store::commit(txn)
        .await
        .step("committing the change")?;
    person(db, actor, user_id).await
}

/// Sends an invited person (no password yet, not disabled) a new invitation.
pub async fn resend_invitation(
    db: &Db,
    public_url: &url::Url,
    actor: Option<&Actor>,
    user_id: i64,
    now: DateTime<Utc>,
) -> AppResult<PersonSummary> {
    require_admin(actor, "send invitations")?;
    let user = accounts::find(db, user_id)
        .await
        .step("loading the account")?
        .ok_or_else(|| AppError::NotFound(format!("the account {user_id}")))?;
    match AccountStatus::of(user.password_hash.is_some(), user.disabled_at) {
        AccountStatus::Invited => {}
        AccountStatus::Active => {
            return Err(AppError::Conflict(format!(
                "{} has already chosen a password: they can use \"Forgotten your password?\"",
                user.name
            )));
        }
        AccountStatus::Disabled => {
            return Err(AppError::Conflict(format!(
                "{}'s account is disabled: enable it first",
                user.name
            )));
        }
    }
    let txn = highlight_store::begin(db)
        .await
        .step("starting the transaction")?;
    let inviter = actor.map_or("The programme office", |a| a.user.name.as_str());
    queue_invitation(&txn, public_url, &user, inviter, now)
        .await
        .step("queueing the invitation")?;
    audit::record(
        &txn,
        who(actor),
        Change::<(), _> {
            programme_id: None,
            action: "user.invited",
            entity: "user",
            entity_id: user.id.to_string(),
            before: None,
            after: Some(&serde_json::json!({ "email": user.email })),
        },
        now,
    )
    .await
    .step("recording the invitation in the audit log")?;
    highlight_store::commit(txn)
        .await
        .step("committing the invitation")?;
    person(db, actor, user_id).await
}

/// An API token as listed (never the token itself).
#[derive(Debug, Clone, Serialize)]
pub struct TokenSummary {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// "active", "expired" or "revoked".
    pub state: &'static str,
    pub created_label: String,
    pub last_used_label: String,
    pub expires_label: String,
    pub active: bool,
}

impl TokenSummary {
    fn of(t: ApiTokenRecord, now: DateTime<Utc>) -> Self {
        let state = token_state(t.revoked_at, t.expires_at, now);
        Self {
            id: t.id,
            user_id: t.user_id.0,
            name: t.name,
            created_label: when(t.created_at),
            last_used_label: t.last_used_at.map(when).unwrap_or_default(),
            expires_label: t.expires_at.map(when).unwrap_or_default(),
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            expires_at: t.expires_at,
            revoked_at: t.revoked_at,
            active: state == "active",
            state,
        }
    }
}

fn may_manage_tokens_of(actor: Option<&Actor>, user_id: i64) -> AppResult<()> {
    crate::scope::require(
        actor.is_none_or(|a| a.user.is_admin || a.id() == user_id),
        "manage another person's API tokens",
    )
}

/// The API tokens of `user_id`, newest first: their own, or anyone's for an administrator.
pub async fn tokens_of(
    db: &impl Conn,
    actor: Option<&Actor>,
    user_id: i64,
    now: DateTime<Utc>,
) -> AppResult<Vec<TokenSummary>> {
    may_manage_tokens_of(actor, user_id)?;
    Ok(accounts::tokens_of(db, user_id)
        .await
        .step("listing the API tokens")?
        .into_iter()
        .map(|t| TokenSummary::of(t, now))
        .collect())
}

/// Issues an API token called `name` for `user_id`, working for `days`. Returns the
/// token (shown once) and its summary.
pub async fn issue_token(
    db: &Db,
    actor: Option<&Actor>,
    user_id: i64,
    name: &str,
    days: u32,
    now: DateTime<Utc>,
) -> AppResult<(String, TokenSummary)> {
    may_manage_tokens_of(actor, user_id)?;
    let name = highlight_domain::text::normalise(name);
    if name.is_empty() {
        let mut errors = highlight_domain::ValidationErrors::new();
        errors.add(
            "name",
            "Enter a name for the token, like \"Power BI refresh\"",
        );
        return Err(AppError::Invalid(errors));
    }
    let txn = highlight_store::begin(db)
        .await
        .step("starting the transaction")?;
    let (token, row) =
        accounts::issue_api_token(&txn, user_id, &name, token_expiry(now, days), now)
            .await
            .step("storing the API token")?;
    audit::record(
        &txn,
        who(actor),
        Change::<(), _> {
            programme_id: None,
            action: "token.created",
            entity: "api_token",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(&serde_json::json!({ "user_id": user_id, "name": name, "expires_at": row.expires_at })),
        },
        now,
    )
    .await
    .step("recording the token in the audit log")?;
    highlight_store::commit(txn)
        .await
        .step("committing the token")?;
    Ok((token, TokenSummary::of(row, now)))
}

/// Revokes API token `token_id`: its owner's, or anyone's for an administrator.
pub async fn revoke_token(
    db: &Db,
    actor: Option<&Actor>,
    token_id: i64,
    now: DateTime<Utc>,
) -> AppResult<TokenSummary> {
    let found = accounts::token(db, token_id)
        .await
        .step("loading the API token")?
        .filter(|t| actor.is_none_or(|a| a.user.is_admin || a.id() == t.user_id.0))
        .ok_or_else(|| AppError::NotFound(format!("the API token {token_id}")))?;
    if found.revoked_at.is_some() {
        return Ok(TokenSummary::of(found, now));
    }
    let txn = highlight_store::begin(db)
        .await
        .step("starting the transaction")?;
    let row = accounts::revoke_token(&txn, token_id, now)
        .await
        .step("revoking the API token")?;
    audit::record(
        &txn,
        who(actor),
        Change::<(), _> {
            programme_id: None,
            action: "token.revoked",
            entity: "api_token",
            entity_id: token_id.to_string(),
            before: None,
            after: Some(&serde_json::json!({ "user_id": row.user_id, "name": row.name })),
        },
        now,
    )
    .await
    .step("recording the revocation in the audit log")?;
    highlight_store::commit(txn)
        .await
        .step("committing the revocation")?;
    Ok(TokenSummary::of(row, now))
}
