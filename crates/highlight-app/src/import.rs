//! Importing workstreams from a CSV file, all or nothing.
//!
//! Columns (header row required, any order; only `name` is required):
//! `name,lead_email,deputy_email,lead_organisation,stage,status`, and optionally
//! `started_on,closed_on` (a blank start is the day of the import, in the programme's
//! time zone). Every row is checked
//! with a fixed number of queries (the programme's workstreams, and the accounts of
//! every e-mail address in the file), and the report says for each row what is wrong
//! or that it is ready. Nothing is imported unless every row is ready; then all rows
//! are imported in one transaction.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use highlight_domain::{
    Slug, StageNumber, WorkstreamDraft, WorkstreamLife, WorkstreamLifeDraft, WorkstreamStatus,
    local_date,
};
use serde::Serialize;

use super::people::Step;
use super::workstreams::snapshot;
use crate::Actor;
use crate::error::AppResult;
use crate::forms::looks_like_email;
use crate::scope::ProgrammeScope;
use highlight_store::audit::{self, Change};
use highlight_store::workstreams::{NewWorkstream, create_many, next_position, of_programme};
use highlight_store::{Conn, Db};

/// The columns, in the template's order.
pub const COLUMNS: [&str; 6] = [
    "name",
    "lead_email",
    "deputy_email",
    "lead_organisation",
    "stage",
    "status",
];

/// Columns a file may add after the template's: the workstream's life.
pub const OPTIONAL_COLUMNS: [&str; 2] = ["started_on", "closed_on"];

/// The downloadable template: the header and two example rows.
pub const TEMPLATE: &str = "name,lead_email,deputy_email,lead_organisation,stage,status\n\
Shared Services,rachel.dunstan@pioneer-somerset.example,,South Somerset District Council,1,active\n\
Customer Access,,,Somerset County Council,2,on_hold\n";

/// The check of one row.
#[derive(Debug, Clone, Serialize)]
pub struct RowReport {
    /// The row's line in the file (the header is row 1).
    pub row: usize,
    /// The row's values by column, as read.
    pub values: Vec<String>,
    /// What is wrong with it; empty when it is ready.
    pub errors: Vec<String>,
    pub ready: bool,
}

/// The check of a whole file.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    /// The columns as found in the header.
    pub columns: Vec<String>,
    /// Problems with the file as a whole (header, encoding, no rows).
    pub file_errors: Vec<String>,
    pub rows: Vec<RowReport>,
    /// True when every row is ready and there is at least one.
    pub ready: bool,
    /// How many workstreams were imported (0 on a check).
    pub imported: usize,
}

struct ReadyRow {
    name: String,
    slug: Slug,
    lead: Option<i64>,
    deputy: Option<i64>,
    lead_organisation: String,
    stage: StageNumber,
    status: WorkstreamStatus,
    life: WorkstreamLife,
}

/// Checks `text` against the programme; nothing is changed. A blank start date is
/// the day of `now` in the programme's time zone.
#[tracing::instrument(skip_all, fields(programme_id = scope.id()))]
pub async fn check(
    db: &impl Conn,
    scope: &ProgrammeScope,
    text: &str,
    now: DateTime<Utc>,
) -> AppResult<ImportReport> {
    Ok(check_rows(db, scope.id(), text, local_date(now, scope.tz))
        .await?
        .0)
}

