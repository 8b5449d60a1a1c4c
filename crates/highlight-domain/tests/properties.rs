//! Properties the rules must keep for any input, not just the examples.
//!
//! The last group is about the store: every domain value the product writes as JSON
//! (an assessment, a report, a cycle, tolerances, a reminder policy, a PID) reads
//! back as the same value, however large or odd its numbers and text.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use chrono_tz::Europe::London;
use highlight_domain::strategies::*;
use highlight_domain::{Assessment, assess_report};
use highlight_domain::{
    BudgetFigures, CostTolerance, Figures, Money, Percent, Rag, RagPolicy, ReminderPolicy,
    ReportStatus, ReportingPeriod, ScheduleFigures, SituationKind, ToleranceReport,
    ToleranceStatement, Tolerances, WorkingCalendar, assess, reminders_due, report_status,
};
use proptest::prelude::*;
use serde::{Serialize, de::DeserializeOwned};
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::sync::OnceLock;

fn calendar() -> &'static WorkingCalendar {
    static CAL: OnceLock<WorkingCalendar> = OnceLock::new();
    CAL.get_or_init(|| WorkingCalendar::england_and_wales(1995..=2100))
}

fn instant(offset_minutes: i64) -> DateTime<Utc> {
    base().and_hms_opt(0, 0, 0).unwrap().and_utc() + TimeDelta::minutes(offset_minutes)
}

