//! The mixed-integer model (docs/model.md describes it in the same names).
//!
//! `sets` derives the index sets, `variables` the columns, `constraints`
//! the rules and targets, `objective` the tier expressions, and `solve`
//! runs HiGHS tier by tier. Nothing here reads files or knows the CLI.

pub mod constraints;
pub mod greedy;
pub mod objective;
pub mod schedule;
pub mod sets;
pub mod solve;
pub mod start;
pub mod variables;
pub mod watch;

use crate::budget::Budget;
use crate::instance::{DistrictId, Instance};
use crate::scenario::Scenario;

pub use objective::Objective;
pub use solve::{
    Selection, SolveError, TierOutcome, TierStatus, lexicographic, lexicographic_from,
    selection_of, solve_one, start_columns,
};

/// What every part of the model reads: the data, the scenario's settings,
/// the money after adjustments, and the index sets.
pub struct Context<'a> {
    pub instance: &'a Instance,
    pub scenario: &'a Scenario,
    pub budget: &'a Budget,
    pub sets: sets::Sets,
    /// By `GapId`: the year a submitted plan funds each gap in, for
    /// `Objective::Changes`; None outside `ntm evaluate`.
    pub reference: Option<Vec<Option<i32>>>,
    /// Whether the years are scheduled after the tiers (communes at the
    /// standard as early as the money allows). A sweep row reports the
    /// horizon only, which the schedule does not change, and skips it.
    pub schedule: bool,
    /// By `CommuneId`: the year before which the commune cannot be at the
    /// standard, whatever the plan pays (the last commitment of a gap that
    /// commitments pay in full, `commitments.rs`); empty without
    /// commitments.
    pub not_before: Vec<Option<i32>>,
}

impl<'a> Context<'a> {
    pub fn new(instance: &'a Instance, scenario: &'a Scenario, budget: &'a Budget) -> Context<'a> {
        Context {
            instance,
            scenario,
            budget,
            sets: sets::Sets::new(
                instance,
                budget,
                scenario.payments,
                scenario
                    .targets
                    .villages_share_in_especially_difficult
                    .is_some(),
            ),
            reference: None,
            schedule: true,
            not_before: Vec::new(),
        }
    }

    /// The districts the targets name, validated when the instance was loaded.
    pub fn target_districts(&self) -> Vec<DistrictId> {
        self.scenario
            .targets
            .districts_meeting_standard
            .iter()
            .filter_map(|(name, _)| self.instance.districts.iter().position(|d| &d.name == name))
            .map(DistrictId)
            .collect()
    }
}
