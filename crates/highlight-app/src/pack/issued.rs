//! Issuing a pack: the live pack for a meeting, stored as it stands, as a new version.
//!
//! An issued pack is never rebuilt: its stored [`BoardPack`] JSON is what every later
//! rendering reads, so reports corrected after issue do not change it. Re-issuing for
//! the same meeting makes version n + 1; the unique (programme, meeting, version) key
//! turns a race between two issuers into a conflict instead of a lost version.

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, Utc};
use highlight_store::packs::NewIssuedPack;
use highlight_store::{Conn, Db, StoreError};
use serde::Serialize;

use super::model::{self, BoardPack};
use crate::Actor;
use crate::error::{AppError, AppResult};
use crate::format::day_month_year;
use crate::scope::ProgrammeScope;
use highlight_store::audit::{self, Change};
use highlight_store::json::from_json;
use highlight_store::packs::IssuedPackRecord;

/// An issued pack without its content, for lists.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedPackSummary {
    pub id: i64,
    pub meeting_on: NaiveDate,
    pub version: i32,
    pub issued_by: String,
    pub issued_at: DateTime<Utc>,
}

impl From<&IssuedPackRecord> for IssuedPackSummary {
    fn from(m: &IssuedPackRecord) -> Self {
        Self {
            id: m.id,
            meeting_on: m.meeting_on,
            version: m.version,
            issued_by: m.issued_by_name.clone(),
            issued_at: m.issued_at,
        }
    }
}

/// An issued pack with the pack as it was issued.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedPack {
    #[serde(flatten)]
    pub summary: IssuedPackSummary,
    pub pack: BoardPack,
}

/// What the pack's header says about its issue, when it was issued.
#[derive(Debug, Clone)]
pub struct IssueNote {
    pub version: i32,
    pub issued_by: String,
    pub issued_on: String,
}

impl IssuedPack {
    pub fn from_record(m: &IssuedPackRecord) -> AppResult<Self> {
        Ok(Self {
            summary: m.into(),
            pack: from_json(&m.content, "issued_packs.content")?,
        })
    }

    /// The line the renderers print about this issue.
    pub fn note(&self, tz: chrono_tz::Tz) -> IssueNote {
        IssueNote {
            version: self.summary.version,
            issued_by: self.summary.issued_by.clone(),
            issued_on: day_month_year(highlight_domain::local_date(self.summary.issued_at, tz)),
        }
    }
}

/// What issuing the pack for a meeting now would freeze: the check before issuing.
#[derive(Debug, Clone)]
pub struct IssueCheck {
    pub pack: BoardPack,
    /// The version issuing makes (1, or one more than the latest for the meeting).
    pub version: i32,
    /// Whether the meeting is before today in the programme's time zone.
    pub meeting_in_past: bool,
}

/// The pack as issuing it now would freeze it, without storing anything.
#[tracing::instrument(skip_all, fields(programme = scope.id(), %meeting_on))]
pub async fn check(
    db: &impl Conn,
    scope: &ProgrammeScope,
    meeting_on: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<IssueCheck> {
    let pack = model::build(db, scope, meeting_on, now).await?;
    let latest = highlight_store::packs::latest_version(db, scope.id(), meeting_on).await?;
    Ok(IssueCheck {
        pack,
        version: latest.map_or(1, |v| v + 1),
        meeting_in_past: meeting_on < highlight_domain::local_date(now, scope.tz),
    })
}

/// Builds the pack for `meeting_on` and stores it as the next version for that meeting.
#[tracing::instrument(skip_all, fields(programme = scope.id(), %meeting_on))]
pub async fn issue(
    db: &Db,
    scope: &ProgrammeScope,
    actor: Option<&Actor>,
    meeting_on: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<IssuedPack> {
    let txn = highlight_store::begin(db).await?;
    let pack = model::build(&txn, scope, meeting_on, now).await?;
    let latest = highlight_store::packs::latest_version(&txn, scope.id(), meeting_on).await?;
    let version = latest.map_or(1, |v| v + 1);
    let content = serde_json::to_string(&pack).context("serialising the pack to issue it")?;
    let issued_by_name = actor
        .map(|a| a.user.name.clone())
        .unwrap_or_else(|| "Highlight".to_owned());
    let new = NewIssuedPack {
        programme_id: scope.id(),
        meeting_on,
        period_id: pack.period.as_ref().map(|p| p.id),
        content: &content,
        issued_by_id: actor.map(Actor::id),
        issued_by_name: &issued_by_name,
        issued_at: now,
    };
    let saved = highlight_store::packs::insert(&txn, &new, version)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => AppError::Conflict(
                "Someone issued a pack for this meeting at the same moment: look at the list of issued packs, then issue again if you still need to.".to_owned(),
            ),
            e => e.into(),
        })?;
    let summary = IssuedPackSummary::from(&saved);
    audit::record(
        &txn,
        actor.map(Actor::who),
        Change::<(), _> {
            programme_id: Some(scope.id()),
            action: "pack.issued",
            entity: "issued_pack",
            entity_id: saved.id.to_string(),
            before: None,
            after: Some(&summary),
        },
        now,
    )
    .await?;
    highlight_store::commit(txn).await?;
    Ok(IssuedPack { summary, pack })
}

/// Every issued pack of a programme, newest meeting first, then newest version first.
pub async fn list(db: &impl Conn, scope: &ProgrammeScope) -> AppResult<Vec<IssuedPackSummary>> {
    Ok(highlight_store::packs::of_programme(db, scope.id())
        .await?
        .iter()
        .map(IssuedPackSummary::from)
        .collect())
}

/// One issued pack of the programme.
pub async fn find(db: &impl Conn, scope: &ProgrammeScope, id: i64) -> AppResult<IssuedPack> {
    let m = highlight_store::packs::find(db, scope.id(), id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("the issued pack {id}")))?;
    IssuedPack::from_record(&m)
}