async fn check_rows(
    db: &impl Conn,
    programme_id: i64,
    text: &str,
    today: NaiveDate,
) -> AppResult<(ImportReport, Vec<ReadyRow>)> {
    let mut report = ImportReport {
        columns: Vec::new(),
        file_errors: Vec::new(),
        rows: Vec::new(),
        ready: false,
        imported: 0,
    };
    let text = text.trim_start_matches('\u{feff}');
    report.file_errors = unreadable_lines(text);
    if !report.file_errors.is_empty() {
        return Ok((report, Vec::new()));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            report
                .file_errors
                .push(format!("The file could not be read as CSV: {e}"));
            return Ok((report, Vec::new()));
        }
    };
    report.columns = header.clone();
    let expected = COLUMNS.join(",");
    for (i, c) in header.iter().enumerate() {
        if !COLUMNS.contains(&c.as_str()) && !OPTIONAL_COLUMNS.contains(&c.as_str()) {
            report.file_errors.push(format!(
                "Column {} of the header is \"{c}\", which is not a column Highlight knows: the header must be {expected} (and may add {optional})",
                i + 1,
                optional = OPTIONAL_COLUMNS.join(","),
            ));
        } else if header[..i].contains(c) {
            report
                .file_errors
                .push(format!("The column \"{c}\" appears twice in the header"));
        }
    }
    if !header.iter().any(|c| c == "name") {
        report.file_errors.push(format!(
            "The header has no \"name\" column: the first line must be {expected}"
        ));
    }
    if !report.file_errors.is_empty() {
        return Ok((report, Vec::new()));
    }
    let column = |name: &str| header.iter().position(|c| c == name);
    let mut raw: Vec<(usize, Vec<String>, Vec<String>)> = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        match record {
            Ok(r) => {
                let values: Vec<String> = r.iter().map(str::to_owned).collect();
                if values.iter().all(|v| v.is_empty()) {
                    continue;
                }
                let mut errors = Vec::new();
                if values.len() > header.len() {
                    errors.push(format!(
                        "Row {row}: has {} values but the header has {} columns — check for an extra comma, or put quotes around a value with a comma in it",
                        values.len(),
                        header.len()
                    ));
                }
                raw.push((row, values, errors));
            }
            Err(e) => report
                .file_errors
                .push(format!("Row {row}: could not be read as CSV: {e}")),
        }
    }
    if raw.is_empty() && report.file_errors.is_empty() {
        report
            .file_errors
            .push("The file has a header but no workstreams: add one row per workstream".into());
    }
    let get = |values: &[String], name: &str| -> String {
        column(name)
            .and_then(|i| values.get(i))
            .cloned()
            .unwrap_or_default()
    };

    // Two queries, whatever the number of rows.
    let existing = of_programme(db, programme_id)
        .await
        .step("loading the programme's workstreams")?;
    let emails: Vec<String> = raw
        .iter()
        .flat_map(|(_, v, _)| [get(v, "lead_email"), get(v, "deputy_email")])
        .map(|e| e.to_lowercase())
        .filter(|e| !e.is_empty())
        .collect();
    let accounts: HashMap<String, i64> = highlight_store::users::by_ids_or_emails(db, &[], &emails)
        .await
        .step("loading the accounts named in the file")?
        .into_iter()
        .map(|u| (u.email, u.id.0))
        .collect();

    let mut ready_rows = Vec::new();
    let mut seen_names: HashMap<String, usize> = HashMap::new();
    let mut seen_slugs: HashMap<String, usize> = HashMap::new();
    for (row, values, mut errors) in raw {
        let draft = WorkstreamDraft {
            name: get(&values, "name"),
            lead_organisation: get(&values, "lead_organisation"),
            stage: get(&values, "stage"),
            status: get(&values, "status"),
        };
        let valid = match draft.validate() {
            Ok(w) => Some(w),
            Err(e) => {
                errors.extend(e.iter().map(|fe| format!("Row {row}: {}", fe.message)));
                None
            }
        };
        let life = match (WorkstreamLifeDraft {
            started_on: get(&values, "started_on"),
            closed_on: get(&values, "closed_on"),
        })
        .validate(today)
        {
            Ok(life) => Some(life),
            Err(e) => {
                errors.extend(e.iter().map(|fe| format!("Row {row}: {}", fe.message)));
                None
            }
        };
        let mut person = |column: &str, what: &str| -> Option<i64> {
            let email = get(&values, column).to_lowercase();
            if email.is_empty() {
                return None;
            }
            if !looks_like_email(&email) {
                errors.push(format!(
                    "Row {row}: the {what} e-mail \"{email}\" is not an e-mail address"
                ));
                return None;
            }
            match accounts.get(&email) {
                Some(id) => Some(*id),
                None => {
                    errors.push(format!(
                        "Row {row}: no account for {email} — add the person first or leave the {what} blank"
                    ));
                    None
                }
            }
        };
        let lead = person("lead_email", "lead");
        let deputy = person("deputy_email", "deputy");
        if let Some(w) = &valid {
            let key = w.name.trim().to_lowercase();
            if let Some(first) = seen_names.get(&key) {
                errors.push(format!(
                    "Row {row}: the name \"{}\" is also on row {first}",
                    w.name
                ));
            } else if let Some(first) = seen_slugs.get(w.slug.as_str()) {
                errors.push(format!(
                    "Row {row}: \"{}\" would have the same web address ({}) as row {first}",
                    w.name, w.slug
                ));
            }
            if let Some(other) = existing
                .iter()
                .find(|e| e.name.trim().to_lowercase() == key || e.slug == w.slug.as_str())
            {
                errors.push(format!(
                    "Row {row}: the programme already has a workstream called {} — leave it out of the file or rename it",
                    other.name
                ));
            }
            if super::workstreams::RESERVED_SLUGS.contains(&w.slug.as_str()) {
                errors.push(format!(
                    "Row {row}: \"{}\" would have the web address {}, which Highlight keeps for its own pages — rename it",
                    w.name, w.slug
                ));
            }
            seen_names.entry(key).or_insert(row);
            seen_slugs.entry(w.slug.as_str().to_owned()).or_insert(row);
        }
        if lead.is_some() && lead == deputy {
            errors.push(format!(
                "Row {row}: the deputy must be someone other than the lead"
            ));
        }
        let ready = errors.is_empty();
        if let (true, Some(w), Some(life)) = (ready, valid, life) {
            ready_rows.push(ReadyRow {
                name: w.name,
                slug: w.slug,
                lead,
                deputy,
                lead_organisation: w.lead_organisation.unwrap_or_default(),
                stage: w.stage,
                status: w.status,
                life,
            });
        }
        report.rows.push(RowReport {
            row,
            values,
            errors,
            ready,
        });
    }
    report.ready = report.file_errors.is_empty()
        && !report.rows.is_empty()
        && report.rows.iter().all(|r| r.ready);
    Ok((report, ready_rows))
}

