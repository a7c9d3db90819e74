//! The payment schedule: once the tiers have chosen what is funded, in
//! which year each funded gap is finished, so that communes reach the
//! standard as early as the money allows.
//!
//! For each planning year before the horizon, earliest first, two
//! objectives are solved and then held: the weighted communes at the
//! standard by the end of that year, then the criteria met by then. What is
//! funded and its cost do not change. See docs/model.md, "The schedule".

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use good_lp::solvers::highs::highs;
use good_lp::{
    Expression, IntoAffineExpression, ProblemVariables, SolverModel, Variable, variable,
};
use highs::HighsModelStatus;

use super::solve::{TierOutcome, TierStatus};
use super::{Context, Objective, SolveError};
use crate::instance::{LineKey, PoolId, PoolKind};
use crate::money::Money;
use crate::scenario::PaymentRule;

/// The money of a budget by line and year: what the schedule and the exact
/// payments (`plan.rs`) spend. A cell (line, year) is where a payment of
/// that year from that line is made; under `carry_over` it may use the
/// line's money of that year or of any earlier year.
#[derive(Debug, Clone)]
pub struct Ledger {
    pub lines: Vec<Line>,
    pub carries: bool,
}

#[derive(Debug, Clone)]
pub struct Line {
    /// By position in `Instance::years`: the line's pool that year.
    pub pools: Vec<Option<PoolId>>,
    /// By position in `Instance::years`: the money the line gets that year.
    pub capacity: Vec<Money>,
}

impl Line {
    /// The pool a payment of year `t` (a position) names: the line's pool
    /// that year, else its latest pool before, else its first.
    pub fn pool_for(&self, t: usize) -> PoolId {
        self.pools[..=t]
            .iter()
            .rev()
            .flatten()
            .next()
            .or_else(|| self.pools.iter().flatten().next())
            .copied()
            .expect("a line has a pool")
    }

    /// The most that may be spent in cells up to and including year `t`.
    fn reach(&self, t: usize, carries: bool) -> Money {
        if carries {
            self.capacity[..=t].iter().copied().sum()
        } else {
            self.capacity[t]
        }
    }
}

impl Ledger {
    pub fn new(context: &Context) -> Ledger {
        let instance = context.instance;
        let years = instance.years.len();
        let mut index: BTreeMap<LineKey, usize> = BTreeMap::new();
        let mut lines: Vec<Line> = Vec::new();
        for (p, pool) in instance.pools.iter().enumerate() {
            let Some(t) = instance.years.iter().position(|y| *y == pool.year) else {
                continue;
            };
            let next = lines.len();
            let l = *index.entry(pool.line()).or_insert(next);
            if l == next {
                lines.push(Line {
                    pools: vec![None; years],
                    capacity: vec![Money::ZERO; years],
                });
            }
            lines[l].pools[t] = Some(PoolId(p));
            lines[l].capacity[t] += context.budget.pool_capacity[p];
        }
        Ledger {
            lines,
            carries: context.scenario.payments.carries_over(),
        }
    }

    /// The lines gap `g` may be paid from (eligibility and scope).
    pub fn usable(&self, context: &Context, g: usize) -> Vec<usize> {
        let instance = context.instance;
        let gap = &instance.gaps[g];
        let commune = &instance.communes[gap.commune.0];
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, line)| {
                let pool = &instance.pools[line.pool_for(0).0];
                instance.sources[pool.source.0].eligible[gap.criterion.0] && pool.usable_in(commune)
            })
            .map(|(l, _)| l)
            .collect()
    }

    /// Whether a payment of year `t` (a position) may be made in line `l`.
    pub fn open(&self, l: usize, t: usize) -> bool {
        self.lines[l].reach(t, self.carries).dong() > 0
    }
}

/// The years the funded gaps are finished in, and the schedule's solves.
pub struct Scheduled {
    /// By `GapId`: the year the gap's last payment is due, for funded gaps.
    pub done_year: Vec<Option<i32>>,
    /// One entry for all the schedule's solves (none when there is nothing
    /// to schedule).
    pub tiers: Vec<TierOutcome>,
}

