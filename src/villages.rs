//! The villages (thôn, bản) of the communes and the province's village
//! criteria: Directive 04 wants a quarter of the villages of especially
//! difficult communes at the province's village standard by 2025.
//!
//! Three optional tables, all or none: `villages.csv`
//! (`village_id,village,commune_id`), `village_criteria.csv`
//! (`criterion,name_vi,name_en`: the province's own set, with no built-in
//! default) and `village_gaps.csv` (`village_id,criterion,cost[,earliest_year]`:
//! the village criteria a village lacks; a village without rows meets its
//! standard today). A village gap is funded like a commune's gap, from the
//! budget lines usable in the village's commune and eligible for that
//! village criterion; it does not count towards the commune's criteria.

use std::collections::HashMap;

use crate::columns;
use crate::data::Data;
use crate::error::{InputError, Text};
use crate::instance::{
    CommuneId, Criterion, CriterionId, Gap, Purpose, Village, VillageId, add_to_total, year_in,
};
use crate::lang::Lang;
use crate::names::Catalogue;
use crate::scenario::Scenario;
use crate::tables::Reading;

/// What the three tables hold. `gaps` name their criterion by its index in
/// `criteria` (the village catalogue alone); the caller shifts it past the
/// commune criteria.
pub struct VillageTables {
    pub criteria: Vec<Criterion>,
    pub villages: Vec<Village>,
    pub gaps: Vec<Gap>,
}

/// The village tables, or None when the data have none of them. Some but
/// not all of them is bad input: villages without criteria, or gaps
/// without villages, cannot be planned.
pub fn read(
    data: &Data,
    scenario: &Scenario,
    reading: Reading,
    commune_criteria: &[Criterion],
    communes: &Catalogue,
    warnings: &mut Vec<Text>,
) -> Result<Option<VillageTables>, InputError> {
    let has = [
        data.has(columns::VILLAGES)?,
        data.has(columns::VILLAGE_CRITERIA)?,
        data.has(columns::VILLAGE_GAPS)?,
    ];
    if !has.iter().any(|h| *h) {
        return Ok(None);
    }
    let tables = [
        columns::VILLAGES,
        columns::VILLAGE_CRITERIA,
        columns::VILLAGE_GAPS,
    ];
    if let Some(missing) = tables.iter().zip(has).find(|(_, h)| !h).map(|(t, _)| t) {
        let present: Vec<String> = tables
            .iter()
            .zip(has)
            .filter(|(_, h)| *h)
            .map(|(t, _)| t.file_name())
            .collect();
        let present = present.join(", ");
        let file = missing.file_name();
        return Err(InputError::new(
            data.location_of(*missing),
            crate::text!(
                "dữ liệu có {present} nhưng thiếu {file}: thôn, bản cần cả ba bảng \
                 villages.csv, village_criteria.csv và village_gaps.csv",
                "the data have {present} but no {file}: villages need all three of \
                 villages.csv, village_criteria.csv and village_gaps.csv"
            ),
        ));
    }
    let criteria = read_criteria(data, reading, commune_criteria)?;
    let villages = read_villages(data, reading, communes)?;
    let gaps = read_gaps(
        data, scenario, reading, &criteria, &villages, communes, warnings,
    )?;
    Ok(Some(VillageTables {
        criteria,
        villages,
        gaps,
    }))
}

fn read_criteria(
    data: &Data,
    reading: Reading,
    commune_criteria: &[Criterion],
) -> Result<Vec<Criterion>, InputError> {
    crate::instance::read_extra_catalogue(
        data,
        reading,
        commune_criteria,
        &crate::instance::ExtraCatalogue {
            table: columns::VILLAGE_CRITERIA,
            duplicate: |id, line| {
                crate::text!(
                    "tiêu chí thôn `{id}` bị trùng (dòng {line})",
                    "duplicate village criterion `{id}` (line {line})"
                )
            },
            clash: |text, commune_id| {
                crate::text!(
                    "`{text}` đã là tiêu chí của xã (`{commune_id}`); hãy đặt cho tiêu chí \
                     thôn một mã và tên riêng",
                    "`{text}` already names a commune criterion (`{commune_id}`); give the \
                     village criterion an id and names of its own"
                )
            },
        },
    )
}

