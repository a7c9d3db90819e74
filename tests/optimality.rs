//! The optimizer against exhaustive enumeration, on hundreds of small random
//! instances written as real scenario files.
//!
//! For each instance the three tier values of `run::plan` (weighted
//! communes, criteria met, money) must equal the lexicographic optimum
//! found by enumerating every assignment of gaps to years (see
//! `exhaustive::Exhaustive`); plans the CLI writes are re-checked from the files
//! alone; and enforced targets are met exactly when enumeration says they
//! can be.
//!
//! `NTM_OPTIMALITY_INSTANCES=N` runs N instances instead of the default, and
//! `NTM_OPTIMALITY_FIRST_SEED=S` starts the seeds at S (a failure prints its
//! seed, so `..._FIRST_SEED=S ..._INSTANCES=1` replays it).

mod exhaustive;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use exhaustive::{Exhaustive, Rule, Spec, Targets, Value, dump, recheck};
use ntm::instance::Instance;
use ntm::run::{self, PlanRun, RunError};
use ntm::scenario::Scenario;

fn seeds(base: u64, default_count: u64) -> std::ops::Range<u64> {
    let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let first = var("NTM_OPTIMALITY_FIRST_SEED").unwrap_or(base);
    first..first + var("NTM_OPTIMALITY_INSTANCES").unwrap_or(default_count)
}

fn load(path: &Path) -> Result<(Scenario, Instance), String> {
    let scenario = Scenario::read(path).map_err(|e| e.to_string())?;
    let instance = Instance::load(&scenario).map_err(|e| e.to_string())?;
    Ok((scenario, instance))
}

/// Differences between what `run::plan` achieved and the enumerated optimum.
fn compare(run: &PlanRun, best: &Value) -> Vec<String> {
    let o = &run.outcome;
    let mut diffs = Vec::new();
    if (o.weighted_communes - best.weighted()).abs() >= 1e-6 {
        diffs.push(format!(
            "weighted_communes: optimizer {}, enumeration {}",
            o.weighted_communes,
            best.weighted()
        ));
    }
    if o.criteria_met_total != best.criteria_met {
        diffs.push(format!(
            "criteria_met_total: optimizer {}, enumeration {}",
            o.criteria_met_total, best.criteria_met
        ));
    }
    if o.total_cost.dong() != best.cost {
        diffs.push(format!(
            "total_cost: optimizer {} đồng, enumeration {} đồng",
            o.total_cost.dong(),
            best.cost
        ));
    }
    if !run.selection.is_optimal() {
        diffs.push(format!("not proven optimal: {:?}", run.selection.tiers));
    }
    diffs
}

