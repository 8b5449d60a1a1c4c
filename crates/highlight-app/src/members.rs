//! The people of a programme: adding someone (by e-mail: their account, or a new one)
//! as programme manager, board member or viewer, and removing a role — never the last
//! programme manager's, so a programme always has someone to run it.

use chrono::{DateTime, Utc};
use highlight_domain::{UserId, ValidationErrors};
use serde::{Deserialize, Serialize};

use super::people::{self, PersonInput, Step};
use crate::Actor;
use crate::error::{AppError, AppResult};
use crate::scope::ProgrammeScope;
use highlight_domain::access::Role;
use highlight_store::audit::{self, Change};
use highlight_store::programmes::{ProgrammeRole, grant_role, set_programme_manager};
use highlight_store::{Conn, Db, members};

/// Adding someone, as typed (the API takes the same fields as JSON).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberForm {
    /// Their e-mail address.
    #[serde(deserialize_with = "crate::forms::text")]
    pub email: String,
    /// Their name, needed only when they have no account yet.
    #[serde(deserialize_with = "crate::forms::text")]
    pub name: String,
    /// "programme_manager", "board_member" or "viewer".
    #[serde(deserialize_with = "crate::forms::text")]
    pub role: String,
}

/// One role held by one person, as listed and returned by the API.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    /// "programme_manager", "board_member" or "viewer".
    pub role: String,
    /// "programme manager", "board member" or "viewer".
    pub role_label: String,
}

fn to_store_role(role: Role) -> ProgrammeRole {
    match role {
        Role::ProgrammeManager => ProgrammeRole::ProgrammeManager,
        Role::BoardMember => ProgrammeRole::BoardMember,
        Role::Viewer => ProgrammeRole::Viewer,
    }
}

/// Everyone with a role in the programme.
#[tracing::instrument(skip_all, fields(programme_id))]
pub async fn list(db: &impl Conn, programme_id: i64) -> AppResult<Vec<Member>> {
    Ok(members::of_programme(db, programme_id)
        .await
        .step("loading the programme's people")?
        .into_iter()
        .map(|m| Member {
            user_id: m.user.id.0,
            name: m.user.name,
            email: m.user.email,
            role: m.role.as_str().to_owned(),
            role_label: m.role.label().to_owned(),
        })
        .collect())
}

#[derive(Debug, Serialize)]
struct MemberSnapshot<'a> {
    person: String,
    role: &'a str,
}

/// Gives someone a role in the programme.
#[tracing::instrument(skip_all, fields(programme_id = scope.id(), actor = actor.id()))]
pub async fn add(
    db: &Db,
    public_url: &url::Url,
    actor: &Actor,
    scope: &ProgrammeScope,
    form: &MemberForm,
    now: DateTime<Utc>,
) -> AppResult<Member> {
    let mut errors = ValidationErrors::new();
    let role = Role::parse(form.role.trim());
    if role.is_none() {
        errors.add(
            "role",
            "Choose a role: programme manager, board member or viewer",
        );
    }
    if form.email.trim().is_empty() {
        errors.add("email", "Enter the person's e-mail address");
    }
    let chosen = people::check(
        db,
        &[PersonInput {
            field: "person",
            label: "person's",
            id: "",
            email: &form.email,
            name: &form.name,
        }],
        &mut errors,
    )
    .await
    .step("checking the person")?;
    // The form's fields are `email` and `name`.
    let mut errors = ValidationErrors(
        errors
            .0
            .into_iter()
            .map(|mut e| {
                e.field = e.field.replace("person_", "");
                e
            })
            .collect(),
    );
    if let (Some(role), Some(people::Chosen::Existing(u))) = (role, chosen.first())
        && members::holds(db, scope.id(), u.id.0, role.as_str())
            .await
            .step("checking the person's roles")?
    {
        errors.add(
            "email",
            format!("{} is already a {} of this programme", u.name, role.label()),
        );
    }
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let txn = highlight_store::begin(db)
        .await
        .step("starting the transaction")?;
    let Some(user) = people::settle(&txn, public_url, actor, &chosen, now)
        .await
        .step("making the person's account")?
        .pop()
        .flatten()
    else {
        return Err(AppError::Invalid(errors));
    };
    grant_role(&txn, scope.id(), user.id.0, to_store_role(role), now)
        .await
        .step("granting the role")?;
    if role == Role::ProgrammeManager && scope.programme.programme_manager_id.is_none() {
        set_programme_manager(&txn, &scope.programme, Some(user.id.0))
            .await
            .step("naming the programme manager")?;
    }
    audit::record(
        &txn,
        Some(actor.who()),
        Change::<(), _> {
            programme_id: Some(scope.id()),
            action: "member.added",
            entity: "member",
            entity_id: format!("{}/{}", user.id, role.as_str()),
            before: None,
            after: Some(&MemberSnapshot {
                person: format!("{} <{}>", user.name, user.email),
                role: role.label(),
            }),
        },
        now,
    )
    .await
    .step("recording the role in the audit log")?;
    highlight_store::commit(txn)
        .await
        .step("committing the role")?;
    Ok(Member {
        user_id: user.id.0,
        name: user.name,
        email: user.email,
        role: role.as_str().to_owned(),
        role_label: role.label().to_owned(),
    })
}

/// Takes a role away; the last programme manager stays.
#[tracing::instrument(skip_all, fields(programme_id = scope.id(), actor = actor.id(), user_id))]
pub async fn remove(
    db: &Db,
    actor: &Actor,
    scope: &ProgrammeScope,
    user_id: i64,
    role: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(role) = Role::parse(role) else {
        return Err(AppError::NotFound(format!("the role \"{role}\"")));
    };
    let list = members::of_programme(db, scope.id())
        .await
        .step("loading the programme's people")?;
    let Some(member) = list
        .iter()
        .find(|m| m.user.id.0 == user_id && m.role == role)
    else {
        return Err(AppError::NotFound(format!(
            "that {} of {}",
            role.label(),
            scope.programme.name
        )));
    };
    let managers: Vec<i64> = list
        .iter()
        .filter(|m| m.role == Role::ProgrammeManager)
        .map(|m| m.user.id.0)
        .collect();
    if role == Role::ProgrammeManager && managers.len() <= 1 {
        return Err(AppError::Conflict(format!(
            "{} is the only programme manager of {}. Add another programme manager first.",
            member.user.name, scope.programme.name
        )));
    }
    let txn = highlight_store::begin(db)
        .await
        .step("starting the transaction")?;
    members::remove(&txn, scope.id(), user_id, role.as_str())
        .await
        .step("removing the role")?;
    if role == Role::ProgrammeManager
        && scope.programme.programme_manager_id == Some(UserId(user_id))
    {
        set_programme_manager(
            &txn,
            &scope.programme,
            managers.iter().copied().find(|id| *id != user_id),
        )
        .await
        .step("naming another programme manager")?;
    }
    audit::record(
        &txn,
        Some(actor.who()),
        Change::<_, ()> {
            programme_id: Some(scope.id()),
            action: "member.removed",
            entity: "member",
            entity_id: format!("{user_id}/{}", role.as_str()),
            before: Some(&MemberSnapshot {
                person: format!("{} <{}>", member.user.name, member.user.email),
                role: role.label(),
            }),
            after: None,
        },
        now,
    )
    .await
    .step("recording the removal in the audit log")?;
    highlight_store::commit(txn)
        .await
        .step("committing the removal")?;
    Ok(())
}
