//! Running HiGHS: one objective at a time, and the lexicographic sequence.
//!
//! The model is built with good_lp and solved through the underlying
//! `highs::Model`, because good_lp does not report the proven gap and we
//! must say how far from optimal a time-limited plan may be.

use std::time::{Duration, Instant};

use good_lp::solvers::highs::highs;
use good_lp::{IntoAffineExpression, ProblemVariables, SolverModel};

use super::watch::Ended;
use super::{Context, Objective, constraints, objective, variables::Variables};

/// What one solve asks for.
#[derive(Debug, Clone)]
pub struct Spec {
    pub objective: Objective,
    pub enforce_targets: bool,
    /// Earlier tiers held at their values.
    pub bounds: Vec<(Objective, f64)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TierStatus {
    Optimal,
    TimeLimit,
}

impl TierStatus {
    pub fn name(self) -> &'static str {
        match self {
            TierStatus::Optimal => "optimal",
            TierStatus::TimeLimit => "time_limit",
        }
    }
}

/// One solved objective.
#[derive(Debug, Clone)]
pub struct TierOutcome {
    pub objective: Objective,
    pub value: f64,
    pub status: TierStatus,
    /// The relative gap HiGHS proved (0 when optimal).
    pub gap: f64,
    pub seconds: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SolveError {
    /// No plan keeps every rule and enforced target.
    Infeasible,
    /// The time limit passed before any plan was found.
    NoSolution,
    /// HiGHS itself failed.
    Solver(String),
}

impl std::fmt::Display for SolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SolveError::Infeasible => write!(f, "no plan keeps every rule and enforced target"),
            SolveError::NoSolution => write!(f, "the time limit passed before any plan was found"),
            SolveError::Solver(why) => write!(f, "the solver failed: {why}"),
        }
    }
}

impl std::error::Error for SolveError {}

