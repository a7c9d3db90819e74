//! The independent evaluator: checks a plan against every rule and counts
//! what it achieves.
//!
//! It shares no code with the model or with the plan builder: it reads
//! payments as a planner writes them (ids and amounts), looks everything up
//! by name, and recomputes each sum from the rows. Every plan the tool
//! writes passes through it, and so will plans written by hand.

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::budget::Budget;
use crate::instance::{Instance, LineKey, PoolKind, Purpose};
use crate::lang::Lang;
use crate::money::Money;
use crate::names::{Catalogue, Hint};
use crate::scenario::{PaymentRule, Scenario};

/// An amount in a message, as English writes it: `1,200.5`.
fn amount(x: Money) -> String {
    crate::report::doc::money(x, crate::lang::Lang::En)
}

/// One row of a plan, as in `plan.csv`. `row` is the row's line in the file
/// (or its position), for messages.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRow {
    pub row: usize,
    pub year: i32,
    pub commune_id: String,
    pub criterion: String,
    pub source_id: String,
    pub amount: Money,
    /// For a village criterion: the village (`commune_id` is its commune).
    pub village_id: Option<String>,
}

/// Which rule a plan breaks: a stable word for `evaluate.csv`, tests and
/// other programs (the message is for people).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BreakKind {
    UnknownCommune,
    UnknownCriterion,
    UnknownSource,
    NotAPlanningYear,
    AmountNotPositive,
    /// Money for a criterion the commune already meets.
    AlreadyMet,
    /// The source may not pay for the criterion (`eligibility.csv`).
    NotEligible,
    /// The source has no budget line at all in that year.
    NoBudgetLine,
    /// The source has money that year, but none usable in that commune
    /// (another district's line, or especially difficult communes only).
    OutOfScope,
    OverBudget,
    /// A district spends more land-use revenue than the share it committed.
    LandRevenueOverShare,
    /// A gap paid its cost twice or more over.
    PaidTwice,
    /// A gap paid more than its cost, but less than twice.
    Overpaid,
    PaidInPart,
    /// A gap's payments fall in more than one year.
    PaidInSeveralYears,
    BeforeEarliestYear,
    /// The row's `district` cell is not the commune's district.
    DistrictMismatch,
    /// The row's `commune` cell is not the name of the commune its id names.
    CommuneMismatch,
    /// The row's village is not in `villages.csv`, or not in the row's
    /// commune.
    UnknownVillage,
    /// A commitment (`commitments.csv`, or a payment kept by a re-plan) is
    /// not in the plan as it was committed.
    CommitmentMissing,
}

impl BreakKind {
    pub fn name(self) -> &'static str {
        match self {
            BreakKind::UnknownCommune => "unknown_commune",
            BreakKind::UnknownCriterion => "unknown_criterion",
            BreakKind::UnknownSource => "unknown_source",
            BreakKind::NotAPlanningYear => "not_a_planning_year",
            BreakKind::AmountNotPositive => "amount_not_positive",
            BreakKind::AlreadyMet => "already_met",
            BreakKind::NotEligible => "not_eligible",
            BreakKind::NoBudgetLine => "no_budget_line",
            BreakKind::OutOfScope => "out_of_scope",
            BreakKind::OverBudget => "over_budget",
            BreakKind::LandRevenueOverShare => "land_revenue_over_share",
            BreakKind::PaidTwice => "paid_twice",
            BreakKind::Overpaid => "overpaid",
            BreakKind::PaidInPart => "paid_in_part",
            BreakKind::PaidInSeveralYears => "paid_in_several_years",
            BreakKind::BeforeEarliestYear => "before_earliest_year",
            BreakKind::DistrictMismatch => "district_mismatch",
            BreakKind::CommuneMismatch => "commune_mismatch",
            BreakKind::UnknownVillage => "unknown_village",
            BreakKind::CommitmentMissing => "commitment_missing",
        }
    }
}

/// A rule the plan breaks, with the rows involved and, where the rule has
/// them, the budget line, commune and criterion it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    pub kind: BreakKind,
    pub rows: Vec<usize>,
    pub source_id: Option<String>,
    pub year: Option<i32>,
    pub district: Option<String>,
    pub commune_id: Option<String>,
    pub criterion: Option<String>,
    /// Million VND: over the budget or share, short of or over the gap's
    /// cost; for `amount_not_positive`, the amount itself.
    pub amount: Option<Money>,
    pub message: String,
    /// For an unknown commune, criterion or source: what it may have
    /// meant, for the message in any language.
    pub hint: Option<Hint>,
    /// The edit that mends each row to be edited, in the order of the file:
    /// for a gap paid twice or over its cost, the rows beyond the cost; for
    /// a source that may not pay, the row; over a budget line, the rows
    /// beyond the budget. Empty for the other kinds.
    pub fixes: Vec<Fix>,
}

/// One row's edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub row: usize,
    pub edit: Edit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Delete the row: the rows before it pay the gap's cost already.
    Delete,
    /// Lower the row's amount by this much: the gap's cost is then paid
    /// exactly.
    Lower(Money),
    /// Pay from one of these sources instead (by index, in the order of
    /// `sources.csv`): those that may pay the criterion in the commune and
    /// the year. Empty when none may.
    ChangeSource(Vec<usize>),
    /// The row's budget line is over by `over`, and `beyond` of this row's
    /// amount lies beyond the budget.
    OverBudget { over: Money, beyond: Money },
}

impl Break {
    /// A break with only its kind, rows and message; the rest is filled in
    /// where it is found.
    pub fn new(kind: BreakKind, rows: Vec<usize>, message: String) -> Break {
        Break {
            kind,
            rows,
            source_id: None,
            year: None,
            district: None,
            commune_id: None,
            criterion: None,
            amount: None,
            message,
            hint: None,
            fixes: Vec::new(),
        }
    }
}

/// The rows (number, amount) that lie beyond `limit` when they are paid in
/// the order given: the last ones, whose amounts add up to more than what
/// is left, each with the part of its amount beyond the limit.
fn beyond(rows: &[(usize, Money)], limit: Money) -> Vec<(usize, Money)> {
    let mut sum = Money::ZERO;
    let mut out = Vec::new();
    for &(row, amount) in rows {
        let before = sum;
        sum += amount;
        if sum > limit {
            out.push((row, amount.min(sum - limit.max(before))));
        }
    }
    out
}

