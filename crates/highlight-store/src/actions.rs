//! Board actions and decisions recorded at meetings: the reading the pack needs.

use crate::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use highlight_domain::board::{ActionStatus, BoardRecordKind};
use highlight_domain::{ProgrammeId, WorkstreamId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::board_actions;

/// A board action or decision as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardActionRecord {
    pub id: i64,
    pub programme_id: ProgrammeId,
    /// The workstream it is against; none for the programme.
    pub workstream_id: Option<WorkstreamId>,
    pub kind: BoardRecordKind,
    pub meeting_on: NaiveDate,
    pub description: String,
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    pub resource_implications: String,
    pub status: ActionStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<board_actions::Model> for BoardActionRecord {
    type Error = StoreError;

    /// Reads a row; a status Highlight does not write is damage.
    fn try_from(a: board_actions::Model) -> StoreResult<Self> {
        let status = a.status.parse().map_err(|e| {
            StoreError::damaged("board_actions", "status", a.id, a.status.clone(), e)
        })?;
        let kind = a
            .kind
            .parse()
            .map_err(|e| StoreError::damaged("board_actions", "kind", a.id, a.kind.clone(), e))?;
        Ok(Self {
            id: a.id,
            programme_id: ProgrammeId(a.programme_id),
            workstream_id: a.workstream_id.map(WorkstreamId),
            kind,
            meeting_on: a.meeting_on,
            description: a.description,
            owner: a.owner,
            due_on: a.due_on,
            resource_implications: a.resource_implications,
            status,
            created_at: a.created_at,
            updated_at: a.updated_at,
        })
    }
}

/// Reads rows into records; the first damaged one is the error.
pub(crate) fn records(rows: Vec<board_actions::Model>) -> StoreResult<Vec<BoardActionRecord>> {
    rows.into_iter().map(BoardActionRecord::try_from).collect()
}

/// The open actions of a programme (decisions are not actions), soonest due first.
pub async fn open_of_programme(
    db: &impl ConnectionTrait,
    programme_id: i64,
) -> StoreResult<Vec<BoardActionRecord>> {
    records(
        board_actions::Entity::find()
            .filter(board_actions::Column::ProgrammeId.eq(programme_id))
            .filter(board_actions::Column::Status.eq(ActionStatus::Open.as_str()))
            .filter(board_actions::Column::Kind.ne(BoardRecordKind::Decision.as_str()))
            .order_by_asc(board_actions::Column::DueOn)
            .order_by_asc(board_actions::Column::Id)
            .all(db)
            .await?,
    )
}
