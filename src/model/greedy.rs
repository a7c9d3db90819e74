//! A first plan for the first tier, offered to HiGHS as its starting
//! incumbent: communes cheapest to complete (per unit of weight) first, then
//! the cheapest gaps left, each step kept only when an exact integer
//! maximum flow from the flow classes to the accounts can still pay
//! everything chosen. It keeps every rule and the dominance rows (gaps are
//! tried in the chains' order, and a gap that does not fit in a class is
//! followed only by dearer ones there), so HiGHS can use it; enforced
//! targets it may miss, and HiGHS then ignores it, which costs time only.

use std::time::Instant;

use super::{Context, Objective};
use crate::flow::Network;
use crate::instance::GapKind;

/// The base columns (fund, meets, flow) of the greedy plan.
pub fn start(context: &Context, deadline: Instant) -> Vec<f64> {
    fill(context, None, None, deadline)
}

/// What the plan `complete` returns is a start for: the tier solved next,
/// the tiers held at their values, and whether targets are enforced.
#[derive(Debug, Clone, Copy)]
pub struct Aim<'a> {
    pub next: Objective,
    pub held: &'a [Objective],
    pub enforce: bool,
}

impl Aim<'_> {
    /// Whether fundings that count for no tier so far may be dropped to
    /// free their money for the next one: a commune's gaps when its commune
    /// is not at the standard (unless the criteria are held), an advanced
    /// level's or a village's when not all of them are funded. Only when
    /// every tier involved counts whole communes, villages, advanced levels,
    /// criteria in total or money, and no target is enforced (a dropped gap
    /// could be one an enforced target needs).
    fn may_drop(&self) -> bool {
        let counts_wholes = |o: &Objective| {
            matches!(
                o,
                Objective::KeptCommunes
                    | Objective::WeightedCommunes
                    | Objective::Communes
                    | Objective::AdvancedCommunes
                    | Objective::Villages
                    | Objective::VillagesAll
                    | Objective::CriteriaMet
                    | Objective::PausedMoney
                    | Objective::Money
            )
        };
        !self.enforce && counts_wholes(&self.next) && self.held.iter().all(counts_wholes)
    }
}

/// A plan given by its base columns, completed: its fundings kept, then the
/// cheapest gaps left added while everything can still be paid, then each
/// funded gap of a commune not at the standard swapped for a cheaper
/// unfunded one where the money allows. What it keeps and adds keeps every
/// tier at least as good, so it is a start for the next tier.
pub fn complete(context: &Context, base: &[f64], aim: Aim, deadline: Instant) -> Vec<f64> {
    fill(context, Some(base), Some(aim), deadline)
}