fn report(failures: &[String], total: usize) {
    assert!(
        failures.is_empty(),
        "{} of {total} instances failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Tiny cases whose answers are known by hand, so the enumeration itself is
/// checked before it judges the optimizer.
#[test]
fn enumeration_agrees_with_hand_worked_cases() {
    let mut spec = Spec::random(0);
    spec.years = vec![2024];
    spec.districts = vec!["A".into()];
    spec.criteria = vec!["k1".into(), "k2".into()];
    spec.communes = (0..2)
        .map(|i| exhaustive::Commune {
            id: format!("c{i}"),
            name: format!("c{i}"),
            district: 0,
            especially_difficult: i == 1,
            weight: 1.0,
        })
        .collect();
    let gap = |commune, criterion, cost| exhaustive::Gap {
        commune,
        criterion,
        cost,
        earliest_year: 2024,
        write_earliest: false,
        at_risk: false,
        village: None,
    };
    // c0 lacks k1 (5); c1 lacks k1 (5). Two pools of 6 and 4, both eligible:
    // 10 is enough for both only when payments may be split.
    spec.gaps = vec![gap(0, 0, 5), gap(1, 0, 5)];
    let row = |amount, only_especially_difficult| exhaustive::SourceRow {
        year: 2024,
        district: None,
        only_especially_difficult,
        amount,
    };
    let source = |id: &str, amount, only_ed| exhaustive::Source {
        id: id.into(),
        all_criteria: true,
        eligible: vec![true, true],
        rows: vec![row(amount, only_ed)],
        factor: None,
    };
    spec.sources = vec![source("a", 6, false), source("b", 4, false)];
    spec.land = None;
    spec.adjust_cost = None;
    let e = Exhaustive::new(&spec);
    let best = e.optimum(|_| true).unwrap();
    assert_eq!(
        (best.communes_meeting, best.criteria_met, best.cost),
        (2, 4, 10_000_000)
    );

    // Pool b only for especially difficult communes: c0 can draw on a alone
    // (6), c1 on both; 5 + 5 ≤ 10 and c0's 5 ≤ 6, so still both.
    spec.sources[1].rows[0].only_especially_difficult = true;
    let e = Exhaustive::new(&spec);
    assert_eq!(e.optimum(|_| true).unwrap().communes_meeting, 2);

    // Now a holds 4 and b 6 (especially difficult only): c0 can reach only
    // a (4 < 5), so only c1 can be funded.
    spec.sources[0].rows[0].amount = 4;
    spec.sources[1].rows[0].amount = 6;
    let e = Exhaustive::new(&spec);
    let best = e.optimum(|_| true).unwrap();
    assert_eq!((best.communes_meeting, best.cost), (1, 5_000_000));

    // Hall on a set of pools: a pays only k1, b only k2; c0 lacks k1 (3) and
    // k2 (3), c1 lacks k1 (2). a holds 4 (k1: 3 + 2 = 5 > 4), b holds 6.
    spec.sources[1].rows[0].only_especially_difficult = false;
    spec.sources[0].eligible = vec![true, false];
    spec.sources[0].all_criteria = false;
    spec.sources[1].eligible = vec![false, true];
    spec.sources[1].all_criteria = false;
    spec.gaps = vec![gap(0, 0, 3), gap(0, 1, 3), gap(1, 0, 2)];
    let e = Exhaustive::new(&spec);
    let best = e.optimum(|_| true).unwrap();
    // Either c0 complete (3 + 3) or c1 complete (2) plus c0's k2 (3): both
    // give one commune and two criteria funded (c1 met k2 already); the
    // second costs less.
    assert_eq!(
        (best.communes_meeting, best.criteria_met, best.cost),
        (1, 1 + 2, 5_000_000)
    );

    // Two years with the second gap allowed only in the second year: the
    // same pool's money each year.
    spec.years = vec![2024, 2025];
    let second = exhaustive::SourceRow {
        year: 2025,
        ..spec.sources[0].rows[0].clone()
    };
    spec.sources[0].rows.push(second);
    spec.gaps[2].earliest_year = 2025;
    let e = Exhaustive::new(&spec);
    let best = e.optimum(|_| true).unwrap();
    assert_eq!((best.communes_meeting, best.criteria_met), (2, 4));
}

#[test]
fn tier_values_equal_exhaustive_enumeration() {
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut count = 0;
    let (mut two_years, mut land, mut adjusted, mut exact_fits) = (0, 0, 0, 0);
    let (mut gaps, mut funded, mut partial) = (0, 0, 0);
    let (mut weights_decide, mut money_decides) = (0, 0);
    let mut per_rule = [0usize; 3];
    let mut rules_differ = 0;
    for seed in seeds(0, 1500) {
        count += 1;
        let spec = Spec::random(seed);
        let dir = tempfile::tempdir().unwrap();
        let path = spec.write(dir.path());
        let (scenario, instance) = match load(&path) {
            Ok(x) => x,
            Err(e) => {
                failures.push(format!(
                    "seed {seed}: does not load: {e}\n{}",
                    dump(dir.path())
                ));
                continue;
            }
        };
        let exhaustive = Exhaustive::new(&spec);
        let best = exhaustive
            .optimum(|_| true)
            .expect("funding nothing is possible");
        match run::plan(&instance, &scenario) {
            Err(e) => failures.push(format!("seed {seed}: {e}\n{}", dump(dir.path()))),
            Ok(run) => {
                let diffs = compare(&run, &best);
                if !diffs.is_empty() {
                    failures.push(format!(
                        "seed {seed}: {}\n{}",
                        diffs.join("; "),
                        dump(dir.path())
                    ));
                }
                if run
                    .outcome
                    .pools
                    .iter()
                    .any(|p| !p.used.is_zero() && p.used == p.available)
                {
                    exact_fits += 1;
                }
            }
        }
        per_rule[spec.rule as usize] += 1;
        // A plan under a stricter rule keeps the looser ones, so the optima
        // can only improve from one_year to yearly to carry_over.
        if spec.years.len() == 2 {
            let key = |v: &Value| (v.weighted_halves, v.criteria_met, -v.cost);
            let under = |rule: Rule| {
                let mut other = spec.clone();
                other.rule = rule;
                let best = Exhaustive::new(&other).optimum(|_| true).unwrap();
                key(&best)
            };
            let (strict, yearly, carry) = (
                under(Rule::OneYear),
                under(Rule::Yearly),
                under(Rule::CarryOver),
            );
            if strict > yearly || yearly > carry {
                failures.push(format!(
                    "seed {seed}: optima not ordered by rule: one_year {strict:?}, yearly {yearly:?}, carry_over {carry:?}"
                ));
            }
            rules_differ += usize::from(strict != carry);
        }
        two_years += usize::from(spec.years.len() == 2);
        land += usize::from(spec.land.is_some());
        adjusted += usize::from(
            spec.adjust_cost.is_some()
                || spec.adjust_land.is_some()
                || spec.sources.iter().any(|s| s.factor.is_some()),
        );
        gaps += spec.gaps.len();
        funded += best.criteria_met - (spec.communes.len() * spec.criteria.len() - spec.gaps.len());
        partial += usize::from(best.criteria_met < spec.communes.len() * spec.criteria.len());
        // Whether the best plan by unweighted count is worse by weight.
        let by_count = exhaustive
            .achievable
            .iter()
            .enumerate()
            .filter(|(_, ok)| **ok)
            .map(|(m, _)| exhaustive.value(m))
            .max_by_key(|v| (v.communes_meeting, v.criteria_met, -v.cost))
            .unwrap();
        weights_decide += usize::from(by_count.weighted_halves < best.weighted_halves);
        money_decides += usize::from(exhaustive.achievable.iter().enumerate().any(|(m, ok)| {
            let v = exhaustive.value(m);
            *ok && (v.weighted_halves, v.criteria_met) == (best.weighted_halves, best.criteria_met)
                && v.cost > best.cost
        }));
    }
    eprintln!(
        "{count} instances in {:.1} s: {two_years} with two years, {land} with land revenue, \
         {adjusted} with multipliers; {gaps} gaps of which {funded} funded at the optimum; \
         {partial} instances cannot fund every gap; weights decide {weights_decide}, money \
         decides between equal tiers 1-2 in {money_decides}; {exact_fits} plans use some budget \
         line to the đồng; rules carry_over, yearly, one_year: {per_rule:?}, and the rules' \
         optima differ in {rules_differ}",
        started.elapsed().as_secs_f64()
    );
    assert!(
        per_rule.iter().all(|n| *n >= 300),
        "each payment rule needs hundreds of instances: {per_rule:?}"
    );
    assert!(
        rules_differ > 20,
        "the rules differ in only {rules_differ} instances"
    );
    report(&failures, count);
}

#[test]
fn written_plans_pass_an_independent_recheck() {
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut count = 0;
    for seed in seeds(100_000, 50) {
        count += 1;
        let spec = Spec::random(seed);
        let dir = tempfile::tempdir().unwrap();
        let path = spec.write(dir.path());
        let out = dir.path().join("out");
        let result = Command::new(env!("CARGO_BIN_EXE_ntm"))
            .arg("plan")
            .arg(&path)
            .arg("-o")
            .arg(&out)
            .arg("--quiet")
            .output()
            .unwrap();
        if !result.status.success() {
            failures.push(format!(
                "seed {seed}: ntm plan failed ({}): {}\n{}",
                result.status,
                String::from_utf8_lossy(&result.stderr),
                dump(dir.path())
            ));
            continue;
        }
        let best = Exhaustive::new(&spec).optimum(|_| true).unwrap();
        match recheck(&spec, &out) {
            Err(errors) => failures.push(format!(
                "seed {seed}: the written plan breaks rules:\n  {}\n{}",
                errors.join("\n  "),
                dump(dir.path())
            )),
            Ok(achieved) => {
                let same = (achieved.weighted - best.weighted()).abs() < 1e-6
                    && achieved.criteria_met == best.criteria_met
                    && achieved.cost == best.cost;
                if !same {
                    failures.push(format!(
                        "seed {seed}: the written plan achieves {achieved:?}, enumeration {best:?}\n{}",
                        dump(dir.path())
                    ));
                }
            }
        }

        // An enforced target one above the best reachable: exit code 3, no
        // plan written, only the diagnosis (issue 4).
        if seed % 3 == 0 {
            let most = Exhaustive::new(&spec).max_of(|v| v.communes_meeting);
            let targets = Targets {
                communes_meeting_standard: Some(most as u32 + 1),
                enforce: true,
                ..Targets::default()
            };
            let path = spec.write_scenario(dir.path(), "unreachable.toml", &targets);
            let out = dir.path().join("out-unreachable");
            let result = Command::new(env!("CARGO_BIN_EXE_ntm"))
                .arg("plan")
                .arg(&path)
                .arg("-o")
                .arg(&out)
                .output()
                .unwrap();
            let written: Vec<String> = std::fs::read_dir(&out)
                .map(|entries| {
                    let mut names: Vec<String> = entries
                        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                        .collect();
                    names.sort();
                    names
                })
                .unwrap_or_default();
            if result.status.code() != Some(3)
                || written != [".ntm-output", "diagnosis.md", "gap.csv"]
            {
                failures.push(format!(
                    "seed {seed}: unreachable target gave {} (written: {written:?}): {}\n{}",
                    result.status,
                    String::from_utf8_lossy(&result.stderr),
                    dump(dir.path())
                ));
            }
        }
    }
    eprintln!(
        "{count} plans written and re-checked in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    report(&failures, count);
}

/// Which target an instance enforces.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Communes,
    AverageCriteria,
    MinCriteria,
    District,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Communes => "communes_meeting_standard",
            Kind::AverageCriteria => "average_criteria",
            Kind::MinCriteria => "min_criteria_per_commune",
            Kind::District => "districts_meeting_standard",
        }
    }
}

