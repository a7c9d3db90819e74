//! The marginal value of money: for each source and year, what one more
//! step of money would buy, found by planning again with that step added.
//!
//! A MIP has no useful dual prices, and a step of money can reshuffle the
//! whole plan, so the only honest answer is to re-solve: each row is exactly
//! the proven-optimal plan with the step added, compared with the base plan.
//! The re-solves are independent and run on rayon, one HiGHS thread each;
//! rows come back in (source, year) order whatever the thread count.

use rayon::prelude::*;

use crate::budget::Budget;
use crate::commitments::Commitments;
use crate::instance::{CommuneId, Instance, PoolId, PoolKind};
use crate::money::Money;
use crate::run::{self, PlanRun, RunError};
use crate::scenario::Scenario;

/// The default step: this share of the source's money in the year.
pub const DEFAULT_STEP_SHARE: f64 = 0.10;

/// One source in one year, with its money stepped up.
#[derive(Debug, Clone)]
pub struct MarginalRow {
    /// A programme source id, or `land_revenue`.
    pub source_id: String,
    pub year: i32,
    /// What the source may pay out that year, before the step.
    pub available: Money,
    pub step: Money,
    /// The step shared among the source's budget lines of the year, in
    /// proportion to what each holds (largest remainder, to the đồng).
    pub added: Vec<(PoolId, Money)>,
    pub result: Result<Stepped, String>,
}

/// The plan with the step, against the base plan.
#[derive(Debug, Clone)]
pub struct Stepped {
    /// `optimal` or `time_limit`.
    pub status: &'static str,
    pub weighted_communes_gain: f64,
    pub communes_gain: i64,
    pub criteria_gain: i64,
    /// More money spent in all (may exceed the step: the step can unlock
    /// other money that a commune's remaining gaps needed).
    pub spent_gain: Money,
    /// Communes at the standard with the step that are not without it.
    pub newly_meeting: Vec<CommuneId>,
    /// And the reverse (a reshuffle towards a heavier-weighted commune).
    pub no_longer_meeting: Vec<CommuneId>,
    /// Communes whose criteria count rises, with by how much.
    pub more_criteria: Vec<(CommuneId, usize)>,
}

/// Share `step` among `capacities` in proportion, exact in đồng.
fn share(step: Money, capacities: &[Money]) -> Vec<Money> {
    let total: i128 = capacities.iter().map(|c| i128::from(c.dong())).sum();
    if total == 0 {
        let mut out = vec![Money::ZERO; capacities.len()];
        if let Some(first) = out.first_mut() {
            *first = step;
        }
        return out;
    }
    let step_dong = i128::from(step.dong());
    let mut parts: Vec<(i128, i128, usize)> = capacities
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let exact = step_dong * i128::from(c.dong());
            (exact / total, exact % total, i)
        })
        .collect();
    let mut left = step_dong - parts.iter().map(|p| p.0).sum::<i128>();
    // Largest remainders first; ties to the earlier line.
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| parts[*b].1.cmp(&parts[*a].1).then(a.cmp(b)));
    for i in order {
        if left == 0 {
            break;
        }
        parts[i].0 += 1;
        left -= 1;
    }
    parts
        .into_iter()
        .map(|(d, _, _)| Money::from_dong(d as i64))
        .collect()
}

/// Every (source, year) with money, each stepped by `step` (default 10% of
/// what it holds that year), planned again on `jobs` workers.
pub fn marginal(
    instance: &Instance,
    scenario: &Scenario,
    base: &PlanRun,
    step: Option<Money>,
    jobs: usize,
) -> Result<Vec<MarginalRow>, RunError> {
    marginal_kept(instance, scenario, base, step, jobs, None)
}

