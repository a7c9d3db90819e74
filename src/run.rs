//! The plan pipeline end to end, as a library call: the CLI and the tests
//! both go through here.

use crate::budget::Budget;
use crate::commitments::Commitments;
use crate::evaluate::{Outcome, PlanRow, evaluate_committed_paused, evaluate_paused};
use crate::instance::Instance;
use crate::model::{self, Context, Objective, Selection, SolveError, solve::Spec};
use crate::plan::{Payment, Plan, Shortfall};
use crate::scenario::Scenario;

/// Everything one `ntm plan` produces before it is written.
pub struct PlanRun {
    pub budget: Budget,
    pub selection: Selection,
    pub plan: Plan,
    pub rows: Vec<PlanRow>,
    pub outcome: Outcome,
    /// The commitments the plan keeps (`commitments.csv`, a re-plan); None
    /// without any.
    pub kept: Option<Box<Kept>>,
}

/// What a plan with commitments keeps, for the outputs.
#[derive(Debug, Clone)]
pub struct Kept {
    pub commitments: Commitments,
    /// By payment of `plan.payments`: whether it is a commitment.
    pub committed: Vec<bool>,
    /// Commitments to criteria met since: no payment of `plan.payments`
    /// (they pay for no gap), but rows of the plan after its payments.
    pub met_since: Vec<PlanRow>,
}

/// How far one target can go when it is the only aim.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetReach {
    pub name: &'static str,
    pub required: f64,
    pub best_alone: f64,
}

impl TargetReach {
    pub fn reachable(&self) -> bool {
        self.best_alone + 1e-9 >= self.required
    }
}