/// A budget line over by `over`: the rows beyond its budget, each told so.
fn over_budget_fixes(rows: &[(usize, Money)], over: Money) -> Vec<Fix> {
    let total: Money = rows.iter().map(|r| r.1).sum();
    beyond(rows, total - over)
        .into_iter()
        .map(|(row, part)| Fix {
            row,
            edit: Edit::OverBudget { over, beyond: part },
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct CommuneOutcome {
    /// Criteria met today.
    pub criteria_before: usize,
    /// Criteria met at the horizon: today's, less at-risk ones not
    /// maintained, plus new ones paid for.
    pub criteria_after: usize,
    /// Criteria met today that are lost at the horizon unless maintained.
    pub criteria_at_risk: usize,
    /// At-risk criteria the plan does not maintain.
    pub criteria_lost: usize,
    /// The part of `cost` that maintains at-risk criteria.
    pub maintenance_cost: Money,
    pub meets_before: bool,
    pub meets_after: bool,
    /// The year its last gap is paid, when it newly meets the standard.
    pub meets_from: Option<i32>,
    /// The year it meets the standard at the horizon from: the year its
    /// last gap is finished, or the first planning year when it has none
    /// to pay; None when it does not meet it at the horizon.
    pub year_meeting_standard: Option<i32>,
    pub cost: Money,
    /// Assessed for the advanced standard: it has advanced gaps in the
    /// data (`advanced_gaps.csv`).
    pub advanced_assessed: bool,
    /// At the advanced standard at the horizon: assessed, at the standard,
    /// and every advanced gap paid in full.
    pub advanced_after: bool,
    /// The year it reaches the advanced standard: the later of the year it
    /// meets the standard and the year its last advanced gap is paid.
    pub year_advanced: Option<i32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DistrictOutcome {
    pub communes: usize,
    pub meeting_before: usize,
    pub meeting_after: usize,
    pub criteria_after: usize,
    pub min_criteria_after: usize,
    pub cost: Money,
    /// Land-use revenue committed over all years: in each year, what was
    /// spent or the legal floor, whichever is more.
    pub land_revenue_committed: Money,
}

/// Money of one pool: what it had and what the plan used.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolUse {
    pub source_id: String,
    pub year: i32,
    pub district: Option<String>,
    pub available: Money,
    pub used: Money,
    /// Under `carry_over`: the line's money unspent in earlier years, and
    /// what it leaves unspent at the end of this year (zero otherwise).
    pub carried_in: Money,
    pub carried_out: Money,
}

/// A village at the horizon: it meets the province's village criteria
/// when every village criterion it lacks is paid in full.
#[derive(Debug, Clone, PartialEq)]
pub struct VillageOutcome {
    pub meets_before: bool,
    pub meets_after: bool,
    /// The year its last gap is paid, when it meets the standard by then
    /// and did not before.
    pub meets_from: Option<i32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TargetCheck {
    pub name: &'static str,
    pub required: f64,
    pub achieved: f64,
    pub met: bool,
    /// For the district target: the named districts not at the standard.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The payment rule the plan was checked under.
    pub payments: PaymentRule,
    pub breaks: Vec<Break>,
    pub communes: Vec<CommuneOutcome>,
    pub districts: Vec<DistrictOutcome>,
    /// By village of `villages.csv`.
    pub villages: Vec<VillageOutcome>,
    pub pools: Vec<PoolUse>,
    pub communes_meeting_standard: usize,
    pub weighted_communes: f64,
    pub criteria_met_total: usize,
    pub average_criteria: f64,
    pub min_criteria: usize,
    pub total_cost: Money,
    /// The part of `total_cost` that maintains at-risk criteria.
    pub maintenance_cost: Money,
    /// At-risk criteria lost at the horizon, over all communes.
    pub criteria_lost: usize,
    /// The gaps the plan pays in full, by (commune, criterion) index, with
    /// the year they are paid.
    pub funded: BTreeMap<(usize, usize), i32>,
    pub targets: Vec<TargetCheck>,
    /// By `GapId`: the year the plan pays the gap in full, for the gaps it
    /// completes, the only ones that count in the figures above.
    pub funded_year: Vec<Option<i32>>,
    /// By `GapId`: the rows of the plan that name the gap's commune and
    /// criterion, in the order of the file (whatever else they break).
    pub gap_rows: Vec<Vec<usize>>,
    /// Communes at the advanced standard at the horizon.
    pub communes_advanced: usize,
}

impl Outcome {
    pub fn keeps_rules(&self) -> bool {
        self.breaks.is_empty()
    }
}

/// Checks `rows` against every rule and counts what they achieve. Each rule
/// is a small function below: the checks of a row on its own
/// (`check_row`), of the budget lines (`line_uses`, `carry_over_lines`), of
/// the payments of each gap (`check_gaps`); then the counts (`commune_outcomes`,
/// `district_outcomes`, `target_checks`).
pub fn evaluate(
    instance: &Instance,
    scenario: &Scenario,
    budget: &Budget,
    rows: &[PlanRow],
) -> Outcome {
    evaluate_committed(instance, scenario, budget, rows, &[])
}

/// [`evaluate`] of a plan that must keep `commitments` (payments already
/// made or approved, ids as the data write them): each must be a row of
/// the plan, unchanged. A row that is a commitment keeps every rule of a
/// payment, but for two: its criterion may have been met since (the money
/// is spent all the same, against its line), and under `one_year` only the
/// rest of a criterion's cost must be paid in one year.
pub fn evaluate_committed(
    instance: &Instance,
    scenario: &Scenario,
    budget: &Budget,
    rows: &[PlanRow],
    commitments: &[PlanRow],
) -> Outcome {
    let rule = scenario.payments;
    let carries = rule.carries_over();
    let look = Lookup::new(instance, carries);
    let mut breaks: Vec<Break> = Vec::new();
    let committed = committed_rows(rows, commitments, &mut breaks);

    // Payments per (commune, criterion) and per line and year, after each
    // row's own checks.
    let mut paid: Paid = BTreeMap::new();
    let mut line_paid: LinePaid = BTreeMap::new();
    // Under carry_over: which of the source's lines pays is settled for all
    // its rows together.
    let mut carried_rows: Vec<CarriedRow> = Vec::new();
    for r in rows {
        let is_committed = committed.contains(&r.row);
        let checked = if is_committed {
            check_committed_row(&look, r)
        } else {
            check_row(&look, r)
        };
        let row = match checked {
            Ok(row) => row,
            Err(b) => {
                breaks.push(*b);
                continue;
            }
        };
        if carries {
            let covering = look.covering_lines(row.commune, row.source);
            carried_rows.push((row.source, r.year, covering, r.amount, r.row));
        } else {
            let entry = line_paid
                .entry((instance.pools[row.pool].line(), r.year))
                .or_insert((Money::ZERO, Vec::new()));
            entry.0 += r.amount;
            entry.1.push((r.row, r.amount));
        }
        // A commitment to a criterion met since pays for no gap.
        if !look.gap_index.contains_key(&(row.place, row.criterion)) {
            continue;
        }
        paid.entry((row.place, row.criterion)).or_default().push(r);
    }
    if carries {
        carry_over_lines(
            instance,
            scenario,
            budget,
            &carried_rows,
            &mut line_paid,
            &mut breaks,
        );
    }
    let (pools, pool_of_use) =
        line_uses(instance, scenario, budget, carries, line_paid, &mut breaks);
    let (completed, funded_year) = check_gaps(&look, budget, rule, &paid, &committed, &mut breaks);
    // In the order of the file, as a reader goes through it.
    breaks.sort_by_key(|b| b.rows.first().copied().unwrap_or(0));

    let communes = commune_outcomes(&look, rows, &paid, &completed);
    let villages = village_outcomes(instance, &completed);
    let districts = district_outcomes(instance, budget, carries, &communes, &pools, &pool_of_use);
    let n = communes.len();
    let communes_meeting_standard = communes.iter().filter(|o| o.meets_after).count();
    let weighted_communes = instance
        .communes
        .iter()
        .zip(&communes)
        .filter(|(_, o)| o.meets_after)
        .map(|(c, _)| c.weight)
        .fold(0.0, |total, w| total + w); // sum() of no floats is -0.0
    let criteria_met_total: usize = communes.iter().map(|o| o.criteria_after).sum();
    let average_criteria = criteria_met_total as f64 / n as f64;
    let min_criteria = communes.iter().map(|o| o.criteria_after).min().unwrap_or(0);
    let targets = target_checks(instance, scenario, &communes, &districts, &villages);
    let communes_advanced = communes.iter().filter(|o| o.advanced_after).count();
    Outcome {
        payments: rule,
        breaks,
        pools,
        communes_meeting_standard,
        weighted_communes,
        criteria_met_total,
        average_criteria,
        min_criteria,
        total_cost: rows.iter().map(|r| r.amount).sum(),
        maintenance_cost: communes.iter().map(|o| o.maintenance_cost).sum(),
        criteria_lost: communes.iter().map(|o| o.criteria_lost).sum(),
        communes,
        districts,
        villages,
        funded: completed,
        targets,
        funded_year,
        gap_rows: rows_by_gap(&look, rows),
        communes_advanced,
    }
}

/// `evaluate` for a plan that pauses the projects `paused` (indices into
/// `Instance::projects`). The money of each paused project joins the line
/// of its source and year that the data name for it (`Project::line`),
/// found here among the pools, not through the model; a project that is
/// not pausable, or a pause the scenario does not allow, adds nothing, so
/// spending that relies on it shows as over budget. Every line must then
/// hold the plan's spending after the projects the plan leaves in place.
pub fn evaluate_paused(
    instance: &Instance,
    scenario: &Scenario,
    budget: &Budget,
    rows: &[PlanRow],
    paused: &[usize],
) -> Outcome {
    evaluate_committed_paused(instance, scenario, budget, rows, &[], paused)
}

/// [`evaluate_paused`] of a plan that must also keep `commitments`
/// ([`evaluate_committed`]).
pub fn evaluate_committed_paused(
    instance: &Instance,
    scenario: &Scenario,
    budget: &Budget,
    rows: &[PlanRow],
    commitments: &[PlanRow],
    paused: &[usize],
) -> Outcome {
    if paused.is_empty() {
        return evaluate_committed(instance, scenario, budget, rows, commitments);
    }
    let mut paused = paused.to_vec();
    paused.sort_unstable();
    paused.dedup();
    let mut freed = budget.clone();
    for p in paused {
        let Some(project) = instance.projects.get(p) else {
            continue;
        };
        if !(scenario.projects.allow_pause && project.pausable) {
            continue;
        }
        let line = instance.pools.iter().position(|pool| {
            pool.kind == crate::instance::PoolKind::Programme
                && pool.source == project.source
                && pool.year == project.year
                && pool.district == project.line.0
                && pool.only_especially_difficult == project.line.1
        });
        if let Some(pool) = line {
            freed.pool_capacity[pool] += project.amount;
        }
    }
    evaluate_committed(instance, scenario, &freed, rows, commitments)
}

/// Payments per (place, criterion), in the order of the file. A place is
/// a commune's index, or for a village's criterion the number of communes
/// plus the village's index (`Lookup::place`).
type Paid<'a> = BTreeMap<(usize, usize), Vec<&'a PlanRow>>;

/// Under carry_over, a row for the source's lines: (source, year, the
/// source's lines covering the commune, amount, row).
type CarriedRow = (usize, i32, Vec<LineKey>, Money, usize);

/// What the rules look things up by.
struct Lookup<'a> {
    instance: &'a Instance,
    carries: bool,
    commune_index: HashMap<&'a str, usize>,
    village_index: HashMap<&'a str, usize>,
    /// (place, criterion) → gap.
    gap_index: HashMap<(usize, usize), usize>,
    pools_of_source: Vec<Vec<usize>>,
    /// For the suggestions of unknown names, built at the first one.
    names: OnceCell<Names>,
    /// The hint for each unknown text, found once however many rows
    /// repeat it.
    hints: RefCell<HashMap<(BreakKind, String), Option<Hint>>>,
}

/// The catalogues a plan's texts are matched against, for suggestions.
struct Names {
    communes: Catalogue,
    criteria: Catalogue,
    sources: Catalogue,
}

impl<'a> Lookup<'a> {
    fn new(instance: &'a Instance, carries: bool) -> Lookup<'a> {
        let mut pools_of_source: Vec<Vec<usize>> = vec![Vec::new(); instance.sources.len()];
        for (p, pool) in instance.pools.iter().enumerate() {
            pools_of_source[pool.source.0].push(p);
        }
        Lookup {
            instance,
            carries,
            commune_index: instance
                .communes
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), i))
                .collect(),
            village_index: instance
                .villages
                .iter()
                .enumerate()
                .map(|(i, v)| (v.id.as_str(), i))
                .collect(),
            gap_index: instance
                .gaps
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    let place = match g.village {
                        Some(v) => instance.communes.len() + v.0,
                        None => g.commune.0,
                    };
                    ((place, g.criterion.0), i)
                })
                .collect(),
            pools_of_source,
            names: OnceCell::new(),
            hints: RefCell::new(HashMap::new()),
        }
    }

    fn names(&self) -> &Names {
        self.names.get_or_init(|| {
            let i = self.instance;
            Names {
                communes: Catalogue::communes(&i.communes, &i.districts, Lang::En),
                criteria: Catalogue::criteria(&i.criteria, Lang::En),
                sources: Catalogue::sources(&i.sources, Lang::En),
            }
        })
    }

    /// The commune a place is in: itself, or the village's commune.
    fn commune_of_place(&self, place: usize) -> usize {
        let n = self.instance.communes.len();
        if place < n {
            place
        } else {
            self.instance.villages[place - n].commune.0
        }
    }

    /// How a place is written in messages: a commune's id, or a village's
    /// id.
    fn place_id(&self, place: usize) -> &str {
        let n = self.instance.communes.len();
        if place < n {
            &self.instance.communes[place].id
        } else {
            &self.instance.villages[place - n].id
        }
    }

    fn district_name(&self, c: usize) -> String {
        let instance = self.instance;
        instance.districts[instance.communes[c].district.0]
            .name
            .clone()
    }

    /// A break of one row, with what the row names as far as it is known.
    fn on_row(&self, r: &PlanRow, kind: BreakKind, message: String) -> Break {
        Break {
            source_id: Some(r.source_id.clone()),
            year: Some(r.year),
            district: self
                .commune_index
                .get(r.commune_id.as_str())
                .map(|c| self.district_name(*c)),
            commune_id: Some(r.commune_id.clone()),
            criterion: Some(r.criterion.clone()),
            ..Break::new(kind, vec![r.row], message)
        }
    }

    /// The break of a row whose commune, criterion or source (`noun`)
    /// names nothing the data know, with what it may have meant.
    fn unknown(&self, r: &PlanRow, kind: BreakKind, noun: &str, text: &str) -> Break {
        let hint = self
            .hints
            .borrow_mut()
            .entry((kind, text.to_string()))
            .or_insert_with(|| {
                let names = self.names();
                let catalogue = match kind {
                    BreakKind::UnknownCommune => &names.communes,
                    BreakKind::UnknownCriterion => &names.criteria,
                    _ => &names.sources,
                };
                catalogue.hint(text)
            })
            .clone();
        let words = hint.as_ref().map(|h| h.words(Lang::En)).unwrap_or_default();
        Break {
            hint,
            ..self.on_row(r, kind, format!("unknown {noun} `{text}`{words}"))
        }
    }

    /// Whether pool `p` may pay in commune `c`.
    fn covers(&self, p: usize, c: usize) -> bool {
        let pool = &self.instance.pools[p];
        let commune = &self.instance.communes[c];
        pool.district.is_none_or(|d| d == commune.district)
            && (!pool.only_especially_difficult || commune.especially_difficult)
    }

    /// Source `s`'s lines that cover commune `c`, in any year.
    fn covering_lines(&self, c: usize, s: usize) -> Vec<LineKey> {
        self.pools_of_source[s]
            .iter()
            .filter(|p| self.covers(**p, c))
            .map(|p| self.instance.pools[*p].line())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    }
}

