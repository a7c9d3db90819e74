//! The objectives, one expression each. `plan` uses the first three as
//! lexicographic tiers; the others measure how far each target can go alone.

use good_lp::{Expression, ProblemVariables, Variable, variable};

use super::{Context, variables::Variables};
use crate::instance::PoolKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Objective {
    /// Maximise Σ weight × (commune meets the standard at the horizon).
    WeightedCommunes,
    /// Maximise the number of criteria met, summed over communes.
    CriteriaMet,
    /// Minimise the money spent (million VND).
    Money,
    /// Maximise the number of communes meeting the standard (unweighted).
    Communes,
    /// Maximise the criteria met by the commune that meets fewest.
    MinCriteria,
    /// Maximise how many of the target districts have every commune at the standard.
    TargetDistricts,
    /// Minimise the money drawn from top-up pools (`ntm gap`).
    Topup,
    /// Minimise the money moved from `Context::reference`, a plan submitted
    /// for evaluation: the cost of each gap funded that it does not fund,
    /// dropped that it funds, or funded in another year.
    Changes,
    /// Maximise the villages of especially difficult communes at their
    /// standard, up to the number the village target requires: beyond it
    /// the money serves the commune criteria.
    Villages,
    /// Maximise the villages of especially difficult communes at their
    /// standard, all of them (what the village target can reach alone).
    VillagesAll,
    /// Maximise how many of the communes `targets.keep_standard` names
    /// meet the standard at the horizon.
    KeptCommunes,
    /// The payment schedule after the tiers (`schedule.rs`), which builds
    /// its own model: communes and criteria finished by each year.
    Schedule,
    /// Maximise the communes at the advanced standard at the horizon
    /// (unweighted): `Σ_c advanced[c]`.
    AdvancedCommunes,
    /// Minimise Σ priority_p · amount_p · paused_p (billion VND weighted by
    /// priority): pause as little, and as little of what matters, as the
    /// tiers before allow (`[projects] allow_pause`).
    PausedMoney,
    /// No aim: any plan that keeps the rules and the enforced targets.
    /// Whether one exists is the question (which targets clash); HiGHS
    /// stops at the first plan it finds, as its bound is then met.
    AnyPlan,
}

impl Objective {
    /// The tiers of `ntm plan` for a scenario, in order: communes at the
    /// standard, criteria met, money. Targets that add an aim of their own
    /// add a tier here, so every caller (plan, gap, sweep, curve, marginal)
    /// solves the same sequence.
    ///
    /// Communes that must keep the standard come first when they are not
    /// enforced: their at-risk criteria are paid before any other aim. The
    /// advanced communes are a tier only when the data have advanced gaps
    /// or the scenario sets `targets.communes_advanced`, the villages only
    /// with the village target, so scenarios without them solve the three
    /// tiers they always did; `[objective] order` reorders the tiers.
    /// Pausing projects comes after the outcomes and right before the
    /// money: among the plans reaching them, the least priority-weighted
    /// money paused, then the least spent.
    pub fn plan_tiers(scenario: &crate::scenario::Scenario) -> Vec<Objective> {
        use crate::scenario::Tier;
        let mut tiers = Vec::with_capacity(6);
        if !scenario.targets.keep_standard.is_empty() && !scenario.targets.enforce {
            tiers.push(Objective::KeptCommunes);
        }
        let advanced = scenario.advanced_data || scenario.targets.communes_advanced.is_some();
        let villages = scenario
            .targets
            .villages_share_in_especially_difficult
            .is_some();
        let order = scenario
            .objective_order
            .clone()
            .unwrap_or_else(|| Tier::DEFAULT.to_vec());
        tiers.extend(order.into_iter().filter_map(|tier| match tier {
            Tier::Communes => Some(Objective::WeightedCommunes),
            Tier::Advanced => advanced.then_some(Objective::AdvancedCommunes),
            Tier::Villages => villages.then_some(Objective::Villages),
            Tier::Criteria => Some(Objective::CriteriaMet),
            Tier::Money => Some(Objective::Money),
        }));
        if scenario.projects.allow_pause {
            let money = tiers
                .iter()
                .position(|t| *t == Objective::Money)
                .unwrap_or(tiers.len());
            tiers.insert(money, Objective::PausedMoney);
        }
        tiers
    }