/// Schedule the gaps `funded` (by `GapId`, Some for funded; under
/// `one_year` the year the tiers chose, a feasible schedule), drawing at
/// most `topup` billion VND from top-up lines (`ntm gap`).
pub fn schedule(
    context: &Context,
    funded: &[Option<i32>],
    topup: Option<f64>,
    time_limit: f64,
) -> Result<Scheduled, SolveError> {
    let instance = context.instance;
    let years = &instance.years;
    let funded_gaps: Vec<usize> = (0..funded.len()).filter(|g| funded[*g].is_some()).collect();
    if years.len() < 2 || funded_gaps.is_empty() {
        let horizon = instance.horizon();
        return Ok(Scheduled {
            done_year: funded
                .iter()
                .map(|y| y.map(|y| if years.len() < 2 { horizon } else { y }))
                .collect(),
            tiers: Vec::new(),
        });
    }
    let started = Instant::now();
    let problem = Problem::new(context, &funded_gaps, topup);
    let last = years.len() - 1;
    let mut held: Vec<(Expression, f64)> = Vec::new();
    let mut start: Option<Vec<f64>> = None;
    let mut status = TierStatus::Optimal;
    let mut worst_gap: f64 = 0.0;
    'years: for t in 0..last {
        for by_communes in [true, false] {
            let remaining = time_limit - started.elapsed().as_secs_f64();
            let solved = problem.solve(context, t, by_communes, &held, start.as_deref(), remaining);
            match solved {
                Ok((value, columns, tier_status, gap)) => {
                    let unit_slack = if by_communes { 1e-6 } else { 0.5 };
                    held.push((problem.goal(t, by_communes), value - unit_slack));
                    start = Some(columns);
                    if tier_status != TierStatus::Optimal {
                        status = TierStatus::TimeLimit;
                        worst_gap = worst_gap.max(gap);
                    }
                }
                // The earlier solves' schedule stands when a later one finds
                // nothing in time.
                Err(SolveError::NoSolution) => {
                    status = TierStatus::TimeLimit;
                    worst_gap = f64::INFINITY;
                    break 'years;
                }
                Err(e) => return Err(e),
            }
        }
    }
    // Out of time before any schedule was found: the tiers' own years (the
    // horizon under the flexible rules) are a feasible schedule.
    let Some(columns) = start else {
        return Ok(Scheduled {
            done_year: funded.to_vec(),
            tiers: vec![TierOutcome {
                objective: Objective::Schedule,
                value: f64::NAN,
                status: TierStatus::TimeLimit,
                gap: f64::INFINITY,
                seconds: started.elapsed().as_secs_f64(),
            }],
        });
    };
    let mut done_year = vec![None; funded.len()];
    for (i, g) in funded_gaps.iter().enumerate() {
        let first = (0..last)
            .find(|t| problem.done_by(i, *t).is_some_and(|col| columns[col] > 0.5))
            .unwrap_or(last);
        done_year[*g] = Some(years[first]);
    }
    Ok(Scheduled {
        done_year,
        tiers: vec![TierOutcome {
            objective: Objective::Schedule,
            value: f64::NAN,
            status,
            gap: worst_gap,
            seconds: started.elapsed().as_secs_f64(),
        }],
    })
}

/// A variable and its column (good_lp keeps the index to itself).
type Column = (Variable, usize);

fn binary(variables: &mut ProblemVariables) -> Column {
    let column = variables.len();
    (variables.add(variable().binary()), column)
}

/// The schedule's columns, built once; each solve adds its objective.
struct Problem {
    variables: ProblemVariables,
    rows: Vec<good_lp::Constraint>,
    /// By funded gap (in `funded_gaps` order) and year position before the
    /// horizon: the column that says it is finished by then (None when it
    /// cannot be: before its earliest year).
    done: Vec<Vec<Option<Column>>>,
    /// Under `one_year`, the year each funded gap is paid in (by position).
    paid_in: Vec<Vec<Option<Column>>>,
    /// (commune weight, its column by year position before the horizon).
    communes: Vec<(f64, Vec<Variable>)>,
    columns: usize,
    rule: PaymentRule,
}