/// Each step stops at `deadline`, keeping what it has: the plan is a start,
/// and every step leaves it payable.
fn fill(context: &Context, keep: Option<&[f64]>, aim: Option<Aim>, deadline: Instant) -> Vec<f64> {
    let late = || Instant::now() >= deadline;
    let sets = &context.sets;
    let instance = context.instance;
    let cost = |f: usize| context.budget.gap_cost[sets.fundings[f].gap.0].dong();

    // The projects the kept plan pauses stay paused, their money in their
    // accounts. A first plan pauses every pausable project: the first tier
    // counts outcomes, not what is paused, so the most money makes the
    // best start (the paused-money tier takes back what is not needed).
    // So does a start for an outcome tier before the paused money is held:
    // a solver's plan pauses what no tier so far asked it not to.
    let offset = super::variables::Variables::paused_offset(instance, sets);
    let pause_all = aim.is_none_or(|aim| {
        !matches!(aim.next, Objective::PausedMoney | Objective::Money)
            && !aim.held.contains(&Objective::PausedMoney)
    });
    let paused: Vec<f64> = (0..context.budget.pausable.len())
        .map(|i| match keep {
            Some(base) if !pause_all => f64::from(u8::from(base[offset + i] > 0.5)),
            _ => 1.0,
        })
        .collect();
    let capacity = capacity_with(context, &paused);
    let rebuilt = |sets: &super::sets::Sets, demand: &[i64], flow_edge: &mut Vec<usize>| {
        rebuilt(sets, &capacity, demand, flow_edge)
    };
    let mut flow_edge = Vec::new();
    let mut network = rebuilt(sets, &vec![0; sets.classes.len()], &mut flow_edge);

    let mut fund = vec![false; sets.fundings.len()];
    let mut gap_funded = vec![false; instance.gaps.len()];
    let try_add =
        |network: &mut Network, chosen: &[usize]| add_if_payable(context, network, chosen);

    if let Some(base) = keep {
        let mut kept: Vec<usize> = (0..sets.fundings.len())
            .filter(|f| base[*f] > 0.5)
            .collect();
        if let Some(aim) = aim.filter(Aim::may_drop) {
            let counts =
                counted_fundings(context, &kept, !aim.held.contains(&Objective::CriteriaMet));
            kept.retain(|f| counts[*f]);
        }
        // What the solve fixes at zero (villages, advanced levels that no
        // tier of it counts) a start must not fund, or HiGHS never sees it
        // (the marginal values' first tier, `keep_standard`, lost its start
        // to the villages of the scenario's plan).
        if let Some(aim) = aim {
            let tiers: Vec<Objective> = std::iter::once(aim.next)
                .chain(aim.held.iter().copied())
                .collect();
            let idle = super::solve::idle_for(context, &tiers, aim.enforce);
            kept.retain(|f| match instance.gaps[sets.fundings[*f].gap.0].kind() {
                GapKind::Commune => true,
                GapKind::Village => !idle.villages,
                GapKind::Advanced => !idle.advanced,
            });
        }
        for f in &kept {
            fund[*f] = true;
            gap_funded[sets.fundings[*f].gap.0] = true;
        }
        if !try_add(&mut network, &kept) {
            // The solver's plan cannot be paid exactly (a tolerance sliver):
            // offer it as it is.
            return base.to_vec();
        }
    }

    // What the next tier counts, cheapest first.
    match aim.map(|a| a.next) {
        Some(Objective::AdvancedCommunes) => {
            let wholes = advanced_levels(context, &gap_funded);
            add_wholes(
                context,
                wholes,
                usize::MAX,
                &mut network,
                &mut fund,
                &mut gap_funded,
                &try_add,
                &late,
            );
        }
        Some(next @ (Objective::Villages | Objective::VillagesAll)) => {
            let share = if next == Objective::Villages {
                context
                    .scenario
                    .targets
                    .villages_share_in_especially_difficult
                    .unwrap_or(1.0)
            } else {
                1.0
            };
            let (counted, required) = super::constraints::villages_required(instance, share);
            let meeting = counted
                .iter()
                .filter(|v| instance.villages[v.0].gaps.iter().all(|g| gap_funded[g.0]))
                .count();
            let wanted = (required as usize).saturating_sub(meeting);
            let wholes: Vec<Vec<usize>> = counted
                .iter()
                .map(|v| instance.villages[v.0].gaps.iter().map(|g| g.0).collect())
                .collect();
            add_wholes(
                context,
                wholes,
                wanted,
                &mut network,
                &mut fund,
                &mut gap_funded,
                &try_add,
                &late,
            );
        }
        _ => {}
    }

    super::watch::trace("greedy: kept and next tier's wholes");
    // Communes cheapest to complete per unit of weight first.
    let mut order: Vec<(f64, usize)> = instance
        .communes
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.gaps.is_empty() && !c.gaps.iter().all(|g| gap_funded[g.0]))
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
        if late() {
            break;
        }
        let before = network.snapshot();
        let mut chosen = Vec::new();
        let complete = instance.communes[c].gaps.iter().all(|g| {
            // A gap the kept plan funds is paid already: adding it again
            // would ask its cost twice of the network.
            if gap_funded[g.0] {
                return true;
            }
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
            network.restore(&before);
        }
    }

    super::watch::trace("greedy: communes");
    // Then the cheapest gaps left, in the chains' order. An advanced or a
    // village gap counts for no commune's criteria: their tiers fund those.
    let commune_gap = |g: usize| instance.gaps[g].kind() == crate::instance::GapKind::Commune;
    let mut rest: Vec<usize> = (0..instance.gaps.len())
        .filter(|g| commune_gap(*g) && !gap_funded[*g] && !sets.gap_fundings[*g].is_empty())
        .collect();
    rest.sort_by_key(|g| (context.budget.gap_cost[*g], *g));
    for g in rest {
        if late() {
            break;
        }
        if let Some(f) = sets.gap_fundings[g]
            .iter()
            .copied()
            .find(|f| try_add(&mut network, &[*f]))
        {
            fund[f] = true;
            gap_funded[g] = true;
        }
    }

    super::watch::trace("greedy: gaps");
    // Swaps: a funded gap of a commune not at the standard for the cheapest
    // unfunded gap that fits in its place, dearest first. Criteria stay,
    // money falls, and the added gap may complete its commune.
    let complete =
        |gap_funded: &[bool], c: usize| instance.communes[c].gaps.iter().all(|g| gap_funded[g.0]);
    // Commune criteria only: swapping an advanced gap could lose an
    // advanced commune, and its chains hold commune criteria only.
    let mut funded_loose: Vec<usize> = (0..sets.fundings.len())
        .filter(|f| {
            fund[*f]
                && commune_gap(sets.fundings[*f].gap.0)
                && !complete(
                    &gap_funded,
                    instance.gaps[sets.fundings[*f].gap.0].commune.0,
                )
        })
        .collect();
    funded_loose.sort_by_key(|f| std::cmp::Reverse((cost(*f), *f)));
    let mut unfunded: Vec<usize> = (0..instance.gaps.len())
        .filter(|g| !gap_funded[*g] && !sets.gap_fundings[*g].is_empty() && commune_gap(*g))
        .collect();
    unfunded.sort_by_key(|g| (context.budget.gap_cost[*g], *g));
    for f in funded_loose {
        if late() {
            break;
        }
        let g = sets.fundings[f].gap.0;
        if complete(&gap_funded, instance.gaps[g].commune.0) {
            continue;
        }
        // Unfunding f would break the dominance rows of a dearer funded gap
        // of its class whose commune is not at the standard.
        let rank = (cost(f), g);
        let class = sets.fundings[f].class;
        let dearer_loose = sets.chains[class].iter().any(|other| {
            let og = sets.fundings[*other].gap.0;
            fund[*other]
                && (cost(*other), og) > rank
                && !complete(&gap_funded, instance.gaps[og].commune.0)
        });
        if dearer_loose {
            continue;
        }
        // Without f (its cost taken back out of the network), then h in
        // each of its fundings.
        let before = network.snapshot();
        if !network.withdraw(demand_edge_of(class), cost(f), 1) {
            network.restore(&before);
            continue;
        }
        let mut swapped = false;
        for &h in &unfunded {
            if context.budget.gap_cost[h] >= context.budget.gap_cost[g] || late() {
                break;
            }
            if gap_funded[h] {
                continue;
            }
            let placed = sets.gap_fundings[h]
                .iter()
                .copied()
                .find(|hf| add_if_payable(context, &mut network, &[*hf]));
            if let Some(hf) = placed {
                fund[f] = false;
                gap_funded[g] = false;
                fund[hf] = true;
                gap_funded[h] = true;
                swapped = true;
                break;
            }
        }
        if !swapped {
            network.restore(&before);
        }
    }

    base_columns(context, &fund, &gap_funded, &network, &flow_edge, paused)
}

