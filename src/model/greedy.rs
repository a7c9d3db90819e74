//! A first plan for the first tier, offered to HiGHS as its starting
//! incumbent: communes cheapest to complete (per unit of weight) first, then
//! the cheapest gaps left, each step kept only when an exact integer
//! maximum flow from the flow classes to the accounts can still pay
//! everything chosen. It keeps every rule and the dominance rows (gaps are
//! tried in the chains' order, and a gap that does not fit in a class is
//! followed only by dearer ones there), so HiGHS can use it; enforced
//! targets it may miss, and HiGHS then ignores it, which costs time only.

use super::Context;
use crate::flow::Network;

/// The base columns (fund, meets, flow) of the greedy plan.
pub fn start(context: &Context) -> Vec<f64> {
    let sets = &context.sets;
    let instance = context.instance;
    let cost = |f: usize| context.budget.gap_cost[sets.fundings[f].gap.0].dong();

    // Nodes: 0 source, 1 sink, then classes, then accounts.
    let class_node = |c: usize| 2 + c;
    let account_node = |a: usize| 2 + sets.classes.len() + a;
    let mut network = Network::new(2 + sets.classes.len() + sets.accounts.len());
    let demand_edge: Vec<usize> = (0..sets.classes.len())
        .map(|c| network.add_edge(0, class_node(c), 0))
        .collect();
    let flow_edge: Vec<usize> = sets
        .flows
        .iter()
        .map(|(c, a)| network.add_edge(class_node(*c), account_node(*a), i64::MAX / 4))
        .collect();
    for (a, account) in sets.accounts.iter().enumerate() {
        network.add_edge(account_node(a), 1, account.capacity.dong());
    }

    let mut fund = vec![false; sets.fundings.len()];
    let mut gap_funded = vec![false; instance.gaps.len()];
    // Add fundings to the network; keep them if everything can be paid.
    let try_add = |network: &mut Network, chosen: &[usize]| -> bool {
        let before = network.clone();
        let mut more = 0;
        for &f in chosen {
            network.widen(demand_edge[sets.fundings[f].class], cost(f));
            more += cost(f);
        }
        if network.max_flow(0, 1) == more {
            true
        } else {
            *network = before;
            false
        }
    };

    // Communes cheapest to complete per unit of weight first.
    let mut order: Vec<(f64, usize)> = instance
        .communes
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.gaps.is_empty())
        .filter(|(_, c)| c.gaps.iter().all(|g| !sets.gap_fundings[g.0].is_empty()))
        .map(|(i, c)| {
            let total: i64 = c
                .gaps
                .iter()
                .map(|g| context.budget.gap_cost[g.0].dong())
                .sum();
            (total as f64 / c.weight, i)
        })
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (_, c) in order {
        let before = network.clone();
        let mut chosen = Vec::new();
        let complete = instance.communes[c].gaps.iter().all(|g| {
            let placed = sets.gap_fundings[g.0]
                .iter()
                .copied()
                .find(|f| try_add(&mut network, &[*f]));
            if let Some(f) = placed {
                chosen.push(f);
            }
            placed.is_some()
        });
        if complete {
            for f in chosen {
                fund[f] = true;
                gap_funded[sets.fundings[f].gap.0] = true;
            }
        } else {
            network = before;
        }
    }

    // Then the cheapest gaps left, in the chains' order.
    let mut rest: Vec<usize> = (0..instance.gaps.len())
        .filter(|g| !gap_funded[*g] && !sets.gap_fundings[*g].is_empty())
        .collect();
    rest.sort_by_key(|g| (context.budget.gap_cost[*g], *g));
    for g in rest {
        if let Some(f) = sets.gap_fundings[g]
            .iter()
            .copied()
            .find(|f| try_add(&mut network, &[*f]))
        {
            fund[f] = true;
            gap_funded[g] = true;
        }
    }

    let mut columns: Vec<f64> = fund.iter().map(|x| f64::from(u8::from(*x))).collect();
    for commune in &instance.communes {
        if commune.gaps.is_empty() {
            continue;
        }
        let complete = commune.gaps.iter().all(|g| gap_funded[g.0]);
        columns.push(f64::from(u8::from(complete)));
    }
    columns.extend(
        flow_edge
            .iter()
            .map(|e| crate::money::Money::from_dong(network.flow(*e)).billions()),
    );
    columns
}
