//! The board pack: the live pack for a meeting (printable page and Word download),
//! issuing it (programme office only), and the packs as issued.
//!
//! Anyone who can see the programme may read its packs; only those who manage it
//! (`can_manage_programme`) may issue one. The API under `/api/v1` (`routes::api::packs`)
//! serves the same packs in its own types.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Router};
use axum_extra::routing::RouterExt;
use highlight_domain::local_date;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use crate::app::AppState;
use crate::auth::{Actor, CsrfToken, CurrentUser};
use crate::error::{WebError, WebResult};
use crate::mail::format::day_month_year;
use crate::pack::docx::IssueNote;
use crate::pack::html::PackHeader;
use crate::pack::issued::{self, IssuedPack};
use crate::pack::{self, BoardPack, model};
use crate::paths;
use crate::views;
use highlight_app::scope::{self, ProgrammeScope};

pub fn router() -> Router<AppState> {
    Router::new()
        .typed_get(live_page)
        .typed_get(live_docx)
        .typed_get(live_pdf)
        .typed_get(list_page)
        .typed_post(issue_form)
        .typed_get(issued_file)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct MeetingQuery {
    /// The board meeting date (YYYY-MM-DD); default today in the programme's time zone.
    #[param(value_type = crate::routes::input::OptionalDate, required = false)]
    pub meeting: Option<String>,
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const PDF: &str = "application/pdf";

pub(crate) async fn live(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    meeting: Option<&str>,
) -> WebResult<(ProgrammeScope, BoardPack)> {
    let scope = scope::programme(&state.db, actor, slug).await?;
    let now = state.now();
    let meeting_on = pack::parse_meeting(meeting, local_date(now, scope.tz))?;
    let pack = model::build(&state.db, &scope, meeting_on, now).await?;
    Ok((scope, pack))
}

#[derive(Serialize)]
struct PackLinks {
    page: String,
    docx: String,
    pdf: String,
    packs: String,
}

#[derive(Serialize)]
struct PackView<'a> {
    pack: &'a BoardPack,
    header: PackHeader,
    links: PackLinks,
    live: bool,
    can_issue: bool,
    meeting: String,
}

fn render_pack(
    state: &AppState,
    scope: &ProgrammeScope,
    actor: &Actor,
    csrf: &CsrfToken,
    pack: &BoardPack,
    issue: Option<(i64, &IssueNote)>,
) -> WebResult<Response> {
    let slug = &pack.programme.slug;
    let links = match issue {
        Some((id, _)) => PackLinks {
            page: paths::IssuedPack::page(slug, id).to_string(),
            docx: paths::IssuedPack::docx(slug, id).to_string(),
            pdf: paths::IssuedPack::pdf(slug, id).to_string(),
            packs: paths::Packs { slug: slug.into() }.to_string(),
        },
        None => PackLinks {
            page: paths::LivePack { slug: slug.into() }.to_string(),
            docx: format!(
                "{}?meeting={}",
                paths::LivePackDocx { slug: slug.into() },
                pack.meeting_on
            ),
            pdf: format!(
                "{}?meeting={}",
                paths::LivePackPdf { slug: slug.into() },
                pack.meeting_on
            ),
            packs: paths::Packs { slug: slug.into() }.to_string(),
        },
    };
    let title = match issue {
        Some((_, note)) => format!(
            "{}: board pack for {}, version {}",
            pack.programme.name, pack.meeting_label, note.version
        ),
        None => format!(
            "{}: board pack for {}",
            pack.programme.name, pack.meeting_label
        ),
    };
    let view = PackView {
        pack,
        header: PackHeader::new(pack, issue.map(|(_, n)| n)),
        links,
        live: issue.is_none(),
        can_issue: actor.access.can_manage_programme(scope.id()),
        meeting: pack.meeting_on.to_string(),
    };
    Ok(views::render(state, Some(actor), csrf, "pages/pack", &title, &view)?.into_response())
}

fn docx_response(
    pack: &BoardPack,
    note: Option<&IssueNote>,
    version: Option<i32>,
) -> WebResult<Response> {
    let bytes = pack::docx::write(pack, note)?;
    Ok(download(pack, version, DOCX, "docx", bytes))
}

/// The pack as a PDF, laid out off the async runtime (typst is CPU work).
async fn pdf_response(pack: BoardPack, note: Option<IssueNote>) -> WebResult<Response> {
    let version = note.as_ref().map(|n| n.version);
    let (pack, bytes) = tokio::task::spawn_blocking(move || {
        let bytes = pack::pdf::write(&pack, note.as_ref());
        (pack, bytes)
    })
    .await
    .map_err(|e| anyhow::anyhow!("the PDF task failed: {e}"))?;
    Ok(download(&pack, version, PDF, "pdf", bytes?))
}

fn download(
    pack: &BoardPack,
    version: Option<i32>,
    content_type: &str,
    extension: &str,
    bytes: Vec<u8>,
) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}.{extension}\"",
                    pack::file_stem(pack, version)
                ),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /programmes/{slug}/pack?meeting=YYYY-MM-DD`: the printable live pack.
async fn live_page(
    paths::LivePack { slug }: paths::LivePack,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Query(q): Query<MeetingQuery>,
) -> WebResult<Response> {
    let (scope, pack) = live(&state, &actor, &slug, q.meeting.as_deref()).await?;
    render_pack(&state, &scope, &actor, &csrf, &pack, None)
}

/// `GET /programmes/{slug}/pack.docx?meeting=YYYY-MM-DD`: the live pack as Word.
async fn live_docx(
    paths::LivePackDocx { slug }: paths::LivePackDocx,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Query(q): Query<MeetingQuery>,
) -> WebResult<Response> {
    let (_, pack) = live(&state, &actor, &slug, q.meeting.as_deref()).await?;
    docx_response(&pack, None, None)
}

/// `GET /programmes/{slug}/pack.pdf?meeting=YYYY-MM-DD`: the live pack as a PDF.
async fn live_pdf(
    paths::LivePackPdf { slug }: paths::LivePackPdf,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Query(q): Query<MeetingQuery>,
) -> WebResult<Response> {
    let (_, pack) = live(&state, &actor, &slug, q.meeting.as_deref()).await?;
    pdf_response(pack, None).await
}

#[derive(Serialize)]
struct ListRow {
    meeting: String,
    version: i32,
    issued_by: String,
    issued_on: String,
    href: String,
}

#[derive(Serialize)]
struct ListView {
    programme: String,
    live_href: String,
    packs: Vec<ListRow>,
}

/// `GET /programmes/{slug}/packs`: every pack as issued.
async fn list_page(
    paths::Packs { slug }: paths::Packs,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let scope = scope::programme(&state.db, &actor, &slug).await?;
    let packs = issued::list(&state.db, &scope).await?;
    let view = ListView {
        programme: scope.programme.name.clone(),
        live_href: paths::LivePack { slug: slug.clone() }.to_string(),
        packs: packs
            .iter()
            .map(|p| ListRow {
                meeting: day_month_year(p.meeting_on),
                version: p.version,
                issued_by: p.issued_by.clone(),
                issued_on: day_month_year(local_date(p.issued_at, scope.tz)),
                href: paths::IssuedPack::page(&slug, p.id).to_string(),
            })
            .collect(),
    };
    let title = format!("{}: issued board packs", scope.programme.name);
    Ok(views::render(&state, Some(&actor), &csrf, "pages/packs", &title, &view)?.into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct IssueForm {
    /// The board meeting date (YYYY-MM-DD); default today in the programme's time zone.
    #[serde(default)]
    pub meeting: Option<String>,
    /// "yes" from the check page's button: only then is the pack issued.
    #[serde(default)]
    pub confirm: Option<String>,
}

#[derive(Serialize)]
struct CheckView {
    programme: String,
    meeting: String,
    meeting_label: String,
    period: Option<String>,
    glance: String,
    version: i32,
    /// "The meeting date 4 November 2026 is in the past. Issue anyway?"
    past_warning: Option<String>,
    marking: Option<String>,
    action: String,
    back: String,
}

pub(crate) async fn issue_for(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    meeting: Option<&str>,
) -> WebResult<(ProgrammeScope, IssuedPack)> {
    let scope = scope::programme(&state.db, actor, slug).await?;
    scope::require(
        actor.access.can_manage_programme(scope.id()),
        "issue board packs for this programme",
    )?;
    let now = state.now();
    let meeting_on = pack::parse_meeting(meeting, local_date(now, scope.tz))?;
    let issued = issued::issue(&state.db, &scope, Some(actor), meeting_on, now).await?;
    Ok((scope, issued))
}

/// `POST /programmes/{slug}/packs`: first "Check before you issue" (what will be frozen,
/// and a warning when the meeting is in the past), then, from its button
/// (`confirm=yes`), issue the pack for the meeting and show it.
async fn issue_form(
    paths::Packs { slug }: paths::Packs,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
    Form(form): Form<IssueForm>,
) -> WebResult<Response> {
    if form.confirm.as_deref() != Some("yes") {
        return check_page(&state, &actor, &csrf, &slug, form.meeting.as_deref()).await;
    }
    let (_, issued) = issue_for(&state, &actor, &slug, form.meeting.as_deref()).await?;
    Ok(
        Redirect::to(&paths::IssuedPack::page(&slug, issued.summary.id).to_string())
            .into_response(),
    )
}

/// The check before issuing: nothing is stored.
async fn check_page(
    state: &AppState,
    actor: &Actor,
    csrf: &CsrfToken,
    slug: &str,
    meeting: Option<&str>,
) -> WebResult<Response> {
    let scope = scope::programme(&state.db, actor, slug).await?;
    scope::require(
        actor.access.can_manage_programme(scope.id()),
        "issue board packs for this programme",
    )?;
    let now = state.now();
    let meeting_on = pack::parse_meeting(meeting, local_date(now, scope.tz))?;
    let check = issued::check(&state.db, &scope, meeting_on, now).await?;
    let p = &check.pack;
    let view = CheckView {
        programme: p.programme.name.clone(),
        meeting: p.meeting_on.to_string(),
        meeting_label: p.meeting_label.clone(),
        period: p.period.as_ref().map(|p| p.label.clone()),
        glance: pack::glance(&p.counts),
        version: check.version,
        past_warning: check.meeting_in_past.then(|| {
            format!(
                "The meeting date {} is in the past. Issue anyway?",
                day_month_year(p.meeting_on)
            )
        }),
        marking: p.marking.clone(),
        action: paths::Packs { slug: slug.into() }.to_string(),
        back: format!(
            "{}?meeting={}",
            paths::LivePack { slug: slug.into() },
            p.meeting_on
        ),
    };
    let title = format!("Check before you issue: {}", p.programme.name);
    Ok(views::render(
        state,
        Some(actor),
        csrf,
        "pages/pack_issue_check",
        &title,
        &view,
    )?
    .into_response())
}

/// `GET /programmes/{slug}/packs/{id}`, `{id}.docx` or `{id}.pdf`: a pack exactly as
/// issued.
async fn issued_file(
    paths::IssuedPack { slug, file }: paths::IssuedPack,
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    csrf: CsrfToken,
) -> WebResult<Response> {
    let (id, format) = if let Some(id) = file.strip_suffix(".docx") {
        (id, Format::Docx)
    } else if let Some(id) = file.strip_suffix(".pdf") {
        (id, Format::Pdf)
    } else {
        (file.as_str(), Format::Page)
    };
    let id: i64 = id
        .parse()
        .map_err(|_| WebError::NotFound(format!("the issued pack \"{file}\"")))?;
    let scope = scope::programme(&state.db, &actor, &slug).await?;
    let issued = issued::find(&state.db, &scope, id).await?;
    let note = issued.note(scope.tz);
    match format {
        Format::Docx => docx_response(&issued.pack, Some(&note), Some(issued.summary.version)),
        Format::Pdf => pdf_response(issued.pack, Some(note)).await,
        Format::Page => render_pack(
            &state,
            &scope,
            &actor,
            &csrf,
            &issued.pack,
            Some((id, &note)),
        ),
    }
}

/// What an issued pack's address asks for.
enum Format {
    Page,
    Docx,
    Pdf,
}