/// A row's own check: the row's break, boxed, when it breaks the rule.
type RowCheck<T> = Result<T, Box<Break>>;

/// A row that keeps every rule of its own: its commune, criterion, source,
/// and the pool it draws on.
struct CheckedRow {
    commune: usize,
    /// The commune, or the village (`Lookup::place`).
    place: usize,
    criterion: usize,
    source: usize,
    pool: usize,
}

/// The rules of a row on its own, in this order; the first it breaks is
/// its break.
/// The rows of the plan that are its commitments, by row number: each
/// commitment matched to a row with the same year, commune, criterion,
/// source and amount, first unmatched first. A commitment that matches no
/// row is a break.
fn committed_rows(
    rows: &[PlanRow],
    commitments: &[PlanRow],
    breaks: &mut Vec<Break>,
) -> HashSet<usize> {
    let key = |r: &PlanRow| {
        (
            r.year,
            r.commune_id.clone(),
            r.criterion.clone(),
            r.source_id.clone(),
            r.amount,
            r.village_id.clone(),
        )
    };
    let mut unmatched: HashMap<_, Vec<usize>> = HashMap::new();
    for r in rows.iter().rev() {
        unmatched.entry(key(r)).or_default().push(r.row);
    }
    let mut matched = HashSet::new();
    for c in commitments {
        match unmatched.get_mut(&key(c)).and_then(Vec::pop) {
            Some(row) => {
                matched.insert(row);
            }
            None => breaks.push(Break {
                source_id: Some(c.source_id.clone()),
                year: Some(c.year),
                commune_id: Some(c.commune_id.clone()),
                criterion: Some(c.criterion.clone()),
                amount: Some(c.amount),
                ..Break::new(
                    BreakKind::CommitmentMissing,
                    Vec::new(),
                    format!(
                        "the commitment of row {} ({}, `{}` / `{}`, source `{}`, {} million VND) \
                         is not in the plan unchanged",
                        c.row,
                        c.year,
                        c.commune_id,
                        c.criterion,
                        c.source_id,
                        amount(c.amount)
                    ),
                )
            }),
        }
    }
    matched
}

/// The rules of a committed row: those of any row, but that its criterion
/// may have been met since.
fn check_committed_row(look: &Lookup, r: &PlanRow) -> RowCheck<CheckedRow> {
    let commune = known_commune(look, r)?;
    let place = known_village(look, r, commune)?.unwrap_or(commune);
    let criterion = known_criterion(look, r)?;
    let source = known_source(look, r)?;
    in_planning_years(look, r)?;
    amount_positive(look, r)?;
    source_eligible(look, r, commune, criterion, source)?;
    let pool = usable_line(look, r, commune, source)?;
    Ok(CheckedRow {
        commune,
        place,
        criterion,
        source,
        pool,
    })
}

fn check_row(look: &Lookup, r: &PlanRow) -> RowCheck<CheckedRow> {
    let commune = known_commune(look, r)?;
    let place = known_village(look, r, commune)?.unwrap_or(commune);
    let criterion = known_criterion(look, r)?;
    let source = known_source(look, r)?;
    in_planning_years(look, r)?;
    amount_positive(look, r)?;
    not_already_met(look, r, place, criterion)?;
    source_eligible(look, r, commune, criterion, source)?;
    let pool = usable_line(look, r, commune, source)?;
    Ok(CheckedRow {
        commune,
        place,
        criterion,
        source,
        pool,
    })
}

