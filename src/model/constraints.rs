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
            let mut funded = Expression::with_capacity(sets.gap_fundings[gap.0].len());
            for f in &sets.gap_fundings[gap.0] {
                funded.add_mul(1.0, vars.fund[*f]);
            }
            rows.push(Expression::from(meets).leq(funded));
        }
    }

    // Each class's flows pay exactly for the fundings chosen in it.
    let mut demand: Vec<Expression> = vec![Expression::default(); sets.classes.len()];
    for (f, funding) in sets.fundings.iter().enumerate() {
        demand[funding.class].add_mul(
            context.budget.gap_cost[funding.gap.0].billions(),
            vars.fund[f],
        );
    }
    for (i, (class, _)) in sets.flows.iter().enumerate() {
        demand[*class].add_mul(-1.0, vars.flow[i]);
    }
    rows.extend(demand.into_iter().map(|d| d.eq(0.0)));

    // No pool pays out more than it holds.
    let mut paid: Vec<Option<Expression>> = vec![None; context.instance.pools.len()];
    for (i, (_, pool)) in sets.flows.iter().enumerate() {
        paid[pool.0]
            .get_or_insert_with(Expression::default)
            .add_mul(1.0, vars.flow[i]);
    }
    for (p, expr) in paid.into_iter().enumerate() {
        if let Some(expr) = expr {
            rows.push(expr.leq(context.budget.pool_capacity[p].billions()));
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
    for district in context.target_districts() {
        for c in &instance.districts[district.0].communes {
            if let Some(meets) = vars.meets[c.0] {
                rows.push(Expression::from(meets).geq(1.0));
            }
        }
    }
    rows
}

/// The least whole number of criteria, summed over `communes`, whose
/// average reaches `average`. The small margin keeps 17.3 × 94 = 1626.2
/// (1626.2000000000003 in floating point) from needing 1628.
pub fn required_total(average: f64, communes: usize) -> u64 {
    (average * communes as f64 - 1e-9).ceil().max(0.0) as u64
}
