//! People and what they do, for listings (the demo sign-in page, programme set-up).

use crate::StoreResult;
use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{programme_roles, users, workstreams};
use highlight_domain::access::Role;

/// A person and a short account of their roles ("lead of Shared Services").
#[derive(Debug, Clone, serde::Serialize)]
pub struct PersonLine {
    pub name: String,
    pub email: String,
    pub roles: String,
    rank: u8,
}

/// Each person's roles, ranked (0 administrator … 4 viewer): two queries.
async fn roles_by_person(
    db: &impl ConnectionTrait,
) -> StoreResult<HashMap<i64, Vec<(u8, String)>>> {
    let mut roles: HashMap<i64, Vec<(u8, String)>> = HashMap::new();
    for r in programme_roles::Entity::find().all(db).await? {
        let role = crate::members::role(&r)?;
        let rank = match role {
            Role::ProgrammeManager => 1,
            Role::BoardMember => 2,
            Role::Viewer => 4,
        };
        roles
            .entry(r.user_id)
            .or_default()
            .push((rank, role.label().to_owned()));
    }
    for w in workstreams::Entity::find()
        .order_by_asc(workstreams::Column::Position)
        .all(db)
        .await?
    {
        if let Some(lead) = w.lead_id {
            roles
                .entry(lead)
                .or_default()
                .push((3, format!("lead of {}", w.name)));
        }
        if let Some(deputy) = w.deputy_id {
            roles
                .entry(deputy)
                .or_default()
                .push((3, format!("deputy lead of {}", w.name)));
        }
    }
    Ok(roles)
}

/// A person as administrators see them: the account, a short account of their roles,
/// and when they last signed in (their newest live session; none once it ends).
#[derive(Debug, Clone)]
pub struct PersonRecord {
    pub user: crate::users::UserRecord,
    pub roles: String,
    pub last_sign_in: Option<chrono::DateTime<chrono::Utc>>,
}

/// Everyone, disabled accounts too, by name: four queries.
pub async fn everyone(db: &impl ConnectionTrait) -> StoreResult<Vec<PersonRecord>> {
    use crate::entities::sessions;
    let users = users::Entity::find()
        .order_by_asc(users::Column::Name)
        .order_by_asc(users::Column::Id)
        .all(db)
        .await?;
    let mut roles = roles_by_person(db).await?;
    let mut last: HashMap<i64, chrono::DateTime<chrono::Utc>> = HashMap::new();
    for s in sessions::Entity::find().all(db).await? {
        let at = last.entry(s.user_id).or_insert(s.created_at);
        if s.created_at > *at {
            *at = s.created_at;
        }
    }
    Ok(users
        .into_iter()
        .map(|u| {
            let mut parts = roles.remove(&u.id).unwrap_or_default();
            if u.is_admin {
                parts.insert(0, (0, "administrator".to_owned()));
            }
            PersonRecord {
                last_sign_in: last.get(&u.id).copied(),
                roles: parts
                    .into_iter()
                    .map(|(_, p)| p)
                    .collect::<Vec<_>>()
                    .join(", "),
                user: u.into(),
            }
        })
        .collect())
}

/// Everyone with their roles, admins and programme managers first: three queries.
pub async fn directory(db: &impl ConnectionTrait) -> StoreResult<Vec<PersonLine>> {
    let users = users::Entity::find()
        .filter(users::Column::DisabledAt.is_null())
        .order_by_asc(users::Column::Name)
        .all(db)
        .await?;
    let mut roles = roles_by_person(db).await?;
    let mut lines: Vec<PersonLine> = users
        .into_iter()
        .map(|u| {
            let mut parts = roles.remove(&u.id).unwrap_or_default();
            if u.is_admin {
                parts.insert(0, (0, "administrator".to_owned()));
            }
            let rank = parts.iter().map(|(r, _)| *r).min().unwrap_or(5);
            PersonLine {
                name: u.name,
                email: u.email,
                roles: parts
                    .into_iter()
                    .map(|(_, p)| p)
                    .collect::<Vec<_>>()
                    .join(", "),
                rank,
            }
        })
        .collect();
    lines.sort_by_key(|l| l.rank);
    Ok(lines)
}

pub async fn by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> StoreResult<Option<crate::users::UserRecord>> {
    Ok(users::Entity::find()
        .filter(users::Column::Email.eq(email.trim().to_lowercase()))
        .one(db)
        .await?
        .map(Into::into))
}
