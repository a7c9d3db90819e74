//! The budget–outcome curve: how many communes meet the standard, and how
//! many criteria they meet on average, as one budget is scaled.
//!
//! The data are read once. Each point of the curve is the base scenario (the
//! file with its `--set` overrides) with the chosen budget's what-if factor
//! multiplied by the point's factor, planned with [`run::plan`] exactly as
//! `ntm plan --set adjust.sources.<id>=<base × factor>` would plan it. The
//! points are planned on `jobs` workers (each plan is exact and its own, so
//! the curve does not depend on how many); with warm starts they are
//! planned one after another, each from the one before.
//!
//! Warm starts: the factors ascend, so each point's budget holds at least
//! the previous point's, and the previous plan keeps every rule of the next
//! point. With `warm`, it is offered to the next point's first tier as a
//! MIP start (`run::plan_on_horizon`); HiGHS allows no more than that (no basis
//! carries across models). Measured on the default scenario (central NTM
//! ×0.6 to ×1.4, five points), warm starts made the curve about 1.8 times
//! slower (18.5 s against 10.2 s of CPU; HiGHS takes another search path
//! from the start), with the same curve.csv, so they are off by default
//! (`ntm curve --warm-start`).

use std::time::Instant;

use crate::budget::Budget;
// Text in the SVG is escaped as in HTML: the same five reserved characters.
use crate::error::Location;
use crate::instance::{Instance, Pool, PoolKind};
use crate::lang::Lang;
use crate::model::SolveError;
use crate::money::Money;
use crate::report::chart::label;
use crate::report::doc;
use crate::report::summary;
use crate::report::tables::Csv;
use crate::run::{self, RunError};
use crate::scenario::{MAX_FACTOR, Scenario};

/// The most points a curve may have.
pub const MAX_STEPS: usize = 1000;

/// The most money (million VND) the scaled budget lines may add up to, as
/// for the tables themselves.
const MAX_TOTAL_MILLIONS: f64 = 1e12;

/// Which budget the curve scales.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scale {
    /// One programme source, by id: its `adjust.sources.<id>` factor.
    Source(String),
    /// The districts' land-use revenue: `adjust.land_revenue`.
    LandRevenue,
    /// Every programme source and the land-use revenue together.
    All,
}

impl Scale {
    /// `--source`: a programme source id, `land_revenue` or `all`.
    pub fn resolve(text: &str, instance: &Instance) -> Result<Scale, String> {
        let text = text.trim();
        if text == "all" {
            return Ok(Scale::All);
        }
        match instance.sources.iter().find(|s| s.id == text) {
            Some(s) if s.is_land_revenue() => Ok(Scale::LandRevenue),
            Some(s) => Ok(Scale::Source(s.id.clone())),
            None => {
                let mut known: Vec<&str> = instance.sources.iter().map(|s| s.id.as_str()).collect();
                known.push("all");
                let hint = if text == crate::instance::LAND_REVENUE {
                    " (the scenario has no land_revenue.csv)"
                } else {
                    ""
                };
                Err(format!(
                    "--source: `{text}` is not a source of this scenario{hint}; choose one of {}",
                    known.join(", ")
                ))
            }
        }
    }

    /// For titles: `source central_ntm`, `land-use revenue`, ….
    pub fn describe(&self) -> String {
        match self {
            Scale::Source(id) => format!("source {id}"),
            Scale::LandRevenue => "land-use revenue".to_string(),
            Scale::All => "all sources and land-use revenue".to_string(),
        }
    }

