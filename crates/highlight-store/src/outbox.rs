//! The outbox table: inserting planned messages once, claiming them for delivery
//! under a lease, and recording what happened.
//!
//! Claiming is one statement. On PostgreSQL the rows are picked with
//! `FOR UPDATE SKIP LOCKED`, so instances claiming at the same moment take disjoint
//! batches without waiting for each other; the outer `WHERE` repeats the condition so
//! a row another instance claimed meanwhile is never taken twice. SQLite serialises
//! writers, so the same `UPDATE … RETURNING` without row locks is atomic there.

use crate::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, Statement,
};

use crate::entities::outbox;
use highlight_domain::{DeliveryStatus, MessageKind, ProgrammeId, UserId, WorkstreamId};

/// A message in the outbox as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRecord {
    pub id: i64,
    /// The message is planned once under this key.
    pub dedupe_key: String,
    /// Which template renders it.
    pub kind: MessageKind,
    pub recipient_user_id: Option<UserId>,
    pub recipient_address: String,
    pub recipient_name: String,
    pub programme_id: Option<ProgrammeId>,
    pub workstream_id: Option<WorkstreamId>,
    pub period_id: Option<i64>,
    /// The template's data, as JSON text (the worker reads it when it renders).
    pub data: String,
    pub link_purpose: Option<String>,
    pub link_path: Option<String>,
    pub message_id: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub claimed_until: Option<DateTime<Utc>>,
    pub claimed_by: Option<String>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl TryFrom<outbox::Model> for OutboxRecord {
    type Error = StoreError;

    /// Reads a row; a kind or status Highlight does not write is damage.
    fn try_from(m: outbox::Model) -> StoreResult<Self> {
        let kind = m
            .kind
            .parse()
            .map_err(|e| StoreError::damaged("outbox", "kind", m.id, m.kind.clone(), e))?;
        let status = m
            .status
            .parse()
            .map_err(|e| StoreError::damaged("outbox", "status", m.id, m.status.clone(), e))?;
        Ok(Self {
            id: m.id,
            dedupe_key: m.dedupe_key,
            kind,
            recipient_user_id: m.recipient_user_id.map(UserId),
            recipient_address: m.recipient_address,
            recipient_name: m.recipient_name,
            programme_id: m.programme_id.map(ProgrammeId),
            workstream_id: m.workstream_id.map(WorkstreamId),
            period_id: m.period_id,
            data: m.data,
            link_purpose: m.link_purpose,
            link_path: m.link_path,
            message_id: m.message_id,
            status,
            attempts: m.attempts,
            next_attempt_at: m.next_attempt_at,
            claimed_until: m.claimed_until,
            claimed_by: m.claimed_by,
            last_error: m.last_error,
            created_at: m.created_at,
            updated_at: m.updated_at,
            sent_at: m.sent_at,
        })
    }
}

/// Rows as records; the first damaged one is the error.
pub(crate) fn records(rows: Vec<outbox::Model>) -> StoreResult<Vec<OutboxRecord>> {
    rows.into_iter().map(OutboxRecord::try_from).collect()
}

/// Of `keys`, those already in the outbox.
pub async fn existing_keys(
    db: &impl ConnectionTrait,
    keys: &[String],
) -> StoreResult<std::collections::HashSet<String>> {
    Ok(statuses_of(db, keys).await?.into_keys().collect())
}

/// The status (queued, sent, failed, …) of each key already in the outbox.
pub async fn statuses_of(
    db: &impl ConnectionTrait,
    keys: &[String],
) -> StoreResult<std::collections::HashMap<String, DeliveryStatus>> {
    let mut found = std::collections::HashMap::new();
    for chunk in keys.chunks(500) {
        let rows: Vec<(i64, String, String)> = outbox::Entity::find()
            .select_only()
            .column(outbox::Column::Id)
            .column(outbox::Column::DedupeKey)
            .column(outbox::Column::Status)
            .filter(outbox::Column::DedupeKey.is_in(chunk.iter().cloned()))
            .into_tuple()
            .all(db)
            .await?;
        for (id, key, status) in rows {
            let status = status
                .parse()
                .map_err(|e| StoreError::damaged("outbox", "status", id, status.clone(), e))?;
            found.insert(key, status);
        }
    }
    Ok(found)
}

