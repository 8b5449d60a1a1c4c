//! The highlight report pages, under `/programmes/{slug}/workstreams/{ws}/reports/{due}`:
//!
//! - `GET  …/{due}`: the report as the board reads it (latest revision, derived beside
//!   stated, comments, the review form for reviewers). A writer whose report is not yet
//!   submitted is taken to the form — the reminder e-mails link here.
//! - `GET  …/{due}/edit`: the form as a task list: its seven sections, each with its
//!   state ("Not started", "In progress", "Completed", "Carried forward — check").
//! - `GET|POST …/{due}/edit/{section}`: one section's page; "Save and continue" saves
//!   that section (and only it) and goes back to the task list.
//! - `GET  …/{due}/form`: every section on one page.
//! - `GET  …/{due}/check`: check your answers, then submit exactly what was checked.
//! - `POST …/{due}`: the whole form's `action=save`, `check`, `submit`, `correct` (with
//!   `reason`), and the check page's `submit_checked` / `correct_checked`.
//! - `GET  …/{due}/revisions/{n}`: revision n with its differences from n − 1.
//! - `POST …/{due}/reviews`: a board member's comment and/or "reviewed".
//!
//! The logic lives in `services::reports`; these handlers parse forms and render.

use axum::Extension;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::routing::RouterExt;
use highlight_domain::{
    HighlightReportContent, HighlightReportDraft, ReportSection, SectionState, ValidationErrors,
};
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::auth::{Actor, CsrfToken, CurrentUser, EndedSession, MaybeUser};
use crate::error::{FieldMessage, WebError, WebResult};
use crate::paths;
use crate::views;
use highlight_app::reports::{self as service, ReportInput, ReportScope, WriteOutcome};
use highlight_app::text::{self, FIELDS, Judgement};
use highlight_store::reports::ReportRecord;

pub fn router() -> Router<AppState> {
    Router::new()
        .typed_get(view_report)
        .typed_post(write_report)
        .typed_get(edit_report)
        .typed_get(whole_form)
        .typed_get(view_section)
        .typed_post(write_section)
        .typed_get(check_report)
        .typed_get(view_revision)
        .typed_post(post_review)
}

#[derive(Debug, Default, Deserialize)]
struct Notice {
    saved: Option<String>,
    /// A section just saved from its page (the task list says which).
    section: Option<String>,
    submitted: Option<String>,
    reviewed: Option<String>,
    returned: Option<String>,
}

impl Notice {
    fn message(&self) -> Option<String> {
        if self.submitted.is_some() {
            Some("Your report has been submitted to the board.".into())
        } else if let Some(section) = self
            .section
            .as_deref()
            .and_then(|s| s.parse::<ReportSection>().ok())
        {
            Some(format!("“{}” has been saved.", section.title()))
        } else if self.saved.is_some() {
            Some("Your draft has been saved.".into())
        } else if self.reviewed.is_some() {
            Some("Your review has been recorded.".into())
        } else if self.returned.is_some() {
            Some("The report has been returned to its lead with your notes.".into())
        } else {
            None
        }
    }
}

// ---------------------------------------------------------------------------
// Viewing.

#[derive(Serialize)]
struct ReportPage {
    report: service::ReportDetail,
    revisions: Vec<service::RevisionSummary>,
    report_url: String,
    edit_url: String,
    workstream_url: String,
    board_url: String,
    notice: Option<String>,
    errors: Vec<FieldMessage>,
    comment: String,
    /// "Recorded against revision 2, with your name."
    comment_hint: String,
    /// The board's notes while the report is returned for changes (`routes/review.rs`).
    returned: Option<highlight_app::review_loop::ReturnNotesView>,
    /// Once resubmitted: what changed since the board returned it.
    since_return: Option<highlight_app::review_loop::ChangesSinceReturn>,
    /// The report may be returned for changes by this person now.
    can_return: bool,
    return_url: String,
    resubmit_url: String,
}

async fn view_report(
    paths::Report { slug, ws, due }: paths::Report,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Query(notice): Query<Notice>,
) -> WebResult<Response> {
    let now = state.now();
    let rs = service::resolve(&state.db, &actor, &slug, &ws, &due, now).await?;
    if rs.can_write && !rs.is_submitted() {
        return Ok(Redirect::to(&report_path(&rs).edit().to_string()).into_response());
    }
    service::require_readable(&rs)?;
    render_report(
        &state,
        &actor,
        &csrf,
        &rs,
        notice.message(),
        Vec::new(),
        String::new(),
    )
    .await
}

