//! The budget–outcome curve: how many communes meet the standard, and how
//! many criteria they meet on average, as one budget is scaled.
//!
//! The data are read once. Each point of the curve is the base scenario (the
//! file with its `--set` overrides) with the chosen budget's what-if factor
//! multiplied by the point's factor, planned with [`run::plan`] exactly as
//! `ntm plan --set adjust.sources.<id>=<base × factor>` would plan it. The
//! points are planned one after another; `ntm sweep` is the parallel tool.
//!
//! Warm starts: the factors ascend, so each point's budget holds at least
//! the previous point's, and the previous plan keeps every rule of the next
//! point. With `warm`, it is offered to the next point's first tier as a
//! MIP start (`run::plan_from`); HiGHS allows no more than that (no basis
//! carries across models). Measured on the default scenario (central NTM
//! ×0.6 to ×1.4, five points), warm starts made the curve about 1.8 times
//! slower (18.5 s against 10.2 s of CPU; HiGHS takes another search path
//! from the start), with the same curve.csv, so they are off by default
//! (`ntm curve --warm-start`).

use std::fmt::Write;
use std::time::Instant;

use crate::budget::Budget;
// Text in the SVG is escaped as in HTML: the same five reserved characters.
use crate::error::Location;
use crate::instance::{Instance, Pool, PoolKind};
use crate::lang::Lang;
use crate::model::SolveError;
use crate::money::Money;
use crate::report::chart::{label, tick_decimals, ticks};
use crate::report::doc;
use crate::report::html::escape;
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
    plan_warm(instance, scenario, scale, factors, false, on_point)
}

/// `plan`; with `warm`, each point starts from the previous point's plan.
pub fn plan_warm(
    instance: &Instance,
    scenario: &Scenario,
    scale: &Scale,
    factors: &[f64],
    warm: bool,
    mut on_point: impl FnMut(&Point, Option<f64>),
) -> Result<Curve, CurveError> {
    check(instance, scenario, scale, factors)?;
    let mut points: Vec<Point> = Vec::with_capacity(factors.len());
    let mut previous: Option<crate::plan::Plan> = None;
    for &factor in factors {
        let scaled = scale.apply(instance, scenario, factor);
        let budget = Budget::new(instance, &scaled);
        let money_available = scale.money_available(instance, &budget);
        let started = Instant::now();
        let start = if warm { previous.as_ref() } else { None };
        let result = run::plan_from(instance, &scaled, budget, true, start);
        let solve_seconds = started.elapsed().as_secs_f64();
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
                };
                previous = Some(run.plan);
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
        criteria_total: instance.criteria.len(),
        target_communes: scenario.targets.communes_meeting_standard,
        target_average_criteria: scenario.targets.average_criteria,
        points,
    })
}

