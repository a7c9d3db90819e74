//! The decision variables. Created in a fixed order, so a variable has the
//! same column in every tier's model and one tier's solution can start the
//! next.

use good_lp::{ProblemVariables, Variable, variable};

use super::sets::Sets;
use crate::instance::Instance;

pub struct Variables {
    /// `fund[f]`: funding `sets.fundings[f]` is chosen (binary).
    pub fund: Vec<Variable>,
    /// `meets[c]`: commune c meets every criterion at the horizon (binary);
    /// None for a commune that already does.
    pub meets: Vec<Option<Variable>>,
    /// `flow[i]`: million VND from pool `sets.flows[i].1` to the fundings of
    /// class `sets.flows[i].0` (continuous, at least 0).
    pub flow: Vec<Variable>,
}

impl Variables {
    pub fn new(problem: &mut ProblemVariables, instance: &Instance, sets: &Sets) -> Variables {
        let fund = sets
            .fundings
            .iter()
            .map(|_| problem.add(variable().binary()))
            .collect();
        let meets = instance
            .communes
            .iter()
            .map(|c| (!c.gaps.is_empty()).then(|| problem.add(variable().binary())))
            .collect();
        let flow = sets
            .flows
            .iter()
            .map(|_| problem.add(variable().min(0.0)))
            .collect();
        Variables { fund, meets, flow }
    }

    /// How many columns the base variables take; anything an objective adds
    /// comes after them.
    pub fn len(&self) -> usize {
        self.fund.len() + self.meets.iter().flatten().count() + self.flow.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