    /// [`Scale::describe`] in `lang`.
    pub fn describe_in(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.describe(),
            (Scale::Source(id), Lang::Vi) => format!("nguồn {id}"),
            (Scale::LandRevenue, Lang::Vi) => "tiền thu sử dụng đất".to_string(),
            (Scale::All, Lang::Vi) => "mọi nguồn và tiền thu sử dụng đất".to_string(),
        }
    }

    /// What is scaled, by the source's name, in `lang`: "source Central
    /// NTM programme", "nguồn Chương trình MTQG".
    pub fn named(&self, source_name: Option<&str>, lang: Lang) -> String {
        match (self, source_name) {
            (Scale::Source(_), Some(name)) => {
                format!("{} {name}", lang.pick("nguồn", "source"))
            }
            _ => self.describe_in(lang),
        }
    }

    /// Whether a budget line's money is scaled.
    fn covers(&self, instance: &Instance, pool: &Pool) -> bool {
        match (self, pool.kind) {
            (Scale::All, _) => true,
            (Scale::LandRevenue, kind) => kind == PoolKind::LandRevenue,
            (Scale::Source(id), PoolKind::Programme) => &instance.sources[pool.source.0].id == id,
            (Scale::Source(_), PoolKind::LandRevenue | PoolKind::Topup) => false,
        }
    }

    /// The what-if keys scaled, each with its factor in the base scenario.
    fn keys(&self, instance: &Instance, scenario: &Scenario) -> Vec<(String, f64)> {
        let source = |id: &str| {
            (
                format!("adjust.sources.{id}"),
                scenario.adjust.source_factor(id),
            )
        };
        let land = || {
            (
                "adjust.land_revenue".to_string(),
                scenario.adjust.land_revenue,
            )
        };
        match self {
            Scale::Source(id) => vec![source(id)],
            Scale::LandRevenue => vec![land()],
            Scale::All => {
                let mut keys: Vec<(String, f64)> = instance
                    .sources
                    .iter()
                    .filter(|s| !s.is_land_revenue())
                    .map(|s| source(&s.id))
                    .collect();
                if instance.sources.iter().any(|s| s.is_land_revenue()) {
                    keys.push(land());
                }
                keys
            }
        }
    }

    /// The base scenario with the scaled factors multiplied by `factor`.
    pub fn apply(&self, instance: &Instance, scenario: &Scenario, factor: f64) -> Scenario {
        let mut scaled = scenario.clone();
        let adjust = &mut scaled.adjust;
        let mut set_source = |id: &str| {
            let value = scenario.adjust.source_factor(id) * factor;
            match adjust.sources.iter_mut().find(|(s, _, _)| s == id) {
                Some(entry) => entry.1 = value,
                None => {
                    adjust
                        .sources
                        .push((id.to_string(), value, Location::file(&scenario.path)))
                }
            }
        };
        match self {
            Scale::Source(id) => set_source(id),
            Scale::LandRevenue => {}
            Scale::All => {
                for s in instance.sources.iter().filter(|s| !s.is_land_revenue()) {
                    set_source(&s.id);
                }
            }
        }
        if matches!(self, Scale::LandRevenue | Scale::All) {
            scaled.adjust.land_revenue = scenario.adjust.land_revenue * factor;
        }
        scaled
    }

    /// The money the plan may spend from the scaled budget lines over all
    /// years (million VND, exact): their capacities after the what-ifs; for
    /// land revenue, `max_share` of the revenue.
    pub fn money_available(&self, instance: &Instance, budget: &Budget) -> Money {
        instance
            .pools
            .iter()
            .zip(&budget.pool_capacity)
            .filter(|(pool, _)| self.covers(instance, pool))
            .map(|(_, capacity)| *capacity)
            .sum()
    }
}

/// `--from A --to B --steps N`: N factors from A to B, both ends included
/// exactly; the points between are rounded to nine decimals so that they
/// print as written (`0.3`, not `0.30000000000000004`).
pub fn factors(from: f64, to: f64, steps: usize) -> Result<Vec<f64>, String> {
    for (flag, x) in [("--from", from), ("--to", to)] {
        if !x.is_finite() || x < 0.0 {
            return Err(format!("{flag} must be a number of 0 or more, not {x}"));
        }
    }
    if from >= to {
        return Err(format!(
            "--from ({from}) must be less than --to ({to}): the curve runs from the smaller budget to the larger"
        ));
    }
    if !(2..=MAX_STEPS).contains(&steps) {
        return Err(format!(
            "--steps must be from 2 to {MAX_STEPS} (the number of points, both ends included), not {steps}"
        ));
    }
    let last = steps - 1;
    Ok((0..steps)
        .map(|i| match i {
            0 => from,
            i if i == last => to,
            i => {
                let x = from + (to - from) * i as f64 / last as f64;
                (x * 1e9).round() / 1e9
            }
        })
        .collect())
}

