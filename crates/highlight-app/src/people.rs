//! Choosing a person for a role: an existing account picked from a list, or an e-mail
//! address — an existing account's, or a new one made (without a password: they sign
//! in once one is set) with the name given.
//!
//! Choices are checked first, together, in one query ([`check`]); accounts are made
//! later, inside the change's transaction ([`settle`]).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use highlight_domain::ValidationErrors;
use highlight_domain::text::normalise;
use serde::Serialize;

use crate::Actor;
use crate::error::{AppError, AppResult};
use crate::forms::looks_like_email;
use highlight_store::audit::{self, Change};
use highlight_store::users::UserRecord;
use highlight_store::users::{NewUser, by_ids_or_emails, create, enabled};
use highlight_store::{Conn, StoreError, StoreResult};

/// Names the step a store call was for, so a logged 500 says which one failed.
/// Not-found, conflict and busy keep their own answers (404, 409, 503).
pub(crate) trait Step<T> {
    fn step(self, what: &'static str) -> AppResult<T>;
}

impl<T> Step<T> for StoreResult<T> {
    fn step(self, what: &'static str) -> AppResult<T> {
        self.map_err(|e: StoreError| match AppError::from(e) {
            AppError::Internal(cause) => AppError::Internal(cause.context(what)),
            other => other,
        })
    }
}

/// A person as typed: `field` is the form's prefix ("lead" → `lead_id`, `lead_email`,
/// `lead_name`).
#[derive(Debug, Clone, Copy)]
pub struct PersonInput<'a> {
    pub field: &'a str,
    pub label: &'a str,
    pub id: &'a str,
    pub email: &'a str,
    pub name: &'a str,
}

/// A checked choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen {
    Nobody,
    Existing(UserRecord),
    New { email: String, name: String },
}

/// Checks every choice with one query, adding each problem to `errors`.
pub async fn check(
    db: &impl Conn,
    inputs: &[PersonInput<'_>],
    errors: &mut ValidationErrors,
) -> StoreResult<Vec<Chosen>> {
    let ids: Vec<i64> = inputs
        .iter()
        .filter_map(|p| p.id.trim().parse().ok())
        .collect();
    let emails: Vec<String> = inputs
        .iter()
        .map(|p| p.email.trim().to_lowercase())
        .filter(|e| !e.is_empty())
        .collect();
    let found = by_ids_or_emails(db, &ids, &emails).await?;
    let by_id: HashMap<i64, &UserRecord> = found.iter().map(|u| (u.id.0, u)).collect();
    let by_email: HashMap<&str, &UserRecord> =
        found.iter().map(|u| (u.email.as_str(), u)).collect();
    let mut out = Vec::with_capacity(inputs.len());
    for p in inputs {
        let email = p.email.trim().to_lowercase();
        let chosen = if !email.is_empty() {
            if !looks_like_email(&email) {
                errors.add(
                    format!("{}_email", p.field),
                    format!(
                        "\"{email}\" is not an e-mail address: enter one like name@council.gov.uk"
                    ),
                );
                Chosen::Nobody
            } else if let Some(u) = by_email.get(email.as_str()) {
                Chosen::Existing((*u).clone())
            } else if normalise(p.name).is_empty() {
                errors.add(
                    format!("{}_name", p.field),
                    format!(
                        "There is no account for {email}: enter the {} name to create one",
                        p.label
                    ),
                );
                Chosen::Nobody
            } else {
                Chosen::New {
                    email,
                    name: normalise(p.name),
                }
            }
        } else if !p.id.trim().is_empty() {
            match p
                .id
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(|id| by_id.get(&id))
            {
                Some(u) => Chosen::Existing((*u).clone()),
                None => {
                    errors.add(
                        format!("{}_id", p.field),
                        format!("Choose the {} from the list", p.label),
                    );
                    Chosen::Nobody
                }
            }
        } else {
            Chosen::Nobody
        };
        out.push(chosen);
    }
    Ok(out)
}

/// The account snapshot kept in the audit log when one is made.
#[derive(Debug, Serialize)]
struct AccountSnapshot<'a> {
    email: &'a str,
    name: &'a str,
}

/// Makes the accounts chosen by e-mail that do not exist yet (once per address), each
/// sent an invitation to choose their password, and returns each choice's user id.
pub async fn settle(
    db: &impl Conn,
    public_url: &url::Url,
    actor: &Actor,
    chosen: &[Chosen],
    now: DateTime<Utc>,
) -> StoreResult<Vec<Option<UserRecord>>> {
    let mut made: HashMap<String, UserRecord> = HashMap::new();
    let mut out = Vec::with_capacity(chosen.len());
    for c in chosen {
        out.push(match c {
            Chosen::Nobody => None,
            Chosen::Existing(u) => Some(u.clone()),
            Chosen::New { email, name } => {
                if let Some(u) = made.get(email) {
                    Some(u.clone())
                } else {
                    let user = create(
                        db,
                        &NewUser {
                            email: email.clone(),
                            name: name.clone(),
                            is_admin: false,
                            password_hash: None,
                        },
                        now,
                    )
                    .await?;
                    audit::record(
                        db,
                        Some(actor.who()),
                        Change::<(), _> {
                            programme_id: None,
                            action: "user.created",
                            entity: "user",
                            entity_id: user.id.to_string(),
                            before: None,
                            after: Some(&AccountSnapshot {
                                email: &user.email,
                                name: &user.name,
                            }),
                        },
                        now,
                    )
                    .await?;
                    crate::accounts::queue_invitation(db, public_url, &user, &actor.user.name, now)
                        .await?;
                    made.insert(email.clone(), user.clone());
                    Some(user)
                }
            }
        });
    }
    Ok(out)
}

/// Someone to pick from a list.
#[derive(Debug, Clone, Serialize)]
pub struct PersonOption {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub selected: bool,
}

/// Everyone with an account (enabled), by name, with `selected` marked: one query.
pub async fn options(db: &impl Conn, selected: &str) -> StoreResult<Vec<PersonOption>> {
    let selected: Option<i64> = selected.trim().parse().ok();
    Ok(enabled(db)
        .await?
        .into_iter()
        .map(|u| PersonOption {
            selected: Some(u.id.0) == selected,
            id: u.id.0,
            name: u.name,
            email: u.email,
        })
        .collect())
}