async fn render_report(
    state: &AppState,
    actor: &Actor,
    csrf: &CsrfToken,
    rs: &ReportScope,
    notice: Option<String>,
    errors: Vec<FieldMessage>,
    comment: String,
) -> WebResult<Response> {
    let has_errors = !errors.is_empty();
    let detail = service::detail(&state.db, rs, state.now()).await?;
    let view = ReportPage {
        comment_hint: format!(
            "Recorded against revision {}, with your name.",
            rs.report.as_ref().map_or(0, |r| r.current_revision)
        ),
        revisions: service::revision_list(&state.db, rs).await?,
        report_url: report_path(rs).to_string(),
        edit_url: report_path(rs).edit().to_string(),
        workstream_url: workstream_url(rs),
        board_url: paths::Board::period(&rs.scope.programme.slug, rs.period.due_date),
        notice,
        errors,
        comment,
        returned: service::open_return(&state.db, rs).await?,
        since_return: match rs.can_review {
            true => service::changes_since_return(&state.db, rs).await?,
            false => None,
        },
        can_return: highlight_app::review_loop::require_returnable(rs).is_ok(),
        return_url: report_path(rs).return_for_changes().to_string(),
        resubmit_url: report_path(rs).resubmit().to_string(),
        report: detail,
    };
    let title = format!(
        "{}: report due {}",
        rs.workstream.name,
        highlight_app::format::day_month_year(rs.period.due_date)
    );
    views::render_form_page(
        state,
        Some(actor),
        csrf,
        "pages/report",
        &title,
        &view,
        has_errors,
    )
}

/// The report a writer is working on: resolved, and refused unless they may write it.
async fn writable(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    ws: &str,
    due: &str,
) -> WebResult<ReportScope> {
    let rs = service::resolve(&state.db, actor, slug, ws, due, state.now()).await?;
    highlight_app::scope::require(rs.can_write, "write this workstream's report")?;
    Ok(rs)
}

fn workstream_url(rs: &ReportScope) -> String {
    paths::Workstream::of(&rs.scope.programme.slug, &rs.workstream.slug).to_string()
}

/// The address of the report a scope names.
fn report_path(rs: &ReportScope) -> paths::Report {
    paths::Report::of(
        &rs.scope.programme.slug,
        &rs.workstream.slug,
        rs.period.due_date,
    )
}

#[derive(Serialize)]
struct RevisionPage {
    rev: service::RevisionWithChanges,
    workstream_name: String,
    period_label: String,
    report_url: String,
    workstream_url: String,
    previous_url: Option<String>,
    next_url: Option<String>,
}

async fn view_revision(
    paths::Revision { slug, ws, due, n }: paths::Revision,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let rs = service::resolve(&state.db, &actor, &slug, &ws, &due, state.now()).await?;
    let number: i32 = n
        .parse()
        .map_err(|_| WebError::NotFound(format!("revision \"{n}\" of this report")))?;
    let rev = service::revision_with_changes(&state.db, &rs, number).await?;
    let current = rs.report.as_ref().map_or(0, |r| r.current_revision);
    let view = RevisionPage {
        previous_url: rev
            .previous
            .map(|p| report_path(&rs).revision(p).to_string()),
        next_url: (number < current).then(|| report_path(&rs).revision(number + 1).to_string()),
        workstream_name: rs.workstream.name.clone(),
        period_label: rs.domain_period().to_string(),
        report_url: report_path(&rs).to_string(),
        workstream_url: workstream_url(&rs),
        rev,
    };
    let title = format!("{}: revision {number}", rs.workstream.name);
    Ok(
        views::render(&state, Some(&actor), &csrf, "pages/revision", &title, &view)?
            .into_response(),
    )
}

// ---------------------------------------------------------------------------
// Reviewing.