/// Solve one objective. `start` (base columns) is offered to HiGHS as a
/// first incumbent; it must keep every constraint of `spec` to be used.
pub fn solve_one(
    context: &Context,
    spec: &Spec,
    start: Option<&[f64]>,
    time_limit: f64,
) -> Result<(TierOutcome, Vec<f64>), SolveError> {
    let built = Instant::now();
    let mut problem = ProblemVariables::new();
    let idle = idle_parts(context, spec);
    // Tied to whole communes, no commune's gap is funded on its own and
    // the dominance rows have nothing to order.
    let dominance = dominance_valid(context, spec) && !idle.whole_communes;
    let vars = Variables::new(
        &mut problem,
        context.instance,
        &context.sets,
        dominance,
        context.budget.pausable.len(),
        idle,
    );
    // A start for a model tied to whole communes funds no gap of a commune
    // it leaves short of the standard.
    let whole;
    let start = match start {
        Some(given) if idle.whole_communes => {
            whole = super::greedy::whole_communes_only(context, given);
            Some(whole.as_slice())
        }
        other => other,
    };
    let base_columns = vars.len();
    let owners = vars.owner_columns(&context.sets, context.instance);
    let (goal, mut rows) = objective::expression(spec.objective, context, &mut problem, &vars);
    for (tier, value) in &spec.bounds {
        let (expr, helper_rows) = objective::expression(*tier, context, &mut problem, &vars);
        rows.extend(helper_rows);
        let slack = tier.tolerance(context, *value);
        rows.push(if tier.maximise() {
            expr.geq(value - slack)
        } else {
            expr.leq(value + slack)
        });
    }
    // HiGHS gets the rules, then the targets, then the objectives' rows.
    let mut every_row = constraints::rules(context, &vars);
    if spec.enforce_targets {
        every_row.extend(constraints::targets(context, &vars));
    }
    every_row.extend(rows);
    let rows = every_row;
    // The start, completed with the columns the base ones imply, and its
    // objective: the answer if HiGHS must be left behind at the deadline
    // before it reports anything better. Offered only when it keeps every
    // row (`start::keeps` says why).
    let offered = start.and_then(|start| {
        let columns = start_columns_for(context, spec, &vars, &owners, problem.len(), start);
        super::start::checked(spec.objective, &problem, &rows, &goal, columns)
    });
    // Columns fixed at zero (what the solve leaves idle or pays through an
    // owner's column) are taken out of the model HiGHS solves.
    let fixed: Vec<bool> = problem
        .iter_variables_with_def()
        .map(|(_, definition)| definition.get_min() == 0.0 && definition.get_max() == 0.0)
        .collect();
    let unsolved = if spec.objective.maximise() {
        problem.maximise(&goal)
    } else {
        problem.minimise(&goal)
    };
    let mut model = unsolved.using(highs);
    for row in rows {
        model.add_constraint(row);
    }
    let mut inner = model
        .try_into_inner()
        .map_err(|e| SolveError::Solver(e.to_string()))?;
    let unit = spec.objective.unit(context);
    configure(
        &mut inner,
        &context.scenario.solver,
        time_limit,
        spec.objective,
        unit,
    )?;
    // NTM_WRITE_MODEL=DIR writes each solve's model for analysis outside
    // the program (docs/performance.md, "Tools").
    if let Some(dir) = std::env::var_os("NTM_WRITE_MODEL") {
        write_model(
            &mut inner,
            context,
            &vars,
            spec.objective,
            start,
            std::path::Path::new(&dir),
        );
    }
    let kept = without_fixed_columns(&mut inner, &fixed)?;
    let offered = offered.map(|(columns, value)| (kept.reduce(&columns), value));
    let offered = super::start::offer(&mut inner, offered)?;
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(time_limit.max(0.0));
    let found = super::watch::solve(inner, deadline, grace(context), offered)?;
    let seconds = started.elapsed().as_secs_f64();
    super::watch::trace(format_args!(
        "solved {} (targets enforced: {}) in {seconds:.3} s after {:.3} s of building",
        spec.objective.name(),
        spec.enforce_targets,
        (started - built).as_secs_f64(),
    ));
    let status = match found.ended {
        Ended::Optimal => TierStatus::Optimal,
        Ended::Limit => TierStatus::TimeLimit,
        Ended::Infeasible => return Err(SolveError::Infeasible),
    };
    // good_lp hands HiGHS the linear part only; the constant is ours to add.
    let value = found.objective + goal.constant();
    let mut columns = kept.expand(&found.columns);
    // The base columns say, per funding, what is paid, whatever the model.
    for (f, owner) in owners.iter().enumerate() {
        if let Some(column) = owner {
            columns[f] = if columns[*column] > 0.5 { 1.0 } else { 0.0 };
        }
    }
    let outcome = TierOutcome {
        objective: spec.objective,
        value,
        status,
        gap: found.gap,
        seconds,
    };
    Ok((outcome, columns[..base_columns].to_vec()))
}

/// Which columns of a model HiGHS still has after [`without_fixed_columns`].
struct Kept {
    /// By column HiGHS solves: the column of the model as built.
    columns: Vec<usize>,
    /// How many columns the model as built has.
    built: usize,
}

impl Kept {
    /// A plan of the model as built, in HiGHS's columns.
    fn reduce(&self, columns: &[f64]) -> Vec<f64> {
        self.columns.iter().map(|j| columns[*j]).collect()
    }

    /// A plan in HiGHS's columns, in those of the model as built (the
    /// columns taken out are zero).
    fn expand(&self, columns: &[f64]) -> Vec<f64> {
        if columns.is_empty() {
            return Vec::new();
        }
        let mut all = vec![0.0; self.built];
        for (value, j) in columns.iter().zip(&self.columns) {
            all[*j] = *value;
        }
        all
    }
}

