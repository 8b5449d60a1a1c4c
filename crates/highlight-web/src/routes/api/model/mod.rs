//! The API's own data types: the contract of `/api/v1`, separate from the pages.
//!
//! Why a model of its own: the services return what a page shows (words, CSS classes,
//! SVG geometry, links, sentences such as "Due 6 November 2026"). Serving those
//! structs as JSON made every restyling of a page a breaking change to the API. These
//! types carry typed values instead, and are converted from what the services (and the
//! domain) return, so the services need no `utoipa` and the document at
//! `/api/v1/openapi.json` describes every field.
//!
//! Conventions, stated once and repeated in the schema descriptions:
//! - a status is an enum serialised in `snake_case` (`"rag": "amber"`,
//!   `"status": "overdue"`), with its explanation as data where one helps;
//! - dates are ISO 8601 dates (`2026-11-06`), instants RFC 3339 timestamps in UTC;
//! - money is an integer number of pence ([`Money`]), in the programme's `currency`;
//! - counts are numbers; no field holds HTML, a CSS class, a link or pixel geometry.
//!
//! One file per resource; the conversions live beside the types.

pub mod accounts;
pub mod audit;
pub mod board;
pub mod exports;
pub mod me;
pub mod pack;
pub mod pid;
pub mod programmes;
pub mod report;
pub mod reports;
pub mod setup;

use std::str::FromStr;

use anyhow::anyhow;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{WebError, WebResult};

/// Declares an API enum (serialised in `snake_case`) mirroring a domain text enum
/// variant for variant, with the conversion from the domain's.
macro_rules! mirror_enum {
    (
        $(#[$meta:meta])*
        $name:ident from $domain:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl From<highlight_domain::$domain> for $name {
            fn from(d: highlight_domain::$domain) -> Self {
                match d {
                    $(highlight_domain::$domain::$variant => Self::$variant),+
                }
            }
        }
    };
}
pub(crate) use mirror_enum;

mirror_enum! {
    /// A red / amber / green status: `red`, `amber` or `green`.
    Rag from Rag { Red, Amber, Green }
}

mirror_enum! {
    /// Where a workstream's report for a period stands for the board: `not_yet_due`
    /// (the period has not opened), `due` (open, nothing submitted, before the
    /// deadline), `overdue` (the deadline passed with nothing submitted), `submitted`
    /// or `reviewed`.
    ReportStatus from ReportStatus { NotYetDue, Due, Overdue, Submitted, Reviewed }
}

mirror_enum! {
    /// A report status, or why a workstream owes nothing for a period: `not_started`
    /// (the period was due before it started) or `closed` (due after it closed).
    PeriodStatus from PeriodStatus { NotStarted, NotYetDue, Due, Overdue, Submitted, Reviewed, Closed }
}

mirror_enum! {
    /// A dimension of the plan: `time`, `cost`, `quality`, `scope`, `risk`, `benefit`.
    Dimension from Dimension { Time, Cost, Quality, Scope, Risk, Benefit }
}

mirror_enum! {
    /// A tolerance situation: `unaffected`, `within` (deviating inside the tolerance)
    /// or `exceeded` (forecast beyond it: an exception).
    SituationKind from SituationKind { Unaffected, Within, Exceeded }
}

mirror_enum! {
    /// Where an assessment came from: `figures` (measured against the tolerance) or
    /// `lead_statement` (as the lead states it).
    Basis from Basis { Figures, LeadStatement }
}

/// A report's life: `not_started` (nothing saved yet), `draft`, `submitted`,
/// `returned` (sent back to the lead for changes; the board reads the revision it
/// returned until the lead resubmits) or `reviewed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    NotStarted,
    Draft,
    Submitted,
    Returned,
    Reviewed,
}

impl From<highlight_domain::ReportState> for ReportState {
    fn from(s: highlight_domain::ReportState) -> Self {
        use highlight_domain::ReportState as S;
        match s {
            S::Draft => Self::Draft,
            S::Submitted => Self::Submitted,
            S::Returned => Self::Returned,
            S::Reviewed => Self::Reviewed,
        }
    }
}

impl ReportState {
    /// The state as the services spell it ("not_started" or a stored state).
    pub fn parse(text: &str) -> WebResult<Self> {
        if text == "not_started" {
            return Ok(Self::NotStarted);
        }
        parse::<highlight_domain::ReportState>(text, "report state").map(Self::from)
    }
}

/// An amount of money: an integer number of pence (`123456` is £1,234.56), in the
/// programme's currency (the programme's `currency`; only `gbp` today). Negative
/// amounts are below zero (an underspend against a baseline, say).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(transparent)]
pub struct Money(pub i64);

impl From<highlight_domain::Money> for Money {
    fn from(m: highlight_domain::Money) -> Self {
        Money(m.pence())
    }
}

/// A percentage as a decimal string without the sign, up to two decimals: `"12.5"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(transparent)]
pub struct Percent(pub String);

impl From<highlight_domain::Percent> for Percent {
    fn from(p: highlight_domain::Percent) -> Self {
        Percent(p.to_string().trim_end_matches('%').to_owned())
    }
}

/// A reporting period: from the previous due date to this one (ISO dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Period {
    /// The previous due date, where the last report left off.
    pub covers_from: NaiveDate,
    /// The date the report is due (by the end of that day, programme time).
    pub due_date: NaiveDate,
}

impl From<highlight_domain::ReportingPeriod> for Period {
    fn from(p: highlight_domain::ReportingPeriod) -> Self {
        Period {
            covers_from: p.covers_from,
            due_date: p.due_date,
        }
    }
}

/// Parses a value a service spelled as text (a status, a state) into its type; a
/// value that does not parse is a fault of ours, said loudly, not a wrong word shown.
pub fn parse<T: FromStr>(text: &str, what: &str) -> WebResult<T> {
    text.parse()
        .map_err(|_| WebError::Internal(anyhow!("the {what} \"{text}\" is not one we know")))
}

/// Parses a RAG the services spelled as text (`"red"`…).
pub fn rag(text: Option<&str>) -> WebResult<Option<Rag>> {
    text.map(|t| parse::<highlight_domain::Rag>(t, "RAG status").map(Rag::from))
        .transpose()
}
