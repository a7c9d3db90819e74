//! From the model's selection to payments in whole đồng.
//!
//! The model decides which gaps are funded and by which year each is
//! finished; its flows are floats. Here the payments are worked out again
//! exactly, by an integer maximum flow from the funded gaps to the budget's
//! money by line and year. Integer capacities give an integer maximum flow,
//! so every funded gap is paid its cost to the đồng and no line pays a đồng
//! more than it holds (under `carry_over`, than it has received so far).

use crate::budget::Budget;
use crate::flow::Network;
use crate::instance::{GapId, PoolId, PoolKind};
use std::collections::BTreeMap;

use crate::model::schedule::Ledger;
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
    /// Exact payments for the gaps `selection` funds, each finished by the
    /// year it gives (under `one_year`, paid whole in that year).
    ///
    /// One integer maximum flow over all years: the funded gaps, grouped by
    /// the cells (line, year) they may be paid from, draw on cells; a
    /// cell's own money flows to the sink, and under `carry_over` a cell
    /// may also pass demand to its line's cell of the year before, whose
    /// money is still unspent. Top-up lines open only once the budget's own
    /// lines are exhausted: augmenting paths end at the sink and never take
    /// flow back from a line's edge into it, so the second pass keeps the
    /// first pass's (maximal) use of the budget and the top-up is the least
    /// this selection needs.
    pub fn from_selection(context: &Context, selection: &Selection) -> Result<Plan, Shortfall> {
        // The money of the projects the selection pauses joins their lines.
        let freed = context.budget.with_paused(&selection.paused);
        let fixed;
        let context = if context.budget.pausable.is_empty() {
            context
        } else {
            fixed = Context::new(context.instance, context.scenario, &freed);
            &fixed
        };
        let instance = context.instance;
        let budget: &Budget = context.budget;
        let ledger = Ledger::new(context);
        let years = instance.years.len();
        let splits = context.scenario.payments.splits_cost();
        let position = |year: i32| instance.years.iter().position(|y| *y == year);

        // Groups: gaps finished by the same year with the same lines and
        // first year; any split of a group's flows among its gaps is valid.
        let mut group_index: BTreeMap<(usize, usize, Vec<usize>), usize> = BTreeMap::new();
        let mut groups: Vec<(usize, usize, Vec<usize>)> = Vec::new();
        let mut group_gaps: Vec<Vec<GapId>> = Vec::new();
        for (g, year) in selection.funded_year.iter().enumerate() {
            let Some(done) = year.and_then(position) else {
                continue;
            };
            let first = if splits {
                instance
                    .years
                    .iter()
                    .position(|y| *y >= instance.gaps[g].earliest_year)
                    .unwrap_or(done)
                    .min(done)
            } else {
                done
            };
            let key = (first, done, ledger.usable(context, g));
            let next = groups.len();
            let i = *group_index.entry(key.clone()).or_insert(next);
            if i == next {
                groups.push(key);
                group_gaps.push(Vec::new());
            }
            group_gaps[i].push(GapId(g));
        }

        // Nodes: 0 source, 1 sink, then groups, then cells (line, year).
        let cell = |l: usize, t: usize| 2 + groups.len() + l * years + t;
        let mut network = Network::new(2 + groups.len() + ledger.lines.len() * years);
        let mut demand_total = 0i64;
        let mut group_edges: Vec<Vec<(usize, usize, usize)>> = Vec::new();
        for (i, (first, done, lines)) in groups.iter().enumerate() {
            let demand: i64 = group_gaps[i]
                .iter()
                .map(|g| budget.gap_cost[g.0].dong())
                .sum();
            demand_total += demand;
            network.add_edge(0, 2 + i, demand);
            let mut edges = Vec::new();
            for &l in lines {
                for t in *first..=*done {
                    if ledger.open(l, t) {
                        edges.push((l, t, network.add_edge(2 + i, cell(l, t), i64::MAX / 4)));
                    }
                }
            }
            group_edges.push(edges);
        }
        let mut topups = Vec::new();
        for (l, line) in ledger.lines.iter().enumerate() {
            let topup = instance.pools[line.pool_for(0).0].kind == PoolKind::Topup;
            for t in 0..years {
                let capacity = line.capacity[t].dong();
                if topup {
                    topups.push((network.add_edge(cell(l, t), 1, 0), capacity));
                } else {
                    network.add_edge(cell(l, t), 1, capacity);
                }
                if ledger.carries && t > 0 {
                    network.add_edge(cell(l, t), cell(l, t - 1), i64::MAX / 4);
                }
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
            let year = selection
                .funded_year
                .iter()
                .flatten()
                .copied()
                .max()
                .unwrap_or_else(|| instance.horizon());
            return Err(Shortfall {
                year,
                missing: Money::from_dong(demand_total - delivered),
            });
        }
        // Within a group any split works: fill its gaps in order from its
        // cells, earliest year first.
        let mut payments = Vec::new();
        for (i, gaps) in group_gaps.iter().enumerate() {
            let mut offers: Vec<(usize, usize, i64)> = group_edges[i]
                .iter()
                .map(|(l, t, e)| (*l, *t, network.flow(*e)))
                .filter(|(_, _, f)| *f > 0)
                .collect();
            offers.sort_by_key(|(l, t, _)| (*t, *l));
            let mut next = 0;
            for gap in gaps {
                let mut due = budget.gap_cost[gap.0].dong();
                while due > 0 {
                    let (l, t, left) = &mut offers[next];
                    let take = due.min(*left);
                    payments.push(Payment {
                        year: instance.years[*t],
                        gap: *gap,
                        pool: ledger.lines[*l].pool_for(*t),
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
        // One row per gap, year and pool.
        payments.sort_by_key(|p| {
            let gap = &instance.gaps[p.gap.0];
            let commune = &instance.communes[gap.commune.0];
            (p.year, commune.district, gap.commune, gap.criterion, p.pool)
        });
        let mut merged: Vec<Payment> = Vec::with_capacity(payments.len());
        for p in payments {
            match merged.last_mut() {
                Some(last) if last.year == p.year && last.gap == p.gap && last.pool == p.pool => {
                    last.amount += p.amount;
                }
                _ => merged.push(p),
            }
        }
        Ok(Plan { payments: merged })
    }
}