/// Deletes the columns `fixed` marks (fixed at zero) from HiGHS's model.
/// Exact, since they are zero in every plan, and worth it: HiGHS's root
/// cuts and sub-MIPs work over every column, fixed or not, and the tiers
/// that pay villages, advanced levels and communes through one column
/// leave most columns fixed (2,212 of 2,489 in the default scenario's
/// advanced tier).
fn without_fixed_columns(inner: &mut highs::Model, fixed: &[bool]) -> Result<Kept, SolveError> {
    let built = fixed.len();
    if !fixed.iter().any(|f| *f) {
        return Ok(Kept {
            columns: (0..built).collect(),
            built,
        });
    }
    let mut mask: Vec<highs_sys::HighsInt> = fixed
        .iter()
        .map(|f| highs_sys::HighsInt::from(*f))
        .collect();
    // SAFETY: the pointer is the live HiGHS instance `inner` owns, and the
    // mask has one entry per column of its model, as HiGHS requires.
    let status =
        unsafe { highs_sys::Highs_deleteColsByMask(inner.as_mut_ptr(), mask.as_mut_ptr()) };
    if status == highs_sys::kHighsStatusError {
        return Err(SolveError::Solver(format!(
            "HiGHS could not take the fixed columns out (status {status})"
        )));
    }
    Ok(Kept {
        columns: (0..built).filter(|j| !fixed[*j]).collect(),
        built,
    })
}

/// Every column of a solve's model from a plan's base columns (`start`):
/// the links, advanced communes, villages and the objectives' helpers the
/// plan implies, in the order `solve_one` made them.
fn start_columns_for(
    context: &Context,
    spec: &Spec,
    vars: &Variables,
    owners: &[Option<usize>],
    count: usize,
    start: &[f64],
) -> Vec<f64> {
    let mut columns = vec![0.0; count];
    columns[..start.len()].copy_from_slice(start);
    let links = vars.link_values(&context.sets, context.instance, start);
    columns[start.len()..start.len() + links.len()].copy_from_slice(&links);
    let advanced = vars.advanced_values(&context.sets, context.instance, start);
    let from = start.len() + links.len();
    columns[from..from + advanced.len()].copy_from_slice(&advanced);
    let villages = vars.village_values(&context.sets, context.instance, start);
    let at = from + advanced.len();
    columns[at..at + villages.len()].copy_from_slice(&villages);
    // Aggregated gaps are paid through their owners' columns.
    for (f, owner) in owners.iter().enumerate() {
        if owner.is_some() {
            columns[f] = 0.0;
        }
    }
    // The objectives' helpers: the goal's, then each held tier's.
    let (funded, meets, village_meets) = start_outcomes(context, start);
    let mut at = at + villages.len();
    for tier in std::iter::once(spec.objective).chain(spec.bounds.iter().map(|(t, _)| *t)) {
        let helpers = objective::helper_values(tier, context, &funded, &meets, &village_meets);
        columns[at..at + helpers.len()].copy_from_slice(&helpers);
        at += helpers.len();
    }
    columns
}

/// The share of `solver.time_limit_seconds` the solves may take.
pub const SOLVING_SHARE: f64 = 0.9;

/// How long past a deadline HiGHS may take to stop by itself: a twentieth
/// of the time limit, so a run keeps its limit within a tenth.
pub(super) fn grace(context: &Context) -> Duration {
    Duration::from_secs_f64(context.scenario.solver.time_limit_seconds * 0.05)
}

/// The parts of the model this solve may fix at zero (`variables::Idle`):
/// villages unless the objective, a held tier or an enforced target counts
/// them, advanced communes likewise. A plan compared with a submitted one
/// (`Objective::Changes`) keeps every part, since funding what the other
/// plan funds brings it closer. NTM_NO_IDLE=1 keeps every part, for
/// measuring what this brings.
fn idle_parts(context: &Context, spec: &Spec) -> super::variables::Idle {
    let tiers: Vec<Objective> = std::iter::once(spec.objective)
        .chain(spec.bounds.iter().map(|(o, _)| *o))
        .collect();
    idle_for(context, &tiers, spec.enforce_targets)
}

