//! Setting up: a programme's settings and cycle, its people, its workstreams, the CSV
//! import — and the request bodies, which take the forms' field names so a 422 names
//! the same fields as the page would.
//!
//! The set-up request bodies are text fields, as the forms are: a JSON number or
//! `null` is read as the text a form would send (`null` clears a field). `PATCH`
//! changes only the fields sent; a field that is not one of these is a 422 naming it.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use super::me::Role;
use super::programmes::WorkstreamStatus;
use crate::error::{WebError, WebResult};
use highlight_app::import as import_service;
use highlight_app::members::{Member as ServiceMember, MemberForm};
use highlight_app::scope::ProgrammeScope;
use highlight_store::programmes::ProgrammeRecord;
use highlight_store::workstreams::WorkstreamRecord;

/// A field that was sent, as text (`null` and numbers as a form would send them; any
/// other JSON type is refused, naming the field).
struct Sent(String);

impl<'de> Deserialize<'de> for Sent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        highlight_app::forms::text(d).map(Sent)
    }
}

/// Declares a set-up request body: optional text fields, kept as sent, and any other
/// field kept so the form's own check can name it. Deserialised field by field (not
/// with `#[serde(flatten)]`, which buffers the body and loses which field was wrong),
/// so a value of the wrong type is refused under its own name.
macro_rules! changes_body {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, Serialize, ToSchema)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $field: Option<String>,
            )+
            /// Fields that are none of the above, refused with their names.
            #[serde(flatten)]
            #[schema(ignore)]
            pub unknown: serde_json::Map<String, serde_json::Value>,
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Fields;

                impl<'de> serde::de::Visitor<'de> for Fields {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a JSON object of fields")
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$name, A::Error> {
                        let mut body = $name::default();
                        while let Some(key) = map.next_key::<String>()? {
                            match key.as_str() {
                                $(stringify!($field) => {
                                    body.$field = Some(map.next_value::<Sent>()?.0);
                                })+
                                _ => {
                                    let value = map.next_value()?;
                                    body.unknown.insert(key, value);
                                }
                            }
                        }
                        Ok(body)
                    }
                }

                d.deserialize_map(Fields)
            }
        }

        impl $name {
            /// The fields sent, as a JSON object of text, for [`highlight_app::forms::patch`].
            pub fn changes(&self) -> serde_json::Value {
                serde_json::to_value(self).unwrap_or_default()
            }
        }
    };
}

changes_body! {
    /// A programme's settings as typed. Every field is text (a JSON number is read as
    /// its text, `null` as blank); `PATCH` changes only the fields sent. Blank fields on
    /// creation take the form's defaults (Europe/London, monthly on the 5th working
    /// day, the default reminders).
    ProgrammeInput {
        /// "Pioneer Somerset".
        name,
        /// The web address name; blank to derive it from the name.
        slug,
        description,
        sponsor,
        /// The programme manager's user id, chosen from the people with accounts…
        manager_id,
        /// …or their e-mail address (an existing account, or a new one with `manager_name`).
        manager_email,
        manager_name,
        /// IANA time zone; blank for Europe/London.
        time_zone,
        /// `monthly`, `bi_monthly`, `quarterly`, `cron` or `board_dates`.
        cycle_kind,
        /// For the presets: the working day of the month (1–20).
        cycle_nth,
        /// For bi-monthly: `odd` or `even` months.
        cycle_months,
        /// For cron: a five-field expression such as "0 9 1 * *".
        cycle_cron,
        /// For board dates: YYYY-MM-DD dates separated by commas or lines.
        cycle_board_dates,
        /// Working days before the due date to remind the lead.
        before_due_working_days,
        /// Working days between reminders once overdue.
        repeat_overdue_every_working_days,
        /// Working days overdue before the programme manager is told.
        escalate_after_working_days_overdue,
        /// A deviation within tolerance is amber when it uses more than this share of
        /// its tolerance ("80%"); "0%" (the default) makes any deviation amber.
        amber_share_of_tolerance,
        /// The board pack's protective marking: `none` (the default), `official` or
        /// `official_sensitive`.
        protective_marking,
        /// The board pack's order: `exceptions_first` (the default) or `programme`
        /// (the programme's own order of workstreams).
        pack_order,
    }
}

