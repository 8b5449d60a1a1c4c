//! Setting up a programme: its name and address, sponsor, programme manager, time
//! zone, reporting cycle and reminder policy — created by an administrator, changed
//! later by its programme manager. The form is flat text; [`validate`] turns it into
//! domain values with every problem named by its field, and [`preview`] shows the
//! next due dates the cycle gives, before anything is saved.

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;
use highlight_domain::{
    CronExpr, MonthParity, NthWorkingDay, PackOrder, ProgrammeDraft, ProtectiveMarking, RagPolicy,
    ReminderPolicy, ReportingCycle, Slug, ValidationErrors, local_date,
};
use serde::{Deserialize, Serialize};

use super::people::{self, Chosen, PersonInput, Step};
use crate::Actor;
use crate::error::{AppError, AppResult};
use crate::scope::ProgrammeScope;
use highlight_store::audit::{self, Change};
use highlight_store::calendar::{self, ENGLAND_AND_WALES};
use highlight_store::programmes::{
    NewProgramme, PackSettings, ProgrammeRecord, ProgrammeRole, ProgrammeSettings,
    create as store_create, grant_role, slug_taken, update_settings,
};
use highlight_store::users::UserRecord;
use highlight_store::{Conn, Db, members};

/// Programme slugs that would collide with pages under `/programmes/`.
pub const RESERVED_SLUGS: &[&str] = &["new"];

/// How many due dates the preview shows.
pub const PREVIEW_COUNT: usize = 6;

/// Time zones offered in the form (any IANA name is accepted through the API).
pub const COMMON_TIME_ZONES: &[&str] = &[
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Amsterdam",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Warsaw",
    "Europe/Athens",
    "Atlantic/Reykjavik",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Hong_Kong",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
];

/// The programme form, as typed (the API takes the same fields as JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgrammeForm {
    /// "Pioneer Somerset".
    #[serde(deserialize_with = "crate::forms::text")]
    pub name: String,
    /// The web address name; blank to derive it from the name.
    #[serde(deserialize_with = "crate::forms::text")]
    pub slug: String,
    #[serde(deserialize_with = "crate::forms::text")]
    pub description: String,
    #[serde(deserialize_with = "crate::forms::text")]
    pub sponsor: String,
    /// The programme manager's user id, chosen from the people with accounts…
    #[serde(deserialize_with = "crate::forms::text")]
    pub manager_id: String,
    /// …or their e-mail address (an existing account, or a new one with `manager_name`).
    #[serde(deserialize_with = "crate::forms::text")]
    pub manager_email: String,
    #[serde(deserialize_with = "crate::forms::text")]
    pub manager_name: String,
    /// IANA time zone; blank for Europe/London.
    #[serde(deserialize_with = "crate::forms::text")]
    pub time_zone: String,
    /// "monthly", "bi_monthly", "quarterly", "cron" or "board_dates".
    #[serde(deserialize_with = "crate::forms::text")]
    pub cycle_kind: String,
    /// For the presets: the working day of the month (1–20).
    #[serde(deserialize_with = "crate::forms::text")]
    pub cycle_nth: String,
    /// For bi-monthly: "odd" or "even" months.
    #[serde(deserialize_with = "crate::forms::text")]
    pub cycle_months: String,
    /// For cron: a five-field expression such as "0 9 1 * *".
    #[serde(deserialize_with = "crate::forms::text")]
    pub cycle_cron: String,
    /// For board dates: dates separated by commas or lines.
    #[serde(deserialize_with = "crate::forms::text")]
    pub cycle_board_dates: String,
    #[serde(deserialize_with = "crate::forms::text")]
    pub before_due_working_days: String,
    #[serde(deserialize_with = "crate::forms::text")]
    pub repeat_overdue_every_working_days: String,
    #[serde(deserialize_with = "crate::forms::text")]
    pub escalate_after_working_days_overdue: String,
    /// The RAG policy: a deviation within tolerance is amber when it uses more than
    /// this share of its tolerance ("80%"); blank or "0%" for any deviation.
    #[serde(deserialize_with = "crate::forms::text")]
    pub amber_share_of_tolerance: String,
    /// The pack's protective marking: "none", "official" or "official_sensitive".
    #[serde(deserialize_with = "crate::forms::text")]
    pub protective_marking: String,
    /// The pack's order: "exceptions_first" or "programme".
    #[serde(deserialize_with = "crate::forms::text")]
    pub pack_order: String,
}

