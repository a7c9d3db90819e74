//! The short summary printed after a plan.

use std::fmt::Write;

use crate::instance::Instance;
use crate::run::PlanRun;

use super::markdown::money;
use super::summary::{proven_gap, status};

pub fn headline(instance: &Instance, run: &PlanRun) -> String {
    let o = &run.outcome;
    let mut text = String::new();
    let state = match status(&run.selection) {
        "optimal" => "proven optimal".to_string(),
        _ => format!("time limit, gap {:.2}%", proven_gap(&run.selection) * 100.0),
    };
    let _ = writeln!(text, "plan: {state}");
    let _ = writeln!(
        text,
        "  communes meeting the standard  {} of {}",
        o.communes_meeting_standard,
        instance.communes.len()
    );
    let _ = writeln!(
        text,
        "  average criteria per commune   {:.2}",
        o.average_criteria
    );
    let _ = writeln!(text, "  fewest criteria in a commune   {}", o.min_criteria);
    let _ = writeln!(
        text,
        "  money spent                    {} million VND",
        money(o.total_cost)
    );
    for t in &o.targets {
        let mark = if t.met { "met" } else { "MISSED" };
        let achieved = if t.name == "average_criteria" {
            format!("{:.2}", t.achieved)
        } else {
            format!("{}", t.achieved)
        };
        let _ = writeln!(
            text,
            "  target {:<28} {mark:<6} ({achieved} / {})",
            t.name, t.required
        );
    }
    text
}