/// [`idle_parts`] of a solve of `tiers` (the objective and those held),
/// with or without the targets enforced: also what a start for that solve
/// must leave unfunded (`greedy::complete`).
pub(super) fn idle_for(
    context: &Context,
    tiers: &[Objective],
    enforce_targets: bool,
) -> super::variables::Idle {
    let targets = &context.scenario.targets;
    let enforced = |set: bool| enforce_targets && set;
    let wanted = std::env::var_os("NTM_NO_IDLE").is_none_or(|v| v != "1");
    let free = wanted && !tiers.contains(&Objective::Changes);
    let criteria_counted = tiers.iter().any(|o| {
        matches!(
            o,
            Objective::CriteriaMet | Objective::MinCriteria | Objective::Changes
        )
    }) || enforced(targets.average_criteria.is_some())
        || enforced(targets.min_criteria_per_commune.is_some());
    let one_funding_each = context
        .sets
        .gap_fundings
        .iter()
        .all(|fundings| fundings.len() <= 1);
    // NTM_NO_WHOLE=1 funds commune gaps one by one in every solve, for
    // measuring what the tie brings.
    let tie = std::env::var_os("NTM_NO_WHOLE").is_none_or(|v| v != "1");
    super::variables::Idle {
        whole_communes: free && tie && one_funding_each && !criteria_counted,
        villages: free
            && !tiers
                .iter()
                .any(|o| matches!(o, Objective::Villages | Objective::VillagesAll))
            && !enforced(targets.villages_share_in_especially_difficult.is_some()),
        advanced: free
            && !tiers.contains(&Objective::AdvancedCommunes)
            && !enforced(targets.communes_advanced.is_some()),
        aggregate: free
            && context.instance.gaps.iter().enumerate().all(|(g, gap)| {
                gap.kind() == crate::instance::GapKind::Commune
                    || context.sets.gap_fundings[g].len() <= 1
            }),
    }
}

/// Whether the dominance rows (`constraints::dominance`) keep some optimum
/// of this solve: they do when every objective involved counts communes,
/// criteria in total, or money, and no target bounds one commune's count.
fn dominance_valid(context: &Context, spec: &Spec) -> bool {
    let exchangeable = |o: &Objective| {
        matches!(
            o,
            Objective::WeightedCommunes
                | Objective::CriteriaMet
                | Objective::Money
                | Objective::Communes
                | Objective::TargetDistricts
                | Objective::KeptCommunes
                | Objective::Villages
                | Objective::VillagesAll
                | Objective::Topup
                | Objective::AdvancedCommunes
                | Objective::PausedMoney
                | Objective::AnyPlan
        )
    };
    // NTM_NO_DOMINANCE=1 leaves the rows out, for measuring what they bring.
    let wanted = std::env::var_os("NTM_NO_DOMINANCE").is_none_or(|v| v != "1");
    // Valid there too, but measured slower in the tier that counts
    // criteria: the shipped sweep's criteria tiers 7.8 → 6.2 s without
    // them, the default scenario's 40 → 30 ms, 1,000 synthetic communes'
    // 4.3 → 3.8 s (the money tier with them is twice as fast on 1,000
    // communes, so they stay there).
    let helps = spec.objective != Objective::CriteriaMet;
    wanted
        && helps
        && exchangeable(&spec.objective)
        && spec.bounds.iter().all(|(o, _)| exchangeable(o))
        && !(spec.enforce_targets && context.scenario.targets.min_criteria_per_commune.is_some())
}

/// Writes `DIR/<objective>.mps` (the model as HiGHS has it), the start
/// `DIR/<objective>.start` (one base column a line) and `DIR/sets.json`,
/// which says what the columns are: `fundings` as [gap, commune, cost in
/// billions, year, class, criterion] (the first columns, in order), `meets`
/// as [commune, weight] (next), `flows` as [class, pool] (next) and `pools`
/// as [source, year, capacity in billions]. A tuning aid: failures to write
/// are ignored.
fn write_model(
    inner: &mut highs::Model,
    context: &Context,
    vars: &Variables,
    objective: Objective,
    start: Option<&[f64]>,
    dir: &std::path::Path,
) {
    write_mps(inner, &dir.join(format!("{}.mps", objective.name())));
    if let Some(start) = start {
        let lines: Vec<String> = start.iter().map(f64::to_string).collect();
        let _ = std::fs::write(
            dir.join(format!("{}.start", objective.name())),
            lines.join("\n"),
        );
    }
    let (instance, sets, budget) = (context.instance, &context.sets, context.budget);
    let fundings: Vec<serde_json::Value> = sets
        .fundings
        .iter()
        .map(|f| {
            let gap = &instance.gaps[f.gap.0];
            serde_json::json!([
                f.gap.0,
                gap.commune.0,
                budget.gap_cost[f.gap.0].billions(),
                f.year,
                f.class,
                gap.criterion.0
            ])
        })
        .collect();
    let meets: Vec<serde_json::Value> = (0..instance.communes.len())
        .filter(|c| vars.meets[*c].is_some())
        .map(|c| serde_json::json!([c, instance.communes[c].weight]))
        .collect();
    let flows: Vec<serde_json::Value> = sets
        .flows
        .iter()
        .map(|(class, account)| serde_json::json!([class, account]))
        .collect();
    let pools: Vec<serde_json::Value> = instance
        .pools
        .iter()
        .enumerate()
        .map(|(p, pool)| {
            serde_json::json!([pool.source.0, pool.year, budget.pool_capacity[p].billions()])
        })
        .collect();
    let json = serde_json::json!({
        "fundings": fundings, "meets": meets, "flows": flows, "pools": pools
    });
    let _ = std::fs::write(dir.join("sets.json"), json.to_string());
}

