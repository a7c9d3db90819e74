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
        Budget {
            gap_cost,
            pool_capacity,
            pool_floor,
        }
    }
}