    pub fn maximise(self) -> bool {
        !matches!(
            self,
            Objective::Money | Objective::Topup | Objective::Changes | Objective::PausedMoney
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            Objective::WeightedCommunes => "weighted_communes",
            Objective::CriteriaMet => "criteria_met",
            Objective::Money => "money",
            Objective::Communes => "communes_meeting_standard",
            Objective::MinCriteria => "min_criteria",
            Objective::TargetDistricts => "districts_meeting_standard",
            Objective::Topup => "topup",
            Objective::Changes => "changes",
            Objective::Schedule => "schedule",
            Objective::KeptCommunes => "keep_standard",
            Objective::Villages => "villages",
            Objective::VillagesAll => "villages_share_in_especially_difficult",
            Objective::AdvancedCommunes => "communes_advanced",
            Objective::PausedMoney => "paused_money",
            Objective::AnyPlan => "any_plan",
        }
    }

    /// How far a later tier may fall short of this tier's optimum. Integer
    /// valued objectives hold exactly with a margin of one half; weighted
    /// communes and money hold to a millionth of their scale, below any
    /// difference the data can express, and never closer than
    /// `CLEAR_OF_HIGHS`.
    pub fn tolerance(self, context: &Context, value: f64) -> f64 {
        match self {
            Objective::WeightedCommunes => {
                let total: f64 = context.instance.communes.iter().map(|c| c.weight).sum();
                (1e-6 * total).max(CLEAR_OF_HIGHS)
            }
            Objective::Money | Objective::Topup | Objective::Changes | Objective::PausedMoney => {
                (1e-6 * value.abs()).max(CLEAR_OF_HIGHS)
            }
            _ => 0.5,
        }
    }
}

/// The least margin a held tier gets: twice HiGHS's feasibility tolerance
/// (1e-6). With a margin of exactly that tolerance HiGHS 1.16 (presolve
/// off) called a feasible tier infeasible: `tests/gap.rs` seed 400129, a
/// top-up of 1 million held at 0.001 + 0.000001 billion against pools that
/// left exactly that margin; 0.9 or 1.1 times the margin solved. A margin
/// above the tolerance can never equal it.
const CLEAR_OF_HIGHS: f64 = 2e-6;

impl Objective {
    /// The step between two values the objective can take, when the data
    /// put it on a lattice (whole weights, criteria, costs in đồng): a
    /// solve may stop once its bound is less than one step from its best
    /// plan, which is then proven optimal. None when there is no such step.
    pub fn unit(self, context: &Context) -> Option<f64> {
        match self {
            Objective::WeightedCommunes => context
                .instance
                .communes
                .iter()
                .all(|c| c.weight.fract() == 0.0)
                .then_some(1.0),
            Objective::CriteriaMet
            | Objective::Communes
            | Objective::MinCriteria
            | Objective::TargetDistricts
            | Objective::KeptCommunes
            | Objective::Villages
            | Objective::VillagesAll
            | Objective::AdvancedCommunes
            | Objective::Schedule
            | Objective::AnyPlan => Some(1.0),
            Objective::Money | Objective::Changes => {
                let gcd = context
                    .sets
                    .fundings
                    .iter()
                    .map(|f| context.budget.gap_cost[f.gap.0].dong())
                    .fold(0i64, gcd);
                (gcd > 0).then(|| crate::money::Money::from_dong(gcd).billions())
            }
            Objective::Topup => None,
            // Whole priorities put the paused money on the lattice of the
            // gcd of priority × amount in đồng; fractional ones on none.
            Objective::PausedMoney => {
                let pausable = &context.budget.pausable;
                if pausable.iter().any(|p| p.priority.fract() != 0.0) {
                    return None;
                }
                let mut step = 0i64;
                for p in pausable {
                    step = gcd(step, (p.priority as i64).checked_mul(p.amount.dong())?);
                }
                (step > 0).then(|| crate::money::Money::from_dong(step).billions())
            }
        }
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a.abs() } else { gcd(b, a % b) }
}

