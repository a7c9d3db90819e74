//! Speed of `ntm plan`, measured rather than asserted.
//!
//! `cargo bench --bench plan` (or `make bench`). Two cases:
//! - the default Lai Châu scenario end to end: read and validate the tables,
//!   solve all three tiers, build the payments, check them, write the files;
//! - a synthetic instance of 1,000 communes (`ntm generate synthetic`),
//!   from the loaded instance to the checked plan.

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

use ntm::instance::Instance;
use ntm::scenario::Scenario;
use ntm::{generate, report, run};

fn default_scenario(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/lai-chau-2025.toml");
    let out = tempfile::tempdir().expect("a temporary folder");
    let mut group = c.benchmark_group("plan");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("lai_chau_default_end_to_end", |b| {
        b.iter(|| {
            let scenario = Scenario::read(&path).expect("the default scenario is valid");
            let instance = Instance::load(&scenario).expect("the default data are valid");
            let plan = run::plan(&instance, &scenario).expect("the default scenario plans");
            let files = report::plan_files(&instance, &scenario, &plan, true);
            report::write_all(out.path(), &files, &[]).expect("the output folder is writable");
        })
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
        .measurement_time(Duration::from_secs(60));
    group.bench_function("synthetic_1000_communes", |b| {
        b.iter(|| run::plan(&instance, &scenario).expect("the synthetic scenario plans"))
    });
    group.finish();
}

criterion_group!(benches, default_scenario, synthetic_1000);
criterion_main!(benches);
