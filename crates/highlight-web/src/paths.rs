//! Every address Highlight answers, defined once.
//!
//! Each route is a [`TypedPath`]: the router registers it (`typed_get`, `typed_post`),
//! the handler receives it as its path extractor, and links are built from it
//! (`Board { slug }.to_string()`, percent-encoded). Templates build links through the
//! `url` helper (see `templates.rs`), which constructs the same types, so a page, a
//! redirect and an e-mail cannot drift from the route that answers them.
//!
//! The API's paths (under [`api`]) also derive utoipa's `IntoParams`: the OpenAPI
//! document takes each path parameter's description from here, not from each handler.

use axum::extract::rejection::PathRejection;
use axum_extra::routing::TypedPath;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::WebError;
use highlight_app::outbox::Place;

impl From<PathRejection> for WebError {
    fn from(_: PathRejection) -> Self {
        WebError::NotFound("the page at this address".into())
    }
}

/// Declares a page route: `page!(Name, "/path/{capture}", { capture: Type, … })`.
macro_rules! page {
    ($(#[$doc:meta])* $name:ident, $path:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, Deserialize, TypedPath)]
        #[typed_path($path)]
        pub struct $name;
    };
    ($(#[$doc:meta])* $name:ident, $path:literal, { $($field:ident : $ty:ty),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Deserialize, TypedPath)]
        #[typed_path($path, rejection(WebError))]
        pub struct $name {
            $(pub $field: $ty),+
        }
    };
}

// Signing in and the account.
page!(/// The home page: "your work" (what each role is asked to do) and the programmes the person can see.
    Home, "/");
page!(/// Sign in (GET the form, POST the credentials).
    SignIn, "/login");
page!(/// Sign out (POST).
    SignOut, "/logout");
page!(/// A single-use link from an e-mail: sign in, or set a new password.
    LoginLink, "/login/link/{token}", { token: String });
page!(/// Ask for a password-reset link.
    ForgotPassword, "/password/forgot");
page!(/// Change one's password.
    AccountPassword, "/account/password");
page!(/// Which e-mails one receives.
    AccountEmail, "/account/email");
page!(/// One's API tokens (GET), or issue one (POST).
    AccountTokens, "/account/tokens");
page!(/// Revoke an API token (POST): one's own, or anyone's for an administrator.
    RevokeToken, "/account/tokens/{id}/revoke", { id: i64 });
page!(/// Liveness and readiness.
    Healthz, "/healthz");
page!(/// A vendored static asset (CSS, icons).
    Asset, "/static/{*file}", { file: String });

// Administration.
page!(/// The outbox: e-mails queued, sent and failed.
    AdminMail, "/admin/mail");
page!(/// Retry a failed e-mail (POST).
    OutboxRetry, "/admin/outbox/{id}/retry", { id: i64 });
page!(/// The audit log of accounts and installation-wide changes.
    AdminAudit, "/admin/audit");
page!(/// Everyone with an account: status, roles, last sign-in.
    AdminPeople, "/admin/people");
page!(/// One person's account: status, API tokens, disable, enable, resend the invitation.
    AdminPerson, "/admin/people/{id}", { id: i64 });
page!(/// Disable an account (POST).
    DisablePerson, "/admin/people/{id}/disable", { id: i64 });
page!(/// Enable an account again (POST).
    EnablePerson, "/admin/people/{id}/enable", { id: i64 });
page!(/// Send an invited person a new invitation (POST).
    InvitePerson, "/admin/people/{id}/invitation", { id: i64 });
page!(/// Set up a new programme.
    NewProgramme, "/programmes/new");

// A programme.
page!(/// The board view of a programme (`?period=` picks a period).
    Board, "/programmes/{slug}", { slug: String });
page!(/// Every workstream across every period.
    History, "/programmes/{slug}/history", { slug: String });
page!(/// The programme's set-up overview.
    Setup, "/programmes/{slug}/setup", { slug: String });
page!(/// The programme's settings: name, cycle, reminders, amber threshold.
    Settings, "/programmes/{slug}/settings", { slug: String });
page!(/// Who has which role in the programme.
    People, "/programmes/{slug}/people", { slug: String });
page!(/// Remove a person's role (POST).
    RemovePerson, "/programmes/{slug}/people/remove", { slug: String });
page!(/// Add a workstream.
    NewWorkstream, "/programmes/{slug}/workstreams/new", { slug: String });
page!(/// Import workstreams from a CSV file.
    ImportWorkstreams, "/programmes/{slug}/workstreams/import", { slug: String });
page!(/// The CSV template for importing workstreams.
    ImportTemplate, "/programmes/{slug}/workstreams/import/template.csv", { slug: String });
page!(/// The programme's audit log.
    Audit, "/programmes/{slug}/audit", { slug: String });
page!(/// The live board pack (`?meeting=` names the meeting).
    LivePack, "/programmes/{slug}/pack", { slug: String });
page!(/// The live board pack as a Word document.
    LivePackDocx, "/programmes/{slug}/pack.docx", { slug: String });
page!(/// The live board pack as a PDF.
    LivePackPdf, "/programmes/{slug}/pack.pdf", { slug: String });
page!(/// The issued packs (GET), or issue one (POST).
    Packs, "/programmes/{slug}/packs", { slug: String });
page!(/// An issued pack: `{id}` is its page, `{id}.docx` its Word document, `{id}.pdf` its PDF.
    IssuedPack, "/programmes/{slug}/packs/{file}", { slug: String, file: String });
page!(/// An export of the programme's reports: `reports.csv` or `reports.xlsx`.
    Export, "/programmes/{slug}/export/{file}", { slug: String, file: String });

// A workstream.
page!(/// The workstream page: PID, deliverables, report history, trend.
    Workstream, "/programmes/{slug}/workstreams/{ws}", { slug: String, ws: String });
page!(/// "Send a reminder now" to a workstream's lead (POST, the programme manager).
    Chase, "/programmes/{slug}/workstreams/{ws}/chase", { slug: String, ws: String });
page!(/// Change a workstream's details.
    EditWorkstream, "/programmes/{slug}/workstreams/{ws}/edit", { slug: String, ws: String });
page!(/// The workstream's PID and its versions.
    Pid, "/programmes/{slug}/workstreams/{ws}/pid", { slug: String, ws: String });
page!(/// Record or re-baseline the PID.
    EditPid, "/programmes/{slug}/workstreams/{ws}/pid/edit", { slug: String, ws: String });
page!(/// One version of the PID.
    PidVersion, "/programmes/{slug}/workstreams/{ws}/pid/versions/{n}",
    { slug: String, ws: String, n: u32 });

// A highlight report.
page!(/// A highlight report for a period (GET reads it, POST saves or submits it).
    Report, "/programmes/{slug}/workstreams/{ws}/reports/{due}",
    { slug: String, ws: String, due: String });
page!(/// Check your answers: the saved draft as the board will read it, before submitting.
    CheckReport, "/programmes/{slug}/workstreams/{ws}/reports/{due}/check",
    { slug: String, ws: String, due: String });
page!(/// The report form as a task list: its sections, each with its state.
    EditReport, "/programmes/{slug}/workstreams/{ws}/reports/{due}/edit",
    { slug: String, ws: String, due: String });
page!(/// One section of the report form (GET shows it, POST saves it).
    ReportSectionPage, "/programmes/{slug}/workstreams/{ws}/reports/{due}/edit/{section}",
    { slug: String, ws: String, due: String, section: String });
page!(/// The whole report form on one page.
    WholeReportForm, "/programmes/{slug}/workstreams/{ws}/reports/{due}/form",
    { slug: String, ws: String, due: String });
page!(/// One revision of a report, with what changed from the one before.
    Revision, "/programmes/{slug}/workstreams/{ws}/reports/{due}/revisions/{n}",
    { slug: String, ws: String, due: String, n: String });
page!(/// Record the board's review of a report (POST).
    Reviews, "/programmes/{slug}/workstreams/{ws}/reports/{due}/reviews",
    { slug: String, ws: String, due: String });

// The review loop (`routes/review.rs`).
page!(/// Return a report to its lead for changes, with notes per section (GET the form, POST it).
    ReturnReport, "/programmes/{slug}/workstreams/{ws}/reports/{due}/return",
    { slug: String, ws: String, due: String });
page!(/// Resubmit a returned report to the board (GET the page, POST it).
    ResubmitReport, "/programmes/{slug}/workstreams/{ws}/reports/{due}/resubmit",
    { slug: String, ws: String, due: String });

impl Report {
    /// The "return for changes" form of this report.
    pub fn return_for_changes(&self) -> ReturnReport {
        ReturnReport {
            slug: self.slug.clone(),
            ws: self.ws.clone(),
            due: self.due.clone(),
        }
    }

    /// The page that resubmits this returned report.
    pub fn resubmit(&self) -> ResubmitReport {
        ResubmitReport {
            slug: self.slug.clone(),
            ws: self.ws.clone(),
            due: self.due.clone(),
        }
    }
}

impl Board {
    pub fn of(slug: &str) -> Self {
        Self { slug: slug.into() }
    }

    /// The board view of one period.
    pub fn period(slug: &str, due: NaiveDate) -> String {
        format!("{}?period={due}", Self::of(slug))
    }
}

impl Workstream {
    pub fn of(slug: &str, ws: &str) -> Self {
        Self {
            slug: slug.into(),
            ws: ws.into(),
        }
    }
}

impl Report {
    pub fn of(slug: &str, ws: &str, due: NaiveDate) -> Self {
        Self {
            slug: slug.into(),
            ws: ws.into(),
            due: due.to_string(),
        }
    }

    pub fn edit(&self) -> EditReport {
        EditReport {
            slug: self.slug.clone(),
            ws: self.ws.clone(),
            due: self.due.clone(),
        }
    }

    pub fn section(&self, section: highlight_domain::ReportSection) -> ReportSectionPage {
        ReportSectionPage {
            slug: self.slug.clone(),
            ws: self.ws.clone(),
            due: self.due.clone(),
            section: section.as_str().to_owned(),
        }
    }

    pub fn whole_form(&self) -> WholeReportForm {
        WholeReportForm {
            slug: self.slug.clone(),
            ws: self.ws.clone(),
            due: self.due.clone(),
        }
    }

    pub fn check(&self) -> CheckReport {
        CheckReport {
            slug: self.slug.clone(),
            ws: self.ws.clone(),
            due: self.due.clone(),
        }
    }

    pub fn revision(&self, n: i32) -> Revision {
        Revision {
            slug: self.slug.clone(),
            ws: self.ws.clone(),
            due: self.due.clone(),
            n: n.to_string(),
        }
    }
}

impl IssuedPack {
    /// An issued pack's page.
    pub fn page(slug: &str, id: i64) -> Self {
        Self {
            slug: slug.into(),
            file: id.to_string(),
        }
    }

    /// An issued pack's Word document, exactly as issued.
    pub fn docx(slug: &str, id: i64) -> Self {
        Self {
            slug: slug.into(),
            file: format!("{id}.docx"),
        }
    }

    /// An issued pack's PDF, exactly as issued.
    pub fn pdf(slug: &str, id: i64) -> Self {
        Self {
            slug: slug.into(),
            file: format!("{id}.pdf"),
        }
    }
}

impl Asset {
    pub fn of(file: &str) -> Self {
        Self { file: file.into() }
    }
}

/// The address of a place a message links to ([`Place`]).
pub fn place(place: &Place) -> String {
    match place {
        Place::Home => Home.to_string(),
        Place::Board { programme } => Board::of(programme).to_string(),
        Place::Report {
            programme,
            workstream,
            due,
        } => Report::of(programme, workstream, *due).to_string(),
    }
}

/// The address a stored link names: a [`Place`], or (rows queued before places
/// existed) the path itself.
pub fn stored_place(stored: &str) -> String {
    match Place::from_stored(stored) {
        Some(p) => place(&p),
        None if stored.starts_with('/') => stored.to_owned(),
        None => Home.to_string(),
    }
}

/// The link to a page route by its name in templates (`{{url "board" slug=…}}`), each
/// built from its type. `arg` gives a named parameter's value.
pub fn link<E: std::fmt::Display>(
    route: &str,
    arg: &dyn Fn(&str) -> Result<String, E>,
) -> Result<String, String> {
    let a = |name: &str| arg(name).map_err(|e| e.to_string());
    let slug = || a("slug");
    let ws = || a("ws");
    let due = || a("due");
    let number = |name: &str| -> Result<i64, String> {
        a(name)?
            .parse()
            .map_err(|_| format!("url \"{route}\": {name} must be a number"))
    };
    Ok(match route {
        "home" => Home.to_string(),
        "sign_in" => SignIn.to_string(),
        "sign_out" => SignOut.to_string(),
        "forgot_password" => ForgotPassword.to_string(),
        "account_password" => AccountPassword.to_string(),
        "account_email" => AccountEmail.to_string(),
        "account_tokens" => AccountTokens.to_string(),
        "revoke_token" => RevokeToken { id: number("id")? }.to_string(),
        "admin_people" => AdminPeople.to_string(),
        "admin_person" => AdminPerson { id: number("id")? }.to_string(),
        "disable_person" => DisablePerson { id: number("id")? }.to_string(),
        "enable_person" => EnablePerson { id: number("id")? }.to_string(),
        "invite_person" => InvitePerson { id: number("id")? }.to_string(),
        "admin_mail" => AdminMail.to_string(),
        "admin_audit" => AdminAudit.to_string(),
        "outbox_retry" => OutboxRetry { id: number("id")? }.to_string(),
        "new_programme" => NewProgramme.to_string(),
        "asset" => Asset { file: a("file")? }.to_string(),
        "board" => Board { slug: slug()? }.to_string(),
        "board_period" => format!("{}?period={}", Board { slug: slug()? }, due()?),
        "history" => History { slug: slug()? }.to_string(),
        "setup" => Setup { slug: slug()? }.to_string(),
        "settings" => Settings { slug: slug()? }.to_string(),
        "people" => People { slug: slug()? }.to_string(),
        "remove_person" => RemovePerson { slug: slug()? }.to_string(),
        "new_workstream" => NewWorkstream { slug: slug()? }.to_string(),
        "import_workstreams" => ImportWorkstreams { slug: slug()? }.to_string(),
        "import_template" => ImportTemplate { slug: slug()? }.to_string(),
        "audit" => Audit { slug: slug()? }.to_string(),
        "live_pack" => LivePack { slug: slug()? }.to_string(),
        "live_pack_docx" => LivePackDocx { slug: slug()? }.to_string(),
        "live_pack_pdf" => LivePackPdf { slug: slug()? }.to_string(),
        "packs" => Packs { slug: slug()? }.to_string(),
        "issued_pack" => IssuedPack::page(&slug()?, number("id")?).to_string(),
        "issued_pack_docx" => IssuedPack::docx(&slug()?, number("id")?).to_string(),
        "issued_pack_pdf" => IssuedPack::pdf(&slug()?, number("id")?).to_string(),
        "export" => Export {
            slug: slug()?,
            file: a("file")?,
        }
        .to_string(),
        "workstream" => Workstream::of(&slug()?, &ws()?).to_string(),
        "chase" => Chase {
            slug: slug()?,
            ws: ws()?,
        }
        .to_string(),
        "edit_workstream" => EditWorkstream {
            slug: slug()?,
            ws: ws()?,
        }
        .to_string(),
        "pid" => Pid {
            slug: slug()?,
            ws: ws()?,
        }
        .to_string(),
        "edit_pid" => EditPid {
            slug: slug()?,
            ws: ws()?,
        }
        .to_string(),
        "pid_version" => PidVersion {
            slug: slug()?,
            ws: ws()?,
            n: u32::try_from(number("n")?).map_err(|e| e.to_string())?,
        }
        .to_string(),
        "report" => Report {
            slug: slug()?,
            ws: ws()?,
            due: due()?,
        }
        .to_string(),
        "check_report" => CheckReport {
            slug: slug()?,
            ws: ws()?,
            due: due()?,
        }
        .to_string(),
        "edit_report" => EditReport {
            slug: slug()?,
            ws: ws()?,
            due: due()?,
        }
        .to_string(),
        "report_section" => ReportSectionPage {
            slug: slug()?,
            ws: ws()?,
            due: due()?,
            section: a("section")?,
        }
        .to_string(),
        "whole_report_form" => WholeReportForm {
            slug: slug()?,
            ws: ws()?,
            due: due()?,
        }
        .to_string(),
        "revision" => Revision {
            slug: slug()?,
            ws: ws()?,
            due: due()?,
            n: a("n")?,
        }
        .to_string(),
        "reviews" => Reviews {
            slug: slug()?,
            ws: ws()?,
            due: due()?,
        }
        .to_string(),
        "return_report" => ReturnReport {
            slug: slug()?,
            ws: ws()?,
            due: due()?,
        }
        .to_string(),
        "resubmit_report" => ResubmitReport {
            slug: slug()?,
            ws: ws()?,
            due: due()?,
        }
        .to_string(),
        other => return Err(format!("url: no route is called \"{other}\"")),
    })
}

/// The JSON API's paths, under `/api/v1`.
pub mod api {
    use axum_extra::routing::TypedPath;
    use serde::Deserialize;
    use utoipa::IntoParams;

    use crate::error::WebError;

    /// Declares an API route; each capture's description is written once, here.
    macro_rules! api_path {
        ($(#[$doc:meta])* $name:ident, $path:literal) => {
            $(#[$doc])*
            #[derive(Debug, Clone, Copy, Default, Deserialize, TypedPath)]
            #[typed_path($path)]
            pub struct $name;
        };
        ($(#[$doc:meta])* $name:ident, $path:literal, { $($field:ident),+ }) => {
            api_path!(@munch [$(#[$doc])*] $name $path [] $($field)+);
        };
        (@munch $attrs:tt $name:ident $path:literal [$($acc:tt)*] slug $($rest:ident)*) => {
            api_path!(@munch $attrs $name $path [$($acc)*
                ["The programme's slug (its web address name), e.g. `pioneer-somerset`" slug: String]] $($rest)*);
        };
        (@munch $attrs:tt $name:ident $path:literal [$($acc:tt)*] ws $($rest:ident)*) => {
            api_path!(@munch $attrs $name $path [$($acc)*
                ["The workstream's slug within its programme, e.g. `shared-services`" ws: String]] $($rest)*);
        };
        (@munch $attrs:tt $name:ident $path:literal [$($acc:tt)*] due_date $($rest:ident)*) => {
            api_path!(@munch $attrs $name $path [$($acc)*
                ["The reporting period's due date, `YYYY-MM-DD`" due_date: String]] $($rest)*);
        };
        (@munch $attrs:tt $name:ident $path:literal [$($acc:tt)*] n $($rest:ident)*) => {
            api_path!(@munch $attrs $name $path [$($acc)*
                ["A revision or version number, from 1" n: u32]] $($rest)*);
        };
        (@munch $attrs:tt $name:ident $path:literal [$($acc:tt)*] id $($rest:ident)*) => {
            api_path!(@munch $attrs $name $path [$($acc)*
                ["The issued pack's number" id: i64]] $($rest)*);
        };
        (@munch $attrs:tt $name:ident $path:literal [$($acc:tt)*] user_id $($rest:ident)*) => {
            api_path!(@munch $attrs $name $path [$($acc)*
                ["The person's account number" user_id: i64]] $($rest)*);
        };
        (@munch $attrs:tt $name:ident $path:literal [$($acc:tt)*] token_id $($rest:ident)*) => {
            api_path!(@munch $attrs $name $path [$($acc)*
                ["The API token's number" token_id: i64]] $($rest)*);
        };
        (@munch $attrs:tt $name:ident $path:literal [$($acc:tt)*] role $($rest:ident)*) => {
            api_path!(@munch $attrs $name $path [$($acc)*
                ["`programme_manager`, `board_member` or `viewer`" role: String]] $($rest)*);
        };
        (@munch [$($attrs:tt)*] $name:ident $path:literal [$([$fdoc:literal $f:ident : $t:ty])*]) => {
            $($attrs)*
            #[derive(Debug, Clone, Deserialize, TypedPath, IntoParams)]
            #[typed_path($path, rejection(WebError))]
            #[into_params(parameter_in = Path)]
            pub struct $name {
                $(#[doc = $fdoc] pub $f: $t),*
            }
        };
    }

    api_path!(/// The caller.
        Me, "/api/v1/me");
    api_path!(/// The caller's API tokens; issue one.
        MyTokens, "/api/v1/me/tokens");
    api_path!(/// An API token (revoke it with DELETE).
        Token, "/api/v1/tokens/{token_id}", { token_id });
    api_path!(/// Everyone with an account (administrators).
        Accounts, "/api/v1/accounts");
    api_path!(/// A person's API tokens (administrators).
        AccountTokens, "/api/v1/accounts/{user_id}/tokens", { user_id });
    api_path!(/// Disable an account.
        DisableAccount, "/api/v1/accounts/{user_id}/disable", { user_id });
    api_path!(/// Enable an account again.
        EnableAccount, "/api/v1/accounts/{user_id}/enable", { user_id });
    api_path!(/// Send an invited person a new invitation.
        AccountInvitation, "/api/v1/accounts/{user_id}/invitation", { user_id });
    api_path!(/// The programmes the caller can see; create one.
        Programmes, "/api/v1/programmes");
    api_path!(/// A programme.
        Programme, "/api/v1/programmes/{slug}", { slug });
    api_path!(/// What a reporting cycle would produce.
        CyclePreview, "/api/v1/programmes/{slug}/cycle/preview", { slug });
    api_path!(/// The programme's workstreams.
        Workstreams, "/api/v1/programmes/{slug}/workstreams", { slug });
    api_path!(/// Import workstreams from CSV.
        WorkstreamImport, "/api/v1/programmes/{slug}/workstreams/import", { slug });
    api_path!(/// A workstream.
        Workstream, "/api/v1/programmes/{slug}/workstreams/{ws}", { slug, ws });
    api_path!(/// A workstream's PID versions.
        Pid, "/api/v1/programmes/{slug}/workstreams/{ws}/pid", { slug, ws });
    api_path!(/// One PID version.
        PidVersion, "/api/v1/programmes/{slug}/workstreams/{ws}/pid/versions/{n}", { slug, ws, n });
    api_path!(/// A workstream's reports.
        Reports, "/api/v1/programmes/{slug}/workstreams/{ws}/reports", { slug, ws });
    api_path!(/// A report for a period.
        Report, "/api/v1/programmes/{slug}/workstreams/{ws}/reports/{due_date}", { slug, ws, due_date });
    api_path!(/// Submit a report.
        Submit, "/api/v1/programmes/{slug}/workstreams/{ws}/reports/{due_date}/submit", { slug, ws, due_date });
    api_path!(/// Correct a submitted report with a new revision.
        Correct, "/api/v1/programmes/{slug}/workstreams/{ws}/reports/{due_date}/corrections", { slug, ws, due_date });
    api_path!(/// A report's revisions.
        Revisions, "/api/v1/programmes/{slug}/workstreams/{ws}/reports/{due_date}/revisions", { slug, ws, due_date });
    api_path!(/// One revision.
        Revision, "/api/v1/programmes/{slug}/workstreams/{ws}/reports/{due_date}/revisions/{n}", { slug, ws, due_date, n });
    api_path!(/// The board's reviews of a report.
        Reviews, "/api/v1/programmes/{slug}/workstreams/{ws}/reports/{due_date}/reviews", { slug, ws, due_date });
    api_path!(/// The board's matrix.
        Board, "/api/v1/programmes/{slug}/board", { slug });
    api_path!(/// Export rows.
        ExportRows, "/api/v1/programmes/{slug}/exports/reports", { slug });
    api_path!(/// The programme's members.
        Members, "/api/v1/programmes/{slug}/members", { slug });
    api_path!(/// One member's role.
        Member, "/api/v1/programmes/{slug}/members/{user_id}/{role}", { slug, user_id, role });
    api_path!(/// The audit log.
        Audit, "/api/v1/programmes/{slug}/audit", { slug });
    api_path!(/// The live pack.
        LivePack, "/api/v1/programmes/{slug}/pack", { slug });
    api_path!(/// Issued packs.
        Packs, "/api/v1/programmes/{slug}/packs", { slug });
    api_path!(/// One issued pack.
        IssuedPack, "/api/v1/programmes/{slug}/packs/{id}", { slug, id });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Result<String, String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
                .ok_or_else(|| format!("missing {name}"))
        }
    }

    #[test]
    fn a_template_link_is_the_routes_own_address_percent_encoded() {
        let due = NaiveDate::from_ymd_opt(2026, 11, 6).unwrap();
        let link = link(
            "report",
            &args(&[("slug", "pioneer"), ("ws", "a b"), ("due", "2026-11-06")]),
        )
        .unwrap();
        assert_eq!(link, Report::of("pioneer", "a b", due).to_string());
        assert_eq!(
            link,
            "/programmes/pioneer/workstreams/a%20b/reports/2026-11-06"
        );
    }

    #[test]
    fn an_unknown_route_or_a_missing_parameter_is_an_error_not_a_blank() {
        assert!(link("nowhere", &args(&[])).is_err());
        assert!(link("board", &args(&[])).unwrap_err().contains("slug"));
        assert!(link("outbox_retry", &args(&[("id", "x")])).is_err());
    }

    #[test]
    fn a_stored_place_reads_back_and_a_legacy_path_is_kept() {
        let place = Place::Report {
            programme: "pioneer".into(),
            workstream: "shared-services".into(),
            due: NaiveDate::from_ymd_opt(2026, 11, 6).unwrap(),
        };
        assert_eq!(
            stored_place(&place.stored()),
            "/programmes/pioneer/workstreams/shared-services/reports/2026-11-06"
        );
        assert_eq!(stored_place("/programmes/x"), "/programmes/x");
        assert_eq!(stored_place("not a place"), "/");
    }
}
