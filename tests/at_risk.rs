//! Keeping the standard (issue 4): criteria a commune meets today but loses
//! by the horizon unless `at_risk.csv`'s upkeep is paid. An unpaid one
//! counts as unmet in every output; a paid one counts as met and its cost
//! is in the plan, marked `maintenance`.

mod fixture;

use std::collections::BTreeMap;
use std::path::Path;

use fixture::{Fixture, assert_no_panic, stderr};
use serde_json::Value;

/// Rows of an output CSV as maps from header to cell.
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).expect("the file");
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            header
                .iter()
                .map(|h| h.to_string())
                .zip(l.split(',').map(str::to_string))
                .collect()
        })
        .collect()
}

fn commune<'a>(rows: &'a [BTreeMap<String, String>], id: &str) -> &'a BTreeMap<String, String> {
    rows.iter()
        .find(|r| r["commune_id"] == id)
        .expect("the commune")
}

fn summary(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

fn plan_ok(f: &Fixture) {
    let out = f.plan();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "stderr:\n{}", stderr(&out));
}

/// C2 (Alpha) lacks only `income` (200); C3 (Beta) lacks only `transport`
/// (800). With `poverty` at risk in C2 and money for everything, the plan
/// maintains it, so C2 still meets the standard, and the upkeep is a
/// `maintenance` row of plan.csv.
#[test]
fn a_paid_criterion_at_risk_counts_as_met_and_is_in_the_plan() {
    let f = Fixture::new();
    f.write("at_risk.csv", "commune_id,criterion,cost\nC2,poverty,40\n");
    f.replace(
        "sources.csv",
        "central,Central NTM,2024,600,,",
        "central,Central NTM,2024,5000,,",
    );
    plan_ok(&f);
    let plan = rows(&f.out().join("plan.csv"));
    let upkeep: Vec<_> = plan
        .iter()
        .filter(|r| r["commune_id"] == "C2" && r["criterion"] == "poverty")
        .collect();
    assert!(!upkeep.is_empty(), "the upkeep is paid: {plan:?}");
    assert!(upkeep.iter().all(|r| r["purpose"] == "maintenance"));
    let paid: f64 = upkeep
        .iter()
        .map(|r| r["amount"].parse::<f64>().unwrap())
        .sum();
    assert_eq!(paid, 40.0);
    assert!(
        plan.iter()
            .filter(|r| r["criterion"] != "poverty")
            .all(|r| r["purpose"] == "new")
    );

    let communes = rows(&f.out().join("communes.csv"));
    let c2 = commune(&communes, "C2");
    assert_eq!(c2["criteria_before"], "18", "poverty is met today");
    assert_eq!(c2["criteria_after"], "19");
    assert_eq!(c2["criteria_at_risk"], "1");
    assert_eq!(c2["criteria_lost"], "0");
    assert_eq!(c2["maintenance_cost"], "40");
    let s = summary(&f.out());
    assert_eq!(s["maintenance_cost"], 40.0);
    assert_eq!(s["criteria_lost"], 0);
    let report = std::fs::read_to_string(f.out().join("report.md")).unwrap();
    assert!(report.contains("Keeping the standard"), "{report}");
}

/// C4 meets today everything but health and environment. With `labour` at
/// risk there and no source eligible to pay for labour, the criterion is
/// lost: one fewer criterion at the horizon than the same plan without the
/// risk, and C4 cannot meet the standard.
#[test]
fn an_unpaid_criterion_at_risk_counts_as_unmet_everywhere() {
    let base = Fixture::new();
    base.replace(
        "eligibility.csv",
        "central,*",
        "central,transport\ncentral,schools\ncentral,income\ncentral,health\ncentral,environment",
    );
    base.replace("eligibility.csv", "district,*", "district,transport");
    plan_ok(&base);
    let before = summary(&base.out());

    let f = Fixture::new();
    f.replace(
        "eligibility.csv",
        "central,*",
        "central,transport\ncentral,schools\ncentral,income\ncentral,health\ncentral,environment",
    );
    f.replace("eligibility.csv", "district,*", "district,transport");
    f.write("at_risk.csv", "commune_id,criterion,cost\nC4,labour,10\n");
    plan_ok(&f);
    let after = summary(&f.out());

    assert_eq!(after["criteria_lost"], 1);
    assert_eq!(after["maintenance_cost"], 0.0);
    assert_eq!(
        after["criteria_met_total"].as_u64().unwrap() + 1,
        before["criteria_met_total"].as_u64().unwrap(),
        "the lost criterion is one fewer at the horizon"
    );
    let communes = rows(&f.out().join("communes.csv"));
    let c4 = commune(&communes, "C4");
    assert_eq!(c4["criteria_before"], "17");
    assert_eq!(c4["meets_standard_after"], "0");
    assert_eq!(c4["criteria_lost"], "1");
    let plan = rows(&f.out().join("plan.csv"));
    assert!(!plan.iter().any(|r| r["criterion"] == "labour"));
}

