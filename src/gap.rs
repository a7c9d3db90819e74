//! What it takes to meet the targets (`ntm gap`): the least additional money
//! (a *top-up*) with which every target of the scenario can be met together,
//! and the same for each target alone.
//!
//! The top-up is a new source, `topup`, with one budget line per year (or
//! per line of the source it imitates) that may hold any amount. The model
//! first minimises what is drawn from it with the targets enforced, then,
//! for the plan of all targets, runs the usual tiers with that least top-up
//! held. The exact amount comes from the payments: `plan.rs` pays from the
//! budget's own lines first and opens the top-up lines only for what they
//! cannot pay, so the top-up is the least the chosen fundings need, in whole
//! đồng. The plan is then checked by the evaluator against the budget plus
//! exactly that top-up (docs/model.md, "The funding gap").

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::budget::Budget;
use crate::evaluate::{Outcome, evaluate_paused};
use crate::instance::{DistrictId, GapId, Instance, Pool, PoolKind, Source, SourceId};
use crate::model::{self, Context, Objective, SolveError};
use crate::money::Money;
use crate::plan::Plan;
use crate::run::{self, PlanRun, RunError, TargetReach};
use crate::scenario::{Scenario, Targets};

/// The source id of the top-up in plans and tables.
pub const TOPUP: &str = "topup";

/// The top-up's name in the data; reports name it in their language.
pub const TOPUP_NAME: &str = "Vốn cần bổ sung (top-up)";

/// What the top-up may pay for and where.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum TopupScope {
    /// Any criterion in any commune, from a province-wide line per year.
    #[default]
    Any,
    /// The eligibility and scope of this source: one top-up line per line
    /// the source has.
    Like(String),
}

#[derive(Debug, Clone, Default)]
pub struct TopupRule {
    pub scope: TopupScope,
    /// Only in this planning year.
    pub year: Option<i32>,
}

/// How a target's gap was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapStatus {
    /// The budget already meets it: the gap is zero.
    AlreadyMet,
    /// The least top-up, proven.
    Optimal,
    /// The time limit stopped the search: the top-up is enough but may not
    /// be the least.
    TimeLimit,
    /// No top-up of this kind can meet it (a target beyond what the data
    /// allow, or criteria the top-up may not pay for).
    Unreachable,
}

impl GapStatus {
    pub fn name(self) -> &'static str {
        match self {
            GapStatus::AlreadyMet => "already_met",
            GapStatus::Optimal => "optimal",
            GapStatus::TimeLimit => "time_limit",
            GapStatus::Unreachable => "unreachable",
        }
    }
}

/// Top-up money paid towards one gap.
#[derive(Debug, Clone, PartialEq)]
pub struct TopupPayment {
    pub year: i32,
    pub gap: GapId,
    pub amount: Money,
}

/// The funding gap of one target, or of all together (`target` = "all").
#[derive(Debug, Clone)]
pub struct TargetGap {
    pub target: &'static str,
    pub status: GapStatus,
    pub total: Money,
    /// Where the top-up is spent: (year, district of the commune) → amount.
    pub by_year_district: BTreeMap<(i32, DistrictId), Money>,
    /// What the top-up pays for, in plan order.
    pub pays_for: Vec<TopupPayment>,
}

impl TargetGap {
    fn settled(target: &'static str, status: GapStatus) -> TargetGap {
        TargetGap {
            target,
            status,
            total: Money::ZERO,
            by_year_district: BTreeMap::new(),
            pays_for: Vec::new(),
        }
    }
}

/// The plan that meets every target, on the budget plus its top-up.
pub struct ToppedUpPlan {
    /// The data with the `topup` source, its lines holding exactly what the
    /// plan draws from them.
    pub instance: Instance,
    /// The scenario with its targets enforced.
    pub scenario: Scenario,
    pub run: PlanRun,
}

pub struct GapAnalysis {
    /// All targets together.
    pub all: TargetGap,
    /// Each target alone, in the order of `summary.json`'s targets.
    pub alone: Vec<TargetGap>,
    /// What each target reaches alone with the budget as it is.
    pub reach: Vec<TargetReach>,
    /// Pairs of targets, each reachable alone, that the budget cannot meet
    /// together.
    pub conflicts: Vec<(&'static str, &'static str)>,
    /// The plan of `all`, unless it is unreachable.
    pub plan: Option<ToppedUpPlan>,
}