changes_body! {
    /// A workstream as typed. Every field is text (a JSON number is read as its text,
    /// `null` as blank: `"lead_id": null` removes the lead); `PATCH` changes only the
    /// fields sent. Choose the lead and deputy by id, or by e-mail (with a name to
    /// create an account).
    WorkstreamInput {
        name,
        /// Blank to derive it from the name.
        slug,
        /// The lead's user id…
        lead_id,
        /// …or e-mail address (with `lead_name` to create an account).
        lead_email,
        lead_name,
        deputy_id,
        deputy_email,
        deputy_name,
        lead_organisation,
        /// A stage number; blank for 1.
        stage,
        /// `active`, `on_hold` or `closed`; blank for active.
        status,
        /// The day it started reporting (YYYY-MM-DD); blank for today.
        started_on,
        /// The day it closed (YYYY-MM-DD); blank while it runs.
        closed_on,
    }
}

/// Giving someone a role, by e-mail.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct MemberInput {
    /// Their e-mail address.
    #[serde(deserialize_with = "highlight_app::forms::text")]
    pub email: String,
    /// Their name, needed only when they have no account yet.
    #[serde(deserialize_with = "highlight_app::forms::text")]
    pub name: String,
    /// `programme_manager`, `board_member` or `viewer`.
    #[serde(deserialize_with = "highlight_app::forms::text")]
    pub role: String,
}

impl From<MemberInput> for MemberForm {
    fn from(m: MemberInput) -> Self {
        MemberForm {
            email: m.email,
            name: m.name,
            role: m.role,
        }
    }
}

// ---------------------------------------------------------------------------
// Responses.

/// A programme's settings.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeSettings {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub sponsor: String,
    pub programme_manager_id: Option<i64>,
    /// IANA time zone.
    pub time_zone: String,
    /// The reporting cycle.
    pub cycle: ReportingCycle,
    /// The cycle in words, as the domain states it ("quarterly on the 3rd working day").
    pub reporting_cycle: String,
    pub reminder_policy: ReminderPolicy,
    /// A deviation within tolerance is amber when it uses more than this share of its
    /// tolerance; "0" makes any deviation amber.
    pub amber_share_of_tolerance: super::Percent,
    /// Printed on every page of the board pack.
    pub protective_marking: ProtectiveMarking,
    /// How the board pack orders its workstreams.
    pub pack_order: PackOrder,
}

super::mirror_enum! {
    /// The board pack's protective marking: `none`, `official` or `official_sensitive`.
    ProtectiveMarking from ProtectiveMarking { None, Official, OfficialSensitive }
}

super::mirror_enum! {
    /// `exceptions_first` (exceptions, not received, red, amber, green) or `programme`
    /// (the programme's own order of workstreams).
    PackOrder from PackOrder { ExceptionsFirst, Programme }
}

/// When reports fall due.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReportingCycle {
    /// The nth working day of every month.
    Monthly { working_day: u8 },
    /// The nth working day of every second month.
    BiMonthly {
        working_day: u8,
        /// `odd` (from January) or `even` (from February).
        months: MonthParity,
    },
    /// The nth working day of January, April, July and October.
    Quarterly { working_day: u8 },
    /// A five-field cron expression.
    Cron { expression: String },
    /// The board's meeting dates.
    BoardDates { dates: Vec<NaiveDate> },
}

super::mirror_enum! {
    /// `odd` months (from January) or `even` months (from February).
    MonthParity from MonthParity { Odd, Even }
}

impl From<&highlight_domain::ReportingCycle> for ReportingCycle {
    fn from(c: &highlight_domain::ReportingCycle) -> Self {
        use highlight_domain::ReportingCycle as C;
        match c {
            C::MonthlyOnWorkingDay { n } => ReportingCycle::Monthly {
                working_day: n.get(),
            },
            C::BiMonthly { n, months } => ReportingCycle::BiMonthly {
                working_day: n.get(),
                months: (*months).into(),
            },
            C::Quarterly { n } => ReportingCycle::Quarterly {
                working_day: n.get(),
            },
            C::Cron(e) => ReportingCycle::Cron {
                expression: e.as_str().to_owned(),
            },
            C::BoardDates(dates) => ReportingCycle::BoardDates {
                dates: dates.clone(),
            },
        }
    }
}

/// When the lead is reminded and the programme manager told, in working days.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReminderPolicy {
    pub before_due_working_days: u32,
    pub repeat_overdue_every_working_days: u32,
    pub escalate_after_working_days_overdue: u32,
}

