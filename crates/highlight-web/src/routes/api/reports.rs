//! `/api/v1/programmes/{slug}/workstreams/{ws}/reports…`: a workstream's highlight
//! reports — read, save the draft (`PUT`, with `lock_version`), submit, correct with a
//! reason, revisions with their differences, and the board's reviews. The same
//! services as the pages; a stale `lock_version` is 409, invalid fields 422 with every
//! field error.

use axum::Json;
use axum::extract::State;
use highlight_domain::HighlightReportDraft;

use super::errors::ErrorBody;
use super::model::reports::{
    CorrectionBody, ReportDetail, ReportListItem, ReviewBody, RevisionSummary, RevisionWithChanges,
    SaveBody, SubmitBody,
};
use crate::app::AppState;
use crate::auth::{Actor, CurrentUser};
use crate::error::{WebError, WebResult};
use crate::paths::api;
use axum_extra::routing::TypedPath;
use highlight_app::board;
use highlight_app::reports::{self as service, ReportInput, ReportScope, WriteOutcome};

/// A workstream's reports, one per period, newest first.
#[utoipa::path(
    get,
    path = api::Reports::PATH,
    tag = "reports",
    params(api::Reports),
    responses(
        (status = 200, description = "The reports", body = [ReportListItem]),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No role in this programme", body = ErrorBody),
        (status = 404, description = "No such programme or workstream", body = ErrorBody)
    )
)]
pub async fn list_reports(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Reports { slug, ws }: api::Reports,
) -> WebResult<Json<Vec<ReportListItem>>> {
    let items = board::report_list(&state.db, &actor, &slug, &ws, state.now()).await?;
    Ok(Json(
        items
            .iter()
            .map(ReportListItem::try_from)
            .collect::<WebResult<_>>()?,
    ))
}

async fn resolve(
    state: &AppState,
    actor: &Actor,
    p: &(String, String, String),
) -> WebResult<ReportScope> {
    service::resolve(&state.db, actor, &p.0, &p.1, &p.2, state.now())
        .await
        .map_err(Into::into)
}

async fn respond(state: &AppState, rs: &ReportScope) -> WebResult<Json<ReportDetail>> {
    let detail = service::detail(&state.db, rs, state.now()).await?;
    // The working copy is assessed against the current PID; readers get none.
    let pid = match detail.working_copy {
        Some(_) => service::pid_of(&state.db, rs.workstream.id.0).await?,
        None => highlight_store::current_pid::empty(),
    };
    Ok(Json(ReportDetail::from_service(
        &detail,
        &pid,
        &rs.scope.rag_policy,
    )?))
}

/// One report: the latest submitted revision with its derived status and comments;
/// for those who can write the workstream, also the working copy and its `lock_version`.
#[utoipa::path(
    get,
    path = api::Report::PATH,
    tag = "reports",
    params(api::Report),
    responses(
        (status = 200, description = "The report", body = ReportDetail),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not submitted yet and the caller cannot write it, or no role", body = ErrorBody),
        (status = 404, description = "No such programme, workstream or period", body = ErrorBody)
    )
)]
pub async fn get_report(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Report { slug, ws, due_date }: api::Report,
) -> WebResult<Json<ReportDetail>> {
    let rs = resolve(&state, &actor, &(slug, ws, due_date)).await?;
    service::require_readable(&rs)?;
    respond(&state, &rs).await
}

fn working_fields(rs: &ReportScope) -> WebResult<HighlightReportDraft> {
    match &rs.report {
        Some(r) => Ok(HighlightReportDraft::from(&service::working_content(r)?)),
        None => Err(WebError::Conflict(
            "This report has not been started: save it first (PUT) or send its fields".into(),
        )),
    }
}

fn outcome(o: WriteOutcome) -> WebResult<()> {
    match o {
        WriteOutcome::Written(_) => Ok(()),
        WriteOutcome::Invalid(e) => Err(WebError::Invalid(e)),
        WriteOutcome::Conflict(theirs) => Err(WebError::Conflict(format!(
            "Someone else saved this report after you read it (it is now at lock_version {}). \
             Read it again, reapply your changes and send the new lock_version.",
            theirs.lock_version
        ))),
    }
}

/// Saves the working copy (a draft, or a correction not yet submitted). Incomplete is
/// fine; unreadable values (like "abc" as money) are refused with 422.
#[utoipa::path(
    put,
    path = api::Report::PATH,
    tag = "reports",
    params(api::Report),
    request_body = SaveBody,
    responses(
        (status = 200, description = "Saved", body = ReportDetail),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "The caller cannot write this workstream", body = ErrorBody),
        (status = 409, description = "Someone else saved first: lock_version is stale", body = ErrorBody),
        (status = 422, description = "Invalid fields, each named", body = ErrorBody)
    )
)]
pub async fn put_report(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Report { slug, ws, due_date }: api::Report,
    body: crate::routes::input::Body,
) -> WebResult<Json<ReportDetail>> {
    let now = state.now();
    let mut rs = resolve(&state, &actor, &(slug, ws, due_date)).await?;
    highlight_app::scope::require(rs.can_write, "write this workstream's report")?;
    let body: SaveBody = body.json()?;
    let input = ReportInput {
        fields: body.fields.0,
        lock_version: body.lock_version,
        ..ReportInput::default()
    };
    outcome(service::save(&state.db, &actor, &mut rs, &input, now).await?)?;
    respond(&state, &rs).await
}