/// A message to insert: what the planner or a feature decided to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// Unique forever: inserting the same key twice keeps the first.
    pub dedupe_key: String,
    /// Which template renders it.
    pub kind: MessageKind,
    pub recipient_user_id: Option<i64>,
    pub recipient_address: String,
    pub recipient_name: String,
    pub programme_id: Option<i64>,
    pub workstream_id: Option<i64>,
    pub period_id: Option<i64>,
    /// The template data, as JSON text.
    pub data: String,
    pub link_purpose: Option<String>,
    pub link_path: Option<String>,
    /// The Message-ID every copy of it carries.
    pub message_id: String,
    /// False records the key as [`DeliveryStatus::Superseded`] without sending it.
    pub send: bool,
}

/// What [`insert_new`] actually inserted: rows another process inserted first (same
/// `dedupe_key`) are not counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Inserted {
    pub queued: u64,
    pub superseded: u64,
}

/// Inserts `rows` at `now`, skipping any whose `dedupe_key` is already there; says how
/// many of each kind were inserted.
pub async fn insert_new(
    db: &impl ConnectionTrait,
    rows: Vec<NewMessage>,
    now: DateTime<Utc>,
) -> StoreResult<Inserted> {
    let (sends, superseded): (Vec<_>, Vec<_>) = rows.into_iter().partition(|m| m.send);
    Ok(Inserted {
        queued: insert_rows(db, sends, now).await?,
        superseded: insert_rows(db, superseded, now).await?,
    })
}