/// [`marginal`] of a plan that keeps `commitments` (`base` planned with
/// them, [`run::plan_committed`]): each step is planned again keeping them
/// too, on the stepped money less what they take. What a step is worth is
/// then what it adds beyond the payments already made.
pub fn marginal_kept(
    instance: &Instance,
    scenario: &Scenario,
    base: &PlanRun,
    step: Option<Money>,
    jobs: usize,
    commitments: Option<&Commitments>,
) -> Result<Vec<MarginalRow>, RunError> {
    let commitments = commitments.filter(|c| !c.is_empty() || c.replan_from.is_some());
    let mut single = scenario.clone();
    single.solver.threads = 1;
    let budget = Budget::new(instance, scenario);
    let mut rows = Vec::new();
    for (s, source) in instance.sources.iter().enumerate() {
        for &year in &instance.years {
            let lines: Vec<PoolId> = (0..instance.pools.len())
                .filter(|p| {
                    let pool = &instance.pools[*p];
                    pool.source.0 == s && pool.year == year && pool.kind != PoolKind::Topup
                })
                .map(PoolId)
                .collect();
            let capacities: Vec<Money> = lines.iter().map(|p| budget.pool_capacity[p.0]).collect();
            let available: Money = capacities.iter().copied().sum();
            let step = step.unwrap_or_else(|| available.scale(DEFAULT_STEP_SHARE));
            if lines.is_empty() || step.is_zero() {
                continue;
            }
            let added = lines
                .iter()
                .copied()
                .zip(share(step, &capacities))
                .collect();
            rows.push(MarginalRow {
                source_id: source.id.clone(),
                year,
                available,
                step,
                added,
                result: Err(String::new()),
            });
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(|e| RunError::Solve(crate::model::SolveError::Solver(e.to_string())))?;
    let results: Vec<Result<Stepped, String>> = pool.install(|| {
        rows.par_iter()
            .with_max_len(1)
            .map(|row| {
                let mut stepped = budget.clone();
                for (p, amount) in &row.added {
                    stepped.pool_capacity[p.0] += *amount;
                }
                // Only the horizon is compared: the years are not scheduled.
                let planned = match commitments {
                    Some(kept) => {
                        run::plan_committed_on(instance, &single, stepped, kept, false, false)
                    }
                    None => run::plan_on_horizon(instance, &single, stepped, false, Some(base)),
                };
                match planned {
                    Ok(run) => Ok(compare(base, &run)),
                    Err(e) => Err(e.to_string()),
                }
            })
            .collect()
    });
    for (row, result) in rows.iter_mut().zip(results) {
        row.result = result;
    }
    Ok(rows)
}

fn compare(base: &PlanRun, stepped: &PlanRun) -> Stepped {
    let (b, s) = (&base.outcome, &stepped.outcome);
    let mut newly_meeting = Vec::new();
    let mut no_longer_meeting = Vec::new();
    let mut more_criteria = Vec::new();
    for (c, (before, after)) in b.communes.iter().zip(&s.communes).enumerate() {
        match (before.meets_after, after.meets_after) {
            (false, true) => newly_meeting.push(CommuneId(c)),
            (true, false) => no_longer_meeting.push(CommuneId(c)),
            _ => {}
        }
        if after.criteria_after > before.criteria_after {
            more_criteria.push((CommuneId(c), after.criteria_after - before.criteria_after));
        }
    }
    Stepped {
        status: crate::report::summary::status(&stepped.selection),
        weighted_communes_gain: s.weighted_communes - b.weighted_communes,
        communes_gain: s.communes_meeting_standard as i64 - b.communes_meeting_standard as i64,
        criteria_gain: s.criteria_met_total as i64 - b.criteria_met_total as i64,
        spent_gain: s.total_cost - b.total_cost,
        newly_meeting,
        no_longer_meeting,
        more_criteria,
    }
}

#[cfg(test)]
mod tests {
    use super::share;
    use crate::money::Money;

    #[test]
    fn shares_add_up_to_the_step_to_the_dong() {
        let m = |millions: i64| Money::from_millions(millions);
        let parts = share(m(100), &[m(100), m(120)]);
        assert_eq!(parts.iter().copied().sum::<Money>(), m(100));
        assert_eq!(parts[0], Money::from_dong(45_454_545));
        assert_eq!(parts[1], Money::from_dong(54_545_455));
        let parts = share(Money::from_dong(10), &[m(1), m(1), m(1)]);
        assert_eq!(
            parts,
            [4, 3, 3].map(Money::from_dong).to_vec(),
            "the earlier line takes the tie"
        );
    }
}