impl Problem {
    fn new(context: &Context, funded_gaps: &[usize], topup: Option<f64>) -> Problem {
        let instance = context.instance;
        let ledger = Ledger::new(context);
        let rule = context.scenario.payments;
        let years = instance.years.len();
        let last = years - 1;
        let position = |year: i32| {
            instance
                .years
                .iter()
                .position(|y| *y >= year)
                .unwrap_or(last)
        };
        let mut variables = ProblemVariables::new();
        let mut rows = Vec::new();

        // Binaries: finished by each year (flexible rules), or paid in
        // each year (one_year).
        let mut done = Vec::with_capacity(funded_gaps.len());
        let mut paid_in = Vec::with_capacity(funded_gaps.len());
        for &g in funded_gaps {
            let first = position(instance.gaps[g].earliest_year);
            if rule.splits_cost() {
                let by: Vec<Option<Column>> = (0..last)
                    .map(|t| (t >= first).then(|| binary(&mut variables)))
                    .collect();
                done.push(by);
                paid_in.push(Vec::new());
            } else {
                let pay: Vec<Option<Column>> = (0..years)
                    .map(|t| (t >= first).then(|| binary(&mut variables)))
                    .collect();
                done.push(vec![None; last]);
                paid_in.push(pay);
            }
        }
        // Communes that meet the standard at the horizon with a gap funded.
        let mut in_plan: HashMap<usize, usize> = HashMap::new();
        for (i, g) in funded_gaps.iter().enumerate() {
            in_plan.insert(*g, i);
        }
        let mut communes = Vec::new();
        let mut commune_gaps = Vec::new();
        for commune in &instance.communes {
            if commune.gaps.is_empty() || !commune.gaps.iter().all(|g| in_plan.contains_key(&g.0)) {
                continue;
            }
            let by: Vec<Variable> = (0..last)
                .map(|_| variables.add(variable().binary()))
                .collect();
            communes.push((commune.weight, by));
            commune_gaps.push(
                commune
                    .gaps
                    .iter()
                    .map(|g| in_plan[&g.0])
                    .collect::<Vec<_>>(),
            );
        }

        // Classes: funded gaps with the same earliest year and lines.
        let mut class_index: BTreeMap<(usize, Vec<usize>), usize> = BTreeMap::new();
        let mut class_gaps: Vec<Vec<usize>> = Vec::new();
        let mut class_keys: Vec<(usize, Vec<usize>)> = Vec::new();
        for (i, &g) in funded_gaps.iter().enumerate() {
            let key = (
                position(instance.gaps[g].earliest_year),
                ledger.usable(context, g),
            );
            let next = class_gaps.len();
            let q = *class_index.entry(key.clone()).or_insert(next);
            if q == next {
                class_gaps.push(Vec::new());
                class_keys.push(key);
            }
            class_gaps[q].push(i);
        }
        // Flows (class, line, year position) and what each line spends.
        let mut spent: Vec<Vec<Expression>> =
            vec![vec![Expression::default(); years]; ledger.lines.len()];
        let mut inflow: Vec<Vec<Expression>> =
            vec![vec![Expression::default(); years]; class_gaps.len()];
        for (q, (first, lines)) in class_keys.iter().enumerate() {
            for &l in lines {
                for t in *first..years {
                    if !ledger.open(l, t) {
                        continue;
                    }
                    let flow = variables.add(variable().min(0.0));
                    spent[l][t].add_mul(1.0, flow);
                    inflow[q][t].add_mul(1.0, flow);
                }
            }
        }
        let done_expr =
            |i: usize, t: usize, done: &[Vec<Option<Column>>], paid_in: &[Vec<Option<Column>>]| {
                let mut e = Expression::default();
                if rule.splits_cost() {
                    if t == last {
                        e += 1.0;
                    } else if let Some((v, _)) = done[i][t] {
                        e.add_mul(1.0, v);
                    }
                } else {
                    for (v, _) in paid_in[i][..=t].iter().flatten() {
                        e.add_mul(1.0, *v);
                    }
                }
                e
            };
        for (q, members) in class_gaps.iter().enumerate() {
            let cost = |i: usize| context.budget.gap_cost[funded_gaps[i]].billions();
            if rule.splits_cost() {
                // What is finished by the end of each year is paid by then.
                let mut cumulative = Expression::default();
                for (t, arriving) in inflow[q].iter().enumerate() {
                    cumulative += arriving.clone();
                    let mut finished = Expression::default();
                    for &i in members {
                        finished += done_expr(i, t, &done, &paid_in) * cost(i);
                    }
                    if t == last {
                        rows.push(finished.eq(cumulative.clone()));
                    } else {
                        rows.push(finished.leq(cumulative.clone()));
                    }
                }
            } else {
                // Each year's payments are whole gaps of that year.
                for t in 0..years {
                    let mut due = Expression::default();
                    for &i in members {
                        if let Some((v, _)) = paid_in[i][t] {
                            due.add_mul(cost(i), v);
                        }
                    }
                    rows.push(due.eq(inflow[q][t].clone()));
                }
            }
        }
        if !rule.splits_cost() {
            for pay in &paid_in {
                let mut once = Expression::default();
                for (v, _) in pay.iter().flatten() {
                    once.add_mul(1.0, *v);
                }
                rows.push(once.eq(1.0));
            }
        } else {
            for by in &done {
                for pair in by.windows(2) {
                    if let (Some((a, _)), Some((b, _))) = (pair[0], pair[1]) {
                        rows.push(Expression::from(a).leq(b));
                    }
                }
            }
        }
        // Money: within each year, or cumulative under carry_over.
        for (line, by_year) in ledger.lines.iter().zip(&spent) {
            let mut used = Expression::default();
            let mut held = Money::ZERO;
            for (spending, capacity) in by_year.iter().zip(&line.capacity) {
                if ledger.carries {
                    used += spending.clone();
                    held += *capacity;
                    rows.push(used.clone().leq(held.billions()));
                } else {
                    rows.push(spending.clone().leq(capacity.billions()));
                }
            }
        }
        if let Some(most) = topup {
            let mut drawn = Expression::default();
            for (line, by_year) in ledger.lines.iter().zip(&spent) {
                if instance.pools[line.pool_for(0).0].kind == PoolKind::Topup {
                    for spending in by_year {
                        drawn += spending.clone();
                    }
                }
            }
            rows.push(drawn.leq(most));
        }
        // A commune is at the standard by a year when each of its gaps is
        // finished by then.
        for ((_, by), gaps) in communes.iter().zip(&commune_gaps) {
            for (t, m) in by.iter().enumerate() {
                for &i in gaps {
                    rows.push(Expression::from(*m).leq(done_expr(i, t, &done, &paid_in)));
                }
            }
        }
        let columns = variables.len();
        Problem {
            variables,
            rows,
            done,
            paid_in,
            communes,
            columns,
            rule,
        }
    }

