//! The index sets of the model: which gap may be funded in which year, and
//! the flow classes that let one flow variable stand for many gaps.
//!
//! A flow class is a set of pools. Every (gap, year) whose usable pools are
//! exactly that set draws on the class's flows. Since all gaps of a class can
//! use all of its pools, any split of the class's flows among its funded
//! gaps is a valid payment plan, so aggregating loses nothing (see
//! docs/model.md, "Flow classes").

use std::collections::BTreeMap;

use crate::budget::Budget;
use crate::instance::{GapId, Instance, PoolId};

/// Gap `gap` funded in `year`, drawing on flow class `class`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Funding {
    pub gap: GapId,
    pub year: i32,
    pub class: usize,
}

#[derive(Debug, Clone)]
pub struct FlowClass {
    pub year: i32,
    /// The pools every funding of this class may draw on, ascending.
    pub pools: Vec<PoolId>,
}

#[derive(Debug, Clone)]
pub struct Sets {
    pub fundings: Vec<Funding>,
    /// For each gap, its fundings (one per year it can be funded in).
    pub gap_fundings: Vec<Vec<usize>>,
    pub classes: Vec<FlowClass>,
    /// (class, pool) pairs, one flow variable each.
    pub flows: Vec<(usize, PoolId)>,
}

impl Sets {
    pub fn new(instance: &Instance, budget: &Budget) -> Sets {
        let mut class_index: BTreeMap<(i32, Vec<PoolId>), usize> = BTreeMap::new();
        let mut classes = Vec::new();
        let mut fundings = Vec::new();
        let mut gap_fundings = vec![Vec::new(); instance.gaps.len()];
        for (g, gap) in instance.gaps.iter().enumerate() {
            let commune = &instance.communes[gap.commune.0];
            for &year in instance.years.iter().filter(|y| **y >= gap.earliest_year) {
                let pools: Vec<PoolId> = instance
                    .pools
                    .iter()
                    .enumerate()
                    .filter(|(p, pool)| {
                        pool.year == year
                            && budget.pool_capacity[*p].dong() > 0
                            && instance.sources[pool.source.0].eligible[gap.criterion.0]
                            && pool.usable_in(commune)
                    })
                    .map(|(p, _)| PoolId(p))
                    .collect();
                // A gap dearer than all the pools it could draw on that year
                // together can never be paid that year.
                let reach: i64 = pools.iter().map(|p| budget.pool_capacity[p.0].dong()).sum();
                if pools.is_empty() || budget.gap_cost[g].dong() > reach {
                    continue;
                }
                let next = classes.len();
                let class = *class_index.entry((year, pools.clone())).or_insert(next);
                if class == next {
                    classes.push(FlowClass { year, pools });
                }
                gap_fundings[g].push(fundings.len());
                fundings.push(Funding {
                    gap: GapId(g),
                    year,
                    class,
                });
            }
        }
        let flows = classes
            .iter()
            .enumerate()
            .flat_map(|(c, class)| class.pools.iter().map(move |p| (c, *p)))
            .collect();
        Sets {
            fundings,
            gap_fundings,
            classes,
            flows,
        }
    }
}
