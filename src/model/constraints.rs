//! The constraints: the programme's rules, and the directive's targets when
//! the scenario enforces them.

use good_lp::{Constraint, Expression};

use super::{Context, objective::criteria_met, variables::Variables};

/// The rules every plan keeps.
pub fn rules(context: &Context, vars: &Variables) -> Vec<Constraint> {
    let sets = &context.sets;
    let mut rows = Vec::new();

    // A gap is funded at most once, in one year.
    for fundings in &sets.gap_fundings {
        if fundings.len() > 1 {
            let mut once = Expression::with_capacity(fundings.len());
            for f in fundings {
                once.add_mul(1.0, vars.fund[*f]);
            }
            rows.push(once.leq(1.0));
        }
    }

    // A commune meets the standard only when each of its gaps is funded.
    for (c, commune) in context.instance.communes.iter().enumerate() {
        let Some(meets) = vars.meets[c] else { continue };
        for gap in &commune.gaps {
            // Tied, the commune's column pays its gaps itself; a gap
            // nothing may pay still rules the standard out.
            if vars.idle.whole_communes && !sets.gap_fundings[gap.0].is_empty() {
                continue;
            }
            let mut funded = Expression::with_capacity(sets.gap_fundings[gap.0].len());
            for f in &sets.gap_fundings[gap.0] {
                funded.add_mul(1.0, vars.fund[*f]);
            }
            rows.push(Expression::from(meets).leq(funded));
        }
    }

    // A commune is at the advanced standard only when it meets the
    // standard and each of its advanced gaps is funded.
    for (c, commune) in context.instance.communes.iter().enumerate() {
        let Some(advanced) = vars.advanced[c] else {
            continue;
        };
        if vars.idle.advanced {
            continue;
        }
        if let Some(meets) = vars.meets[c] {
            rows.push(Expression::from(advanced).leq(meets));
        }
        for gap in &commune.advanced {
            // Aggregated, the commune's column pays its gaps itself; a gap
            // nothing may pay still rules the level out.
            if vars.idle.aggregate && !sets.gap_fundings[gap.0].is_empty() {
                continue;
            }
            let mut funded = Expression::with_capacity(sets.gap_fundings[gap.0].len());
            for f in &sets.gap_fundings[gap.0] {
                funded.add_mul(1.0, vars.fund[*f]);
            }
            rows.push(Expression::from(advanced).leq(funded));
        }
    }

    // Each class's flows pay exactly for the fundings chosen in it.
    let mut demand: Vec<Expression> = vec![Expression::default(); sets.classes.len()];
    for (f, funding) in sets.fundings.iter().enumerate() {
        if let Some(pays) = vars.pays(sets, context.instance, f) {
            demand[funding.class].add_mul(context.budget.gap_cost[funding.gap.0].billions(), pays);
        }
    }
    for (i, (class, _)) in sets.flows.iter().enumerate() {
        demand[*class].add_mul(-1.0, vars.flow[i]);
    }
    rows.extend(demand.into_iter().map(|d| d.eq(0.0)));

    // No account pays out more than it holds.
    let mut paid: Vec<Expression> = vec![Expression::default(); sets.accounts.len()];
    for (i, (_, account)) in sets.flows.iter().enumerate() {
        paid[*account].add_mul(1.0, vars.flow[i]);
    }
    // A paused project's money joins its account: the row is
    // Σ flow − Σ amount_p · paused_p ≤ capacity.
    for (account, mut expr) in sets.accounts.iter().zip(paid) {
        for p in &account.pausable {
            expr.add_mul(
                -context.budget.pausable[*p].amount.billions(),
                vars.paused[*p],
            );
        }
        rows.push(expr.leq(account.capacity.billions()));
    }
    // A village meets its standard only when each of its gaps is funded.
    for (village, meets) in context.instance.villages.iter().zip(&vars.village_meets) {
        let Some(meets) = meets else { continue };
        if vars.idle.villages {
            continue;
        }
        for gap in &village.gaps {
            if vars.idle.aggregate && !sets.gap_fundings[gap.0].is_empty() {
                continue;
            }
            let mut funded = Expression::with_capacity(sets.gap_fundings[gap.0].len());
            for f in &sets.gap_fundings[gap.0] {
                funded.add_mul(1.0, vars.fund[*f]);
            }
            rows.push(Expression::from(*meets).leq(funded));
        }
    }
    rows.extend(dominance(context, vars));
    rows
}

