//! Synthetic instances of any size, for benchmarks and tests. Shaped like
//! the Lai Châu data (districts, especially difficult communes, the same
//! sources and eligibility pattern) but with no claim to any real place.

use std::fmt::Write;

use crate::criteria::DECISION_318;
use crate::rng::Rng;

/// Typical cost range of each criterion, million VND, in catalogue order.
const COST_RANGE: [(u64, u64); 19] = [
    (50, 400),     // planning
    (5000, 25000), // transport
    (2000, 8000),  // irrigation
    (1000, 6000),  // electricity
    (3000, 15000), // schools
    (1500, 5000),  // cultural facilities
    (800, 4000),   // commerce
    (200, 1000),   // ict
    (500, 4000),   // housing
    (300, 3000),   // income
    (300, 3000),   // poverty
    (300, 2000),   // labour
    (300, 3000),   // production
    (100, 800),    // education
    (900, 3000),   // health
    (50, 500),     // culture
    (1000, 5000),  // environment
    (50, 300),     // political system
    (50, 300),     // security
];

/// Share of the total cost of all gaps that the budgets cover.
const SHARE_FUNDED: f64 = 0.12;

/// A scenario file and its tables, as (relative path, contents). The
/// scenario is `synthetic.toml`, its tables in `synthetic/`.
pub fn synthetic(communes: usize, seed: u64) -> Vec<(String, String)> {
    synthetic_with(communes, seed, false)
}

/// `synthetic`, with the tables of the directive's further targets when
/// `directive` is true: advanced gaps, villages of the especially difficult
/// communes and their gaps, and medium-term projects that may be paused
/// (`directive.rs`), with the targets that go with them. Without it the
/// files are exactly those of `synthetic`, which the speed benches use.
pub fn synthetic_with(communes: usize, seed: u64, directive: bool) -> Vec<(String, String)> {
    let mut rng = Rng::new(seed);
    let mut facts: Vec<(String, String, String, bool, bool, bool)> = Vec::new();
    let districts = communes.div_ceil(12).max(1);
    let years = [2024, 2025];

    let mut communes_csv =
        String::from("commune_id,commune,district,especially_difficult,weight\n");
    let mut gaps_csv = String::from("commune_id,criterion,cost,earliest_year\n");
    let mut total_cost = 0u64;
    for c in 0..communes {
        let district = c % districts;
        let remote = district % 2 == 1;
        let especially_difficult = rng.chance(if remote { 0.85 } else { 0.35 });
        let _ = writeln!(
            communes_csv,
            "C{c:05},Commune {c},District {district:02},{},1",
            u8::from(especially_difficult)
        );
        let gaps = if rng.chance(0.4) {
            0
        } else {
            rng.range(1, if remote { 9 } else { 4 }) as usize
        };
        facts.push((
            format!("C{c:05}"),
            format!("Commune {c}"),
            format!("District {district:02}"),
            especially_difficult,
            gaps == 0,
            !remote,
        ));
        let mut criteria: Vec<usize> = (0..DECISION_318.len()).collect();
        rng.shuffle(&mut criteria);
        let mut chosen: Vec<usize> = criteria[..gaps].to_vec();
        chosen.sort();
        for k in chosen {
            let (low, high) = COST_RANGE[k];
            let cost = rng.range(low, high);
            total_cost += cost;
            let earliest = if rng.chance(0.1) { 2025 } else { 2024 };
            let _ = writeln!(gaps_csv, "C{c:05},{},{cost},{earliest}", DECISION_318[k].0);
        }
    }

    // A share of what all gaps cost, split over the sources and years.
    let pot = total_cost as f64 * SHARE_FUNDED / years.len() as f64;
    let mut sources_csv =
        String::from("source_id,name,year,amount,district,only_especially_difficult\n");
    let mut land_csv = String::from("district,year,revenue\n");
    for year in years {
        for (id, name, share, ed) in [
            ("central_ntm", "Central NTM capital", 0.40, 0),
            ("ethnic_1719", "Ethnic-minority programme", 0.20, 1),
            ("poverty_90", "Poverty-reduction programme", 0.10, 0),
            ("provincial", "Provincial counterpart funds", 0.10, 0),
        ] {
            let amount = (pot * share * rng.uniform(0.9, 1.1)).round();
            let _ = writeln!(sources_csv, "{id},{name},{year},{amount},,{ed}");
        }
        for d in 0..districts {
            let amount = (pot * 0.10 / districts as f64 * rng.uniform(0.5, 1.5)).round();
            let _ = writeln!(
                sources_csv,
                "district,District budget,{year},{amount},District {d:02},0"
            );
            let revenue = (pot * 0.20 / districts as f64 * rng.uniform(0.3, 1.7)).round();
            let _ = writeln!(land_csv, "District {d:02},{year},{revenue}");
        }
    }
    let eligibility_csv = "source_id,criterion\n\
        central_ntm,*\n\
        ethnic_1719,transport\nethnic_1719,electricity\nethnic_1719,schools\n\
        ethnic_1719,cultural_facilities\nethnic_1719,health\nethnic_1719,housing\n\
        ethnic_1719,environment\n\
        poverty_90,production\npoverty_90,labour\npoverty_90,housing\npoverty_90,income\n\
        poverty_90,poverty\npoverty_90,ict\n\
        provincial,*\ndistrict,*\n\
        land_revenue,transport\nland_revenue,irrigation\nland_revenue,schools\n\
        land_revenue,cultural_facilities\nland_revenue,commerce\nland_revenue,health\n\
        land_revenue,environment\n"
        .to_string();
    let scenario = format!(
        "name = \"Synthetic, {communes} communes (seed {seed})\"\n\
         data = \"synthetic\"\n\
         years = [2024, 2025]\n\n\
         [targets]\n\
         communes_meeting_standard = {}\n\
         average_criteria = 17.3\n\
         min_criteria_per_commune = 15\n",
        communes * 6 / 10
    );
    let mut files = vec![
        ("synthetic.toml".to_string(), scenario),
        ("synthetic/communes.csv".to_string(), communes_csv),
        ("synthetic/gaps.csv".to_string(), gaps_csv),
        ("synthetic/sources.csv".to_string(), sources_csv),
        ("synthetic/eligibility.csv".to_string(), eligibility_csv),
        ("synthetic/land_revenue.csv".to_string(), land_csv),
    ];
    if directive {
        add_directive_tables(&mut files, &facts, districts, seed);
    }
    files
}

