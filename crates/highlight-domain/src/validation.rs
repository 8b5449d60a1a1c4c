//! One validation error model for every input.
//!
//! People type figures, dates and names into forms; the web crate hands those raw
//! strings to a *draft* type here, and the draft either becomes a domain value or
//! returns **every** problem at once as [`ValidationErrors`], each naming the field
//! (`"deliverables[2].target_date"`) and saying in a sentence what to fix. The helpers
//! below are the shared parsing steps the drafts use, so the same kind of field gets
//! the same message everywhere, and every free text is put in one normal form
//! ([`crate::text::normalise`]: LF line endings, no trailing spaces) on the way in.

use crate::text::normalise;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The earliest year accepted in any date a person types (historic board packs go
/// back to the 2000s; the seed pack is from 2008).
pub const EARLIEST_YEAR: i32 = 1990;
/// The latest year accepted in any date a person types.
pub const LATEST_YEAR: i32 = 2100;
/// The longest free-text answer accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// The longest name or short label accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's path in the input, e.g. `spend_to_date` or `deliverables[2].target_date`.
    pub field: String,
    /// A sentence a person can act on, naming what to fix.
    pub message: String,
}

impl FieldError {
    /// A problem with `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Every problem found in one input, in the order the fields were checked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem with `field`.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    /// Records the problems of a nested input under `prefix`
    /// (`deliverables[2]` + `target_date` → `deliverables[2].target_date`).
    pub fn nest(&mut self, prefix: &str, inner: ValidationErrors) {
        for error in inner.0 {
            let field = if error.field.is_empty() {
                prefix.to_owned()
            } else {
                format!("{prefix}.{}", error.field)
            };
            self.0.push(FieldError {
                field,
                message: error.message,
            });
        }
    }

    /// True when nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, FieldError> {
        self.0.iter()
    }

    /// The messages about one field.
    pub fn messages_for<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// True when there is a problem with `field`.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    /// `Ok(value)` when nothing is wrong, otherwise every problem.
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, ValidationErrors> {
        if self.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.len() {
            0 => f.write_str("no problems"),
            1 => write!(f, "{}", self.0[0]),
            n => {
                write!(f, "{n} problems: ")?;
                for (i, e) in self.0.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ValidationErrors {}

impl From<FieldError> for ValidationErrors {
    fn from(error: FieldError) -> Self {
        Self(vec![error])
    }
}

impl IntoIterator for ValidationErrors {
    type Item = FieldError;
    type IntoIter = std::vec::IntoIter<FieldError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Capitalises the first letter of a label for the start of a sentence.
pub(crate) fn sentence_case(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// True for the ways people write "nothing here" in a board pack: blank, "-", "N/A", "£-".
pub(crate) fn is_blank(text: &str) -> bool {
    let t = text.trim().trim_start_matches('£').trim();
    t.is_empty()
        || t == "-"
        || t == "–"
        || t.eq_ignore_ascii_case("n/a")
        || t.eq_ignore_ascii_case("na")
}

/// A required short text (a name): normalised ([`normalise`]), not blank, not too long.
pub(crate) fn required_name(
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    text: &str,
) -> Option<String> {
    let t = normalise(text);
    let t = t.as_str();
    if t.is_empty() {
        errors.add(field, format!("Enter the {label}"));
        None
    } else if t.chars().count() > MAX_NAME_CHARS {
        errors.add(
            field,
            format!(
                "{} must be {MAX_NAME_CHARS} characters or fewer: shorten it",
                sentence_case(label)
            ),
        );
        None
    } else {
        Some(t.to_owned())
    }
}

/// A required free text: normalised ([`normalise`]), not blank, not too long.
pub(crate) fn required_text(
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    text: &str,
) -> Option<String> {
    let t = normalise(text);
    let t = t.as_str();
    if t.is_empty() {
        errors.add(field, format!("Enter the {label}"));
        None
    } else {
        check_length(errors, field, label, t)
    }
}

/// An optional free text, normalised ([`normalise`]): blank becomes `None`; too long
/// is an error.
pub(crate) fn optional_text(
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    text: &str,
) -> Option<String> {
    let t = normalise(text);
    let t = t.as_str();
    if t.is_empty() {
        None
    } else {
        check_length(errors, field, label, t)
    }
}

fn check_length(
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    t: &str,
) -> Option<String> {
    if t.chars().count() > MAX_TEXT_CHARS {
        errors.add(
            field,
            format!(
                "{} must be {MAX_TEXT_CHARS} characters or fewer: shorten it or attach a document",
                sentence_case(label)
            ),
        );
        None
    } else {
        Some(t.to_owned())
    }
}

/// A list of short lines (products, proposals): blank lines dropped, each checked.
pub(crate) fn text_list(
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    items: &[String],
) -> Vec<String> {
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(t) = optional_text(errors, &format!("{field}[{i}]"), label, item) {
            out.push(t);
        }
    }
    out
}

/// Parses a date as people type it: `2026-03-05` or `05/03/2026` (day first, UK).
/// Returns a message naming the field on failure.
pub fn parse_date(label: &str, text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let parsed = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .map_err(|_| {
            format!(
                "{} \"{t}\" is not a date: enter it as 2026-03-05 or 05/03/2026",
                sentence_case(label)
            )
        })?;
    check_plausible_date(label, parsed)
}

/// Rejects dates outside [`EARLIEST_YEAR`]..=[`LATEST_YEAR`] (a typo such as 1900 or 2206).
pub fn check_plausible_date(label: &str, date: NaiveDate) -> Result<NaiveDate, String> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(format!(
            "{} {date} is not plausible: enter a date between {EARLIEST_YEAR} and {LATEST_YEAR}",
            sentence_case(label)
        ))
    }
}

/// A required date field.
pub(crate) fn required_date(
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    text: &str,
) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        errors.add(field, format!("Enter the {label}"));
        return None;
    }
    match parse_date(label, text) {
        Ok(d) => Some(d),
        Err(message) => {
            errors.add(field, message);
            None
        }
    }
}

