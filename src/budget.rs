//! The money of one scenario: gap costs and pool capacities after the
//! scenario's what-if multipliers and land-revenue shares.
//!
//! Kept apart from `Instance` so that a sweep can share one instance and
//! derive a budget per variant, and so that the model, the plan and the
//! evaluator all see the same exact amounts in đồng.

use crate::instance::{Instance, PoolKind};
use crate::money::Money;
use crate::scenario::Scenario;

#[derive(Debug, Clone)]
pub struct Budget {
    /// Cost of each gap, by `GapId`.
    pub gap_cost: Vec<Money>,
    /// The most that may be paid from each pool, by `PoolId`.
    pub pool_capacity: Vec<Money>,
    /// Land-revenue pools: the legal floor the district commits whatever is
    /// spent (zero for programme pools).
    pub pool_floor: Vec<Money>,
    /// The projects the plan may pause (`[projects] allow_pause`), each
    /// with the pool its money joins; empty when pausing is not allowed.
    pub pausable: Vec<Pausable>,
}

/// A project the plan may pause, and where its money goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pausable {
    /// Index into `Instance::projects`.
    pub project: usize,
    pub pool: crate::instance::PoolId,
    pub amount: Money,
    pub priority: f64,
}

impl Budget {
    pub fn new(instance: &Instance, scenario: &Scenario) -> Budget {
        let adjust = &scenario.adjust;
        let gap_cost = instance
            .gaps
            .iter()
            .map(|g| g.cost.scale(adjust.cost))
            .collect();
        let mut pool_capacity = Vec::with_capacity(instance.pools.len());
        let mut pool_floor = Vec::with_capacity(instance.pools.len());
        for pool in &instance.pools {
            match pool.kind {
                PoolKind::Programme => {
                    let source = &instance.sources[pool.source.0];
                    pool_capacity.push(pool.amount.scale(adjust.source_factor(&source.id)));
                    pool_floor.push(Money::ZERO);
                }
                PoolKind::LandRevenue => {
                    let revenue = pool.amount.scale(adjust.land_revenue);
                    pool_capacity.push(revenue.scale(scenario.land_revenue.max_share));
                    pool_floor.push(revenue.scale(scenario.land_revenue.min_share));
                }
                PoolKind::Topup => {
                    pool_capacity.push(pool.amount);
                    pool_floor.push(Money::ZERO);
                }
            }
        }
        let pausable = if crate::projects::pausing(instance, scenario) {
            instance
                .projects
                .iter()
                .enumerate()
                .filter(|(_, p)| p.pausable)
                .filter_map(|(i, p)| {
                    instance.project_pool(p).map(|pool| Pausable {
                        project: i,
                        pool,
                        amount: p.amount,
                        priority: p.priority,
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        Budget {
            gap_cost,
            pool_capacity,
            pool_floor,
            pausable,
        }
    }

    /// The budget once the projects `paused` (indices into
    /// `Instance::projects`) are paused: their money added to their pools,
    /// and nothing more left to pause. The schedule and the exact payments
    /// work on it, with the paused set fixed.
    pub fn with_paused(&self, paused: &[usize]) -> Budget {
        let mut budget = self.clone();
        for p in &self.pausable {
            if paused.contains(&p.project) {
                budget.pool_capacity[p.pool.0] += p.amount;
            }
        }
        budget.pausable.clear();
        budget
    }

    /// The budget once the projects `paused` are paused for good (a plan
    /// approved earlier paused them): their money added to their pools,
    /// and only the others left to pause.
    pub fn with_fixed_pause(&self, paused: &[usize]) -> Budget {
        let mut budget = self.clone();
        for p in &self.pausable {
            if paused.contains(&p.project) {
                budget.pool_capacity[p.pool.0] += p.amount;
            }
        }
        budget.pausable.retain(|p| !paused.contains(&p.project));
        budget
    }
}