/// How a point's planning ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every tier proven optimal.
    Optimal,
    /// A plan, but the time limit stopped a tier before its proof.
    TimeLimit,
    /// The enforced targets cannot all be met with this money: no plan.
    TargetsUnreachable,
    /// No plan keeps every rule: no plan.
    Infeasible,
    /// The time limit passed before any plan was found: no plan.
    NoSolution,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::TimeLimit => "time_limit",
            Status::TargetsUnreachable => "targets_unreachable",
            Status::Infeasible => "infeasible",
            Status::NoSolution => "no_solution",
        }
    }
}

/// What the plan at one point achieves.
#[derive(Debug, Clone, PartialEq)]
pub struct Achieved {
    pub communes_meeting_standard: usize,
    pub weighted_communes: f64,
    pub average_criteria: f64,
    pub min_criteria: usize,
    pub total_cost: Money,
    /// The money of the projects the plan pauses: no factor scales it, so
    /// a plan may spend more than `money_available` by as much.
    pub freed_by_paused_projects: Money,
}

/// One point of the curve.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub factor: f64,
    /// Money available from the scaled budget lines over all years.
    pub money_available: Money,
    pub status: Status,
    /// None when there is no plan at this point.
    pub achieved: Option<Achieved>,
    /// Wall-clock seconds to plan this point (solve, payments and check).
    pub solve_seconds: f64,
}

impl Point {
    fn communes(&self) -> Option<usize> {
        self.achieved.as_ref().map(|a| a.communes_meeting_standard)
    }
}

/// The marginal cost of each additional commune, in million VND per
/// commune, at each point where the count of communes meeting the standard
/// rises: the money available added since the point where the count was
/// first at its previous level, over the communes gained. None where the
/// count does not rise (and at the first planned point). Points without a
/// plan are passed over.
///
/// Measuring from where the previous level was first reached, rather than
/// from the point just before, keeps the figure from being merely the grid
/// step: when 55 communes are first reached at 21,300 and 56 at 31,950, the
/// 56th commune costs about 10,650, not the 3,550 between two grid points.
/// On a grid it is an estimate either way; finer steps sharpen it.
pub fn marginal_costs(points: &[Point]) -> Vec<Option<f64>> {
    let mut level: Option<(usize, Money)> = None;
    points
        .iter()
        .map(|p| {
            let communes = p.communes()?;
            match level {
                Some((before, money)) if communes > before => {
                    level = Some((communes, p.money_available));
                    let extra = p.money_available - money;
                    Some(extra.millions() / (communes - before) as f64)
                }
                Some((before, _)) if communes == before => None,
                _ => {
                    level = Some((communes, p.money_available));
                    None
                }
            }
        })
        .collect()
}

/// A planned curve and what its chart and tables need.
#[derive(Debug, Clone)]
pub struct Curve {
    pub scenario_name: String,
    pub years: Vec<i32>,
    pub scale: Scale,
    /// The scaled source's name, for people (none for land revenue or all).
    pub source_name: Option<String>,
    /// Money available from the scaled budget lines at factor 1.
    pub base_money: Money,
    pub communes_total: usize,
    pub criteria_total: usize,
    pub target_communes: Option<u32>,
    pub target_average_criteria: Option<f64>,
    pub points: Vec<Point>,
}

impl Curve {
    /// See [`marginal_costs`].
    pub fn marginal_costs(&self) -> Vec<Option<f64>> {
        marginal_costs(&self.points)
    }