impl ProgrammeForm {
    /// A blank form with the defaults filled in: London, monthly on the 5th working day,
    /// the default reminder policy.
    pub fn blank() -> Self {
        let policy = ReminderPolicy::default();
        Self {
            time_zone: "Europe/London".into(),
            cycle_kind: "monthly".into(),
            cycle_nth: "5".into(),
            cycle_months: "odd".into(),
            before_due_working_days: policy.before_due_working_days.to_string(),
            repeat_overdue_every_working_days: policy.repeat_overdue_every_working_days.to_string(),
            escalate_after_working_days_overdue: policy
                .escalate_after_working_days_overdue
                .to_string(),
            amber_share_of_tolerance: RagPolicy::default().amber_share_of_tolerance.to_string(),
            protective_marking: ProtectiveMarking::default().as_str().into(),
            pack_order: PackOrder::default().as_str().into(),
            ..Self::default()
        }
    }

    /// The form filled from a stored programme.
    pub fn of(scope: &ProgrammeScope) -> Self {
        let p = &scope.programme;
        let mut form = Self::blank();
        form.name = p.name.clone();
        form.slug = p.slug.clone();
        form.description = p.description.clone();
        form.sponsor = p.sponsor.clone();
        form.manager_id = p
            .programme_manager_id
            .map(|id| id.to_string())
            .unwrap_or_default();
        form.time_zone = p.time_zone.name().to_owned();
        match &scope.cycle {
            ReportingCycle::MonthlyOnWorkingDay { n } => {
                form.cycle_kind = "monthly".into();
                form.cycle_nth = n.get().to_string();
            }
            ReportingCycle::BiMonthly { n, months } => {
                form.cycle_kind = "bi_monthly".into();
                form.cycle_nth = n.get().to_string();
                form.cycle_months = months.as_str().into();
            }
            ReportingCycle::Quarterly { n } => {
                form.cycle_kind = "quarterly".into();
                form.cycle_nth = n.get().to_string();
            }
            ReportingCycle::Cron(expr) => {
                form.cycle_kind = "cron".into();
                form.cycle_cron = expr.as_str().to_owned();
            }
            ReportingCycle::BoardDates(dates) => {
                form.cycle_kind = "board_dates".into();
                form.cycle_board_dates = dates
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
            }
        }
        let r = scope.reminder_policy;
        form.before_due_working_days = r.before_due_working_days.to_string();
        form.repeat_overdue_every_working_days = r.repeat_overdue_every_working_days.to_string();
        form.escalate_after_working_days_overdue =
            r.escalate_after_working_days_overdue.to_string();
        form.amber_share_of_tolerance = scope.rag_policy.amber_share_of_tolerance.to_string();
        form.protective_marking = p.pack.marking.as_str().into();
        form.pack_order = p.pack.order.as_str().into();
        form
    }
}

/// A programme's settings as domain values (the manager is checked separately).
#[derive(Debug, Clone)]
pub struct ValidSettings {
    pub name: String,
    pub slug: Slug,
    pub description: String,
    pub sponsor: String,
    pub time_zone: Tz,
    pub cycle: ReportingCycle,
    pub reminder_policy: ReminderPolicy,
    pub rag_policy: RagPolicy,
    pub pack: PackSettings,
}

/// A setting chosen from a list, blank for its default; a value not on the list is
/// named on its field.
fn parse_choice<T>(errors: &mut ValidationErrors, field: &str, text: &str) -> Option<T>
where
    T: std::str::FromStr<Err = highlight_domain::ParseEnumError> + Default,
{
    if text.trim().is_empty() {
        return Some(T::default());
    }
    match text.parse::<T>() {
        Ok(v) => Some(v),
        Err(e) => {
            errors.add(field, format!("Choose one of the options: {e}"));
            None
        }
    }
}

