//! Proptest strategies for every domain value the product stores, including the
//! largest and oddest values a type can hold (not only what a person may type), shared
//! by the domain's property tests and the store's round-trip tests.
//!
//! Behind the `strategies` feature: only tests turn it on.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use crate::*;

/// 1 January 2000, where generated dates start.
pub fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).expect("a real date")
}

/// The day `offset` days after [`base`].
pub fn date_from(offset: u64) -> NaiveDate {
    base()
        .checked_add_days(Days::new(offset))
        .expect("within range")
}

pub fn nth() -> impl Strategy<Value = NthWorkingDay> {
    (1u8..=20).prop_map(|n| NthWorkingDay::new(n).expect("1 to 20"))
}

/// Every kind of reporting cycle a programme can choose.
pub fn preset_cycle() -> impl Strategy<Value = ReportingCycle> {
    prop_oneof![
        nth().prop_map(|n| ReportingCycle::MonthlyOnWorkingDay { n }),
        (
            nth(),
            prop_oneof![Just(MonthParity::Odd), Just(MonthParity::Even)]
        )
            .prop_map(|(n, months)| ReportingCycle::BiMonthly { n, months }),
        nth().prop_map(|n| ReportingCycle::Quarterly { n }),
        prop::collection::vec(0u64..30_000, 1..12)
            .prop_map(|offsets| ReportingCycle::board_dates(offsets.into_iter().map(date_from))),
        prop_oneof![
            Just("0 9 1 * *"),
            Just("0 9 * * 1"),
            Just("30 1 25 * *"),
            Just("0 9 1,15 * *"),
            Just("0 17 * * 5"),
        ]
        .prop_map(|c| c.parse::<ReportingCycle>().unwrap()),
    ]
}

/// Free text as a parsed draft holds it: anything a person may type, in the domain's
/// normal form ([`crate::text::normalise`]: no control characters but line breaks and
/// tabs).
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        ".{0,30}",
        "\\PC{0,12}\"\\\\\n\t",
        "[\\x00-\\x1f\\x7f a-z]{0,20}",
    ]
    .prop_map(|t| crate::text::normalise(&t))
}

/// Text as anything may send it, before the normal form: arbitrary Unicode with the
/// characters that break documents and spreadsheets mixed in — C0 and C1 controls, NUL,
/// Word's vertical tab, the line and paragraph separators, the two non-characters XML
/// 1.0 cannot hold (U+FFFE, U+FFFF), a byte-order mark — and often a leading formula
/// character (`= + - @`, tab, CR) as a spreadsheet would read one.
pub fn hostile_text() -> impl Strategy<Value = String> {
    let nasty = prop_oneof![
        Just('\u{0}'),
        Just('\u{b}'),
        Just('\u{c}'),
        Just('\r'),
        Just('\n'),
        Just('\t'),
        Just('\u{1b}'),
        Just('\u{7f}'),
        Just('\u{85}'),
        Just('\u{2028}'),
        Just('\u{2029}'),
        Just('\u{feff}'),
        Just('\u{fffe}'),
        Just('\u{ffff}'),
        Just('\u{d7ff}'),
        Just('\u{e000}'),
        Just('\u{10ffff}'),
        Just('<'),
        Just('&'),
        Just('"'),
        Just(' '),
    ];
    let chars = proptest::collection::vec(
        prop_oneof![3 => any::<char>(), 2 => nasty, 2 => proptest::char::range('a', 'z')],
        0..40,
    );
    let lead = prop_oneof![
        Just(""),
        Just("="),
        Just("+"),
        Just("-"),
        Just("@"),
        Just("\t"),
        Just("\r"),
        Just("=HYPERLINK(\"http://example.test\",\"x\")"),
    ];
    (lead, chars).prop_map(|(lead, chars)| {
        let mut text = lead.to_owned();
        text.extend(chars);
        text
    })
}

pub fn date() -> impl Strategy<Value = NaiveDate> {
    (0u64..60_000).prop_map(date_from)
}

/// Everyday amounts, and amounts up to the `i64` limits either way.
pub fn money() -> impl Strategy<Value = Money> {
    prop_oneof![
        (-1_000_000_000i64..1_000_000_000).prop_map(Money::from_pence),
        any::<i64>().prop_map(Money::from_pence),
        Just(Money::from_pounds(1_000_000_000)),
        Just(Money::ZERO),
    ]
}

