//! Scenario sweeps: many variants of one scenario, solved in parallel.
//!
//! The data are read and validated once. Each variant is the scenario with
//! some keys overridden (the same mechanism as `--set`); all variants are
//! checked before any is solved, so bad input stops the sweep at once. The
//! solves run on a rayon pool, each with one HiGHS thread, and the rows come
//! back in variant order, so the output does not depend on how many workers
//! ran or which finished first.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Instant;

use rayon::prelude::*;

use crate::budget::Budget;
use crate::error::{InputError, Location};
use crate::gap::{self, GapStatus, TopupRule};
use crate::instance::Instance;
use crate::model::{SolveError, TierStatus};
use crate::money::Money;
use crate::report;
use crate::run::{self, PlanRun, RunError};
use crate::scenario::{Override, Scenario};

/// The most variants one sweep may have: far beyond any real use, and a
/// guard against a range with a tiny step.
pub const MAX_VARIANTS: usize = 100_000;

/// One varied key and its values, from `--vary KEY=VALUES` or the scenario's
/// `[sweep.vary]` table. VALUES is a list `0.8,0.9,1.0` or an inclusive range
/// `0.8:1.2:0.05`.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    pub key: String,
    pub values: Vec<String>,
}

impl Vary {
    pub fn new(key: &str, text: &str) -> Result<Vary, String> {
        let key = key.trim();
        if key.is_empty() {
            return Err("the key is empty".into());
        }
        let text = text.trim();
        let values = if text.contains(':') {
            range(text)?
        } else {
            list(text)?
        };
        Ok(Vary {
            key: key.to_string(),
            values,
        })
    }
}

impl FromStr for Vary {
    type Err = String;

    fn from_str(s: &str) -> Result<Vary, String> {
        let (key, values) = s.split_once('=').ok_or_else(|| {
            format!("`{s}` has no `=`: write KEY=VALUES, e.g. adjust.cost=0.9,1.0,1.1")
        })?;
        Vary::new(key, values)
    }
}

fn list(text: &str) -> Result<Vec<String>, String> {
    if text.is_empty() {
        return Err("no values".into());
    }
    let values: Vec<String> = text.split(',').map(|v| v.trim().to_string()).collect();
    if values.iter().any(String::is_empty) {
        return Err(format!("`{text}` has an empty value"));
    }
    Ok(values)
}

/// `from:to:step`, inclusive of `to` when the steps land on it (within a
/// millionth of a step, so 0.8:1.2:0.05 ends at 1.2).
fn range(text: &str) -> Result<Vec<String>, String> {
    let parts: Vec<&str> = text.split(':').map(str::trim).collect();
    let [from, to, step] = parts[..] else {
        return Err(format!(
            "`{text}` is not a range: write from:to:step, e.g. 0.8:1.2:0.05"
        ));
    };
    let number = |t: &str| -> Result<f64, String> {
        t.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| format!("`{t}` in `{text}` is not a number"))
    };
    let (a, b, s) = (number(from)?, number(to)?, number(step)?);
    if s == 0.0 {
        return Err(format!("`{text}`: the step is 0"));
    }
    if (b - a) * s < 0.0 {
        return Err(format!(
            "`{text}`: a step of {step} never gets from {from} to {to}"
        ));
    }
    // Counted as a float first: a tiny step or a huge span must not wrap
    // around into a small count.
    let steps = ((b - a) / s + 1e-6).floor();
    if !steps.is_finite() || steps >= MAX_VARIANTS as f64 {
        return Err(format!("`{text}` has more than {MAX_VARIANTS} values"));
    }
    let count = steps as usize + 1;
    // As many decimals as the range was written with, so 0.8 + 3 × 0.05
    // prints as 0.95 and not 0.9500000000000001.
    let decimals = [from, to, step]
        .iter()
        .map(|t| t.split_once('.').map_or(0, |(_, f)| f.len()))
        .max()
        .unwrap_or(0);
    Ok((0..count)
        .map(|i| format!("{:.*}", decimals, a + s * i as f64))
        .collect())
}

/// The variants: the Cartesian product of the lists (the first key varies
/// slowest), or with `zip` the lists paired element by element.
pub fn variants(varies: &[Vary], zip: bool) -> Result<Vec<Vec<Override>>, String> {
    if varies.is_empty() {
        return Ok(vec![Vec::new()]);
    }
    let make = |v: &Vary, i: usize| Override {
        key: v.key.clone(),
        value: v.values[i].clone(),
    };
    if zip {
        let n = varies[0].values.len();
        if let Some(other) = varies.iter().find(|v| v.values.len() != n) {
            return Err(format!(
                "--zip pairs lists of the same length, but {} has {} values and {} has {n}",
                other.key,
                other.values.len(),
                varies[0].key
            ));
        }
        return Ok((0..n)
            .map(|i| varies.iter().map(|v| make(v, i)).collect())
            .collect());
    }
    let total = varies
        .iter()
        .try_fold(1usize, |acc, v| acc.checked_mul(v.values.len()));
    match total {
        Some(t) if t <= MAX_VARIANTS => {}
        _ => return Err(format!("the sweep has more than {MAX_VARIANTS} variants")),
    }
    let mut all: Vec<Vec<Override>> = vec![Vec::new()];
    for v in varies {
        all = all
            .into_iter()
            .flat_map(|prefix| {
                (0..v.values.len()).map(move |i| {
                    let mut next = prefix.clone();
                    next.push(make(v, i));
                    next
                })
            })
            .collect();
    }
    Ok(all)
}