async fn post_review(
    paths::Reviews { slug, ws, due }: paths::Reviews,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    body: Bytes,
) -> WebResult<Response> {
    let now = state.now();
    let mut rs = service::resolve(&state.db, &actor, &slug, &ws, &due, now).await?;
    let form: ReviewForm = read_form(&body)?;
    let input = service::ReviewInput {
        comment: form.comment,
        mark_reviewed: !form.mark_reviewed.is_empty(),
    };
    match service::review(&state.db, &actor, &mut rs, &input, now).await {
        Ok(()) => Ok(Redirect::to(&format!("{}?reviewed=1", report_path(&rs))).into_response()),
        Err(highlight_app::AppError::Invalid(errors)) => {
            service::require_readable(&rs)?;
            render_report(
                &state,
                &actor,
                &csrf,
                &rs,
                None,
                field_messages(&errors),
                input.comment,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// The form.

/// The form as a task list: each section with its state, what the saved draft means
/// against the board's tolerances, and the way on to check your answers.
async fn edit_report(
    paths::EditReport { slug, ws, due }: paths::EditReport,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Query(notice): Query<Notice>,
) -> WebResult<Response> {
    let now = state.now();
    let rs = writable(&state, &actor, &slug, &ws, &due).await?;
    let carried = service::prefilled(&state.db, &rs).await?;
    let content = match &rs.report {
        Some(r) => service::working_content(r)?,
        None => carried.clone(),
    };
    let progress = service::progress(&rs, &HighlightReportDraft::from(&content), &carried);
    let judgement = saved_judgement(&state, &rs).await?;
    let current_revision = rs.report.as_ref().map_or(0, |r| r.current_revision);
    let mut tasks = task_views(&rs, &progress);
    let returned = service::open_return(&state.db, &rs).await?;
    if let Some(r) = &returned {
        for (task, (section, _)) in tasks.iter_mut().zip(&progress.sections) {
            if let Some(note) = r.on(*section) {
                task.hint = format!("The board's note: {}", note.body);
            }
        }
    }
    let view = TasksPage {
        returned_heading: returned.as_ref().map(|r| {
            format!(
                "Returned for changes by {}, {}: the sections with a note say what to change.",
                r.returned_by, r.returned_label
            )
        }),
        returned_text: returned.as_ref().and_then(|r| r.general.clone()),
        resubmit_url: returned
            .as_ref()
            .map(|_| report_path(&rs).resubmit().to_string()),
        workstream_name: rs.workstream.name.clone(),
        programme_name: rs.scope.programme.name.clone(),
        period_label: rs.domain_period().to_string(),
        due_label: highlight_app::format::day_month_year(rs.period.due_date),
        status_label: text::status_word(rs.status(now)?).to_owned(),
        report_url: report_path(&rs).to_string(),
        workstream_url: workstream_url(&rs),
        check_url: report_path(&rs).check().to_string(),
        whole_form_url: report_path(&rs).whole_form().to_string(),
        is_correction: current_revision > 0,
        current_revision,
        completed: tasks.iter().filter(|t| t.completed).count(),
        total: tasks.len(),
        any_carried: progress
            .sections
            .iter()
            .any(|(_, st)| *st == SectionState::CarriedForwardCheck),
        tasks,
        judgement,
        notice: notice.message(),
    };
    let title = format!(
        "{}: report due {}",
        rs.workstream.name,
        highlight_app::format::day_month_year(rs.period.due_date)
    );
    Ok(views::render(
        &state,
        Some(&actor),
        &csrf,
        "pages/report_tasks",
        &title,
        &view,
    )?
    .into_response())
}

#[derive(Serialize)]
struct TasksPage {
    workstream_name: String,
    programme_name: String,
    period_label: String,
    due_label: String,
    status_label: String,
    report_url: String,
    workstream_url: String,
    check_url: String,
    whole_form_url: String,
    is_correction: bool,
    current_revision: i32,
    completed: usize,
    total: usize,
    any_carried: bool,
    tasks: Vec<TaskView>,
    judgement: Option<Judgement>,
    notice: Option<String>,
    /// Returned for changes: who and when, the board's general note, and the page that
    /// resubmits (in place of check your answers).
    returned_heading: Option<String>,
    returned_text: Option<String>,
    resubmit_url: Option<String>,
}

/// One section on the task list (the `partials/govuk/task_list` item).
#[derive(Serialize)]
struct TaskView {
    name: String,
    href: String,
    hint: String,
    status: String,
    colour: Option<&'static str>,
    #[serde(skip)]
    completed: bool,
}

fn task_views(rs: &ReportScope, progress: &service::FormProgress) -> Vec<TaskView> {
    progress
        .sections
        .iter()
        .map(|(section, st)| TaskView {
            name: section.title().to_owned(),
            href: report_path(rs).section(*section).to_string(),
            hint: section.summary().to_owned(),
            status: ReportSection::state_words(*st).to_owned(),
            colour: crate::presenters::section_state_colour(*st),
            completed: *st == SectionState::Completed,
        })
        .collect()
}

/// What the saved working copy means against the board's tolerances (none before the
/// first save).
async fn saved_judgement(state: &AppState, rs: &ReportScope) -> WebResult<Option<Judgement>> {
    let Some(r) = rs.report.as_ref() else {
        return Ok(None);
    };
    let content = service::working_content(r)?;
    let pid = service::pid_of(&state.db, rs.workstream.id.0).await?;
    Ok(Some(text::judgement(
        &content,
        &service::assess(&rs.scope.rag_policy, &content, &pid),
    )))
}

/// Every section on one page.
async fn whole_form(
    paths::WholeReportForm { slug, ws, due }: paths::WholeReportForm,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Query(notice): Query<Notice>,
) -> WebResult<Response> {
    let rs = writable(&state, &actor, &slug, &ws, &due).await?;
    let page = report_path(&rs).whole_form().to_string();
    let (form, kept) = opened_or_kept(&state, &actor, &rs, &page).await?;
    render_form(
        &state,
        &actor,
        &csrf,
        &rs,
        form,
        FormExtras {
            notice: kept.or_else(|| notice.message()),
            ..FormExtras::default()
        },
        StatusCode::OK,
    )
    .await
}

/// A form sent just as its author's session timed out: kept for them (never saved), and
/// the sign-in page asked to bring them back to it.
async fn keep_for_after_sign_in(
    state: &AppState,
    ended: Option<Extension<EndedSession>>,
    page: &str,
    body: &[u8],
) -> WebResult<Response> {
    let (Some(Extension(ended)), Ok(body)) = (ended, std::str::from_utf8(body)) else {
        return Err(WebError::Unauthenticated);
    };
    highlight_app::kept_forms::keep(&state.db, ended.user, page, body, state.now()).await?;
    let next = url::form_urlencoded::byte_serialize(page.as_bytes()).collect::<String>();
    Ok(Redirect::to(&format!("{}?next={next}", paths::SignIn)).into_response())
}

/// The form as stored (or pre-filled), or — when the person's session timed out as they
/// sent this page — what they had typed, with a notice saying so.
async fn opened_or_kept(
    state: &AppState,
    actor: &Actor,
    rs: &ReportScope,
    page: &str,
) -> WebResult<(FormState, Option<String>)> {
    let now = state.now();
    if let Some(body) =
        highlight_app::kept_forms::take(&state.db, highlight_domain::UserId(actor.id()), page, now)
            .await?
        && let Ok((input, _)) = parse_report_form(body.as_bytes())
    {
        let notice = "Your session timed out before this page was saved. This is what you typed: \
                      check it, then save it.";
        return Ok((FormState::from_input(&input), Some(notice.to_owned())));
    }
    let opened = service::form_content(&state.db, rs).await?;
    Ok((
        FormState::from_content(&opened.content, opened.lock_version),
        None,
    ))
}

fn parse_section(section: &str) -> WebResult<ReportSection> {
    section
        .parse()
        .map_err(|_| WebError::NotFound(format!("a section of the report called \"{section}\"")))
}

/// One section's page.
async fn view_section(
    paths::ReportSectionPage {
        slug,
        ws,
        due,
        section,
    }: paths::ReportSectionPage,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Query(notice): Query<Notice>,
) -> WebResult<Response> {
    let section = parse_section(&section)?;
    let rs = writable(&state, &actor, &slug, &ws, &due).await?;
    let page = report_path(&rs).section(section).to_string();
    let (form, kept) = opened_or_kept(&state, &actor, &rs, &page).await?;
    render_form(
        &state,
        &actor,
        &csrf,
        &rs,
        form,
        FormExtras {
            notice: kept.or_else(|| notice.message()),
            section: Some(section),
            ..FormExtras::default()
        },
        StatusCode::OK,
    )
    .await
}

/// Saves one section: "Save and continue" goes back to the task list, "Save and stay"
/// shows the section again with what it now means against the tolerances. Nothing
/// typed is lost: an error or a conflict shows the section as typed.
async fn write_section(
    paths::ReportSectionPage {
        slug,
        ws,
        due,
        section,
    }: paths::ReportSectionPage,
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    ended: Option<Extension<EndedSession>>,
    csrf: CsrfToken,
    body: Bytes,
) -> WebResult<Response> {
    let Some(actor) = user else {
        let page = paths::ReportSectionPage {
            slug,
            ws,
            due,
            section,
        }
        .to_string();
        return keep_for_after_sign_in(&state, ended, &page, &body).await;
    };
    let section = parse_section(&section)?;
    let now = state.now();
    let mut rs = writable(&state, &actor, &slug, &ws, &due).await?;
    let (input, action) = parse_report_form(&body)?;
    let outcome = service::save_section(&state.db, &actor, &mut rs, section, &input, now).await?;
    let form = FormState::from_input(&input);
    let extras = FormExtras {
        section: Some(section),
        ..FormExtras::default()
    };
    finish_write(
        &state,
        &actor,
        &csrf,
        rs,
        &input,
        form,
        extras,
        outcome,
        |rs| {
            if action == "continue" {
                format!(
                    "{}?section={}#report-sections",
                    report_path(rs).edit(),
                    section.as_str()
                )
            } else {
                format!(
                    "{}?section={}",
                    report_path(rs).section(section),
                    section.as_str()
                )
            }
        },
    )
    .await
}

#[derive(Serialize)]
struct CheckPage {
    workstream_name: String,
    due_label: String,
    period_label: String,
    action_url: String,
    tasks_url: String,
    lock_version: i32,
    is_correction: bool,
    reason: String,
    /// What stops the submission, each linked to its field on its section's page.
    problems: Vec<LinkedProblem>,
    tasks: Vec<TaskView>,
    /// Sections still exactly as last period's: submitting confirms them.
    carried_sections: Vec<String>,
    readable: text::ReadableReport,
    judgement: Judgement,
}

/// Check your answers: the working copy (or, before any save, what the report was
/// pre-filled with) as the board will read it, the derived status beside the stated
/// one with each disagreement explained, every section with its state and a link back
/// to it, and the button that submits exactly what is shown. Reads only.
async fn check_report(
    paths::CheckReport { slug, ws, due }: paths::CheckReport,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let rs = writable(&state, &actor, &slug, &ws, &due).await?;
    render_check(&state, &actor, &csrf, &rs, Vec::new(), "").await
}

/// A problem on the check page, linked to where it is fixed.
#[derive(Serialize)]
struct LinkedProblem {
    field: String,
    href: String,
    message: String,
}

async fn render_check(
    state: &AppState,
    actor: &Actor,
    csrf: &CsrfToken,
    rs: &ReportScope,
    errors: Vec<FieldMessage>,
    reason: &str,
) -> WebResult<Response> {
    let carried = service::prefilled(&state.db, rs).await?;
    let (content, lock_version) = match &rs.report {
        Some(r) => (service::working_content(r)?, r.lock_version),
        None => (carried.clone(), 0),
    };
    let pid = service::pid_of(&state.db, rs.workstream.id.0).await?;
    let assessment = service::assess(&rs.scope.rag_policy, &content, &pid);
    let progress = service::progress(rs, &HighlightReportDraft::from(&content), &carried);
    // An error names a field; on this page it links to the field on its section's page.
    let problems = errors
        .into_iter()
        .map(|e| LinkedProblem {
            href: match ReportSection::of_field(&e.field) {
                Some(s) => format!("{}#{}", report_path(rs).section(s), e.field),
                None => format!("#{}", e.field),
            },
            field: e.field,
            message: e.message,
        })
        .collect();
    let view = CheckPage {
        workstream_name: rs.workstream.name.clone(),
        due_label: highlight_app::format::long_date(rs.period.due_date),
        period_label: highlight_app::format::period(rs.period.covers_from, rs.period.due_date),
        action_url: report_path(rs).to_string(),
        tasks_url: report_path(rs).edit().to_string(),
        lock_version,
        is_correction: rs.is_submitted(),
        reason: reason.to_owned(),
        problems,
        tasks: task_views(rs, &progress),
        carried_sections: progress
            .sections
            .iter()
            .filter(|(_, st)| *st == SectionState::CarriedForwardCheck)
            .map(|(s, _)| s.title().to_owned())
            .collect(),
        readable: text::readable(&content),
        judgement: text::judgement(&content, &assessment),
    };
    let title = format!("Check your answers: {}", rs.workstream.name);
    let has_errors = !view.problems.is_empty();
    views::render_form_page(
        state,
        Some(actor),
        csrf,
        "pages/report_check",
        &title,
        &view,
        has_errors,
    )
}

async fn write_report(
    paths::Report { slug, ws, due }: paths::Report,
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    ended: Option<Extension<EndedSession>>,
    csrf: CsrfToken,
    body: Bytes,
) -> WebResult<Response> {
    let Some(actor) = user else {
        let page = paths::Report { slug, ws, due }.whole_form().to_string();
        return keep_for_after_sign_in(&state, ended, &page, &body).await;
    };
    let now = state.now();
    let mut rs = writable(&state, &actor, &slug, &ws, &due).await?;
    let (mut input, action) = parse_report_form(&body)?;
    let from_check = matches!(action.as_str(), "submit_checked" | "correct_checked");
    if from_check {
        // From "check your answers": submit what the lead checked — the saved working
        // copy, or for a report nobody has saved, what it was pre-filled with.
        let checked = service::form_content(&state.db, &rs).await?.content;
        input = ReportInput {
            fields: HighlightReportDraft::from(&checked),
            confirmed: Vec::new(),
            lock_version: input.lock_version,
            reason: input.reason,
        };
    }
    let outcome = match action.as_str() {
        "submit" | "submit_checked" => {
            service::submit(&state.db, &actor, &mut rs, &input, false, now).await?
        }
        "correct" | "correct_checked" => {
            service::submit(&state.db, &actor, &mut rs, &input, true, now).await?
        }
        _ => service::save(&state.db, &actor, &mut rs, &input, now).await?,
    };
    if from_check && let WriteOutcome::Invalid(errors) = &outcome {
        // The check page says what is missing, each linked to its section.
        return render_check(
            &state,
            &actor,
            &csrf,
            &rs,
            field_messages(errors),
            &input.reason,
        )
        .await;
    }
    let form = FormState::from_input(&input);
    finish_write(
        &state,
        &actor,
        &csrf,
        rs,
        &input,
        form,
        FormExtras::default(),
        outcome,
        |rs| match action.as_str() {
            "save" => format!("{}?saved=1", report_path(rs).whole_form()),
            "check" => report_path(rs).check().to_string(),
            _ => format!("{}?submitted=1", report_path(rs)),
        },
    )
    .await
}

/// The end of every form write: written, go to `next`; invalid, the form again as
/// typed with every problem (422); someone else saved first, the form with theirs
/// beside yours (409). Nothing typed is lost either way.
#[allow(clippy::too_many_arguments)]
async fn finish_write(
    state: &AppState,
    actor: &Actor,
    csrf: &CsrfToken,
    mut rs: ReportScope,
    input: &ReportInput,
    form: FormState,
    extras: FormExtras,
    outcome: WriteOutcome,
    next: impl FnOnce(&ReportScope) -> String,
) -> WebResult<Response> {
    match outcome {
        WriteOutcome::Written(_) => Ok(Redirect::to(&next(&rs)).into_response()),
        WriteOutcome::Invalid(errors) => {
            render_form(
                state,
                actor,
                csrf,
                &rs,
                form,
                FormExtras {
                    errors: field_messages(&errors),
                    ..extras
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        WriteOutcome::Conflict(theirs) => {
            let their_content = service::working_content(&theirs)?;
            let who = service::last_changed_by(&state.db, theirs.id, rs.scope.tz)
                .await?
                .unwrap_or_else(|| "Someone else".into());
            let conflict = conflict_view(
                &their_content,
                &input.merged(),
                &theirs,
                &rs,
                who,
                extras.section,
            );
            let form = FormState {
                lock_version: theirs.lock_version,
                ..form
            };
            rs.report = Some(theirs);
            render_form(
                state,
                actor,
                csrf,
                &rs,
                form,
                FormExtras {
                    conflict: Some(conflict),
                    ..extras
                },
                StatusCode::CONFLICT,
            )
            .await
        }
    }
}

/// The review form as the browser sends it.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ReviewForm {
    comment: String,
    /// A ticked checkbox sends a value; an unticked one sends nothing.
    mark_reviewed: String,
}

/// The report form as the browser sends it: every field of the draft, the planned
/// products ticked as completed (a repeated key), and the form's controls.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ReportForm {
    confirm_completed: Vec<String>,
    action: Option<String>,
    lock_version: String,
    reason: String,
    #[serde(rename = "_csrf")]
    _csrf: String,
    #[serde(flatten)]
    fields: HighlightReportDraft,
}

/// The form's fields: every single-valued field, plus the ticked planned products.
/// A form as the browser sent it. One that does not read (a single-valued field sent
/// twice, say) is refused saying so, never taken for an empty form.
fn read_form<T: serde::de::DeserializeOwned>(body: &[u8]) -> WebResult<T> {
    serde_html_form::from_bytes(body).map_err(|e| {
        let mut errors = ValidationErrors::new();
        errors.add(
            "form",
            format!("The form could not be read ({e}): reload the page and try again"),
        );
        WebError::Invalid(errors)
    })
}

fn parse_report_form(body: &[u8]) -> WebResult<(ReportInput, String)> {
    let form: ReportForm = read_form(body)?;
    Ok((
        ReportInput {
            fields: form.fields,
            confirmed: form.confirm_completed,
            lock_version: form.lock_version.trim().parse().unwrap_or(-1),
            reason: form.reason,
        },
        form.action.unwrap_or_else(|| "save".to_owned()),
    ))
}

fn field_messages(errors: &ValidationErrors) -> Vec<FieldMessage> {
    errors
        .iter()
        .map(|e| FieldMessage::new(&text::anchor(&e.field), &e.message))
        .collect()
}

/// What the form shows: the fields as typed (or as stored), the ticked products.
#[derive(Debug, Clone)]
struct FormState {
    fields: HighlightReportDraft,
    /// Products ticked from last period's plan; `None`: judge from `fields`.
    confirmed: Option<Vec<String>>,
    lock_version: i32,
    reason: String,
}

impl FormState {
    fn from_content(c: &HighlightReportContent, lock_version: i32) -> Self {
        Self {
            fields: HighlightReportDraft::from(c),
            confirmed: None,
            lock_version,
            reason: String::new(),
        }
    }

    fn from_input(input: &ReportInput) -> Self {
        Self {
            fields: input.fields.clone(),
            confirmed: Some(input.confirmed.clone()),
            lock_version: input.lock_version,
            reason: input.reason.clone(),
        }
    }
}

#[derive(Debug, Default)]
struct FormExtras {
    errors: Vec<FieldMessage>,
    notice: Option<String>,
    conflict: Option<ConflictView>,
    /// One section's page; `None`: the whole form.
    section: Option<ReportSection>,
}

/// The section a section page shows.
#[derive(Serialize)]
struct SectionView {
    name: &'static str,
    title: &'static str,
    url: String,
    is_tolerances: bool,
}

#[derive(Serialize)]
struct FormPage {
    workstream_name: String,
    programme_name: String,
    period_label: String,
    due_label: String,
    status_label: String,
    action_url: String,
    report_url: String,
    workstream_url: String,
    lock_version: i32,
    is_correction: bool,
    current_revision: i32,
    reason: String,
    overall_last_word: String,
    f: serde_json::Map<String, serde_json::Value>,
    errors: Vec<FieldMessage>,
    overall: RadioGroup,
    budget: RadioGroup,
    schedule: RadioGroup,
    tolerances: Vec<ToleranceRow>,
    grid: Vec<GridRow>,
    planned: Vec<Planned>,
    other_completed: String,
    open_risks: Vec<String>,
    open_issues: Vec<String>,
    judgement: Option<Judgement>,
    notice: Option<String>,
    conflict: Option<ConflictView>,
    /// Field name → still exactly as carried forward from last period (every name of
    /// `CARRIED_FIELDS` is there, so the strict template can read each).
    /// (Not called `carried`: the field partials take a `carried` parameter, and a page
    /// value of that name would reach every field that is not given one.)
    carried_fields: serde_json::Map<String, serde_json::Value>,
    /// Some field shown is still as carried forward.
    any_carried: bool,
    /// The section this page shows (a section page), or none (the whole form).
    section: Option<SectionView>,
    tasks_url: String,
    /// A report returned for changes: the board's note on each section by its name (null
    /// where there is none, so the strict template can look each up), and this page's.
    return_notes_by_section: serde_json::Map<String, serde_json::Value>,
    section_notes: Option<service::SectionNotes>,
}

#[derive(Serialize)]
struct RadioGroup {
    name: String,
    legend: String,
    hint: Option<String>,
    options: Vec<Opt>,
    error: Option<String>,
}

#[derive(Serialize)]
struct Opt {
    id: String,
    value: String,
    label: String,
    checked: bool,
}

#[derive(Serialize)]
struct ToleranceRow {
    group: RadioGroup,
    note_label: String,
    note_name: String,
    note_value: String,
    note_error: Option<String>,
}

#[derive(Serialize)]
struct GridRow {
    name: String,
    label: String,
    last_name: String,
    last_value: String,
    last_word: String,
    options: Vec<Opt>,
    error: Option<String>,
}

#[derive(Serialize)]
struct Planned {
    id: String,
    text: String,
    checked: bool,
}

#[derive(Debug, Serialize)]
struct ConflictView {
    who: String,
    state: String,
    rows: Vec<ConflictRow>,
    reload_url: String,
}

#[derive(Debug, Serialize)]
struct ConflictRow {
    label: String,
    theirs: String,
    yours: String,
}

fn normalise(v: &str) -> String {
    let v = v.trim().to_lowercase().replace([' ', '-'], "_");
    match v.as_str() {
        "n/a" | "na" => "not_applicable".into(),
        "not_assessed" => String::new(),
        _ => v,
    }
}

fn radio(
    name: &str,
    legend: &str,
    hint: Option<&str>,
    value: &str,
    options: &[(&str, &str)],
    errors: &[FieldMessage],
) -> RadioGroup {
    let current = normalise(value);
    RadioGroup {
        name: name.into(),
        legend: legend.into(),
        hint: hint.map(str::to_owned),
        options: options
            .iter()
            .enumerate()
            .map(|(i, (v, label))| Opt {
                id: if i == 0 {
                    name.to_owned()
                } else {
                    format!("{name}-{v}")
                },
                value: (*v).to_owned(),
                label: (*label).to_owned(),
                checked: current == *v,
            })
            .collect(),
        error: error_for(errors, name),
    }
}

fn error_for(errors: &[FieldMessage], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.clone())
}

const RAG_OPTIONS: &[(&str, &str)] = &[("red", "Red"), ("amber", "Amber"), ("green", "Green")];
const SITUATIONS: &[(&str, &str)] = &[
    ("unaffected", "Unaffected"),
    ("within", "Within tolerance"),
    ("exceeded", "Exceeded"),
];

async fn render_form(
    state: &AppState,
    actor: &Actor,
    csrf: &CsrfToken,
    rs: &ReportScope,
    form: FormState,
    extras: FormExtras,
    status: StatusCode,
) -> WebResult<Response> {
    let db = &state.db;
    let previous = service::previous_content(db, rs).await?;
    let (open_risks, open_issues) = service::open_register(db, rs.workstream.id.0).await?;
    // What the domain carried forward, to label what the lead has not yet looked at.
    let carried_content = highlight_domain::HighlightReportContent::carried_forward(
        rs.workstream.stage,
        rs.domain_period(),
        previous.as_ref(),
        &open_risks,
        &open_issues,
    );
    let progress = service::progress(rs, &form.fields, &carried_content);
    let shown = |f: &str| {
        extras
            .section
            .is_none_or(|s| ReportSection::of_field(f) == Some(s))
    };
    let still_carried: Vec<&str> = progress
        .carried
        .iter()
        .copied()
        .filter(|f| shown(f))
        .collect();
    let carried: serde_json::Map<String, serde_json::Value> =
        highlight_domain::HighlightReportContent::CARRIED_FIELDS
            .iter()
            .map(|f| {
                (
                    (*f).to_owned(),
                    serde_json::Value::Bool(still_carried.contains(f)),
                )
            })
            .collect();
    let f = text::field_values(&form.fields);
    let value = |name: &str| text::field_value(&f, name);
    let errors = extras.errors;

    // Last period's plan, to confirm under "completed".
    let planned_items =
        highlight_domain::HighlightReportContent::products_to_confirm(previous.as_ref());
    let completed_lines: Vec<String> = form
        .fields
        .products_completed
        .lines()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    let planned: Vec<Planned> = planned_items
        .iter()
        .enumerate()
        .map(|(i, item)| Planned {
            id: format!("confirm_completed-{i}"),
            text: item.clone(),
            checked: match &form.confirmed {
                Some(c) => c.iter().any(|x| x.trim() == item),
                None => completed_lines.iter().any(|l| l == item),
            },
        })
        .collect();
    let other_completed = match &form.confirmed {
        Some(_) => form.fields.products_completed.clone(),
        None => completed_lines
            .iter()
            .filter(|l| !planned_items.contains(l))
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
    };

    let tolerances = ["time", "cost", "quality", "scope", "risk", "benefit"]
        .iter()
        .map(|d| {
            let name = format!("tolerance_{d}");
            let note_name = format!("{name}_note");
            let label = FIELDS
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(*d, |(_, l)| l);
            ToleranceRow {
                group: radio(&name, label, None, &value(&name), SITUATIONS, &errors),
                note_label: format!(
                    "{}: the deviation, or a note",
                    text::dimension_word(d.parse().unwrap_or(highlight_domain::Dimension::Time))
                ),
                note_value: value(&note_name),
                note_error: error_for(&errors, &note_name),
                note_name,
            }
        })
        .collect();
    let grid = ["time", "cost", "scope", "quality", "benefit", "risk"]
        .iter()
        .map(|d| {
            let name = format!("rag_{d}");
            let last_name = format!("{name}_last");
            let last_value = value(&last_name);
            let current = normalise(&value(&name));
            let mut options = vec![Opt {
                id: String::new(),
                value: String::new(),
                label: "Not assessed".into(),
                checked: current.is_empty(),
            }];
            options.extend(RAG_OPTIONS.iter().map(|(v, l)| Opt {
                id: String::new(),
                value: (*v).into(),
                label: (*l).into(),
                checked: current == *v,
            }));
            GridRow {
                label: text::dimension_word(d.parse().unwrap_or(highlight_domain::Dimension::Time))
                    .to_owned(),
                last_word: word_of_rag(&last_value),
                error: error_for(&errors, &name),
                name,
                last_name,
                last_value,
                options,
            }
        })
        .collect();

    // Whenever there is a saved working copy, the form says beside each figure what it
    // means against the board's tolerances (derived by the domain from what was saved).
    let judgement = saved_judgement(state, rs).await?;
    let returned = service::open_return(db, rs).await?;
    let return_notes_by_section = ReportSection::ALL
        .iter()
        .map(|s| {
            let note = returned.as_ref().and_then(|r| r.on(*s));
            (
                s.as_str().to_owned(),
                serde_json::to_value(note).unwrap_or(serde_json::Value::Null),
            )
        })
        .collect();
    let section_notes = extras
        .section
        .and_then(|s| returned.as_ref().and_then(|r| r.on(s)).cloned());
    let current_revision = rs.report.as_ref().map_or(0, |r| r.current_revision);
    let view = FormPage {
        return_notes_by_section,
        section_notes,
        any_carried: !still_carried.is_empty(),
        carried_fields: carried,
        section: extras.section.map(|s| SectionView {
            name: s.as_str(),
            title: s.title(),
            url: report_path(rs).section(s).to_string(),
            is_tolerances: s == ReportSection::Tolerances,
        }),
        tasks_url: report_path(rs).edit().to_string(),
        workstream_name: rs.workstream.name.clone(),
        programme_name: rs.scope.programme.name.clone(),
        period_label: rs.domain_period().to_string(),
        due_label: highlight_app::format::day_month_year(rs.period.due_date),
        status_label: text::status_word(rs.status(state.now())?).to_owned(),
        action_url: report_path(rs).to_string(),
        report_url: report_path(rs).to_string(),
        workstream_url: workstream_url(rs),
        lock_version: form.lock_version,
        is_correction: current_revision > 0,
        current_revision,
        reason: form.reason.clone(),
        overall_last_word: word_of_rag(&value("rag_overall_last")),
        overall: radio(
            "rag_overall",
            "Overall status this period",
            Some(
                "Your own judgement. Highlight also derives a status from the figures and tolerances, and shows both.",
            ),
            &value("rag_overall"),
            RAG_OPTIONS,
            &errors,
        ),
        budget: radio(
            "budget_status",
            "Budget status",
            Some("For an underspend or overspend, enter the amount below."),
            &value("budget_status"),
            &[
                ("underspend", "Underspend"),
                ("on_budget", "On budget"),
                ("overspend", "Overspend"),
                ("not_applicable", "Not applicable (no budget held)"),
            ],
            &errors,
        ),
        schedule: radio(
            "schedule_status",
            "Schedule status",
            None,
            &value("schedule_status"),
            &[
                ("ahead", "Ahead of time"),
                ("on_schedule", "On schedule"),
                ("behind", "Behind schedule"),
            ],
            &errors,
        ),
        tolerances,
        grid,
        planned,
        other_completed,
        open_risks,
        open_issues,
        judgement,
        notice: extras.notice,
        conflict: extras.conflict,
        errors,
        f,
    };
    let (title, template) = match extras.section {
        Some(s) => (
            format!("{}: {}", rs.workstream.name, s.title()),
            "pages/report_section",
        ),
        None => (
            format!(
                "{}: report due {}",
                rs.workstream.name,
                highlight_app::format::day_month_year(rs.period.due_date)
            ),
            "pages/report_form",
        ),
    };
    let html = views::render(state, Some(actor), csrf, template, &title, &view)?;
    Ok((status, html).into_response())
}

fn word_of_rag(v: &str) -> String {
    match normalise(v).as_str() {
        "red" => "Red",
        "amber" => "Amber",
        "green" => "Green",
        _ => "Not assessed",
    }
    .to_owned()
}

fn conflict_view(
    theirs: &HighlightReportContent,
    yours: &HighlightReportDraft,
    row: &ReportRecord,
    rs: &ReportScope,
    who: String,
    section: Option<ReportSection>,
) -> ConflictView {
    let theirs = HighlightReportDraft::from(theirs);
    let (t, y) = (text::field_values(&theirs), text::field_values(yours));
    ConflictView {
        who,
        state: row.state.as_str().to_owned(),
        rows: FIELDS
            .iter()
            .filter(|(name, _)| section.is_none_or(|s| ReportSection::of_field(name) == Some(s)))
            .filter_map(|(name, label)| {
                let (a, b) = (text::field_value(&t, name), text::field_value(&y, name));
                (a.trim() != b.trim()).then(|| ConflictRow {
                    label: (*label).to_owned(),
                    theirs: a,
                    yours: b,
                })
            })
            .collect(),
        reload_url: match section {
            Some(s) => report_path(rs).section(s).to_string(),
            None => report_path(rs).whole_form().to_string(),
        },
    }
}