fn read_villages(
    data: &Data,
    reading: Reading,
    communes: &Catalogue,
) -> Result<Vec<Village>, InputError> {
    let table = data.table(
        columns::VILLAGES,
        &columns::VILLAGES.schema(),
        reading,
        false,
    )?;
    let mut villages = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for row in table.rows() {
        let id = row.text("village_id")?;
        if let Some(line) = ids.insert(id.to_string(), row.line()) {
            return Err(row.error(
                "village_id",
                crate::text!(
                    "mã thôn, bản `{id}` bị trùng (dòng {line})",
                    "duplicate village id `{id}` (line {line})"
                ),
            ));
        }
        let commune_text = row.text("commune_id")?;
        let commune = communes
            .resolve(commune_text)
            .map(CommuneId)
            .map_err(|_| row.error("commune_id", communes.error_text(commune_text)))?;
        villages.push(Village {
            id: id.to_string(),
            name: row.text("village")?.to_string(),
            commune,
            gaps: Vec::new(),
        });
    }
    Ok(villages)
}

fn read_gaps(
    data: &Data,
    scenario: &Scenario,
    reading: Reading,
    criteria: &[Criterion],
    villages: &[Village],
    communes: &Catalogue,
    warnings: &mut Vec<Text>,
) -> Result<Vec<Gap>, InputError> {
    // No rows: every village meets its standard today.
    let table = data.table(
        columns::VILLAGE_GAPS,
        &columns::VILLAGE_GAPS.schema(),
        reading,
        true,
    )?;
    let village_index = village_catalogue(villages, communes, reading.lang);
    let criterion_index = Catalogue::criteria(criteria, reading.lang);
    let first_year = scenario.years[0];
    let mut total = 0.0;
    let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
    let mut gaps = Vec::new();
    for row in table.rows() {
        let village_text = row.text("village_id")?;
        let v = village_index
            .resolve(village_text)
            .map_err(|_| row.error("village_id", village_index.error_text(village_text)))?;
        let criterion_text = row.text("criterion")?;
        let k = criterion_index
            .resolve(criterion_text)
            .map_err(|_| row.error("criterion", criterion_index.error_text(criterion_text)))?;
        if let Some(line) = seen.insert((v, k), row.line()) {
            let village = &villages[v].id;
            let criterion = &criteria[k].id;
            return Err(row.error(
                "criterion",
                crate::text!(
                    "tiêu chí thôn chưa đạt bị trùng: `{village}` / `{criterion}` đã có ở dòng {line}",
                    "duplicate village gap: `{village}` / `{criterion}` is already on line {line}"
                ),
            ));
        }
        let cost = row.money("cost", true)?;
        add_to_total(&mut total, cost, scenario.adjust.cost, &row, "cost")?;
        let earliest_year = match row.optional("earliest_year") {
            None => first_year,
            Some(_) => year_in(&row, "earliest_year")?,
        };
        if earliest_year > scenario.horizon() {
            let at = row.location("earliest_year");
            let (vi, en) = (at.show(Lang::Vi), at.show(Lang::En));
            warnings.push(crate::text!(
                "{vi}: earliest_year {earliest_year} sau năm kế hoạch cuối cùng nên không thể bố trí vốn cho tiêu chí này",
                "{en}: earliest_year {earliest_year} is after the last planning year, so this gap cannot be funded"
            ));
        }
        gaps.push(Gap {
            commune: villages[v].commune,
            criterion: CriterionId(k),
            cost,
            earliest_year,
            purpose: Purpose::Village,
            village: Some(VillageId(v)),
        });
    }
    // In catalogue order within each village, as a commune's gaps are.
    gaps.sort_by_key(|g| (g.village, g.criterion));
    Ok(gaps)
}

/// The villages by id or name; a village's context is its commune's name.
fn village_catalogue(villages: &[Village], communes: &Catalogue, lang: Lang) -> Catalogue {
    let entries = villages
        .iter()
        .map(|v| crate::names::Entry {
            id: v.id.clone(),
            name_vi: Some(v.name.clone()),
            name_en: None,
            number: None,
            context: communes
                .entries()
                .get(v.commune.0)
                .and_then(|c| c.name_vi.clone()),
        })
        .collect();
    Catalogue::new(crate::names::Kind::Village, entries, lang)
}
