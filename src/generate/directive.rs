//! The tables of Directive 04's further targets, for the illustrative Lai
//! Châu data and the synthetic instances: advanced-level gaps of the
//! communes closest to the advanced standard, the villages of especially
//! difficult communes with their gaps against a province's village
//! criteria, and medium-term public-investment projects, some of which a
//! district may pause. Seeded like the rest: one stream per purpose and
//! item, so the older tables do not change when these are drawn.

use std::fmt::Write as _;

use crate::rng::Rng;

/// What these tables need to know of a commune.
pub struct CommuneFacts<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub district: &'a str,
    pub especially_difficult: bool,
    /// Meets every commune criterion today (before at-risk losses).
    pub meets_today: bool,
    /// In a district the directive counts among the leading ones (the city
    /// and the districts to reach the district standard): their communes
    /// are the candidates for the advanced level.
    pub leading: bool,
}

/// The advanced criteria a candidate may lack, as ids of the built-in
/// advanced catalogue, with a cost range in million VND (before the
/// especially difficult surcharge): upgrades of what the commune has.
const ADVANCED_GAPS: [(&str, u64, u64); 10] = [
    ("adv_transport", 1500, 6000),
    ("adv_irrigation", 800, 3000),
    ("adv_schools", 1000, 4000),
    ("adv_cultural_facilities", 600, 2500),
    ("adv_commerce", 400, 1500),
    ("adv_ict", 100, 500),
    ("adv_income", 200, 1200),
    ("adv_production", 200, 1200),
    ("adv_health", 300, 1500),
    ("adv_environment", 500, 2500),
];

/// How many advanced criteria a candidate lacks (both ends included).
const ADVANCED_GAP_COUNT: (u64, u64) = (1, 4);

/// Share of the leading communes at the standard that are assessed for
/// the advanced level.
const ADVANCED_CANDIDATE_SHARE: f64 = 0.5;

/// The province's village criteria (illustrative, after the shape of the
/// provinces' village NTM criteria sets: a handful of works and a handful
/// of livelihood items), with a cost range in million VND per village.
pub const VILLAGE_CRITERIA: [(&str, &str, &str, u64, u64); 10] = [
    (
        "v_road",
        "Đường giao thông thôn, bản",
        "Village roads",
        600,
        3000,
    ),
    (
        "v_electricity",
        "Điện sinh hoạt thôn, bản",
        "Village electricity",
        300,
        1500,
    ),
    (
        "v_cultural_house",
        "Nhà văn hóa thôn, bản",
        "Village cultural house",
        1200,
        2600,
    ),
    ("v_housing", "Nhà ở thôn, bản", "Village housing", 120, 900),
    (
        "v_water",
        "Nước sinh hoạt thôn, bản",
        "Village clean water",
        200,
        1200,
    ),
    ("v_income", "Thu nhập thôn, bản", "Village income", 80, 500),
    (
        "v_poverty",
        "Hộ nghèo thôn, bản",
        "Village poor households",
        80,
        500,
    ),
    (
        "v_production",
        "Tổ sản xuất thôn, bản",
        "Village production groups",
        50,
        300,
    ),
    (
        "v_environment",
        "Môi trường thôn, bản",
        "Village environment",
        50,
        400,
    ),
    (
        "v_security",
        "An ninh trật tự thôn, bản",
        "Village public order",
        20,
        150,
    ),
];

/// `eligibility.csv` rows for the village criteria: the ethnic-minority
/// programme pays village works and housing, the poverty programme
/// livelihoods and housing (the brief's "who pays for what").
pub const VILLAGE_ELIGIBILITY: &str = "\
ethnic_1719,v_road
ethnic_1719,v_electricity
ethnic_1719,v_cultural_house
ethnic_1719,v_housing
ethnic_1719,v_water
poverty_90,v_housing
poverty_90,v_income
poverty_90,v_poverty
poverty_90,v_production
";

/// `eligibility.csv` rows for the advanced criteria beyond `*` (the
/// provincial and district budgets): the NTM programme's central money and
/// the districts' land-use revenue pay the advanced level's works.
pub const ADVANCED_ELIGIBILITY: &str = "\
central_ntm,adv_transport
central_ntm,adv_irrigation
central_ntm,adv_schools
central_ntm,adv_cultural_facilities
central_ntm,adv_commerce
central_ntm,adv_health
central_ntm,adv_environment
land_revenue,adv_transport
land_revenue,adv_irrigation
land_revenue,adv_schools
land_revenue,adv_cultural_facilities
land_revenue,adv_environment
poverty_90,adv_income
poverty_90,adv_production
";

/// Villages per especially difficult commune (both ends included): Lai
/// Châu has about 1,100 villages in 94 communes, so about 11 a commune.
const VILLAGES_PER_COMMUNE: (u64, u64) = (7, 15);