/// The reporting cycle the form describes; problems go on `cycle_*` fields.
pub fn parse_cycle(form: &ProgrammeForm, errors: &mut ValidationErrors) -> Option<ReportingCycle> {
    let nth = |errors: &mut ValidationErrors| -> Option<NthWorkingDay> {
        let text = form.cycle_nth.trim();
        let n = text
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u8>();
        match n {
            Ok(n) => match NthWorkingDay::new(n) {
                Ok(n) => Some(n),
                Err(e) => {
                    errors.add("cycle_nth", e.message);
                    None
                }
            },
            Err(_) => {
                errors.add(
                    "cycle_nth",
                    format!("Enter the working day of the month as a number from 1 to 20, not \"{text}\""),
                );
                None
            }
        }
    };
    match form.cycle_kind.trim() {
        "monthly" => nth(errors).map(|n| ReportingCycle::MonthlyOnWorkingDay { n }),
        "quarterly" => nth(errors).map(|n| ReportingCycle::Quarterly { n }),
        "bi_monthly" => {
            let n = nth(errors);
            let months = match form.cycle_months.trim() {
                "odd" => Some(MonthParity::Odd),
                "even" => Some(MonthParity::Even),
                _ => {
                    errors.add(
                        "cycle_months",
                        "Choose odd months (January, March, …) or even months (February, April, …)",
                    );
                    None
                }
            };
            Some(ReportingCycle::BiMonthly {
                n: n?,
                months: months?,
            })
        }
        "cron" => match CronExpr::parse(form.cycle_cron.trim()) {
            Ok(expr) => Some(ReportingCycle::Cron(expr)),
            Err(e) => {
                errors.add("cycle_cron", e.message);
                None
            }
        },
        "board_dates" => {
            let list = form.cycle_board_dates.replace(['\n', '\r'], ",");
            match format!("board dates: {list}").parse::<ReportingCycle>() {
                Ok(c) => Some(c),
                Err(e) => {
                    errors.add("cycle_board_dates", e.message);
                    None
                }
            }
        }
        _ => {
            errors.add(
                "cycle_kind",
                "Choose when reports are due: monthly, bi-monthly, quarterly, a cron expression or board dates",
            );
            None
        }
    }
}

fn parse_count(errors: &mut ValidationErrors, field: &str, label: &str, text: &str) -> Option<u32> {
    match text.trim().parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.add(
                field,
                format!("Enter {label} as a whole number of working days, like 5"),
            );
            None
        }
    }
}

/// Checks the form (no database): every problem at once.
pub fn validate(
    form: &ProgrammeForm,
    digest_weekday: Weekday,
) -> Result<ValidSettings, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let cycle = parse_cycle(form, &mut errors);
    // The domain draft checks the name, description, sponsor and time zone; the cycle
    // was checked above, so a valid stand-in keeps its message from appearing twice.
    let draft = ProgrammeDraft {
        name: form.name.clone(),
        description: form.description.clone(),
        sponsor: form.sponsor.clone(),
        reporting_cycle: cycle
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_else(|| "monthly on the 1st working day".into()),
        time_zone: form.time_zone.clone(),
        amber_share_of_tolerance: form.amber_share_of_tolerance.clone(),
        ..ProgrammeDraft::default()
    };
    let programme = match draft.validate() {
        Ok(p) => Some(p),
        Err(e) => {
            for fe in e.0 {
                // a blank slug is derived from the name; its problems belong to the name
                errors.add(fe.field, fe.message);
            }
            None
        }
    };
    let slug = if form.slug.trim().is_empty() {
        programme.as_ref().map(|p| p.slug.clone())
    } else {
        match Slug::parse(form.slug.trim()) {
            Ok(s) => Some(s),
            Err(e) => {
                errors.add("slug", e.to_string());
                None
            }
        }
    };
    let before = parse_count(
        &mut errors,
        "before_due_working_days",
        "how many working days before the due date to remind",
        &form.before_due_working_days,
    );
    let repeat = parse_count(
        &mut errors,
        "repeat_overdue_every_working_days",
        "how often to repeat overdue reminders",
        &form.repeat_overdue_every_working_days,
    );
    let escalate = parse_count(
        &mut errors,
        "escalate_after_working_days_overdue",
        "after how many working days overdue to escalate",
        &form.escalate_after_working_days_overdue,
    );
    let policy = match (before, repeat, escalate) {
        (Some(b), Some(r), Some(e)) => match ReminderPolicy::new(b, r, e, digest_weekday) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.0.extend(e.0);
                None
            }
        },
        _ => None,
    };
    let marking = parse_choice(&mut errors, "protective_marking", &form.protective_marking);
    let order = parse_choice(&mut errors, "pack_order", &form.pack_order);
    match (programme, slug, cycle, policy, marking, order) {
        (Some(p), Some(slug), Some(cycle), Some(reminder_policy), Some(marking), Some(order))
            if errors.is_empty() =>
        {
            Ok(ValidSettings {
                name: p.name,
                slug,
                description: p.description.unwrap_or_default(),
                sponsor: p.sponsor.unwrap_or_default(),
                time_zone: p.time_zone,
                cycle,
                reminder_policy,
                rag_policy: p.rag_policy,
                pack: PackSettings { marking, order },
            })
        }
        _ => Err(errors),
    }
}

