//! From the model's selection to payments in whole đồng.
//!
//! The model decides which gaps are funded in which year; its flows are
//! floats. Here the payments are worked out again exactly: per year, an
//! integer maximum flow from the flow classes (each asking the exact cost of
//! its funded gaps) to the pools (each offering its exact capacity). Integer
//! capacities give an integer maximum flow, so every funded gap is paid its
//! cost to the đồng and no pool pays a đồng more than it holds.

use std::collections::VecDeque;

use crate::budget::Budget;
use crate::instance::{GapId, PoolId, PoolKind};
use crate::model::{Context, Selection};
use crate::money::Money;

/// One payment: part or all of one gap's cost, from one pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub year: i32,
    pub gap: GapId,
    pub pool: PoolId,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Sorted by year, district, commune, criterion, pool.
    pub payments: Vec<Payment>,
}

/// The selection cannot be paid exactly: the solver's tolerances let it
/// choose gaps that overrun a pool by a sliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    pub year: i32,
    pub missing: Money,
}

impl std::fmt::Display for Shortfall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the solver's choice for {} cannot be paid exactly: {} million VND short (numerical tolerance)",
            self.year, self.missing
        )
    }
}

impl std::error::Error for Shortfall {}

impl Plan {
    pub fn from_selection(context: &Context, selection: &Selection) -> Result<Plan, Shortfall> {
        let sets = &context.sets;
        let budget: &Budget = context.budget;
        let mut payments = Vec::new();
        for &year in &context.instance.years {
            // The funded gaps of each class, in gap order.
            let mut class_gaps: Vec<Vec<GapId>> = vec![Vec::new(); sets.classes.len()];
            for funding in &sets.fundings {
                if funding.year == year && selection.funded_year[funding.gap.0] == Some(year) {
                    class_gaps[funding.class].push(funding.gap);
                }
            }
            let classes: Vec<usize> = (0..sets.classes.len())
                .filter(|c| !class_gaps[*c].is_empty())
                .collect();
            if classes.is_empty() {
                continue;
            }
            let pools: Vec<PoolId> = {
                let mut p: Vec<PoolId> = classes
                    .iter()
                    .flat_map(|c| sets.classes[*c].pools.iter().copied())
                    .collect();
                p.sort();
                p.dedup();
                p
            };
            // Nodes: 0 source, 1 sink, then classes, then pools.
            let class_node = |i: usize| 2 + i;
            let pool_node =
                |p: PoolId| 2 + classes.len() + pools.binary_search(&p).expect("listed");
            let mut network = Network::new(2 + classes.len() + pools.len());
            let mut demand_total = 0i64;
            let mut class_edges: Vec<Vec<(PoolId, usize)>> = Vec::new();
            for (i, c) in classes.iter().enumerate() {
                let demand: i64 = class_gaps[*c]
                    .iter()
                    .map(|g| budget.gap_cost[g.0].dong())
                    .sum();
                demand_total += demand;
                network.add_edge(0, class_node(i), demand);
                class_edges.push(
                    sets.classes[*c]
                        .pools
                        .iter()
                        .map(|p| {
                            (
                                *p,
                                network.add_edge(class_node(i), pool_node(*p), i64::MAX / 4),
                            )
                        })
                        .collect(),
                );
            }
            // Top-up pools open only once the budget's own pools are
            // exhausted: augmenting paths end at the sink and never take
            // flow back from a pool's edge into it, so the second pass
            // keeps the first pass's (maximal) use of the budget and the
            // top-up is the least this selection needs.
            let mut topups = Vec::new();
            for p in &pools {
                let capacity = budget.pool_capacity[p.0].dong();
                if context.instance.pools[p.0].kind == PoolKind::Topup {
                    topups.push((network.add_edge(pool_node(*p), 1, 0), capacity));
                } else {
                    network.add_edge(pool_node(*p), 1, capacity);
                }
            }
            let mut delivered = network.max_flow(0, 1);
            if !topups.is_empty() {
                for (edge, capacity) in topups {
                    network.widen(edge, capacity);
                }
                delivered += network.max_flow(0, 1);
            }
            if delivered < demand_total {
                return Err(Shortfall {
                    year,
                    missing: Money::from_dong(demand_total - delivered),
                });
            }
            // Within a class any split works; fill gaps in order from pools in order.
            for (i, c) in classes.iter().enumerate() {
                let mut offers: Vec<(PoolId, i64)> = class_edges[i]
                    .iter()
                    .map(|(p, e)| (*p, network.flow(*e)))
                    .filter(|(_, f)| *f > 0)
                    .collect();
                let mut next = 0;
                for gap in &class_gaps[*c] {
                    let mut due = budget.gap_cost[gap.0].dong();
                    while due > 0 {
                        let (pool, left) = &mut offers[next];
                        let take = due.min(*left);
                        payments.push(Payment {
                            year,
                            gap: *gap,
                            pool: *pool,
                            amount: Money::from_dong(take),
                        });
                        due -= take;
                        *left -= take;
                        if *left == 0 {
                            next += 1;
                        }
                    }
                }
            }
        }
        let instance = context.instance;
        payments.sort_by_key(|p| {
            let gap = &instance.gaps[p.gap.0];
            let commune = &instance.communes[gap.commune.0];
            (p.year, commune.district, gap.commune, gap.criterion, p.pool)
        });
        Ok(Plan { payments })
    }
}