#[test]
fn enforced_targets_are_met_exactly_when_reachable() {
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut count = 0;
    let (mut reachable_runs, mut unreachable_runs) = (0, 0);
    for seed in seeds(200_000, 400) {
        count += 1;
        let spec = Spec::random(seed);
        let dir = tempfile::tempdir().unwrap();
        spec.write_tables(dir.path());
        let exhaustive = Exhaustive::new(&spec);
        let n = spec.communes.len();
        let kind = [
            Kind::Communes,
            Kind::AverageCriteria,
            Kind::MinCriteria,
            Kind::District,
        ][(seed % 4) as usize];
        let district = (seed / 4 % spec.districts.len() as u64) as usize;

        // The best each target can reach alone, and the targets at and
        // just above it. The district target is one district, reachable
        // or not; when it is, all districts together may not be.
        let (best_alone, at, above): (usize, Targets, Option<Targets>) = match kind {
            Kind::Communes => {
                let m = exhaustive.max_of(|v| v.communes_meeting);
                let t = |r: usize| Targets {
                    communes_meeting_standard: Some(r as u32),
                    ..Targets::default()
                };
                (m, t(m), Some(t(m + 1)))
            }
            Kind::AverageCriteria => {
                let m = exhaustive.max_of(|v| v.criteria_met);
                let t = |r: usize| Targets {
                    average_criteria: Some(r as f64 / n as f64),
                    ..Targets::default()
                };
                (m, t(m), Some(t(m + 1)))
            }
            Kind::MinCriteria => {
                let m = exhaustive.max_of(|v| v.min_criteria);
                let t = |r: usize| Targets {
                    min_criteria_per_commune: Some(r as u32),
                    ..Targets::default()
                };
                (m, t(m), Some(t(m + 1)))
            }
            Kind::District => {
                let one = exhaustive.max_of(|v| usize::from(v.district_complete[district]));
                let all = exhaustive.max_of(|v| v.district_complete.iter().filter(|x| **x).count());
                let everything = (0..spec.districts.len()).collect::<Vec<_>>();
                let t = |districts: Vec<usize>| Targets {
                    districts_meeting_standard: districts,
                    ..Targets::default()
                };
                if one == 1 {
                    let above = (all < spec.districts.len()).then(|| t(everything));
                    (all, t(vec![district]), above)
                } else {
                    (one, t(vec![district]), None)
                }
            }
        };
        let meets = |v: &Value, t: &Targets| -> bool {
            t.communes_meeting_standard
                .is_none_or(|r| v.communes_meeting >= r as usize)
                && t.average_criteria
                    .is_none_or(|r| v.criteria_met as f64 + 1e-9 >= r * n as f64)
                && t.min_criteria_per_commune
                    .is_none_or(|r| v.min_criteria >= r as usize)
                && t.districts_meeting_standard
                    .iter()
                    .all(|d| v.district_complete[*d])
        };

        for (label, targets) in [("at", Some(at)), ("above", above)] {
            let Some(mut targets) = targets else { continue };
            targets.enforce = true;
            let path = spec.write_scenario(dir.path(), &format!("{label}.toml"), &targets);
            let (scenario, instance) = match load(&path) {
                Ok(x) => x,
                Err(e) => {
                    failures.push(format!(
                        "seed {seed}: does not load: {e}\n{}",
                        dump(dir.path())
                    ));
                    continue;
                }
            };
            let expected = exhaustive.optimum(|v| meets(v, &targets));
            let result = run::plan(&instance, &scenario);
            let context = format!("seed {seed}, {} target {label} the best", kind.name());
            match (expected, result) {
                (Some(best), Ok(run)) => {
                    reachable_runs += 1;
                    let mut diffs = compare(&run, &best);
                    if !run.outcome.targets.iter().all(|t| t.met) {
                        diffs.push(format!("targets not met: {:?}", run.outcome.targets));
                    }
                    if !diffs.is_empty() {
                        failures.push(format!(
                            "{context}: {}\n{}",
                            diffs.join("; "),
                            dump(dir.path())
                        ));
                    }
                }
                (None, Err(RunError::TargetsUnreachable(reach))) => {
                    unreachable_runs += 1;
                    let r = reach.iter().find(|r| r.name == kind.name());
                    let alone = match kind {
                        Kind::AverageCriteria => best_alone as f64 / n as f64,
                        _ => best_alone as f64,
                    };
                    let ok = reach.len() == 1
                        && r.is_some_and(|r| (r.best_alone - alone).abs() < 1e-9 && !r.reachable());
                    if !ok {
                        failures.push(format!(
                            "{context}: unreachable as expected, but reports {reach:?} \
                             (enumeration: best alone {alone})\n{}",
                            dump(dir.path())
                        ));
                    }
                }
                (Some(best), Err(e)) => failures.push(format!(
                    "{context}: enumeration reaches it ({best:?}) but the optimizer says: {e}\n{}",
                    dump(dir.path())
                )),
                (None, Err(e)) => failures.push(format!(
                    "{context}: expected TargetsUnreachable, got: {e}\n{}",
                    dump(dir.path())
                )),
                (None, Ok(run)) => failures.push(format!(
                    "{context}: enumeration says unreachable, but a plan came back: {:?}\n{}",
                    run.outcome.targets,
                    dump(dir.path())
                )),
            }
        }
    }
    eprintln!(
        "{count} instances, {reachable_runs} enforced plans and {unreachable_runs} unreachable \
         targets in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    report(&failures, count);
}

#[test]
fn schedules_equal_exhaustive_enumeration() {
    // For two-year instances, whatever the tiers fund: the communes (by
    // weight) at the standard by the end of the first year, then the
    // criteria met by then, equal the best schedule by enumeration.
    let started = Instant::now();
    let mut failures = Vec::new();
    let (mut count, mut checked, mut early) = (0, 0, 0);
    for seed in seeds(300_000, 1200) {
        let spec = Spec::random(seed);
        if spec.years.len() != 2 {
            continue;
        }
        count += 1;
        let dir = tempfile::tempdir().unwrap();
        let path = spec.write(dir.path());
        let Ok((scenario, instance)) = load(&path) else {
            continue;
        };
        let run = match run::plan(&instance, &scenario) {
            Ok(run) => run,
            Err(e) => {
                failures.push(format!("seed {seed}: {e}\n{}", dump(dir.path())));
                continue;
            }
        };
        // The plan's gaps, in the generator's numbering: by commune and
        // criterion, which the tables keep in the generator's order.
        let mut funded = 0usize;
        let mut finished_first = 0usize;
        for (i, year) in run.outcome.funded_year.iter().enumerate() {
            let gap = &instance.gaps[i];
            let g = spec
                .gaps
                .iter()
                .position(|s| s.commune == gap.commune.0 && s.criterion == gap.criterion.0)
                .expect("every gap of the data is the generator's");
            if let Some(year) = year {
                funded |= 1 << g;
                if *year == spec.years[0] {
                    finished_first |= 1 << g;
                }
            }
        }
        if funded.count_ones() > 10 {
            continue;
        }
        checked += 1;
        let weighted: i64 = instance
            .communes
            .iter()
            .zip(&run.outcome.communes)
            .filter(|(c, o)| !c.gaps.is_empty() && o.year_meeting_standard == Some(spec.years[0]))
            .map(|(c, _)| (c.weight * 2.0) as i64)
            .sum();
        let ours = (weighted, finished_first.count_ones() as usize);
        early += usize::from(ours.1 > 0);
        let best = exhaustive::best_schedule(&spec, funded);
        if ours != best {
            failures.push(format!(
                "seed {seed} ({:?}): schedule (weighted halves, criteria) by {}: ntm {ours:?}, enumeration {best:?}\n{}",
                spec.rule,
                spec.years[0],
                dump(dir.path())
            ));
        }
    }
    eprintln!(
        "{count} two-year instances in {:.1} s, {checked} schedules checked, {early} finish something in the first year",
        started.elapsed().as_secs_f64()
    );
    assert!(checked >= 300, "only {checked} schedules checked");
    assert!(early >= 100, "only {early} schedules finish anything early");
    report(&failures, checked);
}

/// The schedule with advanced and village gaps: the communes (by weight) at
/// the standard by the end of the first year, then the commune criteria met
/// by then, equal the best schedule by enumeration, in which advanced and
/// village gaps may be finished in either year. Each advanced or village
/// gap the plan finishes at the horizon could not have been finished in
/// the first year with the rest of the plan's years kept, and under the
/// flexible rules the best schedule with every advanced and village gap
/// pinned at the horizon is as good for the communes.
#[test]
fn schedules_with_advanced_and_village_gaps_equal_exhaustive_enumeration() {
    let started = Instant::now();
    let mut failures = Vec::new();
    let (mut count, mut checked, mut rest_early, mut rest_late) = (0, 0, 0, 0);
    for seed in seeds(310_000, 1500) {
        let mut spec = Spec::random_advanced(seed);
        if seed % 2 == 0 {
            spec = spec.with_villages(seed);
        }
        if spec.years.len() != 2 {
            continue;
        }
        count += 1;
        let dir = tempfile::tempdir().unwrap();
        let path = spec.write(dir.path());
        let Ok((scenario, instance)) = load(&path) else {
            continue;
        };
        let run = match run::plan(&instance, &scenario) {
            Ok(run) => run,
            Err(e) => {
                failures.push(format!("seed {seed}: {e}\n{}", dump(dir.path())));
                continue;
            }
        };
        let (mut funded, mut finished_first) = (0usize, 0usize);
        for (i, year) in run.outcome.funded_year.iter().enumerate() {
            let gap = &instance.gaps[i];
            let g = spec
                .gaps
                .iter()
                .position(|s| {
                    s.commune == gap.commune.0
                        && s.village == gap.village.map(|v| v.0)
                        && spec.criterion_id(s.criterion) == instance.criteria[gap.criterion.0].id
                })
                .expect("every gap of the data is the generator's");
            if let Some(year) = year {
                funded |= 1 << g;
                if *year == spec.years[0] {
                    finished_first |= 1 << g;
                }
            }
        }
        let rest = (0..spec.gaps.len())
            .filter(|g| spec.gaps[*g].village.is_some() || spec.is_advanced(*g))
            .fold(0usize, |acc, g| acc | 1 << g);
        if funded.count_ones() > 12 || funded & rest == 0 {
            continue;
        }
        checked += 1;
        let weighted: i64 = instance
            .communes
            .iter()
            .zip(&run.outcome.communes)
            .filter(|(c, o)| !c.gaps.is_empty() && o.year_meeting_standard == Some(spec.years[0]))
            .map(|(c, _)| (c.weight * 2.0) as i64)
            .sum();
        let ours = (weighted, (finished_first & !rest).count_ones() as usize);
        let best = exhaustive::best_schedule(&spec, funded);
        let mut diffs = Vec::new();
        if ours != best {
            diffs.push(format!(
                "schedule (weighted halves, commune criteria) by {}: ntm {ours:?}, enumeration {best:?}",
                spec.years[0]
            ));
        }
        let feasible = exhaustive::first_year_feasible(&spec, funded, spec.pools());
        if !feasible(finished_first) {
            diffs.push(format!(
                "the plan's first year {finished_first:#b} cannot be paid"
            ));
        }
        for g in (0..spec.gaps.len()).filter(|g| funded & rest & !finished_first & (1 << g) != 0) {
            if spec.gaps[g].earliest_year <= spec.years[0] && feasible(finished_first | 1 << g) {
                diffs.push(format!("gap {g} could be finished in {}", spec.years[0]));
            }
        }
        rest_early += usize::from(finished_first & rest != 0);
        rest_late += usize::from(funded & rest & !finished_first != 0);
        // Under the flexible rules the schedule pins advanced and village
        // gaps at the horizon while it schedules the communes, which must
        // lose nothing (the proof in `schedule.rs`).
        if spec.rule != Rule::OneYear {
            let pinned = exhaustive::best_schedule_within(&spec, funded, spec.pools(), !rest);
            if pinned != best {
                diffs.push(format!("pinned at the horizon {pinned:?}, free {best:?}"));
            }
        }
        if !diffs.is_empty() {
            failures.push(format!(
                "seed {seed} ({:?}): {}\n{}",
                spec.rule,
                diffs.join("; "),
                dump(dir.path())
            ));
        }
    }
    eprintln!(
        "{count} two-year instances in {:.1} s, {checked} schedules with advanced or village gaps \
         checked, {rest_early} finish some of them in the first year, {rest_late} some at the horizon",
        started.elapsed().as_secs_f64()
    );
    assert!(checked >= 200, "only {checked} schedules checked");
    assert!(rest_early >= 30, "only {rest_early} finish one early");
    assert!(rest_late >= 30, "only {rest_late} finish one late");
    report(&failures, checked);
}

/// `targets.keep_standard`: not enforced, the communes it names come first
/// (then the usual tiers); enforced, each of them meets the standard or the
/// plan says the target cannot be met, with what it reaches alone.
#[test]
fn kept_communes_equal_exhaustive_enumeration() {
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut count = 0;
    let (mut first_tier_decides, mut enforced_runs, mut unreachable_runs) = (0, 0, 0);
    for seed in seeds(300_000, 1000) {
        count += 1;
        let spec = Spec::random(seed);
        let dir = tempfile::tempdir().unwrap();
        spec.write_tables(dir.path());
        let exhaustive = Exhaustive::new(&spec);
        let mut rng = ntm::rng::Rng::new(seed ^ 0x4B33_9A7E);
        let mut targets = Targets::default();
        // `range` includes both ends.
        let n = spec.communes.len() as u64 - 1;
        if rng.chance(0.3) {
            targets.keep_districts = vec![rng.range(0, spec.districts.len() as u64 - 1) as usize];
        } else {
            // Mostly a commune the usual tiers leave short of the standard,
            // where the first tier has something to decide.
            let plain = exhaustive
                .optimum(|_| true)
                .expect("funding nothing is possible");
            let short: Vec<usize> = (0..spec.communes.len())
                .filter(|c| !plain.meets[*c])
                .collect();
            let first = if !short.is_empty() && rng.chance(0.7) {
                short[rng.range(0, short.len() as u64 - 1) as usize]
            } else {
                rng.range(0, n) as usize
            };
            targets.keep_communes.push((first, rng.chance(0.5)));
            let second = rng.range(0, n) as usize;
            if second != first && rng.chance(0.5) {
                targets.keep_communes.push((second, rng.chance(0.5)));
            }
        }
        targets.enforce = rng.chance(0.5);
        let kept = targets.kept(&spec);
        let required = kept.iter().filter(|k| **k).count();
        let path = spec.write_scenario(dir.path(), "keep.toml", &targets);
        let (scenario, instance) = match load(&path) {
            Ok(x) => x,
            Err(e) => {
                failures.push(format!(
                    "seed {seed}: does not load: {e}\n{}",
                    dump(dir.path())
                ));
                continue;
            }
        };
        let expected = if targets.enforce {
            exhaustive.optimum(|v| v.kept_meeting(&kept) == required)
        } else {
            let keeping = exhaustive.optimum_keeping(&kept);
            let plain = exhaustive.optimum(|_| true);
            first_tier_decides += usize::from(
                keeping.as_ref().map(|v| v.kept_meeting(&kept))
                    != plain.as_ref().map(|v| v.kept_meeting(&kept)),
            );
            keeping
        };
        let context = format!("seed {seed}, keep {targets:?}");
        match (expected, run::plan(&instance, &scenario)) {
            (Some(best), Ok(run)) => {
                enforced_runs += usize::from(targets.enforce);
                let mut diffs = compare(&run, &best);
                let check = run
                    .outcome
                    .targets
                    .iter()
                    .find(|t| t.name == "keep_standard");
                let achieved = best.kept_meeting(&kept);
                if check.is_none_or(|t| {
                    t.achieved != achieved as f64
                        || t.required != required as f64
                        || t.met != (achieved == required)
                }) {
                    diffs.push(format!(
                        "keep_standard check {check:?}, enumeration {achieved} of {required}"
                    ));
                }
                if !diffs.is_empty() {
                    failures.push(format!(
                        "{context}: {}\n{}",
                        diffs.join("; "),
                        dump(dir.path())
                    ));
                }
            }
            (None, Err(RunError::TargetsUnreachable(reach))) => {
                unreachable_runs += 1;
                let alone = exhaustive.max_of(|v| v.kept_meeting(&kept));
                let ok = matches!(reach.as_slice(), [r] if r.name == "keep_standard"
                    && r.best_alone == alone as f64
                    && r.required == required as f64);
                if !ok {
                    failures.push(format!(
                        "{context}: unreachable, but reports {reach:?} (enumeration: {alone} alone)\n{}",
                        dump(dir.path())
                    ));
                }
            }
            (expected, result) => failures.push(format!(
                "{context}: enumeration {expected:?}, optimizer {:?}\n{}",
                result.map(|r| r.outcome.targets),
                dump(dir.path())
            )),
        }
    }
    eprintln!(
        "{count} instances in {:.1} s: the first tier changes the kept communes in \
         {first_tier_decides}, {enforced_runs} enforced plans, {unreachable_runs} unreachable",
        started.elapsed().as_secs_f64()
    );
    assert!(
        first_tier_decides > 10,
        "the first tier decides in only {first_tier_decides}"
    );
    assert!(unreachable_runs > 10, "only {unreachable_runs} unreachable");
    report(&failures, count);
}

/// Villages: random villages and village gaps on random instances, with
/// the village target as a tier (not enforced: the most villages up to the
/// target, after the communes and before the criteria) or as a rule
/// (enforced). Every tier equals enumeration, and the village target's
/// check counts what enumeration counts. Some plans are written by the
/// binary and re-checked from their files.
#[test]
fn villages_equal_exhaustive_enumeration() {
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut count = 0;
    let (mut tier_decides, mut unreachable_runs, mut rechecked) = (0, 0, 0);
    for seed in seeds(400_000, 800) {
        count += 1;
        let spec = Spec::random(seed).with_villages(seed);
        let mut rng = ntm::rng::Rng::new(seed ^ 0x7A11_A6E5);
        let share = [0.25, 0.34, 0.5, 1.0][rng.range(0, 3) as usize];
        let targets = Targets {
            villages_share: Some(share),
            enforce: rng.chance(0.3),
            ..Targets::default()
        };
        let dir = tempfile::tempdir().unwrap();
        spec.write_tables(dir.path());
        let path = spec.write_scenario(dir.path(), "villages.toml", &targets);
        let (scenario, instance) = match load(&path) {
            Ok(x) => x,
            Err(e) => {
                failures.push(format!(
                    "seed {seed}: does not load: {e}\n{}",
                    dump(dir.path())
                ));
                continue;
            }
        };
        let exhaustive = Exhaustive::new(&spec);
        let required = spec.villages_required(share);
        let counted = spec.counted_villages().len();
        let expected = if targets.enforce {
            exhaustive.optimum_villages(required, |v| v.villages_meeting >= required)
        } else {
            let plain = exhaustive.optimum(|_| true).unwrap();
            let with = exhaustive.optimum_villages(required, |_| true);
            tier_decides += usize::from(
                with.as_ref()
                    .is_some_and(|w| w.villages_meeting != plain.villages_meeting),
            );
            with
        };
        let context = format!("seed {seed}, share {share}, enforce {}", targets.enforce);
        match (expected, run::plan(&instance, &scenario)) {
            (Some(best), Ok(run)) => {
                let mut diffs = compare(&run, &best);
                let check = run
                    .outcome
                    .targets
                    .iter()
                    .find(|t| t.name == "villages_share_in_especially_difficult");
                let achieved = if counted == 0 {
                    0.0
                } else {
                    best.villages_meeting as f64 / counted as f64
                };
                if check.is_none_or(|t| {
                    (t.achieved - achieved).abs() > 1e-9
                        || t.met != (best.villages_meeting >= required)
                }) {
                    diffs.push(format!(
                        "village check {check:?}, enumeration {} of {counted}",
                        best.villages_meeting
                    ));
                }
                if !diffs.is_empty() {
                    failures.push(format!(
                        "{context}: {}\n{}",
                        diffs.join("; "),
                        dump(dir.path())
                    ));
                }
            }
            (None, Err(RunError::TargetsUnreachable(reach))) => {
                unreachable_runs += 1;
                let alone = exhaustive.max_of(|v| v.villages_meeting);
                let ok = matches!(reach.as_slice(), [r]
                    if r.name == "villages_share_in_especially_difficult"
                    && (r.best_alone - alone as f64 / counted.max(1) as f64).abs() < 1e-9
                    && !r.reachable());
                if !ok {
                    failures.push(format!(
                        "{context}: unreachable, but reports {reach:?} (enumeration: {alone} alone)\n{}",
                        dump(dir.path())
                    ));
                }
            }
            (expected, result) => failures.push(format!(
                "{context}: enumeration {expected:?}, optimizer {:?}\n{}",
                result.map(|r| r.outcome.targets),
                dump(dir.path())
            )),
        }
        // Every tenth plan, written by the binary and re-checked from its
        // files, village rows included.
        if seed % 10 == 0 && !targets.enforce {
            let out = dir.path().join("out");
            let result = Command::new(env!("CARGO_BIN_EXE_ntm"))
                .args([
                    "plan",
                    path.to_str().unwrap(),
                    "-o",
                    out.to_str().unwrap(),
                    "--quiet",
                ])
                .output()
                .unwrap();
            if !result.status.success() {
                failures.push(format!(
                    "{context}: ntm plan failed: {}",
                    String::from_utf8_lossy(&result.stderr)
                ));
            } else if let Err(errors) = recheck(&spec, &out) {
                failures.push(format!(
                    "{context}: the written plan breaks rules:\n  {}\n{}",
                    errors.join("\n  "),
                    dump(dir.path())
                ));
            } else {
                rechecked += 1;
            }
        }
    }
    eprintln!(
        "{count} instances in {:.1} s: the village tier changes the villages in {tier_decides}, \
         {unreachable_runs} unreachable, {rechecked} written plans re-checked",
        started.elapsed().as_secs_f64()
    );
    assert!(
        tier_decides > 20,
        "the village tier decides in only {tier_decides}"
    );
    assert!(unreachable_runs > 10, "only {unreachable_runs} unreachable");
    report(&failures, count);
}

#[path = "exhaustive/projects.rs"]
mod projects;

/// Pausing projects (`projects.csv`, `[projects] allow_pause = true`): the
/// four tier values of `run::plan` (weighted communes, criteria met, the
/// priority-weighted money paused, money) equal the optimum over every set
/// of paused projects, found by enumeration; the paused set the plan
/// reports weighs what its tier says. With `allow_pause = false` the same
/// files plan exactly as without projects.
#[test]
fn pausing_tier_values_equal_exhaustive_enumeration() {
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut count = 0;
    let (mut pausing_helps, mut pauses, mut new_lines, mut priority_decides) = (0, 0, 0, 0);
    let mut schedules = 0;
    for seed in seeds(10_000, 400) {
        count += 1;
        let spec = Spec::random(seed);
        let list = projects::random_projects(&spec, seed);
        let dir = tempfile::tempdir().unwrap();
        let path = spec.write(dir.path());
        // Every other instance also checks that pausing not allowed leaves
        // the plan as it is without projects.
        let allow = seed % 4 != 3;
        projects::write(&spec, &list, dir.path(), &path, allow);
        let (scenario, instance) = match load(&path) {
            Ok(x) => x,
            Err(e) => {
                failures.push(format!(
                    "seed {seed}: does not load: {e}\n{}",
                    dump(dir.path())
                ));
                continue;
            }
        };
        let without = Exhaustive::new(&spec).optimum(|_| true).unwrap();
        let (best, weight, mask) = if allow {
            projects::optimum(&spec, &list)
        } else {
            (without.clone(), 0.0, 0)
        };
        let run = match run::plan(&instance, &scenario) {
            Ok(run) => run,
            Err(e) => {
                failures.push(format!("seed {seed}: {e}\n{}", dump(dir.path())));
                continue;
            }
        };
        let mut diffs = compare(&run, &best);
        let tier = run
            .selection
            .tiers
            .iter()
            .find(|t| t.objective == ntm::model::Objective::PausedMoney)
            .map_or(0.0, |t| t.value);
        if (tier - weight).abs() > 1e-6 * weight.max(1.0) {
            diffs.push(format!(
                "paused_money tier: optimizer {tier}, enumeration {weight} (paused {mask:b})"
            ));
        }
        let reported: usize = run.selection.paused.iter().fold(0, |acc, p| acc | 1 << p);
        let reported_weight = projects::paused_weight(&list, reported);
        if (reported_weight - weight).abs() > 1e-6 * weight.max(1.0) {
            diffs.push(format!(
                "paused projects {reported:b} weigh {reported_weight}, enumeration {weight}"
            ));
        }
        // The schedule with the paused set fixed: the best by enumeration
        // on the lines with the paused projects' money.
        if spec.years.len() == 2 {
            let mut funded = 0usize;
            let mut finished_first = 0usize;
            for (i, year) in run.outcome.funded_year.iter().enumerate() {
                let gap = &instance.gaps[i];
                let g = spec
                    .gaps
                    .iter()
                    .position(|s| s.commune == gap.commune.0 && s.criterion == gap.criterion.0)
                    .expect("every gap of the data is the generator's");
                if let Some(year) = year {
                    funded |= 1 << g;
                    if *year == spec.years[0] {
                        finished_first |= 1 << g;
                    }
                }
            }
            if funded.count_ones() <= 10 {
                let weighted: i64 = instance
                    .communes
                    .iter()
                    .zip(&run.outcome.communes)
                    .filter(|(c, o)| {
                        !c.gaps.is_empty() && o.year_meeting_standard == Some(spec.years[0])
                    })
                    .map(|(c, _)| (c.weight * 2.0) as i64)
                    .sum();
                let ours = (weighted, finished_first.count_ones() as usize);
                let pools = projects::pools_paused(&spec, &list, reported);
                let best = exhaustive::best_schedule_with_pools(&spec, funded, pools);
                schedules += 1;
                if ours != best {
                    diffs.push(format!(
                        "schedule (weighted halves, criteria) by {}: ntm {ours:?}, enumeration {best:?}",
                        spec.years[0]
                    ));
                }
            }
        }
        if !allow && !run.selection.paused.is_empty() {
            diffs.push("pauses projects although pausing is not allowed".to_string());
        }
        if !diffs.is_empty() {
            failures.push(format!(
                "seed {seed}: {}\n{}",
                diffs.join("; "),
                dump(dir.path())
            ));
        }
        pausing_helps += usize::from(
            (best.weighted_halves, best.criteria_met)
                > (without.weighted_halves, without.criteria_met),
        );
        pauses += usize::from(mask != 0);
        let pools = spec.pools();
        new_lines += usize::from(list.iter().any(|p| {
            p.pausable
                && !pools
                    .iter()
                    .any(|q| q.source == Some(p.source) && q.year == p.year)
        }));
        // Whether another paused set reaches the same outcomes with less
        // money paused but more priority-weighted money.
        if mask != 0 {
            let money = |m: usize| -> i64 {
                list.iter()
                    .enumerate()
                    .filter(|(i, _)| m & (1 << i) != 0)
                    .map(|(_, p)| p.amount)
                    .sum()
            };
            priority_decides += usize::from((0..1usize << list.len()).any(|m| {
                m & !((0..list.len())
                    .filter(|i| list[*i].pausable)
                    .fold(0, |acc, i| acc | 1 << i))
                    == 0
                    && money(m) < money(mask)
                    && {
                        let pools = projects::pools_paused(&spec, &list, m);
                        let v = Exhaustive::with_pools(&spec, pools)
                            .optimum(|_| true)
                            .unwrap();
                        (v.weighted_halves, v.criteria_met)
                            == (best.weighted_halves, best.criteria_met)
                    }
            }));
        }
    }
    eprintln!(
        "{count} instances with projects in {:.1} s: pausing reaches more in {pausing_helps}, \
         the optimum pauses in {pauses}, a paused project forms a new line in {new_lines}, \
         priorities decide over money in {priority_decides}; {schedules} schedules checked",
        started.elapsed().as_secs_f64()
    );
    assert!(
        pausing_helps >= 30 && pauses >= 30,
        "too few instances where pausing matters: helps {pausing_helps}, pauses {pauses}"
    );
    assert!(schedules >= 100, "only {schedules} schedules checked");
    report(&failures, count);
}

/// Random commitments (`commitments.csv`) on random instances: the tier
/// values of `run::plan_committed` equal the enumerated optimum with those
/// payments fixed (`exhaustive::commitments`), and the written plan keeps
/// every commitment.
#[test]
fn tier_values_with_commitments_equal_exhaustive_enumeration() {
    let started = Instant::now();
    let mut failures = Vec::new();
    let (mut count, mut with, mut full, mut stale, mut partial) = (0, 0, 0, 0, 0);
    let mut per_rule = [0usize; 3];
    for seed in seeds(200_000, 600) {
        let spec = Spec::random(seed);
        let commitments = exhaustive::commitments::random(&spec, seed);
        if commitments.is_empty() {
            continue;
        }
        count += 1;
        with += commitments.len();
        stale += commitments.iter().filter(|c| c.gap.is_none()).count();
        per_rule[spec.rule as usize] += 1;
        let dir = tempfile::tempdir().unwrap();
        let path = spec.write(dir.path());
        exhaustive::commitments::write(&spec, &commitments, dir.path());
        let loaded = load(&path).and_then(|(scenario, instance)| {
            ntm::commitments::Commitments::load(&scenario, &instance, None, &[])
                .map(|c| (scenario, instance, c))
                .map_err(|e| e.to_string())
        });
        let (scenario, instance, kept) = match loaded {
            Ok(x) => x,
            Err(e) => {
                failures.push(format!(
                    "seed {seed}: does not load: {e}\n{}",
                    dump(dir.path())
                ));
                continue;
            }
        };
        let best = exhaustive::commitments::optimum(&spec, &commitments);
        let residual = kept.residual(
            &instance,
            &scenario,
            &ntm::budget::Budget::new(&instance, &scenario),
        );
        full += residual
            .instance
            .gaps
            .iter()
            .filter(|g| g.earliest_year > instance.horizon())
            .count();
        partial += usize::from(best.criteria_met < spec.communes.len() * spec.criteria.len());
        match run::plan_committed(&instance, &scenario, &kept, true) {
            Err(e) => failures.push(format!("seed {seed}: {e}\n{}", dump(dir.path()))),
            Ok(run) => {
                let diffs = compare(&run, &best);
                if !diffs.is_empty() {
                    failures.push(format!(
                        "seed {seed}: {}\n{}",
                        diffs.join("; "),
                        dump(dir.path())
                    ));
                }
                let kept_rows = run.kept.as_ref().map_or(0, |k| {
                    k.committed.iter().filter(|c| **c).count() + k.met_since.len()
                });
                if kept_rows != commitments.len() {
                    failures.push(format!(
                        "seed {seed}: {kept_rows} rows kept of {} commitments",
                        commitments.len()
                    ));
                }
            }
        }
    }
    eprintln!(
        "{count} instances with {with} commitments in {:.1} s: {full} gaps paid in full by \
         commitments, {stale} commitments to criteria met; {partial} instances cannot fund \
         every gap; rules carry_over, yearly, one_year: {per_rule:?}",
        started.elapsed().as_secs_f64()
    );
    assert!(
        per_rule.iter().all(|n| *n >= 80),
        "each payment rule needs many instances: {per_rule:?}"
    );
    report(&failures, count);
}

/// Two-year instances with random commitments: the communes (by weight) at
/// the standard by the end of the first year, then the criteria met by
/// then, counting committed payments, equal the best schedule by
/// enumeration with those payments fixed. A commune held back by a gap
/// committed in full only in the second year is rare in these instances
/// (two in the first 2,000 seeds with two years), hence the many seeds.
#[test]
fn schedules_with_commitments_equal_exhaustive_enumeration() {
    let started = Instant::now();
    let mut failures = Vec::new();
    let (mut checked, mut early, mut committed_first) = (0, 0, 0);
    for seed in seeds(400_000, 5000) {
        let spec = Spec::random(seed);
        if spec.years.len() != 2 {
            continue;
        }
        let commitments = exhaustive::commitments::random(&spec, seed);
        if commitments.is_empty() {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = spec.write(dir.path());
        exhaustive::commitments::write(&spec, &commitments, dir.path());
        let Ok((scenario, instance)) = load(&path) else {
            continue;
        };
        let kept = match ntm::commitments::Commitments::load(&scenario, &instance, None, &[]) {
            Ok(kept) => kept,
            Err(e) => {
                failures.push(format!("seed {seed}: {e}\n{}", dump(dir.path())));
                continue;
            }
        };
        let run = match run::plan_committed(&instance, &scenario, &kept, true) {
            Ok(run) => run,
            Err(e) => {
                failures.push(format!("seed {seed}: {e}\n{}", dump(dir.path())));
                continue;
            }
        };
        let mut funded = 0usize;
        let mut finished_first = 0usize;
        for (i, year) in run.outcome.funded_year.iter().enumerate() {
            let gap = &instance.gaps[i];
            let g = spec
                .gaps
                .iter()
                .position(|s| s.commune == gap.commune.0 && s.criterion == gap.criterion.0)
                .expect("every gap of the data is the generator's");
            if let Some(year) = year {
                funded |= 1 << g;
                if *year == spec.years[0] {
                    finished_first |= 1 << g;
                }
            }
        }
        if funded.count_ones() > 10 {
            continue;
        }
        checked += 1;
        let weighted: i64 = instance
            .communes
            .iter()
            .zip(&run.outcome.communes)
            .filter(|(c, o)| !c.gaps.is_empty() && o.year_meeting_standard == Some(spec.years[0]))
            .map(|(c, _)| (c.weight * 2.0) as i64)
            .sum();
        let ours = (weighted, finished_first.count_ones() as usize);
        early += usize::from(ours.1 > 0);
        committed_first += usize::from(
            commitments
                .iter()
                .any(|c| c.gap.is_some() && spec.pools()[c.pool].year == spec.years[1]),
        );
        let best = exhaustive::commitments::best_schedule(&spec, &commitments, funded);
        if ours != best {
            failures.push(format!(
                "seed {seed} ({:?}): schedule (weighted halves, criteria) by {}: ntm {ours:?}, enumeration {best:?}\n{}",
                spec.rule,
                spec.years[0],
                dump(dir.path())
            ));
        }
    }
    eprintln!(
        "{checked} two-year schedules with commitments checked in {:.1} s, {early} finish \
         something in the first year, {committed_first} commit money in the second year",
        started.elapsed().as_secs_f64()
    );
    assert!(checked >= 200, "only {checked} schedules checked");
    report(&failures, checked);
}