/// A top-up rule that does not fit the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError(pub String);

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RuleError {}

/// Check the rule against the data before any solve.
pub fn check_rule(instance: &Instance, rule: &TopupRule) -> Result<(), RuleError> {
    if instance.source_id(TOPUP).is_some() {
        return Err(RuleError(format!(
            "the data already have a source `{TOPUP}`, the id the top-up uses; rename it"
        )));
    }
    if let TopupScope::Like(id) = &rule.scope {
        let Some(s) = instance.source_id(id) else {
            let known: Vec<&str> = instance.sources.iter().map(|s| s.id.as_str()).collect();
            return Err(RuleError(format!(
                "--topup-like {id}: unknown source (the data have {})",
                known.join(", ")
            )));
        };
        if !instance
            .pools
            .iter()
            .any(|p| p.source == s && rule.year.is_none_or(|y| y == p.year))
        {
            return Err(RuleError(format!(
                "--topup-like {id}: the source has no budget line{} to imitate",
                rule.year.map(|y| format!(" in {y}")).unwrap_or_default()
            )));
        }
    }
    if let Some(year) = rule.year
        && !instance.years.contains(&year)
    {
        return Err(RuleError(format!(
            "--topup-year {year} is not a planning year ({})",
            instance
                .years
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(())
}

/// The data with the top-up source added, each of its lines holding
/// `amount`.
pub fn with_topup(instance: &Instance, rule: &TopupRule, amount: Money) -> Instance {
    let mut topped = instance.clone();
    let source = SourceId(topped.sources.len());
    let (eligible, lines): (Vec<bool>, Vec<Pool>) = match &rule.scope {
        TopupScope::Any => (
            vec![true; instance.criteria.len()],
            instance
                .years
                .iter()
                .map(|&year| Pool {
                    source,
                    year,
                    district: None,
                    only_especially_difficult: false,
                    amount,
                    kind: PoolKind::Topup,
                    row: 0,
                })
                .collect(),
        ),
        TopupScope::Like(id) => {
            let like = instance.source_id(id).expect("checked by check_rule");
            (
                instance.sources[like.0].eligible.clone(),
                instance
                    .pools
                    .iter()
                    .filter(|p| p.source == like)
                    .map(|p| Pool {
                        source,
                        amount,
                        kind: PoolKind::Topup,
                        ..p.clone()
                    })
                    .collect(),
            )
        }
    };
    topped.sources.push(Source {
        id: TOPUP.to_string(),
        name: TOPUP_NAME.to_string(),
        eligible,
    });
    topped.pools.extend(
        lines
            .into_iter()
            .filter(|p| rule.year.is_none_or(|y| y == p.year)),
    );
    topped.pools.sort_by_key(|p| (p.year, p.source, p.district));
    topped
}

/// The scenario with only the targets `names` (all of them for `["all"]`),
/// enforced.
fn enforcing(scenario: &Scenario, names: &[&str]) -> Scenario {
    let mut s = scenario.clone();
    let all = &scenario.targets;
    let keep = |n: &str| names.contains(&"all") || names.contains(&n);
    s.targets = Targets {
        communes_meeting_standard: all
            .communes_meeting_standard
            .filter(|_| keep("communes_meeting_standard")),
        average_criteria: all.average_criteria.filter(|_| keep("average_criteria")),
        min_criteria_per_commune: all
            .min_criteria_per_commune
            .filter(|_| keep("min_criteria_per_commune")),
        districts_meeting_standard: if keep("districts_meeting_standard") {
            all.districts_meeting_standard.clone()
        } else {
            Vec::new()
        },
        keep_standard: if keep("keep_standard") {
            all.keep_standard.clone()
        } else {
            Vec::new()
        },
        villages_share_in_especially_difficult: all
            .villages_share_in_especially_difficult
            .filter(|_| keep("villages_share_in_especially_difficult")),
        enforce: true,
        communes_advanced: all.communes_advanced.filter(|_| keep("communes_advanced")),
    };
    s
}

/// The funding gap of every target together and of each alone.
pub fn analyse(
    instance: &Instance,
    scenario: &Scenario,
    rule: &TopupRule,
) -> Result<GapAnalysis, RunError> {
    analyse_as(instance, scenario, rule)
}

/// What a plan's verdict needs of [`analyse`]: the least top-up of every
/// target together and the pairs that clash, without the plan of the
/// top-up or the gap and reach of each target alone (`alone` and `reach`
/// are empty, `plan` None). The amount is the one `ntm gap` finds.
///
/// `witnesses` are plans already checked on this scenario and budget (the
/// plan being judged, say): a target one of them meets is reachable alone,
/// and two it meets together do not clash, without a solve. Only the
/// outcomes that keep every rule count. The top-up and the clashes are
/// solved side by side on `jobs` workers; every answer is exact (a
/// feasibility question, or a proven least top-up), so the result does
/// not depend on `jobs` or on which solve ends first.
pub fn analyse_together(
    instance: &Instance,
    scenario: &Scenario,
    rule: &TopupRule,
    witnesses: &[&Outcome],
    jobs: usize,
) -> Result<GapAnalysis, RunError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(|e| RunError::Solve(SolveError::Solver(e.to_string())))?;
    let met: Mutex<Vec<BTreeSet<&'static str>>> = Mutex::new(
        witnesses
            .iter()
            .filter(|o| o.keeps_rules())
            .map(|o| targets_met_by(o))
            .collect(),
    );
    let budget = Budget::new(instance, scenario);
    let (all, conflicts) = pool.install(|| {
        rayon::join(
            || least_topup_together(instance, scenario, rule),
            || -> Result<_, RunError> {
                let names = run::target_names(&scenario.targets);
                let reachable: Vec<bool> = names
                    .par_iter()
                    .with_max_len(1)
                    .map(|name| {
                        if lock(&met).iter().any(|m| m.contains(name)) {
                            return Ok(true);
                        }
                        witness(instance, scenario, &budget, &[name], &met)
                    })
                    .collect::<Result<_, _>>()?;
                let alone_ok: Vec<&'static str> = names
                    .iter()
                    .zip(reachable)
                    .filter(|(_, ok)| *ok)
                    .map(|(name, _)| *name)
                    .collect();
                clashes(instance, scenario, &budget, &alone_ok, &met)
            },
        )
    });
    let all = all?;
    // The budget meets every target together: nothing clashes.
    let conflicts = if all.status == GapStatus::AlreadyMet {
        Vec::new()
    } else {
        conflicts?
    };
    Ok(GapAnalysis {
        all,
        alone: Vec::new(),
        reach: Vec::new(),
        conflicts,
        plan: None,
    })
}

/// The witnesses, whatever a worker that panicked left: each entry is a
/// whole set pushed at once.
fn lock<'a>(
    met: &'a Mutex<Vec<BTreeSet<&'static str>>>,
) -> std::sync::MutexGuard<'a, Vec<BTreeSet<&'static str>>> {
    met.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn analyse_as(
    instance: &Instance,
    scenario: &Scenario,
    rule: &TopupRule,
) -> Result<GapAnalysis, RunError> {
    let budget = Budget::new(instance, scenario);
    let context = Context::new(instance, scenario, &budget);
    // The plan of every target beside the questions of each target alone
    // and of each pair, on the current rayon pool: every answer is exact
    // (a proven optimum, a proven least top-up, a feasibility question),
    // so the result does not depend on the workers.
    let (each, together) = rayon::join(
        || -> Result<_, RunError> {
            let reach = run::reach_alone(&context)?;
            let alone = reach
                .par_iter()
                .with_max_len(1)
                .map(|r| {
                    if r.reachable() {
                        return Ok(TargetGap::settled(r.name, GapStatus::AlreadyMet));
                    }
                    let enforced = enforcing(scenario, &[r.name]);
                    let money = [Objective::Money];
                    close(instance, &enforced, rule, r.name, &money, false).map(|(gap, _)| gap)
                })
                .collect::<Result<Vec<_>, RunError>>()?;
            let alone_ok: Vec<&'static str> = reach
                .iter()
                .filter(|r| r.reachable())
                .map(|r| r.name)
                .collect();
            let clashing = clashes(
                instance,
                scenario,
                &budget,
                &alone_ok,
                &Mutex::new(Vec::new()),
            );
            Ok((reach, alone, clashing))
        },
        || close_all(instance, scenario, rule),
    );
    let (all, plan) = together?;
    let (reach, alone, clashing) = each?;
    // Every target met together: nothing clashes.
    let conflicts = if all.status == GapStatus::AlreadyMet {
        Vec::new()
    } else {
        clashing?
    };
    Ok(GapAnalysis {
        all,
        alone,
        reach,
        conflicts,
        plan,
    })
}

/// The pairs of `alone_ok` (targets each reachable alone) that the budget
/// cannot meet together, in the order of `alone_ok`. A pair that a plan in
/// `met` meets together needs no solve; each plan found is added there.
/// The pairs are solved on the current rayon pool.
fn clashes(
    instance: &Instance,
    scenario: &Scenario,
    budget: &Budget,
    alone_ok: &[&'static str],
    met: &Mutex<Vec<BTreeSet<&'static str>>>,
) -> Result<Vec<(&'static str, &'static str)>, RunError> {
    let mut pairs = Vec::new();
    for (i, a) in alone_ok.iter().enumerate() {
        for b in &alone_ok[i + 1..] {
            pairs.push((*a, *b));
        }
    }
    let clash: Vec<bool> = pairs
        .par_iter()
        .with_max_len(1)
        .map(|(a, b)| {
            if lock(met).iter().any(|m| m.contains(a) && m.contains(b)) {
                return Ok(false);
            }
            witness(instance, scenario, budget, &[a, b], met).map(|found| !found)
        })
        .collect::<Result<_, _>>()?;
    Ok(pairs
        .into_iter()
        .zip(clash)
        .filter(|(_, c)| *c)
        .map(|(pair, _)| pair)
        .collect())
}

/// Whether some plan on the budget meets the targets `names` together:
/// any plan will do, so HiGHS stops at the first it finds. That plan,
/// checked by the evaluator against every target of `scenario`, joins
/// `met` with the targets it meets, to spare later solves.
fn witness(
    instance: &Instance,
    scenario: &Scenario,
    budget: &Budget,
    names: &[&str],
    met: &Mutex<Vec<BTreeSet<&'static str>>>,
) -> Result<bool, RunError> {
    let enforced = enforcing(scenario, names);
    let enforced_budget = Budget::new(instance, &enforced);
    let mut context = Context::new(instance, &enforced, &enforced_budget);
    // Only whether a plan exists: no years to schedule.
    context.schedule = false;
    // A plan aimed at these targets first: when the evaluator finds that it
    // meets them, no solve is needed (the default plan's verdict asked
    // HiGHS 17 such questions, 0.03-0.07 s each, every one feasible).
    let share = enforced.solver.time_limit_seconds * 0.05;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs_f64(share.max(0.0));
    let aimed = model::greedy::towards_targets(&context, deadline);
    let selection = model::selection_of(&context, &aimed);
    if let Ok(plan) = Plan::from_selection(&context, &selection) {
        let rows = run::plan_rows(instance, &plan);
        let outcome = evaluate_paused(instance, scenario, budget, &rows, &selection.paused);
        if outcome.keeps_rules() {
            let meets = targets_met_by(&outcome);
            let answered = names.iter().all(|n| meets.contains(n));
            lock(met).push(meets);
            if answered {
                return Ok(true);
            }
        }
    }
    match model::lexicographic(&context, &[Objective::AnyPlan], true) {
        Ok(selection) => {
            let plan = Plan::from_selection(&context, &selection).map_err(RunError::Shortfall)?;
            let rows = run::plan_rows(instance, &plan);
            let outcome = evaluate_paused(instance, scenario, budget, &rows, &selection.paused);
            if outcome.keeps_rules() {
                lock(met).push(targets_met_by(&outcome));
            }
            Ok(true)
        }
        Err(SolveError::Infeasible) => Ok(false),
        Err(e) => Err(RunError::Solve(e)),
    }
}

/// The targets an evaluated plan meets.
fn targets_met_by(outcome: &Outcome) -> BTreeSet<&'static str> {
    outcome
        .targets
        .iter()
        .filter(|t| t.met)
        .map(|t| t.name)
        .collect()
}

/// All targets together: the plan on the budget as it is when that meets
/// them, else the least top-up and the plan on it.
fn close_all(
    instance: &Instance,
    scenario: &Scenario,
    rule: &TopupRule,
) -> Result<(TargetGap, Option<ToppedUpPlan>), RunError> {
    let enforced = enforcing(scenario, &["all"]);
    match run::plan_with(instance, &enforced, false) {
        Ok(run) => Ok((
            TargetGap::settled("all", GapStatus::AlreadyMet),
            Some(ToppedUpPlan {
                instance: instance.clone(),
                scenario: enforced,
                run,
            }),
        )),
        Err(RunError::TargetsUnreachable(_)) => close(
            instance,
            &enforced,
            rule,
            "all",
            &Objective::plan_tiers(&enforced),
            true,
        ),
        Err(e) => Err(e),
    }
}

/// The least top-up that meets the enforced targets of `enforced`, then
/// the `after` tiers with it held; the plan, paid and checked. With
/// `schedule`, its years are scheduled as `ntm plan` does, for a plan that
/// is written; the amount does not depend on them.
fn close(
    instance: &Instance,
    enforced: &Scenario,
    rule: &TopupRule,
    target: &'static str,
    after: &[Objective],
    schedule: bool,
) -> Result<(TargetGap, Option<ToppedUpPlan>), RunError> {
    // Room for any plan: no plan can spend more than every gap costs.
    let budget = Budget::new(instance, enforced);
    let room = Money::from_dong(budget.gap_cost.iter().map(|m| m.dong()).sum::<i64>() + 1);
    let open = with_topup(instance, rule, room);
    let open_budget = Budget::new(&open, enforced);
    let mut context = Context::new(&open, enforced, &open_budget);
    context.schedule = schedule;
    let mut tiers = vec![Objective::Topup];
    tiers.extend_from_slice(after);
    let selection = match model::lexicographic(&context, &tiers, true) {
        Ok(selection) => selection,
        Err(SolveError::Infeasible) => {
            return Ok((TargetGap::settled(target, GapStatus::Unreachable), None));
        }
        Err(e) => return Err(RunError::Solve(e)),
    };
    let plan = Plan::from_selection(&context, &selection).map_err(RunError::Shortfall)?;

    // The top-up lines hold exactly what the plan draws from them.
    let mut drawn = vec![Money::ZERO; open.pools.len()];
    for p in &plan.payments {
        drawn[p.pool.0] += p.amount;
    }
    let mut exact = open;
    for (p, pool) in exact.pools.iter_mut().enumerate() {
        if pool.kind == PoolKind::Topup {
            pool.amount = drawn[p];
        }
    }
    let exact_budget = Budget::new(&exact, enforced);
    let rows = run::plan_rows(&exact, &plan);
    let outcome = evaluate_paused(&exact, enforced, &exact_budget, &rows, &selection.paused);
    if !outcome.keeps_rules() || outcome.targets.iter().any(|t| !t.met) {
        return Err(RunError::BreaksRules(Box::new(outcome)));
    }

    let mut gap = TargetGap::settled(
        target,
        if selection.is_optimal() {
            GapStatus::Optimal
        } else {
            GapStatus::TimeLimit
        },
    );
    for p in &plan.payments {
        if exact.pools[p.pool.0].kind != PoolKind::Topup {
            continue;
        }
        let commune = exact.gaps[p.gap.0].commune;
        gap.total += p.amount;
        *gap.by_year_district
            .entry((p.year, exact.communes[commune.0].district))
            .or_default() += p.amount;
        gap.pays_for.push(TopupPayment {
            year: p.year,
            gap: p.gap,
            amount: p.amount,
        });
    }
    let run = PlanRun {
        budget: exact_budget,
        selection,
        plan,
        rows,
        outcome,
        kept: None,
    };
    Ok((
        gap,
        Some(ToppedUpPlan {
            instance: exact,
            scenario: enforced.clone(),
            run,
        }),
    ))
}

/// The least top-up that meets every target when only one source grows.
#[derive(Debug, Clone)]
pub struct SourceAsk {
    pub source: SourceId,
    /// `Unreachable` when that source alone cannot close the targets (it
    /// may not pay for what is missing, or not where).
    pub gap: TargetGap,
}

/// The least top-up that meets every target together, without its plan:
/// the top-up tier alone (the plan pays from the budget's lines first, so
/// it draws the least top-up its fundings need, the tier's value), checked
/// by the evaluator like every plan here. The amount is the one [`analyse`]
/// finds for `all`; a sweep's shortfall and the plan's verdict use it.
pub fn least_topup_together(
    instance: &Instance,
    scenario: &Scenario,
    rule: &TopupRule,
) -> Result<TargetGap, RunError> {
    let enforced = enforcing(scenario, &["all"]);
    let (all, _) = close(instance, &enforced, rule, "all", &[], false)?;
    // No top-up needed: the budget meets every target together.
    if all.total.is_zero() && all.status == GapStatus::Optimal {
        return Ok(TargetGap::settled("all", GapStatus::AlreadyMet));
    }
    Ok(all)
}

/// The ask per programme source: for each, the least top-up of that source
/// alone (its eligibility and scope, in `year` only when given) that meets
/// every target together. Empty when the budget already meets them.
/// Land-use revenue is left out: it is the districts' own revenue, not
/// money to ask for.
pub fn ask_per_source(
    instance: &Instance,
    scenario: &Scenario,
    year: Option<i32>,
) -> Result<Vec<SourceAsk>, RunError> {
    let enforced = enforcing(scenario, &["all"]);
    if run::plan_with(instance, &enforced, false).is_ok() {
        return Ok(Vec::new());
    }
    let asked: Vec<(usize, TopupRule)> = instance
        .sources
        .iter()
        .enumerate()
        .filter(|(s, source)| {
            let has_lines = instance
                .pools
                .iter()
                .any(|p| p.source.0 == *s && p.kind == PoolKind::Programme);
            !source.is_land_revenue() && has_lines
        })
        .map(|(s, source)| {
            let rule = TopupRule {
                scope: TopupScope::Like(source.id.clone()),
                year,
            };
            (s, rule)
        })
        .filter(|(_, rule)| check_rule(instance, rule).is_ok())
        .collect();
    // One source per task on the current rayon pool; each amount is a
    // proven least top-up, whatever the workers.
    asked
        .par_iter()
        .with_max_len(1)
        .map(|(s, rule)| {
            let (gap, _) = close(instance, &enforced, rule, "all", &[], false)?;
            Ok(SourceAsk {
                source: SourceId(*s),
                gap,
            })
        })
        .collect()
}

/// The communes the plan of every target (`analysis.plan`) brings to the
/// standard and the budget-only plan does not (`gained`), and the other way
/// round (`lost`): meeting every target moves money between communes.
#[derive(Debug, Clone, Default)]
pub struct StandardChanges {
    pub gained: Vec<crate::instance::CommuneId>,
    pub lost: Vec<crate::instance::CommuneId>,
}

/// [`StandardChanges`] of the plan of every target against `budget_only`,
/// the plan of the budget as it is without enforcing the targets.
pub fn standard_changes(analysis: &GapAnalysis, budget_only: &PlanRun) -> StandardChanges {
    let Some(plan) = &analysis.plan else {
        return StandardChanges::default();
    };
    let mut changes = StandardChanges::default();
    let with = &plan.run.outcome.communes;
    let without = &budget_only.outcome.communes;
    for (c, (a, b)) in with.iter().zip(without).enumerate() {
        let id = crate::instance::CommuneId(c);
        match (a.meets_after, b.meets_after) {
            (true, false) => changes.gained.push(id),
            (false, true) => changes.lost.push(id),
            _ => {}
        }
    }
    changes
}

/// The plan of the budget as it is, the targets not enforced: what
/// `ntm plan` gives when the targets are goals.
pub fn budget_only(instance: &Instance, scenario: &Scenario) -> Result<PlanRun, RunError> {
    let mut goals = scenario.clone();
    goals.targets.enforce = false;
    run::plan_with(instance, &goals, false)
}