async fn insert_rows(
    db: &impl ConnectionTrait,
    rows: Vec<NewMessage>,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    if rows.is_empty() {
        return Ok(0);
    }
    let rows = rows.into_iter().map(|m| outbox::ActiveModel {
        dedupe_key: Set(m.dedupe_key),
        kind: Set(m.kind.as_str().to_owned()),
        recipient_user_id: Set(m.recipient_user_id),
        recipient_address: Set(m.recipient_address),
        recipient_name: Set(m.recipient_name),
        programme_id: Set(m.programme_id),
        workstream_id: Set(m.workstream_id),
        period_id: Set(m.period_id),
        data: Set(m.data),
        link_purpose: Set(m.link_purpose),
        link_path: Set(m.link_path),
        message_id: Set(m.message_id),
        status: Set(if m.send {
            DeliveryStatus::Queued
        } else {
            DeliveryStatus::Superseded
        }
        .as_str()
        .to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        claimed_by: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    });
    let inserted = outbox::Entity::insert_many(rows)
        .on_conflict_do_nothing_on([outbox::Column::DedupeKey])
        .exec_without_returning(db)
        .await?;
    Ok(match inserted {
        sea_orm::TryInsertResult::Inserted(n) => n,
        sea_orm::TryInsertResult::Empty | sea_orm::TryInsertResult::Conflicted => 0,
    })
}

/// Claims up to `limit` messages due at `now` (queued and due, or claimed by a worker
/// whose lease ran out) for `worker` until `lease_until`, counting the attempt.
pub async fn claim(
    db: &impl ConnectionTrait,
    worker: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u32,
) -> StoreResult<Vec<OutboxRecord>> {
    let backend = db.get_database_backend();
    let due = "((status = 'queued' AND next_attempt_at <= $1) \
               OR (status = 'sending' AND claimed_until < $1))";
    let sql = match backend {
        DbBackend::Postgres => format!(
            "WITH picked AS (SELECT id FROM outbox WHERE {due} ORDER BY id LIMIT $4 \
             FOR UPDATE SKIP LOCKED) \
             UPDATE outbox SET status = 'sending', claimed_until = $2, claimed_by = $3, \
             attempts = attempts + 1, updated_at = $1 \
             FROM picked WHERE outbox.id = picked.id AND {due} RETURNING outbox.*"
        ),
        _ => format!(
            "UPDATE outbox SET status = 'sending', claimed_until = $2, claimed_by = $3, \
             attempts = attempts + 1, updated_at = $1 \
             WHERE id IN (SELECT id FROM outbox WHERE {due} ORDER BY id LIMIT $4) AND {due} \
             RETURNING *"
        )
        .replace('$', "?"),
    };
    let statement = Statement::from_sql_and_values(
        backend,
        sql,
        [
            now.into(),
            lease_until.into(),
            worker.into(),
            i64::from(limit).into(),
        ],
    );
    let mut rows = outbox::Entity::find()
        .from_raw_sql(statement)
        .all(db)
        .await?;
    rows.sort_by_key(|r| r.id);
    records(rows)
}

/// Records the outcome of a claimed message, only if `worker` still holds the claim.
/// `claimed_by` is kept, to tell which instance sent (or gave up on) a message.
/// Returns false when the claim was lost (the lease ran out and another worker took it).
pub async fn finish(
    db: &impl ConnectionTrait,
    id: i64,
    worker: &str,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let mut update = outbox::Entity::update_many()
        .col_expr(outbox::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    update = match outcome {
        Outcome::Sent => update
            .col_expr(
                outbox::Column::Status,
                Expr::value(DeliveryStatus::Sent.as_str()),
            )
            .col_expr(outbox::Column::SentAt, Expr::value(Some(now)))
            .col_expr(
                outbox::Column::LastError,
                Expr::value(Option::<String>::None),
            ),
        Outcome::Cancelled => update.col_expr(
            outbox::Column::Status,
            Expr::value(DeliveryStatus::Cancelled.as_str()),
        ),
        Outcome::Retry { at, error } => update
            .col_expr(
                outbox::Column::Status,
                Expr::value(DeliveryStatus::Queued.as_str()),
            )
            .col_expr(outbox::Column::NextAttemptAt, Expr::value(at))
            .col_expr(outbox::Column::LastError, Expr::value(Some(error))),
        Outcome::Failed { error } => update
            .col_expr(
                outbox::Column::Status,
                Expr::value(DeliveryStatus::Failed.as_str()),
            )
            .col_expr(outbox::Column::LastError, Expr::value(Some(error))),
    };
    let result = update
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::Status.eq(DeliveryStatus::Sending.as_str()))
        .filter(outbox::Column::ClaimedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// What became of one claimed message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    Cancelled,
    Retry { at: DateTime<Utc>, error: String },
    Failed { error: String },
}

/// Puts a failed message back in the queue with fresh attempts (the retry button).
/// Returns false when it is not (or no longer) failed.
pub async fn retry_failed(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let result = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::Status,
            Expr::value(DeliveryStatus::Queued.as_str()),
        )
        .col_expr(outbox::Column::Attempts, Expr::value(0))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(now))
        .col_expr(outbox::Column::UpdatedAt, Expr::value(now))
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::Status.eq(DeliveryStatus::Failed.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Failed messages, newest first.
pub async fn failed(db: &impl ConnectionTrait, limit: u64) -> StoreResult<Vec<OutboxRecord>> {
    records(
        outbox::Entity::find()
            .filter(outbox::Column::Status.eq(DeliveryStatus::Failed.as_str()))
            .order_by_desc(outbox::Column::UpdatedAt)
            .order_by_desc(outbox::Column::Id)
            .limit(limit)
            .all(db)
            .await?,
    )
}

/// How many messages are waiting to be sent (queued or being sent).
pub async fn pending_count(db: &impl ConnectionTrait) -> StoreResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(outbox::Entity::find()
        .filter(outbox::Column::Status.is_in([
            DeliveryStatus::Queued.as_str(),
            DeliveryStatus::Sending.as_str(),
        ]))
        .count(db)
        .await?)
}

/// How many messages the outbox holds in each status (the test harness checks that no
/// test leaves mail queued that it never looked at).
pub async fn count_by_status(
    db: &impl ConnectionTrait,
) -> StoreResult<std::collections::BTreeMap<String, u64>> {
    let rows: Vec<(String, i64)> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Status)
        .column_as(outbox::Column::Id.count(), "n")
        .group_by(outbox::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(status, n)| (status, u64::try_from(n).unwrap_or(0)))
        .collect())
}