impl ProgrammeSettings {
    pub fn of(model: ProgrammeRecord) -> Self {
        let s = ProgrammeScope::of(model);
        let r = s.reminder_policy;
        Self {
            cycle: (&s.cycle).into(),
            reporting_cycle: s.cycle.to_string(),
            amber_share_of_tolerance: s.rag_policy.amber_share_of_tolerance.into(),
            protective_marking: s.programme.pack.marking.into(),
            pack_order: s.programme.pack.order.into(),
            reminder_policy: ReminderPolicy {
                before_due_working_days: r.before_due_working_days,
                repeat_overdue_every_working_days: r.repeat_overdue_every_working_days,
                escalate_after_working_days_overdue: r.escalate_after_working_days_overdue,
            },
            id: s.programme.id.0,
            slug: s.programme.slug,
            name: s.programme.name,
            description: s.programme.description,
            sponsor: s.programme.sponsor,
            programme_manager_id: s.programme.programme_manager_id.map(|id| id.0),
            time_zone: s.programme.time_zone.name().to_owned(),
        }
    }
}

/// The next due dates of a programme's cycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct CyclePreview {
    pub cycle: ReportingCycle,
    /// The cycle in words.
    pub reporting_cycle: String,
    pub time_zone: String,
    /// Local dates.
    pub due_dates: Vec<NaiveDate>,
}

/// A workstream as set up.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkstreamSettings {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub lead_id: Option<i64>,
    pub deputy_id: Option<i64>,
    pub lead_organisation: String,
    pub stage: i32,
    pub status: WorkstreamStatus,
    /// The day it started reporting: periods due before it are "not started" for it.
    pub started_on: NaiveDate,
    /// The day it closed, if it has: periods due after it are "closed" for it.
    pub closed_on: Option<NaiveDate>,
}

impl From<WorkstreamRecord> for WorkstreamSettings {
    fn from(w: WorkstreamRecord) -> Self {
        Self {
            status: w.status.into(),
            id: w.id.0,
            slug: w.slug,
            name: w.name,
            lead_id: w.lead_id.map(|id| id.0),
            deputy_id: w.deputy_id.map(|id| id.0),
            lead_organisation: w.lead_organisation,
            stage: i32::try_from(w.stage.get()).unwrap_or(i32::MAX),
            started_on: w.life.started_on,
            closed_on: w.life.closed_on,
        }
    }
}

/// One role held by one person.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Member {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
}

impl TryFrom<&ServiceMember> for Member {
    type Error = WebError;

    fn try_from(m: &ServiceMember) -> WebResult<Self> {
        let role = crate::auth::Role::parse(&m.role).ok_or_else(|| {
            WebError::Internal(anyhow::anyhow!(
                "the role \"{}\" is not one we know",
                m.role
            ))
        })?;
        Ok(Member {
            user_id: m.user_id,
            name: m.name.clone(),
            email: m.email.clone(),
            role: role.into(),
        })
    }
}

/// The check of a CSV file of workstreams.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportReport {
    /// The columns as found in the header.
    pub columns: Vec<String>,
    /// Problems with the file as a whole (header, encoding, no rows).
    pub file_errors: Vec<String>,
    pub rows: Vec<ImportRow>,
    /// True when every row is ready and there is at least one.
    pub ready: bool,
    /// How many workstreams were imported (0 on a dry run or when any row has a problem).
    pub imported: usize,
}

/// Why an import was refused: the row-by-row report, or — for a body or parameter no
/// check could read (a NUL, bytes that are not UTF-8) — the one error shape.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)] // describes the 422 in the OpenAPI document; never built
pub enum ImportRefusal {
    Report(ImportReport),
    Error(crate::routes::api::errors::ErrorBody),
}

/// The check of one row.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportRow {
    /// The row's line in the file (the header is row 1).
    pub row: usize,
    /// The row's values by column, as read.
    pub values: Vec<String>,
    /// What is wrong with it, one sentence each; empty when it is ready.
    pub errors: Vec<String>,
    pub ready: bool,
}

impl From<&import_service::ImportReport> for ImportReport {
    fn from(r: &import_service::ImportReport) -> Self {
        ImportReport {
            columns: r.columns.clone(),
            file_errors: r.file_errors.clone(),
            rows: r
                .rows
                .iter()
                .map(|row| ImportRow {
                    row: row.row,
                    values: row.values.clone(),
                    errors: row.errors.clone(),
                    ready: row.ready,
                })
                .collect(),
            ready: r.ready,
            imported: r.imported,
        }
    }
}
