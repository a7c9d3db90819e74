//! The decision variables. Created in a fixed order, so a variable has the
//! same column in every tier's model and one tier's solution can start the
//! next.

use good_lp::{ProblemVariables, Variable, variable};

use super::sets::Sets;
use crate::instance::{GapKind, Instance};

/// Parts of the model a solve leaves at zero because nothing it optimises
/// or holds counts them: a village's or an advanced gap only costs money
/// until a tier or a target counts villages or advanced communes, so some
/// optimum funds none of them and fixing them at zero is exact. Their
/// columns stay (at zero), so the columns of every tier line up; their
/// rows are left out.
///
/// `aggregate`: an advanced or a village gap counts only when all the gaps
/// of its commune's advanced level (of its village) are paid, so paying
/// part of them never serves any tier; its cost then joins its class's row
/// on the commune's `advanced` (the village's `village_meets`) column, and
/// its own column stays at zero. Half the rows and columns of the default
/// scenario go. Only where each such gap has one funding (not under
/// `one_year`) and no tier compares with a submitted plan.
///
/// `whole_communes`: likewise for a commune's own gaps when nothing the
/// solve optimises, holds or enforces counts criteria (only communes,
/// advanced levels, villages, paused money or money): a gap of a commune
/// that does not reach the standard then counts for nothing, so some
/// optimum funds none, and the commune's `meets` column pays all its gaps.
/// The weighted-communes tier becomes a choice of communes, whose LP bound
/// HiGHS's cuts close about ten times faster (docs/performance.md).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Idle {
    pub villages: bool,
    pub advanced: bool,
    pub aggregate: bool,
    pub whole_communes: bool,
}

pub struct Variables {
    /// `fund[f]`: funding `sets.fundings[f]` is chosen (binary).
    pub fund: Vec<Variable>,
    /// `meets[c]`: commune c meets every criterion at the horizon (binary);
    /// None for a commune that already does.
    pub meets: Vec<Option<Variable>>,
    /// `flow[i]`: billion VND from account `sets.flows[i].1` to the
    /// fundings of class `sets.flows[i].0` (continuous, at least 0).
    pub flow: Vec<Variable>,
    /// `link[k][i]` (with dominance rows only): some funding at position i
    /// or later of chain k funds a commune that does not meet the standard
    /// (continuous, 0 to 1; see `constraints::dominance`).
    pub link: Vec<Vec<Variable>>,
    /// `advanced[c]`: commune c is at the advanced standard at the horizon
    /// (binary); only for communes with advanced gaps. Created after
    /// `link`, so the base columns (fund, meets, flow) stay as they are.
    pub advanced: Vec<Option<Variable>>,
    /// `village_meets[v]`: village v of an especially difficult commune
    /// meets its standard at the horizon (binary; columns after `link`,
    /// derived from `fund` in a start); None for a village that meets it
    /// today, or that the village target does not count.
    pub village_meets: Vec<Option<Variable>>,
    /// `paused[i]`: project `budget.pausable[i]` is paused and its money
    /// joins its line (binary; created after `flow`, a base column).
    pub paused: Vec<Variable>,
    /// What this solve fixes at zero.
    pub idle: Idle,
}

impl Variables {
    pub fn new(
        problem: &mut ProblemVariables,
        instance: &Instance,
        sets: &Sets,
        dominance: bool,
        pausable: usize,
        idle: Idle,
    ) -> Variables {
        // An aggregated gap's column stays, fixed at zero: its village's or
        // commune's column pays for it (`Variables::pays`).
        let fund = sets
            .fundings
            .iter()
            .map(|f| {
                let kind = instance.gaps[f.gap.0].kind();
                let fixed = if kind == GapKind::Commune {
                    idle.whole_communes
                } else {
                    idle.aggregate
                        || (idle.villages && kind == GapKind::Village)
                        || (idle.advanced && kind == GapKind::Advanced)
                };
                problem.add(if fixed {
                    variable().binary().max(0.0)
                } else {
                    variable().binary()
                })
            })
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
        let paused = (0..pausable)
            .map(|_| problem.add(variable().binary()))
            .collect();
        let link = if dominance {
            sets.chains
                .iter()
                .map(|chain| {
                    if chain.len() < 2 {
                        return Vec::new();
                    }
                    chain
                        .iter()
                        .map(|_| problem.add(variable().min(0.0).max(1.0)))
                        .collect()
                })
                .collect()
        } else {
            Vec::new()
        };
        let at_most = |idle: bool| variable().binary().max(if idle { 0.0 } else { 1.0 });
        let advanced = instance
            .communes
            .iter()
            .map(|c| (!c.advanced.is_empty()).then(|| problem.add(at_most(idle.advanced))))
            .collect();
        let counted: Vec<bool> = instance
            .villages
            .iter()
            .map(|v| instance.communes[v.commune.0].especially_difficult)
            .collect();
        let village_meets = instance
            .villages
            .iter()
            .zip(counted)
            .map(|(v, counted)| {
                (counted && !v.gaps.is_empty()).then(|| problem.add(at_most(idle.villages)))
            })
            .collect();
        Variables {
            fund,
            meets,
            flow,
            link,
            advanced,
            village_meets,
            paused,
            idle,
        }
    }