fn known_commune(look: &Lookup, r: &PlanRow) -> RowCheck<usize> {
    look.commune_index
        .get(r.commune_id.as_str())
        .copied()
        .ok_or_else(|| {
            Box::new(look.unknown(r, BreakKind::UnknownCommune, "commune", &r.commune_id))
        })
}

/// A village row's place: the village, which must be in the row's commune.
fn known_village(look: &Lookup, r: &PlanRow, commune: usize) -> RowCheck<Option<usize>> {
    let Some(id) = r.village_id.as_deref() else {
        return Ok(None);
    };
    let instance = look.instance;
    let Some(&v) = look.village_index.get(id) else {
        return Err(Box::new(look.on_row(
            r,
            BreakKind::UnknownVillage,
            format!("unknown village `{id}` (not in villages.csv)"),
        )));
    };
    let village = &instance.villages[v];
    if village.commune.0 != commune {
        let theirs = &instance.communes[village.commune.0].id;
        return Err(Box::new(look.on_row(
            r,
            BreakKind::UnknownVillage,
            format!("village `{id}` is in `{theirs}`, not in `{}`", r.commune_id),
        )));
    }
    Ok(Some(instance.communes.len() + v))
}

fn known_criterion(look: &Lookup, r: &PlanRow) -> RowCheck<usize> {
    look.instance
        .criteria
        .iter()
        .position(|k| k.id == r.criterion)
        .ok_or_else(|| {
            Box::new(look.unknown(r, BreakKind::UnknownCriterion, "criterion", &r.criterion))
        })
}

fn known_source(look: &Lookup, r: &PlanRow) -> RowCheck<usize> {
    look.instance
        .sources
        .iter()
        .position(|s| s.id == r.source_id)
        .ok_or_else(|| Box::new(look.unknown(r, BreakKind::UnknownSource, "source", &r.source_id)))
}

fn in_planning_years(look: &Lookup, r: &PlanRow) -> RowCheck<()> {
    if look.instance.years.contains(&r.year) {
        return Ok(());
    }
    Err(Box::new(look.on_row(
        r,
        BreakKind::NotAPlanningYear,
        format!("{} is not a planning year", r.year),
    )))
}

fn amount_positive(look: &Lookup, r: &PlanRow) -> RowCheck<()> {
    if r.amount > Money::ZERO {
        return Ok(());
    }
    Err(Box::new(Break {
        amount: Some(r.amount),
        ..look.on_row(
            r,
            BreakKind::AmountNotPositive,
            format!("the amount {} is not positive", r.amount),
        )
    }))
}

/// Money for a criterion the commune (or village) meets, and need not
/// maintain, is wasted.
fn not_already_met(look: &Lookup, r: &PlanRow, place: usize, k: usize) -> RowCheck<()> {
    if look.gap_index.contains_key(&(place, k)) {
        return Ok(());
    }
    Err(Box::new(look.on_row(
        r,
        BreakKind::AlreadyMet,
        format!(
            "`{}` already meets `{}`; money for it is wasted",
            look.place_id(place),
            r.criterion
        ),
    )))
}

/// The source may pay for the criterion; when it may not, the fix names
/// the sources that may.
fn source_eligible(look: &Lookup, r: &PlanRow, c: usize, k: usize, s: usize) -> RowCheck<()> {
    if look.instance.sources[s].eligible[k] {
        return Ok(());
    }
    let fix = Fix {
        row: r.row,
        edit: Edit::ChangeSource(sources_that_may_pay(
            look.instance,
            look.carries,
            c,
            k,
            r.year,
        )),
    };
    Err(Box::new(Break {
        fixes: vec![fix],
        ..look.on_row(
            r,
            BreakKind::NotEligible,
            format!("source `{}` may not pay for `{}`", r.source_id, r.criterion),
        )
    }))
}

/// The row's line: under carry_over the line of the source that covers the
/// commune in any year (one at most, by validation), otherwise that line's
/// pool of the row's year. None is a break: no line that year at all, or
/// none usable in the commune.
fn usable_line(look: &Lookup, r: &PlanRow, c: usize, s: usize) -> RowCheck<usize> {
    let instance = look.instance;
    let found = look.pools_of_source[s]
        .iter()
        .copied()
        .find(|p| (look.carries || instance.pools[*p].year == r.year) && look.covers(*p, c));
    if let Some(pool) = found {
        return Ok(pool);
    }
    let commune = &instance.communes[c];
    let has_line = look.pools_of_source[s]
        .iter()
        .any(|p| instance.pools[*p].year == r.year);
    let (kind, message) = if has_line {
        (
            BreakKind::OutOfScope,
            format!(
                "source `{}` has no money in {} usable in `{}` ({}{})",
                r.source_id,
                r.year,
                r.commune_id,
                instance.districts[commune.district.0].name,
                if commune.especially_difficult {
                    ", especially difficult"
                } else {
                    ""
                }
            ),
        )
    } else {
        (
            BreakKind::NoBudgetLine,
            format!("source `{}` has no budget line in {}", r.source_id, r.year),
        )
    };
    Err(Box::new(look.on_row(r, kind, message)))
}

/// Each line, year by year: what it gets, what it spends, and under
/// carry_over what it brings from earlier years; with, besides the uses,
/// the pool each use stands for (its own, or for a year the line has no
/// money of its own, a pool of the line, whose floor does not apply).
fn line_uses(
    instance: &Instance,
    scenario: &Scenario,
    budget: &Budget,
    carries: bool,
    mut line_paid: LinePaid,
    breaks: &mut Vec<Break>,
) -> (Vec<PoolUse>, Vec<Option<usize>>) {
    let mut lines: BTreeMap<LineKey, Vec<Option<usize>>> = BTreeMap::new();
    for (p, pool) in instance.pools.iter().enumerate() {
        if let Some(t) = instance.years.iter().position(|y| *y == pool.year) {
            lines
                .entry(pool.line())
                .or_insert_with(|| vec![None; instance.years.len()])[t] = Some(p);
        }
    }
    let mut pools = Vec::with_capacity(instance.pools.len());
    for (key, by_year) in &lines {
        let first = by_year.iter().position(Option::is_some).unwrap_or(0);
        let any = by_year.iter().flatten().next().copied().unwrap_or(0);
        let source_id = instance.sources[key.0.0].id.clone();
        let district = key.1.map(|d| instance.districts[d.0].name.clone());
        let mut carried_in = Money::ZERO;
        for (t, &year) in instance.years.iter().enumerate() {
            let (used, year_rows) = line_paid
                .remove(&(*key, year))
                .unwrap_or((Money::ZERO, Vec::new()));
            let available = by_year[t].map_or(Money::ZERO, |p| budget.pool_capacity[p]);
            // Under carry_over the lines of a source were checked together.
            if !carries {
                let line = LineYear {
                    kind: instance.pools[any].kind,
                    source_id: &source_id,
                    year,
                    district: district.as_deref(),
                    used,
                    available,
                };
                breaks.extend(line_over_budget(scenario, &line, &year_rows));
            }
            let carried_out = if carries {
                (carried_in + available - used).max(Money::ZERO)
            } else {
                Money::ZERO
            };
            // A year the line has no money of its own appears only when
            // money carried into it or spent in it makes it matter.
            if by_year[t].is_some()
                || (carries && t > first && (carried_in > Money::ZERO || used > Money::ZERO))
            {
                pools.push((
                    by_year[t].unwrap_or(any),
                    PoolUse {
                        source_id: source_id.clone(),
                        year,
                        district: district.clone(),
                        available,
                        used,
                        carried_in,
                        carried_out,
                    },
                ));
            }
            carried_in = carried_out;
        }
    }
    // In the instance's order of pools: by year, source, district.
    pools.sort_by_key(|(p, use_)| {
        let pool = &instance.pools[*p];
        (
            use_.year,
            pool.source,
            pool.district,
            pool.only_especially_difficult,
        )
    });
    let pool_of_use = pools.iter().map(|(p, _)| Some(*p)).collect();
    (pools.into_iter().map(|(_, u)| u).collect(), pool_of_use)
}

/// One budget line in one year, as the over-budget rule sees it.
struct LineYear<'a> {
    kind: PoolKind,
    source_id: &'a str,
    year: i32,
    district: Option<&'a str>,
    used: Money,
    available: Money,
}