/// Writes the model HiGHS holds to `mps`; failures are ignored (a tuning
/// aid, `NTM_WRITE_MODEL`).
pub(super) fn write_mps(inner: &mut highs::Model, mps: &std::path::Path) {
    unsafe extern "C" {
        fn Highs_writeModel(highs: *mut std::ffi::c_void, filename: *const std::ffi::c_char)
        -> i32;
    }
    if let Ok(path) = std::ffi::CString::new(mps.to_string_lossy().as_bytes()) {
        // SAFETY: the pointer is the live HiGHS instance `inner` owns, and
        // `path` is a NUL-terminated string that outlives the call.
        unsafe { Highs_writeModel(inner.as_mut_ptr(), path.as_ptr()) };
    }
}

/// HiGHS options for every solve.
pub(super) fn configure(
    inner: &mut highs::Model,
    settings: &crate::scenario::SolverSettings,
    time_limit: f64,
    objective: Objective,
    unit: Option<f64>,
) -> Result<(), SolveError> {
    fn fail(name: &str, e: impl std::fmt::Debug) -> SolveError {
        SolveError::Solver(format!("option {name}: {e:?}"))
    }
    // NTM_SOLVER_LOG=1 shows HiGHS's own log on stderr, for tuning.
    let log = std::env::var_os("NTM_SOLVER_LOG").is_some_and(|v| v == "1");
    // Just under one step of the objective's lattice: HiGHS then stops as
    // soon as no better value on the lattice is left, which proves the plan
    // optimal (it does not round its bound by itself).
    let abs_gap = unit.map_or(1e-6, |u| (0.999 * u).max(1e-6));
    for (name, value) in [
        ("time_limit", time_limit.max(0.001)),
        ("mip_rel_gap", settings.relative_gap),
        ("mip_abs_gap", abs_gap),
    ] {
        inner
            .try_set_option(name, value)
            .map_err(|e| fail(name, e))?;
    }
    for (name, value) in [("threads", settings.threads as i32), ("random_seed", 0)] {
        inner
            .try_set_option(name, value)
            .map_err(|e| fail(name, e))?;
    }
    for (name, value) in [("output_flag", log), ("log_to_console", log)] {
        inner
            .try_set_option(name, value)
            .map_err(|e| fail(name, e))?;
    }
    // HiGHS 1.16's presolve sometimes proves a wrong optimum or calls a
    // feasible tier infeasible (found by tests/optimality.rs against
    // exhaustive enumeration), so it is off: correctness first.
    inner
        .try_set_option("presolve", "off")
        .map_err(|e| fail("presolve", e))?;
    // The schedule's models keep a smaller cut pool: measured 0.21 → 0.12 s
    // on the default scenario and 4.2 → 3.3 s on 1,000 communes, the same
    // schedules (docs/performance.md).
    // Nor do they run RINS and RENS: the schedule's starts are optimal or
    // one criterion short, and on 1,000 synthetic communes those sub-MIPs
    // took 7.0 of the criteria-by-year solve's 11.2 s after it had found
    // the optimum (11.6 → 6.2 s without them; 4.15 → 4.16 s on another
    // plan of the same instance; the default scenario's 21 + 63 ms
    // unchanged).
    if objective == Objective::Schedule {
        inner
            .try_set_option("mip_pool_soft_limit", 100)
            .map_err(|e| fail("mip_pool_soft_limit", e))?;
        for name in ["mip_heuristic_run_rins", "mip_heuristic_run_rens"] {
            inner
                .try_set_option(name, false)
                .map_err(|e| fail(name, e))?;
        }
    }
    // NTM_HIGHS_OPTIONS="name=value,…" adds options, for tuning experiments;
    // NTM_HIGHS_OPTIONS_<OBJECTIVE> (e.g. NTM_HIGHS_OPTIONS_MONEY) adds them
    // for one objective only, after the common ones.
    let common = std::env::var("NTM_HIGHS_OPTIONS").unwrap_or_default();
    let tier = std::env::var(format!(
        "NTM_HIGHS_OPTIONS_{}",
        objective.name().to_uppercase()
    ))
    .unwrap_or_default();
    for extra in [common, tier] {
        for pair in extra.split(',').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let result = if let Ok(i) = value.parse::<i32>() {
                inner.try_set_option(name, i)
            } else if let Ok(x) = value.parse::<f64>() {
                inner.try_set_option(name, x)
            } else if let Ok(b) = value.parse::<bool>() {
                inner.try_set_option(name, b)
            } else {
                inner.try_set_option(name, value)
            };
            result.map_err(|e| fail(name, e))?;
        }
    }
    Ok(())
}