/// One variant, ready to solve.
pub struct Variant {
    /// 1-based, in the order of `variants`.
    pub id: usize,
    pub varied: Vec<Override>,
    pub scenario: Scenario,
}

/// Build and check every variant's scenario before anything is solved.
/// Each HiGHS solve in a sweep runs single-threaded: the parallelism is
/// across variants, and HiGHS cannot mix thread counts in one process.
pub fn prepare(
    path: &Path,
    text: &str,
    base: &[Override],
    instance: &Instance,
    variants: Vec<Vec<Override>>,
) -> Result<Vec<Variant>, InputError> {
    let mut prepared = Vec::with_capacity(variants.len());
    for (i, varied) in variants.into_iter().enumerate() {
        let mut overrides = base.to_vec();
        overrides.extend(varied.iter().cloned());
        let mut scenario =
            Scenario::parse_with(path, text, &overrides).map_err(|e| as_vary(e, &varied))?;
        if varied.iter().any(|o| o.key == "years") {
            return Err(InputError::new(
                Location::file(Path::new("--vary years")),
                "the planning years cannot be varied in a sweep (the data are read once for one set of years)",
            ));
        }
        instance
            .check_scenario(&scenario)
            .map_err(|e| as_vary(e, &varied))?;
        instance.settle_names(&mut scenario);
        scenario.solver.threads = 1;
        prepared.push(Variant {
            id: i + 1,
            varied,
            scenario,
        });
    }
    Ok(prepared)
}

/// An error about an overridden value names the `--vary` key it came from.
fn as_vary(mut error: InputError, varied: &[Override]) -> InputError {
    let place = error.location.file.to_string_lossy().to_string();
    if let Some(o) = varied.iter().find(|o| place == format!("--set {o}")) {
        error.location.file = PathBuf::from(format!("--vary {}={}", o.key, o.value));
    }
    error
}

/// What one variant gave.
pub struct VariantResult {
    pub id: usize,
    pub varied: Vec<Override>,
    /// The plan with the targets as the scenario enforces them.
    pub result: Result<PlanRun, RunError>,
    /// When the enforced targets cannot all be met: the best plan on the
    /// same money without enforcing them, so the row still says what the
    /// variant achieves.
    pub relaxed: Option<Result<PlanRun, RunError>>,
    /// When the plan shown misses a target: the least additional money that
    /// meets them all.
    pub shortfall: Option<Result<Shortfall, RunError>>,
    /// The money each source makes available, in the order of
    /// `instance.sources` (land revenue up to its largest share).
    pub available: Vec<Money>,
    /// What every missing criterion of every commune costs in this variant.
    pub gap_cost: Money,
    pub seconds: f64,
}

/// The least additional money that meets every target together: the total
/// of `ntm gap` (its "all targets" row, a top-up for any criterion in any
/// commune).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shortfall {
    pub status: GapStatus,
    pub total: Money,
}

impl VariantResult {
    /// `optimal` or `time_limit` with a plan; without one,
    /// `targets_unreachable` (enforced targets cannot all be met),
    /// `infeasible`, `no_solution` (nothing found in time) or `failed`
    /// (the solver failed). The same words as `ntm curve`.
    pub fn status(&self) -> &'static str {
        match &self.result {
            Ok(run) if run.selection.is_optimal() => TierStatus::Optimal.name(),
            Ok(_) => TierStatus::TimeLimit.name(),
            Err(RunError::TargetsUnreachable(_)) => "targets_unreachable",
            Err(RunError::Solve(SolveError::Infeasible)) => "infeasible",
            Err(RunError::Solve(SolveError::NoSolution)) => "no_solution",
            Err(_) => "failed",
        }
    }

    pub fn solved(&self) -> bool {
        self.status() == TierStatus::Optimal.name()
    }

    /// The plan the row shows: the scenario's own, else the one without
    /// enforced targets.
    pub fn plan(&self) -> Option<&PlanRun> {
        match (&self.result, &self.relaxed) {
            (Ok(run), _) => Some(run),
            (Err(_), Some(Ok(run))) => Some(run),
            _ => None,
        }
    }

    /// Whether the plan shown is the one without enforced targets.
    pub fn is_relaxed(&self) -> bool {
        self.result.is_err() && self.plan().is_some()
    }

    /// The least additional money, when it was found.
    pub fn shortfall_found(&self) -> Option<Shortfall> {
        match &self.shortfall {
            Some(Ok(s)) => Some(*s),
            _ => None,
        }
    }
}