/// The characters XML 1.0 allows (its `Char` production), which is what a Word
/// document or a spreadsheet can hold.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn normalised_text_holds_only_characters_xml_allows_and_normalising_again_changes_nothing(
        text in hostile_text(),
    ) {
        let normal = highlight_domain::text::normalise(&text);
        prop_assert!(normal.chars().all(xml_char), "{normal:?}");
        prop_assert!(!normal.contains('\r') && !normal.contains('\0'));
        prop_assert_eq!(highlight_domain::text::normalise(&normal), normal.clone());
        let cleaned = highlight_domain::text::clean(&text);
        prop_assert!(cleaned.chars().all(xml_char), "{cleaned:?}");
        prop_assert_eq!(highlight_domain::text::normalise(&cleaned), normal);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn periods_are_contiguous_never_overlap_and_fall_due_on_working_days(
        cycle in preset_cycle(),
        start in 0u64..30_000,
        length in 0u64..900,
    ) {
        let cal = calendar();
        let from = date_from(start);
        let to = date_from(start + length);
        let periods = cycle.periods_between(from, to, London, cal);
        for p in &periods {
            prop_assert!(cal.is_working_day(p.due_date), "{} is not a working day", p.due_date);
            prop_assert!(p.covers_from <= p.due_date);
            prop_assert!((from..=to).contains(&p.due_date));
        }
        for pair in periods.windows(2) {
            prop_assert!(pair[0].due_date < pair[1].due_date);
            prop_assert_eq!(pair[1].covers_from, pair[0].due_date);
        }
        if let Some(first) = periods.first() {
            let previous = cycle.previous_due_date_before(first.due_date, London, cal);
            prop_assert_eq!(first.covers_from, previous.unwrap_or(first.due_date));
        }
        let all = cycle.due_dates_between(from, to, London, cal);
        prop_assert_eq!(all.len(), periods.len());
        for due in all {
            prop_assert_eq!(cycle.next_due_date_on_or_after(due, London, cal), Some(due));
        }
    }

    #[test]
    fn splitting_a_range_gives_the_same_due_dates(
        cycle in preset_cycle(),
        start in 0u64..30_000,
        first_len in 0u64..400,
        second_len in 0u64..400,
    ) {
        let cal = calendar();
        let a = date_from(start);
        let b = date_from(start + first_len);
        let c = date_from(start + first_len + 1 + second_len);
        let whole = cycle.due_dates_between(a, c, London, cal);
        let mut parts = cycle.due_dates_between(a, b, London, cal);
        parts.extend(cycle.due_dates_between(b.succ_opt().unwrap(), c, London, cal));
        prop_assert_eq!(whole, parts);
    }

    #[test]
    fn current_period_contains_today(cycle in preset_cycle(), minutes in 0i64..(60 * 24 * 365 * 80)) {
        let cal = calendar();
        let now = instant(minutes);
        if let Some(p) = cycle.current_period(now, London, cal) {
            let today = highlight_domain::local_date(now, London);
            prop_assert!(today <= p.due_date);
            prop_assert!(now < p.deadline(London));
            if p.covers_from < p.due_date {
                prop_assert!(p.covers_from <= today);
            }
        }
    }

    #[test]
    fn a_forecast_inside_every_tolerance_is_never_an_exception(
        time_days in 0u32..3_650,
        slip_share in -1.0f64..=1.0,
        baseline_pence in 0i64..10_000_000_000,
        cost in prop_oneof![
            (0i64..1_000_000_000).prop_map(|p| CostTolerance::Amount(Money::from_pence(p))),
            (0u32..100_000).prop_map(|bp| CostTolerance::PercentOfBaseline(Percent::from_basis_points(bp))),
        ],
        cost_share in -1.0f64..=1.0,
        text_within in any::<[bool; 4]>(),
        amber_share in 0u32..=10_000,
    ) {
        let planned_end = NaiveDate::from_ymd_opt(2030, 6, 30).unwrap();
        let slip = (f64::from(time_days) * slip_share).trunc() as i64;
        let baseline = Money::from_pence(baseline_pence);
        let limit = cost.limit(baseline).pence();
        let variance = ((limit as f64) * cost_share).trunc() as i64;
        let forecast = (baseline_pence + variance).max(0);
        let figures = Figures {
            budget: Some(BudgetFigures { baseline, spend_to_date: Money::ZERO, forecast_at_completion: Money::from_pence(forecast) }),
            schedule: Some(ScheduleFigures::from_slippage(planned_end, slip)),
            no_budget_held: false,
        };
        let tolerances = Tolerances { time_days: Some(time_days), cost: Some(cost), quality: Some("as PID".into()), ..Default::default() };
        let statement = |within: bool| ToleranceStatement {
            situation: Some(if within { SituationKind::Within } else { SituationKind::Unaffected }),
            note: Some("note".into()),
        };
        let statements = ToleranceReport {
            quality: statement(text_within[0]),
            scope: statement(text_within[1]),
            risk: statement(text_within[2]),
            benefit: statement(text_within[3]),
            ..Default::default()
        };
        let policy = RagPolicy { amber_share_of_tolerance: Percent::from_basis_points(amber_share) };
        let a = assess(&figures, &tolerances, &statements, &policy);
        prop_assert!(a.exceptions.is_empty(), "{:?}", a.exceptions);
        prop_assert_ne!(a.rag, Rag::Red);
    }

    #[test]
    fn rag_is_red_exactly_when_there_is_an_exception(
        time_days in prop::option::of(0u32..400),
        slip in prop::option::of(-800i64..800),
        baseline in prop::option::of(0i64..1_000_000),
        forecast in 0i64..2_000_000,
        cost in prop::option::of(prop_oneof![
            (0i64..500_000).prop_map(|p| CostTolerance::Amount(Money::from_pence(p))),
            (0u32..5_000).prop_map(|bp| CostTolerance::PercentOfBaseline(Percent::from_basis_points(bp))),
        ]),
        kinds in prop::collection::vec(prop::option::of(prop_oneof![
            Just(SituationKind::Unaffected), Just(SituationKind::Within), Just(SituationKind::Exceeded)
        ]), 6),
        amber_share in 0u32..=10_000,
    ) {
        let planned_end = NaiveDate::from_ymd_opt(2030, 6, 30).unwrap();
        let figures = Figures {
            budget: baseline.map(|b| BudgetFigures {
                baseline: Money::from_pence(b),
                spend_to_date: Money::ZERO,
                forecast_at_completion: Money::from_pence(forecast),
            }),
            schedule: slip.map(|s| ScheduleFigures::from_slippage(planned_end, s)),
            no_budget_held: false,
        };
        let tolerances = Tolerances { time_days, cost, ..Default::default() };
        let st = |k: Option<SituationKind>| ToleranceStatement { situation: k, note: None };
        let statements = ToleranceReport {
            time: st(kinds[0]), cost: st(kinds[1]), quality: st(kinds[2]),
            scope: st(kinds[3]), risk: st(kinds[4]), benefit: st(kinds[5]),
        };
        let policy = RagPolicy { amber_share_of_tolerance: Percent::from_basis_points(amber_share) };
        let a = assess(&figures, &tolerances, &statements, &policy);
        prop_assert_eq!(a.rag == Rag::Red, !a.exceptions.is_empty());
        let worst_dimension = highlight_domain::Dimension::ALL
            .iter()
            .filter_map(|d| a.dimension(*d))
            .map(|d| d.rag)
            .fold(Rag::Green, Rag::worst);
        prop_assert_eq!(a.rag, worst_dimension, "every cell agrees with the overall RAG");
        let word = match a.rag { Rag::Red => "Red", Rag::Amber => "Amber", Rag::Green => "Green" };
        prop_assert!(a.explanation.starts_with(word), "{}", a.explanation);
    }

    #[test]
    fn reminders_due_are_deterministic_and_stay_due_until_submission(
        cycle in preset_cycle(),
        start in 0u64..25_000,
        t1_minutes in 0i64..(60 * 24 * 120),
        later_minutes in 0i64..(60 * 24 * 120),
        before in 0u32..=10,
        every in 0u32..=10,
        escalate in 1u32..=10,
    ) {
        let cal = calendar();
        let Some(due) = cycle.next_due_date_on_or_after(date_from(start), London, cal) else {
            return Ok(());
        };
        let period = cycle.period_due_on(due, London, cal);
        let policy = ReminderPolicy {
            before_due_working_days: before,
            repeat_overdue_every_working_days: every,
            escalate_after_working_days_overdue: escalate,
            ..ReminderPolicy::default()
        };
        let opened = period.opens_at(London) - TimeDelta::days(10);
        let t1 = opened + TimeDelta::minutes(t1_minutes);
        let t2 = t1 + TimeDelta::minutes(later_minutes);
        let at = |t: DateTime<Utc>| {
            let status = report_status(&period, None, t, London);
            reminders_due(&period, status, t, London, cal, &policy)
        };
        let first = at(t1);
        prop_assert_eq!(&first, &at(t1));
        let keys = |r: &[highlight_domain::DueReminder]| -> BTreeSet<(String, NaiveDate)> {
            r.iter().map(|r| (r.key(), r.send_on)).collect()
        };
        let later = keys(&at(t2));
        let earlier = keys(&first);
        prop_assert!(earlier.is_subset(&later), "{earlier:?} not within {later:?}");
        prop_assert_eq!(earlier.len(), first.len(), "keys repeat");
        for r in &first {
            prop_assert!(r.send_on <= highlight_domain::local_date(t1, London));
        }
        let submitted = reminders_due(&period, ReportStatus::Submitted, t2, London, cal, &policy);
        prop_assert!(submitted.is_empty());
    }

    #[test]
    fn overdue_is_exactly_past_the_local_deadline_without_submission(
        due_offset in 0u64..30_000,
        minutes in -(60i64 * 48)..(60 * 48),
        submitted in any::<bool>(),
    ) {
        let due = date_from(due_offset);
        let period = ReportingPeriod { covers_from: due, due_date: due };
        let now = period.deadline(London) + TimeDelta::minutes(minutes);
        let submitted_at = submitted.then_some(now);
        let overdue = highlight_domain::is_overdue(&period, submitted_at, now, London);
        prop_assert_eq!(overdue, !submitted && minutes >= 0);
        // the deadline is the first instant whose local date is after the due date
        prop_assert_eq!(highlight_domain::local_date(period.deadline(London), London), due.succ_opt().unwrap());
        prop_assert_eq!(highlight_domain::local_date(period.deadline(London) - TimeDelta::seconds(1), London), due);
    }
}