/// The plan `base` without the fundings of commune gaps whose commune it
/// leaves short of the standard, paid again by an exact maximum flow: a
/// start for a solve tied to whole communes (`Idle::whole_communes`),
/// which keeps every tier such a solve counts. `base` itself when what is
/// left cannot be paid exactly (a tolerance sliver in a solver's plan).
pub(super) fn whole_communes_only(context: &Context, base: &[f64]) -> Vec<f64> {
    let sets = &context.sets;
    let instance = context.instance;
    let funded_gap = |g: usize| sets.gap_fundings[g].iter().any(|f| base[*f] > 0.5);
    let whole: Vec<bool> = instance
        .communes
        .iter()
        .map(|c| c.gaps.iter().all(|g| funded_gap(g.0)))
        .collect();
    let kept: Vec<usize> = (0..sets.fundings.len())
        .filter(|f| base[*f] > 0.5)
        .filter(|f| {
            let gap = &instance.gaps[sets.fundings[*f].gap.0];
            gap.kind() != GapKind::Commune || whole[gap.commune.0]
        })
        .collect();
    let offset = super::variables::Variables::paused_offset(instance, sets);
    let paused: Vec<f64> = (0..context.budget.pausable.len())
        .map(|i| f64::from(u8::from(base[offset + i] > 0.5)))
        .collect();
    let capacity = capacity_with(context, &paused);
    let mut flow_edge = Vec::new();
    let mut network = rebuilt(
        sets,
        &capacity,
        &vec![0; sets.classes.len()],
        &mut flow_edge,
    );
    if !add_if_payable(context, &mut network, &kept) {
        return base.to_vec();
    }
    let mut fund = vec![false; sets.fundings.len()];
    let mut gap_funded = vec![false; instance.gaps.len()];
    for f in kept {
        fund[f] = true;
        gap_funded[sets.fundings[f].gap.0] = true;
    }
    base_columns(context, &fund, &gap_funded, &network, &flow_edge, paused)
}