/// The plan, the plan without enforced targets, the least top-up.
type Solved = (
    Result<PlanRun, RunError>,
    Option<Result<PlanRun, RunError>>,
    Option<Result<Shortfall, RunError>>,
);

/// One variant solved as the row needs it: the plan; when enforced targets
/// are out of reach, the plan without them; and when the plan shown misses
/// a target, the least additional money that meets them all.
/// The plans are scheduled over the years as `ntm plan` schedules them
/// (skipping it would halve their time but pay other sources in other
/// years, and a row's money per source would differ from the plan's).
fn solve_one(instance: &Instance, scenario: &Scenario) -> Solved {
    crate::model::watch::trace("variant: begin");
    let result = run::plan_with(instance, scenario, false);
    crate::model::watch::trace("variant: enforced");
    let relaxed = matches!(result, Err(RunError::TargetsUnreachable(_))).then(|| {
        let mut free = scenario.clone();
        free.targets.enforce = false;
        let relaxed = run::plan_with(instance, &free, false);
        crate::model::watch::trace("variant: relaxed");
        relaxed
    });
    let shown = match (&result, &relaxed) {
        (Ok(run), _) | (Err(_), Some(Ok(run))) => Some(run),
        _ => None,
    };
    let misses = shown.is_some_and(|run| run.outcome.targets.iter().any(|t| !t.met));
    let shortfall = misses.then(|| least_topup(instance, scenario));
    crate::model::watch::trace("variant: shortfall");
    (result, relaxed, shortfall)
}

/// The least top-up that meets every target together, as `ntm gap` finds
/// its "all targets" figure ([`gap::least_topup_together`]; `gap::analyse`
/// also settles each target alone and every pair of targets, solves a
/// sweep row does not need).
pub fn least_topup(instance: &Instance, scenario: &Scenario) -> Result<Shortfall, RunError> {
    let all = gap::least_topup_together(instance, scenario, &TopupRule::default())?;
    Ok(Shortfall {
        status: all.status,
        total: all.total,
    })
}

/// The money each source makes available under a scenario, in the order
/// of `instance.sources`.
pub fn available_per_source(instance: &Instance, budget: &Budget) -> Vec<Money> {
    instance
        .sources
        .iter()
        .enumerate()
        .map(|(s, _)| {
            instance
                .pools
                .iter()
                .zip(&budget.pool_capacity)
                .filter(|(p, _)| p.source.0 == s)
                .map(|(_, c)| *c)
                .sum()
        })
        .collect()
}

/// Solve every variant on `jobs` workers; `done` is called after each (for
/// a progress bar). With `keep_plans`, each variant's `ntm plan` files are
/// written under `keep_plans/<id>/` as soon as it is solved.
pub fn solve(
    instance: &Instance,
    variants: &[Variant],
    jobs: usize,
    keep_plans: Option<&Path>,
    timings: bool,
    done: &(dyn Fn() + Sync),
) -> Result<Vec<VariantResult>, report::WriteError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(|e| report::WriteError {
            path: PathBuf::from("-j"),
            message: e.to_string(),
        })?;
    pool.install(|| {
        variants
            .par_iter()
            // One variant per task: solve times differ a hundredfold, and
            // rayon's default chunks left one worker idle at the end with the
            // other still on a long run of variants.
            .with_max_len(1)
            .map(|v| {
                let started = Instant::now();
                let (result, relaxed, shortfall) = solve_one(instance, &v.scenario);
                let seconds = started.elapsed().as_secs_f64();
                let budget = Budget::new(instance, &v.scenario);
                // The plan the row shows: the one without enforced targets
                // when they are out of reach.
                let shown = match (&result, &relaxed) {
                    (Ok(plan), _) | (Err(_), Some(Ok(plan))) => Some(plan),
                    _ => None,
                };
                if let (Some(dir), Some(plan)) = (keep_plans, shown) {
                    // Its report says the targets were not enforced.
                    let mut scenario = v.scenario.clone();
                    scenario.targets.enforce &= result.is_ok();
                    let files = report::plan_files(instance, &scenario, plan, timings);
                    crate::output::write_into(&dir.join(v.id.to_string()), &files)?;
                }
                done();
                Ok(VariantResult {
                    id: v.id,
                    varied: v.varied.clone(),
                    result,
                    relaxed,
                    shortfall,
                    available: available_per_source(instance, &budget),
                    gap_cost: budget.gap_cost.iter().copied().sum(),
                    seconds,
                })
            })
            .collect()
    })
}

/// The money each source paid in a plan, in the order of `instance.sources`.
pub fn used_per_source(instance: &Instance, run: &PlanRun) -> Vec<Money> {
    instance
        .sources
        .iter()
        .map(|s| {
            run.outcome
                .pools
                .iter()
                .filter(|p| p.source_id == s.id)
                .map(|p| p.used)
                .sum()
        })
        .collect()
}
