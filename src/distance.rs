//! How far a submitted plan is from the best plan the same money allows,
//! and the cheapest changes that close the distance.
//!
//! The best plan is solved in the tiers of `ntm plan` (weighted communes,
//! then criteria met), and among the plans that reach both optimal values
//! the one that moves the least money away from the submitted plan is
//! taken (`Objective::Changes`), then the cheapest of those. Its gaps,
//! compared with the gaps the submitted plan completes, are the change
//! list; applied, they give a plan with the best values.

use crate::budget::Budget;
use crate::evaluate::{Outcome, evaluate_paused};
use crate::instance::{GapId, Instance};
use crate::model::{self, Context, Objective, SolveError};
use crate::money::Money;
use crate::plan::Plan;
use crate::run::{PlanRun, RunError, plan_rows};
use crate::scenario::Scenario;

/// The tiers of the closest best plan: the plan's own tiers, with the
/// least change from the submitted plan just before the money.
pub fn closest_tiers(scenario: &Scenario) -> Vec<Objective> {
    let mut tiers = Objective::plan_tiers(scenario);
    let money = tiers
        .iter()
        .position(|t| *t == Objective::Money)
        .unwrap_or(tiers.len());
    tiers.insert(money, Objective::Changes);
    tiers
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// Stop funding a gap the submitted plan completes.
    Drop,
    /// Fund the same gap in another year.
    Move,
    /// Fund a gap the submitted plan does not complete.
    Add,
}

impl ChangeKind {
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Drop => "drop",
            ChangeKind::Move => "move",
            ChangeKind::Add => "add",
        }
    }
}

/// One edit to the submitted plan, a whole gap at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    pub gap: GapId,
    /// The year the submitted plan funds it in (drop, move).
    pub from_year: Option<i32>,
    /// The year the closest best plan funds it in (add, move).
    pub to_year: Option<i32>,
    /// The gap's cost: the money the change moves.
    pub cost: Money,
}

pub struct Distance {
    /// The best plan the money allows that is closest to the submitted one.
    pub closest: PlanRun,
    /// The scenario enforces targets that no plan can meet together, so the
    /// best plan was sought without enforcing them.
    pub targets_relaxed: bool,
    /// Drops first, then moves, then additions, each in gap order.
    pub changes: Vec<Change>,
}

impl Distance {
    /// The money the changes move, in all.
    pub fn money_moved(&self) -> Money {
        self.changes.iter().map(|c| c.cost).sum()
    }
}

/// The distance from `submitted` (the evaluator's outcome of a plan, of
/// which only the gaps it pays in full count) to the best plan.
pub fn distance(
    instance: &Instance,
    scenario: &Scenario,
    submitted: &Outcome,
) -> Result<Distance, RunError> {
    let reference = &submitted.funded_year;
    let enforce = scenario.targets.enforce && !scenario.targets.is_empty();
    let (closest, targets_relaxed) = match closest(instance, scenario, reference, enforce) {
        Ok(run) => (run, false),
        Err(RunError::Solve(SolveError::Infeasible)) if enforce => {
            (closest(instance, scenario, reference, false)?, true)
        }
        Err(e) => return Err(e),
    };
    let mut changes = Vec::new();
    for (g, (before, after)) in reference
        .iter()
        .zip(&closest.selection.funded_year)
        .enumerate()
    {
        let kind = match (before, after) {
            (Some(_), None) => ChangeKind::Drop,
            (None, Some(_)) => ChangeKind::Add,
            // Under the rules that pay a cost over the years the schedule,
            // not the choice of gaps, sets the years: no money moves.
            (Some(a), Some(b)) if a != b && !scenario.payments.splits_cost() => ChangeKind::Move,
            _ => continue,
        };
        changes.push(Change {
            kind,
            gap: GapId(g),
            from_year: *before,
            to_year: *after,
            cost: closest.budget.gap_cost[g],
        });
    }
    changes.sort_by_key(|c| (c.kind, c.gap));
    Ok(Distance {
        closest,
        targets_relaxed,
        changes,
    })
}

fn closest(
    instance: &Instance,
    scenario: &Scenario,
    reference: &[Option<i32>],
    enforce: bool,
) -> Result<PlanRun, RunError> {
    let budget = Budget::new(instance, scenario);
    let mut context = Context::new(instance, scenario, &budget);
    context.reference = Some(reference.to_vec());
    let selection = model::lexicographic(&context, &closest_tiers(scenario), enforce)
        .map_err(RunError::Solve)?;
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
