//! What `--demo` prints: what was loaded, and where to look.

use std::fmt;

use highlight_domain::{Rag, ReportingPeriod};

#[derive(Debug, Clone)]
pub enum DemoSummary {
    /// The database already had programmes; nothing was loaded.
    Skipped,
    Loaded {
        programme: String,
        slug: String,
        period: ReportingPeriod,
        workstreams: Vec<LoadedWorkstream>,
        people: Vec<LoadedPerson>,
    },
}

#[derive(Debug, Clone)]
pub struct LoadedWorkstream {
    pub name: String,
    pub submitted: bool,
    pub rag: Option<Rag>,
    pub exceptions: usize,
}

impl LoadedWorkstream {
    pub fn submitted(name: &str, rag: Rag, exceptions: usize) -> Self {
        Self {
            name: name.to_owned(),
            submitted: true,
            rag: Some(rag),
            exceptions,
        }
    }

    pub fn not_received(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            submitted: false,
            rag: None,
            exceptions: 0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct LoadedPerson {
    pub name: String,
    pub email: String,
    pub role: String,
    pub workstream: Option<String>,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let DemoSummary::Loaded {
            programme,
            slug,
            period,
            workstreams,
            people,
        } = self
        else {
            return write!(
                f,
                "Demo: the database already has programmes, so nothing was loaded."
            );
        };
        writeln!(
            f,
            "Demo: loaded the programme \"{programme}\" (slug {slug})."
        )?;
        writeln!(
            f,
            "  Reporting period {} to {}, due {} (the board is meeting on it now).",
            highlight_app::format::day_month_year(period.covers_from),
            highlight_app::format::day_month_year(period.due_date),
            highlight_app::format::long_date(period.due_date),
        )?;
        writeln!(f, "  {} workstreams:", workstreams.len())?;
        for w in workstreams {
            match (w.submitted, w.rag) {
                (true, Some(rag)) if w.exceptions > 0 => writeln!(
                    f,
                    "    - {}: report submitted, {} (exception)",
                    w.name,
                    rag.as_str()
                )?,
                (true, Some(rag)) => {
                    writeln!(f, "    - {}: report submitted, {}", w.name, rag.as_str())?
                }
                _ => writeln!(f, "    - {}: report not received (overdue)", w.name)?,
            }
        }
        write!(
            f,
            "  {} people — sign in with any of these e-mail addresses and the password {}:",
            people.len(),
            super::DEMO_PASSWORD
        )?;
        for p in people {
            let role = p.role.replace('_', " ");
            match &p.workstream {
                Some(w) => write!(f, "\n    - {} <{}>: {role} of {w}", p.name, p.email)?,
                None => write!(f, "\n    - {} <{}>: {role}", p.name, p.email)?,
            }
        }
        Ok(())
    }
}