/// Dominance rows (when `vars.link` exists). Within a flow class, with its
/// fundings in ascending (cost, gap) order, a funded gap of a commune that
/// does not meet the standard implies that every gap before it in the
/// class is funded: swapping it for a cheaper unfunded one of the class
/// keeps the criteria met, spends less, can only complete more communes
/// and pays from the same accounts. So some optimal plan keeps these rows
/// for the plan tiers; they are valid unless a target or objective counts
/// the criteria of one commune (the lowest count) or a given plan
/// (`Objective::Changes`), which `solve::dominance_valid` rules out.
///
/// Written as a chain, with `link[i] ≥ fund[f_i] − meets[c(f_i)]`,
/// `link[i] ≥ link[i+1]` and `funded(g(f_i)) ≥ link[i+1]`: three rows per
/// funding instead of one per pair.
fn dominance(context: &Context, vars: &Variables) -> Vec<Constraint> {
    let sets = &context.sets;
    let instance = context.instance;
    let mut rows = Vec::new();
    for (chain, link) in sets.chains.iter().zip(&vars.link) {
        if link.is_empty() {
            continue;
        }
        for (i, f) in chain.iter().enumerate() {
            let gap = sets.fundings[*f].gap;
            let commune = instance.gaps[gap.0].commune.0;
            let mut own = Expression::from(link[i]);
            own.add_mul(-1.0, vars.fund[*f]);
            if let Some(meets) = vars.meets[commune] {
                own.add_mul(1.0, meets);
            }
            rows.push(own.geq(0.0));
            if let Some(next) = link.get(i + 1) {
                rows.push(Expression::from(link[i]).geq(*next));
                let mut funded = Expression::with_capacity(sets.gap_fundings[gap.0].len() + 1);
                for other in &sets.gap_fundings[gap.0] {
                    funded.add_mul(1.0, vars.fund[*other]);
                }
                rows.push(funded.geq(*next));
            }
        }
    }
    rows
}

/// The directive's targets as hard constraints.
pub fn targets(context: &Context, vars: &Variables) -> Vec<Constraint> {
    let instance = context.instance;
    let targets = &context.scenario.targets;
    let mut rows = Vec::new();
    if let Some(required) = targets.communes_meeting_standard {
        let mut communes = Expression::default();
        for meets in &vars.meets {
            match meets {
                Some(m) => communes.add_mul(1.0, *m),
                None => communes += 1.0,
            }
        }
        rows.push(communes.geq(f64::from(required)));
    }
    if let Some(average) = targets.average_criteria {
        let mut total = Expression::default();
        for c in 0..instance.communes.len() {
            total += criteria_met(context, vars, c);
        }
        rows.push(total.geq(required_total(average, instance.communes.len()) as f64));
    }
    if let Some(lowest) = targets.min_criteria_per_commune {
        for c in 0..instance.communes.len() {
            rows.push(criteria_met(context, vars, c).geq(f64::from(lowest)));
        }
    }
    if let Some(share) = targets.villages_share_in_especially_difficult {
        let (villages, required) = villages_required(instance, share);
        let mut meeting = Expression::default();
        for v in villages {
            match vars.village_meets[v.0] {
                Some(m) => meeting.add_mul(1.0, m),
                None => meeting += 1.0,
            }
        }
        rows.push(meeting.geq(required as f64));
    }
    for c in instance.kept_communes(context.scenario) {
        if let Some(meets) = vars.meets[c.0] {
            rows.push(Expression::from(meets).geq(1.0));
        }
    }
    if let Some(required) = targets.communes_advanced {
        let mut advanced = Expression::default();
        for a in vars.advanced.iter().flatten() {
            advanced.add_mul(1.0, *a);
        }
        rows.push(advanced.geq(f64::from(required)));
    }
    for district in context.target_districts() {
        for c in &instance.districts[district.0].communes {
            if let Some(meets) = vars.meets[c.0] {
                rows.push(Expression::from(meets).geq(1.0));
            }
        }
    }
    rows
}

/// The villages the village target counts (those of especially difficult
/// communes) and how many of them must meet their standard: the least
/// whole number at or above `share` of them.
pub fn villages_required(
    instance: &crate::instance::Instance,
    share: f64,
) -> (Vec<crate::instance::VillageId>, u64) {
    let villages: Vec<_> = instance.target_villages().collect();
    let required = (share * villages.len() as f64 - 1e-9).ceil().max(0.0) as u64;
    (villages, required)
}

/// The least whole number of criteria, summed over `communes`, whose
/// average reaches `average`. The small margin keeps 17.3 × 94 = 1626.2
/// (1626.2000000000003 in floating point) from needing 1628.
pub fn required_total(average: f64, communes: usize) -> u64 {
    (average * communes as f64 - 1e-9).ceil().max(0.0) as u64
}
