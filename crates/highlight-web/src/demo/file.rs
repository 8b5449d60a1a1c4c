//! The shape of `pioneer_somerset.toml`: a structured transcription of the real board
//! pack in seed 003. Strict (`deny_unknown_fields`), so a key the loader does not read
//! is an error in the test below rather than words silently dropped.

use chrono::NaiveDate;
use serde::Deserialize;

pub const PIONEER_SOMERSET: &str = include_str!("pioneer_somerset.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoFile {
    pub programme: DemoProgramme,
    pub workstreams: Vec<DemoWorkstream>,
    #[serde(default)]
    pub interdependencies: Vec<DemoInterdependency>,
    #[serde(default)]
    pub risks: Vec<DemoRisk>,
    #[serde(default)]
    pub users: Vec<DemoUser>,
}

impl DemoFile {
    pub fn pioneer_somerset() -> Result<Self, toml::de::Error> {
        toml::from_str(PIONEER_SOMERSET)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoProgramme {
    pub name: String,
    pub slug: String,
    pub description: String,
    pub sponsor: String,
    pub programme_manager: String,
    pub time_zone: String,
    pub currency: String,
    pub cycle: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoWorkstream {
    pub name: String,
    pub slug: String,
    pub lead_organisation: String,
    pub stage: u32,
    pub key_proposals: Vec<String>,
    pub pid_agreed_by: Option<String>,
    pub pid_agreed_on: Option<NaiveDate>,
    #[serde(default)]
    pub deliverables: Vec<DemoDeliverable>,
    pub tolerances: DemoTolerances,
    pub figures: DemoFigures,
    pub report: DemoReport,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoDeliverable {
    pub name: String,
    pub target: NaiveDate,
    pub target_label: String,
    pub done: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoTolerances {
    pub time_days: Option<u32>,
    pub cost_percent: Option<u32>,
    pub cost_pence: Option<i64>,
    pub quality: Option<String>,
    pub scope: Option<String>,
    pub risk: Option<String>,
    pub benefit: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoFigures {
    pub baseline_budget_pence: Option<i64>,
    pub spend_to_date_pence: Option<i64>,
    pub forecast_at_completion_pence: Option<i64>,
    #[serde(default)]
    pub slippage_days: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoReport {
    pub state: String,
    /// The period as the seed's report words it ("Aug–Nov 08"); blank when it says none.
    pub period_covered: String,
    pub budget_status: String,
    pub schedule_status: String,
    pub schedule_note: String,
    pub tolerance_time: String,
    pub tolerance_cost: String,
    pub tolerance_quality: String,
    pub products_completed: Vec<String>,
    pub products_planned_next: Vec<String>,
    pub problems: String,
    pub risk_update: String,
    pub issues_status: String,
    pub change_impact: String,
    pub interdependencies: String,
    pub barriers: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoInterdependency {
    pub from: String,
    pub to: String,
    pub kind: String,
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoRisk {
    pub workstream: Option<String>,
    pub description: String,
    pub likelihood: u8,
    pub impact: u8,
    pub owner: String,
    pub response: String,
    pub status: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoUser {
    pub name: String,
    pub email: String,
    pub role: String,
    pub title: String,
    pub organisation: String,
    pub workstream: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pioneer_somerset_file_reads_completely() {
        let file = DemoFile::pioneer_somerset().expect("the demo file parses");
        assert_eq!(file.workstreams.len(), 9);
        let slugs: Vec<&str> = file.workstreams.iter().map(|w| w.slug.as_str()).collect();
        for i in &file.interdependencies {
            assert!(
                slugs.contains(&i.from.as_str()) && slugs.contains(&i.to.as_str()),
                "{i:?}"
            );
        }
        let draft: Vec<&str> = file
            .workstreams
            .iter()
            .filter(|w| w.report.state == "draft")
            .map(|w| w.name.as_str())
            .collect();
        assert_eq!(draft, ["Customer Access"]);
    }
}