/// Writes a value as the store does (serde_json) and reads it back.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(
    value: &T,
) -> Result<(), TestCaseError> {
    let json = serde_json::to_string(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let read: T = serde_json::from_str(&json)
        .map_err(|e| TestCaseError::fail(format!("{e}: the product wrote {json}")))?;
    prop_assert_eq!(&read, value, "read back differently from {}", json);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_assessment_of_any_figures_round_trips(
        figures in figures(),
        tolerances in stored_tolerances(),
        statements in tolerance_report(),
        policy in policy(),
    ) {
        let a: Assessment = assess(&figures, &tolerances, &statements, &policy);
        round_trip(&a)?;
    }

    #[test]
    fn every_assessment_of_any_report_against_any_pid_round_trips(
        content in content(),
        pid in pid(),
        policy in policy(),
    ) {
        round_trip(&assess_report(&content, &pid, &policy))?;
    }

    #[test]
    fn every_report_content_round_trips(content in content()) {
        round_trip(&content)?;
    }

    #[test]
    fn every_reporting_cycle_round_trips(cycle in preset_cycle()) {
        round_trip(&cycle)?;
    }

    #[test]
    fn every_set_of_tolerances_round_trips(tolerances in stored_tolerances()) {
        round_trip(&tolerances)?;
    }

    #[test]
    fn every_reminder_policy_round_trips(policy in reminder_policy()) {
        round_trip(&policy)?;
    }

    #[test]
    fn every_pid_round_trips(pid in pid()) {
        round_trip(&pid)?;
    }

    #[test]
    fn every_rag_policy_round_trips(policy in policy()) {
        round_trip(&policy)?;
    }
}
