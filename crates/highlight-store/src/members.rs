//! The people of a programme: its programme managers, board members and viewers
//! (`programme_roles`). Leads and deputies are recorded on their workstreams.

use crate::StoreResult;
use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::StoreError;
use crate::entities::{programme_roles, users};
use highlight_domain::access::Role;

/// One role held by one person in a programme.
#[derive(Debug, Clone)]
pub struct Membership {
    pub user: crate::users::UserRecord,
    pub role: Role,
}

/// The role a `programme_roles` row grants; a word Highlight does not write is damage.
pub(crate) fn role(row: &programme_roles::Model) -> StoreResult<Role> {
    Role::parse(&row.role).ok_or_else(|| {
        StoreError::damaged(
            "programme_roles",
            "role",
            row.id,
            row.role.clone(),
            "not programme_manager, board_member or viewer",
        )
    })
}

/// Every role in the programme with its person, by role then name: two queries.
pub async fn of_programme(
    db: &impl ConnectionTrait,
    programme_id: i64,
) -> StoreResult<Vec<Membership>> {
    let roles = programme_roles::Entity::find()
        .filter(programme_roles::Column::ProgrammeId.eq(programme_id))
        .order_by_asc(programme_roles::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = roles.iter().map(|r| r.user_id).collect();
    let people: HashMap<i64, crate::users::UserRecord> = users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.into()))
        .collect();
    let mut out = Vec::with_capacity(roles.len());
    for r in &roles {
        if let Some(u) = people.get(&r.user_id) {
            out.push(Membership {
                user: u.clone(),
                role: role(r)?,
            });
        }
    }
    out.sort_by(|a, b| {
        role_rank(a.role)
            .cmp(&role_rank(b.role))
            .then_with(|| a.user.name.cmp(&b.user.name))
    });
    Ok(out)
}

fn role_rank(role: Role) -> u8 {
    match role {
        Role::ProgrammeManager => 0,
        Role::BoardMember => 1,
        Role::Viewer => 2,
    }
}

/// Whether the person holds the role in the programme.
pub async fn holds(
    db: &impl ConnectionTrait,
    programme_id: i64,
    user_id: i64,
    role: &str,
) -> StoreResult<bool> {
    Ok(programme_roles::Entity::find()
        .filter(programme_roles::Column::ProgrammeId.eq(programme_id))
        .filter(programme_roles::Column::UserId.eq(user_id))
        .filter(programme_roles::Column::Role.eq(role))
        .count(db)
        .await?
        > 0)
}

/// How many people hold the role in the programme.
pub async fn count_role(
    db: &impl ConnectionTrait,
    programme_id: i64,
    role: &str,
) -> StoreResult<u64> {
    Ok(programme_roles::Entity::find()
        .filter(programme_roles::Column::ProgrammeId.eq(programme_id))
        .filter(programme_roles::Column::Role.eq(role))
        .count(db)
        .await?)
}

/// Removes one role; returns how many rows went (0 or 1).
pub async fn remove(
    db: &impl ConnectionTrait,
    programme_id: i64,
    user_id: i64,
    role: &str,
) -> StoreResult<u64> {
    Ok(programme_roles::Entity::delete_many()
        .filter(programme_roles::Column::ProgrammeId.eq(programme_id))
        .filter(programme_roles::Column::UserId.eq(user_id))
        .filter(programme_roles::Column::Role.eq(role))
        .exec(db)
        .await?
        .rows_affected)
}