/// Submits the draft to the board as revision 1.
#[utoipa::path(
    post,
    path = api::Submit::PATH,
    tag = "reports",
    params(api::Submit),
    request_body = SubmitBody,
    responses(
        (status = 200, description = "Submitted", body = ReportDetail),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "The caller cannot write this workstream", body = ErrorBody),
        (status = 409, description = "Stale lock_version, or already submitted", body = ErrorBody),
        (status = 422, description = "Invalid or missing fields, each named", body = ErrorBody)
    )
)]
pub async fn submit_report(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Submit { slug, ws, due_date }: api::Submit,
    body: crate::routes::input::Body,
) -> WebResult<Json<ReportDetail>> {
    send_to_board(&state, &actor, &(slug, ws, due_date), &body, false).await
}

/// Submits (`correction` false: the body is a [`SubmitBody`]) or corrects (a
/// [`CorrectionBody`]) once the caller is known to be a writer of the workstream.
async fn send_to_board(
    state: &AppState,
    actor: &crate::auth::Actor,
    p: &(String, String, String),
    body: &crate::routes::input::Body,
    correction: bool,
) -> WebResult<Json<ReportDetail>> {
    let now = state.now();
    let mut rs = resolve(state, actor, p).await?;
    highlight_app::scope::require(rs.can_write, "write this workstream's report")?;
    // A SubmitBody is a CorrectionBody without its reason.
    let body: CorrectionBody = if correction {
        body.json()?
    } else {
        let submit: SubmitBody = body.json()?;
        CorrectionBody {
            lock_version: submit.lock_version,
            reason: String::new(),
            fields: submit.fields,
        }
    };
    let fields = match body.fields {
        Some(f) => f.0,
        None => working_fields(&rs)?,
    };
    let input = ReportInput {
        fields,
        lock_version: body.lock_version,
        reason: body.reason,
        ..ReportInput::default()
    };
    outcome(service::submit(&state.db, actor, &mut rs, &input, correction, now).await?)?;
    respond(state, &rs).await
}

/// Corrects a submitted report: a new revision with a reason; a reviewed report goes
/// back to "submitted" for the board.
#[utoipa::path(
    post,
    path = api::Correct::PATH,
    tag = "reports",
    params(api::Correct),
    request_body = CorrectionBody,
    responses(
        (status = 200, description = "Corrected", body = ReportDetail),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "The caller cannot write this workstream", body = ErrorBody),
        (status = 409, description = "Stale lock_version, or still a draft", body = ErrorBody),
        (status = 422, description = "No reason, or invalid fields, each named", body = ErrorBody)
    )
)]
pub async fn correct_report(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Correct { slug, ws, due_date }: api::Correct,
    body: crate::routes::input::Body,
) -> WebResult<Json<ReportDetail>> {
    send_to_board(&state, &actor, &(slug, ws, due_date), &body, true).await
}

/// Every submitted revision of the report.
#[utoipa::path(
    get,
    path = api::Revisions::PATH,
    tag = "reports",
    params(api::Revisions),
    responses(
        (status = 200, description = "The revisions, oldest first", body = [RevisionSummary]),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No role in this programme, or nothing submitted to read", body = ErrorBody)
    )
)]
pub async fn list_revisions(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Revisions { slug, ws, due_date }: api::Revisions,
) -> WebResult<Json<Vec<RevisionSummary>>> {
    let rs = resolve(&state, &actor, &(slug, ws, due_date)).await?;
    service::require_readable(&rs)?;
    let revisions = service::revision_list(&state.db, &rs).await?;
    Ok(Json(
        revisions
            .iter()
            .map(RevisionSummary::try_from)
            .collect::<WebResult<_>>()?,
    ))
}

/// Revision n, with the differences from revision n − 1 field by field.
#[utoipa::path(
    get,
    path = api::Revision::PATH,
    tag = "reports",
    params(api::Revision),
    responses(
        (status = 200, description = "The revision and its changes", body = RevisionWithChanges),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No role in this programme", body = ErrorBody),
        (status = 404, description = "No such revision", body = ErrorBody)
    )
)]
pub async fn get_revision(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Revision {
        slug,
        ws,
        due_date: due,
        n,
    }: api::Revision,
) -> WebResult<Json<RevisionWithChanges>> {
    let rs = service::resolve(&state.db, &actor, &slug, &ws, &due, state.now()).await?;
    let n = i32::try_from(n).map_err(|_| WebError::NotFound(format!("revision {n}")))?;
    let revision = service::revision_with_changes(&state.db, &rs, n).await?;
    Ok(Json(RevisionWithChanges::try_from(&revision)?))
}

/// A board member's review: a comment (kept with the revision number) and/or marking
/// the report reviewed.
#[utoipa::path(
    post,
    path = api::Reviews::PATH,
    tag = "reports",
    params(api::Reviews),
    request_body = ReviewBody,
    responses(
        (status = 200, description = "Recorded", body = ReportDetail),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "The caller cannot review in this programme", body = ErrorBody),
        (status = 409, description = "The report is still a draft", body = ErrorBody),
        (status = 422, description = "Nothing to record, or already reviewed", body = ErrorBody)
    )
)]
pub async fn post_review(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    api::Reviews { slug, ws, due_date }: api::Reviews,
    body: crate::routes::input::Body,
) -> WebResult<Json<ReportDetail>> {
    let now = state.now();
    let mut rs = resolve(&state, &actor, &(slug, ws, due_date)).await?;
    highlight_app::scope::require(rs.can_review, "review this report")?;
    let body: ReviewBody = body.json()?;
    service::review(&state.db, &actor, &mut rs, &body.into(), now).await?;
    respond(&state, &rs).await
}