/// A commune that meets the standard today but has a criterion at risk is
/// counted as meeting it before the plan, and as meeting it after only when
/// the upkeep is paid.
#[test]
fn a_commune_at_the_standard_keeps_it_only_when_maintained() {
    let f = Fixture::new();
    // C2's only gap is income; give it a budget so small nothing else fits.
    f.write(
        "gaps.csv",
        "commune_id,criterion,cost,earliest_year\nC1,transport,500,\n",
    );
    f.write(
        "at_risk.csv",
        "commune_id,criterion,cost\nC2,poverty,30\nC3,labour,5000\n",
    );
    plan_ok(&f);
    let communes = rows(&f.out().join("communes.csv"));
    let c2 = commune(&communes, "C2");
    assert_eq!(c2["meets_standard_before"], "1");
    assert_eq!(c2["meets_standard_after"], "1", "30 is affordable: kept");
    let c3 = commune(&communes, "C3");
    assert_eq!(c3["meets_standard_before"], "1");
    assert_eq!(
        c3["meets_standard_after"], "0",
        "5,000 is more than all the money"
    );
    assert_eq!(c3["criteria_after"], "18");
}

fn bad(f: &Fixture, line: usize, column: usize, phrase: &str) {
    for out in [f.check(), f.plan()] {
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "stderr:\n{}", stderr(&out));
        let err = stderr(&out);
        let place = format!(
            "error: {}:{line}:{column}: ",
            f.data("at_risk.csv").display()
        );
        assert!(err.starts_with(&place), "expected `{place}`:\n{err}");
        assert!(err.contains(phrase), "expected `{phrase}`:\n{err}");
        assert_eq!(err.lines().count(), 1);
    }
    assert!(!f.out().exists(), "nothing written");
}

#[test]
fn at_risk_unknown_commune() {
    let f = Fixture::new();
    f.write("at_risk.csv", "commune_id,criterion,cost\nC9,poverty,30\n");
    bad(&f, 2, 1, "unknown commune `C9`");
}

#[test]
fn at_risk_unknown_criterion() {
    let f = Fixture::new();
    f.write("at_risk.csv", "commune_id,criterion,cost\nC2,wealth,30\n");
    bad(&f, 2, 2, "unknown criterion `wealth`");
}

#[test]
fn at_risk_duplicate_row() {
    let f = Fixture::new();
    f.write(
        "at_risk.csv",
        "commune_id,criterion,cost\nC2,poverty,30\nC2,poverty,40\n",
    );
    bad(&f, 3, 2, "already at risk on line 2");
}

#[test]
fn at_risk_criterion_not_met_today() {
    let f = Fixture::new();
    f.write("at_risk.csv", "commune_id,criterion,cost\nC2,income,30\n");
    bad(&f, 2, 2, "does not meet `income` today");
}

#[test]
fn at_risk_negative_cost() {
    let f = Fixture::new();
    f.write("at_risk.csv", "commune_id,criterion,cost\nC2,poverty,-30\n");
    bad(&f, 2, 3, "must be greater than 0");
}

#[test]
fn at_risk_missing_column() {
    let f = Fixture::new();
    f.write("at_risk.csv", "commune_id,criterion\nC2,poverty\n");
    bad(&f, 1, 3, "missing column `cost`");
}

#[test]
fn the_newly_table_lists_exactly_the_communes_the_plan_brings_to_the_standard() {
    // On the default data, 20 communes at the standard today only keep it
    // (their criteria at risk are paid); the table lists the others.
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/lai-chau-2025.toml");
    let scenario = ntm::scenario::Scenario::read(&path).expect("valid");
    let instance = ntm::instance::Instance::load(&scenario).expect("valid");
    let run = ntm::run::plan(&instance, &scenario).expect("plans");
    let gain = run
        .outcome
        .communes
        .iter()
        .filter(|o| o.meets_after && !o.meets_before)
        .count();
    let before = run
        .outcome
        .communes
        .iter()
        .filter(|o| o.meets_before)
        .count();
    assert_eq!(gain, run.outcome.communes_meeting_standard - before);
    let document =
        ntm::report::plan::plan_document(&instance, &scenario, &run, ntm::lang::Lang::En);
    let newly = document
        .parts_for(ntm::report::Format::Md)
        .find_map(|block| match block {
            ntm::report::doc::Block::Table(t) if t.id == "newly" => Some(t),
            _ => None,
        })
        .expect("a table of communes newly at the standard");
    assert_eq!(
        newly.rows.len(),
        gain,
        "one row per commune newly at the standard"
    );
    assert!(gain > 0 && gain < 56, "{gain}");
}
