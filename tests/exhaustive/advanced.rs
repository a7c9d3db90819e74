//! Advanced communes (nông thôn mới nâng cao) for the exhaustive tests:
//! random instances with advanced gaps, written as `advanced_gaps.csv`
//! (and sometimes `advanced_criteria.csv`), and the lexicographic optimum
//! in any order of the tiers. Like the rest of `exhaustive`, nothing here
//! uses the crate's model or evaluator.

use std::path::Path;

use super::{Exhaustive, Gap, Rng, Spec, Value};

/// Ids of the built-in advanced catalogue (`criteria::ADVANCED_318`), as a
/// planner would write them without an `advanced_criteria.csv`.
const BUILT_IN: [&str; 3] = ["adv_transport", "adv_income", "adv_environment"];

/// The most gaps an advanced instance has in all, so that enumeration stays
/// quick.
const MOST_GAPS: usize = 13;

impl Spec {
    /// `Spec::random(seed)` with advanced data: 1–3 advanced criteria, 1 to
    /// all communes assessed with 1–2 advanced gaps each (costs 1–6),
    /// sources eligible for them at random, at most `MOST_GAPS` gaps in
    /// all (criteria at risk are dropped first). Drawn from a stream of its
    /// own, so the commune-level instance is `Spec::random(seed)`'s.
    pub fn random_advanced(seed: u64) -> Spec {
        let mut spec = Spec::random(seed);
        let mut rng = Rng::new(seed ^ 0xAD7A_4CED);
        let count = rng.range(1, 3) as usize;
        let from = spec.criteria.len();
        spec.advanced_from = Some(from);
        spec.write_advanced_criteria = rng.chance(0.5);
        for (i, built_in) in BUILT_IN.iter().enumerate().take(count) {
            spec.criteria.push(if spec.write_advanced_criteria {
                format!("NC{:02}", i + 1)
            } else {
                built_in.to_string()
            });
        }
        for source in &mut spec.sources {
            for _ in 0..count {
                let e = source.all_criteria || rng.chance(0.6);
                source.eligible.push(e);
            }
        }
        if let Some(land) = &mut spec.land {
            for _ in 0..count {
                let e = land.all_criteria || rng.chance(0.4);
                land.eligible.push(e);
            }
        }
        while spec.gaps.len() > MOST_GAPS - 2 {
            match spec.gaps.iter().rposition(|g| g.at_risk) {
                Some(last) => {
                    spec.gaps.remove(last);
                }
                None => {
                    spec.gaps.pop();
                }
            }
        }
        let years = spec.years.clone();
        let horizon = *years.last().unwrap();
        let mut advanced = Vec::new();
        for c in 0..spec.communes.len() {
            if c != 0 && !rng.chance(0.6) {
                continue;
            }
            let mut ks: Vec<usize> = (from..from + count).collect();
            rng.shuffle(&mut ks);
            let n = rng.range(1, 2.min(count as u64)) as usize;
            let mut ks = ks[..n].to_vec();
            ks.sort();
            for k in ks {
                let earliest_year = if years.len() == 2 && rng.chance(0.25) {
                    years[1]
                } else if rng.chance(0.04) {
                    horizon + 1
                } else {
                    years[0]
                };
                advanced.push(Gap {
                    commune: c,
                    criterion: k,
                    cost: rng.range(1, 6) as i64,
                    earliest_year,
                    write_earliest: earliest_year != years[0] || rng.chance(0.5),
                    at_risk: false,
                    village: None,
                });
            }
        }
        advanced.truncate(MOST_GAPS - spec.gaps.len());
        spec.gaps.extend(advanced);
        if spec.gaps.iter().any(|g| g.earliest_year != years[0]) {
            spec.write_earliest_year = true;
        }
        spec
    }

    /// `advanced_gaps.csv` and, when the spec says so,
    /// `advanced_criteria.csv` (nothing without advanced data).
    pub(super) fn write_advanced_tables(&self, data: &Path) {
        let Some(from) = self.advanced_from else {
            return;
        };
        if self.write_advanced_criteria {
            let rows: Vec<String> = self.criteria[from..]
                .iter()
                .map(|k| format!("{k},Nâng cao {k},Advanced {k}"))
                .collect();
            self.table(
                data,
                "advanced_criteria.csv",
                "criterion,name_vi,name_en",
                &rows,
            );
        }
        let mut header = "commune_id,criterion,cost".to_string();
        if self.write_earliest_year {
            header.push_str(",earliest_year");
        }
        let rows: Vec<String> = (0..self.gaps.len())
            .filter(|g| self.is_advanced(*g))
            .map(|g| {
                let gap = &self.gaps[g];
                let mut row = format!(
                    "{},{},{}",
                    self.communes[gap.commune].id, self.criteria[gap.criterion], gap.cost
                );
                if self.write_earliest_year {
                    if gap.write_earliest {
                        row.push_str(&format!(",{}", gap.earliest_year));
                    } else {
                        row.push(',');
                    }
                }
                row
            })
            .collect();
        self.table(data, "advanced_gaps.csv", &header, &rows);
    }
}

/// A tier of `[objective] order`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    Communes,
    Advanced,
    Criteria,
    Money,
}

impl Tier {
    pub fn id(self) -> &'static str {
        match self {
            Tier::Communes => "communes",
            Tier::Advanced => "advanced",
            Tier::Criteria => "criteria",
            Tier::Money => "money",
        }
    }

    /// The value to maximise.
    fn key(self, v: &Value) -> i64 {
        match self {
            Tier::Communes => v.weighted_halves,
            Tier::Advanced => v.advanced as i64,
            Tier::Criteria => v.criteria_met as i64,
            Tier::Money => -v.cost,
        }
    }
}

/// The lexicographic optimum, tiers in `order`, over the achievable sets
/// that `allowed` accepts.
pub fn optimum_in_order(
    exhaustive: &Exhaustive,
    order: &[Tier],
    allowed: impl Fn(&Value) -> bool,
) -> Option<Value> {
    let key = |v: &Value| order.iter().map(|t| t.key(v)).collect::<Vec<i64>>();
    exhaustive
        .achievable
        .iter()
        .enumerate()
        .filter(|(_, ok)| **ok)
        .map(|(m, _)| exhaustive.value(m))
        .filter(|v| allowed(v))
        .max_by(|a, b| key(a).cmp(&key(b)))
}