/// Share of villages that meet the village criteria already.
const VILLAGES_MEETING_SHARE: f64 = 0.12;

/// How many village criteria a village lacks, skewed towards the low end.
const VILLAGE_GAP_COUNT: (u64, u64) = (1, 5);

const STREAM_ADVANCED: u64 = 11;
const STREAM_VILLAGES: u64 = 12;
const STREAM_PROJECTS: u64 = 13;

/// `advanced_gaps.csv`: for about half the communes of the leading
/// districts that meet the standard today, 1–4 advanced criteria each.
pub fn advanced_gaps_csv(communes: &[CommuneFacts], seed: u64) -> String {
    let mut out = String::from("commune_id,criterion,cost,earliest_year\n");
    for (index, c) in communes.iter().enumerate() {
        if !(c.leading && c.meets_today) {
            continue;
        }
        let mut rng = substream(seed, STREAM_ADVANCED, index as u64);
        if !rng.chance(ADVANCED_CANDIDATE_SHARE) {
            continue;
        }
        let count = rng.range(ADVANCED_GAP_COUNT.0, ADVANCED_GAP_COUNT.1) as usize;
        let mut order: Vec<usize> = (0..ADVANCED_GAPS.len()).collect();
        rng.shuffle(&mut order);
        let mut chosen = order[..count].to_vec();
        chosen.sort_unstable();
        for k in chosen {
            let (criterion, low, high) = ADVANCED_GAPS[k];
            let cost = round_to(rng.range(low, high), 10);
            let earliest = if rng.chance(0.2) { "2025" } else { "" };
            let _ = writeln!(out, "{},{criterion},{cost},{earliest}", c.id);
        }
    }
    out
}

/// `village_criteria.csv`.
pub fn village_criteria_csv() -> String {
    let mut out = String::from("criterion,name_vi,name_en\n");
    for (id, vi, en, _, _) in VILLAGE_CRITERIA {
        let _ = writeln!(out, "{id},{},{}", quoted(vi), quoted(en));
    }
    out
}

/// `villages.csv` and `village_gaps.csv`: the villages of every especially
/// difficult commune, and the village criteria each lacks.
pub fn villages_csv(communes: &[CommuneFacts], seed: u64) -> (String, String) {
    let mut villages = String::from("village_id,village,commune_id\n");
    let mut gaps = String::from("village_id,criterion,cost,earliest_year\n");
    for (index, c) in communes.iter().enumerate() {
        if !c.especially_difficult {
            continue;
        }
        let mut rng = substream(seed, STREAM_VILLAGES, index as u64);
        let count = rng.range(VILLAGES_PER_COMMUNE.0, VILLAGES_PER_COMMUNE.1);
        for v in 1..=count {
            let id = format!("{}-B{v:02}", c.id);
            let _ = writeln!(villages, "{id},Bản {v},{}", c.id);
            if rng.chance(VILLAGES_MEETING_SHARE) {
                continue;
            }
            // Most villages lack one or two items; a few lack many.
            let (low, high) = VILLAGE_GAP_COUNT;
            let span = (high - low + 1) as f64;
            let lacking = (low as f64 + (span * rng.unit().powf(2.0)).floor()) as usize;
            let mut order: Vec<usize> = (0..VILLAGE_CRITERIA.len()).collect();
            rng.shuffle(&mut order);
            let mut chosen = order[..lacking.min(order.len())].to_vec();
            chosen.sort_unstable();
            for k in chosen {
                let (criterion, _, _, low, high) = VILLAGE_CRITERIA[k];
                let cost = round_to(rng.range(low, high), 10);
                let _ = writeln!(gaps, "{id},{criterion},{cost},");
            }
        }
    }
    (villages, gaps)
}

/// Kinds of medium-term projects that compete for the same money, with
/// whether a district would consider pausing one: offices and squares may
/// wait; dykes, schools and health stations may not.
const PROJECT_KINDS: [(&str, bool); 8] = [
    ("Trụ sở làm việc", true),
    ("Quảng trường trung tâm", true),
    ("Đường nội thị", true),
    ("Cổng chào và cảnh quan", true),
    ("Kè chống sạt lở", false),
    ("Trường phổ thông dân tộc bán trú", false),
    ("Trạm y tế", false),
    ("Nhà thi đấu đa năng", true),
];