/// A line that spends more than it has in a year (yearly rules): over its
/// budget, naming only the rows beyond it; or, for land-use revenue, over
/// the committed share, naming every row it pays.
fn line_over_budget(
    scenario: &Scenario,
    line: &LineYear,
    year_rows: &[(usize, Money)],
) -> Option<Break> {
    let LineYear {
        source_id,
        year,
        used,
        available,
        ..
    } = *line;
    let over = used - available;
    if over <= Money::ZERO {
        return None;
    }
    let place = line.district.map(|d| format!(" ({d})")).unwrap_or_default();
    let within = format!("{} used of {}", amount(used), amount(available));
    let over_text = amount(over);
    let (kind, message, fixes) = if line.kind == PoolKind::LandRevenue {
        (
            BreakKind::LandRevenueOverShare,
            format!(
                "land-use revenue in {year}{place} is spent {over_text} million VND above the committed share of {}% ({within})",
                scenario.land_revenue.max_share * 100.0,
            ),
            Vec::new(),
        )
    } else {
        (
            BreakKind::OverBudget,
            format!(
                "source `{source_id}` in {year}{place} is over its budget by {over_text} million VND ({within})"
            ),
            over_budget_fixes(year_rows, over),
        )
    };
    let rows = if fixes.is_empty() {
        year_rows.iter().map(|r| r.0).collect()
    } else {
        fixes.iter().map(|f| f.row).collect()
    };
    Some(Break {
        source_id: Some(source_id.to_string()),
        year: Some(year),
        district: line.district.map(str::to_string),
        amount: Some(over),
        fixes,
        ..Break::new(kind, rows, message)
    })
}

/// Which gaps the plan completes, and when: paid exactly their cost, in one
/// year, not before they can start. Each gap paid otherwise is a break.
fn check_gaps(
    look: &Lookup,
    budget: &Budget,
    rule: PaymentRule,
    paid: &Paid,
    committed: &HashSet<usize>,
    breaks: &mut Vec<Break>,
) -> (Completed, Vec<Option<i32>>) {
    let mut completed: Completed = BTreeMap::new();
    let mut funded_year = vec![None; look.instance.gaps.len()];
    for ((place, k), payments) in paid {
        let gap = look.gap_index[&(*place, *k)];
        let g = GapPaid::new(look, budget, *place, *k, gap, payments);
        // Commitments alone that pay part of the cost: money spent, the
        // criterion not met (the plan did not pay the rest).
        if g.total < g.cost && payments.iter().all(|r| committed.contains(&r.row)) {
            continue;
        }
        let problem = g
            .paid_twice()
            .or_else(|| g.overpaid())
            .or_else(|| g.paid_in_part())
            .or_else(|| g.paid_in_several_years(rule, committed))
            .or_else(|| g.before_earliest_year());
        match problem {
            Some(b) => breaks.push(b),
            // Finished in the year of its last payment.
            None => {
                let last = *g.years.last().expect("a paid gap has a payment");
                completed.insert((*place, *k), last);
                funded_year[gap] = Some(last);
            }
        }
    }
    (completed, funded_year)
}

/// The gaps a plan completes, by (place, criterion), with the year.
type Completed = BTreeMap<(usize, usize), i32>;

/// The payments of one gap, as its rules see them.
struct GapPaid<'a> {
    look: &'a Lookup<'a>,
    commune: usize,
    criterion: usize,
    gap: usize,
    payments: &'a [&'a PlanRow],
    cost: Money,
    total: Money,
    /// The years paid in, sorted, without repeats.
    years: Vec<i32>,
    /// "`C1` / `transport`", for messages.
    label: String,
}

impl<'a> GapPaid<'a> {
    fn new(
        look: &'a Lookup<'a>,
        budget: &Budget,
        place: usize,
        criterion: usize,
        gap: usize,
        payments: &'a [&'a PlanRow],
    ) -> GapPaid<'a> {
        let commune = look.commune_of_place(place);
        let mut years: Vec<i32> = payments.iter().map(|r| r.year).collect();
        years.sort_unstable();
        years.dedup();
        let instance = look.instance;
        GapPaid {
            look,
            commune,
            criterion,
            gap,
            payments,
            cost: budget.gap_cost[gap],
            total: payments.iter().map(|r| r.amount).sum(),
            years,
            label: format!(
                "`{}` / `{}`",
                look.place_id(place),
                instance.criteria[criterion].id
            ),
        }
    }

    fn on_gap(&self, kind: BreakKind, amount: Option<Money>, message: String) -> Break {
        let instance = self.look.instance;
        Break {
            year: (self.years.len() == 1).then_some(self.payments[0].year),
            district: Some(self.look.district_name(self.commune)),
            commune_id: Some(instance.communes[self.commune].id.clone()),
            criterion: Some(instance.criteria[self.criterion].id.clone()),
            amount,
            ..Break::new(kind, self.payments.iter().map(|r| r.row).collect(), message)
        }
    }

    /// Paid over its cost: the rows beyond the cost, in the order of the
    /// file, are deleted or lowered.
    fn excess(&self) -> Vec<Fix> {
        let paying: Vec<(usize, Money)> = self.payments.iter().map(|r| (r.row, r.amount)).collect();
        beyond(&paying, self.cost)
            .into_iter()
            .map(|(row, part)| {
                let amount = paying.iter().find(|r| r.0 == row).map(|r| r.1);
                Fix {
                    row,
                    edit: if Some(part) == amount {
                        Edit::Delete
                    } else {
                        Edit::Lower(part)
                    },
                }
            })
            .collect()
    }

    fn paid_twice(&self) -> Option<Break> {
        if self.total.dong() < 2 * self.cost.dong() {
            return None;
        }
        let when: Vec<String> = self.years.iter().map(i32::to_string).collect();
        Some(Break {
            fixes: self.excess(),
            ..self.on_gap(
                BreakKind::PaidTwice,
                Some(self.total - self.cost),
                format!(
                    "{} is paid twice: {} million VND for a cost of {} (in {})",
                    self.label,
                    amount(self.total),
                    amount(self.cost),
                    when.join(", ")
                ),
            )
        })
    }

    fn overpaid(&self) -> Option<Break> {
        if self.total <= self.cost {
            return None;
        }
        Some(Break {
            fixes: self.excess(),
            ..self.on_gap(
                BreakKind::Overpaid,
                Some(self.total - self.cost),
                format!(
                    "{} is paid {} million VND, more than its cost of {}",
                    self.label,
                    amount(self.total),
                    amount(self.cost)
                ),
            )
        })
    }

    fn paid_in_part(&self) -> Option<Break> {
        if self.total >= self.cost {
            return None;
        }
        let short = self.cost - self.total;
        Some(self.on_gap(
            BreakKind::PaidInPart,
            Some(short),
            format!(
                "{} is paid only in part: {} of {} million VND, {} short",
                self.label,
                amount(self.total),
                amount(self.cost),
                amount(short)
            ),
        ))
    }

    fn paid_in_several_years(
        &self,
        rule: PaymentRule,
        committed: &HashSet<usize>,
    ) -> Option<Break> {
        if self.years.len() <= 1 || rule.splits_cost() {
            return None;
        }
        // Commitments are kept as they were made: the rest is paid whole
        // in one year.
        let mut rest: Vec<i32> = self
            .payments
            .iter()
            .filter(|r| !committed.contains(&r.row))
            .map(|r| r.year)
            .collect();
        rest.sort_unstable();
        rest.dedup();
        if rest.len() <= 1 {
            return None;
        }
        Some(self.on_gap(
            BreakKind::PaidInSeveralYears,
            None,
            format!(
                "{} is paid in more than one year; a criterion is funded in one year",
                self.label
            ),
        ))
    }

    fn before_earliest_year(&self) -> Option<Break> {
        let earliest = self.look.instance.gaps[self.gap].earliest_year;
        if self.years[0] >= earliest {
            return None;
        }
        Some(self.on_gap(
            BreakKind::BeforeEarliestYear,
            None,
            format!("{} cannot start before {earliest}", self.label),
        ))
    }
}

/// By gap: the rows naming its commune and criterion, whatever else they
/// break, in the order of the file.
fn rows_by_gap(look: &Lookup, rows: &[PlanRow]) -> Vec<Vec<usize>> {
    let mut by_gap = vec![Vec::new(); look.instance.gaps.len()];
    for r in rows {
        let Some(&c) = look.commune_index.get(r.commune_id.as_str()) else {
            continue;
        };
        let c = match r.village_id.as_deref() {
            None => c,
            Some(id) => match look.village_index.get(id) {
                Some(v) => look.instance.communes.len() + v,
                None => continue,
            },
        };
        let Some(k) = look
            .instance
            .criteria
            .iter()
            .position(|k| k.id == r.criterion)
        else {
            continue;
        };
        if let Some(g) = look.gap_index.get(&(c, k)) {
            by_gap[*g].push(r.row);
        }
    }
    by_gap
}