/// Which gaps the model chose to fund, and in which year.
#[derive(Debug, Clone)]
pub struct Selection {
    /// By `GapId`: the year the gap is funded in, or None.
    pub funded_year: Vec<Option<i32>>,
    pub tiers: Vec<TierOutcome>,
    /// The projects the plan pauses: indices into `Instance::projects`,
    /// ascending (empty unless pausing is allowed).
    pub paused: Vec<usize>,
}

impl Selection {
    /// Proven optimal in every tier.
    pub fn is_optimal(&self) -> bool {
        self.tiers.iter().all(|t| t.status == TierStatus::Optimal)
    }
}

/// The selection of a plan given by its base columns, with no tier solved
/// (a plan found without the solver: see `greedy::towards_targets`), its
/// years those of its fundings (the horizon under the flexible rules).
pub fn selection_of(context: &Context, columns: &[f64]) -> Selection {
    let offset = Variables::paused_offset(context.instance, &context.sets);
    let mut paused: Vec<usize> = context
        .budget
        .pausable
        .iter()
        .enumerate()
        .filter(|(i, _)| columns[offset + i] > 0.5)
        .map(|(_, p)| p.project)
        .collect();
    paused.sort_unstable();
    let horizon = context.instance.horizon();
    let mut funded_year = vec![None; context.instance.gaps.len()];
    for (f, funding) in context.sets.fundings.iter().enumerate() {
        if columns[f] > 0.5 {
            funded_year[funding.gap.0] = Some(funding.year.unwrap_or(horizon));
        }
    }
    Selection {
        funded_year,
        tiers: Vec::new(),
        paused,
    }
}

/// Solve `objectives` in order, each held at its value while the next is
/// optimised. The scenario's time limit is for the whole sequence.
pub fn lexicographic(
    context: &Context,
    objectives: &[Objective],
    enforce_targets: bool,
) -> Result<Selection, SolveError> {
    lexicographic_from(context, objectives, enforce_targets, None)
}