/// `projects.csv`: for each district and year, one to three medium-term
/// projects funded from the provincial budget or the district's own, about
/// half of them pausable, with a priority (1 low, 3 high).
pub fn projects_csv(districts: &[&str], years: &[i32], seed: u64) -> String {
    let mut out =
        String::from("project_id,project,source_id,year,amount,district,pausable,priority\n");
    let mut number = 0;
    for (d, district) in districts.iter().enumerate() {
        let mut rng = substream(seed, STREAM_PROJECTS, d as u64);
        for year in years {
            let count = rng.range(1, 3);
            for _ in 0..count {
                number += 1;
                let (kind, may_pause) = PROJECT_KINDS[rng.range(0, 7) as usize];
                let pausable = may_pause && rng.chance(0.8);
                let (source, amount) = if rng.chance(0.5) {
                    ("provincial", round_to(rng.range(1000, 4000), 100))
                } else {
                    ("district", round_to(rng.range(400, 1800), 100))
                };
                let priority = if pausable { rng.range(1, 2) } else { 3 };
                let _ = writeln!(
                    out,
                    "DA{number:03},{kind} {district} ({year}),{source},{year},{amount},{district},{},{priority}",
                    u8::from(pausable)
                );
            }
        }
    }
    out
}

/// A CSV field, quoted when it holds a comma or a quote.
fn quoted(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

fn round_to(x: u64, step: u64) -> u64 {
    (x / step).max(1) * step
}

/// An independent generator for one purpose and one item (as in
/// `lai_chau.rs`).
fn substream(seed: u64, tag: u64, index: u64) -> Rng {
    let mut mixer = Rng::new(seed ^ tag.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let base = mixer.next_u64();
    let mut rng = Rng::new(base ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
    Rng::new(rng.next_u64())
}

/// The README's section on these tables, with their figures.
pub fn readme(
    communes: &[CommuneFacts],
    advanced_gaps: &str,
    villages: &str,
    village_gaps: &str,
    projects: &str,
) -> String {
    let rows = |text: &str| -> Vec<Vec<String>> {
        text.lines()
            .skip(1)
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    };
    let advanced = rows(advanced_gaps);
    let mut assessed: Vec<&str> = advanced.iter().map(|r| r[0].as_str()).collect();
    assessed.dedup();
    let advanced_cost: u64 = advanced
        .iter()
        .map(|r| r[2].parse::<u64>().unwrap_or(0))
        .sum();
    let village_rows = rows(villages);
    let gap_rows = rows(village_gaps);
    let mut lacking: Vec<&str> = gap_rows.iter().map(|r| r[0].as_str()).collect();
    lacking.dedup();
    let village_cost: u64 = gap_rows
        .iter()
        .map(|r| r[2].parse::<u64>().unwrap_or(0))
        .sum();
    let meeting = village_rows.len() - lacking.len();
    let ed = communes.iter().filter(|c| c.especially_difficult).count();
    let project_rows = rows(projects);
    let pausable: Vec<&Vec<String>> = project_rows.iter().filter(|r| r[6] == "1").collect();
    let project_money: u64 = project_rows
        .iter()
        .map(|r| r[4].parse::<u64>().unwrap_or(0))
        .sum();
    let pausable_money: u64 = pausable
        .iter()
        .map(|r| r[4].parse::<u64>().unwrap_or(0))
        .sum();
    format!(
        "\n## The directive's further targets (also illustrative)\n\
         \n\
         - `advanced_gaps.csv`: {} advanced-level criteria lacked by {} communes, {advanced_cost} \
         million VND in all: about half of the communes at the standard in Lai Châu city and \
         the three leading districts, each lacking 1–4 criteria of the built-in advanced \
         catalogue (upgrades of roads, irrigation, schools, markets, health, environment, \
         income and production), so that the directive's 4 advanced communes take some money. \
         `eligibility.csv` lets the NTM programme's central money and the land-use revenue pay \
         the advanced works, the poverty programme income and production.\n\
         - `villages.csv`, `village_gaps.csv`, `village_criteria.csv`: the villages (bản) of \
         the {ed} especially difficult communes, 7–15 each ({} in all: an assumption of \
         about 11 villages a commune, since the brief gives no village counts), named \
         `Bản 1`, `Bản 2`… since the real names are not in the brief either. \
         {meeting} meet the village criteria today; the others lack 1–5 of 10 illustrative \
         village criteria modelled on the provinces' village NTM criteria (roads, electricity, \
         cultural house, housing, water, income, poor households, production groups, \
         environment, public order), {} rows costing {village_cost} million VND, at the \
         brief's unit costs (a village cultural house about 2.6 billion). The ethnic-minority \
         programme pays village works and housing, the poverty programme livelihoods.\n\
         - `projects.csv`: {} medium-term public-investment projects, 1–3 per district and \
         year, funded from the provincial budget or the district's own ({project_money} \
         million VND); {} of them ({pausable_money} million VND) are pausable (offices, \
         squares, inner roads, gates, sports halls; dykes, boarding schools and health \
         stations are not), with a priority of 1–2 to keep (3 for those that cannot be \
         paused).\n",
        advanced.len(),
        assessed.len(),
        village_rows.len(),
        gap_rows.len(),
        project_rows.len(),
        pausable.len(),
    )
}
