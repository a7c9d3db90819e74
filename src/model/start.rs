//! Checking a start before HiGHS sees it.
//!
//! HiGHS 1.16 takes the objective of a start it was given as the value to
//! beat even when the start breaks a row: it then cuts off the true optimum
//! and calls a feasible model infeasible. Found by `tests/gap.rs` (seed
//! 400031, rule `yearly`): the tier after `topup` was offered a start that
//! spent more top-up money than `topup` had proved necessary, and HiGHS
//! called the tier infeasible although the `topup` tier's own plan keeps it.
//! The watch also answers with the start when HiGHS is left behind at the
//! deadline, so a start must be a plan. A start is therefore offered only
//! when it keeps every bound, integrality and row, with a tolerance ten
//! times tighter than HiGHS's own (1e-6), so that HiGHS never refuses what
//! this check accepts.

use std::collections::HashMap;

use good_lp::{
    Constraint, Expression, IntoAffineExpression, ProblemVariables, Solution, SolutionStatus,
    Variable,
};

/// How far a start may be off a bound or row (in the model's units:
/// billions of đồng, or counts).
const TOLERANCE: f64 = 1e-7;

/// Column values by variable, as good_lp's `Solution` (good_lp keeps a
/// variable's index to itself).
pub struct Columns(HashMap<Variable, f64>);

impl Columns {
    /// `columns` in the order of `problem`'s variables.
    pub fn new(problem: &ProblemVariables, columns: &[f64]) -> Columns {
        Columns(
            problem
                .iter_variables_with_def()
                .map(|(v, _)| v)
                .zip(columns.iter().copied())
                .collect(),
        )
    }

    /// The linear part of `goal` (good_lp hands HiGHS no constant).
    pub fn objective(&self, goal: &Expression) -> f64 {
        goal.eval_with(self) - goal.constant()
    }
}

impl Solution for Columns {
    fn status(&self) -> SolutionStatus {
        SolutionStatus::Optimal
    }

    fn value(&self, variable: Variable) -> f64 {
        self.0.get(&variable).copied().unwrap_or(f64::NAN)
    }
}

/// A start as HiGHS gets it: every column, and the goal's linear part.
pub type Offer = (Vec<f64>, f64);

/// `columns` with the value of `goal` when they keep every bound and row
/// (`keeps`); otherwise None, said on stderr under NTM_SOLVER_LOG=1 (a
/// tuning aid, since a refused start costs time).
pub fn checked<'a>(
    objective: super::Objective,
    problem: &ProblemVariables,
    rows: impl IntoIterator<Item = &'a Constraint>,
    goal: &Expression,
    columns: Vec<f64>,
) -> Option<Offer> {
    if keeps(problem, rows, &columns) {
        let value = Columns::new(problem, &columns).objective(goal);
        return Some((columns, value));
    }
    if std::env::var_os("NTM_SOLVER_LOG").is_some_and(|v| v == "1") {
        eprintln!(
            "ntm: the start of {} breaks a row; not offered",
            objective.name()
        );
    }
    None
}

/// Gives HiGHS the start. A start HiGHS refuses costs time only, never
/// correctness; one it accepts turns feasibility jump off, since that
/// heuristic looks for a first plan, which the start is (it took an eighth
/// of the default scenario's time for nothing).
pub fn offer(
    inner: &mut highs::Model,
    offer: Option<Offer>,
) -> Result<Option<Offer>, super::SolveError> {
    let offer = offer.filter(|(columns, _)| {
        !columns.is_empty()
            && inner
                .try_set_solution(Some(columns), None, None, None)
                .is_ok()
    });
    if offer.is_some() {
        inner
            .try_set_option("mip_heuristic_run_feasibility_jump", false)
            .map_err(|e| super::SolveError::Solver(format!("option: {e:?}")))?;
    }
    Ok(offer)
}

/// Whether `columns` (one value per variable of `problem`, in its order)
/// keep every variable's bounds and integrality and every row of `rows`.
pub fn keeps<'a>(
    problem: &ProblemVariables,
    rows: impl IntoIterator<Item = &'a Constraint>,
    columns: &[f64],
) -> bool {
    if columns.len() != problem.len() {
        return false;
    }
    let bounded = problem
        .iter_variables_with_def()
        .zip(columns)
        .all(|((_, definition), value)| {
            value.is_finite()
                && *value >= definition.get_min() - TOLERANCE
                && *value <= definition.get_max() + TOLERANCE
                && (!definition.is_integer() || (value - value.round()).abs() <= TOLERANCE)
        });
    let values = Columns::new(problem, columns);
    bounded
        && rows.into_iter().all(|row| {
            // good_lp keeps every row as `expression ≤ 0` or `= 0`.
            let value = row.expression().eval_with(&values);
            if row.is_equality() {
                value.abs() <= TOLERANCE
            } else {
                // NaN (a variable of another problem) fails both.
                value <= TOLERANCE
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use good_lp::variable;

    #[test]
    fn a_start_off_a_row_or_a_bound_is_refused() {
        let mut problem = ProblemVariables::new();
        let x = problem.add(variable().binary());
        let y = problem.add(variable().min(0.0).max(10.0));
        let rows = [(x + y).leq(3.0), Expression::from(y).geq(1.0)];
        assert!(keeps(&problem, &rows, &[1.0, 2.0]));
        assert!(keeps(&problem, &rows, &[0.0, 3.0]));
        // Row x + y ≤ 3 broken.
        assert!(!keeps(&problem, &rows, &[1.0, 2.5]));
        // Row y ≥ 1 broken.
        assert!(!keeps(&problem, &rows, &[1.0, 0.5]));
        // x not whole, y over its bound, a value missing, not a number.
        assert!(!keeps(&problem, &rows, &[0.5, 2.0]));
        assert!(!keeps(&problem, &[], &[0.0, 11.0]));
        assert!(!keeps(&problem, &rows, &[1.0]));
        assert!(!keeps(&problem, &rows, &[1.0, f64::NAN]));
        // Equalities both ways.
        let equal = [(x + y).eq(2.0)];
        assert!(keeps(&problem, &equal, &[1.0, 1.0]));
        assert!(!keeps(&problem, &equal, &[1.0, 1.5]));
        assert!(!keeps(&problem, &equal, &[0.0, 1.5]));
    }
}