/// `lexicographic`, offering `start` (base columns, e.g. from
/// [`start_columns`]) to the first tier as an incumbent. HiGHS ignores a
/// start that breaks a row, so a wrong start costs time, never correctness.
pub fn lexicographic_from(
    context: &Context,
    objectives: &[Objective],
    enforce_targets: bool,
    start: Option<Vec<f64>>,
) -> Result<Selection, SolveError> {
    let started = Instant::now();
    // The paused-money tier needs a project to pause: without one it is
    // left out, so a scenario without projects solves what it did before.
    let objectives: Vec<Objective> = objectives
        .iter()
        .copied()
        .filter(|o| *o != Objective::PausedMoney || !context.budget.pausable.is_empty())
        .collect();
    let objectives = objectives.as_slice();
    // The limit is for the whole run: the solves get nine tenths of it, and
    // the exact payments, the independent check and the files the rest.
    let limit = context.scenario.solver.time_limit_seconds * SOLVING_SHARE;
    // The greedy starts may take a small share of the time limit.
    let share = |fraction: f64| {
        let left = (limit - started.elapsed().as_secs_f64()).max(0.0);
        Instant::now() + std::time::Duration::from_secs_f64(left * fraction)
    };
    // A given start (a plan on less money) is completed greedily with what
    // the extra money pays for.
    let first_aim = super::greedy::Aim {
        next: objectives[0],
        held: &[],
        enforce: enforce_targets,
    };
    let mut first_start = match start {
        Some(given) => Some(super::greedy::complete(
            context,
            &given,
            first_aim,
            share(0.1),
        )),
        None => Some(super::greedy::start(context, share(0.1))),
    };
    super::watch::trace("greedy start");
    let mut spec = Spec {
        objective: objectives[0],
        enforce_targets,
        bounds: Vec::new(),
    };
    let mut tiers = Vec::new();
    let mut best: Option<Vec<f64>> = None;
    for objective in objectives {
        spec.objective = *objective;
        let remaining = limit - started.elapsed().as_secs_f64();
        // Out of time: the tiers left keep the plan found so far.
        if remaining <= 0.0 && best.is_some() {
            tiers.push(TierOutcome {
                objective: *objective,
                value: f64::NAN,
                status: TierStatus::TimeLimit,
                gap: f64::INFINITY,
                seconds: 0.0,
            });
            break;
        }
        // The previous tier's plan, completed greedily, or the first start.
        let held: Vec<Objective> = spec.bounds.iter().map(|(o, _)| *o).collect();
        let aim = super::greedy::Aim {
            next: *objective,
            held: &held,
            enforce: enforce_targets,
        };
        let completed = best
            .as_deref()
            .map(|b| super::greedy::complete(context, b, aim, share(0.05)));
        super::watch::trace(format_args!("start of {} completed", objective.name()));
        let offered = completed.as_deref().or(first_start.as_deref());
        let solved = solve_one(context, &spec, offered, remaining);
        first_start = None;
        match solved {
            Ok((outcome, columns)) => {
                spec.bounds.push((*objective, outcome.value));
                tiers.push(outcome);
                best = Some(columns);
            }
            // A later tier that found nothing better in time keeps the
            // previous tier's plan, which is feasible for it.
            Err(SolveError::NoSolution) if best.is_some() => {
                tiers.push(TierOutcome {
                    objective: *objective,
                    value: f64::NAN,
                    status: TierStatus::TimeLimit,
                    gap: f64::INFINITY,
                    seconds: limit,
                });
                break;
            }
            // The previous tier's plan keeps every row of this one, so the
            // solver must not call it infeasible.
            Err(SolveError::Infeasible) if best.is_some() => {
                return Err(SolveError::Solver(format!(
                    "HiGHS called tier {} infeasible although the previous tier's plan satisfies it",
                    objective.name()
                )));
            }
            Err(e) => return Err(e),
        }
    }
    let columns = best.expect("the first tier either solved or returned an error");
    let Selection {
        funded_year,
        paused,
        ..
    } = selection_of(context, &columns);
    let remaining = limit - started.elapsed().as_secs_f64();
    // The schedule may not draw more top-up money than the tiers proved
    // necessary (`ntm gap`).
    let topup = tiers
        .iter()
        .find(|t| t.objective == Objective::Topup && t.value.is_finite())
        .map(|t| t.value + Objective::Topup.tolerance(context, t.value));
    // The plan closest to a submitted one (`Objective::Changes`) keeps, under
    // one_year, the years that made it closest.
    if objectives.contains(&Objective::Changes) && !context.sets.rule.splits_cost() {
        return Ok(Selection {
            funded_year,
            tiers,
            paused,
        });
    }
    // Without the schedule every funded gap is done by the horizon (or in
    // its year under one_year): the same fundings, costs and figures at the
    // horizon.
    if !context.schedule {
        return Ok(Selection {
            funded_year,
            tiers,
            paused,
        });
    }
    // The schedule works on the money with the paused set fixed.
    let freed = context.budget.with_paused(&paused);
    let fixed;
    let context = if context.budget.pausable.is_empty() {
        context
    } else {
        fixed = Context::new(context.instance, context.scenario, &freed);
        &fixed
    };
    super::watch::trace("tiers solved");
    let scheduled = super::schedule::schedule(context, &funded_year, topup, remaining)?;
    super::watch::trace("scheduled");
    tiers.extend(scheduled.tiers);
    Ok(Selection {
        funded_year: scheduled.done_year,
        tiers,
        paused,
    })
}