#[derive(Debug)]
pub enum RunError {
    /// Enforced targets cannot all be met; what each can reach alone.
    TargetsUnreachable(Vec<TargetReach>),
    Solve(SolveError),
    Shortfall(Shortfall),
    /// The plan failed the independent check: a bug, never written.
    BreaksRules(Box<Outcome>),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::TargetsUnreachable(reach) => {
                writeln!(f, "the enforced targets cannot all be met:")?;
                for r in reach {
                    let verdict = if r.reachable() {
                        "reachable alone"
                    } else {
                        "cannot be met"
                    };
                    writeln!(
                        f,
                        "  {}: required {}, best reachable alone {} ({verdict})",
                        r.name,
                        number(r.required),
                        number(r.best_alone)
                    )?;
                }
                if reach.iter().all(TargetReach::reachable) {
                    write!(
                        f,
                        "each is reachable alone, but not all together with this money"
                    )?;
                }
                Ok(())
            }
            RunError::Solve(e) => write!(f, "{e}"),
            RunError::Shortfall(e) => write!(f, "{e}"),
            RunError::BreaksRules(outcome) => {
                writeln!(
                    f,
                    "internal error: the plan breaks rules the optimizer must keep:"
                )?;
                for b in &outcome.breaks {
                    writeln!(f, "  rows {:?}: {}", b.rows, b.message)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for RunError {}

fn number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// Plan a scenario: solve the tiers, build exact payments, and check them
/// with the independent evaluator.
pub fn plan(instance: &Instance, scenario: &Scenario) -> Result<PlanRun, RunError> {
    plan_with(instance, scenario, true)
}

/// `plan`, choosing whether enforced targets that cannot be met are
/// diagnosed (what each reaches alone: one more solve per target) or only
/// reported as unreachable, as a sweep of many variants wants.
pub fn plan_with(
    instance: &Instance,
    scenario: &Scenario,
    diagnose: bool,
) -> Result<PlanRun, RunError> {
    plan_on(
        instance,
        scenario,
        Budget::new(instance, scenario),
        diagnose,
    )
}

/// `plan_with` on a given budget: the scenario's money with changes that
/// no scenario key expresses (a step of one source in one year).
pub fn plan_on(
    instance: &Instance,
    scenario: &Scenario,
    budget: Budget,
    diagnose: bool,
) -> Result<PlanRun, RunError> {
    plan_from(instance, scenario, budget, diagnose, None)
}

/// `plan_on`, with a plan of the same instance on less money (`previous`)
/// offered to the first tier as a starting incumbent: with more money it
/// keeps every rule and target, so the solver starts from its value. The
/// tier values are the same with or without it (each is proven optimal).
pub fn plan_from(
    instance: &Instance,
    scenario: &Scenario,
    budget: Budget,
    diagnose: bool,
    previous: Option<&Plan>,
) -> Result<PlanRun, RunError> {
    let previous = previous.map(|plan| (plan, &[][..]));
    plan_from_paused(instance, scenario, budget, diagnose, previous, true)
}

/// `plan_on` for a caller that reads only the horizon (what is funded and
/// met by the end, not the year each payment falls in): the years are not
/// scheduled (`Context::schedule`), as for a sweep row. The marginal
/// values compare such plans.
///
/// `base`, a plan of the same instance on no more money in any line, starts
/// the first tier (with the projects it pauses), completed greedily: the
/// marginal values step one source up from the scenario's plan.
pub fn plan_on_horizon(
    instance: &Instance,
    scenario: &Scenario,
    budget: Budget,
    diagnose: bool,
    base: Option<&PlanRun>,
) -> Result<PlanRun, RunError> {
    let previous = base.map(|run| (&run.plan, run.selection.paused.as_slice()));
    plan_from_paused(instance, scenario, budget, diagnose, previous, false)
}

/// `previous`: a plan on no more money, and the projects it pauses.
fn plan_from_paused(
    instance: &Instance,
    scenario: &Scenario,
    budget: Budget,
    diagnose: bool,
    previous: Option<(&Plan, &[usize])>,
    schedule: bool,
) -> Result<PlanRun, RunError> {
    // Whether the advanced tier is solved depends on the data: a caller
    // that did not settle the scenario against them gets it settled here.
    let settled;
    let scenario = if scenario.advanced_data == instance.has_advanced() {
        scenario
    } else {
        let mut s = scenario.clone();
        s.advanced_data = instance.has_advanced();
        settled = s;
        &settled
    };
    let mut context = Context::new(instance, scenario, &budget);
    context.schedule = schedule;
    let enforce = scenario.targets.enforce && !scenario.targets.is_empty();
    let start = previous.and_then(|(plan, paused)| {
        let payments: Vec<_> = plan
            .payments
            .iter()
            .map(|p| (p.year, p.gap, p.pool, p.amount.billions()))
            .collect();
        model::start_columns(&context, &payments, paused)
    });
    let selection =
        match model::lexicographic_from(&context, &Objective::plan_tiers(scenario), enforce, start)
        {
            Ok(selection) => selection,
            Err(SolveError::Infeasible) if enforce => {
                let reach = if diagnose {
                    reach_alone(&context)?
                } else {
                    Vec::new()
                };
                return Err(RunError::TargetsUnreachable(reach));
            }
            Err(e) => return Err(RunError::Solve(e)),
        };
    let plan = Plan::from_selection(&context, &selection).map_err(RunError::Shortfall)?;
    let rows = plan_rows(instance, &plan);
    let outcome = evaluate_paused(instance, scenario, &budget, &rows, &selection.paused);
    if !outcome.keeps_rules() {
        return Err(RunError::BreaksRules(Box::new(outcome)));
    }
    Ok(PlanRun {
        budget,
        selection,
        plan,
        rows,
        outcome,
        kept: None,
    })
}

/// [`plan`] keeping `commitments`: the model plans on the money and costs
/// they leave ([`Commitments::residual`]), and the plan is the commitments
/// and the new payments together, checked as a whole by the evaluator,
/// which is told the commitments. Without commitments, [`plan`] itself.
pub fn plan_committed(
    instance: &Instance,
    scenario: &Scenario,
    commitments: &Commitments,
    diagnose: bool,
) -> Result<PlanRun, RunError> {
    if commitments.is_empty() && commitments.replan_from.is_none() {
        return plan_with(instance, scenario, diagnose);
    }
    plan_committed_on(
        instance,
        scenario,
        Budget::new(instance, scenario),
        commitments,
        diagnose,
        true,
    )
}

/// [`plan_committed`] on a given budget (a step of one source in one year,
/// for the marginal values), its years scheduled only when `schedule` (a
/// caller that reads the horizon alone skips them, as
/// [`plan_on_horizon`]). The commitments come out of `budget`.
pub fn plan_committed_on(
    instance: &Instance,
    scenario: &Scenario,
    budget: Budget,
    commitments: &Commitments,
    diagnose: bool,
    schedule: bool,
) -> Result<PlanRun, RunError> {
    let residual = commitments.residual(instance, scenario, &commitments.with_paused(&budget));
    let mut context = Context::new(&residual.instance, scenario, &residual.budget);
    context.not_before.clone_from(&residual.not_before);
    context.schedule = schedule;
    let enforce = scenario.targets.enforce && !scenario.targets.is_empty();
    let mut selection = match model::lexicographic_from(
        &context,
        &Objective::plan_tiers(scenario),
        enforce,
        None,
    ) {
        Ok(selection) => selection,
        Err(SolveError::Infeasible) if enforce => {
            let reach = if diagnose {
                reach_alone(&context)?
            } else {
                Vec::new()
            };
            return Err(RunError::TargetsUnreachable(reach));
        }
        Err(e) => return Err(RunError::Solve(e)),
    };
    let new = Plan::from_selection(&context, &selection).map_err(RunError::Shortfall)?;
    // The projects paused before are paused in this plan too.
    selection.paused.extend_from_slice(&commitments.paused);
    selection.paused.sort_unstable();
    selection.paused.dedup();
    // The commitments among the new payments, in the plan's order (a
    // commitment before a new payment of the same gap, year and pool).
    let mut payments: Vec<(Payment, bool)> = new.payments.into_iter().map(|p| (p, false)).collect();
    let mut met_since = Vec::new();
    for c in &commitments.items {
        match c.gap {
            Some(gap) => payments.push((
                Payment {
                    year: c.row.year,
                    gap,
                    pool: c.pool,
                    amount: c.row.amount,
                },
                true,
            )),
            None => met_since.push(c.row.clone()),
        }
    }
    payments.sort_by_key(|(p, committed)| {
        let gap = &instance.gaps[p.gap.0];
        let commune = &instance.communes[gap.commune.0];
        (
            p.year,
            commune.district,
            gap.commune,
            gap.criterion,
            p.pool,
            !*committed,
        )
    });
    let committed: Vec<bool> = payments.iter().map(|(_, c)| *c).collect();
    let plan = Plan {
        payments: payments.into_iter().map(|(p, _)| p).collect(),
    };
    let mut rows = plan_rows(instance, &plan);
    for r in &mut met_since {
        r.row = rows.len() + 2;
        rows.push(r.clone());
    }
    let outcome = evaluate_committed_paused(
        instance,
        scenario,
        &budget,
        &rows,
        &commitments.rows(),
        &selection.paused,
    );
    if !outcome.keeps_rules() {
        return Err(RunError::BreaksRules(Box::new(outcome)));
    }
    // Each gap is funded when the evaluator finds it paid (commitments
    // included), in the year of its last payment.
    selection.funded_year.clone_from(&outcome.funded_year);
    Ok(PlanRun {
        budget,
        selection,
        plan,
        rows,
        outcome,
        kept: Some(Box::new(Kept {
            commitments: commitments.clone(),
            committed,
            met_since,
        })),
    })
}

/// The plan as a planner would write it, rows numbered as in `plan.csv`
/// (the header is line 1).
pub fn plan_rows(instance: &Instance, plan: &Plan) -> Vec<PlanRow> {
    plan.payments
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let gap = &instance.gaps[p.gap.0];
            PlanRow {
                row: i + 2,
                year: p.year,
                commune_id: instance.communes[gap.commune.0].id.clone(),
                criterion: instance.criteria[gap.criterion.0].id.clone(),
                source_id: instance.sources[instance.pools[p.pool.0].source.0]
                    .id
                    .clone(),
                amount: p.amount,
                village_id: gap.village.map(|v| instance.villages[v.0].id.clone()),
            }
        })
        .collect()
}

/// The names of the targets `targets` sets, in the order of
/// [`reach_alone`] and of the evaluator's checks.
pub fn target_names(targets: &crate::scenario::Targets) -> Vec<&'static str> {
    let mut names = Vec::new();
    let mut set = |is_set: bool, name: &'static str| {
        if is_set {
            names.push(name);
        }
    };
    set(
        targets.communes_meeting_standard.is_some(),
        "communes_meeting_standard",
    );
    set(targets.average_criteria.is_some(), "average_criteria");
    set(
        targets.min_criteria_per_commune.is_some(),
        "min_criteria_per_commune",
    );
    set(
        !targets.districts_meeting_standard.is_empty(),
        "districts_meeting_standard",
    );
    set(
        targets.villages_share_in_especially_difficult.is_some(),
        "villages_share_in_especially_difficult",
    );
    set(!targets.keep_standard.is_empty(), "keep_standard");
    set(targets.communes_advanced.is_some(), "communes_advanced");
    names
}

