//! Accounts and API tokens: people as administrators see them, and tokens as their
//! owner (or an administrator) sees them — never the token itself, except once, when
//! it is issued.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use highlight_app::accounts::{PersonSummary, TokenSummary};
use highlight_domain::account::AccountStatus as DomainStatus;

/// Where an account is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// Added, has not chosen a password yet.
    Invited,
    /// Can sign in.
    Active,
    /// Signs in by no route; its sessions, links and tokens have ended.
    Disabled,
}

impl From<DomainStatus> for AccountStatus {
    fn from(s: DomainStatus) -> Self {
        match s {
            DomainStatus::Invited => Self::Invited,
            DomainStatus::Active => Self::Active,
            DomainStatus::Disabled => Self::Disabled,
        }
    }
}

/// A person with an account.
#[derive(Debug, Serialize, ToSchema)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub is_admin: bool,
    /// Their roles in words, e.g. "programme manager, lead of Shared Services".
    pub roles: String,
    pub status: AccountStatus,
    /// When they last signed in (their newest live session), if known.
    pub last_sign_in: Option<DateTime<Utc>>,
}

impl From<PersonSummary> for Person {
    fn from(p: PersonSummary) -> Self {
        Self {
            id: p.id,
            name: p.name,
            email: p.email,
            is_admin: p.is_admin,
            roles: p.roles,
            status: p.status.into(),
            last_sign_in: p.last_sign_in,
        }
    }
}

/// Whether a token still authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TokenState {
    Active,
    /// Past `expires_at`: refused with 401.
    Expired,
    /// Revoked: refused with 401.
    Revoked,
}

/// An API token (never the token itself).
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiToken {
    pub id: i64,
    /// Whose token it is.
    pub user_id: i64,
    pub name: String,
    pub state: TokenState,
    pub created_at: DateTime<Utc>,
    /// Refreshed at most every five minutes.
    pub last_used_at: Option<DateTime<Utc>>,
    /// None for tokens issued before tokens expired.
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<TokenSummary> for ApiToken {
    fn from(t: TokenSummary) -> Self {
        Self {
            id: t.id,
            user_id: t.user_id,
            name: t.name,
            state: match t.state {
                "revoked" => TokenState::Revoked,
                "expired" => TokenState::Expired,
                _ => TokenState::Active,
            },
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            expires_at: t.expires_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// Issuing a token for oneself.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct NewTokenInput {
    /// What it is for, to recognise it later, e.g. "Power BI refresh".
    #[serde(deserialize_with = "highlight_app::forms::text")]
    pub name: String,
}

/// A token just issued: `token` is shown this once and never again.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedToken {
    /// Send it as `Authorization: Bearer <token>`.
    pub token: String,
    #[serde(flatten)]
    pub api_token: ApiToken,
}