/// The base columns of a plan already paid (`payments`: year, gap, pool,
/// amount), for use as a start in this context: its fundings, the communes
/// it completes, and its payments summed per flow class and account. None
/// when a payment has no place in this model (a funding or a class's
/// account that does not exist here), since such a start could not be
/// feasible.
///
/// `paused`: the projects (indices into `Instance::projects`) the plan
/// pauses; a project not pausable here makes the start None.
pub fn start_columns(
    context: &Context,
    payments: &[(i32, crate::instance::GapId, crate::instance::PoolId, f64)],
    paused: &[usize],
) -> Option<Vec<f64>> {
    let sets = &context.sets;
    let instance = context.instance;
    let funding_of = |gap: crate::instance::GapId, year: i32| {
        sets.gap_fundings[gap.0]
            .iter()
            .copied()
            .find(|f| sets.fundings[*f].year.is_none_or(|y| y == year))
    };
    let account_of: std::collections::HashMap<usize, usize> = sets
        .accounts
        .iter()
        .enumerate()
        .flat_map(|(a, account)| account.pools.iter().map(move |p| (p.0, a)))
        .collect();
    let flow_of: std::collections::HashMap<(usize, usize), usize> = sets
        .flows
        .iter()
        .enumerate()
        .map(|(i, (class, account))| ((*class, *account), i))
        .collect();
    let mut fund = vec![0.0; sets.fundings.len()];
    let mut flow = vec![0.0; sets.flows.len()];
    for &(year, gap, pool, billions) in payments {
        let f = funding_of(gap, year)?;
        fund[f] = 1.0;
        let account = *account_of.get(&pool.0)?;
        let i = *flow_of.get(&(sets.fundings[f].class, account))?;
        flow[i] += billions;
    }
    let mut columns = fund.clone();
    for commune in &instance.communes {
        if commune.gaps.is_empty() {
            continue;
        }
        let complete = commune
            .gaps
            .iter()
            .all(|g| sets.gap_fundings[g.0].iter().any(|f| fund[*f] > 0.5));
        columns.push(if complete { 1.0 } else { 0.0 });
    }
    columns.extend(flow);
    let pausable = &context.budget.pausable;
    if paused
        .iter()
        .any(|project| !pausable.iter().any(|p| p.project == *project))
    {
        return None;
    }
    columns.extend(
        pausable
            .iter()
            .map(|p| f64::from(u8::from(paused.contains(&p.project)))),
    );
    Some(columns)
}

/// What a plan given by its base columns reaches: by `GapId` whether the gap
/// is funded, by commune whether it meets the standard (its `meets` column,
/// or true with nothing left to fund), by village whether every gap of it
/// is funded.
fn start_outcomes(context: &Context, base: &[f64]) -> (Vec<bool>, Vec<bool>, Vec<bool>) {
    let (instance, sets) = (context.instance, &context.sets);
    let funded: Vec<bool> = sets
        .gap_fundings
        .iter()
        .map(|fs| fs.iter().any(|f| base[*f] > 0.5))
        .collect();
    let mut column = sets.fundings.len();
    let meets = instance
        .communes
        .iter()
        .map(|c| {
            if c.gaps.is_empty() {
                return true;
            }
            column += 1;
            base[column - 1] > 0.5
        })
        .collect();
    let village_meets = instance
        .villages
        .iter()
        .map(|v| v.gaps.iter().all(|g| funded[g.0]))
        .collect();
    (funded, meets, village_meets)
}