    /// Points without a proven-optimal plan.
    pub fn unproven(&self) -> usize {
        self.points
            .iter()
            .filter(|p| p.status != Status::Optimal)
            .count()
    }
}

#[derive(Debug)]
pub enum CurveError {
    /// The flags do not make a curve: bad input.
    BadInput(String),
    /// A point failed for a reason that is not its budget (a solver
    /// failure, or a plan that breaks the rules); the curve stops.
    Run { factor: f64, error: RunError },
}

impl std::fmt::Display for CurveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CurveError::BadInput(message) => write!(f, "{message}"),
            CurveError::Run { factor, error } => write!(f, "at factor {factor}: {error}"),
        }
    }
}

impl std::error::Error for CurveError {}

/// Check that the scaled factors stay what-if factors and the money stays
/// summable at every factor, and that there is money to scale. [`plan`]
/// checks this first; it is public so that a caller can check before it
/// prints anything.
pub fn check(
    instance: &Instance,
    scenario: &Scenario,
    scale: &Scale,
    factors: &[f64],
) -> Result<(), CurveError> {
    let largest = factors.iter().copied().fold(0.0, f64::max);
    for (key, base) in scale.keys(instance, scenario) {
        if base * largest > MAX_FACTOR {
            return Err(CurveError::BadInput(format!(
                "--to {largest} would set {key} to {} ({base} in the scenario × {largest}); what-if factors go up to {MAX_FACTOR}",
                base * largest
            )));
        }
    }
    let top = scale.apply(instance, scenario, largest);
    for kind in [PoolKind::Programme, PoolKind::LandRevenue] {
        let total: f64 = instance
            .pools
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| {
                let factor = match kind {
                    PoolKind::Programme => {
                        top.adjust.source_factor(&instance.sources[p.source.0].id)
                    }
                    PoolKind::LandRevenue => top.adjust.land_revenue,
                    PoolKind::Topup => 1.0,
                };
                p.amount.millions() * factor
            })
            .sum();
        if total > MAX_TOTAL_MILLIONS {
            return Err(CurveError::BadInput(format!(
                "--to {largest}: the scaled money would add up to more than 1,000,000,000,000 million VND"
            )));
        }
    }
    let base = scale.money_available(instance, &Budget::new(instance, scenario));
    if base.is_zero() {
        return Err(CurveError::BadInput(format!(
            "--source: {} has no money to scale in the planning years (after the scenario's adjust factors)",
            scale.describe()
        )));
    }
    Ok(())
}

/// Plan the curve: one plan per factor, in order. `on_point` is called as
/// each point is done, with its marginal cost (see [`marginal_costs`]).
pub fn plan(
    instance: &Instance,
    scenario: &Scenario,
    scale: &Scale,
    factors: &[f64],
    on_point: impl FnMut(&Point, Option<f64>),
) -> Result<Curve, CurveError> {
    plan_warm(instance, scenario, scale, factors, false, 1, on_point)
}

/// One point planned: the money it makes available, the plan (or why
/// none), and the seconds it took.
type Planned = (Money, Result<run::PlanRun, RunError>, f64);