/// What each commune has at the horizon with the gaps completed.
fn commune_outcomes(
    look: &Lookup,
    rows: &[PlanRow],
    paid: &Paid,
    completed: &Completed,
) -> Vec<CommuneOutcome> {
    let instance = look.instance;
    let gap_index = &look.gap_index;
    // The commune criteria come first in the catalogue; the advanced ones
    // after them count towards the advanced standard only.
    let criteria_count = instance.commune_criteria;
    let advanced_criteria = instance.advanced_criteria.clone();
    let mut commune_cost: HashMap<&str, Money> = HashMap::new();
    for r in rows {
        *commune_cost.entry(r.commune_id.as_str()).or_default() += r.amount;
    }
    let mut communes = Vec::with_capacity(instance.communes.len());
    for (c, commune) in instance.communes.iter().enumerate() {
        // Everything that needs money by the horizon: unmet criteria and
        // those met today but at risk.
        let unmet: Vec<usize> = (0..criteria_count)
            .filter(|k| gap_index.contains_key(&(c, *k)))
            .collect();
        let at_risk: Vec<usize> = unmet
            .iter()
            .copied()
            .filter(|k| instance.gaps[gap_index[&(c, *k)]].purpose == Purpose::Maintenance)
            .collect();
        let criteria_before = criteria_count - (unmet.len() - at_risk.len());
        let done: Vec<i32> = unmet
            .iter()
            .filter_map(|k| completed.get(&(c, *k)).copied())
            .collect();
        let criteria_after = criteria_count - unmet.len() + done.len();
        let meets_after = criteria_after == criteria_count;
        // The advanced level: every advanced gap of an assessed commune
        // paid, and the commune at the standard.
        let advanced_gaps: Vec<usize> = advanced_criteria
            .clone()
            .filter(|k| gap_index.contains_key(&(c, *k)))
            .collect();
        let advanced_assessed = !advanced_gaps.is_empty();
        let advanced_done: Vec<i32> = advanced_gaps
            .iter()
            .filter_map(|k| completed.get(&(c, *k)).copied())
            .collect();
        let advanced_after =
            advanced_assessed && meets_after && advanced_done.len() == advanced_gaps.len();
        let year_advanced = advanced_after.then(|| {
            let standard = done.iter().copied().max().unwrap_or(instance.years[0]);
            advanced_done.iter().copied().fold(standard, i32::max)
        });
        let cost = commune_cost
            .get(commune.id.as_str())
            .copied()
            .unwrap_or(Money::ZERO);
        let maintenance_cost = at_risk
            .iter()
            .flat_map(|k| paid.get(&(c, *k)).into_iter().flatten())
            .map(|r| r.amount)
            .sum();
        communes.push(CommuneOutcome {
            criteria_before,
            criteria_after,
            criteria_at_risk: at_risk.len(),
            criteria_lost: at_risk
                .iter()
                .filter(|k| !completed.contains_key(&(c, **k)))
                .count(),
            maintenance_cost,
            meets_before: unmet.len() == at_risk.len(),
            meets_after,
            // Newly: not at the standard today (a commune that is and only
            // keeps it is not new).
            meets_from: (meets_after && unmet.len() > at_risk.len())
                .then(|| done.iter().copied().max())
                .flatten(),
            year_meeting_standard: meets_after
                .then(|| done.iter().copied().max().unwrap_or(instance.years[0])),
            cost,
            advanced_assessed,
            advanced_after,
            year_advanced,
        });
    }
    communes
}

/// Each village at the horizon, from the village gaps the plan completes.
fn village_outcomes(instance: &Instance, completed: &Completed) -> Vec<VillageOutcome> {
    let n = instance.communes.len();
    let mut lacking: Vec<Vec<usize>> = vec![Vec::new(); instance.villages.len()];
    for gap in &instance.gaps {
        if let Some(v) = gap.village {
            lacking[v.0].push(gap.criterion.0);
        }
    }
    lacking
        .iter()
        .enumerate()
        .map(|(v, criteria)| {
            let years: Vec<Option<i32>> = criteria
                .iter()
                .map(|k| completed.get(&(n + v, *k)).copied())
                .collect();
            let meets_after = years.iter().all(Option::is_some);
            VillageOutcome {
                meets_before: criteria.is_empty(),
                meets_after,
                meets_from: if meets_after {
                    years.into_iter().flatten().max()
                } else {
                    None
                },
            }
        })
        .collect()
}

/// What each district has at the horizon, and the land-use revenue it
/// commits.
fn district_outcomes(
    instance: &Instance,
    budget: &Budget,
    carries: bool,
    communes: &[CommuneOutcome],
    pools: &[PoolUse],
    pool_of_use: &[Option<usize>],
) -> Vec<DistrictOutcome> {
    let mut districts = Vec::with_capacity(instance.districts.len());
    for d in 0..instance.districts.len() {
        let members: Vec<&CommuneOutcome> = instance
            .communes
            .iter()
            .zip(communes)
            .filter(|(c, _)| c.district.0 == d)
            .map(|(_, o)| o)
            .collect();
        // Each year the district commits what it spends or the legal floor,
        // whichever is more. Under carry_over committed money it did not
        // spend stays with its line, so by the end of each year it has
        // committed the larger of what it committed before plus this
        // year's floor and all it has spent so far.
        let mut land_revenue_committed = Money::ZERO;
        let mut spent_so_far = Money::ZERO;
        for (u, pool) in pools.iter().zip(pool_of_use) {
            let Some(p) = *pool else { continue };
            let p_pool = &instance.pools[p];
            if p_pool.district.map(|x| x.0) != Some(d)
                || !instance.sources[p_pool.source.0].is_land_revenue()
            {
                continue;
            }
            let floor = if p_pool.year == u.year {
                budget.pool_floor[p]
            } else {
                Money::ZERO
            };
            if carries {
                spent_so_far += u.used;
                land_revenue_committed = (land_revenue_committed + floor).max(spent_so_far);
            } else {
                land_revenue_committed += u.used.max(floor);
            }
        }
        districts.push(DistrictOutcome {
            communes: members.len(),
            meeting_before: members.iter().filter(|o| o.meets_before).count(),
            meeting_after: members.iter().filter(|o| o.meets_after).count(),
            criteria_after: members.iter().map(|o| o.criteria_after).sum(),
            min_criteria_after: members.iter().map(|o| o.criteria_after).min().unwrap_or(0),
            cost: members.iter().map(|o| o.cost).sum(),
            land_revenue_committed,
        });
    }
    districts
}

/// Each target of the scenario, met or not.
fn target_checks(
    instance: &Instance,
    scenario: &Scenario,
    communes: &[CommuneOutcome],
    districts: &[DistrictOutcome],
    villages: &[VillageOutcome],
) -> Vec<TargetCheck> {
    let n = communes.len();
    let communes_meeting_standard = communes.iter().filter(|o| o.meets_after).count();
    let criteria_met_total: usize = communes.iter().map(|o| o.criteria_after).sum();
    let average_criteria = criteria_met_total as f64 / n as f64;
    let min_criteria = communes.iter().map(|o| o.criteria_after).min().unwrap_or(0);
    let t = &scenario.targets;
    let mut targets = Vec::new();
    if let Some(required) = t.communes_meeting_standard {
        targets.push(TargetCheck {
            name: "communes_meeting_standard",
            required: f64::from(required),
            achieved: communes_meeting_standard as f64,
            met: communes_meeting_standard >= required as usize,
            missing: Vec::new(),
        });
    }
    if let Some(required) = t.average_criteria {
        targets.push(TargetCheck {
            name: "average_criteria",
            required,
            achieved: average_criteria,
            // Compared on whole criteria, so 17.3 over 94 communes needs 1627.
            met: criteria_met_total as f64 + 1e-9 >= required * n as f64,
            missing: Vec::new(),
        });
    }
    if let Some(required) = t.min_criteria_per_commune {
        targets.push(TargetCheck {
            name: "min_criteria_per_commune",
            required: f64::from(required),
            achieved: min_criteria as f64,
            met: min_criteria >= required as usize,
            missing: Vec::new(),
        });
    }
    if !t.districts_meeting_standard.is_empty() {
        let missing: Vec<String> = t
            .districts_meeting_standard
            .iter()
            .filter(|(name, _)| {
                let d = instance.districts.iter().position(|d| &d.name == name);
                d.is_none_or(|d| districts[d].meeting_after < districts[d].communes)
            })
            .map(|(name, _)| name.clone())
            .collect();
        let required = t.districts_meeting_standard.len();
        targets.push(TargetCheck {
            name: "districts_meeting_standard",
            required: required as f64,
            achieved: (required - missing.len()) as f64,
            met: missing.is_empty(),
            missing,
        });
    }
    if let Some(share) = t.villages_share_in_especially_difficult {
        // Villages of especially difficult communes, counted on their own.
        let counted: Vec<usize> = (0..instance.villages.len())
            .filter(|v| instance.communes[instance.villages[*v].commune.0].especially_difficult)
            .collect();
        let meeting = counted.iter().filter(|v| villages[**v].meets_after).count();
        let total = counted.len();
        let needed = (share * total as f64 - 1e-9).ceil().max(0.0) as usize;
        targets.push(TargetCheck {
            name: "villages_share_in_especially_difficult",
            required: share,
            achieved: if total == 0 {
                0.0
            } else {
                meeting as f64 / total as f64
            },
            met: meeting >= needed,
            missing: Vec::new(),
        });
    }
    if !t.keep_standard.is_empty() {
        // The places are spelled as the data spell them (a district's name,
        // a commune's id or its name when no other place shares it) once
        // the scenario is settled against the data.
        let mut kept = vec![false; instance.communes.len()];
        for (name, _) in &t.keep_standard {
            match instance.districts.iter().find(|d| &d.name == name) {
                Some(d) => d.communes.iter().for_each(|c| kept[c.0] = true),
                None => {
                    let by_id = instance.communes.iter().position(|c| &c.id == name);
                    let by_name = || instance.communes.iter().position(|c| &c.name == name);
                    if let Some(c) = by_id.or_else(by_name) {
                        kept[c] = true;
                    }
                }
            }
        }
        let named: Vec<usize> = (0..instance.communes.len()).filter(|c| kept[*c]).collect();
        let missing: Vec<String> = named
            .iter()
            .filter(|c| !communes[**c].meets_after)
            .map(|c| instance.communes[*c].name.clone())
            .collect();
        targets.push(TargetCheck {
            name: "keep_standard",
            required: named.len() as f64,
            achieved: (named.len() - missing.len()) as f64,
            met: missing.is_empty(),
            missing,
        });
    }
    if let Some(required) = t.communes_advanced {
        let achieved = communes.iter().filter(|o| o.advanced_after).count();
        targets.push(TargetCheck {
            name: "communes_advanced",
            required: f64::from(required),
            achieved: achieved as f64,
            met: achieved >= required as usize,
            missing: Vec::new(),
        });
    }
    targets
}

