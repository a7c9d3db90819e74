//! The payment schedule: once the tiers have chosen what is funded, in
//! which year each funded gap is finished, so that communes reach the
//! standard as early as the money allows.
//!
//! For each planning year before the horizon, earliest first, two
//! objectives are solved and then held: the weighted communes at the
//! standard by the end of that year, then the commune criteria met by then.
//! Advanced and village gaps count in neither: they are finished after, as
//! early as the money the communes' schedule leaves allows. What is funded
//! and its cost do not change. See docs/model.md, "The schedule".

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use good_lp::solvers::highs::highs;
use good_lp::{
    Expression, IntoAffineExpression, ProblemVariables, SolverModel, Variable, variable,
};

use super::solve::{TierOutcome, TierStatus};
use super::watch::Ended;
use super::{Context, Objective, SolveError};
use crate::flow::Network;
use crate::instance::{GapKind, LineKey, PoolId, PoolKind};
use crate::money::Money;
use crate::scenario::PaymentRule;

/// The money of a budget by line and year: what the schedule and the exact
/// payments (`plan.rs`) spend. A cell (line, year) is where a payment of
/// that year from that line is made; under `carry_over` it may use the
/// line's money of that year or of any earlier year.
#[derive(Debug)]
pub struct Ledger {
    pub lines: Vec<Line>,
    pub carries: bool,
    /// Lines of the whole province, and of each district.
    province: Vec<usize>,
    by_district: Vec<Vec<usize>>,
    /// The usable lines by (criterion, district, especially difficult).
    usable: std::sync::Mutex<HashMap<(usize, usize, bool), Vec<usize>>>,
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
        let mut province = Vec::new();
        let mut by_district = vec![Vec::new(); instance.districts.len()];
        for (l, line) in lines.iter().enumerate() {
            match instance.pools[line.pool_for(0).0].district {
                None => province.push(l),
                Some(d) => by_district[d.0].push(l),
            }
        }
        Ledger {
            lines,
            carries: context.scenario.payments.carries_over(),
            province,
            by_district,
            usable: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// The lines gap `g` may be paid from (eligibility and scope).
    pub fn usable(&self, context: &Context, g: usize) -> Vec<usize> {
        let instance = context.instance;
        let gap = &instance.gaps[g];
        let commune = &instance.communes[gap.commune.0];
        let key = (
            gap.criterion.0,
            commune.district.0,
            commune.especially_difficult,
        );
        let mut known = self.usable.lock().unwrap_or_else(|e| e.into_inner());
        known
            .entry(key)
            .or_insert_with(|| {
                let mut near: Vec<usize> = self
                    .province
                    .iter()
                    .chain(&self.by_district[commune.district.0])
                    .copied()
                    .collect();
                near.sort_unstable();
                near.into_iter()
                    .filter(|l| {
                        let pool = &instance.pools[self.lines[*l].pool_for(0).0];
                        instance.sources[pool.source.0].eligible[gap.criterion.0]
                            && pool.usable_in(commune)
                    })
                    .collect()
            })
            .clone()
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

impl Scheduled {
    /// The tiers' own years kept, the time having run out.
    fn unsolved(funded: &[Option<i32>], seconds: f64) -> Scheduled {
        Scheduled {
            done_year: funded.to_vec(),
            tiers: vec![TierOutcome {
                objective: Objective::Schedule,
                value: f64::NAN,
                status: TierStatus::TimeLimit,
                gap: f64::INFINITY,
                seconds,
            }],
        }
    }
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
    // Out of time already: the tiers' own years (the horizon under the
    // flexible rules) are a feasible schedule.
    if time_limit <= 0.0 {
        return Ok(Scheduled::unsolved(funded, 0.0));
    }
    let problem = Problem::new(context, &funded_gaps, topup);
    super::watch::trace("schedule's problem built");
    let last = years.len() - 1;
    let mut held: Vec<(Expression, f64)> = Vec::new();
    let position = |year: i32| years.iter().position(|y| *y == year).unwrap_or(last);
    let weights: Vec<f64> = problem.communes.iter().map(|(w, _)| *w).collect();
    // A greedy first schedule from the tiers' own (feasible) one; not when
    // top-up money is bounded, which the greedy does not watch.
    // `criteria_next`: the year position whose criteria are solved next,
    // for which the greedy schedule is also improved by exchanges.
    let greedy_from = |finish: &mut Vec<usize>, criteria_next: Option<usize>| -> Option<Vec<f64>> {
        if topup.is_none() {
            let left = (time_limit - started.elapsed().as_secs_f64()).max(0.0);
            let deadline = Instant::now() + std::time::Duration::from_secs_f64(left * 0.05);
            problem.greedy(finish, &weights, criteria_next, deadline);
        }
        problem.columns_of(finish)
    };
    // Advanced and village gaps start at the horizon under the flexible
    // rules, where the commune solves keep them (`Problem::new`).
    let mut finish: Vec<usize> = funded_gaps
        .iter()
        .enumerate()
        .map(|(i, g)| {
            if problem.rule.splits_cost() && !problem.counted[i] {
                last
            } else {
                funded[*g].map_or(last, position)
            }
        })
        .collect();
    let mut start: Option<Vec<f64>> = greedy_from(&mut finish, None);
    super::watch::trace("schedule's greedy start");
    // The greedy schedule from the horizon may beat the solver's first
    // answer improved greedily on the later objectives (another set of
    // communes finished first can leave more money for criteria).
    let first_greedy = start.clone();
    let mut status = TierStatus::Optimal;
    let mut worst_gap: f64 = 0.0;
    'years: for t in 0..last {
        for by_communes in [true, false] {
            let remaining = time_limit - started.elapsed().as_secs_f64();
            let solved = problem.solve(context, t, by_communes, &held, start.as_deref(), remaining);
            super::watch::trace(format_args!("schedule solved {t} {by_communes}"));
            match solved {
                Ok((value, columns, tier_status, gap)) => {
                    let unit_slack = if by_communes { 1e-6 } else { 0.5 };
                    held.push((problem.goal(t, by_communes), value - unit_slack));
                    // The next solve starts from this one, improved greedily.
                    let mut finish: Vec<usize> = (0..funded_gaps.len())
                        .map(|i| {
                            (0..last)
                                .find(|t| {
                                    problem.done_by(i, *t).is_some_and(|col| columns[col] > 0.5)
                                })
                                .unwrap_or(last)
                        })
                        .collect();
                    start = greedy_from(&mut finish, by_communes.then_some(t)).or(Some(columns));
                    super::watch::trace(format_args!(
                        "schedule's greedy improvement ({} flows so far)",
                        problem.flows_computed.get()
                    ));
                    // With one year to schedule, after its first solve: the
                    // greedy schedule keeps that value when it reaches it.
                    let first_solve = last == 1 && held.len() == 1 && by_communes;
                    if let (true, Some(ours), Some(theirs)) = (first_solve, &first_greedy, &start)
                        && problem.value(t, true, ours) >= value - 1e-6
                        && problem.value(t, false, ours) > problem.value(t, false, theirs)
                    {
                        start = Some(ours.clone());
                    }
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
        return Ok(Scheduled::unsolved(funded, started.elapsed().as_secs_f64()));
    };
    let mut finish: Vec<usize> = (0..funded_gaps.len())
        .map(|i| {
            (0..last)
                .find(|t| problem.done_by(i, *t).is_some_and(|col| columns[col] > 0.5))
                .unwrap_or(last)
        })
        .collect();
    // The advanced and village gaps as early as the money the communes'
    // schedule leaves allows. It is cheap (integer maximum flows); the
    // deadline only guards huge instances, whose every step stays feasible.
    let deadline = started + std::time::Duration::from_secs_f64(time_limit.max(0.0));
    super::watch::trace("schedule's solves done");
    problem.finish_rest(&mut finish, deadline);
    let mut done_year = vec![None; funded.len()];
    for (i, g) in funded_gaps.iter().enumerate() {
        done_year[*g] = Some(years[finish[i]]);
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

/// A flow of the schedule: (class, line, year position).
type FlowKey = (usize, usize, usize);

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
    ledger: Ledger,
    /// By class: (first year position, usable lines).
    class_keys: Vec<(usize, Vec<usize>)>,
    /// By funded gap: its class.
    class_of: Vec<usize>,
    /// (class, line, year position) → column of its flow.
    flow_columns: HashMap<FlowKey, usize>,
    /// By commune at the standard at the horizon: its columns by year, and
    /// its funded gaps.
    commune_columns: Vec<Vec<usize>>,
    commune_gaps: Vec<Vec<usize>>,
    /// By funded gap: its commune's index in `communes`, if any.
    commune_of: Vec<Option<usize>>,
    /// Dominance chains: members in order and the column of the first link.
    chains: Vec<(Vec<usize>, usize)>,
    /// By funded gap: cost in đồng and first year position.
    cost: Vec<i64>,
    first: Vec<usize>,
    /// By commune in `communes`: the first year position it may be at the
    /// standard in (0 but for communes with gaps paid by commitments).
    commune_from: Vec<usize>,
    /// By funded gap: whether it is a commune criterion (`GapKind::Commune`),
    /// the only gaps the objectives count.
    counted: Vec<bool>,
    /// The funded advanced gaps of each commune and the funded gaps of each
    /// village, in the order of the data: what `finish_rest` brings forward
    /// together first.
    rest_groups: Vec<Vec<usize>>,
    /// By line: whether it is a top-up line (`ntm gap`).
    topup_lines: Vec<bool>,
    /// The most the schedule may draw from top-up lines, in đồng (None:
    /// no bound).
    topup_most: Option<i64>,
    /// How many exact flows `payable` has computed: the measure of work
    /// that bounds `exchange`.
    flows_computed: std::cell::Cell<usize>,
}

/// A network paying a schedule, kept between moves of single gaps
/// (`Problem::payer`, `Problem::moved`).
struct Payer {
    network: Network,
    /// By (class, year position), `class × years + year`: the edge that
    /// asks the class's money finished by that year.
    demand_edges: Vec<usize>,
    year_count: usize,
}

impl Problem {
    /// The columns of the schedule that finishes funded gap i by year
    /// position `finish[i]`, when it can be paid exactly (an integer
    /// maximum flow over lines and years); None otherwise.
    fn columns_of(&self, finish: &[usize]) -> Option<Vec<f64>> {
        let year_count = self.ledger.lines.first().map_or(0, |l| l.capacity.len());
        let last = year_count - 1;
        let flows = self.payable(finish, self.topup_most)?;
        let mut columns = vec![0.0; self.columns];
        for (i, by) in self.done.iter().enumerate() {
            for (t, column) in by.iter().enumerate() {
                if let Some((_, col)) = column {
                    columns[*col] = f64::from(u8::from(finish[i] <= t));
                }
            }
        }
        for (i, by) in self.paid_in.iter().enumerate() {
            for (t, column) in by.iter().enumerate() {
                if let Some((_, col)) = column {
                    columns[*col] = f64::from(u8::from(finish[i] == t));
                }
            }
        }
        for (c, (cols, gaps)) in self
            .commune_columns
            .iter()
            .zip(&self.commune_gaps)
            .enumerate()
        {
            for (t, col) in cols.iter().enumerate().take(last) {
                columns[*col] = f64::from(u8::from(
                    t >= self.commune_from[c] && gaps.iter().all(|i| finish[*i] <= t),
                ));
            }
        }
        for ((q, l, t), amount) in flows {
            if let Some(col) = self.flow_columns.get(&(q, l, t)) {
                columns[*col] += Money::from_dong(amount).billions();
            }
        }
        for (chain, first_link) in &self.chains {
            let mut running: f64 = 0.0;
            for (k, i) in chain.iter().enumerate().rev() {
                let done = f64::from(u8::from(finish[*i] == 0));
                let complete = self.commune_of[*i].map_or(0.0, |c| {
                    f64::from(u8::from(
                        self.commune_from[c] == 0
                            && self.commune_gaps[c].iter().all(|j| finish[*j] == 0),
                    ))
                });
                running = running.max(done - complete).max(0.0);
                columns[first_link + k] = running;
            }
        }
        Some(columns)
    }

    /// The exact flows (class, line, year position) → đồng that pay every
    /// funded gap by its year drawing at most `topup` đồng from top-up
    /// lines (any amount when None), or None when no payment can.
    fn payable(&self, finish: &[usize], topup: Option<i64>) -> Option<Vec<(FlowKey, i64)>> {
        self.flows_computed.set(self.flows_computed.get() + 1);
        let (mut network, total, edges) = self.network(finish, topup);
        (network.max_flow(0, 1) == total).then(|| {
            edges
                .iter()
                .map(|(key, e)| (*key, network.flow(*e)))
                .collect()
        })
    }

    /// How much of `finish` can be paid drawing at most `topup` đồng from
    /// top-up lines.
    fn payable_flow(&self, finish: &[usize], topup: Option<i64>) -> i64 {
        let (mut network, _, _) = self.network(finish, topup);
        network.max_flow(0, 1)
    }

    /// The network of `payable`: source → (class, year) groups → cells
    /// (line, year) → sink, the top-up lines through one bounded node; the
    /// demand, and the edges of the flows.
    #[allow(clippy::type_complexity)]
    fn network(
        &self,
        finish: &[usize],
        topup: Option<i64>,
    ) -> (Network, i64, Vec<(FlowKey, usize)>) {
        let mut demand: BTreeMap<(usize, usize), i64> = BTreeMap::new();
        for (i, &t) in finish.iter().enumerate() {
            *demand.entry((self.class_of[i], t)).or_default() += self.cost[i];
        }
        let groups: Vec<((usize, usize), i64)> = demand.into_iter().collect();
        let total = groups.iter().map(|(_, amount)| amount).sum();
        let (network, _, edges) = self.network_of(&groups, topup);
        (network, total, edges)
    }

    /// The network of `groups`, ((class, year position done by), demand in
    /// đồng), one node each in their order: source → groups → cells (line,
    /// year) → sink, the top-up lines through one node whose edge to the
    /// sink holds the bound `topup`. With the groups' demand edges, and the
    /// edges of the flows by key.
    #[allow(clippy::type_complexity)]
    fn network_of(
        &self,
        groups: &[((usize, usize), i64)],
        topup: Option<i64>,
    ) -> (Network, Vec<usize>, Vec<(FlowKey, usize)>) {
        let year_count = self.ledger.lines.first().map_or(0, |l| l.capacity.len());
        let cell = |l: usize, t: usize| 2 + groups.len() + l * year_count + t;
        let through = 2 + groups.len() + self.ledger.lines.len() * year_count;
        let mut network = Network::new(through + 1);
        network.add_edge(through, 1, topup.unwrap_or(i64::MAX / 4));
        let mut demand_edges = Vec::with_capacity(groups.len());
        let mut edges = Vec::new();
        for (k, ((q, done), amount)) in groups.iter().enumerate() {
            demand_edges.push(network.add_edge(0, 2 + k, *amount));
            let (first, lines) = &self.class_keys[*q];
            let from = if self.rule.splits_cost() {
                *first
            } else {
                *done
            };
            for &l in lines {
                for t in from..=*done {
                    if self.ledger.open(l, t) {
                        edges.push((
                            (*q, l, t),
                            network.add_edge(2 + k, cell(l, t), i64::MAX / 4),
                        ));
                    }
                }
            }
        }
        for (l, line) in self.ledger.lines.iter().enumerate() {
            let to = if self.topup_lines[l] { through } else { 1 };
            for t in 0..year_count {
                network.add_edge(cell(l, t), to, line.capacity[t].dong());
                if self.ledger.carries && t > 0 {
                    network.add_edge(cell(l, t), cell(l, t - 1), i64::MAX / 4);
                }
            }
        }
        (network, demand_edges, edges)
    }

    /// The least top-up (đồng) that pays `finish`: what the other lines
    /// cannot. Whatever the top-up lines hold: `finish` is payable.
    fn least_topup(&self, finish: &[usize]) -> i64 {
        let total: i64 = self.cost.iter().sum();
        let without = self.payable_flow(finish, Some(0));
        total - without
    }

    /// A first schedule, greedily: year by year, communes cheapest to bring
    /// to the standard (per unit of weight) first, then the cheapest gaps
    /// left (in the order of the dominance chains), each moved to that year
    /// only if everything can still be paid. `finish` starts as a feasible
    /// schedule (the horizon, or under one_year the tiers' years). With
    /// `exchange` (a year position), that year is then improved by
    /// `exchange`; the dominance chains are kept at the end.
    fn greedy(
        &self,
        finish: &mut [usize],
        weights: &[f64],
        exchange: Option<usize>,
        deadline: Instant,
    ) {
        let year_count = self.ledger.lines.first().map_or(0, |l| l.capacity.len());
        let last = year_count - 1;
        for t in 0..last {
            let mut order: Vec<(f64, usize)> = self
                .commune_gaps
                .iter()
                .enumerate()
                .filter(|(c, gaps)| {
                    self.commune_from[*c] <= t && gaps.iter().all(|i| self.first[*i] <= t)
                })
                .map(|(c, gaps)| {
                    let cost: i64 = gaps
                        .iter()
                        .filter(|i| finish[**i] > t)
                        .map(|i| self.cost[*i])
                        .sum();
                    (cost as f64 / weights[c], c)
                })
                .collect();
            order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            for (_, c) in order {
                if Instant::now() >= deadline {
                    return;
                }
                let before: Vec<usize> = finish.to_vec();
                let mut moved = false;
                for &i in &self.commune_gaps[c] {
                    if finish[i] > t {
                        finish[i] = t;
                        moved = true;
                    }
                }
                if moved && self.payable(finish, self.topup_most).is_none() {
                    finish.copy_from_slice(&before);
                }
            }
            self.fill_year(finish, t, deadline);
            if exchange == Some(t) {
                self.exchange(finish, t, weights, deadline);
                self.swap_communes(finish, t, weights, deadline);
            }
        }
        self.follow_chains(finish);
    }

    /// The commune criteria `finish` meets by the end of year position `t`.
    fn criteria_by(&self, finish: &[usize], t: usize) -> usize {
        (0..finish.len())
            .filter(|i| self.counted[*i] && finish[*i] <= t)
            .count()
    }

    /// Whether commune `c` (in `communes`) is at the standard by the end of
    /// year position `t` under `finish`.
    fn at_standard_by(&self, finish: &[usize], c: usize, t: usize) -> bool {
        self.commune_from[c] <= t && self.commune_gaps[c].iter().all(|i| finish[*i] <= t)
    }

    /// The weight of the communes at the standard by the end of year
    /// position `t` under `finish`.
    fn communes_by(&self, finish: &[usize], t: usize, weights: &[f64]) -> f64 {
        (0..self.commune_gaps.len())
            .filter(|c| self.at_standard_by(finish, *c, t))
            .map(|c| weights[c])
            .sum()
    }

    /// Local search after `fill_year`: a commune gap finished in year
    /// position `t` goes back to the horizon and the year is filled again,
    /// cheapest gaps first; kept when more criteria are met by `t` and the
    /// weighted communes at the standard by then do not fall. Cheapest
    /// first misses plans where one dear gap's money pays for two cheaper
    /// ones of other classes (the default scenario: 50 criteria greedily,
    /// 54 at the optimum, which HiGHS took 0.2 s to find from 50 and 0.08 s
    /// to prove from 54). Only under the flexible rules, where a gap moved
    /// later is always payable. Years before `t` keep their values: only
    /// gaps of year `t` go back, only gaps after it come forward.
    fn exchange(&self, finish: &mut [usize], t: usize, weights: &[f64], deadline: Instant) {
        if !self.rule.splits_cost() {
            return;
        }
        let year_count = self.ledger.lines.first().map_or(0, |l| l.capacity.len());
        let last = year_count - 1;
        let criteria = |f: &[usize]| self.criteria_by(f, t);
        let communes = |f: &[usize]| self.communes_by(f, t, weights);
        // All the money that can pay by year `t`: what a gain must fit in.
        let money_by_t = self.money_by(t);
        // Bounded by work, not time, so that the start (and with it which of
        // equally good schedules HiGHS returns) is the same on every run:
        // at most `FLOWS` exact flows. The default scenario's gain took
        // about 200 (12 trials of some 17 flows); on 1,000 synthetic
        // communes a trial takes some 175 flows (0.11 s) and none gains,
        // so the budget keeps that search to about 0.25 s.
        const FLOWS: usize = 400;
        let spent_before = self.flows_computed.get();
        let spent = || self.flows_computed.get() - spent_before;
        loop {
            let (met, at_standard) = (criteria(finish), communes(finish));
            let due: i64 = (0..finish.len())
                .filter(|i| finish[*i] <= t)
                .map(|i| self.cost[i])
                .sum();
            // The two cheapest commune gaps that could come forward: one gap
            // back gains only when two come in its place.
            let mut waiting: Vec<i64> = (0..finish.len())
                .filter(|i| self.counted[*i] && finish[*i] > t && self.first[*i] <= t)
                .map(|i| self.cost[i])
                .collect();
            waiting.sort_unstable();
            waiting.truncate(2);
            let mut back: Vec<usize> = (0..finish.len())
                .filter(|i| self.counted[*i] && finish[*i] == t)
                .collect();
            back.sort_by_key(|i| (std::cmp::Reverse(self.cost[*i]), *i));
            let mut better = false;
            for j in back {
                if Instant::now() >= deadline || spent() >= FLOWS {
                    return;
                }
                // With j back, the year pays at most the money left and
                // j's cost; the cheapest pair must fit in that (j itself
                // is one of the two at most).
                let pair = match waiting.as_slice() {
                    [] => i64::MAX,
                    [w] => w + self.cost[j],
                    [w0, w1, ..] => w0 + w1.min(&self.cost[j]),
                };
                if pair > money_by_t - due + self.cost[j] {
                    continue;
                }
                let mut trial = finish.to_vec();
                trial[j] = last;
                self.fill_year(&mut trial, t, deadline);
                if criteria(&trial) > met && communes(&trial) >= at_standard {
                    finish.copy_from_slice(&trial);
                    better = true;
                    break;
                }
            }
            if !better {
                return;
            }
        }
    }

    /// Local search after `exchange`: a commune at the standard by year
    /// position `t` gives its place to one of at least its weight that
    /// costs less to finish by then, and the year is filled again cheapest
    /// first; kept when more criteria are met by `t` (the weighted
    /// communes by then do not fall). The communes' solve fixes only how
    /// many communes are at the standard by `t`, not which: another set
    /// can leave money for more criteria (a sweep variant of the default
    /// data: 69 criteria by 2024 greedily, 71 at the optimum). Only under
    /// the flexible rules; bounded by a count of exact flows, as
    /// `exchange` is, so the start is the same on every run.
    fn swap_communes(&self, finish: &mut [usize], t: usize, weights: &[f64], deadline: Instant) {
        if !self.rule.splits_cost() {
            return;
        }
        let year_count = self.ledger.lines.first().map_or(0, |l| l.capacity.len());
        let last = year_count - 1;
        let criteria = |f: &[usize]| self.criteria_by(f, t);
        let at_standard = |f: &[usize], c: usize| self.at_standard_by(f, c, t);
        let communes = |f: &[usize]| self.communes_by(f, t, weights);
        // What a commune still costs to finish by `t`, and what finishing it
        // at exactly `t` took.
        let to_finish = |f: &[usize], c: usize| -> i64 {
            self.commune_gaps[c]
                .iter()
                .filter(|i| f[**i] > t)
                .map(|i| self.cost[*i])
                .sum()
        };
        let finished_at_t = |f: &[usize], c: usize| -> i64 {
            self.commune_gaps[c]
                .iter()
                .filter(|i| f[**i] == t)
                .map(|i| self.cost[*i])
                .sum()
        };
        const FLOWS: usize = 400;
        let spent_before = self.flows_computed.get();
        let spent = || self.flows_computed.get() - spent_before;
        loop {
            let (met, standing) = (criteria(finish), communes(finish));
            // Communes at the standard by `t`, dearest to have finished first;
            // those not yet, cheapest to finish first.
            let mut leaving: Vec<usize> = (0..self.commune_gaps.len())
                .filter(|c| at_standard(finish, *c) && finished_at_t(finish, *c) > 0)
                .collect();
            leaving.sort_by_key(|c| (std::cmp::Reverse(finished_at_t(finish, *c)), *c));
            let mut coming: Vec<usize> = (0..self.commune_gaps.len())
                .filter(|c| {
                    self.commune_from[*c] <= t
                        && !at_standard(finish, *c)
                        && self.commune_gaps[*c].iter().all(|i| self.first[*i] <= t)
                })
                .collect();
            coming.sort_by_key(|c| (to_finish(finish, *c), *c));
            let mut better = false;
            'leaving: for &c in &leaving {
                let freed = finished_at_t(finish, c);
                for &d in &coming {
                    if Instant::now() >= deadline || spent() >= FLOWS {
                        return;
                    }
                    if to_finish(finish, d) >= freed {
                        break;
                    }
                    if weights[d] < weights[c] {
                        continue;
                    }
                    let mut trial = finish.to_vec();
                    for &i in &self.commune_gaps[c] {
                        if trial[i] == t {
                            trial[i] = last;
                        }
                    }
                    for &i in &self.commune_gaps[d] {
                        trial[i] = trial[i].min(t);
                    }
                    if self.payable(&trial, self.topup_most).is_none() {
                        continue;
                    }
                    self.fill_year(&mut trial, t, deadline);
                    if criteria(&trial) > met && communes(&trial) >= standing {
                        finish.copy_from_slice(&trial);
                        better = true;
                        break 'leaving;
                    }
                }
            }
            if !better {
                return;
            }
        }
    }

    /// Makes `finish` keep the dominance chains (two years, flexible
    /// rules): while a gap finished in the first year, its commune not at
    /// the standard then, has a cheaper gap of its chain unfinished, the
    /// two swap years. The cheaper gap of the same class is payable where
    /// the dearer one was; the dearer one's commune was not at the
    /// standard, so no commune is lost; and criteria met stay the same.
    fn follow_chains(&self, finish: &mut [usize]) {
        for (chain, _) in &self.chains {
            let incomplete = |i: usize, f: &[usize]| {
                self.commune_of[i].is_none_or(|c| {
                    self.commune_from[c] != 0 || self.commune_gaps[c].iter().any(|j| f[*j] != 0)
                })
            };
            loop {
                let dear = chain
                    .iter()
                    .rposition(|i| finish[*i] == 0 && incomplete(*i, finish));
                let Some(dear) = dear else { break };
                let Some(cheap) = chain[..dear].iter().position(|i| finish[*i] != 0) else {
                    break;
                };
                let (a, b) = (chain[cheap], chain[dear]);
                finish.swap(a, b);
                if self.payable(finish, self.topup_most).is_none() {
                    finish.swap(a, b);
                    break;
                }
            }
        }
    }

    /// Finish in year position `t` the cheapest commune gaps that can be,
    /// in the order of the dominance chains (the others wait for
    /// `finish_rest`).
    fn fill_year(&self, finish: &mut [usize], t: usize, deadline: Instant) {
        let mut rest: Vec<usize> = (0..finish.len())
            .filter(|i| self.counted[*i] && finish[*i] > t && self.first[*i] <= t)
            .collect();
        rest.sort_by_key(|i| (self.cost[*i], *i));
        let mut failed = vec![false; self.class_keys.len()];
        // What is finished by `t` is paid from the money of the years up to
        // `t`: a gap dearer than what is left of it cannot fit, nor can any
        // after it (most trials late in a year, each an exact flow).
        let money_by_t = self.money_by(t);
        let mut due: i64 = (0..finish.len())
            .filter(|i| finish[*i] <= t)
            .map(|i| self.cost[i])
            .sum();
        let mut payer = self.payer(finish, self.topup_most);
        for i in rest {
            if Instant::now() >= deadline || self.cost[i] > money_by_t - due {
                return;
            }
            // A dearer gap of a class where a cheaper one did not fit
            // cannot fit either.
            if failed[self.class_of[i]] {
                continue;
            }
            let was = finish[i];
            let fits = match payer.as_mut() {
                Some(payer) => self.moved(payer, i, was, t),
                None => {
                    finish[i] = t;
                    self.payable(finish, self.topup_most).is_some()
                }
            };
            if fits {
                finish[i] = t;
                due += self.cost[i];
            } else {
                finish[i] = was;
                failed[self.class_of[i]] = true;
            }
        }
    }

    /// A network that pays `finish` (as `network`, with a node for every
    /// class and year, so that a gap can move between years without
    /// building it again), or None when `finish` cannot be paid.
    fn payer(&self, finish: &[usize], topup: Option<i64>) -> Option<Payer> {
        let year_count = self.ledger.lines.first().map_or(0, |l| l.capacity.len());
        let mut demand = vec![0i64; self.class_keys.len() * year_count];
        for (i, &t) in finish.iter().enumerate() {
            demand[self.class_of[i] * year_count + t] += self.cost[i];
        }
        let groups: Vec<((usize, usize), i64)> = demand
            .iter()
            .enumerate()
            .map(|(k, amount)| ((k / year_count, k % year_count), *amount))
            .collect();
        let (mut network, demand_edges, _) = self.network_of(&groups, topup);
        let total: i64 = demand.iter().sum();
        (network.max_flow(0, 1) == total).then_some(Payer {
            network,
            demand_edges,
            year_count,
        })
    }

    /// Whether funded gap `i` can be finished by year position `to`
    /// instead of `from`, everything else paid as `payer` pays it; if so
    /// `payer` pays the move, otherwise it is left as it was. Counts as one
    /// exact flow, as `payable` does, so the searches bounded by flows
    /// take the same steps.
    fn moved(&self, payer: &mut Payer, i: usize, from: usize, to: usize) -> bool {
        self.flows_computed.set(self.flows_computed.get() + 1);
        let q = self.class_of[i];
        let before = payer.network.snapshot();
        let out = payer.demand_edges[q * payer.year_count + from];
        let into = payer.demand_edges[q * payer.year_count + to];
        if !payer.network.withdraw(out, self.cost[i], 1) {
            payer.network.restore(&before);
            return false;
        }
        payer.network.widen(into, self.cost[i]);
        if payer.network.max_flow_up_to(0, 1, self.cost[i]) == self.cost[i] {
            true
        } else {
            payer.network.restore(&before);
            false
        }
    }

    /// All the money of every line in the years up to position `t`, in
    /// đồng: no schedule pays more by the end of year `t`.
    fn money_by(&self, t: usize) -> i64 {
        self.ledger
            .lines
            .iter()
            .map(|l| l.capacity[..=t].iter().map(|m| m.dong()).sum::<i64>())
            .sum()
    }

    /// The advanced and village gaps, once the commune gaps' years are
    /// fixed: year by year, the villages and communes' advanced sets
    /// cheapest to finish first, then the cheapest gaps left, each moved to
    /// that year only if everything can still be paid (so the commune gaps
    /// keep their years and a feasible `finish` stays feasible). No move
    /// draws more top-up money than `finish` does to begin with: the
    /// schedule holds the least top-up `ntm gap` proved, and these gaps
    /// paid from top-up lines in earlier years would add to it.
    fn finish_rest(&self, finish: &mut [usize], deadline: Instant) {
        let topup = self.topup_most.map(|_| self.least_topup(finish));
        let year_count = self.ledger.lines.first().map_or(0, |l| l.capacity.len());
        let moves = |i: usize, t: usize, finish: &[usize]| finish[i] > t && self.first[i] <= t;
        for t in 0..year_count - 1 {
            let mut order: Vec<(i64, usize)> = self
                .rest_groups
                .iter()
                .enumerate()
                .filter(|(_, gaps)| gaps.iter().all(|i| self.first[*i] <= t))
                .map(|(k, gaps)| {
                    let cost = gaps
                        .iter()
                        .filter(|i| finish[**i] > t)
                        .map(|i| self.cost[*i]);
                    (cost.sum(), k)
                })
                .filter(|(cost, _)| *cost > 0)
                .collect();
            order.sort_unstable();
            for (_, k) in order {
                if Instant::now() >= deadline {
                    return;
                }
                let before: Vec<usize> = finish.to_vec();
                for &i in &self.rest_groups[k] {
                    finish[i] = finish[i].min(t);
                }
                if self.payable(finish, topup).is_none() {
                    finish.copy_from_slice(&before);
                }
            }
            let mut rest: Vec<usize> = (0..finish.len())
                .filter(|i| !self.counted[*i] && moves(*i, t, finish))
                .collect();
            rest.sort_by_key(|i| (self.cost[*i], *i));
            // Under the flexible rules every gap left is at the horizon, and
            // moving one to `t` adds its cost to what its class must have
            // paid by t..H-1: a dearer gap of a class where a cheaper one
            // did not fit cannot fit either. Under `one_year` the gaps come
            // from different years, and the bound does not hold.
            let mut failed = vec![false; self.class_keys.len()];
            for i in rest {
                if Instant::now() >= deadline {
                    return;
                }
                if failed[self.class_of[i]] {
                    continue;
                }
                let was = finish[i];
                finish[i] = t;
                if self.payable(finish, topup).is_none() {
                    finish[i] = was;
                    failed[self.class_of[i]] = self.rule.splits_cost();
                }
            }
        }
    }

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
        //
        // Advanced and village gaps get none under the flexible rules: they
        // are finished at the horizon here (`done` is 0 before it), and
        // `finish_rest` moves them earlier once the communes' schedule is
        // fixed. This loses no schedule of the communes. Take any feasible
        // point of these rows, advanced and village gaps finished whenever;
        // set their `done[g, t]` to 0 for every t < H and keep every other
        // column. Those `done` appear only on the left of the class rows
        // `Σ a_g done[g, t] ≤ Σ_{t' ≤ t} flow` (t < H), which only get
        // slacker; in the rows at H (`done` is 1 there whatever the year),
        // in `done[g, t] ≤ done[g, t+1]` (all 0, then 1), and nowhere else:
        // not in `by[c, t] ≤ done[g, t]` (a commune's gaps are its commune
        // criteria) nor in the dominance chains (built from the binaries
        // that exist, commune gaps only). The flows are unchanged, so are
        // the money rows under both flexible rules, carry_over or not, and
        // the top-up bound; a commitment or `not_before` bounds a gap's
        // first year or a commune's `by`, never a year from above, and the
        // horizon is at or after every funded gap's first year. The
        // objectives count `by` and commune gaps only, so they keep their
        // value. Under `one_year` a year pays its own gaps whole and the
        // horizon's money alone may not pay them: they keep their `paid`
        // binaries, counted in no objective.
        let mut done = Vec::with_capacity(funded_gaps.len());
        let mut paid_in = Vec::with_capacity(funded_gaps.len());
        for &g in funded_gaps {
            let first = position(instance.gaps[g].earliest_year);
            if rule.splits_cost() && instance.gaps[g].kind() != GapKind::Commune {
                done.push(vec![None; last]);
                paid_in.push(Vec::new());
            } else if rule.splits_cost() {
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
        let mut commune_columns: Vec<Vec<usize>> = Vec::new();
        // By funded gap: its commune's columns, when the commune meets the
        // standard at the horizon.
        let mut commune_of: Vec<Option<usize>> = vec![None; funded_gaps.len()];
        let mut commune_from: Vec<usize> = Vec::new();
        for (c, commune) in instance.communes.iter().enumerate() {
            if commune.gaps.is_empty() || !commune.gaps.iter().all(|g| in_plan.contains_key(&g.0)) {
                continue;
            }
            let first_column = variables.len();
            let by: Vec<Variable> = (0..last)
                .map(|_| variables.add(variable().binary()))
                .collect();
            for g in &commune.gaps {
                commune_of[in_plan[&g.0]] = Some(communes.len());
            }
            commune_columns.push((first_column..first_column + last).collect::<Vec<_>>());
            let from = context
                .not_before
                .get(c)
                .copied()
                .flatten()
                .map_or(0, position);
            // Not at the standard before its committed gaps are met.
            for m in &by[..from.min(last)] {
                rows.push(Expression::from(*m).leq(0.0));
            }
            commune_from.push(from);
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
        let mut class_of = vec![0; funded_gaps.len()];
        for (q, members) in class_gaps.iter().enumerate() {
            for &i in members {
                class_of[i] = q;
            }
        }
        let mut flow_columns: HashMap<FlowKey, usize> = HashMap::new();
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
                    flow_columns.insert((q, l, t), variables.len());
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
        // Dominance rows (two planning years, a cost payable in parts):
        // within a class, a gap finished in the first year whose commune is
        // not at the standard by then implies every cheaper gap of the
        // class is finished then too. Swapping the two years of such a gap
        // and a cheaper unfinished one keeps the criteria met in the first
        // year, needs less money then and the same at the horizon (the
        // class's flows are shared), and can only bring another commune to
        // the standard sooner. Chained as in `constraints::dominance`.
        let mut chains: Vec<(Vec<usize>, usize)> = Vec::new();
        if rule.splits_cost() && years == 2 {
            for members in &class_gaps {
                let mut chain: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|i| done[*i][0].is_some())
                    .collect();
                if chain.len() < 2 {
                    continue;
                }
                chain.sort_by_key(|i| (context.budget.gap_cost[funded_gaps[*i]], funded_gaps[*i]));
                let first_link = variables.len();
                let link: Vec<Variable> = chain
                    .iter()
                    .map(|_| variables.add(variable().min(0.0).max(1.0)))
                    .collect();
                chains.push((chain.clone(), first_link));
                for (k, &i) in chain.iter().enumerate() {
                    let (d, _) = done[i][0].expect("filtered");
                    let mut own = Expression::from(link[k]);
                    own.add_mul(-1.0, d);
                    if let Some(c) = commune_of[i] {
                        own.add_mul(1.0, communes[c].1[0]);
                    }
                    rows.push(own.geq(0.0));
                    if let Some(next) = link.get(k + 1) {
                        rows.push(Expression::from(link[k]).geq(*next));
                        rows.push(Expression::from(d).geq(*next));
                    }
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
        let topup_lines = ledger
            .lines
            .iter()
            .map(|line| instance.pools[line.pool_for(0).0].kind == PoolKind::Topup)
            .collect();
        Problem {
            variables,
            rows,
            done,
            paid_in,
            communes,
            columns,
            rule,
            topup_lines,
            // The bound is held to within the tiers' tolerance; in whole
            // đồng, rounded down.
            topup_most: topup.map(|most| (most * 1e9).floor() as i64),
            flows_computed: std::cell::Cell::new(0),
            ledger,
            class_keys,
            class_of,
            flow_columns,
            commune_columns,
            commune_gaps,
            commune_of,
            chains,
            cost: funded_gaps
                .iter()
                .map(|g| context.budget.gap_cost[*g].dong())
                .collect(),
            first: funded_gaps
                .iter()
                .map(|g| position(instance.gaps[*g].earliest_year))
                .collect(),
            commune_from,
            counted: funded_gaps
                .iter()
                .map(|g| instance.gaps[*g].kind() == GapKind::Commune)
                .collect(),
            rest_groups: {
                let of = |gaps: &[crate::instance::GapId]| -> Vec<usize> {
                    gaps.iter()
                        .filter_map(|g| in_plan.get(&g.0).copied())
                        .collect()
                };
                instance
                    .communes
                    .iter()
                    .map(|c| of(&c.advanced))
                    .chain(instance.villages.iter().map(|v| of(&v.gaps)))
                    .filter(|group| !group.is_empty())
                    .collect()
            },
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

    /// The value of `goal(t, by_communes)` for `columns`.
    fn value(&self, t: usize, by_communes: bool, columns: &[f64]) -> f64 {
        if by_communes {
            self.communes
                .iter()
                .zip(&self.commune_columns)
                .map(|((w, _), cols)| w * columns[cols[t]])
                .sum()
        } else {
            (0..self.done.len())
                .filter(|i| self.counted[*i])
                .map(|i| {
                    let year_count = self.ledger.lines.first().map_or(0, |l| l.capacity.len());
                    let done = (0..=t).any(|u| {
                        u < year_count - 1 && self.done_by(i, u).is_some_and(|c| columns[c] > 0.5)
                    });
                    f64::from(u8::from(done))
                })
                .sum()
        }
    }

    fn goal(&self, t: usize, by_communes: bool) -> Expression {
        let mut e = Expression::default();
        if by_communes {
            for (weight, by) in &self.communes {
                e.add_mul(*weight, by[t]);
            }
        } else if self.rule.splits_cost() {
            let counted = self.done.iter().zip(&self.counted).filter(|(_, c)| **c);
            for (v, _) in counted.filter_map(|(by, _)| by[t]) {
                e.add_mul(1.0, v);
            }
        } else {
            let counted = self.paid_in.iter().zip(&self.counted).filter(|(_, c)| **c);
            for (pay, _) in counted {
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
        let held_rows: Vec<good_lp::Constraint> = held
            .iter()
            .map(|(expr, value)| expr.clone().geq(*value))
            .collect();
        // Offered only when it keeps every row (`start::keeps` says why).
        let offered = start.and_then(|start| {
            let rows = self.rows.iter().chain(&held_rows);
            super::start::checked(
                Objective::Schedule,
                &self.variables,
                rows,
                &goal,
                start.to_vec(),
            )
        });
        let mut model = self.variables.clone().maximise(goal.clone()).using(highs);
        for row in self.rows.iter().chain(&held_rows) {
            model.add_constraint(row.clone());
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
        let offered = super::start::offer(&mut inner, offered)?;
        if let Some(dir) = std::env::var_os("NTM_WRITE_MODEL") {
            let what = if by_communes { "communes" } else { "criteria" };
            let name = format!("schedule_{t}_{what}.mps");
            super::solve::write_mps(&mut inner, &std::path::Path::new(&dir).join(name));
        }
        let deadline = Instant::now() + std::time::Duration::from_secs_f64(time_limit.max(0.0));
        super::watch::trace("schedule's model handed to HiGHS");
        let found = super::watch::solve(inner, deadline, super::solve::grace(context), offered)?;
        let status = match found.ended {
            Ended::Optimal => TierStatus::Optimal,
            Ended::Limit => TierStatus::TimeLimit,
            // The tiers' plan is feasible for every schedule solve.
            Ended::Infeasible => {
                return Err(SolveError::Solver(
                    "HiGHS called the schedule infeasible although the tiers' plan keeps it".into(),
                ));
            }
        };
        let value = found.objective + goal.constant();
        let columns = found.columns[..self.columns].to_vec();
        Ok((value, columns, status, found.gap))
    }
}