/// The next `count` due dates of `cycle` from `now`, in `tz`, on the working calendar
/// of `region`.
pub async fn preview(
    db: &impl Conn,
    cycle: &ReportingCycle,
    tz: Tz,
    region: &str,
    now: DateTime<Utc>,
    count: usize,
) -> AppResult<Vec<NaiveDate>> {
    let year = local_date(now, tz).year();
    // Board dates and sparse crons can reach years ahead: cover the preview's span.
    let cal = calendar::for_region(db, region, year - 1..=year + 10)
        .await
        .step("loading the working calendar for the preview")?;
    Ok(cycle.preview(now, count, tz, &cal))
}

/// What the form's preview shows: the due dates, or why there are none.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub dates: Vec<String>,
    pub none: bool,
}

/// Previews the form's cycle without saving; `None` when the form has errors.
pub async fn preview_form(
    db: &impl Conn,
    form: &ProgrammeForm,
    region: &str,
    now: DateTime<Utc>,
) -> AppResult<Result<Preview, ValidationErrors>> {
    let mut errors = ValidationErrors::new();
    let cycle = parse_cycle(form, &mut errors);
    let tz = if form.time_zone.trim().is_empty() {
        Some(chrono_tz::Europe::London)
    } else {
        match form.time_zone.trim().parse::<Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                errors.add(
                    "time_zone",
                    format!(
                        "\"{}\" is not a time zone: use a name such as Europe/London",
                        form.time_zone.trim()
                    ),
                );
                None
            }
        }
    };
    match (cycle, tz) {
        (Some(cycle), Some(tz)) if errors.is_empty() => {
            let dates = preview(db, &cycle, tz, region, now, PREVIEW_COUNT).await?;
            Ok(Ok(Preview {
                none: dates.is_empty(),
                dates: dates.iter().map(|d| long_date(*d)).collect(),
            }))
        }
        _ => Ok(Err(errors)),
    }
}

/// "Thursday 8 January 2026".
pub fn long_date(d: NaiveDate) -> String {
    crate::format::long_date(d)
}

/// What the audit log keeps of a programme's settings.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeSnapshot {
    pub name: String,
    pub slug: String,
    pub description: String,
    pub sponsor: String,
    pub programme_manager: Option<String>,
    pub time_zone: String,
    pub reporting_cycle: String,
    pub reminder_policy: ReminderPolicy,
    /// "80%": deviations using more of their tolerance are amber.
    pub amber_share_of_tolerance: String,
    pub protective_marking: ProtectiveMarking,
    pub pack_order: PackOrder,
}

fn snapshot(
    model: &ProgrammeRecord,
    manager: Option<&UserRecord>,
    cycle: &ReportingCycle,
    policy: ReminderPolicy,
    rag: RagPolicy,
) -> ProgrammeSnapshot {
    ProgrammeSnapshot {
        name: model.name.clone(),
        slug: model.slug.clone(),
        description: model.description.clone(),
        sponsor: model.sponsor.clone(),
        programme_manager: manager.map(|m| format!("{} <{}>", m.name, m.email)),
        time_zone: model.time_zone.name().to_owned(),
        reporting_cycle: cycle.to_string(),
        reminder_policy: policy,
        amber_share_of_tolerance: rag.amber_share_of_tolerance.to_string(),
        protective_marking: model.pack.marking,
        pack_order: model.pack.order,
    }
}