/// The best value of each scenario target when it is the only aim.
pub fn reach_alone(context: &Context) -> Result<Vec<TargetReach>, RunError> {
    let targets = &context.scenario.targets;
    let communes = context.instance.communes.len();
    let limit = context.scenario.solver.time_limit_seconds;
    let started = std::time::Instant::now();
    // A small share of the limit for the greedy starts, as the tiers have.
    let deadline = |fraction: f64| {
        let left = (limit - started.elapsed().as_secs_f64()).max(0.0);
        std::time::Instant::now() + std::time::Duration::from_secs_f64(left * fraction)
    };
    // One greedy plan, completed towards each target: without a start
    // HiGHS spends most of its time finding a first plan (the unweighted
    // commune count took 0.94 s of the default plan's verdict without one,
    // against about 0.1 s with it).
    let greedy = model::greedy::start(context, deadline(0.05));
    let best = |objective: Objective| -> Result<f64, RunError> {
        let spec = Spec {
            objective,
            enforce_targets: false,
            bounds: Vec::new(),
        };
        let aim = model::greedy::Aim {
            next: objective,
            held: &[],
            enforce: false,
        };
        let start = model::greedy::complete(context, &greedy, aim, deadline(0.05));
        model::solve_one(context, &spec, Some(&start), limit)
            .map(|(outcome, _)| outcome.value)
            .map_err(RunError::Solve)
    };
    // Each target's question, as (name, required, objective, divisor):
    // the best alone is the objective's optimum over the divisor.
    let mut asked: Vec<(&'static str, f64, Objective, f64)> = Vec::new();
    if let Some(required) = targets.communes_meeting_standard {
        asked.push((
            "communes_meeting_standard",
            f64::from(required),
            Objective::Communes,
            1.0,
        ));
    }
    if let Some(required) = targets.average_criteria {
        asked.push((
            "average_criteria",
            required,
            Objective::CriteriaMet,
            communes as f64,
        ));
    }
    if let Some(required) = targets.min_criteria_per_commune {
        asked.push((
            "min_criteria_per_commune",
            f64::from(required),
            Objective::MinCriteria,
            1.0,
        ));
    }
    if !targets.districts_meeting_standard.is_empty() {
        asked.push((
            "districts_meeting_standard",
            targets.districts_meeting_standard.len() as f64,
            Objective::TargetDistricts,
            1.0,
        ));
    }
    if let Some(share) = targets.villages_share_in_especially_difficult {
        // As a share of the villages counted, as the target is written.
        let (villages, _) = crate::model::constraints::villages_required(context.instance, share);
        asked.push((
            "villages_share_in_especially_difficult",
            share,
            Objective::VillagesAll,
            villages.len().max(1) as f64,
        ));
    }
    if !targets.keep_standard.is_empty() {
        asked.push((
            "keep_standard",
            context.instance.kept_communes(context.scenario).len() as f64,
            Objective::KeptCommunes,
            1.0,
        ));
    }
    if let Some(required) = targets.communes_advanced {
        asked.push((
            "communes_advanced",
            f64::from(required),
            Objective::AdvancedCommunes,
            1.0,
        ));
    }
    // Side by side on the current rayon pool: each answer is a proven
    // optimum, so the result does not depend on the workers.
    use rayon::prelude::*;
    let reach = asked
        .par_iter()
        .with_max_len(1)
        .map(|(name, required, objective, divisor)| {
            Ok(TargetReach {
                name,
                required: *required,
                best_alone: best(*objective)?.round() / divisor,
            })
        })
        .collect::<Result<Vec<_>, RunError>>()?;
    Ok(reach)
}