/// An optional date field: blank, "-" or "N/A" becomes `None`.
pub(crate) fn optional_date(
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    text: &str,
) -> Option<NaiveDate> {
    if is_blank(text) {
        return None;
    }
    match parse_date(label, text) {
        Ok(d) => Some(d),
        Err(message) => {
            errors.add(field, message);
            None
        }
    }
}

/// Parses a whole number within `range`, naming the field on failure.
pub(crate) fn parse_int_in(
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    text: &str,
    range: std::ops::RangeInclusive<i64>,
    unit_hint: &str,
) -> Option<i64> {
    let t = text.trim().trim_start_matches('+');
    match t.parse::<i64>() {
        Ok(n) if range.contains(&n) => Some(n),
        Ok(n) => {
            errors.add(
                field,
                format!(
                    "{} of {n} is not plausible: enter {unit_hint} between {} and {}",
                    sentence_case(label),
                    range.start(),
                    range.end()
                ),
            );
            None
        }
        Err(_) => {
            errors.add(
                field,
                format!(
                    "{} \"{}\" is not a whole number: enter {unit_hint} as digits, like 14",
                    sentence_case(label),
                    text.trim()
                ),
            );
            None
        }
    }
}

/// Parses a text enum, naming the field on failure.
pub(crate) fn parse_enum<T>(errors: &mut ValidationErrors, field: &str, text: &str) -> Option<T>
where
    T: std::str::FromStr<Err = crate::text_enum::ParseEnumError>,
{
    match text.parse::<T>() {
        Ok(v) => Some(v),
        Err(e) => {
            errors.add(field, sentence_case(&e.to_string()));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_errors_name_the_full_path() {
        let mut inner = ValidationErrors::new();
        inner.add("target_date", "Enter the target date");
        let mut outer = ValidationErrors::new();
        outer.nest("deliverables[2]", inner);
        assert!(outer.has("deliverables[2].target_date"));
    }

    #[test]
    fn display_lists_every_problem() {
        let mut e = ValidationErrors::new();
        e.add("a", "First");
        e.add("b", "Second");
        assert_eq!(e.to_string(), "2 problems: a: First; b: Second");
    }

    #[test]
    fn uk_and_iso_dates_are_accepted() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(parse_date("due date", "2026-03-05"), Ok(d));
        assert_eq!(parse_date("due date", "05/03/2026"), Ok(d));
    }

    #[test]
    fn a_date_in_1900_is_rejected_naming_the_field() {
        let message = parse_date("due date", "1900-01-05").unwrap_err();
        assert!(
            message.starts_with("Due date 1900-01-05 is not plausible"),
            "{message}"
        );
    }

    #[test]
    fn a_date_that_is_not_a_date_says_how_to_write_one() {
        let message = parse_date("target date", "Nov 08").unwrap_err();
        assert!(message.contains("2026-03-05"), "{message}");
    }

    #[test]
    fn blank_markers_from_board_packs_count_as_blank() {
        for t in ["", " ", "-", "N/A", "£-", "£ N/A", "n/a"] {
            assert!(is_blank(t), "{t:?}");
        }
        assert!(!is_blank("0"));
    }
}

/// A target as people write it in a PID or action plan: a date ("2026-11-30",
/// "30/11/2026"), a month ("Nov 08", "November 2008": the end of that month, with the
/// text kept as a label), or words with no date ("Immediate", "As required").
/// Returns `(date, label)`; both `None` for blank text.
pub fn parse_target(
    label: &str,
    text: &str,
) -> Result<(Option<NaiveDate>, Option<String>), String> {
    let t = text.trim();
    if is_blank(t) {
        return Ok((None, None));
    }
    if t.chars().next().is_some_and(|c| c.is_ascii_digit()) && t.contains(['-', '/']) {
        return parse_date(label, t).map(|d| (Some(d), None));
    }
    if let Some(date) = month_year_end(t) {
        let date = check_plausible_date(label, date)?;
        return Ok((Some(date), Some(t.to_owned())));
    }
    if t.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "{} must be {MAX_NAME_CHARS} characters or fewer",
            sentence_case(label)
        ));
    }
    Ok((None, Some(t.to_owned())))
}