    /// The column that says funded gap `i` is finished by year position `t`
    /// (under `one_year`, paid in `t`: the first such year is its year).
    fn done_by(&self, i: usize, t: usize) -> Option<usize> {
        let v = if self.rule.splits_cost() {
            self.done[i][t]
        } else {
            self.paid_in[i][t]
        };
        v.map(|(_, column)| column)
    }

    fn goal(&self, t: usize, by_communes: bool) -> Expression {
        let mut e = Expression::default();
        if by_communes {
            for (weight, by) in &self.communes {
                e.add_mul(*weight, by[t]);
            }
        } else if self.rule.splits_cost() {
            for (v, _) in self.done.iter().filter_map(|by| by[t]) {
                e.add_mul(1.0, v);
            }
        } else {
            for pay in &self.paid_in {
                for (v, _) in pay[..=t].iter().flatten() {
                    e.add_mul(1.0, *v);
                }
            }
        }
        e
    }

    #[allow(clippy::type_complexity)]
    fn solve(
        &self,
        context: &Context,
        t: usize,
        by_communes: bool,
        held: &[(Expression, f64)],
        start: Option<&[f64]>,
        time_limit: f64,
    ) -> Result<(f64, Vec<f64>, TierStatus, f64), SolveError> {
        let goal = self.goal(t, by_communes);
        let mut model = self.variables.clone().maximise(goal.clone()).using(highs);
        for row in &self.rows {
            model.add_constraint(row.clone());
        }
        for (expr, value) in held {
            model.add_constraint(expr.clone().geq(*value));
        }
        let mut inner = model
            .try_into_inner()
            .map_err(|e| SolveError::Solver(e.to_string()))?;
        let whole_weights = self.communes.iter().all(|(w, _)| w.fract() == 0.0);
        let unit = (!by_communes || whole_weights).then_some(1.0);
        super::solve::configure(
            &mut inner,
            &context.scenario.solver,
            time_limit,
            Objective::Schedule,
            unit,
        )?;
        if let Some(start) = start {
            inner.set_solution(Some(start), None, None, None);
        }
        let solved = inner
            .try_solve()
            .map_err(|e| SolveError::Solver(format!("{e:?}")))?;
        let status = match solved.status() {
            HighsModelStatus::Optimal => TierStatus::Optimal,
            HighsModelStatus::ReachedTimeLimit
            | HighsModelStatus::ReachedIterationLimit
            | HighsModelStatus::ReachedSolutionLimit
            | HighsModelStatus::ReachedInterrupt
            | HighsModelStatus::ReachedMemoryLimit => {
                if solved.primal_solution_status() != highs::HighsSolutionStatus::Feasible {
                    return Err(SolveError::NoSolution);
                }
                TierStatus::TimeLimit
            }
            // The tiers' plan is feasible for every schedule solve.
            other => {
                return Err(SolveError::Solver(format!(
                    "HiGHS ended the schedule with status {other:?}"
                )));
            }
        };
        let gap = if status == TierStatus::Optimal {
            0.0
        } else {
            solved.mip_gap()
        };
        let value = solved.objective_value() + goal.constant();
        let columns = solved.get_solution().columns()[..self.columns].to_vec();
        Ok((value, columns, status, gap))
    }
}