/// The base columns (fund, meets, flow, paused) of the fundings `fund`,
/// paid as `network`'s maximum flow says.
fn base_columns(
    context: &Context,
    fund: &[bool],
    gap_funded: &[bool],
    network: &Network,
    flow_edge: &[usize],
    paused: Vec<f64>,
) -> Vec<f64> {
    let mut columns: Vec<f64> = fund.iter().map(|x| f64::from(u8::from(*x))).collect();
    for commune in &context.instance.communes {
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
    columns.extend(paused);
    columns
}

/// A plan aimed at the targets the scenario enforces, for the gap
/// analysis's questions "can these targets be met together?": when the
/// evaluator finds that it meets them, the answer is yes without a solve;
/// when not, HiGHS answers. Every pausable project is paused (the most
/// money). Each target in turn gets what it lacks, cheapest first, each
/// step kept only when an exact integer maximum flow still pays
/// everything: the communes that must meet the standard (kept status,
/// target districts), the cheapest criteria that bring every commune to
/// the least count, the communes, advanced levels and villages cheapest
/// to complete up to the count required, then the cheapest criteria up to
/// the average. Targets that ask for the same money come in that order,
/// the ones that name what they need before the ones that count.
pub fn towards_targets(context: &Context, deadline: Instant) -> Vec<f64> {
    let late = || Instant::now() >= deadline;
    let (sets, instance) = (&context.sets, context.instance);
    let targets = &context.scenario.targets;
    let gap_cost = |g: usize| context.budget.gap_cost[g].dong();
    let paused = vec![1.0; context.budget.pausable.len()];
    let capacity = capacity_with(context, &paused);
    let mut flow_edge = Vec::new();
    let mut network = rebuilt(
        sets,
        &capacity,
        &vec![0; sets.classes.len()],
        &mut flow_edge,
    );
    let try_add =
        |network: &mut Network, chosen: &[usize]| add_if_payable(context, network, chosen);
    let mut fund = vec![false; sets.fundings.len()];
    let mut gap_funded = vec![false; instance.gaps.len()];
    let commune_gap = |g: usize| instance.gaps[g].kind() == GapKind::Commune;
    let fundable = |g: usize| !sets.gap_fundings[g].is_empty();
    let complete =
        |gap_funded: &[bool], c: usize| instance.communes[c].gaps.iter().all(|g| gap_funded[g.0]);
    let criteria = |gap_funded: &[bool], c: usize| {
        instance.criteria_secure(crate::instance::CommuneId(c))
            + instance.communes[c]
                .gaps
                .iter()
                .filter(|g| gap_funded[g.0])
                .count()
    };
    let gaps_of =
        |c: usize| -> Vec<usize> { instance.communes[c].gaps.iter().map(|g| g.0).collect() };

    // The communes named: kept status, target districts.
    let mut named: Vec<usize> = instance
        .kept_communes(context.scenario)
        .into_iter()
        .map(|c| c.0)
        .collect();
    for district in context.target_districts() {
        named.extend(instance.districts[district.0].communes.iter().map(|c| c.0));
    }
    named.sort_unstable();
    named.dedup();
    let wholes = named.into_iter().map(gaps_of).collect();
    add_wholes(
        context,
        wholes,
        usize::MAX,
        &mut network,
        &mut fund,
        &mut gap_funded,
        &try_add,
        &late,
    );

    // Every commune up to the least count, with its cheapest criteria.
    if let Some(lowest) = targets.min_criteria_per_commune {
        let mut wholes = Vec::new();
        for c in 0..instance.communes.len() {
            let need = (lowest as usize).saturating_sub(criteria(&gap_funded, c));
            if need == 0 {
                continue;
            }
            let mut open: Vec<usize> = gaps_of(c)
                .into_iter()
                .filter(|g| !gap_funded[*g] && fundable(*g))
                .collect();
            open.sort_by_key(|g| (gap_cost(*g), *g));
            open.truncate(need);
            wholes.push(open);
        }
        add_wholes(
            context,
            wholes,
            usize::MAX,
            &mut network,
            &mut fund,
            &mut gap_funded,
            &try_add,
            &late,
        );
    }

    if let Some(required) = targets.communes_meeting_standard {
        let meeting = (0..instance.communes.len())
            .filter(|c| complete(&gap_funded, *c))
            .count();
        let wholes = (0..instance.communes.len())
            .filter(|c| !complete(&gap_funded, *c))
            .map(gaps_of)
            .collect();
        add_wholes(
            context,
            wholes,
            (required as usize).saturating_sub(meeting),
            &mut network,
            &mut fund,
            &mut gap_funded,
            &try_add,
            &late,
        );
    }

    if let Some(required) = targets.communes_advanced {
        let advanced = instance
            .communes
            .iter()
            .filter(|c| !c.advanced.is_empty())
            .filter(|c| c.gaps.iter().chain(&c.advanced).all(|g| gap_funded[g.0]))
            .count();
        let wholes = advanced_levels(context, &gap_funded);
        add_wholes(
            context,
            wholes,
            (required as usize).saturating_sub(advanced),
            &mut network,
            &mut fund,
            &mut gap_funded,
            &try_add,
            &late,
        );
    }

    if let Some(share) = targets.villages_share_in_especially_difficult {
        let (counted, required) = super::constraints::villages_required(instance, share);
        let meeting = counted
            .iter()
            .filter(|v| instance.villages[v.0].gaps.iter().all(|g| gap_funded[g.0]))
            .count();
        let wholes = counted
            .iter()
            .map(|v| instance.villages[v.0].gaps.iter().map(|g| g.0).collect())
            .collect();
        add_wholes(
            context,
            wholes,
            (required as usize).saturating_sub(meeting),
            &mut network,
            &mut fund,
            &mut gap_funded,
            &try_add,
            &late,
        );
    }

    if let Some(average) = targets.average_criteria {
        let required =
            super::constraints::required_total(average, instance.communes.len()) as usize;
        let mut met: usize = (0..instance.communes.len())
            .map(|c| criteria(&gap_funded, c))
            .sum();
        let mut open: Vec<usize> = (0..instance.gaps.len())
            .filter(|g| commune_gap(*g) && !gap_funded[*g] && fundable(*g))
            .collect();
        open.sort_by_key(|g| (gap_cost(*g), *g));
        for g in open {
            if met >= required || late() {
                break;
            }
            if let Some(f) = sets.gap_fundings[g]
                .iter()
                .copied()
                .find(|f| try_add(&mut network, &[*f]))
            {
                fund[f] = true;
                gap_funded[g] = true;
                met += 1;
            }
        }
    }

    base_columns(context, &fund, &gap_funded, &network, &flow_edge, paused)
}

/// By funding: whether, among the fundings `chosen`, it counts for a tier
/// that counts wholes: a commune's gap when all its commune's gaps are
/// chosen (any commune's gap unless `drop_loose_criteria`, when the
/// criteria are held), an advanced gap of a
/// commune at the standard whose advanced gaps are all chosen, a village's
/// gap of a village whose gaps are all chosen.
fn counted_fundings(context: &Context, chosen: &[usize], drop_loose_criteria: bool) -> Vec<bool> {
    let (sets, instance) = (&context.sets, context.instance);
    let mut funded = vec![false; instance.gaps.len()];
    for f in chosen {
        funded[sets.fundings[*f].gap.0] = true;
    }
    let all = |gaps: &[crate::instance::GapId]| gaps.iter().all(|g| funded[g.0]);
    let mut counts = vec![false; sets.fundings.len()];
    for &f in chosen {
        let gap = &instance.gaps[sets.fundings[f].gap.0];
        let commune = &instance.communes[gap.commune.0];
        counts[f] = match gap.kind() {
            GapKind::Commune => !drop_loose_criteria || all(&commune.gaps),
            GapKind::Advanced => all(&commune.gaps) && all(&commune.advanced),
            GapKind::Village => gap
                .village
                .is_some_and(|v| all(&instance.villages[v.0].gaps)),
        };
    }
    counts
}

/// The gaps (by `GapId`) of each commune's advanced level: of communes
/// assessed for it and not yet there, the commune's own gaps left and its
/// advanced gaps.
fn advanced_levels(context: &Context, gap_funded: &[bool]) -> Vec<Vec<usize>> {
    context
        .instance
        .communes
        .iter()
        .filter(|c| !c.advanced.is_empty())
        .map(|c| {
            c.gaps
                .iter()
                .chain(&c.advanced)
                .map(|g| g.0)
                .collect::<Vec<_>>()
        })
        .filter(|gaps: &Vec<usize>| !gaps.iter().all(|g| gap_funded[*g]))
        .collect()
}

/// Completes up to `wanted` of `wholes` (each a set of gaps, by `GapId`),
/// cheapest to complete first, each kept only when everything chosen can
/// still be paid.
#[allow(clippy::too_many_arguments)]
fn add_wholes(
    context: &Context,
    wholes: Vec<Vec<usize>>,
    wanted: usize,
    network: &mut Network,
    fund: &mut [bool],
    gap_funded: &mut [bool],
    try_add: &dyn Fn(&mut Network, &[usize]) -> bool,
    late: &dyn Fn() -> bool,
) {
    let sets = &context.sets;
    let cost = |g: usize| context.budget.gap_cost[g].dong();
    let mut order: Vec<(i64, usize)> = wholes
        .iter()
        .enumerate()
        .filter(|(_, gaps)| gaps.iter().all(|g| !sets.gap_fundings[*g].is_empty()))
        .filter(|(_, gaps)| !gaps.iter().all(|g| gap_funded[*g]))
        .map(|(i, gaps)| {
            (
                gaps.iter()
                    .filter(|g| !gap_funded[**g])
                    .map(|g| cost(*g))
                    .sum(),
                i,
            )
        })
        .collect();
    order.sort_unstable();
    let mut added = 0;
    for (_, i) in order {
        if added >= wanted || late() {
            break;
        }
        let before = network.snapshot();
        let mut chosen = Vec::new();
        let whole = wholes[i].iter().all(|g| {
            if gap_funded[*g] {
                return true;
            }
            let placed = sets.gap_fundings[*g]
                .iter()
                .copied()
                .find(|f| try_add(network, &[*f]));
            if let Some(f) = placed {
                chosen.push(f);
            }
            placed.is_some()
        });
        if whole {
            for f in chosen {
                fund[f] = true;
                gap_funded[sets.fundings[f].gap.0] = true;
            }
            added += 1;
        } else {
            network.restore(&before);
        }
    }
}

/// Each account's money in đồng, with that of the projects `paused` (by
/// pausable project, 1 when paused).
fn capacity_with(context: &Context, paused: &[f64]) -> Vec<i64> {
    context
        .sets
        .accounts
        .iter()
        .map(|a| {
            a.capacity.dong()
                + a.pausable
                    .iter()
                    .filter(|p| paused[**p] > 0.5)
                    .map(|p| context.budget.pausable[*p].amount.dong())
                    .sum::<i64>()
        })
        .collect()
}

/// Adds the fundings `chosen` to the demand of `network` (built by
/// [`rebuilt`], at its maximum flow) and keeps them when everything can
/// still be paid; otherwise leaves the network as it was.
fn add_if_payable(context: &Context, network: &mut Network, chosen: &[usize]) -> bool {
    let sets = &context.sets;
    let cost = |f: usize| context.budget.gap_cost[sets.fundings[f].gap.0].dong();
    let before = network.snapshot();
    let mut more = 0;
    for &f in chosen {
        network.widen(demand_edge_of(sets.fundings[f].class), cost(f));
        more += cost(f);
    }
    if network.max_flow(0, 1) == more {
        true
    } else {
        network.restore(&before);
        false
    }
}

/// The edge from the source to class `c` in a network built by [`rebuilt`].
fn demand_edge_of(c: usize) -> usize {
    2 * c
}

/// The network of classes and accounts with `demand` (đồng) asked by each
/// class, no flow yet. Built in one fixed order, so edge numbers are the
/// same in every network of one context (`flow_edge` gets the class →
/// account edges, in the order of `sets.flows`).
fn rebuilt(
    sets: &super::sets::Sets,
    capacity: &[i64],
    demand: &[i64],
    flow_edge: &mut Vec<usize>,
) -> Network {
    // Nodes: 0 source, 1 sink, then classes, then accounts.
    let class_node = |c: usize| 2 + c;
    let account_node = |a: usize| 2 + sets.classes.len() + a;
    let mut network = Network::new(2 + sets.classes.len() + sets.accounts.len());
    for (c, d) in demand.iter().enumerate() {
        let e = network.add_edge(0, class_node(c), *d);
        debug_assert_eq!(e, demand_edge_of(c));
    }
    flow_edge.clear();
    for (c, a) in &sets.flows {
        flow_edge.push(network.add_edge(class_node(*c), account_node(*a), i64::MAX / 4));
    }
    for (a, capacity) in capacity.iter().enumerate() {
        network.add_edge(account_node(a), 1, *capacity);
    }
    network
}
