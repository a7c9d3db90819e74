//! The CSV outputs. Each starts with a UTF-8 byte-order mark so Excel shows
//! Vietnamese names correctly, and text that a spreadsheet would run as a
//! formula is written inert.

use super::plan::{criterion_name, purpose_word, source_name, source_name_by_id};
use crate::instance::Instance;
use crate::lang::Lang;
use crate::run::PlanRun;

/// A CSV document being built.
pub(crate) struct Csv {
    writer: csv::Writer<Vec<u8>>,
}

impl Csv {
    pub(crate) fn new(header: &[&str]) -> Csv {
        let bom = "\u{feff}".as_bytes().to_vec();
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(bom);
        writer
            .write_record(header)
            .expect("writing to memory cannot fail");
        Csv { writer }
    }

    pub(crate) fn row(&mut self, cells: &[String]) {
        let safe: Vec<String> = cells.iter().map(|c| inert(c)).collect();
        self.writer
            .write_record(&safe)
            .expect("writing to memory cannot fail");
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        self.writer
            .into_inner()
            .expect("writing to memory cannot fail")
    }
}

/// Text that starts like a formula gets a leading apostrophe, which
/// spreadsheets show as text. Plain numbers (including negative ones) are
/// left alone. Text that starts with an apostrophe gets one more, so that
/// `plan_file::formula_text`, which removes the first, reads every cell
/// back as it was.
fn inert(cell: &str) -> String {
    let formula_like = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if (formula_like && cell.parse::<f64>().is_err()) || cell.starts_with('\'') {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The payments: ids for programs and, after them, names in `lang` for
/// people (appended, so that every other column keeps its place).
///
/// With villages in the data, two more columns, `village_id` and `village`,
/// name the village a village criterion is paid for (empty for a commune's
/// criterion); `commune_id` is then the village's commune.
pub fn plan_csv(instance: &Instance, run: &PlanRun, lang: Lang) -> Vec<u8> {
    let villages = !instance.villages.is_empty();
    let mut header = vec![
        "year",
        "district",
        "commune_id",
        "commune",
        "criterion",
        "source_id",
        "amount",
        "purpose",
        "criterion_name",
        "source_name",
        "purpose_name",
    ];
    if villages {
        header.extend(["village_id", "village"]);
    }
    // Only a plan that keeps commitments says which rows they are.
    let kept = run.kept.as_deref();
    if kept.is_some() {
        header.push("committed");
    }
    let mut csv = Csv::new(&header);
    for (i, p) in run.plan.payments.iter().enumerate() {
        let gap = &instance.gaps[p.gap.0];
        let commune = &instance.communes[gap.commune.0];
        let criterion = &instance.criteria[gap.criterion.0];
        let source = &instance.sources[instance.pools[p.pool.0].source.0];
        let mut cells = vec![
            p.year.to_string(),
            instance.districts[commune.district.0].name.clone(),
            commune.id.clone(),
            commune.name.clone(),
            criterion.id.clone(),
            source.id.clone(),
            p.amount.to_string(),
            gap.purpose.code().to_string(),
            criterion_name(criterion, lang).to_string(),
            source_name(source, lang),
            purpose_word(gap.purpose, lang).to_string(),
        ];
        if villages {
            let village = gap.village.map(|v| &instance.villages[v.0]);
            cells.push(village.map(|v| v.id.clone()).unwrap_or_default());
            cells.push(village.map(|v| v.name.clone()).unwrap_or_default());
        }
        if let Some(kept) = kept {
            cells.push(flag(kept.committed[i]));
        }
        csv.row(&cells);
    }
    // Commitments to criteria met since: money spent, for no gap.
    for r in kept.map_or(&[][..], |k| &k.met_since[..]) {
        let commune = instance.communes.iter().find(|c| c.id == r.commune_id);
        let criterion = instance.criteria.iter().find(|k| k.id == r.criterion);
        let source = instance.sources.iter().find(|s| s.id == r.source_id);
        let village = r
            .village_id
            .as_ref()
            .and_then(|id| instance.villages.iter().find(|v| &v.id == id));
        let mut cells = vec![
            r.year.to_string(),
            commune.map_or(String::new(), |c| {
                instance.districts[c.district.0].name.clone()
            }),
            r.commune_id.clone(),
            commune.map_or(String::new(), |c| c.name.clone()),
            r.criterion.clone(),
            r.source_id.clone(),
            r.amount.to_string(),
            String::new(),
            criterion.map_or(String::new(), |k| criterion_name(k, lang).to_string()),
            source.map_or(String::new(), |s| source_name(s, lang)),
            String::new(),
        ];
        if villages {
            cells.push(r.village_id.clone().unwrap_or_default());
            cells.push(village.map(|v| v.name.clone()).unwrap_or_default());
        }
        cells.push(flag(true));
        csv.row(&cells);
    }
    csv.finish()
}

/// One row per village: whether it meets the province's village criteria
/// today and at the horizon, and what the plan pays there.
pub fn villages_csv(instance: &Instance, run: &PlanRun) -> Vec<u8> {
    let mut csv = Csv::new(&[
        "village_id",
        "village",
        "commune_id",
        "commune",
        "district",
        "especially_difficult",
        "gaps",
        "meets_before",
        "meets_after",
        "year_meeting_standard",
        "cost",
    ]);
    let mut cost = vec![crate::money::Money::ZERO; instance.villages.len()];
    for p in &run.plan.payments {
        if let Some(v) = instance.gaps[p.gap.0].village {
            cost[v.0] += p.amount;
        }
    }
    for (v, (village, o)) in instance
        .villages
        .iter()
        .zip(&run.outcome.villages)
        .enumerate()
    {
        let commune = &instance.communes[village.commune.0];
        csv.row(&[
            village.id.clone(),
            village.name.clone(),
            commune.id.clone(),
            commune.name.clone(),
            instance.districts[commune.district.0].name.clone(),
            flag(commune.especially_difficult),
            village.gaps.len().to_string(),
            flag(o.meets_before),
            flag(o.meets_after),
            o.meets_from.map(|y| y.to_string()).unwrap_or_default(),
            cost[v].to_string(),
        ]);
    }
    csv.finish()
}

fn flag(b: bool) -> String {
    if b { "1" } else { "0" }.to_string()
}

/// Every column `communes.csv` can have, in order: the last two only with
/// advanced data. `ntm compare` reads an output folder against this list.
pub const COMMUNES_COLUMNS: [&str; 14] = [
    "commune_id",
    "commune",
    "district",
    "criteria_before",
    "criteria_after",
    "meets_standard_before",
    "meets_standard_after",
    "cost",
    "criteria_at_risk",
    "criteria_lost",
    "maintenance_cost",
    "year_meeting_standard",
    "advanced",
    "year_advanced",
];

pub fn communes_csv(instance: &Instance, run: &PlanRun) -> Vec<u8> {
    // With advanced data, two columns at the end: `advanced` (1/0, empty
    // for a commune not assessed) and the year it is reached.
    let advanced = instance.has_advanced();
    let header = &COMMUNES_COLUMNS[..if advanced { 14 } else { 12 }];
    let mut csv = Csv::new(header);
    for (commune, o) in instance.communes.iter().zip(&run.outcome.communes) {
        let mut cells = vec![
            commune.id.clone(),
            commune.name.clone(),
            instance.districts[commune.district.0].name.clone(),
            o.criteria_before.to_string(),
            o.criteria_after.to_string(),
            flag(o.meets_before),
            flag(o.meets_after),
            o.cost.to_string(),
            o.criteria_at_risk.to_string(),
            o.criteria_lost.to_string(),
            o.maintenance_cost.to_string(),
            o.year_meeting_standard
                .map(|y| y.to_string())
                .unwrap_or_default(),
        ];
        if advanced {
            cells.push(if o.advanced_assessed {
                flag(o.advanced_after)
            } else {
                String::new()
            });
            cells.push(o.year_advanced.map(|y| y.to_string()).unwrap_or_default());
        }
        csv.row(&cells);
    }
    csv.finish()
}

pub fn districts_csv(instance: &Instance, run: &PlanRun) -> Vec<u8> {
    let mut csv = Csv::new(&[
        "district",
        "communes",
        "meeting_before",
        "meeting_after",
        "average_criteria_after",
        "min_criteria_after",
        "cost",
        "land_revenue_committed",
    ]);
    for (district, o) in instance.districts.iter().zip(&run.outcome.districts) {
        csv.row(&[
            district.name.clone(),
            o.communes.to_string(),
            o.meeting_before.to_string(),
            o.meeting_after.to_string(),
            format!("{:.2}", o.criteria_after as f64 / o.communes as f64),
            o.min_criteria_after.to_string(),
            o.cost.to_string(),
            o.land_revenue_committed.to_string(),
        ]);
    }
    csv.finish()
}

/// One row per budget line and year; under `carry_over` also the money the
/// line brings from earlier years and leaves unspent at the year's end.
/// Every column `sources.csv` can have, in order: `carried_in` and
/// `carried_out` under `carry_over`, `freed_by_paused_projects` when the
/// plan could pause projects. `ntm compare` reads an output folder against
/// this list.
pub const SOURCES_COLUMNS: [&str; 9] = [
    "source_id",
    "year",
    "district",
    "available",
    "used",
    "carried_in",
    "carried_out",
    "source_name",
    "freed_by_paused_projects",
];

pub fn sources_csv(instance: &Instance, run: &PlanRun, lang: Lang) -> Vec<u8> {
    let carries = run.outcome.payments.carries_over();
    // With projects the plan could pause: the money paused projects add
    // to the line that year (part of `available`), last.
    let freed =
        super::projects::in_effect(run).then(|| super::projects::freed_by_line(instance, run));
    let header: Vec<&str> = SOURCES_COLUMNS
        .iter()
        .copied()
        .filter(|c| match *c {
            "carried_in" | "carried_out" => carries,
            "freed_by_paused_projects" => freed.is_some(),
            _ => true,
        })
        .collect();
    let mut csv = Csv::new(&header);
    for pool in &run.outcome.pools {
        let mut row = vec![
            pool.source_id.clone(),
            pool.year.to_string(),
            pool.district.clone().unwrap_or_default(),
            pool.available.to_string(),
            pool.used.to_string(),
        ];
        if carries {
            row.extend([pool.carried_in.to_string(), pool.carried_out.to_string()]);
        }
        row.push(source_name_by_id(instance, &pool.source_id, lang));
        if let Some(freed) = &freed {
            let key = (
                pool.source_id.clone(),
                pool.year,
                pool.district.clone().unwrap_or_default(),
            );
            row.push(
                freed
                    .get(&key)
                    .copied()
                    .unwrap_or(crate::money::Money::ZERO)
                    .to_string(),
            );
        }
        csv.row(&row);
    }
    csv.finish()
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn formulas_become_text_and_numbers_stay() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("-12.5"), "-12.5");
        assert_eq!(inert("Sìn Hồ"), "Sìn Hồ");
        assert_eq!(inert("'=x"), "''=x");
        assert_eq!(inert("'Sìn Hồ"), "''Sìn Hồ");
    }
}