async fn check_slug_free(
    db: &impl Conn,
    slug: &Slug,
    except: Option<i64>,
    errors: &mut ValidationErrors,
) -> AppResult<()> {
    if RESERVED_SLUGS.contains(&slug.as_str()) {
        errors.add(
            "slug",
            format!("\"{slug}\" is part of Highlight's own web addresses: choose another"),
        );
        return Ok(());
    }
    if slug_taken(db, slug, except)
        .await
        .step("checking the web address is free")?
    {
        errors.add(
            "slug",
            format!(
                "Another programme already uses the web address \"{slug}\": choose another, like {}",
                slug.with_suffix(2)
            ),
        );
    }
    Ok(())
}

fn manager_input(form: &ProgrammeForm) -> PersonInput<'_> {
    PersonInput {
        field: "manager",
        label: "programme manager's",
        id: &form.manager_id,
        email: &form.manager_email,
        name: &form.manager_name,
    }
}

/// Creates a programme (administrators only), granting the programme manager their role.
#[tracing::instrument(skip_all, fields(actor = actor.id()))]
pub async fn create(
    db: &Db,
    public_url: &url::Url,
    actor: &Actor,
    form: &ProgrammeForm,
    now: DateTime<Utc>,
) -> AppResult<ProgrammeRecord> {
    let valid = validate(form, Weekday::Mon);
    let mut errors = valid.as_ref().err().cloned().unwrap_or_default();
    let chosen = people::check(db, &[manager_input(form)], &mut errors)
        .await
        .step("checking the programme manager")?;
    if chosen.first() == Some(&Chosen::Nobody)
        && !errors.has("manager_email")
        && !errors.has("manager_name")
        && !errors.has("manager_id")
    {
        errors.add(
            "manager_id",
            "Choose the programme manager, or enter their e-mail address",
        );
    }
    if let Ok(v) = &valid {
        check_slug_free(db, &v.slug, None, &mut errors).await?;
    }
    let valid = match valid {
        Ok(v) if errors.is_empty() => v,
        _ => return Err(AppError::Invalid(errors)),
    };
    let txn = highlight_store::begin(db)
        .await
        .step("starting the transaction")?;
    let manager = people::settle(&txn, public_url, actor, &chosen, now)
        .await
        .step("making the programme manager's account")?
        .pop()
        .flatten();
    let model = store_create(
        &txn,
        &NewProgramme {
            slug: valid.slug.clone(),
            name: valid.name.clone(),
            description: valid.description.clone(),
            sponsor: valid.sponsor.clone(),
            programme_manager_id: manager.as_ref().map(|m| m.id).map(|id| id.0),
            time_zone: valid.time_zone,
            currency: highlight_domain::Currency::Gbp,
            holiday_region: ENGLAND_AND_WALES.to_owned(),
            cycle: valid.cycle.clone(),
            reminder_policy: valid.reminder_policy,
            rag_policy: valid.rag_policy,
            pack: valid.pack,
        },
        now,
    )
    .await
    .step("storing the programme")?;
    if let Some(m) = &manager {
        grant_role(
            &txn,
            model.id.0,
            m.id.0,
            ProgrammeRole::ProgrammeManager,
            now,
        )
        .await
        .step("granting the programme manager's role")?;
    }
    let after = snapshot(
        &model,
        manager.as_ref(),
        &valid.cycle,
        valid.reminder_policy,
        valid.rag_policy,
    );
    audit::record(
        &txn,
        Some(actor.who()),
        Change::<(), _> {
            programme_id: Some(model.id.0),
            action: "programme.created",
            entity: "programme",
            entity_id: model.id.to_string(),
            before: None,
            after: Some(&after),
        },
        now,
    )
    .await
    .step("recording the programme in the audit log")?;
    highlight_store::commit(txn)
        .await
        .step("committing the new programme")?;
    Ok(model)
}