/// The expression of an objective; adds the helper variables it needs
/// (after the base variables, so their columns do not move).
pub fn expression(
    objective: Objective,
    context: &Context,
    problem: &mut ProblemVariables,
    vars: &Variables,
) -> (Expression, Vec<good_lp::Constraint>) {
    let instance = context.instance;
    let mut expr = Expression::with_capacity(vars.fund.len());
    let mut helper_rows = Vec::new();
    match objective {
        Objective::WeightedCommunes | Objective::Communes => {
            for (c, commune) in instance.communes.iter().enumerate() {
                let weight = if objective == Objective::Communes {
                    1.0
                } else {
                    commune.weight
                };
                match vars.meets[c] {
                    Some(meets) => expr.add_mul(weight, meets),
                    None => expr += weight,
                }
            }
        }
        Objective::CriteriaMet => {
            let before: usize = (0..instance.communes.len())
                .map(|c| instance.criteria_secure(crate::instance::CommuneId(c)))
                .sum();
            expr += before as f64;
            // A commune's criteria only: advanced and village gaps count
            // towards their own standards.
            for (f, funding) in context.sets.fundings.iter().enumerate() {
                if instance.gaps[funding.gap.0].kind() == crate::instance::GapKind::Commune {
                    expr.add_mul(1.0, vars.fund[f]);
                }
            }
        }
        Objective::Money => {
            for (f, funding) in context.sets.fundings.iter().enumerate() {
                if let Some(pays) = vars.pays(&context.sets, instance, f) {
                    expr.add_mul(context.budget.gap_cost[funding.gap.0].billions(), pays);
                }
            }
        }
        Objective::Topup => {
            for (i, (_, account)) in context.sets.flows.iter().enumerate() {
                let pool = context.sets.accounts[*account].pools[0];
                if instance.pools[pool.0].kind == PoolKind::Topup {
                    expr.add_mul(1.0, vars.flow[i]);
                }
            }
        }
        Objective::Changes => {
            // a_g (1 − fund[f_ref]) for a gap the reference funds in year
            // t_ref (a constant a_g when it cannot be funded then), and
            // a_g Σ_f fund[f] for one it does not: moving a gap to another
            // year costs a_g once, as dropping or adding it does.
            let reference = context.reference.as_deref().unwrap_or(&[]);
            for (g, fundings) in context.sets.gap_fundings.iter().enumerate() {
                let cost = context.budget.gap_cost[g].billions();
                match reference.get(g).copied().flatten() {
                    Some(year) => {
                        expr += cost;
                        // Under the flexible rules the schedule, not the
                        // selection, decides the years: a gap funded at
                        // all is kept.
                        let kept = |f: &&usize| {
                            let funding = context.sets.fundings[**f];
                            funding.year.is_none() || funding.year == Some(year)
                        };
                        if let Some(f) = fundings.iter().find(kept) {
                            expr.add_mul(-cost, vars.fund[*f]);
                        }
                    }
                    None => {
                        for f in fundings {
                            expr.add_mul(cost, vars.fund[*f]);
                        }
                    }
                }
            }
        }
        // The schedule builds its own model (`schedule.rs`).
        Objective::Schedule => {}
        Objective::PausedMoney => {
            for (i, p) in context.budget.pausable.iter().enumerate() {
                expr.add_mul(p.priority * p.amount.billions(), vars.paused[i]);
            }
        }
        Objective::MinCriteria => {
            let lowest: Variable = problem.add(variable().min(0.0).integer());
            for c in 0..instance.communes.len() {
                helper_rows.push(criteria_met(context, vars, c).geq(lowest));
            }
            expr.add_mul(1.0, lowest);
        }
        Objective::Villages | Objective::VillagesAll => {
            let share = context
                .scenario
                .targets
                .villages_share_in_especially_difficult
                .unwrap_or(1.0);
            let (villages, required) = super::constraints::villages_required(instance, share);
            let mut meeting = Expression::default();
            for v in villages {
                match vars.village_meets[v.0] {
                    Some(m) => meeting.add_mul(1.0, m),
                    None => meeting += 1.0,
                }
            }
            if objective == Objective::Villages {
                // min(meeting, required), through a helper kept under both.
                let toward = problem.add(variable().min(0.0).max(required as f64));
                helper_rows.push(Expression::from(toward).leq(meeting));
                expr.add_mul(1.0, toward);
            } else {
                expr += meeting;
            }
        }
        Objective::KeptCommunes => {
            for c in instance.kept_communes(context.scenario) {
                match vars.meets[c.0] {
                    Some(meets) => expr.add_mul(1.0, meets),
                    None => expr += 1.0,
                }
            }
        }
        Objective::AdvancedCommunes => {
            for advanced in vars.advanced.iter().flatten() {
                expr.add_mul(1.0, *advanced);
            }
        }
        Objective::AnyPlan => {}
        Objective::TargetDistricts => {
            for district in context.target_districts() {
                let complete = problem.add(variable().binary());
                for c in &instance.districts[district.0].communes {
                    if let Some(meets) = vars.meets[c.0] {
                        helper_rows.push(Expression::from(complete).leq(meets));
                    }
                }
                expr.add_mul(1.0, complete);
            }
        }
    }
    (expr, helper_rows)
}