/// A small Dinic maximum-flow network with integer capacities.
struct Network {
    /// (to, capacity left, index of the reverse edge)
    edges: Vec<(usize, i64, usize)>,
    original: Vec<i64>,
    adjacency: Vec<Vec<usize>>,
}

impl Network {
    fn new(nodes: usize) -> Network {
        Network {
            edges: Vec::new(),
            original: Vec::new(),
            adjacency: vec![Vec::new(); nodes],
        }
    }

    fn add_edge(&mut self, from: usize, to: usize, capacity: i64) -> usize {
        let forward = self.edges.len();
        self.edges.push((to, capacity, forward + 1));
        self.edges.push((from, 0, forward));
        self.original.push(capacity);
        self.original.push(0);
        self.adjacency[from].push(forward);
        self.adjacency[to].push(forward + 1);
        forward
    }

    /// Give edge `edge` `extra` more capacity, keeping the flow it carries.
    fn widen(&mut self, edge: usize, extra: i64) {
        self.edges[edge].1 += extra;
        self.original[edge] += extra;
    }

    fn flow(&self, edge: usize) -> i64 {
        self.original[edge] - self.edges[edge].1
    }

    fn max_flow(&mut self, source: usize, sink: usize) -> i64 {
        let mut total = 0;
        loop {
            let level = self.levels(source);
            if level[sink] < 0 {
                return total;
            }
            let mut cursor = vec![0; self.adjacency.len()];
            loop {
                let pushed = self.push(source, sink, i64::MAX, &level, &mut cursor);
                if pushed == 0 {
                    break;
                }
                total += pushed;
            }
        }
    }

    fn levels(&self, source: usize) -> Vec<i64> {
        let mut level = vec![-1; self.adjacency.len()];
        level[source] = 0;
        let mut queue = VecDeque::from([source]);
        while let Some(node) = queue.pop_front() {
            for &e in &self.adjacency[node] {
                let (to, capacity, _) = self.edges[e];
                if capacity > 0 && level[to] < 0 {
                    level[to] = level[node] + 1;
                    queue.push_back(to);
                }
            }
        }
        level
    }

    fn push(
        &mut self,
        node: usize,
        sink: usize,
        limit: i64,
        level: &[i64],
        cursor: &mut [usize],
    ) -> i64 {
        if node == sink {
            return limit;
        }
        while cursor[node] < self.adjacency[node].len() {
            let e = self.adjacency[node][cursor[node]];
            let (to, capacity, reverse) = self.edges[e];
            if capacity > 0 && level[to] == level[node] + 1 {
                let pushed = self.push(to, sink, limit.min(capacity), level, cursor);
                if pushed > 0 {
                    self.edges[e].1 -= pushed;
                    self.edges[reverse].1 += pushed;
                    return pushed;
                }
            }
            cursor[node] += 1;
        }
        0
    }
}

#[cfg(test)]
mod tests {
    use super::Network;

    #[test]
    fn max_flow_of_a_small_network() {
        // Two demands of 5 and 4 sharing pools of 6 and 2: only 8 can flow.
        let mut n = Network::new(6);
        n.add_edge(0, 2, 5);
        n.add_edge(0, 3, 4);
        n.add_edge(2, 4, 100);
        n.add_edge(3, 4, 100);
        n.add_edge(3, 5, 100);
        n.add_edge(4, 1, 6);
        n.add_edge(5, 1, 2);
        assert_eq!(n.max_flow(0, 1), 8);
    }
}