/// The last day of the month in "Nov 08", "November 2008", "Sept 2009".
fn month_year_end(text: &str) -> Option<NaiveDate> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let mut words = text.split_whitespace();
    let month_word = words.next()?.to_ascii_lowercase();
    let year_word = words.next()?;
    if words.next().is_some() || month_word.len() < 3 {
        return None;
    }
    let month = MONTHS.iter().position(|m| month_word.starts_with(m))? as u32 + 1;
    let year: i32 = match year_word.len() {
        2 => 2000 + year_word.parse::<i32>().ok()?,
        4 => year_word.parse().ok()?,
        _ => return None,
    };
    let next_month_start = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }?;
    next_month_start.pred_opt()
}

#[cfg(test)]
mod target_tests {
    use super::*;

    #[test]
    fn targets_as_written_in_a_pid() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            parse_target("target", "Nov 08"),
            Ok((Some(d(2008, 11, 30)), Some("Nov 08".into())))
        );
        assert_eq!(
            parse_target("target", "July 2011"),
            Ok((Some(d(2011, 7, 31)), Some("July 2011".into())))
        );
        assert_eq!(
            parse_target("target", "2026-03-05"),
            Ok((Some(d(2026, 3, 5)), None))
        );
        assert_eq!(
            parse_target("target", "23/09/2009"),
            Ok((Some(d(2009, 9, 23)), None))
        );
        assert_eq!(
            parse_target("target", "Immediate"),
            Ok((None, Some("Immediate".into())))
        );
        assert_eq!(parse_target("target", ""), Ok((None, None)));
        assert!(parse_target("target", "Jan 1900").is_err());
    }
}