/// `plan`; with `warm`, each point starts from the previous point's plan
/// (one after another); without, the points are planned on `jobs` workers
/// and reported in the order of `factors` once all are done.
pub fn plan_warm(
    instance: &Instance,
    scenario: &Scenario,
    scale: &Scale,
    factors: &[f64],
    warm: bool,
    jobs: usize,
    mut on_point: impl FnMut(&Point, Option<f64>),
) -> Result<Curve, CurveError> {
    check(instance, scenario, scale, factors)?;
    // A point reports figures at the horizon, which the years' schedule
    // does not change: it is not scheduled (`run::plan_on_horizon`). The
    // previous point's plan, with the projects it pauses, is a start.
    let plan_point = |factor: f64, start: Option<&run::PlanRun>| -> Planned {
        let scaled = scale.apply(instance, scenario, factor);
        let budget = Budget::new(instance, &scaled);
        let money_available = scale.money_available(instance, &budget);
        let started = Instant::now();
        let result = run::plan_on_horizon(instance, &scaled, budget, true, start);
        (money_available, result, started.elapsed().as_secs_f64())
    };
    // Without workers (one job, warm starts, or no thread to be had) the
    // points are planned in the loop below, one after another.
    let pool = (!warm && jobs > 1)
        .then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(jobs)
                .build()
                .ok()
        })
        .flatten();
    let mut ahead: Vec<Option<Planned>> = match pool {
        Some(pool) => pool.install(|| {
            use rayon::prelude::*;
            factors
                .par_iter()
                // One point per task: the solve times differ tenfold.
                .with_max_len(1)
                .map(|factor| Some(plan_point(*factor, None)))
                .collect()
        }),
        None => factors.iter().map(|_| None).collect(),
    };
    let mut points: Vec<Point> = Vec::with_capacity(factors.len());
    let mut previous: Option<run::PlanRun> = None;
    for (i, &factor) in factors.iter().enumerate() {
        let (money_available, result, solve_seconds) = match ahead[i].take() {
            Some(planned) => planned,
            None => plan_point(factor, if warm { previous.as_ref() } else { None }),
        };
        let (status, achieved) = match result {
            Ok(run) => {
                let o = &run.outcome;
                let status = match summary::status(&run.selection) {
                    "optimal" => Status::Optimal,
                    _ => Status::TimeLimit,
                };
                let achieved = Achieved {
                    communes_meeting_standard: o.communes_meeting_standard,
                    weighted_communes: o.weighted_communes,
                    average_criteria: o.average_criteria,
                    min_criteria: o.min_criteria,
                    total_cost: o.total_cost,
                    freed_by_paused_projects: crate::report::projects::paused_money(instance, &run),
                };
                previous = Some(run);
                (status, Some(achieved))
            }
            Err(RunError::TargetsUnreachable(_)) => (Status::TargetsUnreachable, None),
            Err(RunError::Solve(SolveError::Infeasible)) => (Status::Infeasible, None),
            Err(RunError::Solve(SolveError::NoSolution)) => (Status::NoSolution, None),
            Err(error) => return Err(CurveError::Run { factor, error }),
        };
        let point = Point {
            factor,
            money_available,
            status,
            achieved,
            solve_seconds,
        };
        points.push(point);
        let marginal = *marginal_costs(&points).last().expect("a point");
        on_point(points.last().expect("a point"), marginal);
    }
    Ok(Curve {
        scenario_name: scenario.name.clone(),
        years: instance.years.clone(),
        scale: scale.clone(),
        source_name: match scale {
            Scale::Source(id) => instance
                .sources
                .iter()
                .find(|s| &s.id == id)
                .map(|s| s.name.clone()),
            _ => None,
        },
        base_money: scale.money_available(instance, &Budget::new(instance, scenario)),
        communes_total: instance.communes.len(),
        criteria_total: instance.commune_criteria,
        target_communes: scenario.targets.communes_meeting_standard,
        target_average_criteria: scenario.targets.average_criteria,
        points,
    })
}

/// The columns of `curve.csv`.
pub const CSV_HEADER: [&str; 10] = [
    "factor",
    "money_available",
    "status",
    "communes_meeting_standard",
    "average_criteria",
    "min_criteria",
    "total_cost",
    "marginal_cost_per_commune",
    "solve_seconds",
    "freed_by_paused_projects",
];

