//! Speed of `ntm plan` and of the finance department's sweep, measured
//! rather than asserted. `cargo bench --bench plan` (or `make bench`), about
//! five minutes on two cores. The cases:
//! - `lai_chau_default_end_to_end`: `ntm plan --no-marginal --no-gap` on
//!   the default scenario: read and validate the tables, solve the tiers
//!   and the schedule, build the payments, check them, write the files.
//!   The engine alone: `report::plan_files` leaves out the verdict's least
//!   additional money (`ntm gap`'s solves, which `ntm plan` adds by
//!   default), so the figure stays comparable with earlier measurements;
//! - `lai_chau_with_marginal`: the same with the marginal value of money
//!   (what `make run` does, less the verdict's gap), its re-solves on two
//!   workers;
//! - `lai_chau_one_year`: the default scenario under `payments.rule =
//!   "one_year"`, the rule of the earlier engine, for the ratio;
//! - `finance_sweep_36_variants_j2`: the shipped sweep
//!   (`scenarios/lai-chau-2025-sweep.toml`) from one loaded instance on two
//!   workers;
//! - `synthetic_1000_communes`: a synthetic instance of 1,000 communes
//!   (`ntm generate synthetic --communes 1000 --seed 1`), from the loaded
//!   instance to the checked plan.
//!
//! 3,321 communes take about a minute a run, too long for ten samples; the
//! README gives the command that measures them once.

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

use ntm::instance::Instance;
use ntm::scenario::{Override, Scenario};
use ntm::sweep::{self, Vary};
use ntm::{generate, marginal, report, run};

fn default_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/lai-chau-2025.toml")
}

fn default_scenario(c: &mut Criterion) {
    let path = default_path();
    let out = tempfile::tempdir().expect("a temporary folder");
    let mut group = c.benchmark_group("plan");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("lai_chau_default_end_to_end", |b| {
        b.iter(|| {
            let scenario = Scenario::read(&path).expect("the default scenario is valid");
            let instance = Instance::load(&scenario).expect("the default data are valid");
            let plan = run::plan(&instance, &scenario).expect("the default scenario plans");
            let files = report::plan_files(&instance, &scenario, &plan, true);
            report::write_all(out.path(), &files, &[]).expect("the output folder is writable");
        })
    });
    group.bench_function("lai_chau_with_marginal", |b| {
        b.iter(|| {
            let scenario = Scenario::read(&path).expect("the default scenario is valid");
            let instance = Instance::load(&scenario).expect("the default data are valid");
            let plan = run::plan(&instance, &scenario).expect("the default scenario plans");
            marginal::marginal(&instance, &scenario, &plan, None, 2).expect("re-solves")
        })
    });
    let one_year = [Override {
        key: "payments.rule".into(),
        value: "one_year".into(),
    }];
    let scenario = Scenario::read_with(&path, &one_year).expect("valid");
    let instance = Instance::load(&scenario).expect("valid");
    group.bench_function("lai_chau_one_year", |b| {
        b.iter(|| run::plan(&instance, &scenario).expect("plans"))
    });
    group.finish();
}

fn finance_sweep(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/lai-chau-2025-sweep.toml");
    let text = std::fs::read_to_string(&path).expect("the sweep scenario");
    let scenario = Scenario::parse(&path, &text).expect("valid");
    let instance = Instance::load(&scenario).expect("valid");
    let varies: Vec<Vary> = scenario
        .sweep
        .vary
        .iter()
        .map(|(key, values, _)| Vary::new(key, values).expect("valid"))
        .collect();
    let list = sweep::variants(&varies, scenario.sweep.zip).expect("variants");
    assert_eq!(list.len(), 36, "the shipped sweep has 36 variants");
    let prepared = sweep::prepare(&path, &text, &[], &instance, list).expect("valid variants");
    let mut group = c.benchmark_group("sweep");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("finance_sweep_36_variants_j2", |b| {
        b.iter(|| sweep::solve(&instance, &prepared, 2, None, false, &|| {}).expect("solved"))
    });
    group.finish();
}

fn synthetic_1000(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    generate::write_files(dir.path(), &generate::synthetic::synthetic(1000, 1)).expect("writable");
    let scenario = Scenario::read(&dir.path().join("synthetic.toml")).expect("valid");
    let instance = Instance::load(&scenario).expect("valid");
    let mut group = c.benchmark_group("plan");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(120));
    group.bench_function("synthetic_1000_communes", |b| {
        b.iter(|| run::plan(&instance, &scenario).expect("the synthetic scenario plans"))
    });
    group.finish();
}

criterion_group!(benches, default_scenario, finance_sweep, synthetic_1000);
criterion_main!(benches);