    /// The column whose value says funding `f` is paid: its own, or under
    /// `Idle::aggregate` for an advanced or a village gap, its commune's
    /// `advanced` or its village's `village_meets`, and under
    /// `Idle::whole_communes` for a commune's gap, its `meets`. None for an
    /// aggregated gap whose owner has no column (it can never be paid).
    pub fn pays(&self, sets: &Sets, instance: &Instance, f: usize) -> Option<Variable> {
        let gap = &instance.gaps[sets.fundings[f].gap.0];
        if gap.kind() == GapKind::Commune {
            return if self.idle.whole_communes {
                self.meets[gap.commune.0]
            } else {
                Some(self.fund[f])
            };
        }
        if !self.idle.aggregate {
            return Some(self.fund[f]);
        }
        match gap.kind() {
            GapKind::Commune => unreachable!("a commune's gap is paid above"),
            GapKind::Advanced => self.advanced[gap.commune.0],
            GapKind::Village => gap.village.and_then(|v| self.village_meets[v.0]),
        }
    }

    /// Under `Idle::aggregate`, by funding: the column (in the solver's
    /// order: base, link, advanced, village_meets) that pays an advanced or
    /// a village gap, and under `Idle::whole_communes` the `meets` column
    /// that pays a commune's gap; None for the others.
    pub fn owner_columns(&self, sets: &Sets, instance: &Instance) -> Vec<Option<usize>> {
        if !self.idle.aggregate && !self.idle.whole_communes {
            return vec![None; sets.fundings.len()];
        }
        let meets: Vec<Option<usize>> = {
            let mut next = self.fund.len();
            self.meets
                .iter()
                .map(|m| {
                    m.map(|_| {
                        next += 1;
                        next - 1
                    })
                })
                .collect()
        };
        let mut next = self.len() + self.link.iter().map(Vec::len).sum::<usize>();
        let advanced: Vec<Option<usize>> = self
            .advanced
            .iter()
            .map(|a| {
                a.map(|_| {
                    next += 1;
                    next - 1
                })
            })
            .collect();
        let village: Vec<Option<usize>> = self
            .village_meets
            .iter()
            .map(|m| {
                m.map(|_| {
                    next += 1;
                    next - 1
                })
            })
            .collect();
        sets.fundings
            .iter()
            .map(|funding| {
                let gap = &instance.gaps[funding.gap.0];
                match gap.kind() {
                    GapKind::Commune if self.idle.whole_communes => meets[gap.commune.0],
                    GapKind::Commune => None,
                    _ if !self.idle.aggregate => None,
                    GapKind::Advanced => advanced[gap.commune.0],
                    GapKind::Village => gap.village.and_then(|v| village[v.0]),
                }
            })
            .collect()
    }

    /// The values of `link` that a plan given by its base columns (fund,
    /// meets, flow) implies: the smallest that keep the dominance rows.
    pub fn link_values(&self, sets: &Sets, instance: &Instance, base: &[f64]) -> Vec<f64> {
        let meets_column: Vec<Option<usize>> = {
            let mut next = self.fund.len();
            self.meets
                .iter()
                .map(|m| {
                    m.map(|_| {
                        next += 1;
                        next - 1
                    })
                })
                .collect()
        };
        let mut values = Vec::new();
        for (k, chain) in sets.chains.iter().enumerate() {
            if self.link.get(k).is_none_or(Vec::is_empty) {
                continue;
            }
            let mut tail = vec![0.0; chain.len()];
            let mut running: f64 = 0.0;
            for (i, f) in chain.iter().enumerate().rev() {
                let commune = instance.gaps[sets.fundings[*f].gap.0].commune.0;
                let meets = meets_column[commune].map_or(1.0, |col| base[col]);
                running = running.max(base[*f] - meets).max(0.0);
                tail[i] = running;
            }
            values.extend(tail);
        }
        values
    }

    /// The values of `village_meets` that a plan given by its base columns
    /// implies: 1 where every gap of the village is funded.
    pub fn village_values(&self, sets: &Sets, instance: &Instance, base: &[f64]) -> Vec<f64> {
        let funded =
            |g: &crate::instance::GapId| sets.gap_fundings[g.0].iter().any(|f| base[*f] > 0.5);
        instance
            .villages
            .iter()
            .zip(&self.village_meets)
            .filter(|(_, var)| var.is_some())
            .map(|(v, _)| f64::from(u8::from(v.gaps.iter().all(funded))))
            .collect()
    }

    /// The values of `advanced` that a plan given by its base columns
    /// implies: a commune at the standard with every advanced gap funded.
    pub fn advanced_values(&self, sets: &Sets, instance: &Instance, base: &[f64]) -> Vec<f64> {
        let mut meets_column = self.fund.len();
        let mut values = Vec::new();
        for (c, commune) in instance.communes.iter().enumerate() {
            let meets = match self.meets[c] {
                Some(_) => {
                    meets_column += 1;
                    base[meets_column - 1] > 0.5
                }
                None => true,
            };
            if self.advanced[c].is_none() {
                continue;
            }
            let funded = commune
                .advanced
                .iter()
                .all(|g| sets.gap_fundings[g.0].iter().any(|f| base[*f] > 0.5));
            values.push(f64::from(u8::from(meets && funded)));
        }
        values
    }

    /// How many columns the base variables take; anything an objective adds
    /// comes after them.
    pub fn len(&self) -> usize {
        self.fund.len() + self.meets.iter().flatten().count() + self.flow.len() + self.paused.len()
    }

    /// The column of `paused[0]` among the base columns of `sets`.
    pub fn paused_offset(instance: &Instance, sets: &Sets) -> usize {
        sets.fundings.len()
            + instance
                .communes
                .iter()
                .filter(|c| !c.gaps.is_empty())
                .count()
            + sets.flows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