/// The columns of `curve.csv`.
pub const CSV_HEADER: [&str; 9] = [
    "factor",
    "money_available",
    "status",
    "communes_meeting_standard",
    "average_criteria",
    "min_criteria",
    "total_cost",
    "marginal_cost_per_commune",
    "solve_seconds",
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

// ---------------------------------------------------------------------------
// The chart.

/// A linear map from data to pixels.
#[derive(Clone, Copy)]
struct Axis {
    lo: f64,
    hi: f64,
    from: f64,
    to: f64,
}

impl Axis {
    fn at(self, x: f64) -> f64 {
        self.from + (x - self.lo) / (self.hi - self.lo) * (self.to - self.from)
    }
}

const WIDTH: f64 = 900.0;
const HEIGHT: f64 = 620.0;
const LEFT: f64 = 78.0;
const RIGHT: f64 = 868.0;
const TOP_A: f64 = 92.0;
const BOTTOM_A: f64 = 362.0;
const TOP_B: f64 = 410.0;
const BOTTOM_B: f64 = 512.0;

const INK_COMMUNES: &str = "#1f3f73";
const INK_CRITERIA: &str = "#8a4b08";
const INK_TARGET: &str = "#222222";
const INK_GRID: &str = "#dddddd";
const INK_AXIS: &str = "#555555";
const WHITE: &str = "#ffffff";

/// `curve.svg`: communes meeting the standard against money available, the
/// average criteria per commune in a second panel below on the same money
/// axis, the directive's targets as dashed lines. Self-contained (generic
/// font family, no scripts), and readable in black and white: the series
/// differ by line pattern and marker, not only by colour.
pub fn svg(curve: &Curve) -> String {
    svg_in(curve, Lang::En)
}

/// [`svg`] with its words in `lang`.
pub fn svg_in(curve: &Curve, lang: Lang) -> String {
    let describe = curve.scale.named(curve.source_name.as_deref(), lang);
    let mut s = String::new();
    let planned: Vec<(&Point, &Achieved)> = curve
        .points
        .iter()
        .filter_map(|p| p.achieved.as_ref().map(|a| (p, a)))
        .collect();
    let billions = |m: Money| m.millions() / 1000.0;

    // Axes.
    let money_lo = curve
        .points
        .first()
        .map_or(0.0, |p| billions(p.money_available));
    let money_hi = curve
        .points
        .last()
        .map_or(1.0, |p| billions(p.money_available));
    // The money axis spans the data with a little room; its ticks are the
    // round values inside.
    let pad = ((money_hi - money_lo) * 0.03).max(1e-6);
    let x = Axis {
        lo: money_lo - pad,
        hi: money_hi + pad,
        from: LEFT,
        to: RIGHT,
    };
    let x_ticks: Vec<f64> = ticks(money_lo, money_hi, 8, false)
        .into_iter()
        .filter(|t| (x.lo..=x.hi).contains(t))
        .collect();
    let mut communes: Vec<f64> = planned
        .iter()
        .map(|(_, a)| a.communes_meeting_standard as f64)
        .collect();
    communes.extend(curve.target_communes.map(f64::from));
    // Half a commune of room, so that no point sits on the frame.
    let (c_lo, c_hi) = range(&communes).unwrap_or((0.0, curve.communes_total as f64));
    let c_ticks = ticks((c_lo - 0.5).max(0.0), c_hi + 0.5, 6, true);
    let ya = Axis {
        lo: c_ticks[0],
        hi: *c_ticks.last().expect("ticks"),
        from: BOTTOM_A,
        to: TOP_A,
    };
    let mut averages: Vec<f64> = planned.iter().map(|(_, a)| a.average_criteria).collect();
    averages.extend(curve.target_average_criteria);
    let (v_lo, v_hi) = range(&averages).unwrap_or((0.0, curve.criteria_total as f64));
    let v_pad = ((v_hi - v_lo) * 0.1).max(0.02);
    let v_ticks = ticks((v_lo - v_pad).max(0.0), v_hi + v_pad, 3, false);
    let yb = Axis {
        lo: v_ticks[0],
        hi: *v_ticks.last().expect("ticks"),
        from: BOTTOM_B,
        to: TOP_B,
    };

    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif" font-size="12" fill="{INK_TARGET}">"#
    );
    let years = match (curve.years.first(), curve.years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    };
    let first = curve.points.first().map_or(0.0, |p| p.factor);
    let last = curve.points.last().map_or(0.0, |p| p.factor);
    let (first_percent, last_percent) = (percent(first, lang), percent(last, lang));
    let _ = writeln!(
        s,
        r#"<title>{}: {}, {}</title>"#,
        escape(&curve.scenario_name),
        lang.pick("đường cong vốn – kết quả", "budget–outcome curve"),
        escape(&describe)
    );
    let _ = writeln!(
        s,
        r#"<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="{WHITE}"/>"#
    );
    let _ = writeln!(
        s,
        r#"<text x="{LEFT}" y="30" font-size="18" font-weight="bold">{}: {}</text>"#,
        escape(&curve.scenario_name),
        lang.pick("đường cong vốn – kết quả", "budget–outcome curve")
    );
    let _ = match lang {
        Lang::En => writeln!(
            s,
            r#"<text x="{LEFT}" y="52" font-size="13">The money of {} from {first_percent}% to {last_percent}% of the scenario's ({} plans, {years})</text>"#,
            escape(&describe),
            curve.points.len()
        ),
        Lang::Vi => writeln!(
            s,
            r#"<text x="{LEFT}" y="52" font-size="13">Vốn {} từ {first_percent}% đến {last_percent}% mức của kịch bản ({} kế hoạch, {years})</text>"#,
            escape(&describe),
            curve.points.len()
        ),
    };

    // Panel titles (horizontal, above each panel).
    let _ = writeln!(
        s,
        r#"<text x="{LEFT}" y="{}" font-size="13" font-weight="bold">{} <tspan font-weight="normal">({} {})</tspan></text>"#,
        TOP_A - 10.0,
        lang.pick(
            "Xã đạt chuẩn nông thôn mới",
            "Communes meeting the standard"
        ),
        lang.pick("trên", "of"),
        curve.communes_total
    );
    let _ = writeln!(
        s,
        r#"<text x="{LEFT}" y="{}" font-size="13" font-weight="bold">{} <tspan font-weight="normal">({} {})</tspan></text>"#,
        TOP_B - 10.0,
        lang.pick("Số tiêu chí bình quân/xã", "Average criteria per commune"),
        lang.pick("trên", "of"),
        curve.criteria_total
    );

    // Grids and y axes.
    let x_decimals = tick_decimals(&x_ticks);
    for (axis, ticks, top, bottom) in [
        (ya, &c_ticks, TOP_A, BOTTOM_A),
        (yb, &v_ticks, TOP_B, BOTTOM_B),
    ] {
        let d = tick_decimals(ticks);
        for &t in ticks {
            let y = axis.at(t);
            let _ = writeln!(
                s,
                r#"<line x1="{LEFT}" y1="{y:.1}" x2="{RIGHT}" y2="{y:.1}" stroke="{INK_GRID}" stroke-width="1"/>"#
            );
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
                LEFT - 8.0,
                y + 4.0,
                label(t, d, lang)
            );
        }
        for &t in &x_ticks {
            let px = x.at(t);
            let _ = writeln!(
                s,
                r#"<line x1="{px:.1}" y1="{top}" x2="{px:.1}" y2="{bottom}" stroke="{INK_GRID}" stroke-width="1"/>"#
            );
        }
        let _ = writeln!(
            s,
            r#"<rect x="{LEFT}" y="{top}" width="{}" height="{}" fill="none" stroke="{INK_AXIS}" stroke-width="1"/>"#,
            RIGHT - LEFT,
            bottom - top
        );
    }
    // The money axis, under the lower panel.
    for &t in &x_ticks {
        let px = x.at(t);
        let _ = writeln!(
            s,
            r#"<line x1="{px:.1}" y1="{BOTTOM_B}" x2="{px:.1}" y2="{}" stroke="{INK_AXIS}" stroke-width="1"/>"#,
            BOTTOM_B + 5.0
        );
        let _ = writeln!(
            s,
            r#"<text x="{px:.1}" y="{}" text-anchor="middle">{}</text>"#,
            BOTTOM_B + 19.0,
            label(t, x_decimals, lang)
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle" font-size="13">{} {}, {years} ({})</text>"#,
        (LEFT + RIGHT) / 2.0,
        BOTTOM_B + 40.0,
        lang.pick("Vốn có thể sử dụng từ", "Money available from"),
        escape(&describe),
        lang.pick("tỷ đồng", "billion VND")
    );

    // What labels must not cover: the markers and the values above them.
    // (Markers and other labels first, lines second: a label may cross a
    // line, halo and all, sooner than hide a point.)
    let mut obstacles: Vec<(f64, f64)> = Vec::new();
    let mut lines: Vec<(f64, f64)> = Vec::new();
    for (p, a) in &planned {
        let px = x.at(billions(p.money_available));
        let py = ya.at(a.communes_meeting_standard as f64);
        obstacles.extend([(px, py), (px, py - 13.0)]);
        obstacles.push((px, yb.at(a.average_criteria)));
    }
    // And the lines between them, sampled every few pixels.
    for pair in planned.windows(2) {
        let (p0, a0) = pair[0];
        let (p1, a1) = pair[1];
        let (x0, x1) = (
            x.at(billions(p0.money_available)),
            x.at(billions(p1.money_available)),
        );
        for (y0, y1) in [
            (
                ya.at(a0.communes_meeting_standard as f64),
                ya.at(a1.communes_meeting_standard as f64),
            ),
            (yb.at(a0.average_criteria), yb.at(a1.average_criteria)),
        ] {
            let samples = ((x1 - x0).hypot(y1 - y0) / 4.0).ceil().max(1.0) as usize;
            for k in 1..samples {
                let t = k as f64 / samples as f64;
                lines.push((x0 + t * (x1 - x0), y0 + t * (y1 - y0)));
            }
        }
    }
    // Labels are drawn last, over the lines, each with a white halo.
    let mut labels = String::new();

    // The scenario's own budget (factor 1), when on the curve's range.
    let base = billions(curve.base_money);
    let has_base = first <= 1.0 && 1.0 <= last;
    if has_base {
        let px = x.at(base);
        let _ = writeln!(
            s,
            r#"<line x1="{px:.1}" y1="{TOP_A}" x2="{px:.1}" y2="{BOTTOM_B}" stroke="{INK_TARGET}" stroke-width="1.2" stroke-dasharray="2 3"/>"#
        );
        lines.extend(
            (0..=((BOTTOM_B - TOP_A) / 4.0) as usize).map(|k| (px, TOP_A + 4.0 * k as f64)),
        );
        let text = lang.pick("vốn của kịch bản (100%)", "scenario budget (100%)");
        let width = label_width(text, 6.0);
        let candidates = [
            (px - 5.0 - width, TOP_A + 14.0),
            (px + 5.0, TOP_A + 14.0),
            (px - 5.0 - width, BOTTOM_A - 6.0),
            (px + 5.0, BOTTOM_A - 6.0),
        ];
        let (lx, ly) = place(&candidates, width, &obstacles, &lines);
        obstacles.push((lx + width / 2.0, ly - 4.0));
        let _ = writeln!(
            labels,
            r#"<text x="{lx:.1}" y="{ly:.1}" font-size="11" {HALO}>{text}</text>"#
        );
    }

    // Targets: dashed horizontal lines, labelled at the right end.
    // Each label goes above or below its line, at the right or left end,
    // wherever it covers no point.
    let mut target_line = |s: &mut String, axis: Axis, value: f64, label: String| {
        let y = axis.at(value);
        let _ = writeln!(
            s,
            r#"<line class="target" x1="{LEFT}" y1="{y:.1}" x2="{RIGHT}" y2="{y:.1}" stroke="{INK_TARGET}" stroke-width="1.5" stroke-dasharray="12 4 3 4"/>"#
        );
        let width = label_width(&label, 6.6);
        // The ends first, then three places between them.
        let (left, right) = (LEFT + 6.0, RIGHT - 6.0 - width);
        let mut candidates = Vec::new();
        for at in [[1.0, 0.0], [0.75, 0.25]] {
            for baseline in [y - 5.0, y + 14.0] {
                for t in at {
                    candidates.push((left + t * (right - left), baseline));
                }
            }
        }
        for baseline in [y - 5.0, y + 14.0] {
            candidates.push(((left + right) / 2.0, baseline));
        }
        let (lx, ly) = place(&candidates, width, &obstacles, &lines);
        let _ = writeln!(
            labels,
            r#"<text x="{lx:.1}" y="{ly:.1}" font-size="11" font-weight="bold" {HALO}>{}</text>"#,
            escape(&label)
        );
    };
    if let Some(t) = curve.target_communes {
        target_line(
            &mut s,
            ya,
            f64::from(t),
            match lang {
                Lang::Vi => format!("mục tiêu chỉ thị: {t} xã"),
                Lang::En => format!("directive target: {t} communes"),
            },
        );
    }
    if let Some(t) = curve.target_average_criteria {
        target_line(
            &mut s,
            yb,
            t,
            match lang {
                Lang::Vi => format!("mục tiêu chỉ thị: {} tiêu chí", label(t, 1, lang)),
                Lang::En => format!("directive target: {} criteria", label(t, 1, lang)),
            },
        );
    }

    // The series. A point without a plan breaks the line.
    let series = |value: &dyn Fn(&Achieved) -> f64, axis: Axis| -> Vec<Vec<(f64, f64)>> {
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for p in &curve.points {
            match &p.achieved {
                Some(a) => runs
                    .last_mut()
                    .expect("a run")
                    .push((x.at(billions(p.money_available)), axis.at(value(a)))),
                None => runs.push(Vec::new()),
            }
        }
        runs.retain(|r| !r.is_empty());
        runs
    };
    let polyline = |s: &mut String, run: &[(f64, f64)], ink: &str, dash: &str| {
        let points: Vec<String> = run.iter().map(|(a, b)| format!("{a:.1},{b:.1}")).collect();
        let _ = writeln!(
            s,
            r#"<polyline points="{}" fill="none" stroke="{ink}" stroke-width="2.2" stroke-linejoin="round"{dash}/>"#,
            points.join(" ")
        );
    };
    let show_values = curve.points.len() <= 16;
    for run in series(&|a| a.communes_meeting_standard as f64, ya) {
        polyline(&mut s, &run, INK_COMMUNES, "");
    }
    for (p, a) in &planned {
        let (px, py) = (
            x.at(billions(p.money_available)),
            ya.at(a.communes_meeting_standard as f64),
        );
        let _ = writeln!(
            s,
            r#"<circle cx="{px:.1}" cy="{py:.1}" r="4.5" fill="{INK_COMMUNES}" stroke="{WHITE}" stroke-width="1"/>"#
        );
        if show_values {
            let _ = writeln!(
                s,
                r#"<text x="{px:.1}" y="{:.1}" text-anchor="middle" font-size="11" fill="{INK_COMMUNES}" {HALO}>{}</text>"#,
                py - 9.0,
                a.communes_meeting_standard
            );
        }
    }
    for run in series(&|a| a.average_criteria, yb) {
        polyline(&mut s, &run, INK_CRITERIA, r#" stroke-dasharray="7 4""#);
    }
    for (p, a) in &planned {
        let (px, py) = (x.at(billions(p.money_available)), yb.at(a.average_criteria));
        let _ = writeln!(
            s,
            r#"<rect x="{:.1}" y="{:.1}" width="8" height="8" fill="{WHITE}" stroke="{INK_CRITERIA}" stroke-width="2"/>"#,
            px - 4.0,
            py - 4.0
        );
    }
    // Points without a plan: a cross on the lower edge of the upper panel.
    let unplanned: Vec<&Point> = curve
        .points
        .iter()
        .filter(|p| p.achieved.is_none())
        .collect();
    for p in &unplanned {
        let (px, py) = (x.at(billions(p.money_available)), BOTTOM_A - 8.0);
        let _ = writeln!(
            s,
            r#"<path d="M{:.1},{:.1} l10,10 m0,-10 l-10,10" stroke="{INK_TARGET}" stroke-width="2"/>"#,
            px - 5.0,
            py - 5.0
        );
    }

    s.push_str(&labels);

    // Legend, one row under the money axis.
    let mut items: Vec<(String, String)> = vec![
        (
            format!(
                r#"<line x1="0" y1="0" x2="28" y2="0" stroke="{INK_COMMUNES}" stroke-width="2.2"/><circle cx="14" cy="0" r="4.5" fill="{INK_COMMUNES}"/>"#
            ),
            lang.pick("xã đạt chuẩn", "communes meeting the standard")
                .to_string(),
        ),
        (
            format!(
                r#"<line x1="0" y1="0" x2="28" y2="0" stroke="{INK_CRITERIA}" stroke-width="2.2" stroke-dasharray="7 4"/><rect x="10" y="-4" width="8" height="8" fill="{WHITE}" stroke="{INK_CRITERIA}" stroke-width="2"/>"#
            ),
            lang.pick("tiêu chí bình quân", "average criteria")
                .to_string(),
        ),
    ];
    if curve.target_communes.is_some() || curve.target_average_criteria.is_some() {
        items.push((
            format!(
                r#"<line x1="0" y1="0" x2="28" y2="0" stroke="{INK_TARGET}" stroke-width="1.5" stroke-dasharray="12 4 3 4"/>"#
            ),
            lang.pick("mục tiêu chỉ thị", "directive target").to_string(),
        ));
    }
    if has_base {
        items.push((
            format!(
                r#"<line x1="14" y1="-7" x2="14" y2="7" stroke="{INK_TARGET}" stroke-width="1.2" stroke-dasharray="2 3"/>"#
            ),
            lang.pick("vốn của kịch bản", "scenario budget").to_string(),
        ));
    }
    if !unplanned.is_empty() {
        items.push((
            format!(
                r#"<path d="M9,-5 l10,10 m0,-10 l-10,10" stroke="{INK_TARGET}" stroke-width="2"/>"#
            ),
            lang.pick(
                "không có kế hoạch (xem cột status của curve.csv)",
                "no plan (see status in curve.csv)",
            )
            .to_string(),
        ));
    }
    // Two rows at most: an item that would pass the right edge starts the
    // second.
    let (mut lx, mut ly) = (LEFT, HEIGHT - 40.0);
    for (symbol, label) in &items {
        // Roughly 6.6 px per character at 12 px.
        let width = 36.0 + label_width(label, 6.6);
        if lx > LEFT && lx + width > RIGHT {
            (lx, ly) = (LEFT, ly + 20.0);
        }
        let _ = writeln!(
            s,
            r#"<g transform="translate({lx:.1},{ly})">{symbol}<text x="36" y="4">{}</text></g>"#,
            escape(label)
        );
        lx += width + 24.0;
    }
    s.push_str("</svg>\n");
    s
}

/// Rough width in pixels of a label at 11 px (`per_char` px a character).
fn label_width(text: &str, per_char: f64) -> f64 {
    text.chars().count() as f64 * per_char
}

/// The best of `candidates` (left end and baseline of an 11 px label
/// `width` wide): the first that covers the fewest `obstacles` and, among
/// those, the fewest `lines` samples.
fn place(
    candidates: &[(f64, f64)],
    width: f64,
    obstacles: &[(f64, f64)],
    lines: &[(f64, f64)],
) -> (f64, f64) {
    let covered = |&(x, y): &(f64, f64), points: &[(f64, f64)]| {
        points
            .iter()
            .filter(|(ox, oy)| {
                (x - 6.0..=x + width + 6.0).contains(ox) && (y - 17.0..=y + 6.0).contains(oy)
            })
            .count()
    };
    candidates
        .iter()
        .copied()
        .min_by_key(|c| (covered(c, obstacles), covered(c, lines)))
        .expect("at least one candidate")
}

/// A white outline behind text, so that labels stay legible over lines.
const HALO: &str = r##"stroke="#ffffff" stroke-width="3" paint-order="stroke""##;

fn range(values: &[f64]) -> Option<(f64, f64)> {
    let lo = values.iter().copied().reduce(f64::min)?;
    let hi = values.iter().copied().reduce(f64::max)?;
    Some((lo, hi))
}

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