/// Every percentage a `Percent` can hold, not only what a person may type.
pub fn percent() -> impl Strategy<Value = Percent> {
    prop_oneof![
        (0u32..=100_000).prop_map(Percent::from_basis_points),
        any::<u32>().prop_map(Percent::from_basis_points),
    ]
}

pub fn cost_tolerance() -> impl Strategy<Value = CostTolerance> {
    prop_oneof![
        money().prop_map(CostTolerance::Amount),
        percent().prop_map(CostTolerance::PercentOfBaseline),
    ]
}

pub fn stored_tolerances() -> impl Strategy<Value = Tolerances> {
    (
        prop::option::of(prop_oneof![0u32..400, any::<u32>()]),
        prop::option::of(cost_tolerance()),
        prop::collection::vec(prop::option::of(text()), 4),
    )
        .prop_map(|(time_days, cost, mut text)| Tolerances {
            time_days,
            cost,
            benefit: text.pop().flatten(),
            risk: text.pop().flatten(),
            scope: text.pop().flatten(),
            quality: text.pop().flatten(),
        })
}

pub fn statement() -> impl Strategy<Value = ToleranceStatement> {
    (
        prop::option::of(prop::sample::select(SituationKind::ALL)),
        prop::option::of(text()),
    )
        .prop_map(|(situation, note)| ToleranceStatement { situation, note })
}

pub fn tolerance_report() -> impl Strategy<Value = ToleranceReport> {
    prop::collection::vec(statement(), 6).prop_map(|mut s| ToleranceReport {
        benefit: s.pop().unwrap(),
        risk: s.pop().unwrap(),
        scope: s.pop().unwrap(),
        quality: s.pop().unwrap(),
        cost: s.pop().unwrap(),
        time: s.pop().unwrap(),
    })
}

/// Figures from on plan to absurdly far off it: any baseline and forecast, and
/// forecast ends tens of thousands of days either side of the plan.
pub fn figures() -> impl Strategy<Value = Figures> {
    let budget =
        (money(), money(), money()).prop_map(|(baseline, spend, forecast)| BudgetFigures {
            baseline: baseline.abs(),
            spend_to_date: spend,
            forecast_at_completion: forecast,
        });
    let schedule = (date(), prop_oneof![-100i64..100, -60_000i64..60_000])
        .prop_map(|(planned_end, slip)| ScheduleFigures::from_slippage(planned_end, slip));
    (
        prop::option::of(budget),
        prop::option::of(schedule),
        any::<bool>(),
    )
        .prop_map(|(budget, schedule, no_budget_held)| Figures {
            budget,
            schedule,
            no_budget_held,
        })
}

pub fn policy() -> impl Strategy<Value = RagPolicy> {
    percent().prop_map(|amber_share_of_tolerance| RagPolicy {
        amber_share_of_tolerance,
    })
}

pub fn budget_status() -> impl Strategy<Value = BudgetStatus> {
    prop_oneof![
        money().prop_map(BudgetStatus::Underspend),
        Just(BudgetStatus::OnBudget),
        money().prop_map(BudgetStatus::Overspend),
        Just(BudgetStatus::NotApplicable),
    ]
}

pub fn schedule_status() -> impl Strategy<Value = ScheduleStatus> {
    prop_oneof![
        prop::option::of(any::<u32>()).prop_map(|days| ScheduleStatus::Ahead { days }),
        Just(ScheduleStatus::OnSchedule),
        prop::option::of(any::<u32>()).prop_map(|days| ScheduleStatus::Behind { days }),
    ]
}

pub fn status_grid() -> impl Strategy<Value = StatusGrid> {
    let rag = || prop::option::of(prop::sample::select(Rag::ALL));
    let pair = move || {
        (rag(), rag()).prop_map(|(this_period, last_period)| RagPair {
            this_period,
            last_period,
        })
    };
    prop::collection::vec(pair(), 7).prop_map(|mut p| StatusGrid {
        risk: p.pop().unwrap(),
        benefit: p.pop().unwrap(),
        quality: p.pop().unwrap(),
        scope: p.pop().unwrap(),
        cost: p.pop().unwrap(),
        time: p.pop().unwrap(),
        overall: p.pop().unwrap(),
    })
}