/// `curve.csv`: one row per point. Money in million VND; the cells of a
/// point without a plan are empty; `timings` false leaves solve_seconds
/// empty so that two runs give identical files.
pub fn csv(curve: &Curve, timings: bool) -> Vec<u8> {
    let mut csv = Csv::new(&CSV_HEADER);
    for (p, marginal) in curve.points.iter().zip(curve.marginal_costs()) {
        let a = p.achieved.as_ref();
        csv.row(&[
            p.factor.to_string(),
            p.money_available.to_string(),
            p.status.name().to_string(),
            a.map_or(String::new(), |a| a.communes_meeting_standard.to_string()),
            a.map_or(String::new(), |a| format!("{:.4}", a.average_criteria)),
            a.map_or(String::new(), |a| a.min_criteria.to_string()),
            a.map_or(String::new(), |a| a.total_cost.to_string()),
            marginal.map_or(String::new(), |m| format!("{m:.2}")),
            if timings {
                format!("{:.3}", p.solve_seconds)
            } else {
                String::new()
            },
            a.map_or(String::new(), |a| a.freed_by_paused_projects.to_string()),
        ]);
    }
    csv.finish()
}

/// The console table's header.
pub fn console_header() -> String {
    console_header_in(Lang::En)
}

/// [`console_header`] in `lang`.
pub fn console_header_in(lang: Lang) -> String {
    if lang == Lang::Vi {
        return format!(
            "  {:>7}  {:>15}  {:<19}  {:>8}  {:>8}  {:>3}  {:>15}  {:>17}",
            "hệ số",
            "vốn có thể dùng",
            "tình trạng",
            "xã đạt",
            "tc bq",
            "min",
            "vốn sử dụng",
            "mỗi xã tăng thêm"
        );
    }
    format!(
        "  {:>7}  {:>15}  {:<19}  {:>8}  {:>8}  {:>3}  {:>15}  {:>17}",
        "factor",
        "money available",
        "status",
        "communes",
        "avg crit",
        "min",
        "money spent",
        "per extra commune"
    )
}

/// A factor as a percentage of the scenario's money, as `lang` writes
/// numbers: 0.5 is `50`, 0.125 is `12,5` in Vietnamese.
pub fn percent(factor: f64, lang: Lang) -> String {
    let x = factor * 100.0;
    if (x - x.round()).abs() < 1e-9 {
        format!("{x:.0}")
    } else if (x * 10.0 - (x * 10.0).round()).abs() < 1e-9 {
        doc::decimal(x, 1, lang)
    } else {
        doc::decimal(x, 2, lang)
    }
}

/// One line of the console table (money in million VND), its status and
/// numbers as `lang` writes them.
pub fn console_row(point: &Point, marginal: Option<f64>, lang: Lang) -> String {
    let a = point.achieved.as_ref();
    let factor = point.factor.to_string();
    format!(
        "  {:>7}  {:>15}  {:<19}  {:>8}  {:>8}  {:>3}  {:>15}  {:>17}",
        format!(
            "×{}",
            if lang == Lang::Vi {
                factor.replace('.', ",")
            } else {
                factor
            }
        ),
        doc::money(point.money_available, lang),
        crate::report::sweep::status_label(point.status.name(), lang),
        a.map_or("-".into(), |a| a.communes_meeting_standard.to_string()),
        a.map_or("-".into(), |a| doc::decimal(a.average_criteria, 2, lang)),
        a.map_or("-".into(), |a| a.min_criteria.to_string()),
        a.map_or("-".into(), |a| doc::money(a.total_cost, lang)),
        marginal.map_or(String::new(), |m| label(m, 0, lang))
    )
}

// The chart is drawn in `report::curve_chart`, beside the other charts.
pub use crate::report::curve_chart::{svg, svg_in};

#[cfg(test)]
mod tests {
    use super::factors;

    #[test]
    fn factors_include_both_ends_and_print_as_written() {
        let f = factors(0.1, 0.7, 7).unwrap();
        assert_eq!(f.len(), 7);
        assert_eq!(f[0], 0.1);
        assert_eq!(f[6], 0.7);
        assert_eq!(f[2].to_string(), "0.3");
        assert!(factors(1.0, 1.0, 3).is_err());
        assert!(factors(0.5, 1.0, 1).is_err());
        assert!(factors(-0.5, 1.0, 3).is_err());
        assert!(factors(0.5, f64::NAN, 3).is_err());
    }
}
