//! Parallel speed-up of `ntm sweep` on the default scenario.
//!
//! `cargo bench --bench sweep` (NTM_BENCH_VARIANTS=N for another count than
//! 1,000, a multiple of 5). The variants are central NTM capital at ×0.8,
//! ×0.9, ×1.0, ×1.1 and ×1.2, each with N/5 values of the (reported, not
//! enforced) communes target, which labels variants without changing their
//! solve: N solves of five budget levels. It solves them with one worker and
//! then with two, from one loaded instance, and prints both times, the
//! speed-up, and the ratio of
//! the two-worker time to N × (one variant alone) ÷ 2, where "one variant
//! alone" is the one-worker time divided by N. Not a criterion bench: one
//! sample of a 1,000-variant sweep already takes many minutes.

use std::path::Path;
use std::time::Instant;

use ntm::instance::Instance;
use ntm::scenario::Scenario;
use ntm::sweep::{self, Vary};

fn main() {
    let variants: usize = std::env::var("NTM_BENCH_VARIANTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/lai-chau-2025.toml");
    let text = std::fs::read_to_string(&path).expect("the default scenario");
    let scenario = Scenario::parse(&path, &text).expect("valid");
    let instance = Instance::load(&scenario).expect("valid");
    let budget = Vary {
        key: "adjust.sources.central_ntm".into(),
        values: ["0.8", "0.9", "1.0", "1.1", "1.2"]
            .map(String::from)
            .to_vec(),
    };
    let target = Vary {
        key: "targets.communes_meeting_standard".into(),
        values: (1..=variants / 5).map(|i| i.to_string()).collect(),
    };
    let list = sweep::variants(&[budget, target], false).expect("variants");
    let variants = list.len();
    let prepared = sweep::prepare(&path, &text, &[], &instance, list).expect("valid variants");

    let time = |jobs: usize| {
        let started = Instant::now();
        let results =
            sweep::solve(&instance, &prepared, jobs, None, false, &|| {}).expect("solved");
        let seconds = started.elapsed().as_secs_f64();
        assert!(results.iter().all(|r| r.result.is_ok()));
        seconds
    };
    let one = time(1);
    let two = time(2);
    let alone = one / variants as f64;
    println!("sweep of {variants} variants of the default scenario");
    println!("  -j 1: {one:.1} s ({alone:.3} s per variant)");
    println!("  -j 2: {two:.1} s");
    println!(
        "  speed-up -j 1 / -j 2: {:.2} (target at least 1.8)",
        one / two
    );
    println!(
        "  -j 2 / (variants × one variant ÷ 2 cores): {:.3} (target at most 1.15)",
        two / (alone * variants as f64 / 2.0)
    );
}