pub fn stage_number() -> impl Strategy<Value = StageNumber> {
    (1u32..=99).prop_map(|n| StageNumber::new(n).unwrap())
}

pub fn content() -> impl Strategy<Value = HighlightReportContent> {
    let period = (date(), 0u64..400).prop_map(|(covers_from, days)| ReportingPeriod {
        covers_from,
        due_date: covers_from.checked_add_days(Days::new(days)).unwrap(),
    });
    let budget = (
        prop::option::of(budget_status()),
        prop::option::of(money()),
        prop::option::of(money()),
    );
    let schedule = (
        prop::option::of(schedule_status()),
        prop::option::of(date()),
        prop::option::of(any::<i32>()),
        prop::option::of(text()),
    );
    let sections = prop::collection::vec(prop::option::of(text()), 8);
    let products = (
        prop::collection::vec(text(), 0..4),
        prop::collection::vec(text(), 0..4),
    );
    (
        stage_number(),
        period,
        budget,
        schedule,
        tolerance_report(),
        status_grid(),
        products,
        sections,
    )
        .prop_map(
            |(stage, period, budget, schedule, tolerances, grid, products, mut sections)| {
                let mut c = HighlightReportContent::empty(stage, period);
                (
                    c.budget.stated,
                    c.budget.spend_to_date,
                    c.budget.forecast_at_completion,
                ) = budget;
                (
                    c.schedule.stated,
                    c.schedule.forecast_end,
                    c.schedule.slippage_days,
                    c.schedule.note,
                ) = schedule;
                c.tolerances = tolerances;
                c.status_grid = grid;
                (c.products_completed, c.products_planned_next) = products;
                c.lessons = sections.pop().flatten();
                c.requests_for_change = sections.pop().flatten();
                c.barriers = sections.pop().flatten();
                c.interdependencies = sections.pop().flatten();
                c.change_impact = sections.pop().flatten();
                c.issues_status = sections.pop().flatten();
                c.risk_update = sections.pop().flatten();
                c.problems = sections.pop().flatten();
                c
            },
        )
}

pub fn pid() -> impl Strategy<Value = Pid> {
    let deliverable = (
        text(),
        prop::option::of(date()),
        prop::option::of(text()),
        prop::option::of(date()),
    )
        .prop_map(|(name, target_date, target_label, done_on)| Deliverable {
            name,
            target_date,
            target_label,
            done_on,
        });
    let stage = (stage_number(), text(), date(), 0u64..2_000).prop_map(
        |(number, name, starts_on, days)| Stage {
            number,
            name,
            starts_on,
            ends_on: starts_on.checked_add_days(Days::new(days)).unwrap(),
        },
    );
    let approval = (text(), date()).prop_map(|(agreed_by, agreed_on)| Approval {
        agreed_by,
        agreed_on,
    });
    (
        (
            1u32..50,
            // A blank summary is parsed as none.
            prop::option::of(text().prop_filter("not blank", |t| !t.is_empty())),
        ),
        prop::collection::vec(deliverable, 0..4),
        prop::collection::vec(stage, 0..4),
        prop::option::of(money().prop_map(Money::abs)),
        stored_tolerances(),
        prop::option::of(date()),
        prop::option::of(approval),
        prop::option::of(text()),
    )
        .prop_map(
            |(
                (version, summary),
                deliverables,
                mut stages,
                baseline_budget,
                tolerances,
                planned_end,
                approval,
                rebaseline_reason,
            )| {
                // As a parsed PID holds them: in stage order, each number once.
                stages.sort_by_key(|s| s.number);
                stages.dedup_by_key(|s| s.number);
                Pid {
                    version,
                    summary,
                    deliverables,
                    stages,
                    baseline_budget,
                    tolerances,
                    planned_end,
                    approval,
                    rebaseline_reason,
                }
            },
        )
}

pub fn reminder_policy() -> impl Strategy<Value = ReminderPolicy> {
    use chrono::Weekday::{Fri, Mon, Sat, Sun, Thu, Tue, Wed};
    (
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        prop::sample::select(vec![Mon, Tue, Wed, Thu, Fri, Sat, Sun]),
    )
        .prop_map(|(before, every, escalate, digest_weekday)| ReminderPolicy {
            before_due_working_days: before,
            repeat_overdue_every_working_days: every,
            escalate_after_working_days_overdue: escalate,
            digest_weekday,
        })
}