/// Payments per budget line and year: the sum and the rows (number,
/// amount) in the order of the file.
type LinePaid = BTreeMap<(LineKey, i32), (Money, Vec<(usize, Money)>)>;

/// The sources, other than land-use revenue of another district, that may
/// pay criterion `k` in commune `c` in `year`: eligible for it, with a line
/// covering the commune that has money in that year (under carry_over, by
/// that year).
fn sources_that_may_pay(
    instance: &Instance,
    carries: bool,
    c: usize,
    k: usize,
    year: i32,
) -> Vec<usize> {
    let commune = &instance.communes[c];
    (0..instance.sources.len())
        .filter(|s| instance.sources[*s].eligible[k])
        .filter(|s| {
            instance.pools.iter().any(|p| {
                p.source.0 == *s
                    && (p.year == year || (carries && p.year <= year))
                    && p.district.is_none_or(|d| d == commune.district)
                    && (!p.only_especially_difficult || commune.especially_difficult)
                    && p.amount > Money::ZERO
            })
        })
        .collect()
}

/// Under carry_over: assign each source's payments to its lines so that no
/// line spends by the end of a year more than it has received by then.
/// A payment of year t in commune c may use the money of any line of its
/// source that covers c, received in t or before; whether all payments fit
/// is a transport problem, settled by a maximum flow per source. The
/// assignment found is what `sources.csv` reports. When the payments do not
/// fit, the break names the first year by which they cannot, with the
/// amount they lack and the source's rows up to that year.
fn carry_over_lines(
    instance: &Instance,
    scenario: &Scenario,
    budget: &Budget,
    rows: &[(usize, i32, Vec<LineKey>, Money, usize)],
    line_paid: &mut LinePaid,
    breaks: &mut Vec<Break>,
) {
    let years = &instance.years;
    let sources: std::collections::BTreeSet<usize> = rows.iter().map(|r| r.0).collect();
    for s in sources {
        let mine: Vec<&(usize, i32, Vec<LineKey>, Money, usize)> =
            rows.iter().filter(|r| r.0 == s).collect();
        // Cells: (line, year received) with the money received.
        let mut cells: Vec<(LineKey, usize, i64)> = Vec::new();
        for (p, pool) in instance.pools.iter().enumerate() {
            if pool.source.0 != s {
                continue;
            }
            if let Some(t) = years.iter().position(|y| *y == pool.year) {
                cells.push((pool.line(), t, budget.pool_capacity[p].dong()));
            }
        }
        // Rows of one year with the same covering lines draw alike.
        let mut groups: BTreeMap<(i32, Vec<LineKey>), Vec<usize>> = BTreeMap::new();
        for (i, r) in mine.iter().enumerate() {
            groups.entry((r.1, r.2.clone())).or_default().push(i);
        }
        let groups: Vec<(RowGroup, Vec<usize>)> = groups.into_iter().collect();
        // The flow of the payments up to a year into the money received by
        // then; with, after it, which groups and cells the source still
        // reaches (the deficit's side of a minimum cut).
        let assign = |upto: usize| -> Assigned {
            let limit = years[upto];
            // Nodes: 0 source, 1 sink, groups, cells.
            let mut flow = MaxFlow::new(2 + groups.len() + cells.len());
            let mut demand = 0;
            let mut edges = Vec::new();
            for (i, ((year, covering), members)) in groups.iter().enumerate() {
                let mut group_edges = Vec::new();
                if *year <= limit {
                    let amount: i64 = members.iter().map(|m| mine[*m].3.dong()).sum();
                    let t = years
                        .iter()
                        .position(|y| y == year)
                        .expect("a planning year");
                    flow.edge(0, 2 + i, amount);
                    demand += amount;
                    for (c, (line, received, _)) in cells.iter().enumerate() {
                        if *received <= t && covering.contains(line) {
                            group_edges
                                .push((c, flow.edge(2 + i, 2 + groups.len() + c, i64::MAX / 4)));
                        }
                    }
                }
                edges.push(group_edges);
            }
            for (c, (_, _, capacity)) in cells.iter().enumerate() {
                flow.edge(2 + groups.len() + c, 1, *capacity);
            }
            let delivered = flow.run(0, 1);
            let per_group: Vec<Vec<(usize, i64)>> = edges
                .iter()
                .map(|e| e.iter().map(|(c, e)| (*c, flow.flow(*e))).collect())
                .collect();
            let reached = flow.reachable(0);
            Assigned {
                demand,
                delivered,
                per_group,
                groups_short: reached[2..2 + groups.len()].to_vec(),
                cells_short: reached[2 + groups.len()..].to_vec(),
            }
        };
        let last = years.len() - 1;
        let at_horizon = assign(last);
        let per_group = at_horizon.per_group.clone();
        // Each set of lines that cannot pay the rows drawing on them, at the
        // first year it cannot: a district's line is named with its own
        // rows, not with another district's.
        // The lines already reported short, and by how much: a line short
        // by 500 in 2024 and by 800 in all by 2025 is reported 500 in 2024
        // and 300 more in 2025, so that the fixes together clear it.
        let mut reported: Vec<(Vec<usize>, i64)> = Vec::new();
        if at_horizon.delivered < at_horizon.demand {
            for (t, &year) in years.iter().enumerate() {
                let assigned = assign(t);
                if assigned.delivered >= assigned.demand {
                    continue;
                }
                for (group_set, cell_set) in short_components(&groups, &cells, &assigned) {
                    let wanted: i64 = group_set
                        .iter()
                        .flat_map(|g| &groups[*g].1)
                        .filter(|m| mine[**m].1 <= year)
                        .map(|m| mine[*m].3.dong())
                        .sum();
                    let received: i64 = cell_set.iter().map(|c| cells[*c].2).sum();
                    let before: i64 = reported
                        .iter()
                        .filter(|(lines, _)| lines.iter().any(|c| cell_set.contains(c)))
                        .map(|(_, short)| short)
                        .sum();
                    let short = wanted - received - before;
                    if short <= 0 {
                        continue;
                    }
                    reported.push((cell_set.clone(), short));
                    breaks.push(short_break(
                        instance,
                        scenario,
                        s,
                        year,
                        Money::from_dong(short),
                        &cell_set.iter().map(|c| cells[*c].0).collect::<Vec<_>>(),
                        group_set
                            .iter()
                            .flat_map(|g| &groups[*g].1)
                            .filter(|m| mine[**m].1 <= year)
                            .map(|m| (mine[*m].4, mine[*m].3))
                            .collect(),
                    ));
                }
            }
        }
        // Each group's flows go to its rows in order; what did not fit is
        // charged to the first line the row could use, so the report's
        // sums still match the rows.
        for (((year, covering), members), flows) in groups.iter().zip(&per_group) {
            let mut offers: Vec<(usize, i64)> =
                flows.iter().copied().filter(|(_, f)| *f > 0).collect();
            let mut next = 0;
            for m in members {
                let (_, _, _, amount, number) = mine[*m];
                let mut left = amount.dong();
                while left > 0 {
                    let (line, take) = match offers.get_mut(next) {
                        Some((c, f)) => {
                            let take = left.min(*f);
                            *f -= take;
                            if *f == 0 {
                                next += 1;
                            }
                            (cells[*c].0, take)
                        }
                        None => (covering[0], left),
                    };
                    let entry = line_paid
                        .entry((line, *year))
                        .or_insert((Money::ZERO, Vec::new()));
                    entry.0 += Money::from_dong(take);
                    match entry.1.last_mut() {
                        Some((last, part)) if last == number => *part += Money::from_dong(take),
                        _ => entry.1.push((*number, Money::from_dong(take))),
                    }
                    left -= take;
                }
            }
        }
    }
}