/// The directive's further tables and targets (`synthetic_with`).
fn add_directive_tables(
    files: &mut Vec<(String, String)>,
    facts: &[(String, String, String, bool, bool, bool)],
    districts: usize,
    seed: u64,
) {
    use super::directive;
    let communes: Vec<directive::CommuneFacts> = facts
        .iter()
        .map(
            |(id, name, district, ed, meets, leading)| directive::CommuneFacts {
                id,
                name,
                district,
                especially_difficult: *ed,
                meets_today: *meets,
                leading: *leading,
            },
        )
        .collect();
    let district_names: Vec<String> = (0..districts).map(|d| format!("District {d:02}")).collect();
    let district_refs: Vec<&str> = district_names.iter().map(String::as_str).collect();
    let (villages, village_gaps) = directive::villages_csv(&communes, seed);
    let advanced_candidates = communes
        .iter()
        .filter(|c| c.leading && c.meets_today)
        .count();
    let extra = [
        (
            "advanced_gaps.csv",
            directive::advanced_gaps_csv(&communes, seed),
        ),
        ("villages.csv", villages),
        ("village_gaps.csv", village_gaps),
        ("village_criteria.csv", directive::village_criteria_csv()),
        (
            "projects.csv",
            directive::projects_csv(&district_refs, &[2024, 2025], seed),
        ),
    ];
    for (name, text) in files.iter_mut() {
        if name == "synthetic/eligibility.csv" {
            text.push_str(directive::VILLAGE_ELIGIBILITY);
        }
        if name == "synthetic.toml" {
            // The directive's ratios: 4 advanced communes of 94, a quarter
            // of the especially difficult communes' villages.
            text.push_str(&format!(
                "communes_advanced = {}\n\
                 villages_share_in_especially_difficult = 0.25\n\n\
                 [projects]\n\
                 allow_pause = true\n",
                (advanced_candidates / 10).max(1)
            ));
        }
    }
    files.extend(
        extra
            .into_iter()
            .map(|(name, text)| (format!("synthetic/{name}"), text)),
    );
}