/// What the CSV reader would pass over in silence, each naming its line (as a text
/// editor counts them): a NUL, which no text column can hold; and a value that opens
/// with a quote never closed, which the reader takes to the end of the file as one
/// value — a row called "Digital Services, phase 1,\nWorkforce," instead of an error.
fn unreadable_lines(text: &str) -> Vec<String> {
    let mut problems: Vec<String> = text
        .split('\n')
        .enumerate()
        .filter(|(_, line)| line.contains('\0'))
        .map(|(i, _)| {
            format!(
                "Line {}: contains a NUL character (\\0), which Highlight cannot store: remove it and try again",
                i + 1
            )
        })
        .collect();
    // A quote opens a quoted value only at the start of a value (as the reader has it);
    // inside one, "" is a quote and a lone " closes it.
    let (mut line, mut opened_on, mut at_start) = (1, None, true);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        match (opened_on, c) {
            (Some(_), '"') if chars.peek() == Some(&'"') => {
                chars.next();
            }
            (Some(_), '"') => {
                opened_on = None;
                at_start = false;
            }
            (Some(_), _) => {}
            (None, '"') if at_start => opened_on = Some(line),
            (None, ',' | '\n' | '\r') => at_start = true,
            (None, _) => at_start = false,
        }
    }
    if let Some(line) = opened_on {
        problems.push(format!(
            "Line {line}: a value opens with a quote (\") that is never closed, so the rest of the file would be read as that one value: add the closing quote, or remove the opening one"
        ));
    }
    problems
}

/// Checks `text` and, when every row is ready, imports them all in one transaction.
#[tracing::instrument(skip_all, fields(programme_id = scope.id(), actor = actor.id()))]
pub async fn import(
    db: &Db,
    actor: &Actor,
    scope: &ProgrammeScope,
    text: &str,
    now: DateTime<Utc>,
) -> AppResult<ImportReport> {
    let txn = highlight_store::begin(db)
        .await
        .step("starting the transaction")?;
    let (mut report, rows) = check_rows(&txn, scope.id(), text, local_date(now, scope.tz)).await?;
    if !report.ready {
        return Ok(report);
    }
    let first = next_position(&txn, scope.id())
        .await
        .step("finding the end of the programme's list")?;
    let new: Vec<NewWorkstream> = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| NewWorkstream {
            programme_id: scope.id(),
            slug: r.slug,
            name: r.name,
            lead_id: r.lead,
            deputy_id: r.deputy,
            lead_organisation: r.lead_organisation,
            stage: r.stage,
            status: r.status,
            position: first + i32::try_from(i).unwrap_or(0),
            life: r.life,
        })
        .collect();
    let created = create_many(&txn, &new, now)
        .await
        .step("storing the imported workstreams")?;
    let people_ids: Vec<i64> = created
        .iter()
        .flat_map(|w| [w.lead_id, w.deputy_id])
        .flatten()
        .map(|id| id.0)
        .collect();
    let people = highlight_store::users::by_ids(&txn, &people_ids)
        .await
        .step("loading the leads and deputies")?;
    let after: Vec<_> = created.iter().map(|w| snapshot(w, &people)).collect();
    audit::record(
        &txn,
        Some(actor.who()),
        Change::<(), _> {
            programme_id: Some(scope.id()),
            action: "workstreams.imported",
            entity: "workstreams",
            entity_id: created
                .iter()
                .map(|w| w.id.to_string())
                .collect::<Vec<_>>()
                .join(","),
            before: None,
            after: Some(&after),
        },
        now,
    )
    .await
    .step("recording the import in the audit log")?;
    highlight_store::commit(txn)
        .await
        .step("committing the import")?;
    report.imported = created.len();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_never_closed_or_a_nul_is_named_by_its_line() {
        assert_eq!(
            unreadable_lines("name\nA\n\"B, phase 1,\nC\n"),
            [
                "Line 3: a value opens with a quote (\") that is never closed, so the rest of the file would be read as that one value: add the closing quote, or remove the opening one"
            ]
        );
        assert!(unreadable_lines("name\nA\0\n")[0].starts_with("Line 2: contains a NUL"));
        for fine in [
            "name\n\"A, with a comma\"\n",
            "name\n\"Line one\nline two\"\n",
            "name\n\"He said \"\"yes\"\"\"\n",
            "name\nO'Brien \"Bob\" Smith\n",
            "name,stage\r\n\"A\",1\r\n",
        ] {
            assert!(unreadable_lines(fine).is_empty(), "{fine:?}");
        }
    }

    #[test]
    fn the_template_has_every_column_in_order() {
        assert_eq!(TEMPLATE.lines().next(), Some(COLUMNS.join(",").as_str()));
    }
}