/// Rows of one year whose commune the same lines cover.
type RowGroup = (i32, Vec<LineKey>);

/// A small maximum flow (Edmonds–Karp) for the evaluator, which shares no
/// code with the model or the plan builder.
/// One year's assignment of a source's payments to its lines.
struct Assigned {
    demand: i64,
    delivered: i64,
    /// By group: (cell, flow) for each cell it may draw on.
    per_group: Vec<Vec<(usize, i64)>>,
    /// Groups and cells still reached from the source after the maximum
    /// flow: the rows that cannot all be paid and the lines they exhaust.
    groups_short: Vec<bool>,
    cells_short: Vec<bool>,
}

/// The reached groups and cells of `assigned`, split into the sets that
/// draw on one another (groups sharing a cell): each is a set of lines
/// short of the rows drawing on them, by its own amount.
fn short_components(
    groups: &[(RowGroup, Vec<usize>)],
    cells: &[(LineKey, usize, i64)],
    assigned: &Assigned,
) -> Vec<(Vec<usize>, Vec<usize>)> {
    let mut taken = vec![false; groups.len()];
    let mut found = Vec::new();
    for start in 0..groups.len() {
        if !assigned.groups_short[start] || taken[start] {
            continue;
        }
        let mut group_set = vec![start];
        let mut cell_set: Vec<usize> = Vec::new();
        taken[start] = true;
        let mut next = 0;
        while next < group_set.len() {
            let g = group_set[next];
            next += 1;
            for (c, _) in &assigned.per_group[g] {
                if !assigned.cells_short[*c] || cell_set.contains(c) {
                    continue;
                }
                cell_set.push(*c);
                for (h, edges) in assigned.per_group.iter().enumerate() {
                    if !taken[h] && assigned.groups_short[h] && edges.iter().any(|(d, _)| d == c) {
                        taken[h] = true;
                        group_set.push(h);
                    }
                }
            }
        }
        debug_assert!(cell_set.iter().all(|c| *c < cells.len()));
        group_set.sort_unstable();
        cell_set.sort_unstable();
        found.push((group_set, cell_set));
    }
    found
}

/// The break of a set of a source's lines that cannot pay, by the end of
/// `year`, the rows `upto` (row number, amount) drawing on them: over
/// budget (naming the rows beyond what the lines received) or, for
/// land-use revenue, over the committed share (naming every row).
fn short_break(
    instance: &Instance,
    scenario: &Scenario,
    s: usize,
    year: i32,
    short: Money,
    lines: &[LineKey],
    upto: Vec<(usize, Money)>,
) -> Break {
    let source = &instance.sources[s];
    // The lines' district when they share one.
    let districts: std::collections::BTreeSet<Option<crate::instance::DistrictId>> =
        lines.iter().map(|l| l.1).collect();
    let district = match districts.into_iter().collect::<Vec<_>>()[..] {
        [Some(d)] => Some(instance.districts[d.0].name.clone()),
        _ => None,
    };
    let place = district
        .as_deref()
        .map(|d| format!(" ({d})"))
        .unwrap_or_default();
    let mut upto = upto;
    upto.sort_unstable_by_key(|r| r.0);
    let mut break_rows: Vec<usize> = upto.iter().map(|r| r.0).collect();
    let mut fixes = Vec::new();
    let (kind, message) = if source.is_land_revenue() {
        (
            BreakKind::LandRevenueOverShare,
            format!(
                "land-use revenue{place} paid up to {year} is {} million VND above the committed share of {}% received by then",
                amount(short),
                scenario.land_revenue.max_share * 100.0
            ),
        )
    } else {
        // Only the rows beyond what the lines have received.
        fixes = over_budget_fixes(&upto, short);
        break_rows = fixes.iter().map(|f| f.row).collect();
        (
            BreakKind::OverBudget,
            format!(
                "source `{}`{place} pays {} million VND more up to {year} than its lines have received by then",
                source.id,
                amount(short)
            ),
        )
    };
    Break {
        source_id: Some(source.id.clone()),
        year: Some(year),
        district,
        amount: Some(short),
        fixes,
        ..Break::new(kind, break_rows, message)
    }
}

struct MaxFlow {
    /// (to, capacity left, reverse edge)
    edges: Vec<(usize, i64, usize)>,
    original: Vec<i64>,
    out: Vec<Vec<usize>>,
}

impl MaxFlow {
    fn new(nodes: usize) -> MaxFlow {
        MaxFlow {
            edges: Vec::new(),
            original: Vec::new(),
            out: vec![Vec::new(); nodes],
        }
    }

    fn edge(&mut self, from: usize, to: usize, capacity: i64) -> usize {
        let e = self.edges.len();
        self.edges.push((to, capacity, e + 1));
        self.edges.push((from, 0, e));
        self.original.extend([capacity, 0]);
        self.out[from].push(e);
        self.out[to].push(e + 1);
        e
    }

    fn flow(&self, e: usize) -> i64 {
        self.original[e] - self.edges[e].1
    }

    /// The nodes reached from `source` along edges with capacity left.
    fn reachable(&self, source: usize) -> Vec<bool> {
        let mut seen = vec![false; self.out.len()];
        seen[source] = true;
        let mut stack = vec![source];
        while let Some(node) = stack.pop() {
            for &e in &self.out[node] {
                let (to, left, _) = self.edges[e];
                if left > 0 && !seen[to] {
                    seen[to] = true;
                    stack.push(to);
                }
            }
        }
        seen
    }

    fn run(&mut self, source: usize, sink: usize) -> i64 {
        let mut total = 0;
        loop {
            // Shortest augmenting path by breadth-first search.
            let mut via = vec![usize::MAX; self.out.len()];
            let mut queue = std::collections::VecDeque::from([source]);
            let mut seen = vec![false; self.out.len()];
            seen[source] = true;
            while let Some(node) = queue.pop_front() {
                for &e in &self.out[node] {
                    let (to, left, _) = self.edges[e];
                    if left > 0 && !seen[to] {
                        seen[to] = true;
                        via[to] = e;
                        queue.push_back(to);
                    }
                }
            }
            if !seen[sink] {
                return total;
            }
            let mut push = i64::MAX;
            let mut node = sink;
            while node != source {
                let e = via[node];
                push = push.min(self.edges[e].1);
                node = self.edges[self.edges[e].2].0;
            }
            let mut node = sink;
            while node != source {
                let e = via[node];
                self.edges[e].1 -= push;
                let back = self.edges[e].2;
                self.edges[back].1 += push;
                node = self.edges[back].0;
            }
            total += push;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(x: i64) -> Money {
        Money::from_millions(x)
    }

    #[test]
    fn beyond_takes_the_last_rows_and_the_part_of_the_first_one_over() {
        let rows = [(2, m(300)), (5, m(200)), (7, m(200)), (9, m(100))];
        // 600 allowed: row 7 is 100 over, row 9 wholly.
        assert_eq!(beyond(&rows, m(600)), [(7, m(100)), (9, m(100))]);
        assert_eq!(beyond(&rows, m(800)), []);
        assert_eq!(beyond(&rows, Money::ZERO), rows);
    }

    #[test]
    fn over_budget_fixes_name_only_the_rows_beyond_the_budget() {
        let rows = [(2, m(300)), (5, m(200)), (7, m(200))];
        let fixes = over_budget_fixes(&rows, m(250));
        assert_eq!(
            fixes,
            [
                Fix {
                    row: 5,
                    edit: Edit::OverBudget {
                        over: m(250),
                        beyond: m(50)
                    }
                },
                Fix {
                    row: 7,
                    edit: Edit::OverBudget {
                        over: m(250),
                        beyond: m(200)
                    }
                },
            ]
        );
    }
}