/// Changes a programme's settings (its programme manager or an administrator).
#[tracing::instrument(skip_all, fields(programme_id = scope.id(), actor = actor.id()))]
pub async fn update(
    db: &Db,
    public_url: &url::Url,
    actor: &Actor,
    scope: &ProgrammeScope,
    form: &ProgrammeForm,
    now: DateTime<Utc>,
) -> AppResult<ProgrammeRecord> {
    let valid = validate(form, scope.reminder_policy.digest_weekday);
    let mut errors = valid.as_ref().err().cloned().unwrap_or_default();
    let chosen = people::check(db, &[manager_input(form)], &mut errors)
        .await
        .step("checking the programme manager")?;
    if let Ok(v) = &valid {
        check_slug_free(db, &v.slug, Some(scope.id()), &mut errors).await?;
    }
    let valid = match valid {
        Ok(v) if errors.is_empty() => v,
        _ => return Err(AppError::Invalid(errors)),
    };
    let old = &scope.programme;
    let old_manager = match old.programme_manager_id {
        Some(id) => highlight_store::users::by_id(db, id.0)
            .await
            .step("loading the programme manager")?,
        None => None,
    };
    let before = snapshot(
        old,
        old_manager.as_ref(),
        &scope.cycle,
        scope.reminder_policy,
        scope.rag_policy,
    );
    let txn = highlight_store::begin(db)
        .await
        .step("starting the transaction")?;
    let manager = people::settle(&txn, public_url, actor, &chosen, now)
        .await
        .step("making the programme manager's account")?
        .pop()
        .flatten()
        .or(old_manager);
    let model = update_settings(
        &txn,
        old,
        &ProgrammeSettings {
            slug: valid.slug.clone(),
            name: valid.name.clone(),
            description: valid.description.clone(),
            sponsor: valid.sponsor.clone(),
            programme_manager_id: manager.as_ref().map(|m| m.id).map(|id| id.0),
            time_zone: valid.time_zone,
            cycle: valid.cycle.clone(),
            reminder_policy: valid.reminder_policy,
            rag_policy: valid.rag_policy,
            pack: valid.pack,
        },
        now,
    )
    .await
    .step("storing the programme's settings")?;
    if let Some(m) = &manager
        && !members::holds(
            &txn,
            model.id.0,
            m.id.0,
            ProgrammeRole::ProgrammeManager.as_str(),
        )
        .await
        .step("checking the programme manager's role")?
    {
        grant_role(
            &txn,
            model.id.0,
            m.id.0,
            ProgrammeRole::ProgrammeManager,
            now,
        )
        .await
        .step("granting the programme manager's role")?;
    }
    let after = snapshot(
        &model,
        manager.as_ref(),
        &valid.cycle,
        valid.reminder_policy,
        valid.rag_policy,
    );
    audit::record(
        &txn,
        Some(actor.who()),
        Change {
            programme_id: Some(model.id.0),
            action: "programme.updated",
            entity: "programme",
            entity_id: model.id.to_string(),
            before: Some(&before),
            after: Some(&after),
        },
        now,
    )
    .await
    .step("recording the change in the audit log")?;
    highlight_store::commit(txn)
        .await
        .step("committing the programme's settings")?;
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preset_cycle_comes_from_the_form() {
        let form = ProgrammeForm {
            name: "Pioneer Somerset".into(),
            ..ProgrammeForm::blank()
        };
        let v = validate(&form, Weekday::Mon).unwrap();
        assert_eq!(v.slug, "pioneer-somerset");
        assert_eq!(v.cycle.to_string(), "monthly on the 5th working day");
    }

    #[test]
    fn every_bad_field_is_named() {
        let form = ProgrammeForm {
            name: "X".into(),
            slug: "Not A Slug".into(),
            time_zone: "Mars/Olympus".into(),
            cycle_kind: "cron".into(),
            cycle_cron: "every tuesday".into(),
            escalate_after_working_days_overdue: "soon".into(),
            ..ProgrammeForm::blank()
        };
        let e = validate(&form, Weekday::Mon).unwrap_err();
        for f in [
            "slug",
            "time_zone",
            "cycle_cron",
            "escalate_after_working_days_overdue",
        ] {
            assert!(e.has(f), "{f}: {e}");
        }
    }
}