/// Criteria commune `c` meets at the horizon: those met before plus those funded.
pub fn criteria_met(context: &Context, vars: &Variables, c: usize) -> Expression {
    let commune = &context.instance.communes[c];
    let mut expr = Expression::from(
        context
            .instance
            .criteria_secure(crate::instance::CommuneId(c)) as f64,
    );
    for gap in &commune.gaps {
        for f in &context.sets.gap_fundings[gap.0] {
            expr.add_mul(1.0, vars.fund[*f]);
        }
    }
    expr
}

/// The values of the helper variables [`expression`] adds for `objective`,
/// in the order it adds them, that a plan implies: each as large as its rows
/// allow, so a start offered to HiGHS counts what the plan reaches (left at
/// zero, a helper would make a start worth nothing, or break a held bound).
/// `meets[c]` and `village_meets[v]` are the plan's values (1 for a commune
/// or village with nothing left to fund).
pub fn helper_values(
    objective: Objective,
    context: &Context,
    funded: &[bool],
    meets: &[bool],
    village_meets: &[bool],
) -> Vec<f64> {
    let instance = context.instance;
    match objective {
        Objective::MinCriteria => {
            let lowest = (0..instance.communes.len())
                .map(|c| {
                    let commune = &instance.communes[c];
                    instance.criteria_secure(crate::instance::CommuneId(c))
                        + commune.gaps.iter().filter(|g| funded[g.0]).count()
                })
                .min()
                .unwrap_or(0);
            vec![lowest as f64]
        }
        Objective::Villages => {
            let share = context
                .scenario
                .targets
                .villages_share_in_especially_difficult
                .unwrap_or(1.0);
            let (villages, required) = super::constraints::villages_required(instance, share);
            let meeting = villages.iter().filter(|v| village_meets[v.0]).count() as u64;
            vec![meeting.min(required) as f64]
        }
        Objective::TargetDistricts => context
            .target_districts()
            .iter()
            .map(|d| {
                let all = instance.districts[d.0].communes.iter().all(|c| meets[c.0]);
                f64::from(u8::from(all))
            })
            .collect(),
        _ => Vec::new(),
    }
}
